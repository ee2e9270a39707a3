const CDATA_SECTION = /(<!\[CDATA\[[\s\S]*?\]\]>)/;

/**
 * Last-chance fixes for the two faults that most often make a real feed ill-formed, applied only
 * after a strict parse failed (a well-formed document is never touched): characters XML 1.0 forbids
 * (control characters pasted from word processors) and bare `&` in URLs and titles (`?a=1&b=2`,
 * `Q&A`). CDATA sections are left as they are: a bare `&` is legal there.
 */
export function repairXml(text: string): string {
  return text
    .split(CDATA_SECTION)
    .map((part, index) => (index % 2 === 1 ? part : repairMarkup(part)))
    .join('')
    .replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '');
}

function repairMarkup(part: string): string {
  return part.replace(/&(?!(?:#\d+|#x[\da-fA-F]+|[A-Za-z][\w.-]*);)/g, '&amp;');
}
