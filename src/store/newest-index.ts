import { z } from 'zod';

/**
 * One entry of the newest-items index: the item's key, its publishedAt and when the item expires
 * (both epoch ms). The expiry lets a commit drop entries whose items are gone without reading them.
 */
export type IndexEntry = [itemKey: string, publishedAtMs: number, expiresAtMs: number];

const IndexSchema = z.array(z.tuple([z.string(), z.number(), z.number()]));

/** The index as stored, or an empty one when it is missing or not in this shape. */
export function readIndex(value: unknown): IndexEntry[] {
  const parsed = IndexSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}

/**
 * The index after a commit: `changes` replace entries with the same key, entries expired at `nowMs`
 * are dropped, the rest sorted newest first (ties by key, so the order is stable) and cut to `capacity`.
 */
export function updateIndex(
  current: readonly IndexEntry[],
  changes: readonly IndexEntry[],
  options: { nowMs: number; capacity: number },
): IndexEntry[] {
  const byKey = new Map<string, IndexEntry>();
  for (const entry of current) byKey.set(entry[0], entry);
  for (const entry of changes) byKey.set(entry[0], entry);
  return [...byKey.values()]
    .filter(([, , expiresAtMs]) => expiresAtMs > options.nowMs)
    .sort(compareNewestFirst)
    .slice(0, options.capacity);
}

export function isSameIndex(a: readonly IndexEntry[], b: readonly IndexEntry[]): boolean {
  return a.length === b.length && a.every((entry, i) => entry.every((field, j) => field === b[i]?.[j]));
}

function compareNewestFirst(a: IndexEntry, b: IndexEntry): number {
  if (a[1] !== b[1]) return b[1] - a[1];
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
