import { Feed, type Item as FeedItem } from 'feed';
import type { OutputConfig } from '../config/schema.js';
import type { Item } from '../model/item.js';
import { entryId } from './entry-id.js';

export interface RenderedFeeds {
  atom: string;
  rss: string;
  json: string;
}

export interface RenderOptions {
  output: OutputConfig;
  /** Public URLs of the three files, for self links; absent when the output has no selfUrl. */
  links?: { atom?: string; rss?: string; json?: string };
  generator: string;
}

/**
 * Renders the merged items with the `feed` package. Its known gaps are closed here rather than
 * patched inside it: Atom/RSS title and summary are declared type="html", so our plain text is
 * HTML-escaped first (which also keeps a literal "]]>" out of its CDATA, where it escapes only the
 * first one); and its JSON output says version 1, so it is lifted to JSON Feed 1.1.
 * Items reach this point validated (characters XML forbids were stripped by the normalizer).
 */
export function renderFeeds(items: readonly Item[], options: RenderOptions): RenderedFeeds {
  const { output } = options;
  const feed = new Feed({
    id: output.id,
    title: output.title,
    description: output.description ?? '',
    link: output.link ?? output.selfUrl ?? output.id,
    // The newest entry's date, not the build time: unchanged items render to identical bytes.
    updated: newestUpdate(items),
    generator: options.generator,
    feedLinks: options.links ?? {},
    copyright: '',
  });
  for (const item of items) feed.addItem(toFeedItem(item, output));
  return { atom: feed.atom1(), rss: feed.rss2(), json: toJsonFeed11(feed.json1(), items, output) };
}

function toFeedItem(item: Item, output: OutputConfig): FeedItem {
  const image = item.coverImage ? { url: item.coverImage.url, type: item.coverImage.type ?? imageType(item.coverImage.url) } : undefined;
  return {
    id: entryId(item.source.key, item.externalId),
    guid: item.link ?? entryId(item.source.key, item.externalId),
    title: escapeHtml(item.title),
    link: item.link ?? output.link ?? output.id,
    date: new Date(item.updatedAt),
    published: new Date(item.publishedAt),
    description: item.description ? escapeHtml(item.description) : undefined,
    content: item.content,
    author: [{ name: item.author ?? item.source.name }],
    category: categoriesOf(item).map((name) => ({ name })),
    image,
  };
}

function toJsonFeed11(json1: string, items: readonly Item[], output: OutputConfig): string {
  const document = JSON.parse(json1) as Record<string, unknown> & { items?: Array<Record<string, unknown>> };
  document.version = 'https://jsonfeed.org/version/1.1';
  if (output.description) document.description = output.description;
  document.items = (document.items ?? []).map((entry, index) => {
    const item = items[index]!;
    const { author: _author, summary: _summary, title: _title, ...rest } = entry;
    return {
      ...rest,
      title: item.title,
      summary: item.description || undefined,
      authors: [{ name: item.author ?? item.source.name }],
      ...(item.lang ? { language: item.lang } : {}),
      _source: { key: item.source.key, name: item.source.name },
    };
  });
  return `${JSON.stringify(document, null, 2)}\n`;
}

function categoriesOf(item: Item): string[] {
  const seen = new Set<string>();
  for (const name of [item.category, ...item.tags]) if (name) seen.add(name);
  return [...seen];
}

function newestUpdate(items: readonly Item[]): Date {
  let newest = 0;
  for (const item of items) newest = Math.max(newest, Date.parse(item.updatedAt));
  return new Date(newest);
}

function imageType(url: string): string {
  const extension = /\.(jpe?g|png|gif|webp|avif|svg)(?:$|[?#])/i.exec(url)?.[1]?.toLowerCase();
  if (!extension) return 'image/jpeg';
  return extension === 'jpg' ? 'image/jpeg' : extension === 'svg' ? 'image/svg+xml' : `image/${extension}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
