import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors/store-error.js';
import { initialFetchState } from '../../src/model/fetch-state.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { SqliteAdapter } from '../../src/store/sqlite-adapter.js';
import { WriteGroup } from '../../src/store/sqlite-write-group.js';
import { makeItem } from '../helpers/make-item.js';

const T0 = new Date('2026-01-10T12:00:00.000Z');

let dir: string;
let file: string;
/** A second connection to the same file, as another process would have: it sees only what was committed. */
let spy: Database.Database;
const closers: Array<() => unknown> = [];

function keysInFile(): string[] {
  return (spy.prepare('SELECT key FROM keyv ORDER BY key').all() as Array<{ key: string }>).map((row) => row.key);
}

function count(table: string): number {
  return (spy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function commitOf(store: ItemStore, source: string): Promise<unknown> {
  const items = [makeItem({ externalId: `${source}-1`, link: `https://news.example/${source}/1` }), makeItem({ externalId: `${source}-2`, link: `https://news.example/${source}/2` })];
  return store.commit(source, items, initialFetchState(source, `https://news.example/${source}.xml`), T0);
}

async function openStore(): Promise<ItemStore> {
  const store = await openItemStore(`sqlite://${file}`, { retentionDays: 30, seenRetentionDays: 365 });
  closers.push(() => store.close());
  return store;
}

/** The end of the current turn of the event loop (and of the group commit made there). */
const turnEnd = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tributary-group-'));
  file = join(dir, 'tributary.db');
  // The file and its tables, made before the spy opens it.
  await (await openStore()).close();
  spy = new Database(file);
});

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  spy.close();
  await rm(dir, { recursive: true, force: true });
});

describe('commits on SQLite, grouped', () => {
  it('share one transaction when made in one turn of the event loop: each settles only once all are committed', async () => {
    const store = await openStore();
    let seenWhenASettled: string[] = [];
    const a = commitOf(store, 'a').then(() => {
      seenWhenASettled = keysInFile();
    });
    const b = commitOf(store, 'b');
    await Promise.all([a, b]);
    // b was written after a, in a's transaction: a settled at its COMMIT, with b's writes in it.
    expect(seenWhenASettled).toEqual(expect.arrayContaining(['tributary:state:a', 'tributary:state:b']));
    expect(count('newest_index')).toBe(4);
    expect(count('change_log')).toBe(4);
  });

  it('settle one by one, each committed, when each waits for the one before', async () => {
    const store = await openStore();
    for (const source of ['a', 'b', 'c']) {
      await commitOf(store, source);
      expect(keysInFile()).toContain(`tributary:state:${source}`);
    }
  });

  it('undo only the commit that fails, and the others of its transaction are stored', async () => {
    const store = await openStore();
    spy.exec("CREATE TRIGGER refuse_b BEFORE INSERT ON keyv WHEN NEW.key = 'tributary:state:b' BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;");
    const [a, b, c] = await Promise.allSettled([commitOf(store, 'a'), commitOf(store, 'b'), commitOf(store, 'c')]);
    expect(a.status).toBe('fulfilled');
    expect(c.status).toBe('fulfilled');
    expect(b.status).toBe('rejected');
    const reason = (b as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(StoreError);
    expect(String(reason.message)).toMatch(/store commit failed: refused for the test/);
    const keys = keysInFile();
    expect(keys).toEqual(expect.arrayContaining(['tributary:state:a', 'tributary:state:c']));
    expect(keys.filter((key) => key.includes(':b'))).toEqual([]);
    expect(count('newest_index')).toBe(4);
    expect(count('change_log')).toBe(4);
    expect((await store.newestItems(10)).map((item) => item.externalId).sort()).toEqual(['a-1', 'a-2', 'c-1', 'c-2']);
  });

  it('are read back by the same store at once, committed: a read commits the open group first', async () => {
    const adapter = new SqliteAdapter(file, { groupCommits: true });
    closers.push(() => adapter.disconnect());
    await adapter.setMany([{ key: 'tributary:x', value: '"1"' }]);
    // Made, not yet committed: another connection does not see it.
    expect(keysInFile()).not.toContain('tributary:x');
    adapter.flush();
    expect(keysInFile()).toContain('tributary:x');
    await expect(adapter.written()).resolves.toBeUndefined();
  });

  it('are committed before a write of its own, and before the store closes', async () => {
    const adapter = new SqliteAdapter(file, { groupCommits: true });
    await adapter.setMany([{ key: 'tributary:grouped', value: '"1"' }]);
    await adapter.set('tributary:alone', '"2"');
    expect(keysInFile()).toEqual(expect.arrayContaining(['tributary:grouped', 'tributary:alone']));
    await adapter.setMany([{ key: 'tributary:last', value: '"3"' }]);
    await adapter.disconnect();
    expect(keysInFile()).toContain('tributary:last');
  });
});

describe('a group of writes', () => {
  /** A connection enforcing a deferred foreign key, so that a write can be made and its COMMIT refused. */
  function deferredForeignKeys(): Database.Database {
    const db = new Database(file);
    closers.push(() => db.close());
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);');
    return db;
  }

  it('whose COMMIT fails fails every write it held, stores none of them, and the next group goes on', async () => {
    const db = deferredForeignKeys();
    const group = new WriteGroup(() => db, true);
    group.run(() => db.exec('INSERT INTO parent VALUES (1)'));
    const first = group.written();
    group.run(() => db.exec('INSERT INTO child VALUES (1, 99)'));
    const second = group.written();
    await expect(first).rejects.toThrow(/FOREIGN KEY/);
    await expect(second).rejects.toThrow(/FOREIGN KEY/);
    expect(count('parent') + count('child')).toBe(0);

    group.run(() => db.exec('INSERT INTO parent VALUES (2)'));
    await expect(group.written()).resolves.toBeUndefined();
    expect(count('parent')).toBe(1);
  });

  it('holds at most 256 writes: the 256th commits them', () => {
    const db = deferredForeignKeys();
    const group = new WriteGroup(() => db, true);
    for (let id = 1; id <= 256; id++) group.run(() => db.prepare('INSERT INTO parent VALUES (?)').run(id));
    // Committed within this turn, before its end.
    expect(count('parent')).toBe(256);
    group.run(() => db.exec('INSERT INTO parent VALUES (257)'));
    expect(count('parent')).toBe(256);
    group.flush();
    expect(count('parent')).toBe(257);
  });

  it('ungrouped, commits each write as it is made', async () => {
    const db = deferredForeignKeys();
    const group = new WriteGroup(() => db, false);
    group.run(() => db.exec('INSERT INTO parent VALUES (1)'));
    expect(count('parent')).toBe(1);
    expect(() => group.run(() => db.exec('INSERT INTO child VALUES (1, 99)'))).toThrow(/FOREIGN KEY/);
    expect(count('child')).toBe(0);
    await turnEnd();
    expect(count('parent')).toBe(1);
  });
});
