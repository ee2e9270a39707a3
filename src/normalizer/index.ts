export { normalizeFeed, type NormalizeOptions, type NormalizedFeed } from './normalize-feed.js';
export { normalizeItem } from './normalize-item.js';
export { describeFeed, type FeedInfo } from './feed-info.js';
export { DEFAULT_DESCRIPTION_LENGTH, DEFAULT_IFRAME_HOSTS, type ItemOptions } from './normalize-options.js';
export type { NormalizeContext } from './normalize-context.js';
