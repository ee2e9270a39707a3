import type { Item } from '../model/item.js';
import { canonicalLink } from '../model/canonical-link.js';

interface Entry {
  item: Item;
  /** Order of arrival, to keep the store's order among equal dates. */
  seq: number;
  publishedMs: number;
  dropped: boolean;
}

/** The items of one article (same canonical link) that are kept: all from one source. */
interface Article {
  sourceKey: string;
  earliestMs: number;
  members: Entry[];
}

/**
 * Collects an output's items, newest first, leaving out echoes: when two sources carry the same
 * article (same canonical link), the copy published first stands and the other source's copies go;
 * on equal dates the source whose key sorts first stands. Items of one source are never echoes of
 * each other (a feed may link several items to one page). Fed newest first, as the store iterates,
 * an earlier copy can only arrive later and then replaces the copy kept so far.
 * Holds at most `capacity` items: `isFull` tells the feeder to stop.
 */
export class EchoFreeWindow {
  private readonly entries: Entry[] = [];
  private readonly articles = new Map<string, Article>();
  private kept = 0;

  constructor(private readonly capacity: number) {}

  get isFull(): boolean {
    return this.kept >= this.capacity;
  }

  get size(): number {
    return this.kept;
  }

  /** Takes the item unless it is an echo; may drop the later copies it is the original of. */
  offer(item: Item): void {
    const entry: Entry = { item, seq: this.entries.length, publishedMs: Date.parse(item.publishedAt), dropped: false };
    const key = canonicalLink(item.link);
    const article = key === undefined ? undefined : this.articles.get(key);
    if (key !== undefined && article === undefined) {
      this.articles.set(key, { sourceKey: item.source.key, earliestMs: entry.publishedMs, members: [entry] });
    } else if (article && article.sourceKey === item.source.key) {
      article.members.push(entry);
      article.earliestMs = Math.min(article.earliestMs, entry.publishedMs);
    } else if (article) {
      if (!isEarlier(entry, item.source.key, article)) return;
      for (const member of article.members) member.dropped = true;
      this.kept -= article.members.length;
      Object.assign(article, { sourceKey: item.source.key, earliestMs: entry.publishedMs, members: [entry] });
    }
    this.entries.push(entry);
    this.kept += 1;
  }

  /** The kept items, newest published first (ties in the order they came). */
  items(): Item[] {
    return this.entries
      .filter((entry) => !entry.dropped)
      .sort((a, b) => b.publishedMs - a.publishedMs || a.seq - b.seq)
      .map((entry) => entry.item);
  }
}

function isEarlier(entry: Entry, sourceKey: string, article: Article): boolean {
  if (entry.publishedMs !== article.earliestMs) return entry.publishedMs < article.earliestMs;
  return sourceKey < article.sourceKey;
}

/** The items without echoes (see EchoFreeWindow), newest first. Pure; the input order does not matter. */
export function removeEchoes(items: readonly Item[]): Item[] {
  const window = new EchoFreeWindow(Number.POSITIVE_INFINITY);
  const newestFirst = items.map((item, index) => ({ item, index, ms: Date.parse(item.publishedAt) })).sort((a, b) => b.ms - a.ms || a.index - b.index);
  for (const { item } of newestFirst) window.offer(item);
  return window.items();
}
