import type { ParsedItem } from '../parser/parsed-feed.js';

/** Characters of a summary or content shown, whitespace collapsed: enough to recognize it. */
const TEXT_PREFIX_LENGTH = 120;

/**
 * What the document said of an item, as parsed, before normalizing: only the fields it has, URLs
 * as written (unresolved), a summary or content as its first characters (still HTML, if it was).
 * What `inspect` shows of a rejected item, so that an operator can see why it was rejected.
 */
export interface ParsedItemFields {
  guid?: string;
  title?: string;
  link?: string;
  published?: string;
  updated?: string;
  author?: string;
  lang?: string;
  base?: string;
  summary?: string;
  content?: string;
  categories?: string[];
  enclosures?: string[];
  images?: string[];
}

export function parsedItemFields(item: ParsedItem): ParsedItemFields {
  const fields: ParsedItemFields = {};
  const set = <K extends keyof ParsedItemFields>(key: K, value: ParsedItemFields[K] | undefined) => {
    if (value !== undefined && value.length > 0) fields[key] = value;
  };
  set('guid', item.guid);
  set('title', item.title);
  set('link', item.link);
  set('published', item.published);
  set('updated', item.updated);
  set('author', item.author);
  set('lang', item.lang);
  set('base', item.base);
  set('summary', prefixOf(item.summary));
  set('content', prefixOf(item.content));
  set('categories', item.categories);
  set(
    'enclosures',
    item.enclosures.map((enclosure) => enclosure.url),
  );
  set(
    'images',
    item.images.map((image) => image.url),
  );
  return fields;
}

function prefixOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  // Collapsed from a bounded slice: a summary can be megabytes long.
  const collapsed = text
    .slice(0, TEXT_PREFIX_LENGTH * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return collapsed.length > TEXT_PREFIX_LENGTH || text.length > TEXT_PREFIX_LENGTH * 4 ? `${collapsed.slice(0, TEXT_PREFIX_LENGTH)}…` : collapsed;
}
