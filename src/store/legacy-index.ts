import { randomUUID } from 'node:crypto';
import type { Keyv } from 'keyv';
import { ItemSchema } from '../model/item.js';
import { indexRowOf, type IndexRow, type NewestIndex } from './newest-index.js';
import { CONTENT_TOKEN_KEY, LEGACY_INDEX_KEY } from './store-keys.js';

/** Items read per round trip. */
const PAGE = 500;

/**
 * The rows of the index as a store written before the ordered index kept it: one JSON key of
 * `[itemKey, publishedMs, expiresMs]` entries, whose source and link are read from each item.
 * Undefined when the store has no such key.
 */
export async function readLegacyIndex(keyv: Keyv): Promise<IndexRow[] | undefined> {
  const legacy: unknown = await keyv.get(LEGACY_INDEX_KEY);
  if (!Array.isArray(legacy)) return undefined;
  const entries = legacy.filter(isLegacyEntry);
  const rows: IndexRow[] = [];
  for (let next = 0; next < entries.length; next += PAGE) {
    const page = entries.slice(next, next + PAGE);
    const values = await keyv.getMany<unknown>(page.map(([key]) => key));
    page.forEach(([key, , expiresMs], i) => {
      const item = ItemSchema.safeParse(values[i]);
      if (item.success) rows.push(indexRowOf(key, item.data, expiresMs));
    });
  }
  return rows;
}

/**
 * Moves a legacy index's rows into the ordered index, the legacy key's end and a new content token in
 * the same transaction on SQLite; then deletes the key outright. Nothing to do without the key.
 */
export async function carryOverLegacyIndex(keyv: Keyv, index: NewestIndex, nowMs: number): Promise<void> {
  const rows = await readLegacyIndex(keyv);
  if (!rows) return;
  const ending = [
    { key: LEGACY_INDEX_KEY, value: [], ttl: 1 },
    { key: CONTENT_TOKEN_KEY, value: randomUUID() },
  ];
  await index.commit(rows, nowMs, async () => void (await keyv.setMany(ending)));
  await keyv.delete(LEGACY_INDEX_KEY);
}

function isLegacyEntry(entry: unknown): entry is [string, number, number] {
  return Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number' && typeof entry[2] === 'number';
}
