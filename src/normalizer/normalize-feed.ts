import { ZodError } from 'zod';
import { ItemSchema, type Item } from '../model/item.js';
import type { ParsedFeed } from '../parser/parsed-feed.js';
import { documentItems } from './document-items.js';
import { sharedLinksOf } from './external-id.js';
import { describeFeed, type FeedInfo } from './feed-info.js';
import { documentDigest, fingerprintOf, type Fingerprinted, type KnownItems } from './known-items.js';
import type { NormalizeContext } from './normalize-context.js';
import { normalizeItemWithNotes, plainExternalId } from './normalize-item.js';
import type { ItemOptions } from './normalize-options.js';

export interface NormalizeOptions extends ItemOptions {
  /** Items taken from one document at most: the first ones in document order. */
  maxItems: number;
}

export interface NormalizedFeed {
  feed: FeedInfo;
  items: Item[];
  /**
   * `parsedIndexes[i]` is the place in the document of `items[i]`: its index in `feed.items` when
   * the whole document was parsed (no item left out as known, see ParsedFeed.rawItems).
   */
  parsedIndexes: number[];
  /** Items that could not become an Item, or repeated an earlier item's id; `index` is the place in the document, as in `parsedIndexes`. */
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
 * occurrence wins), every one checked against ItemSchema. An item without an id of its own whose
 * link another of these items shares, fragment aside, keeps the fragment in its id (external-id.ts),
 * and a known item the id it was given. An item `known` from the source's last document (same
 * fingerprint, same digest) is not normalized again: it is listed in `fingerprints` only, as the
 * store holds it already. So is an item the parser left out as known by its raw hash
 * (ParsedFeed.rawItems), at its place in the document: `fingerprints` lists what a parse of the
 * whole document would give. Throws if the parser left out an item not known under this digest. Pure.
 */
export function normalizeFeed(feed: ParsedFeed, context: NormalizeContext, options: NormalizeOptions, known?: KnownItems): NormalizedFeed {
  const items: Item[] = [];
  const parsedIndexes: number[] = [];
  const rejected: NormalizedFeed['rejected'] = [];
  const contentCut: NormalizedFeed['contentCut'] = [];
  const fingerprints: Fingerprinted[] = [];
  const firstIndexOf = new Map<string, number>();
  const digest = documentDigest(feed, context, options);
  const knownItems = known?.digest === digest ? known : undefined;
  const entries = documentItems(feed, knownItems?.raw)
    .slice(0, Math.max(0, options.maxItems))
    .map((entry) => {
      const fingerprint = 'parsed' in entry ? fingerprintOf(digest, entry.parsed) : entry.fingerprint;
      return { entry, fingerprint, knownId: knownItems?.items.get(fingerprint) };
    });
  const sharedLinks = sharedLinksOf(entries.map(({ entry, knownId }) => knownId ?? ('parsed' in entry ? plainExternalId(entry.parsed, context, feed) : undefined)));
  entries.forEach(({ entry, fingerprint, knownId }, index) => {
    const raw = entry.raw === undefined ? {} : { raw: entry.raw };
    if (knownId !== undefined) {
      const first = firstIndexOf.get(knownId);
      if (first !== undefined) rejected.push({ index, reason: `same externalId as item ${first}` });
      else {
        firstIndexOf.set(knownId, index);
        fingerprints.push({ fingerprint, externalId: knownId, known: true, ...raw });
      }
      return;
    }
    if (!('parsed' in entry)) throw new Error(`item ${index} was left out of the parse but its fingerprint is not known`);
    const parsed = entry.parsed;
    let item: Item;
    let cutFrom: number | undefined;
    try {
      const normalized = normalizeItemWithNotes(parsed, context, feed, options, sharedLinks);
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
    fingerprints.push({ fingerprint, externalId: item.externalId, known: false, ...raw });
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
