import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'libsql';
import { describe, expect, it } from 'vitest';
import { initialFetchState } from '../../src/model/fetch-state.js';
import type { Item } from '../../src/model/item.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { CHANGE_LOG_SCHEMA, CHANGE_LOG_SQL } from '../../src/store/sqlite-change-log.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { hashId, itemKey } from '../../src/store/store-keys.js';
import { makeItem } from '../helpers/make-item.js';
import { REDIS_MISSING } from '../helpers/redis-server.js';
import { tempDir } from '../helpers/temp-workspace.js';
import { availableBackends, redisMissingInCi, useBackendStores } from './store-backends.js';

const T0 = new Date('2026-01-10T12:00:00.000Z');
const DAY = 86_400_000;

function item(source: string, id: string, overrides: Partial<Item> = {}): Item {
  return makeItem({ externalId: id, title: `Title ${id}`, link: `https://news.example/${source}/${id}`, source: { key: source, name: source, type: 'RSS' }, ...overrides });
}

const keyOf = (source: string, id: string): string => itemKey(source, hashId(id));
const state = (sourceKey: string) => initialFetchState(sourceKey, `https://news.example/${sourceKey}.xml`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(availableBackends())('the change log on $name', (backend) => {
  const stores = useBackendStores(backend);
  const { open } = stores;

  /** Every key after `cursor`, page by page. */
  async function keysAfter(store: ItemStore, cursor: string): Promise<string[]> {
    const keys: string[] = [];
    for (;;) {
      const page = await store.changesSince(cursor, 2);
      expect(page.complete).toBe(true);
      keys.push(...page.keys);
      if (page.keys.length === 0) return keys;
      cursor = page.cursor;
    }
  }

  it('has no cursor to start from: the first page says to read the whole store, and where to go on from', async () => {
    const store = await open();
    await store.commit('a', [item('a', '1')], state('a'), T0);
    const first = await store.changesSince(undefined);
    expect(first).toEqual({ keys: [], cursor: expect.any(String), complete: false });
    expect(await store.changesSince(first.cursor)).toEqual({ keys: [], cursor: first.cursor, complete: true });
  });

  it('lists the keys of the items each commit added, in commit order, a page at a time', async () => {
    const store = await open();
    const { cursor } = await store.changesSince(undefined);
    await store.commit('a', [item('a', '1'), item('a', '2')], state('a'), T0);
    await store.commit('b', [item('b', '1')], state('b'), T0);
    await store.commit('a', [item('a', '3')], state('a'), T0);
    expect(await keysAfter(store, cursor)).toEqual([keyOf('a', '1'), keyOf('a', '2'), keyOf('b', '1'), keyOf('a', '3')]);
  });

  it('lists an updated item again, and nothing for a commit of unchanged items', async () => {
    const store = await open();
    await store.commit('a', [item('a', '1'), item('a', '2')], state('a'), T0);
    const { cursor } = await store.changesSince((await store.changesSince(undefined)).cursor, 500);
    await store.commit('a', [item('a', '1'), item('a', '2')], state('a'), new Date(T0.getTime() + 60_000));
    expect(await keysAfter(store, cursor)).toEqual([]);
    await store.commit('a', [item('a', '1'), item('a', '2', { title: 'Corrected' })], state('a'), new Date(T0.getTime() + DAY));
    expect(await keysAfter(store, cursor)).toEqual([keyOf('a', '2')]);
  });

  it('reads the cursor of another store as no cursor at all', async () => {
    const first = await open();
    await first.commit('a', [item('a', '1')], state('a'), T0);
    const { cursor } = await first.changesSince(undefined);
    await stores.renew();
    const second = await open();
    await second.commit('a', [item('a', '1')], state('a'), T0);
    expect(await second.changesSince(cursor)).toMatchObject({ keys: [], complete: false });
  });

  it('trims the changes older than the retention, and says so to a cursor from before them', async () => {
    const retentionMs = 300;
    const store = await open({ retentionDays: retentionMs / DAY });
    const { cursor: beforeAll } = await store.changesSince(undefined);
    await store.commit('a', [item('a', 'old')], state('a'), new Date());
    const { cursor: afterOld } = await store.changesSince(beforeAll);
    await sleep(retentionMs + 100);
    await store.commit('a', [item('a', 'new')], state('a'), new Date());
    expect(await store.changesSince(beforeAll)).toMatchObject({ keys: [], complete: false });
    expect(await store.changesSince(afterOld)).toMatchObject({ keys: [keyOf('a', 'new')], complete: true });
  });

  // Redis only: a fleet's keys live beside the store's there.
  if (backend.name === 'redis')
    it('leaves the keys of a fleet on the same Redis alone (its change counter: tributary:changes)', async () => {
      const store = await open();
      const { createClient } = await import('@redis/client');
      const fleet = createClient({ url: stores.uri() });
      await fleet.connect();
      try {
        await fleet.incr('tributary:changes');
        await store.commit('a', [item('a', '1')], state('a'), T0);
        expect(await fleet.incr('tributary:changes')).toBe(2);
        expect((await store.changesSince((await store.changesSince(undefined)).cursor)).complete).toBe(true);
      } finally {
        await fleet.close();
      }
    });

  it('lists the key of every stored item, past what the newest-items index holds', async () => {
    const store = await open({ indexCapacity: 3 });
    await store.commit(
      'a',
      Array.from({ length: 7 }, (_, i) => item('a', `a${i}`)),
      state('a'),
      T0,
    );
    await store.commit(
      'b',
      Array.from({ length: 5 }, (_, i) => item('b', `b${i}`)),
      state('b'),
      T0,
    );
    const keys: string[] = [];
    for await (const page of store.itemKeys()) keys.push(...page);
    expect(keys.sort()).toEqual([...Array.from({ length: 7 }, (_, i) => keyOf('a', `a${i}`)), ...Array.from({ length: 5 }, (_, i) => keyOf('b', `b${i}`))].sort());
    expect(await store.countIndexed()).toBe(3);
  });

  it('loads stored items with when they expire', async () => {
    const store = await open({ retentionDays: 2 });
    const before = Date.now();
    await store.commit('a', [item('a', '1')], state('a'), T0);
    const [stored, missing] = await store.loadStoredItems([keyOf('a', '1'), keyOf('a', 'nope')]);
    expect(stored?.item.externalId).toBe('1');
    expect(stored?.expiresMs).toBeGreaterThanOrEqual(before + 2 * DAY);
    expect(stored?.expiresMs).toBeLessThanOrEqual(Date.now() + 2 * DAY);
    expect(missing).toBeUndefined();
  });
});

describe('the change log on SQLite', () => {
  it('says it cannot tell what changed to a cursor from before the store was restored from an older copy', async () => {
    const dir = await tempDir('tributary-restore-');
    const file = join(dir, 'store.db');
    const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
    const openStore = (path = file) => openItemStore(`sqlite://${path}`, { retentionDays: 30, seenRetentionDays: 365 });
    let store = await openStore();
    await store.commit('a', [item('a', '1'), item('a', '2')], state('a'), at(0));
    // A backup as docs/operations.md has it, taken while the store is open.
    const backup = new Database(file);
    backup.exec(`VACUUM INTO '${join(dir, 'backup.db')}'`);
    backup.close();
    await store.commit('a', [item('a', '3'), item('a', '4')], state('a'), at(10));
    // A reader (the archive, the story pass) is up to date with every change so far.
    const { cursor } = await store.changesSince((await store.changesSince(undefined)).cursor, 500);
    await store.close();
    // Restored: the copy is the store now, opened where it lies (copied over the old file, it met
    // SQLITE_BUSY when this process, which had that file open, opened it again).
    const restored = join(dir, 'restored.db');
    await copyFile(join(dir, 'backup.db'), restored);
    store = await openStore(restored);
    try {
      // The restored store numbers these changes as it numbered 3 and 4, and one more past them.
      await store.commit('b', [item('b', '1'), item('b', '2'), item('b', '3')], state('b'), at(20));
      expect(await store.changesSince(cursor)).toMatchObject({ keys: [], complete: false });
      // From the cursor it gives instead, the next change is read.
      const { cursor: after } = await store.changesSince(cursor);
      await store.commit('b', [item('b', '4')], state('b'), at(30));
      expect(await store.changesSince(after)).toMatchObject({ keys: [keyOf('b', '4')], complete: true });
    } finally {
      await store.close();
    }
  });

  it('finds what a commit trims through its index on time, not by walking the table from its newest row', () => {
    const db = new Database(':memory:');
    try {
      db.exec(CHANGE_LOG_SCHEMA);
      const insert = db.prepare(CHANGE_LOG_SQL.insert);
      for (let i = 0; i < 2_000; i++) insert.run(`key-${i}`, T0.getTime() + i);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${CHANGE_LOG_SQL.lastBefore}`).all(T0.getTime()) as Array<{ detail: string }>).map((row) => row.detail);
      expect(plan).toEqual([expect.stringContaining('USING COVERING INDEX change_log_at')]);
      expect(db.prepare(CHANGE_LOG_SQL.lastBefore).get(T0.getTime() + 9)).toMatchObject({ seq: 10 });
      expect(db.prepare(CHANGE_LOG_SQL.lastBefore).get(T0.getTime() - 1)).toMatchObject({ seq: null });
    } finally {
      db.close();
    }
  });
});

// Registered only where it fails: a run that has redis-server reports no skipped test.
if (redisMissingInCi()) {
  describe('the change log backends', () => {
    it('cannot run without redis-server in CI', () => {
      throw new Error(REDIS_MISSING);
    });
  });
}
