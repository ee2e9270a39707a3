import { z } from 'zod';
import type { OutputCache } from './output-cache.js';

/** One of an output's newest items, as its readers get it (read from the JSON Feed the server serves). */
export interface NewsItem {
  title: string;
  url?: string;
  source: string;
  publishedAt?: string;
  lang?: string;
  sentiment?: string;
  topics?: string[];
  /** The output's summary: plain text (the page escapes it like any other value). */
  summary?: string;
  /** How many sources carry the item's story, when it has one. */
  storySources?: number;
  storyItems?: number;
}

const count = z.number().int().nonnegative();
const JsonFeedItemSchema = z.object({
  id: z.string(),
  url: z.string().optional(),
  title: z.string().optional(),
  summary: z.string().optional(),
  content_text: z.string().optional(),
  date_published: z.string().optional(),
  language: z.string().optional(),
  _source: z.object({ name: z.string().optional() }).optional(),
  _tributary: z
    .object({
      sentiment: z.object({ label: z.string() }).optional(),
      topics: z.array(z.string()).optional(),
      story: z.object({ items: count.optional(), sources: count.optional() }).optional(),
    })
    .optional(),
});
const JsonFeedSchema = z.object({ items: z.array(z.unknown()) });

/** Longest summary shown: the page lists many items, not articles. */
const SUMMARY_CHARS = 280;

/**
 * The newest items of each output, read from the JSON Feed in the served cache: what the page shows
 * is what a reader gets. Parsed once per change of the file (its ETag), never per request.
 */
export class NewsDigest {
  private readonly parsed = new Map<string, { etag: string; items: NewsItem[] }>();

  constructor(
    private readonly cache: OutputCache,
    private readonly perOutput = 10,
  ) {}

  newest(outputName: string): NewsItem[] {
    const file = this.cache.get(`${outputName}.json`);
    if (!file) return [];
    const known = this.parsed.get(outputName);
    if (known?.etag === file.etag) return known.items;
    const items = newsItemsOf(file.body.toString('utf8'), this.perOutput);
    this.parsed.set(outputName, { etag: file.etag, items });
    return items;
  }
}

/** The first `limit` items of a JSON Feed document; an item that does not read as one is passed over. */
export function newsItemsOf(json: string, limit: number): NewsItem[] {
  const feed = JsonFeedSchema.safeParse(JSON.parse(json));
  if (!feed.success) return [];
  const items: NewsItem[] = [];
  for (const raw of feed.data.items) {
    if (items.length >= limit) break;
    const parsed = JsonFeedItemSchema.safeParse(raw);
    if (!parsed.success) continue;
    const item = parsed.data;
    const summary = item.summary ?? (item.content_text !== item.title ? item.content_text : undefined);
    items.push({
      title: item.title?.trim() || item.url || item.id,
      url: item.url,
      source: item._source?.name ?? '',
      publishedAt: item.date_published,
      lang: item.language,
      sentiment: item._tributary?.sentiment?.label,
      topics: item._tributary?.topics,
      summary: summary ? shortSummary(summary) : undefined,
      storySources: item._tributary?.story?.sources,
      storyItems: item._tributary?.story?.items,
    });
  }
  return items;
}

/** A summary on one line, cut at SUMMARY_CHARS characters (never inside a surrogate pair). */
export function shortSummary(value: string): string {
  const chars = [...value.replace(/\s+/g, ' ').trim()];
  return chars.length <= SUMMARY_CHARS
    ? chars.join('')
    : `${chars
        .slice(0, SUMMARY_CHARS - 1)
        .join('')
        .trimEnd()}…`;
}
