import { hasChildElements, withCdataAsText, withoutPrefixes } from './inline-markup.js';
import { findItemInsides } from './rss-item-markup.js';

/** The names an RSS item's XHTML body goes by: `<body xmlns="http://www.w3.org/1999/xhtml">` or `<xhtml:body>`. */
export const XHTML_BODY_NAMES = ['body', 'xhtml:body'] as const;

/**
 * The markup inside each RSS item's XHTML body, as written in the document: xml2js keeps an
 * element's text apart from its child elements, so `safe<b>bold</b> text` would come back out of
 * order (see inline-markup.ts). One entry per item, undefined for an item whose body holds no
 * elements; undefined altogether when the items found don't line up with `itemCount`, and the
 * caller then falls back on the body's text. `prefix` is that of the feed's own elements (`rss:item`).
 */
export function readXhtmlBodies(text: string, itemCount: number, prefix?: string): Array<string | undefined> | undefined {
  const found = findItemInsides(text, itemCount, prefix);
  if (!found) return undefined;
  return found.insides.map(([itemStart, itemEnd]) => {
    const body = /<((?:xhtml:)?body)(?=[\s>])[^>]*(?<!\/)>([\s\S]*?)<\/\1\s*>/d.exec(found.searched.slice(itemStart, itemEnd));
    const [innerStart, innerEnd] = body?.indices?.[2] ?? [];
    if (innerStart === undefined || innerEnd === undefined) return undefined;
    const inner = text.slice(itemStart + innerStart, itemStart + innerEnd);
    return hasChildElements(inner) ? withoutPrefixes(withCdataAsText(inner)).trim() : undefined;
  });
}
