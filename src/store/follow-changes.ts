import type { ItemStore } from './item-store.js';

/** Where a reader of the change log got to. */
export interface FollowedChanges {
  /** The cursor to go on from next time; undefined when the log was lost twice in one run. */
  cursor: string | undefined;
  /** Whether every stored item was read (no cursor, or a log that no longer reached back to it). */
  readAll: boolean;
}

/**
 * Hands `onKeys` the keys of every item changed after `cursor`, a page at a time (oldest change
 * first; a key changed twice comes once a page): what a reader of the store that keeps a cursor
 * (the archive, the story pass) has to catch up on. When the log cannot say (a first run, a cursor
 * of another store, changes trimmed since), every stored item is handed over instead, then what
 * was committed meanwhile. The store is read whole once a run at most: a log lost again meanwhile
 * (the store replaced) leaves the next run to read it again.
 */
export async function followChanges(store: ItemStore, from: string | undefined, pageSize: number, onKeys: (keys: string[]) => Promise<void>): Promise<FollowedChanges> {
  let cursor = from;
  let readAll = false;
  for (;;) {
    const page = await store.changesSince(cursor, pageSize);
    if (!page.complete) {
      if (readAll) return { cursor: undefined, readAll };
      readAll = true;
      for await (const keys of store.itemKeys()) await onKeys(keys);
      // Then what was committed while the store was read: from the log's head before it.
      cursor = page.cursor;
      continue;
    }
    if (page.keys.length > 0) await onKeys([...new Set(page.keys)]);
    cursor = page.cursor;
    if (page.keys.length < pageSize) return { cursor, readAll };
  }
}
