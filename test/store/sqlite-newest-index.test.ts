import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialFetchState } from '../../src/model/fetch-state.js';
import type { Item } from '../../src/model/item.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { TRIM_SQL } from '../../src/store/sqlite-newest-index.js';
import { hashId, itemKey } from '../../src/store/store-keys.js';
import { makeItem } from '../helpers/make-item.js';

const T0 = new Date('2026-01-10T12:00:00.000Z');
const HOUR_MS = 3_600_000;

let dir: string;
let file: string;
const opened: ItemStore[] = [];
/** A connection of its own to the store's file, as another process would have. */
let spy: Database.Database;

function item(id: string, hoursAgo: number): Item {
  const at = new Date(T0.getTime() - hoursAgo * HOUR_MS).toISOString();
  return makeItem({ externalId: id, link: `https://news.example/${id}`, publishedAt: at, updatedAt: at });
}

async function open(indexCapacity: number): Promise<ItemStore> {
  const store = await openItemStore(`sqlite://${file}`, { retentionDays: 30, seenRetentionDays: 365, indexCapacity });
  opened.push(store);
  return store;
}

function commit(store: ItemStore, items: readonly Item[]): Promise<unknown> {
  return store.commit('news', items, initialFetchState('news', 'https://news.example/feed.xml'), T0);
}

function keyOf(id: string): string {
  return itemKey('news', hashId(id));
}

/** The index's keys in its own order, newest first. */
function keysInIndex(): string[] {
  return (spy.prepare('SELECT key FROM newest_index ORDER BY published DESC, key DESC').all() as Array<{ key: string }>).map((row) => row.key);
}

/** The count the triggers keep, beside the table's real one. */
function counts(): { kept: number; real: number } {
  const kept = (spy.prepare('SELECT rows FROM newest_index_size WHERE id = 1').get() as { rows: number }).rows;
  const real = (spy.prepare('SELECT count(*) AS n FROM newest_index').get() as { n: number }).n;
  return { kept, real };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tributary-newest-index-'));
  file = join(dir, 'tributary.db');
});

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  if (spy?.open) spy.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the SQLite newest-items index', () => {
  it('trims from its oldest end through the order index, without stepping over the rows it keeps', () => {
    const db = new Database(':memory:');
    try {
      db.exec(
        'CREATE TABLE newest_index (key TEXT PRIMARY KEY, published INTEGER NOT NULL, expires INTEGER NOT NULL, source TEXT NOT NULL, link TEXT);' +
          'CREATE INDEX newest_index_order ON newest_index (published DESC, key DESC);' +
          'CREATE TABLE newest_index_size (id INTEGER PRIMARY KEY CHECK (id = 1), rows INTEGER NOT NULL);',
      );
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${TRIM_SQL}`).all(3) as Array<{ detail: string }>).map((row) => row.detail);
      expect(plan).toContainEqual(expect.stringContaining('SCAN newest_index USING COVERING INDEX newest_index_order'));
      // Read backwards, the index is already in the order asked for: no sort of the whole table.
      expect(plan.join('\n')).not.toContain('TEMP B-TREE');
    } finally {
      db.close();
    }
  });

  it('keeps its capacity and its newest rows, ties broken by key as the pages order them, and a count equal to its rows', async () => {
    const store = await open(3);
    spy = new Database(file);
    await commit(store, [item('b', 5), item('a', 5), item('c', 4)]);
    await commit(store, [item('d', 3), item('e', 5)]);
    // Of the three published 5 hours ago, the one with the highest key stays: the pages' order (published, then key, descending).
    const tied = ['a', 'b', 'e'].sort((x, y) => (keyOf(x) < keyOf(y) ? 1 : -1));
    expect((await store.newestItems(10)).map((found) => found.externalId)).toEqual(['d', 'c', tied[0]]);
    expect(keysInIndex()).toEqual([keyOf('d'), keyOf('c'), keyOf(tied[0]!)]);
    expect(counts()).toEqual({ kept: 3, real: 3 });
  });

  it('does not count an item committed again (an update of its row) as another row', async () => {
    const store = await open(10);
    spy = new Database(file);
    await commit(store, [item('a', 2), item('b', 1)]);
    await commit(store, [{ ...item('a', 2), title: 'A title, corrected' }]);
    expect(counts()).toEqual({ kept: 2, real: 2 });
  });

  it('counts the rows a store written before the count already had, in the commit that starts it', async () => {
    const first = await open(100);
    await commit(first, [item('a', 4), item('b', 3), item('c', 2)]);
    await first.close();
    opened.splice(0);
    // As a store written before the count: its rows, no count and no triggers.
    const before = new Database(file);
    before.exec('DROP TRIGGER newest_index_added; DROP TRIGGER newest_index_removed; DROP TABLE newest_index_size;');
    before.close();

    const store = await open(3);
    spy = new Database(file);
    await commit(store, [item('d', 1)]);
    expect((await store.newestItems(10)).map((found) => found.externalId)).toEqual(['d', 'c', 'b']);
    expect(counts()).toEqual({ kept: 3, real: 3 });
  });

  it('starts the count again in the next commit when the one that started it was rolled back', async () => {
    const first = await open(100);
    await commit(first, [item('a', 4), item('b', 3)]);
    await first.close();
    opened.splice(0);
    const before = new Database(file);
    before.exec('DROP TRIGGER newest_index_added; DROP TRIGGER newest_index_removed; DROP TABLE newest_index_size;');
    // The change log's rows are written after the index's: SQLite refuses them once, and the commit rolls back.
    before.exec(
      'CREATE TABLE refusals (left INTEGER); INSERT INTO refusals VALUES (1);' +
        "CREATE TRIGGER refuse_log BEFORE INSERT ON change_log WHEN (SELECT left FROM refusals) > 0 BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;",
    );
    before.close();

    const store = await open(3);
    spy = new Database(file);
    await expect(commit(store, [item('c', 2)])).rejects.toThrow(/refused for the test/);
    expect(spy.prepare("SELECT name FROM sqlite_master WHERE name = 'newest_index_size'").get()).toBeUndefined();
    spy.exec('UPDATE refusals SET left = 0');
    await commit(store, [item('d', 1), item('e', 0)]);
    expect((await store.newestItems(10)).map((found) => found.externalId)).toEqual(['e', 'd', 'b']);
    expect(counts()).toEqual({ kept: 3, real: 3 });
  });

  it('holds its capacity exactly when two connections commit to one file', async () => {
    const one = await open(4);
    const other = await open(4);
    spy = new Database(file);
    for (let round = 0; round < 5; round++) {
      await commit(one, [item(`one-${round}`, 10 - round)]);
      await commit(other, [item(`other-${round}`, 10 - round - 0.5)]);
    }
    expect(keysInIndex()).toHaveLength(4);
    expect((await one.newestItems(10)).map((found) => found.externalId)).toEqual(['other-4', 'one-4', 'other-3', 'one-3']);
    expect(counts()).toEqual({ kept: 4, real: 4 });
  });
});
