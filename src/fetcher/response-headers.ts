import type { IncomingHttpHeaders } from 'node:http';

/** A response header as one string (repeated headers joined with ", "), or undefined when absent. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The response headers a fetch result carries on, for caching and scheduling decisions. */
export interface CachingHeaders {
  contentType?: string;
  contentLanguage?: string;
  etag?: string;
  lastModified?: string;
  cacheControl?: string;
  expires?: string;
}

export function pickCachingHeaders(headers: IncomingHttpHeaders): CachingHeaders {
  const picked: CachingHeaders = {};
  const contentType = headerValue(headers, 'content-type');
  const contentLanguage = headerValue(headers, 'content-language');
  const etag = headerValue(headers, 'etag');
  const lastModified = headerValue(headers, 'last-modified');
  const cacheControl = headerValue(headers, 'cache-control');
  const expires = headerValue(headers, 'expires');
  if (contentType !== undefined) picked.contentType = contentType;
  if (contentLanguage !== undefined) picked.contentLanguage = contentLanguage;
  if (etag !== undefined) picked.etag = etag;
  if (lastModified !== undefined) picked.lastModified = lastModified;
  if (cacheControl !== undefined) picked.cacheControl = cacheControl;
  if (expires !== undefined) picked.expires = expires;
  return picked;
}
