/**
 * Characters XML 1.0 forbids (§2.2): C0 controls but tab, newline and carriage return, U+FFFE,
 * U+FFFF and unpaired surrogates. One of them in an item would make every Atom/RSS output that
 * carries it ill-formed, so they are dropped from every string before an item leaves the normalizer.
 */
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripForbiddenXmlChars(text: string): string {
  return text.replace(FORBIDDEN, '');
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
