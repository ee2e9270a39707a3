import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialFetchState } from '../../src/model/fetch-state.js';
import type { Item } from '../../src/model/item.js';
import type { ItemStore, SourceFeed } from '../../src/store/item-store.js';
import { KeyvItemStore } from '../../src/store/keyv-item-store.js';
import { openKeyv } from '../../src/store/open-keyv.js';
import type { SqliteAdapter } from '../../src/store/sqlite-adapter.js';
import { sqliteKeyLister } from '../../src/store/key-lister.js';
import { SqliteChangeLog } from '../../src/store/sqlite-change-log.js';
import { SqliteNewestIndex } from '../../src/store/sqlite-newest-index.js';
import { makeItem } from '../helpers/make-item.js';
import { REDIS_MISSING } from '../helpers/redis-server.js';
import { availableBackends, redisMissingInCi, useBackendStores } from './store-backends.js';

const T0 = new Date('2026-01-10T12:00:00.000Z');

function item(source: string, id: string, minutesAgo: number): Item {
  const date = new Date(T0.getTime() - minutesAgo * 60_000).toISOString();
  return makeItem({ externalId: id, title: id, publishedAt: date, updatedAt: date, source: { key: source, name: source, type: 'RSS' } });
}

const commit = (store: ItemStore, source: string, items: Item[], sourceFeed?: SourceFeed) =>
  store.commit(source, items, initialFetchState(source, `https://${source}.example/feed`), T0, { sourceFeed });

async function collect(iterable: AsyncIterable<Item>, limit = Number.POSITIVE_INFINITY): Promise<string[]> {
  const ids: string[] = [];
  for await (const found of iterable) {
    ids.push(found.externalId);
    if (ids.length >= limit) break;
  }
  return ids;
}

describe.each(availableBackends())('iterating the newest items on $name', (backend) => {
  const stores = useBackendStores(backend);
  const { open } = stores;

  it('yields every item across sources, newest published first, in the order newestItems gives', async () => {
    const store = await open();
    await commit(store, 'a', [item('a', 'a1', 50), item('a', 'a3', 30)]);
    await commit(store, 'b', [item('b', 'b2', 40), item('b', 'b4', 10)]);
    expect(await collect(store.iterateNewest({ pageSize: 3 }))).toEqual(['b4', 'a3', 'b2', 'a1']);
    expect((await store.newestItems(10)).map((found) => found.externalId)).toEqual(['b4', 'a3', 'b2', 'a1']);
  });

  it('keeps, per source, what the last commit said about its document', async () => {
    const store = await open();
    await commit(store, 'a', [item('a', 'a1', 5)], { title: 'A feed', link: 'https://a.example/', id: 'urn:a' });
    await commit(store, 'b', [item('b', 'b1', 5)]);
    await commit(store, 'a', [item('a', 'a2', 1)], { title: 'A feed, renamed' });
    const feeds = await store.sourceFeeds(['a', 'b', 'c']);
    expect([...feeds.entries()]).toEqual([['a', { title: 'A feed, renamed' }]]);
  });

  it('reports and skips an indexed item that no longer fits the model', async () => {
    const store = await open();
    await commit(store, 'a', [item('a', 'a1', 20), item('a', 'a2', 10)]);
    const raw = await openKeyv(stores.uri(), { namespace: 'tributary' });
    let newestKey = '';
    for await (const page of store.indexPages(1)) {
      newestKey = page[0]!.key;
      break;
    }
    await raw.set(newestKey, { broken: true });
    await raw.disconnect();
    const invalid: string[] = [];
    expect(await collect(store.iterateNewest({ onInvalid: (key) => invalid.push(key) }))).toEqual(['a1']);
    expect(invalid).toEqual([newestKey]);
  });
});

describe('iterating lazily', () => {
  it('reads one page per step and nothing past the point where the caller stops', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-lazy-'));
    const keyv = await openKeyv(`sqlite://${join(dir, 'store.db')}`, { namespace: 'tributary' });
    const pages: number[] = [];
    const getMany = keyv.getMany.bind(keyv);
    keyv.getMany = (async (keys: string[]) => {
      pages.push(keys.length);
      return getMany(keys);
    }) as typeof keyv.getMany;
    const index = new SqliteNewestIndex(keyv.store as SqliteAdapter, 5000);
    const adapter = keyv.store as SqliteAdapter;
    const backend = { index, changes: new SqliteChangeLog(adapter, 30 * 86_400_000), listKeys: sqliteKeyLister(adapter) };
    const store = new KeyvItemStore(keyv, 'sqlite://store.db', backend, { retentionDays: 30, seenRetentionDays: 365 });
    await commit(
      store,
      'a',
      Array.from({ length: 100 }, (_, i) => item('a', `a${i}`, i)),
    );
    pages.length = 0;

    expect(await collect(store.iterateNewest({ pageSize: 10 }), 15)).toEqual(Array.from({ length: 15 }, (_, i) => `a${i}`));
    expect(pages).toEqual([10, 10]);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
});

if (redisMissingInCi()) {
  describe('iterating the newest items on redis', () => {
    it('needs redis-server in CI', () => {
      throw new Error(REDIS_MISSING);
    });
  });
}
