import type { SourceConfig } from '../config/schema.js';
import { stateFor, type FetchState } from '../model/fetch-state.js';
import { redactUri } from '../model/redact-uri.js';
import { describeSourceState, errorDetail, type SourceState } from '../model/source-status.js';

/** One source in `tributary status`: what the table shows, and what `--format json` prints. */
export interface StatusRow {
  key: string;
  name: string;
  url: string;
  enabled: boolean;
  state: SourceState;
  detail: string | null;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  consecutiveErrors: number;
  /** `message` is the reason, without the key and URL the row has; `code` is the error's stable code (docs/errors.md), null when none was recorded. */
  lastError: { kind: string; code: string | null; message: string; at: string } | null;
  movedTo: string | null;
  /** When the daemon will poll it next: its first scheduled run after any backoff; null when disabled. */
  nextPollAt: string | null;
  /** New items taken from it over its lifetime. */
  items: number;
}

export interface RowContext {
  now: Date;
  defaultSchedule: string;
  /** First run of a cron expression at or after a date (see next-run.ts); injected so this stays pure. */
  nextRun: (expression: string, notBefore: Date) => Date | undefined;
}

/** The status rows of the configured sources, in config order, from their saved fetch states. Pure. */
export function buildStatusRows(sources: readonly SourceConfig[], states: ReadonlyMap<string, FetchState | undefined>, context: RowContext): StatusRow[] {
  return sources.map((source) => {
    const saved = states.get(source.key);
    const state = stateFor(saved, source.url);
    const status = describeSourceState(saved, context.now, source);
    const notBefore = status.notBefore === undefined ? context.now : new Date(status.notBefore);
    const nextPoll = status.state === 'disabled' ? undefined : context.nextRun(source.schedule ?? context.defaultSchedule, notBefore);
    return {
      key: source.key,
      name: source.name,
      url: redactUri(source.url),
      enabled: source.enabled,
      state: status.state,
      detail: status.detail ?? null,
      lastSuccessAt: state?.lastSuccessAt ?? null,
      lastAttemptAt: state?.lastAttemptAt ?? null,
      lastStatus: state?.lastStatus ?? null,
      consecutiveErrors: state?.consecutiveErrors ?? 0,
      lastError: state?.lastError ? { kind: state.lastError.kind, code: state.lastError.code ?? null, message: errorDetail(state.lastError), at: state.lastError.at } : null,
      movedTo: state?.movedTo ?? null,
      nextPollAt: nextPoll?.toISOString() ?? null,
      items: state?.itemsSeen ?? 0,
    };
  });
}

/** "12 sources: 9 ok, 1 failing, 2 never polled": the states that occur, in a fixed order. */
export function summarizeStates(rows: readonly StatusRow[]): string {
  const order: SourceState[] = ['ok', 'recovered', 'moved', 'failing', 'backing off', 'disabled', 'never polled'];
  const counts = order
    .map((state) => [state, rows.filter((row) => row.state === state).length] as const)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state}`);
  return `${rows.length} source${rows.length === 1 ? '' : 's'}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}`;
}
