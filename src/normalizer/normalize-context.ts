import type { SourceType } from '../model/item.js';

/** What normalizing an item needs besides the item: who it came from and when it is now. */
export interface NormalizeContext {
  source: { key: string; name: string; category?: string; tags: readonly string[] };
  type: SourceType;
  /** URL the feed was fetched from (after redirects): base for relative links. */
  feedUrl: string;
  /** Language of the feed, or the HTTP Content-Language, for items without their own. */
  feedLang?: string;
  /** Injected clock: date for items without one, and the clamp for dates in the future. */
  now: Date;
}
