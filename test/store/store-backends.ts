import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasRedisServer, REDIS_MISSING, RedisServer } from '../helpers/redis-server.js';

/** A kind of store the item-store behaviour tests run against. */
export interface StoreBackend {
  name: string;
  /** Called once before the backend's tests. */
  setUp(): Promise<void>;
  /** A URI to a fresh, empty store. */
  freshUri(): Promise<string>;
  tearDown(): Promise<void>;
}

export function sqliteBackend(): StoreBackend {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    setUp: async () => {},
    freshUri: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'tributary-store-'));
      dirs.push(dir);
      return `sqlite://${join(dir, 'data', 'tributary.db')}`;
    },
    tearDown: async () => {
      for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
    },
  };
}

export function redisBackend(): StoreBackend {
  let server: RedisServer | undefined;
  return {
    name: 'redis',
    setUp: async () => {
      server = await RedisServer.start();
    },
    freshUri: async () => {
      await server!.flushAll();
      return server!.uri;
    },
    tearDown: async () => {
      await server?.stop();
    },
  };
}

/**
 * SQLite always; Redis when redis-server is installed. Without it, CI fails (see `redisMissingInCi`)
 * and a developer's run warns and leaves Redis out.
 */
export function availableBackends(): StoreBackend[] {
  if (hasRedisServer()) return [sqliteBackend(), redisBackend()];
  if (!process.env.CI) console.warn(REDIS_MISSING);
  return [sqliteBackend()];
}

/** True when Redis tests are required (CI) but cannot run. */
export function redisMissingInCi(): boolean {
  return Boolean(process.env.CI) && !hasRedisServer();
}
