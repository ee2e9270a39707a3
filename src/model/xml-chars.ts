/**
 * Characters XML 1.0 forbids (§2.2): C0 controls but tab, newline and carriage return, U+FFFE,
 * U+FFFF and unpaired surrogates. An XML parser refuses a document that holds one, and one in an
 * item would make every Atom/RSS output that carries it ill-formed, so they are dropped from a
 * document before it is parsed and from every string before an item leaves the normalizer.
 */
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// One cheap scan that clean text (the common case) passes without a copy: anything forbidden, or any
// surrogate at all (pairs are fine, but telling them from lone ones takes the slower pattern above).
const SUSPECT = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function stripForbiddenXmlChars(text: string): string {
  return SUSPECT.test(text) ? text.replace(FORBIDDEN, '') : text;
}

/** A document's text as an XML parser will accept it: a leading BOM and the characters XML 1.0 forbids removed. */
export function xmlReadyText(text: string): string {
  return stripForbiddenXmlChars(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/** A copy of a JSON-like value with every string passed through stripForbiddenXmlChars. */
export function stripForbiddenXmlCharsDeep<T>(value: T): T {
  if (typeof value === 'string') return stripForbiddenXmlChars(value) as T;
  if (Array.isArray(value)) return value.map((entry: unknown) => stripForbiddenXmlCharsDeep(entry)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, stripForbiddenXmlCharsDeep(entry)])) as T;
  }
  return value;
}
