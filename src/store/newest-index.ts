import { canonicalLink } from '../model/canonical-link.js';
import type { Item } from '../model/item.js';

/**
 * The newest-items index: what publishing reads instead of the store. One row per indexed item,
 * ordered newest first (publishedAt descending, ties by item key descending). A row carries what
 * the publisher needs to decide, without reading the item, whether it can matter to an output:
 * its source and the canonical link that echoes of one article share.
 */
export interface IndexRef {
  /** The item's key in the store. */
  key: string;
  publishedMs: number;
  sourceKey: string;
  /** canonicalLink(item.link), when it has one. */
  linkKey?: string;
}

/** A row as written: a ref and when its item expires (epoch ms), so rows of expired items go too. */
export interface IndexRow extends IndexRef {
  expiresMs: number;
}

/**
 * An ordered index kept next to the items by each backend: a table in the SQLite file, a sorted set
 * in Redis. Neither is a keyv key read and rewritten whole, so a commit costs the rows it changes.
 */
export interface NewestIndex {
  /**
   * Adds or replaces rows, drops rows expired at `nowMs` and keeps the newest `capacity`, together
   * with the keyv entries that `setEntries` writes (one setMany): on SQLite in one transaction, both
   * or neither; on Redis the rows first, then the entries (one MULTI), so an item is never stored
   * unindexed (an indexed item not stored yet, or anymore, is passed over when read).
   */
  commit(rows: readonly IndexRow[], nowMs: number, setEntries: () => Promise<void>): Promise<void>;
  /**
   * The rows newest first, a page at a time. Each page resumes after the last row of the one before
   * (by order, not by position), so rows written while reading neither repeat nor shift the pages.
   */
  pages(pageSize: number, nowMs: number): AsyncIterable<IndexRef[]>;
  /** Rows of items not yet expired. */
  count(nowMs: number): Promise<number>;
  /** The earliest expiry after `nowMs` of any row, or undefined when no row will expire. */
  nextExpiryMs(nowMs: number): Promise<number | undefined>;
}

/** The index row of an item stored under `key` that expires at `expiresMs`. */
export function indexRowOf(key: string, item: Item, expiresMs: number): IndexRow {
  const linkKey = canonicalLink(item.link);
  return { key, publishedMs: Date.parse(item.publishedAt), expiresMs, sourceKey: item.source.key, ...(linkKey === undefined ? {} : { linkKey }) };
}
