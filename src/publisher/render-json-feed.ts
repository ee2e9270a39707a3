import type { Item } from '../model/item.js';
import { authorOf, categoriesOf, enclosuresOf, httpUrl, idOf, languageTag, mediaType, type FeedHeader, type RenderContext } from './feed-document.js';
import { cleanXmlText } from './xml-writer.js';

export type JsonFeedItem = Record<string, unknown>;

/** A JSON Feed 1.1 document of already rendered items. */
export function renderJsonFeed(feed: FeedHeader, items: readonly JsonFeedItem[]): string {
  const document = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: httpUrl(feed.link),
    feed_url: feed.urls?.json,
    description: feed.description || undefined,
    hubs: feed.urls && feed.hubs?.length ? feed.hubs.map((url) => ({ type: 'WebSub', url })) : undefined,
    items,
  };
  return `${JSON.stringify(cleanStrings(document), null, 2)}\n`;
}

/**
 * One item. JSON Feed wants content_html or content_text: an item without a body carries its
 * summary as text. `_source` and `_tributary` are our extensions (JSON Feed §"Extensions"): where
 * the item came from, what enrichment found (sentiment, topics), and its event and story.
 */
export function jsonFeedItem(item: Item, context: RenderContext): JsonFeedItem {
  const html = item.content?.trim() ? item.content : undefined;
  const tags = categoriesOf(item);
  const source = context.sources.get(item.source.key);
  return {
    id: idOf(item),
    url: httpUrl(item.link),
    title: item.title,
    ...(html ? { content_html: html } : { content_text: item.description || item.title }),
    summary: item.description || undefined,
    image: httpUrl(item.coverImage?.url),
    date_published: item.publishedAt,
    date_modified: item.updatedAt,
    authors: [{ name: authorOf(item) }],
    tags: tags.length > 0 ? tags : undefined,
    language: languageTag(item.lang),
    attachments:
      enclosuresOf(item).length > 0
        ? enclosuresOf(item).map((enclosure) => ({
            url: enclosure.url,
            mime_type: mediaType(enclosure.type) ?? 'application/octet-stream',
            size_in_bytes: enclosure.length,
          }))
        : undefined,
    _source: {
      key: item.source.key,
      name: item.source.name,
      title: source?.feedTitle?.trim() || undefined,
      feed_url: httpUrl(source?.url),
      home_page_url: httpUrl(source?.feedLink),
    },
    _tributary: tributaryOf(item, context),
  };
}

/** What enrichment found (sentiment, topics) and the item's event and story (id, items, sources); undefined when none of it is known. */
function tributaryOf(item: Item, context: RenderContext): Record<string, unknown> | undefined {
  const story = context.stories?.get(idOf(item));
  if (!item.sentiment && !item.topics?.length && !story) return undefined;
  return {
    sentiment: item.sentiment && { label: item.sentiment.label, score: item.sentiment.score },
    topics: item.topics?.length ? item.topics : undefined,
    event: story?.event,
    story: story?.story,
  };
}

/** JSON could carry any string, but a reader's UTF-8 encoder may choke on a lone surrogate: same rule as XML. */
function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanXmlText(value) as T;
  if (Array.isArray(value)) return value.map((entry: unknown) => cleanStrings(entry)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, cleanStrings(entry)])) as T;
  }
  return value;
}
