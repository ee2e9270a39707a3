/**
 * The change log: the keys of the items each commit added or updated, in commit order, written in
 * the same transaction as the items (one SQLite transaction, one Redis MULTI), so a reader that
 * follows it with a cursor sees every change once its item is stored, and never one whose item is
 * not. What lets the archive read only the items that changed since it last looked, instead of the
 * whole store. Entries older than the retention are trimmed: their items have expired, or changed
 * again since (a later entry).
 */
export interface ChangeLog {
  /** Records `keys` as changed, together with the keyv entries `setEntries` writes (one setMany): both or neither. */
  record(keys: readonly string[], nowMs: number, setEntries: () => Promise<void>): Promise<void>;
  /** The changes after `cursor`, oldest first, at most `limit` (see ChangePage). */
  since(cursor: string | undefined, limit: number): Promise<ChangePage>;
}

/** A page of the change log, as ItemStore.changesSince returns it. */
export interface ChangePage {
  /** Keys of the items added or updated after the cursor, oldest change first; a key changed twice is here twice. */
  keys: string[];
  /** Where the next page starts: after the last change here (the cursor given, when there is none). */
  cursor: string;
  /**
   * False when the log cannot say what changed after the cursor: there was none, it names another log
   * (a store emptied or replaced since), or the changes after it were trimmed. Then `keys` is empty
   * and `cursor` is the log's newest change: read every stored item (ItemStore.itemKeys), then go on
   * from there.
   */
  complete: boolean;
}

/**
 * A cursor names its log (an id chosen when the log began) and a position in it, so a cursor of one
 * store is never read as a position in another.
 */
export function formatCursor(logId: string, position: string): string {
  return `${logId}:${position}`;
}

/** The position a cursor names in the log `logId`; undefined when it names another log, or nothing. */
export function positionIn(logId: string, cursor: string | undefined): string | undefined {
  if (cursor === undefined || !cursor.startsWith(`${logId}:`)) return undefined;
  return cursor.slice(logId.length + 1);
}
