import { EnrichmentConfigSchema } from '../config/enrichment-schema.js';
import { createEnricher, type Enricher } from '../enricher/enrich-item.js';
import { TEXT_ANALYZERS } from '../enricher/text-analyzers.js';
import type { Item, SourceType } from '../model/item.js';
import { describeFeed } from '../normalizer/feed-info.js';
import { normalizeFeed } from '../normalizer/normalize-feed.js';
import type { ItemOptions } from '../normalizer/normalize-options.js';
import { parseFeed } from '../parser/parse-feed.js';
import type { ParsedItem } from '../parser/parsed-feed.js';
import { hostOf } from '../model/host-of.js';
import { parsedItemFields, type ParsedItemFields } from './parsed-item-fields.js';

/** What `tributary inspect` prints: the feed, its items as Tributary stores them, and what it refused. */
export interface InspectReport {
  feed: {
    title: string | null;
    link: string | null;
    id: string | null;
    lang: string | null;
    updatedAt: string | null;
    type: SourceType;
  };
  items: InspectedItem[];
  /**
   * Parsed items that did not become items; `index` counts every item of the document from 0, and
   * `parsed` is what the document gave for the item (the fields it has), to tell why.
   */
  rejected: Array<{ index: number; guid: string | null; title: string | null; reason: string; parsed: ParsedItemFields }>;
  /** For a document read with no items: why it may hold some all the same. */
  unreadItems: string | null;
  /** For ill-formed XML (or a truncated JSON Feed) that only the lenient pass could read: what the parser found (ParsedFeed.recoveredFrom). */
  recoveredFrom: string | null;
  /** Where the text came from and how its bytes were read. */
  document: { url: string; contentType: string | null; contentLanguage: string | null; encoding: string | null };
}

/** An Item with every absent field as null, plus what the document said of it before normalizing. */
export interface InspectedItem {
  externalId: string;
  /** The RSS guid, Atom id or JSON Feed id as written, or null. */
  guid: string | null;
  title: string;
  link: string | null;
  description: string;
  content: string | null;
  author: string | null;
  publishedAt: string;
  updatedAt: string;
  lang: string | null;
  /** What its text says of the news, with a score in [-1, 1]; from the source when it gave one. */
  sentiment: Item['sentiment'] | null;
  /** Topic codes found in its title and description; they lead `tags`. */
  topics: string[];
  category: string | null;
  /** The item's categories as written in the document, before they became `tags`. */
  categories: string[];
  tags: string[];
  enclosures: Array<{ url: string; type: string | null; length: number | null }>;
  coverImage: Item['coverImage'] | null;
  source: Item['source'];
}

/** The document: its final URL and what the HTTP response (if any) and the decoder said. */
export interface InspectedDocument {
  url: string;
  contentType?: string;
  contentLanguage?: string;
  encoding?: string;
}

export interface InspectOptions {
  /** @default 'inspect' */
  sourceKey?: string;
  /** @default the feed's title, else the document's host */
  sourceName?: string;
  now: Date;
  maxItems: number;
  items?: ItemOptions;
  /** What a commit would do to each item. @default the default enrichment */
  enrich?: Enricher;
}

/**
 * Parses, normalizes and enriches one decoded document exactly as a poll would, and reports the result.
 * Throws the ParseError parseFeed throws; nothing else.
 */
export async function inspectText(text: string, document: InspectedDocument, options: InspectOptions): Promise<InspectReport> {
  const sourceKey = options.sourceKey ?? 'inspect';
  const parsed = await parseFeed(text, { sourceKey, url: document.url, contentType: document.contentType });
  const context = {
    type: parsed.type,
    feedUrl: document.url,
    feedLang: document.contentLanguage,
    now: options.now,
  };
  const sourceName = options.sourceName ?? describeFeed(parsed, context).title ?? hostOf(document.url) ?? sourceKey;
  const normalized = normalizeFeed(
    parsed,
    { ...context, source: { key: sourceKey, name: sourceName, tags: [] } },
    {
      ...options.items,
      maxItems: options.maxItems,
    },
  );
  const { feed } = normalized;
  const enrich = options.enrich ?? createEnricher(EnrichmentConfigSchema.parse({}), TEXT_ANALYZERS);
  return {
    feed: {
      title: feed.title ?? null,
      link: feed.link ?? null,
      id: feed.id ?? null,
      lang: feed.lang ?? null,
      updatedAt: feed.updatedAt ?? null,
      type: feed.type,
    },
    items: normalized.items.map((item, position) => inspectItem(enrich(item, {}), parsed.items[normalized.parsedIndexes[position] ?? -1])),
    rejected: normalized.rejected.map(({ index, reason }) => {
      const item = parsed.items[index];
      return { index, guid: item?.guid ?? null, title: item?.title ?? null, reason, parsed: item === undefined ? {} : parsedItemFields(item) };
    }),
    unreadItems: parsed.unreadItems ?? null,
    recoveredFrom: parsed.recoveredFrom ?? null,
    document: {
      url: document.url,
      contentType: document.contentType ?? null,
      contentLanguage: document.contentLanguage ?? null,
      encoding: document.encoding ?? null,
    },
  };
}

function inspectItem(item: Item, parsed: ParsedItem | undefined): InspectedItem {
  return {
    externalId: item.externalId,
    guid: parsed?.guid ?? null,
    title: item.title,
    link: item.link ?? null,
    description: item.description,
    content: item.content ?? null,
    author: item.author ?? null,
    publishedAt: item.publishedAt,
    updatedAt: item.updatedAt,
    lang: item.lang ?? null,
    sentiment: item.sentiment ?? null,
    topics: item.topics ?? [],
    category: item.category ?? null,
    categories: parsed?.categories ?? [],
    tags: item.tags,
    enclosures: item.enclosures.map((enclosure) => ({
      url: enclosure.url,
      type: enclosure.type ?? null,
      length: enclosure.length ?? null,
    })),
    coverImage: item.coverImage ?? null,
    source: item.source,
  };
}
