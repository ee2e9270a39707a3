import type { CachingHeaders } from './response-headers.js';

/** What the fetcher hands on: either "not modified" (nothing to parse) or a decoded body. */
export type FetchResult = NotModified | Fetched;

export interface FetchResultBase {
  /** URL asked for (the configured one). */
  requestedUrl: string;
  /** URL that answered, after redirects. */
  finalUrl: string;
  /** HTTP status of the final response. */
  status: number;
  /** Target of the first permanent redirect (301/308) on the way, if any: the source has moved. */
  movedTo?: string;
  /** Milliseconds from request start to the end of the body. */
  durationMs: number;
}

export interface NotModified extends FetchResultBase {
  kind: 'not-modified';
  /** Freshness headers of the 304, which may lengthen the polling interval. */
  cacheControl?: string;
  expires?: string;
}

export interface Fetched extends FetchResultBase, CachingHeaders {
  kind: 'fetched';
  /** The body as received, content-encoding undone. */
  body: Uint8Array;
  /** The body decoded to text (BOM, UTF-8, HTTP charset, XML declaration; see decode-body.ts), on first read. */
  readonly text: string;
  /** Size of the body as received, after content-encoding was undone. */
  bytes: number;
  /** SHA-256 (hex) of the decoded body bytes, to skip re-parsing identical bodies. */
  bodyHash: string;
}

/** Validators from the last good response, sent as If-None-Match / If-Modified-Since. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}
