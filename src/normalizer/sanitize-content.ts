import sanitizeHtml from 'sanitize-html';
import { toPlainText } from './text.js';
import { resolveUrl } from './urls.js';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'a', 'img', 'figure', 'figcaption', 'picture',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'blockquote', 'q', 'cite', 'pre', 'code', 'kbd', 'samp', 'var',
  'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'abbr', 'time',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'colgroup', 'col',
  'div', 'span',
];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
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

/**
 * Item HTML made safe to republish: an allowlist of text and image elements (no script, style,
 * iframe, object, embed, form; no on* or style attributes), links and images resolved against
 * `base` and limited to http(s) (mailto for links, inline raster images for img), links opened with
 * rel="noopener noreferrer". Undefined when nothing worth showing is left.
 */
export function sanitizeContent(html: string, base: string | undefined): string | undefined {
  const clean = sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: false,
    nonTextTags: ['script', 'style', 'noscript', 'template', 'textarea', 'option', 'title', 'head'],
    transformTags: {
      a: (tagName, attribs) => {
        const resolved = withAttribute(attribs, 'href', resolveLink(attribs['href'], base));
        return { tagName, attribs: withAttribute(resolved, 'rel', 'noopener noreferrer') };
      },
      img: (tagName, attribs) => ({ tagName, attribs: withAttribute(attribs, 'src', resolveImage(attribs['src'], base)) }),
    },
    // An image whose source was dropped shows nothing.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs['src'],
  }).trim();
  if (clean === '') return undefined;
  return toPlainText(clean) === '' && !/<img\b/i.test(clean) ? undefined : clean;
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

function resolveImage(src: string | undefined, base: string | undefined): string | undefined {
  if (src === undefined) return undefined;
  if (/^\s*data:/i.test(src)) return DATA_IMAGE.test(src.trim()) ? src.trim() : undefined;
  return resolveUrl(src, base);
}
