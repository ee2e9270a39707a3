import { z } from 'zod';
import type { Item } from '../model/item.js';
import { contentHash } from './content-hash.js';
import { indexRowOf, type IndexRow } from './newest-index.js';

/** The record that an id was seen; kept longer than the item, so an expired item never returns as new. */
export const SeenRecordSchema = z.object({
  contentHash: z.string(),
  firstSeenAt: z.iso.datetime({ offset: false }),
  refreshedAt: z.iso.datetime({ offset: false }),
});
export type SeenRecord = z.infer<typeof SeenRecordSchema>;

/** One incoming item, its keys, and what the store holds under them. */
export interface CommitCandidate {
  item: Item;
  itemKey: string;
  seenKey: string;
  seen: SeenRecord | undefined;
  stored: Item | undefined;
}

export interface PlanOptions {
  now: Date;
  /** A seen record older than this is re-written when its item shows up again (half the seen retention). */
  seenRefreshAfterMs: number;
  /** When the items written now expire, on the store's own clock (keyv's TTLs run on the wall clock). */
  expiresAtMs: number;
  /** Finishes each item that will be written, new or changed, before it is (enrichment); never an unchanged one. */
  finish?: (item: Item) => Item;
}

/** What a commit will write and report. Items and seen records get their TTL from the caller. */
export interface CommitPlan {
  added: Item[];
  updated: Item[];
  unchanged: number;
  itemWrites: Array<{ key: string; item: Item }>;
  seenWrites: Array<{ key: string; record: SeenRecord }>;
  indexChanges: IndexRow[];
}

/** Sorts a source's items into added, updated and unchanged, and lists the writes that follow. Pure. */
export function planCommit(candidates: readonly CommitCandidate[], options: PlanOptions): CommitPlan {
  const nowIso = options.now.toISOString();
  const nowMs = options.now.getTime();
  const plan: CommitPlan = { added: [], updated: [], unchanged: 0, itemWrites: [], seenWrites: [], indexChanges: [] };
  const planned = new Set<string>();

  const finish = options.finish ?? ((item: Item) => item);
  const writeItem = (key: string, item: Item): Item => {
    plan.itemWrites.push({ key, item });
    plan.indexChanges.push(indexRowOf(key, item, options.expiresAtMs));
    return item;
  };

  for (const { item, itemKey, seenKey, seen, stored } of candidates) {
    // The same id twice in one document: the first one stands for both.
    if (planned.has(itemKey)) {
      plan.unchanged += 1;
      continue;
    }
    planned.add(itemKey);

    const hash = contentHash(item);
    // A live item whose seen record is gone (seen retention set shorter than retention) still counts as seen.
    const seenHash = seen?.contentHash ?? (stored ? contentHash(stored) : undefined);

    if (seenHash === undefined) {
      plan.added.push(writeItem(itemKey, finish(item)));
      plan.seenWrites.push({ key: seenKey, record: { contentHash: hash, firstSeenAt: nowIso, refreshedAt: nowIso } });
      continue;
    }

    if (stored && seenHash !== hash) {
      plan.updated.push(writeItem(itemKey, finish(mergeUpdate(stored, item, nowIso))));
      plan.seenWrites.push({
        key: seenKey,
        record: { contentHash: hash, firstSeenAt: seen?.firstSeenAt ?? nowIso, refreshedAt: nowIso },
      });
      continue;
    }

    // Unchanged, or seen and expired: never brought back. Only keep the seen record alive.
    plan.unchanged += 1;
    if (!seen || nowMs - Date.parse(seen.refreshedAt) > options.seenRefreshAfterMs) {
      const firstSeenAt = seen?.firstSeenAt ?? nowIso;
      plan.seenWrites.push({ key: seenKey, record: { contentHash: hash, firstSeenAt, refreshedAt: nowIso } });
    }
  }
  return plan;
}

/**
 * The stored publishedAt sticks: items without a date get "now" from the normalizer at every poll,
 * and the first one is the right one. updatedAt moves to the feed's if it is later, else to now.
 */
function mergeUpdate(stored: Item, incoming: Item, nowIso: string): Item {
  const isLater = Date.parse(incoming.updatedAt) > Date.parse(stored.updatedAt);
  return { ...incoming, publishedAt: stored.publishedAt, updatedAt: isLater ? incoming.updatedAt : nowIso };
}
