import type { Keyv } from 'keyv';
import { ItemSchema, type Item } from '../model/item.js';
import { SeenRecordSchema, type CommitCandidate } from './plan-commit.js';
import { hashId, itemKey, seenKey } from './store-keys.js';
import { parseOrUndefined } from './stored-values.js';

/** A source's incoming items with their keys, and each one's seen record and stored item, read in one round trip. */
export async function readCandidates(keyv: Keyv, sourceKey: string, items: readonly Item[]): Promise<CommitCandidate[]> {
  const keyed = items.map((item) => {
    const idHash = hashId(item.externalId);
    return { item, itemKey: itemKey(sourceKey, idHash), seenKey: seenKey(sourceKey, idHash) };
  });
  const found = keyed.length === 0 ? [] : await keyv.getMany<unknown>(keyed.flatMap((k) => [k.seenKey, k.itemKey]));
  return keyed.map((k, i) => ({
    ...k,
    seen: parseOrUndefined(SeenRecordSchema, found[2 * i]),
    stored: parseOrUndefined(ItemSchema, found[2 * i + 1]),
  }));
}
