import type { Logger } from 'pino';
import { StoreError } from '../errors/store-error.js';
import { describeError } from '../errors/tributary-error.js';
import { redactUri } from '../model/redact-uri.js';
import { closeWithin } from './settle-within.js';

/**
 * The node-redis commands the roles use, declared here rather than taken from node-redis's own
 * types: instantiating those exhausts the TypeScript compiler's memory (see redis-newest-index.ts).
 */
export interface RedisClient {
  readonly isReady: boolean;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { NX?: boolean; PX?: number }): Promise<string | null>;
  incr(key: string): Promise<number>;
  hSet(key: string, fields: Record<string, string>): Promise<number>;
  hGetAll(key: string): Promise<Record<string, string>>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  info(section: string): Promise<string>;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  connect(): Promise<unknown>;
  quit(): Promise<unknown>;
  destroy(): unknown;
  unref(): unknown;
}

/** The name each client was opened with (CLIENT SETNAME), for the logs. */
const names = new WeakMap<RedisClient, string>();

/**
 * A connected node-redis client for the roles' coordination (leases, host limits, change counter).
 * It reconnects by itself after an outage; while Redis is away its commands fail at once (no
 * offline queue), so a lease holder learns it can no longer renew instead of waiting.
 */
export async function openRedisClient(uri: string, name: string, options: { offlineQueue?: boolean } = {}): Promise<RedisClient> {
  // The module cast, not the call: the call would instantiate node-redis's types (see above).
  const { createClient } = (await import('@redis/client')) as unknown as { createClient: (options: object) => RedisClient };
  const client = createClient({
    url: uri,
    name,
    disableOfflineQueue: !(options.offlineQueue ?? false),
    socket: { reconnectStrategy: (attempts: number) => Math.min(2 ** attempts * 50, 2_000), connectTimeout: 5_000 },
  });
  let firstError: unknown;
  // node-redis reports connection trouble only as 'error' events; an unhandled one would crash us.
  client.on('error', (error) => {
    firstError ??= error;
  });
  try {
    await withTimeout(client.connect(), 5_000, 'no answer within 5 s');
    names.set(client, name);
    return client;
  } catch (error) {
    client.destroy();
    const cause = firstError ?? error;
    throw new StoreError('open', redactUri(uri), `cannot reach Redis: ${describeError(cause)}`, { cause });
  }
}

/**
 * Closes a client: QUIT, which waits for the replies in flight, when Redis answers; dropped at once
 * when it is not connected, and once Redis has not answered within CLOSE_TIMEOUT_MS (a paused
 * redis-server keeps the connection open and never answers).
 */
export async function closeRedisClient(client: RedisClient, logger: Logger): Promise<void> {
  await closeWithin(quitRedisClient(client), {
    givingUp: `closing the Redis connection ${names.get(client) ?? ''}`.trimEnd(),
    logger,
    giveUp: () => dropRedisClient(client),
  });
}

/** QUIT when connected (waiting for its answer, without end), dropped otherwise. Never throws. */
export async function quitRedisClient(client: RedisClient): Promise<void> {
  if (!client.isReady) return dropRedisClient(client);
  await client.quit().catch(() => dropRedisClient(client));
}

/**
 * Drops a client at once: the commands waiting for an answer fail, and the socket is closed. Once
 * a QUIT has been sent, node-redis refuses to destroy the socket until QUIT is answered: then the
 * socket is only unref'd, so that it no longer keeps the process alive.
 */
export function dropRedisClient(client: RedisClient): void {
  try {
    client.destroy();
  } catch {
    // Closed already, or closing (QUIT sent).
  }
  client.unref();
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
