import type { Item } from '../model/item.js';
import type { ParsedFeed, ParsedItem } from '../parser/parsed-feed.js';
import { cleanAuthor } from './author.js';
import { pickCoverImage } from './cover-image.js';
import { resolveItemDates } from './dates.js';
import { resolveEnclosures } from './enclosures.js';
import { repairItemText } from './repair-item-text.js';
import { deriveExternalId } from './external-id.js';
import { normalizeLanguage } from './language.js';
import type { NormalizeContext } from './normalize-context.js';
import { DEFAULT_DESCRIPTION_LENGTH, DEFAULT_MAX_CONTENT_BYTES, iframeHostsOf, type ItemOptions } from './normalize-options.js';
import { sanitizeContentWithin } from './sanitize-content.js';
import { collectTags, pickCategory } from './tags.js';
import { cleanTitle, fromPlainText, looksLikeHtml, plainTextToHtml, toPlainText, truncateAtWord } from './text.js';
import { resolveBase, resolveUrl } from './urls.js';
import { stripForbiddenXmlCharsDeep } from '../model/xml-chars.js';

const UNTITLED = '(untitled)';
/** Why an item is rejected when it has neither an id nor anything to show. */
export const NOTHING_TO_SHOW = 'nothing to identify or show: no id, link, title, date, summary, content or enclosure';
const TITLE_FROM_DESCRIPTION_LENGTH = 80;

/** An Item, and what normalizing had to do to it that the Item can't say. */
export interface NormalizedItem {
  item: Item;
  /** Set when the content was over `maxContentBytes` and was cut: its length before, in UTF-16 code units. */
  contentCutFrom?: number;
}

/**
 * One parsed item as an Item. Pure: the clock is `context.now`. Throws an Error whose message is
 * the reason when the item can't become one (normalizeFeed records it as rejected).
 */
export function normalizeItem(item: ParsedItem, context: NormalizeContext, feed: Pick<ParsedFeed, 'base' | 'lang' | 'link'>, options: ItemOptions = {}): Item {
  return normalizeItemWithNotes(item, context, feed, options).item;
}

/**
 * normalizeItem, with notes for the log (a content cut to the limit). `sharedLinks`: the links other
 * items of the document share (external-id.ts). Pure; throws as normalizeItem does.
 */
export function normalizeItemWithNotes(
  parsed: ParsedItem,
  context: NormalizeContext,
  feed: Pick<ParsedFeed, 'base' | 'lang' | 'link'>,
  options: ItemOptions = {},
  sharedLinks?: ReadonlySet<string>,
): NormalizedItem {
  const base = resolveBase(context.feedUrl, feed.base, parsed.base);
  const contentBase = resolveBase(context.feedUrl, feed.base, parsed.base, parsed.contentBase);
  const link = resolveUrl(parsed.link, base);
  // From the text as the feed wrote it: an id derived from a title must not move with its repair.
  const externalId = deriveExternalId(parsed, link, sharedLinks);
  if (externalId === undefined) throw new Error(NOTHING_TO_SHOW);
  // Before any cutting: a description cut inside `â€¦` could no longer be repaired.
  const item = repairItemText(parsed);

  const contentHtml = contentAsHtml(item);
  const summaryIsHtml = item.summaryIsHtml !== false;
  const descriptionLength = options.descriptionLength ?? DEFAULT_DESCRIPTION_LENGTH;
  // The description keeps a few hundred characters: flattening a 50 MB summary whole to get them
  // took ~775 MB and 5 s. A generous prefix of the markup gives the same text for any real feed.
  const prefixLength = Math.max(64 * 1024, descriptionLength * 64);
  const prefix = (text: string) => (text.length > prefixLength ? text.slice(0, prefixLength) : text);
  const summaryText = item.summary === undefined ? '' : summaryIsHtml ? toPlainText(prefix(item.summary), descriptionLength) : fromPlainText(prefix(item.summary));
  const description = truncateAtWord(summaryText || toPlainText(prefix(contentHtml ?? ''), descriptionLength), descriptionLength);
  // With no body, a summary written in HTML is the body.
  const bodyHtml = contentHtml ?? (summaryIsHtml && item.summary !== undefined && looksLikeHtml(item.summary) ? item.summary : undefined);
  const content =
    bodyHtml === undefined ? undefined : sanitizeContentWithin(bodyHtml, contentHtml === undefined ? base : contentBase, iframeHostsOf(options), options.maxContentBytes ?? DEFAULT_MAX_CONTENT_BYTES);
  const { publishedAt, updatedAt } = resolveItemDates(item.published, item.updated, context.now);
  const title = cleanTitle(item.title ?? '', item.titleIsHtml !== false) || truncateAtWord(description, TITLE_FROM_DESCRIPTION_LENGTH) || UNTITLED;

  const normalized: Item = {
    externalId,
    title,
    description,
    content: content?.html,
    link,
    author: cleanAuthor(item.author),
    publishedAt,
    updatedAt,
    lang: normalizeLanguage(item.lang, feed.lang, context.feedLang),
    source: { key: context.source.key, name: context.source.name, type: context.type },
    category: pickCategory(context.source.category, item.categories),
    tags: collectTags(context.source.tags, item.categories),
    coverImage: pickCoverImage(item, base, contentBase),
    enclosures: resolveEnclosures(item.enclosures, base),
  };
  const result: NormalizedItem = { item: stripForbiddenXmlCharsDeep(withoutUndefined(normalized)) };
  if (content?.cut && bodyHtml !== undefined) result.contentCutFrom = bodyHtml.length;
  return result;
}

/** The item's id as deriveExternalId gives it when no other item shares its link. */
export function plainExternalId(parsed: ParsedItem, context: NormalizeContext, feed: Pick<ParsedFeed, 'base'>): string | undefined {
  return deriveExternalId(parsed, resolveUrl(parsed.link, resolveBase(context.feedUrl, feed.base, parsed.base)));
}

/** The item's body as HTML: plain-text content (JSON content_text, Atom type="text") is escaped. */
function contentAsHtml(item: ParsedItem): string | undefined {
  if (item.content === undefined) return undefined;
  return item.contentIsHtml === false ? plainTextToHtml(item.content) : item.content;
}

function withoutUndefined(item: Item): Item {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined)) as Item;
}
