import { ZodError } from 'zod';
import { ItemSchema, type Item } from '../model/item.js';
import type { ParsedFeed } from '../parser/parsed-feed.js';
import type { NormalizeContext } from './normalize-context.js';
import { normalizeItem } from './normalize-item.js';

export interface NormalizeOptions {
  /** Items taken from one document at most: the first ones in document order. */
  maxItems: number;
  /** Length of the plain-text description, in characters. @default 300 */
  descriptionLength: number;
}

export interface NormalizedFeed {
  items: Item[];
  /** Items that could not become an Item, or repeated an earlier item's id; `index` is in `feed.items`. */
  rejected: Array<{ index: number; reason: string }>;
}

/**
 * A parsed feed's items as valid Items: at most `maxItems`, each externalId once (the first
 * occurrence wins), every one checked against ItemSchema. Pure.
 */
export function normalizeFeed(feed: ParsedFeed, context: NormalizeContext, options: NormalizeOptions): NormalizedFeed {
  const items: Item[] = [];
  const rejected: NormalizedFeed['rejected'] = [];
  const firstIndexOf = new Map<string, number>();
  feed.items.slice(0, Math.max(0, options.maxItems)).forEach((parsed, index) => {
    let item: Item;
    try {
      item = ItemSchema.parse(normalizeItem(parsed, context, feed, options.descriptionLength));
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
  });
  return { items, rejected };
}

function describeRejection(error: unknown): string {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return issue ? `invalid ${issue.path.join('.') || 'item'}: ${issue.message}` : 'invalid item';
  }
  return error instanceof Error ? error.message : String(error);
}
