import { STATUS_CODES } from 'node:http';
import { FetchError } from '../errors/fetch-error.js';
import { parseRetryAfter } from './retry-after.js';

/** Statuses whose Retry-After is worth honouring: "slow down" and "come back later". */
const RETRYABLE = new Set([429, 503]);

export interface StatusContext {
  sourceKey: string;
  url: string;
  retryAfter: string | undefined;
  now: Date;
}

/** The error for a final status that is neither 2xx nor 304 (410 is 'gone', the rest 'http'). */
export function statusError(status: number, context: StatusContext): FetchError {
  const message = `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;
  if (status === 410) return new FetchError('gone', context.sourceKey, context.url, message, { status });
  const retryAfterMs = RETRYABLE.has(status) ? parseRetryAfter(context.retryAfter, context.now) : undefined;
  return new FetchError('http', context.sourceKey, context.url, message, {
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** The error for a 304 to a request that sent no validators (a broken cache before the feed, say): there is nothing to read. */
export function notModifiedToPlainGetError(context: Pick<StatusContext, 'sourceKey' | 'url'>): FetchError {
  return new FetchError('http', context.sourceKey, context.url, 'answered 304 Not Modified to a plain GET', { status: 304 });
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
