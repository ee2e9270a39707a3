import { beforeEach, describe, expect, it } from 'vitest';
import type { ItemStore } from '../../src/store/item-store.js';
import { commitItems, DTCC_BLOCK, DTCC_DECRYPT, keyOfItem } from '../helpers/story-items.js';
import { availableBackends, useBackendStores } from './store-backends.js';

describe.each(availableBackends())('story ids in the $name store', (backend) => {
  const stores = useBackendStores(backend);
  let store: ItemStore;
  const nowMs = Date.parse('2026-01-10T12:00:00.000Z');

  beforeEach(async () => {
    store = await stores.open({ nowMs: () => nowMs });
  });

  it('keeps each item’s ids under a key of its own, read back by item key; items without ids are absent', async () => {
    const [a, b] = [keyOfItem(DTCC_DECRYPT), keyOfItem(DTCC_BLOCK)];
    await store.setStoryIds([{ itemKey: a, eventId: 'ev_1', storyId: 'st_1', expiresMs: nowMs + 60_000 }]);
    expect(await store.storyIdsOf([a, b])).toEqual(new Map([[a, { eventId: 'ev_1', storyId: 'st_1' }]]));
    await store.setStoryIds([{ itemKey: a, eventId: 'ev_2', storyId: 'st_1' }]);
    expect((await store.storyIdsOf([a])).get(a)).toEqual({ eventId: 'ev_2', storyId: 'st_1' });
  });

  it('does not write the ids of an item already expired, and lists no id record as an item', async () => {
    await commitItems(store, [DTCC_DECRYPT]);
    const key = keyOfItem(DTCC_DECRYPT);
    await store.setStoryIds([
      { itemKey: key, eventId: 'ev_1', storyId: 'st_1' },
      { itemKey: 'item:gone:x', eventId: 'ev_2', storyId: 'st_2', expiresMs: nowMs - 1 },
    ]);
    expect([...(await store.storyIdsOf([key, 'item:gone:x'])).keys()]).toEqual([key]);
    const listed: string[] = [];
    for await (const keys of store.itemKeys()) listed.push(...keys);
    expect(listed).toEqual([key]);
  });
});
