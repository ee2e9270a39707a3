import type { Item } from '../model/item.js';

/** The fields that fix an item's place in the clustering order. */
export type OrderedItem = Pick<Item, 'publishedAt' | 'externalId'> & { source: Pick<Item['source'], 'key'> };

/** Code-unit order, the same on every machine and locale (localeCompare is not). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The clustering order: published time, then source key, then externalId. */
export function compareForClustering(a: OrderedItem, b: OrderedItem): number {
  return Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || compareText(a.source.key, b.source.key) || compareText(a.externalId, b.externalId);
}

/** A sorted copy of a batch, in the order the clusterer must see it; the input is left as it is. */
export function sortForClustering<T extends OrderedItem>(items: readonly T[]): T[] {
  return [...items].sort(compareForClustering);
}
