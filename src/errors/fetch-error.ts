import { sourceMessage } from './source-message.js';
import { TributaryError } from './tributary-error.js';

/** How a fetch failed; each is also a failure kind of the fetch state (model/fetch-state.ts). */
export const FETCH_ERROR_KINDS = ['timeout', 'dns', 'tls', 'connection', 'http', 'too_large', 'too_many_redirects', 'not_a_feed', 'gone', 'unknown'] as const;
export type FetchErrorKind = (typeof FETCH_ERROR_KINDS)[number];

/** A FetchError's code: `FETCH_` and its kind in capitals, e.g. FETCH_TOO_LARGE. */
export type FetchErrorCode = `FETCH_${Uppercase<FetchErrorKind>}`;

export function fetchErrorCode<K extends FetchErrorKind>(kind: K): `FETCH_${Uppercase<K>}` {
  return `FETCH_${kind.toUpperCase() as Uppercase<K>}`;
}

/** Every code a FetchError can have, one per kind (docs/errors.md explains each). */
export const FETCH_CODES: readonly FetchErrorCode[] = FETCH_ERROR_KINDS.map(fetchErrorCode);

/** Fetching a source failed. Carries what an operator needs to act: which source, which URL, why. */
export class FetchError extends TributaryError {
  readonly code: FetchErrorCode;

  constructor(
    readonly kind: FetchErrorKind,
    readonly sourceKey: string,
    readonly url: string,
    /** Why, without the source key and URL the message adds, e.g. `HTTP 500 Internal Server Error`. */
    readonly reason: string,
    readonly details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(sourceMessage(sourceKey, reason, url), { cause: details.cause });
    this.code = fetchErrorCode(kind);
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

export function isFetchError(error: unknown): error is FetchError {
  return error instanceof FetchError;
}
