import type { FailureKind, FetchState } from '../model/fetch-state.js';
import { recordPoll, type PollToRecord } from '../model/source-activity.js';

/** Backoff after consecutive failures: 1 min, 2, 4, … capped at 24 h, times a random 50–100 %. */
export const BACKOFF_BASE_MS = 60_000;
export const BACKOFF_CAP_MS = 24 * 60 * 60_000;

export function backoffDelayMs(consecutiveErrors: number, random: () => number): number {
  const exponent = Math.min(Math.max(consecutiveErrors - 1, 0), 30);
  const delay = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exponent);
  return Math.round(delay * (0.5 + random() * 0.5));
}

export interface Success {
  status: number;
  movedTo?: string;
  etag?: string;
  lastModified?: string;
  bodyHash?: string;
  /** The feed's own polling hint from this document, when it was parsed. */
  feedRefreshMinutes?: number;
  /** No poll before this (feed and HTTP hints). */
  holdUntil?: Date;
  /** How the document was read, when one was parsed (not for a 304 or an unchanged body, which keep the state's). */
  reading?: { recoveredFrom?: string };
  /** For a document committed with this state: the oldest time one of its items went through a commit. */
  itemsCommittedAt?: Date;
}

/** State after a good answer (200 or 304): errors cleared, validators kept or replaced. */
export function recordSuccess(state: FetchState, success: Success, now: Date): FetchState {
  const next: FetchState = {
    ...state,
    lastAttemptAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
    lastStatus: success.status,
    consecutiveErrors: 0,
    movedTo: success.movedTo,
  };
  delete next.nextAttemptAt;
  delete next.lastError;
  delete next.failingSince;
  if (success.status !== 304) {
    next.etag = success.etag;
    next.lastModified = success.lastModified;
    next.bodyHash = success.bodyHash;
  }
  if (success.feedRefreshMinutes !== undefined) next.feedRefreshMinutes = success.feedRefreshMinutes;
  if (success.reading?.recoveredFrom !== undefined) next.recoveredFrom = success.reading.recoveredFrom;
  else if (success.reading) delete next.recoveredFrom;
  if (success.itemsCommittedAt !== undefined) next.itemsCommittedAt = success.itemsCommittedAt.toISOString();
  if (success.holdUntil !== undefined) next.nextAttemptAt = success.holdUntil.toISOString();
  return next;
}

export interface Failure {
  kind: FailureKind;
  /** The error's whole message. */
  message: string;
  /** Why, without the source key and URL the message adds, when the error keeps it apart (fetch and parse errors). */
  reason?: string;
  /** The error's stable code, when it has one (a TributaryError). */
  code?: string;
  /** The HTTP status of the answer, when there was one: for a document that failed to parse, the status it came with. */
  status?: number;
  /** From Retry-After on 429/503: wait this long (at most BACKOFF_CAP_MS), and, when it is at least BACKOFF_BASE_MS, do not count it as a hard failure. */
  retryAfterMs?: number;
}

/** State after a failure: counted, backed off, and for 410 Gone disabled until the config changes. */
export function recordFailure(state: FetchState, failure: Failure, now: Date, random: () => number): FetchState {
  const { retryAfterMs } = failure;
  // A wait shorter than the first step of back-off (0, a date past) asks for nothing a failure does
  // not: counted and backed off as one, or a source that keeps failing so would never show it.
  const isSoft = retryAfterMs !== undefined && retryAfterMs >= BACKOFF_BASE_MS;
  const consecutiveErrors = isSoft ? state.consecutiveErrors : state.consecutiveErrors + 1;
  // A "come back later" waits no longer than the worst hard failure: a Retry-After of years would
  // silence the source, and one past the last date a Date can hold would throw here.
  const delay = isSoft ? Math.min(retryAfterMs, BACKOFF_CAP_MS) : backoffDelayMs(consecutiveErrors, random);
  const next: FetchState = {
    ...state,
    lastAttemptAt: now.toISOString(),
    lastStatus: failure.status,
    consecutiveErrors,
    nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
    failingSince: state.failingSince ?? state.lastError?.at ?? now.toISOString(),
    lastError: {
      kind: failure.kind,
      message: failure.message,
      ...(failure.reason === undefined ? {} : { reason: failure.reason }),
      ...(failure.code === undefined ? {} : { code: failure.code }),
      at: now.toISOString(),
    },
  };
  if (failure.kind === 'gone') next.disabled = { reason: failure.reason ?? failure.message, at: now.toISOString() };
  return next;
}

/** True when this failure is news: the source was fine, or failed differently, before. */
export function isNewFailure(previous: FetchState, failure: Failure): boolean {
  return previous.lastError?.kind !== failure.kind || previous.lastError.message !== failure.message;
}

/**
 * Whether this poll must take the document through a commit whatever the server says (no validators
 * sent, an unchanged body parsed): some item has not gone through one for `maxAgeMs` (half the seen
 * retention), or no one knows when. Only a commit refreshes the items' seen records; a feed that
 * answers 304 for longer than their retention would otherwise have its old items taken for new ones.
 */
export function isCommitDue(state: FetchState, now: Date, maxAgeMs: number): boolean {
  return state.itemsCommittedAt === undefined || now.getTime() - Date.parse(state.itemsCommittedAt) >= maxAgeMs;
}

/** Whether the daemon should poll this source now (not backing off, not disabled). */
export function isDue(state: FetchState | undefined, now: Date): boolean {
  if (!state) return true;
  if (state.disabled) return false;
  return !state.nextAttemptAt || Date.parse(state.nextAttemptAt) <= now.getTime();
}

/** The state with this poll counted in its activity (model/source-activity.ts). */
export function withPoll(state: FetchState, poll: PollToRecord, now: Date): FetchState {
  return { ...state, activity: recordPoll(state.activity, poll, now) };
}
