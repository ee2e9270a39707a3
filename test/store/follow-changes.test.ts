import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initialFetchState } from '../../src/model/fetch-state.js';
import { followChanges } from '../../src/store/follow-changes.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { hashId, itemKey } from '../../src/store/store-keys.js';
import { makeItem } from '../helpers/make-item.js';

const T0 = new Date('2026-01-10T12:00:00.000Z');
const keyOf = (id: string): string => itemKey('a', hashId(id));

async function commit(store: ItemStore, ids: string[]): Promise<void> {
  const items = ids.map((id) => makeItem({ externalId: id, title: `Title ${id}`, link: `https://news.example/a/${id}`, source: { key: 'a', name: 'a', type: 'RSS' } }));
  await store.commit('a', items, initialFetchState('a', 'https://news.example/a.xml'), T0);
}

/** Every page followChanges hands over, and where it got to. */
async function follow(store: ItemStore, cursor: string | undefined, pageSize: number) {
  const pages: string[][] = [];
  const end = await followChanges(store, cursor, pageSize, async (keys) => void pages.push(keys));
  return { pages, ...end };
}

describe('followChanges on a SQLite store', () => {
  const dirs: string[] = [];
  const stores: ItemStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  async function open(): Promise<ItemStore> {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-follow-'));
    dirs.push(dir);
    const store = await openItemStore(`sqlite://${join(dir, 'store.db')}`, { retentionDays: 30, seenRetentionDays: 365 });
    stores.push(store);
    return store;
  }

  it('reads every stored item when there is no cursor, then goes on from the log alone', async () => {
    const store = await open();
    await commit(store, ['1', '2', '3']);
    const first = await follow(store, undefined, 2);
    expect(first.readAll).toBe(true);
    expect(first.pages.flat().sort()).toEqual([keyOf('1'), keyOf('2'), keyOf('3')].sort());

    await commit(store, ['4', '5', '6']);
    const next = await follow(store, first.cursor, 2);
    expect(next.readAll).toBe(false);
    // Pages of the page size, in the order of the changes.
    expect(next.pages).toEqual([[keyOf('4'), keyOf('5')], [keyOf('6')]]);

    const idle = await follow(store, next.cursor, 2);
    expect(idle).toEqual({ pages: [], cursor: next.cursor, readAll: false });
  });

  it('hands a key changed twice in one page over once', async () => {
    const store = await open();
    const { cursor } = await follow(store, undefined, 10);
    await commit(store, ['1']);
    await store.commit(
      'a',
      [makeItem({ externalId: '1', title: 'Title 1, corrected', link: 'https://news.example/a/1', source: { key: 'a', name: 'a', type: 'RSS' } })],
      initialFetchState('a', 'https://news.example/a.xml'),
      T0,
    );
    expect((await follow(store, cursor, 10)).pages).toEqual([[keyOf('1')]]);
  });

  it("reads the whole store for a cursor of another store's log", async () => {
    const store = await open();
    await commit(store, ['1']);
    const other = await follow(await open(), undefined, 10);
    const result = await follow(store, other.cursor, 10);
    expect(result.readAll).toBe(true);
    expect(result.pages.flat()).toEqual([keyOf('1')]);
  });
});
