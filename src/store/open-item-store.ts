import type { Keyv } from 'keyv';
import { redactUri } from '../model/redact-uri.js';
import type { ItemStore } from './item-store.js';
import { redisKeyLister, sqliteKeyLister } from './key-lister.js';
import { KeyvItemStore, type ItemStoreOptions } from './keyv-item-store.js';
import type { StoreBackend } from './store-backend.js';
import { openKeyv } from './open-keyv.js';
import { RedisChangeLog, type RedisChangeClient } from './redis-change-log.js';
import { RedisCommitMulti, type RedisKeyvAdapter } from './redis-commit-multi.js';
import { RedisNewestIndex, type RedisIndexClient } from './redis-newest-index.js';
import { SqliteAdapter } from './sqlite-adapter.js';
import { SqliteChangeLog } from './sqlite-change-log.js';
import { SqliteNewestIndex } from './sqlite-newest-index.js';

/** Every key this store writes is under this keyv namespace. */
const NAMESPACE = 'tributary';
const DEFAULT_INDEX_CAPACITY = 5000;
const DAY_MS = 86_400_000;

/** Opens the store behind `uri` (see openKeyv) as an ItemStore. */
export async function openItemStore(uri: string, options: ItemStoreOptions): Promise<ItemStore> {
  const keyv = await openKeyv(uri, { namespace: NAMESPACE, connectTimeoutMs: options.connectTimeoutMs });
  let store: KeyvItemStore;
  try {
    store = new KeyvItemStore(keyv, redactUri(uri), backendOf(keyv, options.indexCapacity ?? DEFAULT_INDEX_CAPACITY, options.retentionDays * DAY_MS), options);
  } catch (error) {
    await keyv.disconnect().catch(() => undefined);
    throw error;
  }
  try {
    await store.carryOverLegacyIndex();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}

/** The backend's own ordered index, change log and key listing, beside the keyv it opened. */
function backendOf(keyv: Keyv, capacity: number, retentionMs: number): StoreBackend {
  const adapter: unknown = keyv.store;
  if (adapter instanceof SqliteAdapter) return { index: new SqliteNewestIndex(adapter, capacity), changes: new SqliteChangeLog(adapter, retentionMs), listKeys: sqliteKeyLister(adapter) };
  // @keyv/redis's adapter, told by its methods rather than its class: that module loads only for Redis.
  if (isRedisAdapter(adapter)) {
    const client = async () => (await adapter.getClient()) as RedisIndexClient & RedisChangeClient;
    return {
      index: new RedisNewestIndex(client, NAMESPACE, capacity),
      changes: new RedisChangeLog(client, new RedisCommitMulti(adapter), NAMESPACE, retentionMs),
      listKeys: redisKeyLister(client, adapter),
    };
  }
  throw new TypeError('the item store needs a SQLite or Redis keyv store');
}

function isRedisAdapter(adapter: unknown): adapter is RedisKeyvAdapter {
  const methods = adapter as Partial<Record<keyof RedisKeyvAdapter, unknown>>;
  return typeof methods.getClient === 'function' && typeof methods.createKeyPrefix === 'function' && typeof methods.setMany === 'function';
}
