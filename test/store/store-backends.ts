import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { ItemStore } from '../../src/store/item-store.js';
import type { ItemStoreOptions } from '../../src/store/keyv-item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
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

/** The stores of the tests of one describe block over one backend (see useBackendStores). */
export interface BackendStores {
  /** The URI of this test's fresh, empty store. */
  uri(): string;
  /** Opens the store at uri() (30 days' retention, 365 of seen records, unless `options` say otherwise); closed after the test. */
  open(options?: Partial<ItemStoreOptions>): Promise<ItemStore>;
  /** Moves this test on to another fresh, empty store. */
  renew(): Promise<void>;
  /** Something else this test opened, closed after it. */
  closeAfter(close: () => Promise<unknown>): void;
}

/**
 * Registers the hooks of a describe block over one backend: the backend set up once, a fresh store
 * before each test, and everything the test opened closed after it.
 */
export function useBackendStores(backend: StoreBackend): BackendStores {
  let uri = '';
  const closers: Array<() => Promise<unknown>> = [];
  beforeAll(() => backend.setUp());
  afterAll(() => backend.tearDown());
  beforeEach(async () => {
    uri = await backend.freshUri();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  return {
    uri: () => uri,
    async open(options = {}) {
      const store = await openItemStore(uri, { retentionDays: 30, seenRetentionDays: 365, ...options });
      closers.push(() => store.close());
      return store;
    },
    async renew() {
      uri = await backend.freshUri();
    },
    closeAfter: (close) => void closers.push(close),
  };
}
