import { decode } from 'html-entities';

const CDATA_SECTION = /(<!\[CDATA\[[\s\S]*?\]\]>)/;
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Last-chance fixes for the faults that most often make a real feed ill-formed, applied only after
 * a strict parse failed (a well-formed document is never touched): characters XML 1.0 forbids
 * (control characters pasted from word processors), written or referenced (`&#11;`), which go;
 * bare `&` in URLs and titles (`?a=1&b=2`, `Q&A`) and references to entities nobody defines
 * (`&doesnotexist;`), which become text; and a document whose last end tag lost its `>`. CDATA sections are left as they are: a bare `&` is legal there.
 */
export function repairXml(text: string): string {
  return text
    .split(CDATA_SECTION)
    .map((part, index) => (index % 2 === 1 ? part : repairMarkup(part)))
    .join('')
    .replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '')
    .replace(/(<\/[A-Za-z_][\w.:-]*)\s*$/, '$1>');
}

function repairMarkup(part: string): string {
  return part.replace(/&(?:(#\d+|#x[\da-fA-F]+|[A-Za-z][\w.-]*);)?/g, (reference, name: string | undefined) => {
    if (name?.startsWith('#')) return isXmlCharacter(name.startsWith('#x') ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))) ? reference : '';
    return name !== undefined && isKnownEntity(name) ? reference : `&amp;${reference.slice(1)}`;
  });
}

/** XML's five entities, and the HTML 4 ones the XML parser (sax) also knows. */
function isKnownEntity(name: string): boolean {
  return XML_ENTITIES.has(name) || decode(`&${name};`, { level: 'html4' }) !== `&${name};`;
}

/** A code point XML 1.0 allows (its Char production). */
function isXmlCharacter(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** Text (or an attribute value) made safe for XML: what repairXml does to references, and `<` and `>` escaped. */
export function escapeMarkupText(text: string): string {
  return repairMarkup(text).replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
