import { createHash } from 'node:crypto';
import type { Item } from '../model/item.js';

/**
 * What decides that a stored item changed: its title, description, content and link. Dates are left
 * out on purpose, since feeds without dates get "now" at every poll and would look changed each time.
 */
export function contentHash(item: Pick<Item, 'title' | 'description' | 'content' | 'link'>): string {
  // A JSON array keeps field boundaries unambiguous ("ab" + "c" differs from "a" + "bc").
  const fields = JSON.stringify([item.title, item.description, item.content ?? null, item.link ?? null]);
  return createHash('sha256').update(fields).digest('hex');
}
