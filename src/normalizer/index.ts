export { normalizeFeed, type NormalizeOptions, type NormalizedFeed } from './normalize-feed.js';
export { normalizeItem } from './normalize-item.js';
export type { NormalizeContext } from './normalize-context.js';
