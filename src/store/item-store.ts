import type { FetchState } from '../model/fetch-state.js';
import type { Item } from '../model/item.js';

/** What one commit of a source's items did. */
export interface CommitResult {
  /** Items never seen before, now stored. */
  added: Item[];
  /** Items seen before whose title, description or content changed; stored with a new updatedAt. */
  updated: Item[];
  /** Items seen before and unchanged (or seen, expired, and not brought back). */
  unchanged: number;
}

/**
 * Everything the pipeline remembers, over keyv. Deduplicates by (source key, externalId); keeps the
 * record that an id was seen longer than the item, so an expired item never returns as new; keeps an
 * index of the newest items so publishing never scans the whole store.
 */
export interface ItemStore {
  /**
   * Stores a source's items and its fetch state in one step: on SQLite one transaction, so a crash
   * leaves either all of it or none (validators are never saved without their items).
   */
  commit(sourceKey: string, items: readonly Item[], state: FetchState, now: Date): Promise<CommitResult>;
  /** Saves fetch state alone (after a failure or a 304). */
  saveState(state: FetchState): Promise<void>;
  getState(sourceKey: string): Promise<FetchState | undefined>;
  /** The newest items across all sources by publishedAt, newest first, at most `limit`. */
  newestItems(limit: number): Promise<Item[]>;
  close(): Promise<void>;
}
