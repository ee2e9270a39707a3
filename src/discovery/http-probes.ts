import type { Dispatcher } from 'undici';
import type { FetchConfig } from '../config/schema.js';
import { notModifiedToPlainGetError } from '../fetcher/check-status.js';
import { fetchFeed } from '../fetcher/fetch-feed.js';
import { parseFeed } from '../parser/parse-feed.js';
import { USER_AGENT } from '../version.js';
import type { DiscoveryProbes } from './discover-feed.js';
import { fetchPage } from './fetch-page.js';

/** The key fetch and parse errors carry during discovery, where no source exists yet. */
const LABEL = 'discovery';

/** Discovery over HTTP with the daemon's own fetcher and parser and the config's fetch limits. */
export function createHttpProbes(fetch: FetchConfig, dispatcher: Dispatcher): DiscoveryProbes {
  const limits = {
    timeoutMs: fetch.timeoutMs,
    maxBodyBytes: fetch.maxBodyBytes,
    maxRedirects: fetch.maxRedirects,
    userAgent: fetch.userAgent ?? USER_AGENT,
    dispatcher,
  };
  return {
    async readFeed(url) {
      const result = await fetchFeed({ sourceKey: LABEL, url }, { ...limits, connectTimeoutMs: fetch.connectTimeoutMs });
      // Asked without validators, fetchFeed fails a 304 itself: this only tells the type so.
      if (result.kind === 'not-modified') throw notModifiedToPlainGetError({ sourceKey: LABEL, url });
      const feed = await parseFeed(result.text, { sourceKey: LABEL, url: result.finalUrl, contentType: result.contentType });
      return { url, finalUrl: result.finalUrl, ...(result.movedTo === undefined ? {} : { movedTo: result.movedTo }), feed };
    },
    readPage: (url) => fetchPage(url, limits),
  };
}
