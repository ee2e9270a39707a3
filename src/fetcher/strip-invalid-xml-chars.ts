// C0 controls but tab, LF and CR, and the noncharacters U+FFFE / U+FFFF: XML 1.0 forbids them anywhere.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// One cheap scan that clean text (the common case) passes without a copy: anything forbidden, or any
// surrogate at all (pairs are fine, but telling them from lone ones takes the slower pattern above).
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Text an XML parser will accept: a leading BOM, characters XML 1.0 forbids and lone surrogates removed. */
export function stripInvalidXmlChars(text: string): string {
  const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!SUSPECT.test(unmarked)) return unmarked;
  return unmarked.replace(LONE_SURROGATES, '').replace(FORBIDDEN, '');
}
