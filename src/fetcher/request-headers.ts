import type { Validators } from './fetch-result.js';

/** Feed types first; generic XML and JSON next, as some servers only know those; anything last. */
export const ACCEPT = 'application/atom+xml, application/rss+xml, application/rdf+xml, application/feed+json, ' + 'application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';

/** Only what readBody can undo. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * Headers for every hop of a feed request; validators are sent verbatim, as the server gave them.
 * `extra` (a source's configured headers and credentials, lower-cased) may replace User-Agent and
 * Accept; the config refuses the names set below it.
 */
export function buildRequestHeaders(userAgent: string, validators: Validators | undefined, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': userAgent,
    accept: ACCEPT,
    ...extra,
    'accept-encoding': ACCEPT_ENCODING,
  };
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  return headers;
}

/** Whether buildRequestHeaders makes the request conditional: only then may the server answer 304. */
export function hasValidators(validators: Validators | undefined): boolean {
  return Boolean(validators?.etag || validators?.lastModified);
}
