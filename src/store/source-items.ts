import type { Item } from '../model/item.js';
import type { ItemStore } from './item-store.js';
import { hashId, itemKey } from './store-keys.js';

/**
 * A source's newest stored items, newest first: those of its last document that the store still
 * holds (the record a commit keeps of it), so no scan of the store is needed. Empty for a source
 * that no commit has recorded yet.
 */
export async function newestItemsOf(store: ItemStore, sourceKey: string, limit: number): Promise<Item[]> {
  const record = await store.knownItems(sourceKey);
  if (!record) return [];
  const keys = [...new Set(record.items.map(([, externalId]) => itemKey(sourceKey, hashId(externalId))))];
  const items = (await store.loadItems(keys)).filter((item): item is Item => item !== undefined);
  return items.sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0)).slice(0, limit);
}
