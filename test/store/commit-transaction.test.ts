import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors/store-error.js';
import { initialFetchState } from '../../src/model/fetch-state.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { makeItem } from '../helpers/make-item.js';

const T0 = new Date('2026-01-10T12:00:00.000Z');
const items = [makeItem({ externalId: 'one' }), makeItem({ externalId: 'two', link: 'https://news.example/b' })];
const state = { ...initialFetchState('news', 'https://news.example/feed.xml'), etag: '"v1"' };

let dir: string;
let file: string;
let store: ItemStore;
/** A second connection to the same file, as another process would have. */
let spy: Database.Database;

function keysInFile(): string[] {
  return (spy.prepare('SELECT key FROM keyv ORDER BY key').all() as Array<{ key: string }>).map((row) => row.key);
}

function indexRowsInFile(): number {
  return (spy.prepare('SELECT count(*) AS n FROM newest_index').get() as { n: number }).n;
}

function changeLogRowsInFile(): number {
  return (spy.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tributary-commit-'));
  file = join(dir, 'tributary.db');
  store = await openItemStore(`sqlite://${file}`, { retentionDays: 30, seenRetentionDays: 365 });
  spy = new Database(file);
});

afterEach(async () => {
  await store.close();
  spy.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a commit on SQLite', () => {
  it('writes the items, their seen records, the index, the change log, the state and a new content token together', async () => {
    await store.commit('news', items, state, T0);
    expect(keysInFile()).toHaveLength(6);
    expect(keysInFile()).toEqual(expect.arrayContaining(['tributary:state:news', 'tributary:content-token']));
    expect(indexRowsInFile()).toBe(2);
    expect(changeLogRowsInFile()).toBe(2);
  });

  it('writes nothing at all when its last write fails', async () => {
    // The state is written after the items; make SQLite refuse it.
    spy.exec("CREATE TRIGGER refuse_state BEFORE INSERT ON keyv WHEN NEW.key LIKE 'tributary:state:%' " + "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;");
    const failed = store.commit('news', items, state, T0);
    await expect(failed).rejects.toThrow(StoreError);
    await expect(failed).rejects.toThrow(/store commit failed: refused for the test/);
    expect(keysInFile()).toEqual([]);
    expect(indexRowsInFile()).toBe(0);
    expect(changeLogRowsInFile()).toBe(0);

    spy.exec('DROP TRIGGER refuse_state');
    expect(await store.getState('news')).toBeUndefined();
    expect((await store.commit('news', items, state, T0)).added).toHaveLength(2);
  });

  it("writes the record of the source's document with its items: refused, it takes the items and the state with it", async () => {
    const knownItems = { version: '1.0.0', digest: 'd', items: [['fp-1', 'one', T0.getTime()] as [string, string, number]] };
    spy.exec("CREATE TRIGGER refuse_known BEFORE INSERT ON keyv WHEN NEW.key LIKE 'tributary:known:%' BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;");
    await expect(store.commit('news', items, state, T0, { knownItems })).rejects.toThrow(/refused for the test/);
    expect(keysInFile()).toEqual([]);
    expect(await store.knownItems('news')).toBeUndefined();

    spy.exec('DROP TRIGGER refuse_known');
    await store.commit('news', items, state, T0, { knownItems });
    expect(await store.knownItems('news')).toEqual(knownItems);
  });

  it("keeps the record of the source's feed as long as the items it writes, and leaves it alone when it writes no item and the feed is the same", async () => {
    const feedExpires = () => (spy.prepare("SELECT expires FROM keyv WHERE key = 'tributary:feed:news'").get() as { expires: number }).expires;
    const sourceFeed = { title: 'News', link: 'https://news.example/' };
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    await store.commit('news', items, state, T0, { sourceFeed });
    const first = feedExpires();
    await pause();
    await store.commit('news', items, state, T0, { sourceFeed });
    expect(feedExpires()).toBe(first);
    await pause();
    await store.commit('news', [makeItem({ externalId: 'three', link: 'https://news.example/c' })], state, T0, { sourceFeed });
    expect(feedExpires()).toBeGreaterThan(first);
  });
});
