import type { RedisKeyvAdapter } from './redis-commit-multi.js';
import type { SqliteAdapter } from './sqlite-adapter.js';

/**
 * The stored keys that start with `prefix` (a key as the store names it, without keyv's namespace),
 * a page at a time, values left unread: what lists every item once (ItemStore.itemKeys) without
 * parsing every value of the store, as keyv's own iterator does.
 */
export type KeyLister = (prefix: string) => AsyncIterable<string[]>;

/** Over the SQLite file's keyv table, in key order. */
export function sqliteKeyLister(adapter: SqliteAdapter): KeyLister {
  return async function* (prefix) {
    const namespace = adapter.namespace === undefined ? '' : `${adapter.namespace}:`;
    for await (const keys of adapter.keyPages(`${namespace}${prefix}`)) yield keys.map((key) => key.slice(namespace.length));
  };
}

/** The command used here, as node-redis 5 names it; raw replies (RESP2). */
export interface RedisScanClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/** Over Redis, by SCAN (each key once, if it lived through the whole scan). */
export function redisKeyLister(client: () => Promise<RedisScanClient>, adapter: RedisKeyvAdapter): KeyLister {
  return async function* (prefix) {
    const stored = adapter.createKeyPrefix(prefix, adapter.namespace);
    const pattern = `${stored.replace(/[*?[\]\\]/g, '\\$&')}*`;
    const strip = stored.length - prefix.length;
    let cursor = '0';
    do {
      const [next, keys] = (await (await client()).sendCommand(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000', 'TYPE', 'string'])) as [string, string[]];
      cursor = String(next);
      if (keys.length > 0) yield keys.map((key) => key.slice(strip));
    } while (cursor !== '0');
  };
}
