import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors/store-error.js';
import { initialFetchState } from '../../src/model/fetch-state.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { makeItem } from '../helpers/make-item.js';
import { describeWithRedis, freePort, RedisServer } from '../helpers/redis-server.js';

const T0 = new Date('2026-01-10T12:00:00.000Z');
const state = initialFetchState('news', 'https://news.example/feed.xml');
const options = { retentionDays: 30, seenRetentionDays: 365, connectTimeoutMs: 300 };

// Needs no server: nothing listens on the port.
describe('opening an unreachable Redis', () => {
  it('throws a StoreError that names the URI without its password', async () => {
    const uri = `redis://:s3cret-pw@127.0.0.1:${await freePort()}`;
    const opening = openItemStore(uri, options);
    await expect(opening).rejects.toThrow(StoreError);
    const error = (await opening.catch((e: unknown) => e)) as StoreError;
    expect(error.message).toMatch(/^store open failed: cannot reach Redis: .*ECONNREFUSED/);
    expect(error.message).toContain(':***@127.0.0.1');
    expect(error.message).not.toContain('s3cret-pw');
    expect(error.uri).not.toContain('s3cret-pw');
  });
});

describeWithRedis('the item store when Redis has stopped', () => {
  let server: RedisServer;
  let store: ItemStore;

  beforeEach(async () => {
    server = await RedisServer.start();
    // A live server: give the connect the time a loaded machine needs (300 ms is for the refusal above).
    store = await openItemStore(server.uri, { ...options, connectTimeoutMs: 5000 }).catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    await store.commit('news', [makeItem()], state, T0);
    await server.stop();
  });

  afterEach(async () => {
    await store.close();
  });

  it('throws a StoreError from commit instead of treating items as new', async () => {
    await expect(store.commit('news', [makeItem()], state, T0)).rejects.toThrow(StoreError);
  });

  it('throws a StoreError from getState instead of reading the state as absent', async () => {
    await expect(store.getState('news')).rejects.toThrow(StoreError);
  });

  it('throws a StoreError from newestItems instead of answering with none', async () => {
    await expect(store.newestItems(10)).rejects.toThrow(StoreError);
  });
});
