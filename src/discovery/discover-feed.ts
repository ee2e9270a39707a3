import { isFetchError, isParseError, type FetchError, type ParseError } from '../errors/index.js';
import type { ParsedFeed } from '../parser/parsed-feed.js';
import { commonFeedUrls } from './common-feed-paths.js';
import { findFeedLinks, type FeedLink } from './find-feed-links.js';

/** A URL that answered with a feed Tributary can read. */
export interface ProbedFeed {
  /** The URL asked for. */
  url: string;
  /** The URL that answered, after redirects. */
  finalUrl: string;
  /** Target of a permanent redirect on the way: the URL to subscribe to. */
  movedTo?: string;
  feed: ParsedFeed;
}

/** The I/O discovery needs, injected: the real fetcher in the CLI, anything in tests. */
export interface DiscoveryProbes {
  /** Fetches and parses `url` as a feed; throws FetchError or ParseError when it is none. */
  readFeed(url: string): Promise<ProbedFeed>;
  /** Fetches `url` as a web page; throws FetchError. */
  readPage(url: string): Promise<{ url: string; html: string }>;
}

/** How the feed was found: the URL given was one, a `<link rel="alternate">` named it, or a common path held it. */
export type FoundVia = 'url' | 'link' | 'common-path';

export interface Attempt {
  url: string;
  reason: string;
}

export interface Discovery {
  /** Undefined when nothing was found; `attempts` then says what was tried and why each failed. */
  found?: ProbedFeed & { via: FoundVia };
  /** Other feeds the page announced, not fetched (comment feeds, other formats). */
  alternatives: FeedLink[];
  attempts: Attempt[];
}

/**
 * Finds the feed behind a URL, the way feed readers do: the URL itself if it is a feed; else the
 * feeds its page announces with `<link rel="alternate">`, in page order; else the common feed paths
 * of its site. Each candidate is fetched and parsed; the first that reads wins.
 * A URL that cannot be fetched at all (DNS, refused, timeout, HTTP error) is thrown as it failed:
 * no other guess on that site would do better.
 */
export async function discoverFeed(url: string, probes: DiscoveryProbes): Promise<Discovery> {
  const attempts: Attempt[] = [];
  try {
    const direct = await probes.readFeed(url);
    return { found: { ...direct, via: 'url' }, alternatives: [], attempts };
  } catch (error) {
    if (!isNotAFeed(error)) throw error;
    attempts.push({ url, reason: error.reason });
  }

  const tried = new Set([url]);
  const tryFeed = async (candidate: string): Promise<ProbedFeed | undefined> => {
    if (tried.has(candidate)) return undefined;
    tried.add(candidate);
    try {
      return await probes.readFeed(candidate);
    } catch (error) {
      if (!isFetchError(error) && !isParseError(error)) throw error;
      attempts.push({ url: candidate, reason: error.reason });
      return undefined;
    }
  };

  const page = await probes.readPage(url);
  const links = findFeedLinks(page.html, page.url);
  for (const [index, link] of links.entries()) {
    const found = await tryFeed(link.url);
    if (found) return { found: { ...found, via: 'link' }, alternatives: links.filter((_, i) => i !== index), attempts };
  }
  for (const candidate of commonFeedUrls(page.url)) {
    const found = await tryFeed(candidate);
    if (found) return { found: { ...found, via: 'common-path' }, alternatives: [], attempts };
  }
  return { alternatives: [], attempts };
}

/** The URL answered, but with something other than a feed: a page worth looking into. */
function isNotAFeed(error: unknown): error is FetchError | ParseError {
  return isParseError(error) || (isFetchError(error) && error.kind === 'not_a_feed');
}
