import { ItemSchema, type Item } from '../model/item.js';
import type { OutputFormat } from '../model/output-format.js';
import { describeError } from '../errors/tributary-error.js';
import { newestDate, newestPerSource, type FeedHeader, type ItemStory, type RenderContext, type SkippedItem, type SourceInfo } from './feed-document.js';
import { atomEntry, renderAtom } from './render-atom.js';
import { jsonFeedItem, renderJsonFeed, type JsonFeedItem } from './render-json-feed.js';
import { renderRss, rssItem } from './render-rss.js';
import type { XmlElement } from './xml-writer.js';

/** One document per output format (model/output-format.ts), and what went into them. */
export interface RenderedFeeds extends Record<OutputFormat, string> {
  /** Items in each of the three documents (the same ones). */
  items: number;
  /** Items left out, each with the reason. */
  skipped: SkippedItem[];
}

export interface RenderOptions {
  feed: FeedHeader;
  /** By source key. A source missing here is credited by the name on its items. */
  sources?: ReadonlyMap<string, SourceInfo>;
  /** By entry id: each item's event and story (absent: none shown). */
  stories?: ReadonlyMap<string, ItemStory>;
}

/**
 * Renders one output in all three formats, item by item: an item that is invalid, or that makes a
 * renderer throw, is left out of all three (and reported), never taking the whole output with it.
 * Pure: the same items give the same bytes (the feed is dated by its newest entry, not the clock).
 */
export function renderFeeds(items: readonly Item[], options: RenderOptions): RenderedFeeds {
  const skipped: SkippedItem[] = [];
  const valid: Item[] = [];
  for (const item of items) {
    try {
      const checked = ItemSchema.safeParse(item);
      if (checked.success) valid.push(checked.data);
      else skipped.push(skip(item, checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')));
    } catch (error) {
      skipped.push(skip(item, describeError(error)));
    }
  }

  const context: RenderContext = { sources: options.sources ?? new Map(), sourceUpdated: newestPerSource(valid), ...(options.stories ? { stories: options.stories } : {}) };
  const rendered: Array<{ item: Item; atom: XmlElement; rss: XmlElement; json: JsonFeedItem }> = [];
  for (const item of valid) {
    try {
      rendered.push({ item, atom: atomEntry(item, context), rss: rssItem(item, context), json: jsonFeedItem(item, context) });
    } catch (error) {
      skipped.push(skip(item, describeError(error)));
    }
  }

  const updated = newestDate(rendered.map(({ item }) => item.updatedAt));
  return {
    atom: renderAtom(
      options.feed,
      rendered.map((entry) => entry.atom),
      updated,
    ),
    rss: renderRss(
      options.feed,
      rendered.map((entry) => entry.rss),
      updated,
    ),
    json: renderJsonFeed(
      options.feed,
      rendered.map((entry) => entry.json),
    ),
    items: rendered.length,
    skipped,
  };
}

function skip(item: unknown, reason: string): SkippedItem {
  const loose = (item ?? {}) as { source?: { key?: unknown }; externalId?: unknown };
  return { sourceKey: readSafely(() => loose.source?.key), externalId: readSafely(() => loose.externalId), reason };
}

/** A field of an item that already failed: it may fail again when read. */
function readSafely(read: () => unknown): string {
  try {
    const value = read();
    return typeof value === 'string' ? value : '?';
  } catch {
    return '?';
  }
}
