import { resolve } from 'node:path';
import { Keyv, type DeserializedData } from 'keyv';
import { describeError } from '../errors/tributary-error.js';
import { StoreError } from '../errors/store-error.js';
import { redactUri } from '../model/redact-uri.js';
import { SqliteAdapter } from './sqlite-adapter.js';

export interface OpenKeyvOptions {
  /** Prefix of every key. @default none */
  namespace?: string;
  /** How long opening a Redis store waits for the server. @default 5000 */
  connectTimeoutMs?: number;
}

/**
 * A keyv for a store URI: `sqlite://<file>` (also `sqlite:<file>`, or a bare path ending in .db or
 * .sqlite; relative paths resolve against the working directory) or `redis://` / `rediss://`.
 * Errors are thrown, never read as "absent", and an unreachable Redis fails here, at open.
 * Values must be plain JSON (no Buffers, Maps or Dates).
 */
export async function openKeyv(uri: string, options: OpenKeyvOptions = {}): Promise<Keyv> {
  const sqliteFile = sqliteFileOf(uri);
  if (sqliteFile !== undefined) return useJson(openSqlite(uri, sqliteFile, options));
  if (/^rediss?:\/\//i.test(uri)) return useJson(await openRedis(uri, options));
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(uri)?.[1] ?? '(none)';
  throw new StoreError('open', redactUri(uri), `unsupported store URI scheme ${JSON.stringify(scheme)}; use sqlite://<file> or redis://host:port`);
}

/**
 * keyv's default serializer walks every value in JavaScript to encode Buffers (≈12 ms for a
 * 5,000-entry index, at each commit); the store holds plain JSON, which the native JSON does in ≈1 ms.
 */
function useJson(keyv: Keyv): Keyv {
  keyv.serialize = (data) => JSON.stringify(data);
  keyv.deserialize = <Value>(text: string) => JSON.parse(text) as DeserializedData<Value>;
  return keyv;
}

function sqliteFileOf(uri: string): string | undefined {
  const prefixed = /^sqlite:(?:\/\/)?(.*)$/i.exec(uri);
  if (prefixed) return prefixed[1];
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
  return !hasScheme && /\.(db|sqlite)$/i.test(uri) ? uri : undefined;
}

function openSqlite(uri: string, file: string, options: OpenKeyvOptions): Keyv {
  if (file === '') throw new StoreError('open', redactUri(uri), 'no database file in the store URI');
  try {
    const path = file === ':memory:' ? file : resolve(file);
    return new Keyv({ store: new SqliteAdapter(path), namespace: options.namespace, throwOnErrors: true });
  } catch (error) {
    throw new StoreError('open', redactUri(uri), describeError(error), { cause: error });
  }
}

async function openRedis(uri: string, options: OpenKeyvOptions): Promise<Keyv> {
  // Loaded only for a Redis store: the client is a large module graph a SQLite daemon never needs.
  const { default: KeyvRedis, createKeyv } = await import('@keyv/redis');
  // createKeyv, not `new Keyv(new KeyvRedis(...))`: the latter was seen to prefix keys twice.
  const keyv = createKeyv(
    {
      url: uri,
      // Fail commands at once while the server is away instead of queueing them until it is back.
      disableOfflineQueue: true,
      socket: { reconnectStrategy: (attempts: number) => Math.min(2 ** attempts * 50, 2_000) },
    },
    {
      namespace: options.namespace,
      throwOnErrors: true,
      throwOnConnectError: true,
      connectionTimeout: options.connectTimeoutMs ?? 5_000,
    },
  );
  const store: unknown = keyv.store;
  if (!(store instanceof KeyvRedis)) return keyv;

  // The client reports why it cannot connect only as 'error' events; keep the first for the message.
  let firstError: unknown;
  const remember = (error: unknown): void => {
    firstError ??= error;
  };
  keyv.on('error', remember);
  try {
    await store.getClient();
    return keyv;
  } catch (error) {
    await keyv.disconnect().catch(() => undefined);
    const cause = firstError ?? error;
    throw new StoreError('open', redactUri(uri), `cannot reach Redis: ${describeError(cause)}`, { cause });
  } finally {
    keyv.off('error', remember);
  }
}
