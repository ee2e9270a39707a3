import sanitizeHtml from 'sanitize-html';
import { rebuildHtml, withoutNonHtmlCharacters } from './rebuild-html.js';
import { rebuildPlainHtml } from './rebuild-plain-html.js';
import { NON_TEXT_TAGS } from './text.js';
import { resolveUrl } from './urls.js';

export const ALLOWED_TAGS: readonly string[] = [
  'p',
  'br',
  'hr',
  'a',
  'img',
  'figure',
  'figcaption',
  'picture',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'q',
  'cite',
  'pre',
  'code',
  'kbd',
  'samp',
  'var',
  'em',
  'strong',
  'b',
  'i',
  'u',
  's',
  'del',
  'ins',
  'mark',
  'small',
  'sub',
  'sup',
  'abbr',
  'time',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'colgroup',
  'col',
  'div',
  'span',
];

export const ALLOWED_ATTRIBUTES: Readonly<Record<string, string[]>> = {
  // Direction and language keep right-to-left and mixed-language text readable; a title is a tooltip.
  '*': ['dir', 'lang', 'title'],
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  abbr: ['title'],
  blockquote: ['cite'],
  q: ['cite'],
  time: ['datetime'],
  ol: ['start', 'reversed'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  col: ['span'],
  colgroup: ['span'],
};

/** Inline images are the one data: URL allowed; not SVG, which can carry script in some viewers. */
const DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|avif|bmp);base64,[a-z0-9+/=\s]+$/i;

const IFRAME_ATTRIBUTES = ['src', 'width', 'height', 'title', 'allowfullscreen', 'sandbox'];

/**
 * Elements nested deeper than this are dropped, their text kept: deeper than Chromium's HTML parser
 * builds (it stops nesting at 512), and short of what makes rebuilding slow (an HTML5 parser checks
 * the open elements at each tag: 20,000 nested divs took seconds) or overflows its serializer's stack.
 */
const NESTING_LIMIT = 512;

/** What an embedded player needs to play, and nothing that lets it reach the page around it. */
const IFRAME_SANDBOX = 'allow-scripts allow-same-origin allow-presentation allow-popups';

/**
 * Item HTML made safe to republish: an allowlist of text and image elements (no script, style,
 * object, embed, form; no on* or style attributes), links and images resolved against `base` and
 * limited to http(s) (mailto for links, inline raster images for img), links opened with
 * rel="noopener noreferrer". Iframes are dropped unless their src is on one of `iframeHosts` (or a
 * subdomain of one); those kept are sandboxed. Elements nested more than NESTING_LIMIT deep are
 * dropped, their text kept. What is kept is written back as an HTML5 parser
 * builds it (rebuildHtml; rebuildPlainHtml, without the parse, when the parser would build it as
 * written), so readers, and strict validators, find well-formed HTML. Undefined when
 * nothing worth showing is left.
 */
export function sanitizeContent(html: string, base: string | undefined, iframeHosts: readonly string[] = []): string | undefined {
  const clean = sanitizedMarkup(html, base, iframeHosts);
  if (clean === '' || (!hasVisibleText(clean) && !/<(?:img|iframe)\b/i.test(clean))) return undefined;
  return rebuildPlainHtml(clean) ?? rebuildHtml(clean);
}

/** sanitize-html's output for the item HTML, trimmed, before it is written back as an HTML5 parser builds it. */
export function sanitizedMarkup(html: string, base: string | undefined, iframeHosts: readonly string[] = []): string {
  const allowsIframes = iframeHosts.length > 0;
  return sanitizeHtml(html, {
    allowedTags: allowsIframes ? [...ALLOWED_TAGS, 'iframe'] : [...ALLOWED_TAGS],
    allowedAttributes: allowsIframes ? { ...ALLOWED_ATTRIBUTES, iframe: IFRAME_ATTRIBUTES } : ALLOWED_ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'], iframe: ['http', 'https'] },
    allowProtocolRelative: false,
    nonTextTags: [...NON_TEXT_TAGS],
    nestingLimit: NESTING_LIMIT,
    transformTags: {
      a: (tagName, attribs) => {
        const resolved = withAttribute(attribs, 'href', resolveLink(attribs['href'], base));
        return { tagName, attribs: withAttribute(resolved, 'rel', 'noopener noreferrer') };
      },
      img: (tagName, attribs) => ({ tagName, attribs: withAttribute(attribs, 'src', resolveImage(attribs['src'], base)) }),
      iframe: (tagName, attribs) => {
        const src = withAttribute(attribs, 'src', resolveFrame(attribs['src'], base, iframeHosts));
        return { tagName, attribs: withAttribute(src, 'sandbox', IFRAME_SANDBOX) };
      },
    },
    // An image or a frame whose source was dropped shows nothing.
    exclusiveFilter: (frame) => (frame.tag === 'img' || frame.tag === 'iframe') && !frame.attribs['src'],
  }).trim();
}

/**
 * Whether sanitize-html's output shows any text. Its output escapes every `<` and `>` outside
 * tags, attribute values included, so dropping what lies between angle brackets leaves the text:
 * the check needs no parse of its own (a quarter of normalizing time when it had one).
 */
function hasVisibleText(clean: string): boolean {
  return /\S/.test(withoutNonHtmlCharacters(clean.replace(/<[^>]*>/g, '')));
}

/** Attributes with one set (in its place, or last) or removed (undefined), the others in their order. */
function withAttribute(attribs: sanitizeHtml.Attributes, name: string, value: string | undefined): sanitizeHtml.Attributes {
  const result: sanitizeHtml.Attributes = {};
  for (const [key, current] of Object.entries(attribs)) {
    if (key !== name) result[key] = current;
    else if (value !== undefined) result[key] = value;
  }
  if (value !== undefined && !(name in attribs)) result[name] = value;
  return result;
}

function resolveLink(href: string | undefined, base: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  if (/^\s*mailto:/i.test(href)) return href.trim();
  return resolveUrl(href, base);
}

function resolveFrame(src: string | undefined, base: string | undefined, hosts: readonly string[]): string | undefined {
  const url = resolveUrl(src, base);
  if (url === undefined) return undefined;
  const host = new URL(url).hostname.toLowerCase();
  return hosts.some((allowed) => host === allowed.toLowerCase() || host.endsWith(`.${allowed.toLowerCase()}`)) ? url : undefined;
}

function resolveImage(src: string | undefined, base: string | undefined): string | undefined {
  if (src === undefined) return undefined;
  if (/^\s*data:/i.test(src)) return DATA_IMAGE.test(src.trim()) ? src.trim() : undefined;
  return resolveUrl(src, base);
}

export interface BoundedContent {
  /** The sanitized HTML, at most the limit in bytes of UTF-8; undefined when nothing worth showing is left. */
  html: string | undefined;
  /** The HTML was over the limit and was cut before sanitizing. */
  cut: boolean;
}

/**
 * sanitizeContent, its result at most `maxBytes` bytes of UTF-8. Longer HTML is cut first (cutHtml),
 * so a 50 MiB body costs what one of `maxBytes` does. Sanitizing can lengthen what it keeps: by a few
 * bytes (the end tags a cut left open) or in proportion (rel on every link, escaped text). When that
 * goes past the limit, the HTML is cut again, shorter by the larger of the two, and sanitized again.
 */
export function sanitizeContentWithin(html: string, base: string | undefined, iframeHosts: readonly string[], maxBytes: number): BoundedContent {
  let budget = maxBytes;
  for (;;) {
    const piece = cutHtml(html, budget);
    const clean = sanitizeContent(piece, base, iframeHosts);
    const size = clean === undefined ? 0 : Buffer.byteLength(clean, 'utf8');
    if (size <= maxBytes) return { html: clean, cut: piece.length < html.length };
    // Both are less than the piece (size > maxBytes), so each round cuts shorter, and this ends.
    const pieceBytes = Buffer.byteLength(piece, 'utf8');
    budget = Math.max(pieceBytes - (size - maxBytes), Math.floor((pieceBytes * maxBytes) / size));
  }
}

/** A character reference left open at the end of a cut: `&`, `&am`, `&#82`, `&#x1F6`. */
const OPEN_REFERENCE = /&(?:#x?[0-9a-f]*|[a-z][a-z0-9]*)?$/i;
/** Longer than any reference (`&CounterClockwiseContourIntegral;` is 33). */
const LONGEST_REFERENCE = 40;
/** What follows `<` when it opens a tag, a comment or a declaration, rather than being text. */
const TAG_START = /^[a-z!/?]/i;

/**
 * The longest prefix of `html` that fits in `maxBytes` bytes of UTF-8 and ends where sanitizing can
 * close what is open: not inside a tag, a character reference or a surrogate pair. `html` itself
 * when it fits. Reads no further than the cut.
 */
export function cutHtml(html: string, maxBytes: number): string {
  const end = utf8PrefixLength(html, maxBytes);
  if (end === html.length) return html;
  let cut = end;
  const tagOpen = cut === 0 ? -1 : html.lastIndexOf('<', cut - 1);
  if (tagOpen >= 0 && tagOpen > html.lastIndexOf('>', cut - 1) && TAG_START.test(html.slice(tagOpen + 1, tagOpen + 2))) cut = tagOpen;
  const reference = OPEN_REFERENCE.exec(html.slice(Math.max(0, cut - LONGEST_REFERENCE), cut));
  if (reference) cut -= reference[0].length;
  return html.slice(0, cut);
}

/** How many UTF-16 code units of `text` fit in `maxBytes` bytes of UTF-8; a surrogate pair is never split. */
function utf8PrefixLength(text: string, maxBytes: number): number {
  // No UTF-16 code unit takes more than 3 bytes (a pair, 2 units, takes 4).
  if (text.length * 3 <= maxBytes) return text.length;
  let bytes = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    const isPair = code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : isPair ? 4 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    index += isPair ? 2 : 1;
  }
  return index;
}
