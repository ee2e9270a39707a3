export { fetchFeed, type FetchOptions, type FetchRequest } from './fetch-feed.js';
export { createAgent, type AgentOptions } from './create-agent.js';
export { decodeBody, type DecodedBody } from './decode-body.js';
export type { FetchResult, Fetched, NotModified, Validators } from './fetch-result.js';
