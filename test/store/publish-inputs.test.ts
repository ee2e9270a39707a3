import { beforeEach, describe, expect, it } from 'vitest';
import { initialFetchState } from '../../src/model/fetch-state.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { makeItem } from '../helpers/make-item.js';
import { availableBackends, useBackendStores } from './store-backends.js';

/*
 * What the publisher reads to know whether its last publish still holds (publisher/publish-stamp.ts):
 * the content token a commit replaces when it writes what an output shows, when the next indexed
 * item expires, and its own record.
 * (A Redis-less CI run fails in item-store.test.ts, which names what is missing.)
 */

const T0 = Date.parse('2026-01-10T12:00:00.000Z');
const DAY = 86_400_000;

describe.each(availableBackends())('what publishing reads from the store, on $name', (backend) => {
  let store: ItemStore;
  let clock = T0;
  const commit = (id: string) => store.commit('news', [makeItem({ externalId: id, title: `Story ${id}` })], initialFetchState('news', 'https://news.example/rss'), new Date(clock));

  const stores = useBackendStores(backend);
  beforeEach(async () => {
    clock = T0;
    store = await stores.open({ nowMs: () => clock });
  });

  it('has no content token until a commit writes one, and a new one after each commit that writes an item or a changed source feed', async () => {
    expect(await store.contentToken()).toBeUndefined();
    await commit('1');
    const first = await store.contentToken();
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    await store.saveState({ ...initialFetchState('news', 'https://news.example/rss'), lastStatus: 304 });
    expect(await store.contentToken()).toBe(first);
    // The same item again: nothing an output shows was written.
    await commit('1');
    expect(await store.contentToken()).toBe(first);
    await commit('2');
    const second = await store.contentToken();
    expect(second).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);

    const withFeed = (title: string) =>
      store.commit('news', [makeItem({ externalId: '2', title: 'Story 2' })], initialFetchState('news', 'https://news.example/rss'), new Date(clock), { sourceFeed: { title } });
    await withFeed('News');
    const third = await store.contentToken();
    expect(third).not.toBe(second);
    expect((await store.sourceFeeds(['news'])).get('news')).toEqual({ title: 'News' });
    await withFeed('News');
    expect(await store.contentToken()).toBe(third);
    await withFeed('News, renamed');
    expect(await store.contentToken()).not.toBe(third);
    expect((await store.sourceFeeds(['news'])).get('news')).toEqual({ title: 'News, renamed' });
  });

  it('tells when the next indexed item expires, passing over those already expired', async () => {
    expect(await store.nextExpiryMs()).toBeUndefined();
    await commit('1');
    clock = T0 + 2 * DAY;
    await commit('2');
    // The store's own expiries are the clock at the commit plus retention, give or take its rounding.
    expect(await store.nextExpiryMs()).toBeCloseTo(T0 + 30 * DAY, -1);
    clock = T0 + 31 * DAY;
    expect(await store.nextExpiryMs()).toBeCloseTo(T0 + 32 * DAY, -1);
    clock = T0 + 33 * DAY;
    expect(await store.nextExpiryMs()).toBeUndefined();
  });

  it('keeps a record by name for the publisher', async () => {
    expect(await store.getMeta('publish:x')).toBeUndefined();
    await store.setMeta('publish:x', { inputs: 'abc', validUntilMs: null, outputs: [] });
    expect(await store.getMeta('publish:x')).toEqual({ inputs: 'abc', validUntilMs: null, outputs: [] });
    expect(await store.getMeta('publish:y')).toBeUndefined();
  });
});
