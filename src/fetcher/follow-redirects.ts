import { isUtf8 } from 'node:buffer';
import type { Dispatcher } from 'undici';
import { redactUri } from '../model/redact-uri.js';
import { FetchError } from '../errors/fetch-error.js';
import { discardBody } from './discard-body.js';
import { headerValue } from './response-headers.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const PERMANENT = new Set([301, 308]);

export interface FinalAnswer {
  response: Dispatcher.ResponseData;
  /** The URL that gave the final response. */
  url: string;
  /** Target of the first permanent redirect, when no temporary one came before it. */
  movedTo?: string;
}

export interface RedirectOptions {
  sourceKey: string;
  maxRedirects: number;
  /** Sends one request, following nothing; `parsed` is `url` as a URL, so it need not be parsed again. */
  send: (url: string, parsed: URL) => Promise<Dispatcher.ResponseData>;
}

/**
 * Follows 301/302/303/307/308 by hand, so every hop is seen: Location is resolved against the URL
 * that sent it, a URL met twice is a loop, and more than `maxRedirects` hops is an error.
 *
 * A permanent redirect after a temporary one does not set `movedTo`: the source's own URL has
 * not moved, something it points at for now has.
 */
export async function followRedirects(url: string | URL, options: RedirectOptions): Promise<FinalAnswer> {
  const visited = new Set<string>();
  // A URL object is taken over (its fragment dropped in place) rather than parsed again.
  let parsed = withoutFragment(typeof url === 'string' ? new URL(url) : url);
  let current = parsed.href;
  let movedTo: string | undefined;
  let temporarySeen = false;
  for (let hops = 0; ; hops++) {
    visited.add(current);
    const response = await options.send(current, parsed);
    const location = REDIRECTS.has(response.statusCode) ? headerValue(response.headers, 'location') : undefined;
    if (location === undefined) return movedTo === undefined ? { response, url: current } : { response, url: current, movedTo };
    discardBody(response.body);

    const targetUrl = resolveLocation(asSent(location), current, options.sourceKey);
    const target = targetUrl.href;
    const fail = (message: string, at: string): FetchError => new FetchError('too_many_redirects', options.sourceKey, at, message, { status: response.statusCode });
    if (visited.has(target)) throw fail(`redirect loop at ${target}`, target);
    if (hops + 1 > options.maxRedirects) throw fail(`more than ${options.maxRedirects} redirects`, current);

    if (!PERMANENT.has(response.statusCode)) temporarySeen = true;
    else if (!temporarySeen && movedTo === undefined) movedTo = target;
    current = target;
    parsed = targetUrl;
  }
}

/**
 * The Location as the server meant it: undici reads header bytes as Latin-1, and a server that sends
 * a path with raw UTF-8 (`/café/`, as many sites do for their slugs) means UTF-8, as browsers read it.
 */
function asSent(location: string): string {
  if (!/[\u0080-\u00ff]/.test(location) || /[^\u0000-\u00ff]/.test(location)) return location;
  const bytes = Buffer.from(location, 'latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : location;
}

function resolveLocation(location: string, base: string, sourceKey: string): URL {
  let target: URL;
  try {
    target = new URL(location, base);
  } catch (cause) {
    // Its query may hold a credential that no URL parser can find for redacting: left out.
    const query = location.indexOf('?');
    throw new FetchError('http', sourceKey, base, `redirect to an invalid URL: ${query === -1 ? redactUri(location) : `${redactUri(location.slice(0, query))}?…`}`, { cause });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new FetchError('http', sourceKey, base, `redirect to an unsupported URL: ${redactUri(target.href)}`);
  }
  return withoutFragment(target);
}

function withoutFragment(url: URL): URL {
  url.hash = '';
  return url;
}
