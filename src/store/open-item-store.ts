import type { Keyv } from 'keyv';
import { redactUri } from '../model/redact-uri.js';
import type { ItemStore } from './item-store.js';
import { KeyvItemStore, type ItemStoreOptions } from './keyv-item-store.js';
import type { NewestIndex } from './newest-index.js';
import { openKeyv } from './open-keyv.js';
import { RedisNewestIndex, type RedisIndexClient } from './redis-newest-index.js';
import { SqliteAdapter } from './sqlite-adapter.js';
import { SqliteNewestIndex } from './sqlite-newest-index.js';

/** Every key this store writes is under this keyv namespace. */
const NAMESPACE = 'tributary';
const DEFAULT_INDEX_CAPACITY = 5000;

/** Opens the store behind `uri` (see openKeyv) as an ItemStore. */
export async function openItemStore(uri: string, options: ItemStoreOptions): Promise<ItemStore> {
  const keyv = await openKeyv(uri, { namespace: NAMESPACE, connectTimeoutMs: options.connectTimeoutMs });
  const store = new KeyvItemStore(keyv, redactUri(uri), newestIndexOf(keyv, options.indexCapacity ?? DEFAULT_INDEX_CAPACITY), options);
  try {
    await store.carryOverLegacyIndex();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}

/** The backend's own ordered index, beside the keyv it opened. */
function newestIndexOf(keyv: Keyv, capacity: number): NewestIndex {
  const adapter: unknown = keyv.store;
  if (adapter instanceof SqliteAdapter) return new SqliteNewestIndex(adapter, capacity);
  // @keyv/redis's adapter, told by its method rather than its class: that module loads only for Redis.
  if (isRedisAdapter(adapter)) return new RedisNewestIndex(async () => (await adapter.getClient()) as RedisIndexClient, NAMESPACE, capacity);
  throw new TypeError('the item store needs a SQLite or Redis keyv store');
}

function isRedisAdapter(adapter: unknown): adapter is { getClient(): Promise<unknown> } {
  return typeof (adapter as { getClient?: unknown }).getClient === 'function';
}
