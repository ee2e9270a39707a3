import { decode } from 'html-entities';

const CDATA_SECTION = /(<!\[CDATA\[[\s\S]*?\]\]>)/;
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Last-chance fixes for the faults that most often make a real feed ill-formed, applied only after
 * a strict parse failed (a well-formed document is never touched): characters XML 1.0 forbids
 * (control characters pasted from word processors); bare `&` in URLs and titles (`?a=1&b=2`, `Q&A`)
 * and references to entities nobody defines (`&doesnotexist;`), which become text; and a document
 * whose last end tag lost its `>`. CDATA sections are left as they are: a bare `&` is legal there.
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
  return part.replace(/&(?:(#\d+|#x[\da-fA-F]+|[A-Za-z][\w.-]*);)?/g, (reference, name: string | undefined) => (name !== undefined && isKnownEntity(name) ? reference : `&amp;${reference.slice(1)}`));
}

/** Character references, XML's five entities, and the HTML 4 ones the XML parser (sax) also knows. */
function isKnownEntity(name: string): boolean {
  return name.startsWith('#') || XML_ENTITIES.has(name) || decode(`&${name};`, { level: 'html4' }) !== `&${name};`;
}

/** Text (or an attribute value) made safe for XML: what repairXml does to references, and `<` and `]]>` escaped. */
export function escapeMarkupText(text: string): string {
  return repairMarkup(text).replaceAll('<', '&lt;').replaceAll(']]>', ']]&gt;');
}
