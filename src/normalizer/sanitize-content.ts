import sanitizeHtml from 'sanitize-html';
import { NON_TEXT_TAGS, toPlainText } from './text.js';
import { resolveUrl } from './urls.js';

export const ALLOWED_TAGS: readonly string[] = [
  'p', 'br', 'hr', 'a', 'img', 'figure', 'figcaption', 'picture',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'blockquote', 'q', 'cite', 'pre', 'code', 'kbd', 'samp', 'var',
  'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'abbr', 'time',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'colgroup', 'col',
  'div', 'span',
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

/** What an embedded player needs to play, and nothing that lets it reach the page around it. */
const IFRAME_SANDBOX = 'allow-scripts allow-same-origin allow-presentation allow-popups';

/**
 * Item HTML made safe to republish: an allowlist of text and image elements (no script, style,
 * object, embed, form; no on* or style attributes), links and images resolved against `base` and
 * limited to http(s) (mailto for links, inline raster images for img), links opened with
 * rel="noopener noreferrer". Iframes are dropped unless their src is on one of `iframeHosts` (or a
 * subdomain of one); those kept are sandboxed. Undefined when nothing worth showing is left.
 */
export function sanitizeContent(html: string, base: string | undefined, iframeHosts: readonly string[] = []): string | undefined {
  const allowsIframes = iframeHosts.length > 0;
  const clean = sanitizeHtml(html, {
    allowedTags: allowsIframes ? [...ALLOWED_TAGS, 'iframe'] : [...ALLOWED_TAGS],
    allowedAttributes: allowsIframes ? { ...ALLOWED_ATTRIBUTES, iframe: IFRAME_ATTRIBUTES } : ALLOWED_ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'], iframe: ['http', 'https'] },
    allowProtocolRelative: false,
    nonTextTags: [...NON_TEXT_TAGS],
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
  if (clean === '') return undefined;
  return toPlainText(clean) === '' && !/<(?:img|iframe)\b/i.test(clean) ? undefined : clean;
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
