import { decode } from 'html-entities';
import { escapeRegExp, hasChildElements, withCdataAsText, withoutPrefixes } from './inline-markup.js';

/** CDATA sections and comments, where tags are text: blanked out (same length) before searching for elements. */
const OPAQUE = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;
/** A CDATA section, a comment, an end tag or a start tag. */
const MARKUP = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\/[^>]*>|<[A-Za-z_](?:[^>"']|"[^"]*"|'[^']*')*>/g;

/** The item elements of an RSS document as written: the inside of each, `[start, end)` in the text. */
export interface ItemInsides {
  /** The text with CDATA sections and comments blanked out, where elements are searched for. */
  searched: string;
  insides: Array<[number, number]>;
}

/**
 * Where the inside of each RSS item element is in `text`; undefined when the items found don't
 * line up with the `itemCount` items rss-parser read. `prefix` is that of the feed's own elements
 * (`rss:item`).
 */
export function findItemInsides(text: string, itemCount: number, prefix?: string): ItemInsides | undefined {
  const p = prefix === undefined ? '' : `${escapeRegExp(prefix)}:`;
  const searched = text.replace(OPAQUE, (section) => ' '.repeat(section.length));
  const items = [...searched.matchAll(new RegExp(`<${p}item(?=[\\s>])[^>]*>([\\s\\S]*?)</${p}item\\s*>`, 'dg'))];
  if (items.length !== itemCount) return undefined;
  return { searched, insides: items.map((item) => item.indices?.[1] ?? [0, 0]) };
}

/** An RSS item's title and description, as written, when they hold elements. */
export interface RssInlineMarkup {
  title?: string;
  description?: string;
}

/**
 * The markup written inline in each RSS item's <title> and <description> (raw elements where RSS
 * wants escaped HTML, as reddit.com's feed had them): xml2js keeps an element's text apart from its
 * child elements, and rss-parser keeps only the text, so `exactly <em>is</em> good` would lose the
 * word inside the tags or read out of order (see inline-markup.ts). One entry per item, empty for
 * an item with no such markup; undefined when the items found don't line up with `itemCount`, and
 * the caller then keeps rss-parser's reading.
 */
export function readRssInlineMarkup(text: string, itemCount: number, prefix?: string): RssInlineMarkup[] | undefined {
  const found = findItemInsides(text, itemCount, prefix);
  if (!found) return undefined;
  const p = prefix === undefined ? '' : `${escapeRegExp(prefix)}:`;
  const element = new RegExp(`<${p}(title|description)(?=[\\s>])[^>]*(?<!/)>([\\s\\S]*?)</${p}\\1\\s*>`, 'dg');
  return found.insides.map(([itemStart, itemEnd]) => {
    const markup: RssInlineMarkup = {};
    const seen = new Set<string>();
    for (const match of found.searched.slice(itemStart, itemEnd).matchAll(element)) {
      const name = match[1] === 'title' ? 'title' : 'description';
      const [innerStart, innerEnd] = match.indices?.[2] ?? [];
      if (seen.has(name) || innerStart === undefined || innerEnd === undefined) continue;
      seen.add(name);
      const inner = text.slice(itemStart + innerStart, itemStart + innerEnd);
      if (hasChildElements(inner)) markup[name] = asHtml(inner).trim();
    }
    return markup;
  });
}

/**
 * The HTML an RSS title or description holding elements stands for. RSS gives these as HTML in
 * text, so the text around the elements is that HTML: its entities are decoded and a CDATA section
 * is taken as it is (`<img/><![CDATA[<p>…</p>]]>`, as FeedBurner wrote it). The elements, markup
 * written raw, stay as written but for their namespace prefixes, a CDATA section inside one being
 * text, as in XHTML.
 */
function asHtml(inner: string): string {
  let html = '';
  let depth = 0;
  let at = 0;
  for (const match of inner.matchAll(MARKUP)) {
    const between = inner.slice(at, match.index);
    html += depth === 0 ? decode(between, { level: 'xml' }) : between;
    at = match.index + match[0].length;
    const [written, cdata] = match;
    if (cdata !== undefined) html += depth === 0 ? cdata : withCdataAsText(written);
    else {
      html += withoutPrefixes(written);
      if (written.startsWith('</')) depth = Math.max(0, depth - 1);
      else if (!written.startsWith('<!--') && !written.endsWith('/>')) depth += 1;
    }
  }
  const rest = inner.slice(at);
  return html + (depth === 0 ? decode(rest, { level: 'xml' }) : rest);
}
