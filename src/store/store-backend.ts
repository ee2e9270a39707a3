import type { ChangeLog } from './change-log.js';
import type { KeyLister } from './key-lister.js';
import type { NewestIndex } from './newest-index.js';

/** What a backend keeps beside keyv's keys: the newest-items index, the change log, and a way to list keys. */
export interface StoreBackend {
  index: NewestIndex;
  changes: ChangeLog;
  listKeys: KeyLister;
  /** Where writes share a transaction held open for the next ones (SQLite's group commit); absent: each write is committed as made. */
  commits?: GroupedCommits;
}

/** A backend's group commit (see SqliteAdapter and WriteGroup). */
export interface GroupedCommits {
  /** Settles when the last setMany's writes are committed; rejects with the error that undid them. */
  written(): Promise<void>;
  /** Commits what is held open now, so that what is read next was committed. */
  flush(): void;
}
