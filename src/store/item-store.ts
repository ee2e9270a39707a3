import { z } from 'zod';
import type { FetchState } from '../model/fetch-state.js';
import type { Item } from '../model/item.js';
import type { KnownItemsRecord } from '../model/known-items-record.js';
import type { StoryIds, StoryIdsEntry } from '../model/story-registry.js';
import type { ChangePage } from './change-log.js';
import type { IndexRef } from './newest-index.js';

/** What one commit of a source's items did. */
export interface CommitResult {
  /** Items never seen before, now stored. */
  added: Item[];
  /** Items seen before whose title, description or content changed; stored with a new updatedAt. */
  updated: Item[];
  /** Items seen before and unchanged (or seen, expired, and not brought back). */
  unchanged: number;
  /** The fetch state as saved with the items (its itemsSeen counts the items added). */
  state: FetchState;
}

/**
 * What the source's own document says about itself (its title, home page and id), kept so that an
 * output can credit each entry's origin (atom:source) the way Planet aggregators do.
 */
export const SourceFeedSchema = z.object({
  title: z.string().optional(),
  link: z.string().optional(),
  id: z.string().optional(),
});
export type SourceFeed = z.infer<typeof SourceFeedSchema>;

/** A stored item and when it expires from the store (epoch ms; undefined: never). */
export interface StoredItem {
  item: Item;
  expiresMs: number | undefined;
}

export interface IterateOptions {
  /** Items read per round trip. @default 100 */
  pageSize?: number;
  /** Told about each indexed item that no longer fits the Item schema (it is skipped). */
  onInvalid?: (key: string, problem: string) => void;
}

/** What a commit writes besides the items and the state, in the same transaction. */
export interface CommitOptions {
  /** Replaces what is kept about the source's document (see sourceFeeds). */
  sourceFeed?: SourceFeed | undefined;
  /**
   * Applied to each item that is new or changed, before it is written: an unchanged item seen again
   * costs nothing (the pipeline enriches items so).
   */
  finish?: ((item: Item) => Item) | undefined;
  /** Replaces the record of the source's last document (see knownItems); undefined leaves it as it is. */
  knownItems?: KnownItemsRecord | undefined;
  /** The state as saved, from the state passed (its itemsSeen counted) and what the commit did: the pipeline records the poll so. */
  stateAfter?: ((state: FetchState, done: { added: readonly Item[]; updated: readonly Item[] }) => FetchState) | undefined;
}

/**
 * Everything the pipeline remembers, over keyv. Deduplicates by (source key, externalId); keeps the
 * record that an id was seen longer than the item, so an expired item never returns as new; keeps an
 * index of the newest items so publishing never scans the whole store, and a log of the items each
 * commit added or updated so the archive reads only what changed.
 */
export interface ItemStore {
  /**
   * Stores a source's items and its fetch state in one step: on SQLite one transaction, so a crash
   * leaves either all of it or none (validators are never saved without their items); see CommitOptions.
   */
  commit(sourceKey: string, items: readonly Item[], state: FetchState, now: Date, options?: CommitOptions): Promise<CommitResult>;
  /** Saves fetch state alone (after a failure or a 304). */
  saveState(state: FetchState): Promise<void>;
  getState(sourceKey: string): Promise<FetchState | undefined>;
  /** The saved states of these sources, read together (one round trip per 500); absent ones are left out. */
  getStates(sourceKeys: readonly string[]): Promise<Map<string, FetchState>>;
  /** The newest items across all sources by publishedAt, newest first, at most `limit`. */
  newestItems(limit: number): Promise<Item[]>;
  /**
   * The same order as newestItems, read lazily a page at a time from the index snapshot taken at
   * the first step: stop iterating and nothing more is read.
   */
  iterateNewest(options?: IterateOptions): AsyncIterable<Item>;
  /**
   * The newest-items index itself, newest first, a page of refs at a time: what the publisher reads
   * to decide which items it needs before it reads them (see loadItems).
   */
  indexPages(pageSize?: number): AsyncIterable<IndexRef[]>;
  /** The items under these keys, aligned with them: undefined where one is gone, or invalid (reported to onInvalid). */
  loadItems(keys: readonly string[], onInvalid?: IterateOptions['onInvalid']): Promise<Array<Item | undefined>>;
  /** The items under these keys with their expiry, aligned with them, as loadItems reads them. */
  loadStoredItems(keys: readonly string[], onInvalid?: IterateOptions['onInvalid']): Promise<Array<StoredItem | undefined>>;
  /**
   * The keys of the items that commits added or updated after `cursor` (undefined: from nowhere),
   * oldest change first, at most `limit` a page (see ChangePage; `complete` false: read itemKeys).
   * Written in the commit's own transaction, so a key here is an item already stored.
   */
  changesSince(cursor: string | undefined, limit?: number): Promise<ChangePage>;
  /** The key of every item stored, a page at a time: the whole store, read once (e.g. the archive's first run). */
  itemKeys(): AsyncIterable<string[]>;
  /** How many items the newest-items index holds (what outputs are built from); for metrics. */
  countIndexed(): Promise<number>;
  /** The record of the source's last document that a commit kept (CommitOptions.knownItems), if any. */
  knownItems(sourceKey: string): Promise<KnownItemsRecord | undefined>;
  /** What the last commits said about these sources' documents; sources with nothing kept are absent. */
  sourceFeeds(sourceKeys: readonly string[]): Promise<Map<string, SourceFeed>>;
  /**
   * A token every commit replaces, in the same write as its items (one transaction on SQLite, one
   * MULTI on Redis): read before reading the items, the same token later means no commit since.
   * Undefined for a store no commit has written to since this token was introduced.
   */
  contentToken(): Promise<string | undefined>;
  /** When the next indexed item expires (and leaves the outputs), or undefined when none will. */
  nextExpiryMs(): Promise<number | undefined>;
  /**
   * Saves items' event and story ids (the story pass's), each beside its item and kept as long as
   * it (an entry's expiresMs; without one, the store's retention); one of an item already expired is dropped.
   */
  setStoryIds(entries: readonly StoryIdsEntry[]): Promise<void>;
  /** The ids saved for these item keys; items without any (not clustered yet, or expired) are absent. */
  storyIdsOf(itemKeys: readonly string[]): Promise<Map<string, StoryIds>>;
  /** A small JSON record kept for a user of the store under `name` (the publisher's stamp). */
  getMeta(name: string): Promise<unknown>;
  setMeta(name: string, value: unknown): Promise<void>;
  close(): Promise<void>;
}
