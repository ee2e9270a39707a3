import type { Config } from '../config/schema.js';
import { stateFor } from '../model/fetch-state.js';
import { refreshSource, type PipelineDeps, type RefreshOutcome } from '../pipeline/refresh-source.js';
import { hostOf } from '../model/host-of.js';
import type { ChangeSignal } from './change-signal.js';
import type { HostSlots } from './host-slots.js';
import { ABANDONED, type RefreshJob } from './refresh-queue.js';

export interface RefreshJobDeps {
  pipeline: PipelineDeps;
  hostSlots: HostSlots;
  changes: ChangeSignal;
  /** Aborts waiting for a per-host slot (shutdown). */
  signal: AbortSignal;
}

export type RefreshJobResult = { status: 'unknown-source' | 'done-before' | typeof ABANDONED } | { status: RefreshOutcome['status']; outcome: RefreshOutcome };

/**
 * A worker's job: one source's poll for one due time, under the per-host limit held across the
 * fleet. Skipped when the source was attempted at or after that due time already (a job queued
 * again by a new scheduler leader, or retried after its worker died): that attempt served it.
 * Abandoned when the worker stops before the poll could be made (waiting for a slot, or the fetch
 * aborted), so that the job goes back to the queue. Throws only when the state cannot be read, so
 * BullMQ records the failure.
 */
export async function runRefreshJob(job: RefreshJob, config: Config, deps: RefreshJobDeps): Promise<RefreshJobResult> {
  const { pipeline } = deps;
  const source = config.sources.find((candidate) => candidate.key === job.sourceKey);
  if (!source?.enabled) {
    pipeline.logger.warn({ source_key: job.sourceKey }, "job for a source this worker has no enabled config for: is its config the same as the scheduler's?");
    return { status: 'unknown-source' };
  }
  const state = stateFor(await pipeline.store.getState(source.key), source.url);
  if (state?.lastAttemptAt && Date.parse(state.lastAttemptAt) >= Date.parse(job.dueAt)) {
    pipeline.logger.debug({ source_key: source.key, due_at: job.dueAt, last_attempt_at: state.lastAttemptAt }, 'job skipped: polled for this due time already');
    return { status: 'done-before' };
  }
  const host = hostOf(source.url, { withPort: true }) ?? source.url;
  const release = await deps.hostSlots.acquire(host, config.fetch.perHostConcurrency, deps.signal).catch((error: unknown) => {
    if (deps.signal.aborted) return undefined;
    throw error;
  });
  if (!release) return { status: ABANDONED };
  // The host's slot bounds the requests to it, as the local limiter's does: given back once the
  // document is in, not held through its parse and commit.
  let givenBack: Promise<void> | undefined;
  const giveBack = () => (givenBack ??= release().catch((error: unknown) => pipeline.logger.warn({ err: error, source_key: source.key }, 'could not give back a per-host slot; it expires by itself')));
  let outcome: RefreshOutcome;
  try {
    outcome = await refreshSource(source, config, pipeline, { dueAt: new Date(job.dueAt), fetched: giveBack });
  } finally {
    await giveBack();
  }
  // The fetch aborted by the shutdown: nothing was recorded against the source (see refreshSource).
  if (outcome.status === 'skipped' && deps.signal.aborted) return { status: ABANDONED };
  if (outcome.status === 'changed') deps.changes.raise();
  pipeline.logger.debug({ source_key: source.key, due_at: job.dueAt, status: outcome.status }, 'job done');
  return { status: outcome.status, outcome };
}
