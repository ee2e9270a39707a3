import { ZodError } from 'zod';
import { ItemSchema, type Item } from '../model/item.js';
import type { ParsedFeed } from '../parser/parsed-feed.js';
import { describeFeed, type FeedInfo } from './feed-info.js';
import { documentDigest, fingerprintOf, type Fingerprinted, type KnownItems } from './known-items.js';
import type { NormalizeContext } from './normalize-context.js';
import { normalizeItemWithNotes } from './normalize-item.js';
import type { ItemOptions } from './normalize-options.js';

export interface NormalizeOptions extends ItemOptions {
  /** Items taken from one document at most: the first ones in document order. */
  maxItems: number;
}

export interface NormalizedFeed {
  feed: FeedInfo;
  items: Item[];
  /** `parsedIndexes[i]` is the index in `feed.items` (the parsed feed's) of `items[i]`. */
  parsedIndexes: number[];
  /** Items that could not become an Item, or repeated an earlier item's id; `index` is in `feed.items`. */
  rejected: Array<{ index: number; reason: string }>;
  /** Items whose content was over items.maxContentBytes and was cut: its length before, in characters. */
  contentCut: Array<{ externalId: string; fromChars: number }>;
  /** The document's settings (see KnownItems). */
  digest: string;
  /** Every accepted item in document order, normalized (in `items`) or known (left out of `items`). */
  fingerprints: Fingerprinted[];
}

/**
 * A parsed feed's items as valid Items: at most `maxItems`, each externalId once (the first
 * occurrence wins), every one checked against ItemSchema. An item `known` from the source's last
 * document (same fingerprint, same digest) is not normalized again: it is listed in `fingerprints`
 * only, as the store holds it already. Pure.
 */
export function normalizeFeed(feed: ParsedFeed, context: NormalizeContext, options: NormalizeOptions, known?: KnownItems): NormalizedFeed {
  const items: Item[] = [];
  const parsedIndexes: number[] = [];
  const rejected: NormalizedFeed['rejected'] = [];
  const contentCut: NormalizedFeed['contentCut'] = [];
  const fingerprints: Fingerprinted[] = [];
  const firstIndexOf = new Map<string, number>();
  const digest = documentDigest(feed, context, options);
  const knownItems = known?.digest === digest ? known.items : undefined;
  feed.items.slice(0, Math.max(0, options.maxItems)).forEach((parsed, index) => {
    const fingerprint = fingerprintOf(digest, parsed);
    const knownId = knownItems?.get(fingerprint);
    if (knownId !== undefined) {
      const first = firstIndexOf.get(knownId);
      if (first !== undefined) rejected.push({ index, reason: `same externalId as item ${first}` });
      else {
        firstIndexOf.set(knownId, index);
        fingerprints.push({ fingerprint, externalId: knownId, known: true });
      }
      return;
    }
    let item: Item;
    let cutFrom: number | undefined;
    try {
      const normalized = normalizeItemWithNotes(parsed, context, feed, options);
      item = ItemSchema.parse(normalized.item);
      cutFrom = normalized.contentCutFrom;
    } catch (error) {
      rejected.push({ index, reason: describeRejection(error) });
      return;
    }
    const first = firstIndexOf.get(item.externalId);
    if (first !== undefined) {
      rejected.push({ index, reason: `same externalId as item ${first}` });
      return;
    }
    firstIndexOf.set(item.externalId, index);
    items.push(item);
    parsedIndexes.push(index);
    fingerprints.push({ fingerprint, externalId: item.externalId, known: false });
    if (cutFrom !== undefined) contentCut.push({ externalId: item.externalId, fromChars: cutFrom });
  });
  return { feed: describeFeed(feed, context), items, parsedIndexes, rejected, contentCut, digest, fingerprints };
}

function describeRejection(error: unknown): string {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return issue ? `invalid ${issue.path.join('.') || 'item'}: ${issue.message}` : 'invalid item';
  }
  return error instanceof Error ? error.message : String(error);
}
