export { parseFeed, type ParseContext } from './parse-feed.js';
export type { ParsedFeed, ParsedItem, ParsedMedia } from './parsed-feed.js';
