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
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(`${sourceKey}: ${message} (${url})`, { cause: details.cause });
    this.code = `FETCH_${kind.toUpperCase()}`;
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

export function isFetchError(error: unknown): error is FetchError {
  return error instanceof FetchError;
}
