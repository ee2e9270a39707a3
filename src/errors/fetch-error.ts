import { sourceMessage } from './source-message.js';
import { TributaryError } from './tributary-error.js';

/** How a fetch failed; each is also a failure kind of the fetch state (model/fetch-state.ts). */
export type FetchErrorKind = 'timeout' | 'dns' | 'tls' | 'connection' | 'http' | 'too_large' | 'too_many_redirects' | 'not_a_feed' | 'gone' | 'unknown';

/** Fetching a source failed. Carries what an operator needs to act: which source, which URL, why. */
export class FetchError extends TributaryError {
  readonly code: string;

  constructor(
    readonly kind: FetchErrorKind,
    readonly sourceKey: string,
    readonly url: string,
    /** Why, without the source key and URL the message adds, e.g. `HTTP 500 Internal Server Error`. */
    readonly reason: string,
    readonly details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(sourceMessage(sourceKey, reason, url), { cause: details.cause });
    this.code = `FETCH_${kind.toUpperCase()}`;
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

export function isFetchError(error: unknown): error is FetchError {
  return error instanceof FetchError;
}
