import { decode, encode } from 'html-entities';
import { Parser } from 'htmlparser2';
import { stripForbiddenXmlChars } from '../model/xml-chars.js';

/** Elements after which text runs on as a new block: they become a space, so words don't fuse. */
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'br',
  'hr',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'td',
  'th',
  'table',
  'blockquote',
  'pre',
  'section',
  'article',
  'header',
  'footer',
  'figure',
  'figcaption',
  'img',
]);

/** Elements whose text is not text a reader sees: dropped with their content. */
export const NON_TEXT_TAGS: readonly string[] = ['script', 'style', 'noscript', 'template', 'textarea', 'option', 'title', 'head'];
const NON_TEXT = new Set(NON_TEXT_TAGS);

/** Markup is fed to the parser in slices this long, so that reading can stop once there is text enough. */
const SLICE = 16 * 1024;

/**
 * HTML to plain text: tags stripped (script and style with their content), entities decoded exactly
 * once, whitespace collapsed. Plain text goes through unchanged, but for its entities, decoded too.
 * With `maxChars`, reading may stop once the text is longer than that (the caller truncates): a
 * description needs a few hundred characters, not the whole article.
 */
export function toPlainText(html: string, maxChars = Number.POSITIVE_INFINITY): string {
  // Most titles and many summaries hold neither a tag nor an entity: nothing to parse.
  if (!html.includes('<') && !html.includes('&')) return collapseWhitespace(stripForbiddenXmlChars(html));
  // htmlparser2 directly (the tokenizer sanitize-html runs on), not sanitize-html with no tags
  // allowed: the same text, a third of the time, and no escaping to undo.
  let parts: string[] = [];
  let skipping = 0;
  const parser = new Parser(
    {
      ontext: (text) => {
        if (skipping === 0) parts.push(text);
      },
      onopentagname: (name) => {
        if (NON_TEXT.has(name)) skipping += 1;
        else if (BLOCK_TAGS.has(name)) parts.push(' ');
      },
      onclosetag: (name) => {
        if (NON_TEXT.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK_TAGS.has(name)) parts.push(' ');
      },
    },
    { decodeEntities: true },
  );
  for (let at = 0; at < html.length; at += SLICE) {
    parser.write(html.slice(at, at + SLICE));
    if (!Number.isFinite(maxChars) || at + SLICE >= html.length) continue;
    // What was read so far, its whitespace runs made one space: as long as what collapsing gives,
    // and never much longer than maxChars plus a slice, so checking every slice stays linear.
    const text = stripForbiddenXmlChars(parts.join('')).replace(/\s+/g, ' ');
    if (text.trim().length > maxChars) break;
    parts = [text];
  }
  parser.end();
  return collapseWhitespace(stripForbiddenXmlChars(parts.join('')));
}

/**
 * A title as a reader should see it: markup flattened, entities decoded once (no `&amp;amp;`, no
 * `&#8217;`). A title the feed marks as plain text (Atom type="text", JSON Feed) keeps its angle
 * brackets (`History of the <blink> tag`); entity references left in it are still decoded, as they
 * are a publisher's double escaping far more often than text about entities.
 */
export function cleanTitle(raw: string, isHtml = true): string {
  return isHtml ? toPlainText(raw) : fromPlainText(raw);
}

/** Text that is not HTML, as toPlainText leaves HTML: entities decoded once, whitespace collapsed. */
export function fromPlainText(text: string): string {
  return collapseWhitespace(stripForbiddenXmlChars(decode(text)));
}

/** At most `max` characters, cut at a word boundary when there is one nearby, ending in "…". */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  // Unless the cut already falls between words, back up to the last space, when that keeps most of
  // the text (CJK text has no spaces, and a long URL none either).
  if (/\S/.test(text.charAt(max - 1)) && space > max / 2) cut = cut.slice(0, space);
  // Never end on half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s,;:.!?\-–—]+$/, '')}…`;
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether a string holds markup (a start or end tag), not just text. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/i.test(text);
}

/** Plain text as HTML: escaped, blank lines as paragraphs, single line breaks as <br>. */
export function plainTextToHtml(text: string): string {
  return text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => `<p>${encode(paragraph.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
}
