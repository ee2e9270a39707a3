import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { BodyTooLargeError, DecompressionError, UnsupportedEncodingError } from '../errors/body-errors.js';
import { FetchError } from '../errors/fetch-error.js';
import { isSuccess, notModifiedToPlainGetError, statusError } from './check-status.js';
import { classifyError } from './classify-error.js';
import { createAgent } from './create-agent.js';
import { decodeBody } from './decode-body.js';
import { abandonBody, discardBody } from './discard-body.js';
import type { Fetched, FetchResult, FetchResultBase, NotModified, Validators } from './fetch-result.js';
import { followRedirects, type FinalAnswer } from './follow-redirects.js';
import { readBody } from './read-body.js';
import { buildRequestHeaders, hasValidators } from './request-headers.js';
import { credentialsFor, sourceCredentials } from './source-credentials.js';
import { redactUri } from '../model/redact-uri.js';
import { startDeadline } from './start-deadline.js';
import { retryStaleConnection } from './retry-stale-connection.js';
import { request as sendRequest } from './undici-core.js';
import { headerValue, pickCachingHeaders } from './response-headers.js';
import { isMediaType, looksLikeHtml, mediaType } from './sniff-content.js';

export interface FetchOptions {
  /** Total time allowed: connect, headers, every redirect hop and the whole body. */
  timeoutMs: number;
  /** Used only for the Agent created when no `dispatcher` is given. */
  connectTimeoutMs: number;
  /** Cap on the body after decompression (a gzip bomb is cut at this size too). */
  maxBodyBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Aborts the fetch in flight (daemon shutdown); it then fails as 'unknown' with message "aborted". */
  signal?: AbortSignal;
  /** Shared connection pool; one made by createAgent. Without it, a pool is made and closed per fetch. */
  dispatcher?: Dispatcher;
  /** Clock for HTTP-date Retry-After values. @default () => new Date() */
  now?: () => Date;
}

export interface FetchRequest {
  sourceKey: string;
  /** May carry `user:password@` (sent as HTTP Basic, never shown). */
  url: string;
  validators?: Validators;
  /** The source's configured headers (credentials among them): sent only to the URL's own origin. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * Conditional GET of one source's feed: follows redirects, enforces the deadline and the size cap,
 * undoes Content-Encoding, refuses what is plainly not a feed, and decodes the body to text.
 * Resolves to 'not-modified' or 'fetched'; every failure is a FetchError classified by kind.
 */
export async function fetchFeed(request: FetchRequest, options: FetchOptions): Promise<FetchResult> {
  const startedAt = performance.now();
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher = options.dispatcher ?? createAgent({ connectTimeoutMs: options.connectTimeoutMs });
  const deadline = startDeadline(options.timeoutMs, options.signal);
  const signal = deadline.signal;
  let hopUrl = redactUri(request.url);

  try {
    const target = new URL(request.url);
    const credentials = sourceCredentials(target, request.headers);
    const answer = await followRedirects(target, {
      sourceKey: request.sourceKey,
      maxRedirects: options.maxRedirects,
      send: (url, parsed) => {
        hopUrl = url;
        const headers = buildRequestHeaders(options.userAgent, request.validators, credentialsFor(parsed.origin, credentials));
        return retryStaleConnection(() => sendRequest(parsed, { method: 'GET', headers, dispatcher, signal }), signal);
      },
    });
    const outcome = await readAnswer(answer, request, options);
    // Every URL handed on is fit to log: userinfo is gone, secret-named query values are `***`.
    const base = {
      requestedUrl: redactUri(request.url),
      finalUrl: redactUri(answer.url),
      status: answer.response.statusCode,
      ...(answer.movedTo === undefined ? {} : { movedTo: redactUri(answer.movedTo) }),
      durationMs: Math.round(performance.now() - startedAt),
    };
    return outcome.kind === 'fetched' ? withText({ ...base, ...outcome }) : { ...base, ...outcome };
  } catch (error) {
    throw redactFetchError(toFetchError(error, { sourceKey: request.sourceKey, url: hopUrl }, deadline.timedOut, options));
  } finally {
    deadline.dispose();
    if (ownsDispatcher) await dispatcher.destroy();
  }
}

function toFetchError(error: unknown, context: { sourceKey: string; url: string }, timedOut: boolean, options: FetchOptions): FetchError {
  if (error instanceof FetchError) return error;
  if (error instanceof BodyTooLargeError) return new FetchError('too_large', context.sourceKey, context.url, error.message);
  if (error instanceof UnsupportedEncodingError) return new FetchError('unknown', context.sourceKey, context.url, error.message);
  if (error instanceof DecompressionError) return new FetchError('unknown', context.sourceKey, context.url, error.message, { cause: error });
  if (timedOut) return new FetchError('timeout', context.sourceKey, context.url, `timed out after ${options.timeoutMs} ms`, { cause: error });
  if (options.signal?.aborted) return new FetchError('unknown', context.sourceKey, context.url, 'aborted', { cause: options.signal.reason });
  return classifyError(error, context);
}

/** The same error with its URL redacted wherever it appears (its message ends with it, a redirect loop's reason names it too). */
function redactFetchError(error: FetchError): FetchError {
  const safe = redactUri(error.url);
  if (safe === error.url) return error;
  const redacted = new FetchError(error.kind, error.sourceKey, safe, error.reason.split(error.url).join(safe), error.details);
  redacted.stack = redacted.stack?.split(error.url).join(safe);
  return redacted;
}

/** What the final response adds to the fields every result has. */
type Outcome = Omit<NotModified, keyof FetchResultBase> | Omit<Fetched, 'requestedUrl' | 'finalUrl' | 'status' | 'movedTo' | 'durationMs' | 'text'>;

/**
 * The result with its `text`, decoded from the body when first read, not before: the pipeline hands
 * the bytes to a parse thread, which decodes them there. Not enumerable, so that copying the result
 * does not decode it.
 */
function withText(fetched: Omit<Fetched, 'text'>): Fetched {
  let text: string | undefined;
  return Object.defineProperty(fetched, 'text', {
    get: () => {
      text ??= decodeBody(fetched.body, fetched.contentType).text;
      return text;
    },
  }) as Fetched;
}

/** Everything after the final response's headers: status, early refusals, body, decoding. */
async function readAnswer(answer: FinalAnswer, request: FetchRequest, options: FetchOptions): Promise<Outcome> {
  const { sourceKey } = request;
  const { statusCode: status, headers, body } = answer.response;
  const fail = (kind: 'not_a_feed' | 'too_large', message: string): FetchError => new FetchError(kind, sourceKey, answer.url, message, { status });
  if (status === 304) {
    discardBody(body);
    if (!hasValidators(request.validators)) throw notModifiedToPlainGetError({ sourceKey, url: answer.url });
    const { cacheControl, expires } = pickCachingHeaders(headers);
    return { kind: 'not-modified', ...(cacheControl ? { cacheControl } : {}), ...(expires ? { expires } : {}) };
  }
  if (!isSuccess(status)) {
    discardBody(body);
    const now = options.now?.() ?? new Date();
    throw statusError(status, { sourceKey, url: answer.url, retryAfter: headerValue(headers, 'retry-after'), now });
  }
  try {
    const caching = pickCachingHeaders(headers);
    if (isMediaType(caching.contentType)) throw fail('not_a_feed', `got ${mediaType(caching.contentType)}, not a feed`);
    const declaredLength = Number(headerValue(headers, 'content-length'));
    if (declaredLength > options.maxBodyBytes) throw fail('too_large', `body larger than ${options.maxBodyBytes} bytes`);

    const contentEncoding = headerValue(headers, 'content-encoding');
    const bytes = await readBody(body, { maxBytes: options.maxBodyBytes, ...(contentEncoding ? { contentEncoding } : {}) });
    if (looksLikeHtml(bytes)) throw fail('not_a_feed', 'got an HTML page, not a feed');
    return {
      kind: 'fetched',
      body: bytes,
      bytes: bytes.length,
      bodyHash: createHash('sha256').update(bytes).digest('hex'),
      ...caching,
    };
  } finally {
    // A no-op once the body was read to its end; otherwise it frees the socket of a body we refused.
    abandonBody(body);
  }
}
