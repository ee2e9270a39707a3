import { isStateFor, type FetchState } from './fetch-state.js';

/** What an operator needs to know of a source at a glance; the CLI's `status` and the status page share it. */
export type SourceState = 'ok' | 'failing' | 'backing off' | 'disabled' | 'moved' | 'recovered' | 'never polled';

export interface SourceStatus {
  state: SourceState;
  /** Why, in a few words: the last error, where the feed moved, why it is disabled. Absent for ok and never polled. */
  detail?: string;
  /** The earliest the next poll may be (backoff, Retry-After, feed hints), when that is later than `now`. */
  notBefore?: string;
}

/** The source as configured, when known: a source disabled in the config, or pointed at another URL, reads so. */
export interface ConfiguredSource {
  url?: string;
  enabled?: boolean;
}

/**
 * The state of one source from its saved fetch state. In order: disabled (in the config, or by a
 * 410 Gone), never polled (no state, or state for another URL), backing off (failing and waiting out
 * its backoff or a Retry-After), failing (failing and due again), moved (answering, from the
 * permanent redirect's target), recovered (answering with ill-formed XML, or a truncated JSON
 * Feed, that only the lenient pass reads), ok. Pure.
 */
export function describeSourceState(state: FetchState | undefined, now: Date, source: ConfiguredSource = {}): SourceStatus {
  if (source.enabled === false) return { state: 'disabled', detail: 'disabled in the config' };
  if (!state || (source.url !== undefined && !isStateFor(state, source.url))) return { state: 'never polled' };
  if (state.disabled) return { state: 'disabled', detail: `gone: ${state.disabled.reason}` };
  if (!state.lastAttemptAt) return { state: 'never polled' };
  const waiting = state.nextAttemptAt !== undefined && Date.parse(state.nextAttemptAt) > now.getTime();
  const notBefore = waiting ? { notBefore: state.nextAttemptAt! } : {};
  if (state.lastError) {
    return { state: waiting ? 'backing off' : 'failing', detail: errorDetail(state.lastError), ...notBefore };
  }
  if (state.movedTo) return { state: 'moved', detail: `moved to ${state.movedTo}`, ...notBefore };
  if (state.recoveredFrom) return { state: 'recovered', detail: `recovered from ${state.recoveredFrom}`, ...notBefore };
  return { state: 'ok', ...notBefore };
}

/**
 * What an error is shown as beside its source: its reason, without the source key and URL the
 * message adds; a state an older version saved has only the message, shown whole.
 */
export function errorDetail(error: Pick<NonNullable<FetchState['lastError']>, 'message' | 'reason'>): string {
  return error.reason ?? error.message;
}
