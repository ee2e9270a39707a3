import type { ChangeLog } from './change-log.js';
import type { KeyLister } from './key-lister.js';
import type { NewestIndex } from './newest-index.js';

/** What a backend keeps beside keyv's keys: the newest-items index, the change log, and a way to list keys. */
export interface StoreBackend {
  index: NewestIndex;
  changes: ChangeLog;
  listKeys: KeyLister;
}
