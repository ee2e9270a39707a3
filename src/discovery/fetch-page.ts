import { request, type Dispatcher } from 'undici';
import { BodyTooLargeError, FetchError, isFetchError } from '../errors/index.js';
import { statusError, isSuccess } from '../fetcher/check-status.js';
import { classifyError } from '../fetcher/classify-error.js';
import { decodeBody } from '../fetcher/decode-body.js';
import { abandonBody } from '../fetcher/discard-body.js';
import { followRedirects } from '../fetcher/follow-redirects.js';
import { readBody } from '../fetcher/read-body.js';
import { ACCEPT_ENCODING } from '../fetcher/request-headers.js';
import { headerValue } from '../fetcher/response-headers.js';

export interface PageOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  userAgent: string;
  dispatcher: Dispatcher;
}

/** A web page as text, and the URL that served it (after redirects): the base of its relative links. */
export interface Page {
  url: string;
  html: string;
}

const LABEL = 'discovery';

/**
 * GETs a web page with the fetcher's rules (redirects followed by hand, size cap, decompression,
 * charset decoding), for feed discovery: fetchFeed refuses an HTML page by design, so the page is
 * fetched here. Every failure is a FetchError.
 */
export async function fetchPage(url: string, options: PageOptions): Promise<Page> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const headers = {
    'user-agent': options.userAgent,
    accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.8',
    'accept-encoding': ACCEPT_ENCODING,
  };
  let hopUrl = url;
  try {
    const answer = await followRedirects(url, {
      sourceKey: LABEL,
      maxRedirects: options.maxRedirects,
      send: (next) => {
        hopUrl = next;
        return request(next, { method: 'GET', headers, dispatcher: options.dispatcher, signal });
      },
    });
    const { statusCode, headers: responseHeaders, body } = answer.response;
    try {
      if (!isSuccess(statusCode)) {
        throw statusError(statusCode, { sourceKey: LABEL, url: answer.url, retryAfter: undefined, now: new Date() });
      }
      const contentEncoding = headerValue(responseHeaders, 'content-encoding');
      const bytes = await readBody(body, { maxBytes: options.maxBodyBytes, ...(contentEncoding ? { contentEncoding } : {}) });
      return { url: answer.url, html: decodeBody(bytes, headerValue(responseHeaders, 'content-type')).text };
    } finally {
      abandonBody(body);
    }
  } catch (error) {
    if (isFetchError(error)) throw error;
    if (error instanceof BodyTooLargeError) throw new FetchError('too_large', LABEL, hopUrl, error.message);
    if (signal.aborted) throw new FetchError('timeout', LABEL, hopUrl, `timed out after ${options.timeoutMs} ms`, { cause: error });
    throw classifyError(error, { sourceKey: LABEL, url: hopUrl });
  }
}
