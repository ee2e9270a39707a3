import type { Keyv } from 'keyv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors/store-error.js';
import { initialFetchState, type FetchState } from '../../src/model/fetch-state.js';
import type { Item } from '../../src/model/item.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { openKeyv } from '../../src/store/open-keyv.js';
import { RedisNewestIndex, type RedisIndexClient } from '../../src/store/redis-newest-index.js';
import { hashId, itemKey, LEGACY_INDEX_KEY, seenKey, stateKey } from '../../src/store/store-keys.js';
import { makeItem } from '../helpers/make-item.js';
import { describeWithRedis, REDIS_MISSING, RedisServer } from '../helpers/redis-server.js';
import { availableBackends, redisMissingInCi, useBackendStores } from './store-backends.js';

const T0 = new Date('2026-01-10T12:00:00.000Z');
const DAY = 86_400_000;
const at = (ms: number): Date => new Date(T0.getTime() + ms);

/** An item of source `source`, published `hoursAgo` hours before T0. */
function item(source: string, id: string, hoursAgo: number, overrides: Partial<Item> = {}): Item {
  const date = at(-hoursAgo * 3_600_000).toISOString();
  return makeItem({
    externalId: id,
    title: `Title ${id}`,
    link: `https://news.example/${source}/${id}`,
    publishedAt: date,
    updatedAt: date,
    source: { key: source, name: source, type: 'RSS' },
    ...overrides,
  });
}

function state(sourceKey: string, overrides: Partial<FetchState> = {}): FetchState {
  return { ...initialFetchState(sourceKey, `https://news.example/${sourceKey}.xml`), ...overrides };
}

/** A retention that rounds to the shortest TTL there is, 1 ms. */
const ONE_MS_IN_DAYS = 1 / DAY;
/** Lets a 1 ms TTL run out: keyv and Redis expire on the wall clock. */
const waitPastTinyTtl = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 25));

describe.each(availableBackends())('item store on $name', (backend) => {
  const stores = useBackendStores(backend);
  const { open } = stores;

  /** The same store, read under the hood: for what the ItemStore interface does not show. */
  async function openRaw(): Promise<Keyv> {
    const keyv = await openKeyv(stores.uri(), { namespace: 'tributary' });
    stores.closeAfter(() => keyv.disconnect());
    return keyv;
  }

  it('adds items never seen before', async () => {
    const store = await open();
    const result = await store.commit('a', [item('a', '1', 2), item('a', '2', 1)], state('a'), T0);
    expect(result.added.map((i) => i.externalId)).toEqual(['1', '2']);
    expect(result.updated).toEqual([]);
    expect(result.unchanged).toBe(0);
    expect((await store.newestItems(10)).map((i) => i.externalId)).toEqual(['2', '1']);
  });

  it("keeps the record of a source's last document that a commit was given, and leaves it when given none", async () => {
    const store = await open();
    expect(await store.knownItems('a')).toBeUndefined();
    const knownItems = { version: '1.0.0', digest: 'd', items: [['fp-1', '1', T0.getTime()] as [string, string, number]] };
    await store.commit('a', [item('a', '1', 1)], state('a'), T0, { knownItems });
    await store.commit('a', [], state('a'), at(60_000));
    expect(await store.knownItems('a')).toEqual(knownItems);
    expect(await store.knownItems('b')).toBeUndefined();
  });

  it('adds nothing when the same items are committed again', async () => {
    const store = await open();
    const items = [item('a', '1', 2), item('a', '2', 1)];
    await store.commit('a', items, state('a'), T0);
    const again = await store.commit('a', items, state('a'), at(60_000));
    expect(again).toEqual({ added: [], updated: [], unchanged: 2, state: expect.objectContaining({ sourceKey: 'a' }) });
  });

  it('adds an id that appears twice in one commit once', async () => {
    const store = await open();
    const result = await store.commit('a', [item('a', '1', 2), item('a', '1', 1)], state('a'), T0);
    expect(result.added).toHaveLength(1);
    expect(result.unchanged).toBe(1);
    expect(await store.newestItems(10)).toHaveLength(1);
  });

  it('keeps items of different sources with the same id apart', async () => {
    const store = await open();
    await store.commit('a', [item('a', 'same', 2)], state('a'), T0);
    const result = await store.commit('b', [item('b', 'same', 1)], state('b'), T0);
    expect(result.added).toHaveLength(1);
    expect((await store.newestItems(10)).map((i) => i.source.key)).toEqual(['b', 'a']);
  });

  it('treats a changed title as an update that keeps publishedAt and moves updatedAt to now', async () => {
    const store = await open();
    const original = item('a', '1', 5);
    await store.commit('a', [original], state('a'), T0);
    const later = at(DAY);
    const changed = { ...original, title: 'A corrected title', publishedAt: later.toISOString() };
    const result = await store.commit('a', [changed], state('a'), later);
    expect(result.added).toEqual([]);
    expect(result.updated).toHaveLength(1);
    expect(result.updated[0]).toMatchObject({
      title: 'A corrected title',
      publishedAt: original.publishedAt,
      updatedAt: later.toISOString(),
    });
    expect(await store.newestItems(10)).toEqual(result.updated);
  });

  it("takes the feed's updatedAt for an update when it is later than the stored one", async () => {
    const store = await open();
    const original = item('a', '1', 5);
    await store.commit('a', [original], state('a'), T0);
    const feedUpdatedAt = at(-3_600_000).toISOString();
    const changed = { ...original, content: '<p>More.</p>', updatedAt: feedUpdatedAt };
    const result = await store.commit('a', [changed], state('a'), at(DAY));
    expect(result.updated[0]?.updatedAt).toBe(feedUpdatedAt);
  });

  it('ignores a change of dates alone', async () => {
    const store = await open();
    const original = item('a', '1', 5);
    await store.commit('a', [original], state('a'), T0);
    const redated = { ...original, publishedAt: at(DAY).toISOString(), updatedAt: at(DAY).toISOString() };
    expect(await store.commit('a', [redated], state('a'), at(DAY))).toEqual({ added: [], updated: [], unchanged: 1, state: expect.objectContaining({ sourceKey: 'a' }) });
  });

  it('keeps the first publishedAt of an item without a date', async () => {
    const store = await open();
    // The normalizer dates an undated item "now", at every poll.
    const undated = (now: Date): Item => item('a', 'undated', 0, { publishedAt: now.toISOString(), updatedAt: now.toISOString() });
    await store.commit('a', [undated(T0)], state('a'), T0);
    await store.commit('a', [undated(at(DAY))], state('a'), at(DAY));
    const changed = { ...undated(at(2 * DAY)), title: 'Now with a title' };
    await store.commit('a', [changed], state('a'), at(2 * DAY));
    const [stored] = await store.newestItems(1);
    expect(stored?.title).toBe('Now with a title');
    expect(stored?.publishedAt).toBe(T0.toISOString());
  });

  it('does not bring back an item that expired while its seen record lives on', async () => {
    const store = await open({ retentionDays: ONE_MS_IN_DAYS });
    await store.commit('a', [item('a', '1', 2)], state('a'), T0);
    await waitPastTinyTtl();
    const again = await store.commit('a', [item('a', '1', 2)], state('a'), T0);
    expect(again).toEqual({ added: [], updated: [], unchanged: 1, state: expect.objectContaining({ sourceKey: 'a' }) });
    expect(await store.newestItems(10)).toEqual([]);
  });

  it('does not bring back an expired item even when its content changed', async () => {
    const store = await open({ retentionDays: ONE_MS_IN_DAYS });
    await store.commit('a', [item('a', '1', 2)], state('a'), T0);
    await waitPastTinyTtl();
    const again = await store.commit('a', [item('a', '1', 2, { title: 'Changed' })], state('a'), T0);
    expect(again).toEqual({ added: [], updated: [], unchanged: 1, state: expect.objectContaining({ sourceKey: 'a' }) });
  });

  it('refreshes the seen record of an item seen again after half the seen retention', async () => {
    const store = await open({ seenRetentionDays: 10 });
    await store.commit('a', [item('a', '1', 2)], state('a'), T0);
    await store.commit('a', [item('a', '1', 2)], state('a'), at(6 * DAY));
    const seen = await (await openRaw()).get(seenKey('a', hashId('1')));
    expect(seen).toMatchObject({ firstSeenAt: T0.toISOString(), refreshedAt: at(6 * DAY).toISOString() });
  });

  it('leaves the seen record of an item seen again within half the seen retention alone', async () => {
    const store = await open({ seenRetentionDays: 10 });
    await store.commit('a', [item('a', '1', 2)], state('a'), T0);
    await store.commit('a', [item('a', '1', 2)], state('a'), at(4 * DAY));
    const seen = await (await openRaw()).get(seenKey('a', hashId('1')));
    expect(seen).toMatchObject({ refreshedAt: T0.toISOString() });
  });

  it('returns the newest items across sources, newest first, at most the limit', async () => {
    const store = await open();
    await store.commit('a', [item('a', 'a5', 5), item('a', 'a3', 3), item('a', 'a1', 1)], state('a'), T0);
    await store.commit('b', [item('b', 'b4', 4), item('b', 'b2', 2)], state('b'), T0);
    expect((await store.newestItems(4)).map((i) => i.externalId)).toEqual(['a1', 'b2', 'a3', 'b4']);
    expect(await store.newestItems(0)).toEqual([]);
  });

  it('skips index entries whose items expired', async () => {
    const shortLived = await open({ retentionDays: ONE_MS_IN_DAYS });
    await shortLived.commit('old', [item('old', 'o1', 1), item('old', 'o2', 2)], state('old'), T0);
    await waitPastTinyTtl();
    const store = await open();
    await store.commit('new', [item('new', 'n1', 3)], state('new'), T0);
    expect((await store.newestItems(10)).map((i) => i.externalId)).toEqual(['n1']);
    expect(await store.countIndexed()).toBe(1);
  });

  it('pages the index newest first, ties by key descending, each row with its source and canonical link', async () => {
    const store = await open();
    const tied = { publishedAt: at(-3_600_000).toISOString() };
    await store.commit('a', [item('a', 'a1', 1), item('a', 't1', 1, tied), item('a', 'a5', 5)], state('a'), T0);
    await store.commit('b', [item('b', 'b2', 2), item('b', 't2', 1, { ...tied, link: 'https://news.example/a/t1?utm_source=rss' })], state('b'), T0);
    const pages: string[][] = [];
    const refs = [];
    for await (const page of store.indexPages(2)) {
      pages.push(page.map((ref) => ref.key));
      refs.push(...page);
    }
    const keyOf = (source: string, id: string) => itemKey(source, hashId(id));
    const tiedKeys = [keyOf('a', 'a1'), keyOf('a', 't1'), keyOf('b', 't2')].sort().reverse();
    expect(pages.flat()).toEqual([...tiedKeys, keyOf('b', 'b2'), keyOf('a', 'a5')]);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(refs.find((ref) => ref.key === keyOf('b', 't2'))).toEqual({
      key: keyOf('b', 't2'),
      publishedMs: Date.parse(tied.publishedAt),
      sourceKey: 'b',
      linkKey: 'news.example/a/t1',
    });
  });

  it('resumes each page after the last row read: rows written meanwhile neither repeat nor shift it', async () => {
    const store = await open();
    await store.commit(
      'a',
      [1, 2, 3, 4, 5, 6].map((h) => item('a', `h${h}`, h)),
      state('a'),
      T0,
    );
    const seen: string[] = [];
    let wrote = false;
    for await (const page of store.indexPages(2)) {
      seen.push(...page.map((ref) => ref.key));
      if (!wrote) {
        // A newer item (ahead of the cursor) and an older one (behind it) arrive mid-read.
        await store.commit('b', [item('b', 'newer', 0), item('b', 'older', 10)], state('b'), T0);
        wrote = true;
      }
    }
    const keys = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((id) => itemKey('a', hashId(id)));
    expect(seen).toEqual([...keys, itemKey('b', hashId('older'))]);
  });

  it('carries over the index an older version kept as one key, and removes that key', async () => {
    // What the older version left: items under their keys and the index as one JSON array.
    const raw = await openRaw();
    const items = [item('a', 'a1', 1), item('a', 'a2', 2)];
    const keys = items.map((i) => itemKey('a', hashId(i.externalId)));
    for (const [n, i] of items.entries()) await raw.set(keys[n]!, i, 30 * DAY);
    await raw.set(
      LEGACY_INDEX_KEY,
      items.map((i, n) => [keys[n], Date.parse(i.publishedAt), Date.now() + 30 * DAY]),
    );
    const store = await open();
    expect((await store.newestItems(10)).map((i) => i.externalId)).toEqual(['a1', 'a2']);
    const rows = [];
    for await (const page of store.indexPages()) rows.push(...page);
    expect(rows).toEqual([
      { key: keys[0], publishedMs: Date.parse(items[0]!.publishedAt), sourceKey: 'a', linkKey: 'news.example/a/a1' },
      { key: keys[1], publishedMs: Date.parse(items[1]!.publishedAt), sourceKey: 'a', linkKey: 'news.example/a/a2' },
    ]);
    expect(await raw.get(LEGACY_INDEX_KEY)).toBeUndefined();
  });

  it('walks past a page of expired entries to fill the limit', async () => {
    const shortLived = await open({ retentionDays: ONE_MS_IN_DAYS });
    const expired = Array.from({ length: 40 }, (_, i) => item('old', `o${i}`, 1 + i / 100));
    await shortLived.commit('old', expired, state('old'), T0);
    await waitPastTinyTtl();
    const store = await open();
    await store.commit('new', [item('new', 'n1', 10), item('new', 'n2', 11)], state('new'), T0);
    expect((await store.newestItems(2)).map((i) => i.externalId)).toEqual(['n1', 'n2']);
  });

  it('caps the index at its capacity, keeping the newest', async () => {
    const store = await open({ indexCapacity: 3 });
    const items = [5, 4, 3, 2, 1].map((hoursAgo) => item('a', `h${hoursAgo}`, hoursAgo));
    await store.commit('a', items, state('a'), T0);
    expect((await store.newestItems(10)).map((i) => i.externalId)).toEqual(['h1', 'h2', 'h3']);
  });

  it('trims the index to its capacity counting only the rows not expired', async () => {
    const store = await open({ indexCapacity: 3 });
    await store.commit('a', [item('a', 'h5', 5), item('a', 'h4', 4)], state('a'), T0);
    // Neither the oldest nor the newest: trimming by date alone would not take it.
    const shortLived = await open({ indexCapacity: 3, retentionDays: ONE_MS_IN_DAYS });
    await shortLived.commit('b', [item('b', 'h3', 3)], state('b'), T0);
    await waitPastTinyTtl();
    await store.commit('a', [item('a', 'h1', 1)], state('a'), T0);
    expect((await store.newestItems(10)).map((i) => i.externalId)).toEqual(['h1', 'h4', 'h5']);
    expect(await store.countIndexed()).toBe(3);
  });

  it('sees everything a previous instance stored (restart)', async () => {
    const first = await open();
    const items = [item('a', '1', 2), item('a', '2', 1)];
    await first.commit('a', items, state('a', { etag: '"v1"' }), T0);
    await first.close();
    const second = await open();
    expect(await second.newestItems(10)).toEqual([items[1], items[0]]);
    expect(await second.getState('a')).toMatchObject({ etag: '"v1"', itemsSeen: 2 });
    expect((await second.commit('a', items, state('a'), at(60_000))).added).toEqual([]);
  });

  it('round-trips the fetch state', async () => {
    const store = await open();
    const saved = state('a', {
      lastAttemptAt: T0.toISOString(),
      lastStatus: 503,
      consecutiveErrors: 2,
      lastError: { kind: 'http', message: 'HTTP 503', at: T0.toISOString() },
      etag: 'W/"abc"',
      lastModified: 'Sat, 10 Jan 2026 12:00:00 GMT',
      itemsSeen: 12,
    });
    await store.saveState(saved);
    expect(await store.getState('a')).toEqual(saved);
  });

  it('reads the state of a source never saved as undefined', async () => {
    const store = await open();
    expect(await store.getState('nobody')).toBeUndefined();
  });

  it('reads many states at once, the same as one by one, leaving out the absent and the invalid', async () => {
    const store = await open();
    const keys = Array.from({ length: 1_200 }, (_, i) => `s${i}`);
    for (const key of keys.slice(0, 1_100)) await store.saveState(state(key, { itemsSeen: Number(key.slice(1)) }));
    await (await openRaw()).set(stateKey('s7'), { sourceKey: 's7', consecutiveErrors: 'many' });
    const found = await store.getStates([...keys, 'nobody']);
    expect(found.size).toBe(1_099);
    expect(found.has('s7')).toBe(false);
    expect(found.has('s1100')).toBe(false);
    expect(found.get('s1099')).toEqual(await store.getState('s1099'));
    expect(found.get('s600')).toMatchObject({ sourceKey: 's600', itemsSeen: 600 });
  });

  it('reads a saved state that breaks the schema as undefined', async () => {
    const store = await open();
    await (await openRaw()).set(stateKey('a'), { sourceKey: 'a', consecutiveErrors: 'many' });
    expect(await store.getState('a')).toBeUndefined();
  });

  it('saves the state with a commit, counting the added items into itemsSeen', async () => {
    const store = await open();
    const committed = await store.commit('a', [item('a', '1', 2), item('a', '2', 1)], state('a', { itemsSeen: 5, etag: '"v1"' }), T0);
    expect(await store.getState('a')).toMatchObject({ itemsSeen: 7, etag: '"v1"' });
    // The commit hands back the state exactly as it saved it.
    expect(committed.state).toEqual(await store.getState('a'));
    await store.commit('a', [item('a', '1', 2), item('a', '3', 0)], state('a', { itemsSeen: 7 }), T0);
    expect((await store.getState('a'))?.itemsSeen).toBe(8);
  });

  it('lands concurrent commits from two sources in the index', async () => {
    const store = await open();
    await Promise.all([store.commit('a', [item('a', 'a1', 1), item('a', 'a3', 3)], state('a'), T0), store.commit('b', [item('b', 'b2', 2)], state('b'), T0)]);
    expect((await store.newestItems(10)).map((i) => i.externalId)).toEqual(['a1', 'b2', 'a3']);
  });

  it('lands every item of commits made at once through separate connections (as separate processes would)', async () => {
    // Nothing serializes these: on SQLite the file's lock does, on Redis the index is a sorted set.
    const stores = await Promise.all([open(), open(), open()]);
    const sources = Array.from({ length: 12 }, (_, s) => `s${s}`);
    await Promise.all(
      sources.map((source, s) =>
        stores[s % stores.length]!.commit(
          source,
          [1, 2, 3, 4, 5].map((n) => item(source, `${source}-${n}`, n + s / 100)),
          state(source),
          T0,
        ),
      ),
    );
    const indexed = await stores[0]!.newestItems(1000);
    expect(indexed).toHaveLength(60);
    expect(await stores[1]!.countIndexed()).toBe(60);
    expect(new Set(indexed.map((i) => `${i.source.key}:${i.externalId}`)).size).toBe(60);
  });

  it('refuses a commit whose state belongs to another source', async () => {
    const store = await open();
    await expect(store.commit('a', [item('a', '1', 1)], state('b'), T0)).rejects.toThrow(StoreError);
    expect(await store.newestItems(10)).toEqual([]);
  });

  it('throws a StoreError once closed', async () => {
    const store = await openItemStore(stores.uri(), { retentionDays: 30, seenRetentionDays: 365 });
    await store.close();
    await expect(store.getState('a')).rejects.toThrow(/store getState failed: the store is closed/);
  });
});

if (redisMissingInCi()) {
  describe('item store on redis', () => {
    it('needs redis-server in CI', () => {
      throw new Error(REDIS_MISSING);
    });
  });
}

describeWithRedis('the newest-items index in Redis, committed to by two processes at once', () => {
  type RawClient = RedisIndexClient & { zCard(key: string): Promise<number>; connect(): Promise<unknown>; quit(): Promise<unknown> };
  let redis: RedisServer;
  const clients: RawClient[] = [];
  const connect = async (): Promise<RawClient> => {
    // The module cast, as in src/cluster/redis-client.ts: node-redis's own types exhaust the compiler.
    const { createClient } = (await import('@redis/client')) as unknown as { createClient: (options: object) => RawClient };
    const client = createClient({ url: redis.uri });
    await client.connect();
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterAll(async () => {
    for (const client of clients) await client.quit();
    await redis.stop();
  });

  it('trims it to its capacity, never below, when both prune at once', async () => {
    const row = (key: string, publishedMs: number) => ({ key, publishedMs, expiresMs: 10 ** 13, sourceKey: 's' });
    const noEntries = async () => {};
    const clientA = await connect();
    // A prune made of several commands (count, then the oldest beyond the capacity) lets another
    // run between them: A's connection stops after the count, if A counts, until B is done.
    let counted!: () => void;
    const aCounted = new Promise<void>((resolve) => (counted = resolve));
    let letAGo!: () => void;
    const aHeld = new Promise<void>((resolve) => (letAGo = resolve));
    const slowA = new Proxy(clientA, {
      get(target, name) {
        if (name !== 'zCard') {
          const value = Reflect.get(target, name);
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return async (key: string) => {
          const card = await target.zCard(key);
          counted();
          await aHeld;
          return card;
        };
      },
    });
    const indexA = new RedisNewestIndex(async () => slowA, 'race', 3);
    const clientB = await connect();
    const indexB = new RedisNewestIndex(async () => clientB, 'race', 3);
    await indexB.commit([row('r1', 1_000), row('r2', 2_000), row('r3', 3_000)], 0, noEntries);
    const committingA = indexA.commit([row('r4', 4_000)], 0, noEntries);
    await Promise.race([aCounted, committingA]);
    await indexB.commit([row('r5', 5_000)], 0, noEntries);
    letAGo();
    await committingA;
    const keys: string[] = [];
    for await (const page of indexB.pages(10, 0)) keys.push(...page.map((ref) => ref.key));
    expect(keys).toEqual(['r5', 'r4', 'r3']);
  });
});
