/** eld reads at most the first 1,000 characters of a text (and stops after about 350 bytes of it): nothing past this matters. */
export const TEXT_CHARS = 1000;

/** Characters of an item's HTML body read for its text: markup takes room, so more than TEXT_CHARS. */
const CONTENT_HTML_CHARS = 4000;

const ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', ' '],
]);

/**
 * The text of an HTML body, cheaply: tags become spaces, the common entities are decoded, whitespace
 * is collapsed. Only the first few thousand characters are read. The content reaching the enricher is
 * already sanitized (no script or style), so this is enough to tell its language.
 */
export function htmlText(html: string, maxChars = CONTENT_HTML_CHARS): string {
  return html
    .slice(0, maxChars)
    .replace(/<[^>]*>?/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] !== '#') return ENTITIES.get(name.toLowerCase()) ?? entity;
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Title and description, one line each, cut to what the detector reads. */
export function headText(title: string, description: string): string {
  return `${title.trim()}\n${description.trim()}`.slice(0, TEXT_CHARS).trim();
}

/** `head` followed by the text of the body, cut to what the detector reads. */
export function withContent(head: string, contentHtml: string): string {
  const body = htmlText(contentHtml);
  return body === '' ? head : `${head}\n${body}`.slice(0, TEXT_CHARS).trim();
}
