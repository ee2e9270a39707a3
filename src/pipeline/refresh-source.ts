import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config, SourceConfig } from '../config/schema.js';
import { describeError, isFetchError, isParseError, isStoreError } from '../errors/index.js';
import { withEnrichment, type Enrichment } from '../enricher/enrichment.js';
import { fetchFeed, type FetchOptions } from '../fetcher/fetch-feed.js';
import type { Fetched, FetchResult } from '../fetcher/fetch-result.js';
import { initialFetchState, stateFor, stateUrl, type FailureKind, type FetchState } from '../model/fetch-state.js';
import type { Item } from '../model/item.js';
import { UNCATEGORIZED } from '../model/source-activity.js';
import type { ItemStore } from '../store/item-store.js';
import { isCommitDue, isDue, isNewFailure, recordFailure, recordSuccess, withPoll, type Failure, type Success } from './fetch-state-transitions.js';
import { documentJobFor, type DocumentProcessor, type ProcessedDocument } from './document-job.js';
import { commitAgainAfterMs, knownItemsForJob, knownItemsToKeep, oldestCommitMs } from './known-items-record.js';
import { hintedHoldUntil } from './refresh-hints.js';
import { SourceLog } from './source-log.js';

export interface PipelineDeps {
  store: ItemStore;
  fetchOptions: FetchOptions;
  /** Where documents are parsed, normalized and enriched: this thread or a pool of worker threads. */
  documents: DocumentProcessor;
  logger: Logger;
  /** Injected clock and randomness: tests control both, production passes Date and Math.random. */
  now: () => Date;
  random: () => number;
}

export type RefreshStatus = 'changed' | 'unchanged' | 'not-modified' | 'failed' | 'skipped';

export interface RefreshOutcome {
  sourceKey: string;
  status: RefreshStatus;
  added: number;
  updated: number;
  /** For 'failed': what went wrong; for 'skipped': why. */
  reason?: string;
  /** For 'failed': how the failure was classified. */
  errorKind?: FailureKind;
  /** For a fetch that got an answer: request to end of body. */
  durationMs?: number;
  /**
   * The source's fetch state once this refresh is done, as saved in the store (as read, for a
   * skipped source); absent when it could be neither read nor saved.
   */
  state?: FetchState;
}

export interface RefreshOptions {
  /** Poll a source that is backing off too. */
  force?: boolean;
  /** The source's saved state, already read (a cycle reads every state at once); else it is read here. */
  saved?: { state: FetchState | undefined };
  /** The schedule's tick this poll is due for: hints count from it (see hold). Else from the poll. */
  dueAt?: Date;
  /** Awaited once a document is in, before its parse: the poller hands the fetch's slots on (poll-limiter.ts). */
  fetched?: () => Promise<void>;
}

interface Refresh {
  source: SourceConfig;
  config: Config;
  deps: PipelineDeps;
  log: SourceLog;
  state: FetchState;
  dueAt?: Date;
  /** Since the refresh began, for the poll's record. */
  elapsedMs: () => number;
}

/**
 * One refresh of one source, the story of the pipeline: load state → conditional GET → not
 * modified? stop → same bytes as last time? stop → parse → normalize → commit items and state
 * together. Once an item has gone half its seen retention without a commit, the GET is plain and
 * the same bytes are parsed again, so the commit keeps its seen record alive. A failure is
 * classified, recorded with a backoff, and logged only when it is news.
 * Never throws: every outcome, good or bad, is returned.
 */
export async function refreshSource(source: SourceConfig, config: Config, deps: PipelineDeps, options: RefreshOptions = {}): Promise<RefreshOutcome> {
  const log = new SourceLog(deps.logger, { source_key: source.key, feed_url: source.url });
  const outcome = (status: RefreshStatus, extra: Partial<RefreshOutcome> = {}): RefreshOutcome => ({ sourceKey: source.key, status, added: 0, updated: 0, ...extra });
  let state: FetchState;
  try {
    state = await loadState(source, deps, log, options.saved);
  } catch (error) {
    log.error({ err: error }, 'could not read fetch state; source not polled');
    return outcome('failed', { reason: describeError(error) });
  }

  if (state.disabled) return outcome('skipped', { reason: `disabled: ${state.disabled.reason}`, state });
  if (!options.force && !isDue(state, deps.now())) return outcome('skipped', { reason: `not due until ${state.nextAttemptAt}`, state });

  const startedAt = performance.now();
  const elapsedMs = () => Math.round(performance.now() - startedAt);
  const refresh: Refresh = { source, config, deps, log, state, dueAt: options.dueAt, elapsedMs };
  // The status of the answer, kept for a failure that comes after it (a 200 whose body is no feed).
  let answered: number | undefined;
  try {
    const mustCommit = isCommitDue(state, deps.now(), commitAgainAfterMs(config.store.seenRetentionDays));
    const validators = mustCommit ? {} : { etag: state.etag, lastModified: state.lastModified };
    const result = await fetchFeed({ sourceKey: source.key, url: source.url, headers: source.headers, validators }, deps.fetchOptions);
    answered = result.status;
    reportMove(log, state, result.movedTo);
    if (result.kind === 'not-modified' || (!mustCommit && result.bodyHash === state.bodyHash)) {
      // Nothing new to parse: 304, or a server that ignores validators sent the same bytes again.
      const validators = result.kind === 'fetched' ? { etag: result.etag, lastModified: result.lastModified, bodyHash: result.bodyHash } : {};
      const now = deps.now();
      const answered = recordSuccess(state, { status: result.status, movedTo: result.movedTo, ...validators, ...hold(refresh, result) }, now);
      const poll = { outcome: result.kind === 'not-modified' ? 'not-modified' : 'unchanged', status: result.status, durationMs: elapsedMs(), added: 0, updated: 0 } as const;
      const next = withPoll(answered, poll, now);
      await deps.store.saveState(next);
      reportRecovery(log, state);
      log.debug({ status: result.status, duration_ms: result.durationMs }, 'unchanged');
      return outcome(result.kind === 'not-modified' ? 'not-modified' : 'unchanged', { durationMs: result.durationMs, state: next });
    }
    await options.fetched?.();
    const { added, updated, state: committed } = await commitFetched(refresh, result);
    return outcome(added + updated > 0 ? 'changed' : 'unchanged', { added, updated, durationMs: result.durationMs, state: committed });
  } catch (error) {
    // Aborted by shutdown: not the source's fault, so no failure is recorded against it.
    if (deps.fetchOptions.signal?.aborted) return outcome('skipped', { reason: 'shutting down', state });
    const failure = classify(error, answered);
    const now = deps.now();
    const poll = { outcome: 'failed', status: failure.status, durationMs: elapsedMs(), added: 0, updated: 0, error: failure.reason ?? failure.message } as const;
    const next = withPoll(recordFailure(state, failure, now, deps.random), poll, now);
    if (isNewFailure(state, failure)) {
      // Expected failures are classified: their message says it all. Only the unexpected get a stack.
      const detail = failure.kind === 'unknown' ? { err: error } : { code: (error as { code?: string }).code };
      log.warn({ error_kind: failure.kind, status: failure.status, next_attempt_at: next.nextAttemptAt, ...detail }, `source failing: ${failure.message}`);
    }
    if (next.disabled) {
      next.disabled.configHash = sourceConfigHash(source);
      log.error({ status: failure.status }, 'source is gone (410): disabled until its config changes');
    }
    const saved = await saveStateQuietly(deps, next, log);
    return outcome('failed', { reason: failure.reason ?? failure.message, errorKind: failure.kind, ...(saved ? { state: next } : {}) });
  }
}

async function commitFetched(refresh: Refresh, result: Fetched): Promise<{ added: number; updated: number; state: FetchState }> {
  const { source, config, deps, log, state } = refresh;
  const now = deps.now();
  const known = await deps.store.knownItems(source.key);
  const knownForJob = knownItemsForJob(known, now.getTime(), commitAgainAfterMs(config.store.seenRetentionDays));
  const feed = await deps.documents.process(documentJobFor(source, config, result, knownForJob, now), { deadlineMs: config.fetch.parseTimeoutMs });
  const { feed: info, items, rejected, contentCut } = feed.normalized;
  if (feed.unreadItems !== undefined) log.warn({ problem: feed.unreadItems }, `document read with no items: ${feed.unreadItems}`);
  if (feed.recoveredFrom !== undefined && feed.recoveredFrom !== state.recoveredFrom) log.warn({ problem: feed.recoveredFrom }, `recovered from ${feed.recoveredFrom}`);
  if (rejected.length > 0) log.warn({ rejected: rejected.length, first_reason: rejected[0]?.reason }, 'items rejected');
  for (const cut of contentCut) {
    log.debug({ external_id: cut.externalId, content_chars: cut.fromChars, max_content_bytes: config.items.maxContentBytes }, 'content cut to items.maxContentBytes');
  }

  const knownItems = knownItemsToKeep(known, feed, now.getTime());
  const success: Success = {
    status: result.status,
    movedTo: result.movedTo,
    etag: result.etag,
    lastModified: result.lastModified,
    bodyHash: result.bodyHash,
    feedRefreshMinutes: feed.refreshMinutes,
    reading: feed.recoveredFrom === undefined ? {} : { recoveredFrom: feed.recoveredFrom },
    itemsCommittedAt: new Date(oldestCommitMs(knownItems ?? known, now.getTime())),
    ...hold(refresh, result, feed.refreshMinutes),
  };
  // Items and validators land together: a crash here never leaves a 304 covering unstored items.
  const sourceFeed = { title: info.title, link: info.link, id: info.id };
  const enrich = enricherOf(feed);
  const stateAfter = (saved: FetchState, done: { added: readonly Item[]; updated: readonly Item[] }) =>
    withPoll(
      saved,
      {
        outcome: done.added.length + done.updated.length > 0 ? 'changed' : 'unchanged',
        status: result.status,
        durationMs: refresh.elapsedMs(),
        added: done.added.length,
        updated: done.updated.length,
        addedByCategory: countByCategory(done.added),
      },
      now,
    );
  const committed = await deps.store.commit(source.key, items, recordSuccess(state, success, now), now, { sourceFeed, finish: enrich, knownItems, stateAfter });
  reportRecovery(log, state);
  const added = committed.added.length;
  const updated = committed.updated.length;
  const accepted = feed.normalized.fingerprints.length;
  log.info({ status: result.status, duration_ms: result.durationMs, items: accepted, unparsed: feed.unparsed, normalized: items.length, added, updated }, 'polled');
  return { added, updated, state: committed.state };
}

/** New items by category, for the status page's hourly chart. */
function countByCategory(items: readonly Item[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const category = item.category ?? UNCATEGORIZED;
    counts[category] = (counts[category] ?? 0) + 1;
  }
  return counts;
}

/** The feed's and the server's hints on when to come back, from the tick the poll was due for. */
function hold(refresh: Refresh, result: FetchResult, feedRefreshMinutes = refresh.state.feedRefreshMinutes): { holdUntil?: Date } {
  const hints = { feedRefreshMinutes, cacheControl: result.cacheControl, expires: result.expires };
  const holdUntil = hintedHoldUntil(refresh.config.schedule, hints, refresh.dueAt ?? refresh.deps.now());
  return holdUntil === undefined ? {} : { holdUntil };
}

/**
 * The stored state, or a fresh one when there is none or the operator pointed the source at another
 * URL. A source disabled by 410 Gone comes back when its config changes in any way.
 */
async function loadState(source: SourceConfig, deps: PipelineDeps, log: SourceLog, saved?: RefreshOptions['saved']): Promise<FetchState> {
  const found = stateFor(saved ? saved.state : await deps.store.getState(source.key), source.url);
  if (!found) return initialFetchState(source.key, source.url);
  const stored = await withStateUrl(found, source, deps, log);
  if (stored.disabled && stored.disabled.configHash !== sourceConfigHash(source)) {
    log.info('config changed: polling this source again after its 410 Gone');
    const { disabled: _disabled, nextAttemptAt: _next, ...rest } = stored;
    return { ...rest, consecutiveErrors: 0 };
  }
  return stored;
}

/**
 * A state an older version saved with the configured URL verbatim (credentials and all), rewritten
 * at once with the redacted URL: a source disabled by 410 Gone is not saved again by a poll.
 */
async function withStateUrl(state: FetchState, source: SourceConfig, deps: PipelineDeps, log: SourceLog): Promise<FetchState> {
  const url = stateUrl(source.url);
  if (state.url === url) return state;
  const rewritten = { ...state, url };
  await saveStateQuietly(deps, rewritten, log);
  return rewritten;
}

function sourceConfigHash(source: SourceConfig): string {
  return createHash('sha256').update(JSON.stringify(source)).digest('hex').slice(0, 16);
}

/** The failure an error is; `status`, the status of the answer the failure came after, when it is not an HTTP error. */
function classify(error: unknown, status: number | undefined): Failure {
  const message = describeError(error);
  if (isFetchError(error)) {
    return { kind: error.kind, message, reason: error.reason, code: error.code, status: error.status, retryAfterMs: error.details.retryAfterMs };
  }
  const answered = status === undefined ? {} : { status };
  if (isParseError(error)) return { kind: 'parse', message, reason: error.reason, code: error.code, ...answered };
  if (isStoreError(error)) return { kind: 'store', message, code: error.code, ...answered };
  return { kind: 'unknown', message, ...answered };
}

function reportMove(log: SourceLog, state: FetchState, movedTo: string | undefined): void {
  if (movedTo && movedTo !== state.movedTo) log.warn({ moved_to: movedTo }, `source moved to ${movedTo}: update its url in the config`);
}

function reportRecovery(log: SourceLog, previous: FetchState): void {
  if (previous.lastError) log.info({ after_errors: previous.consecutiveErrors }, 'source recovered');
}

/** Whether the state was saved; a failure is logged, not thrown. */
async function saveStateQuietly(deps: PipelineDeps, state: FetchState, log: SourceLog): Promise<boolean> {
  try {
    await deps.store.saveState(state);
    return true;
  } catch (error) {
    log.error({ err: error }, 'could not save fetch state');
    return false;
  }
}

/**
 * Applies each item's enrichment, computed where it was normalized, as the commit writes it: by id,
 * the first of a repeated id standing for both, as the commit takes them.
 */
function enricherOf(feed: ProcessedDocument): (item: Item) => Item {
  const byId = new Map<string, Enrichment>();
  feed.enrichments?.forEach((enrichment, i) => {
    const id = feed.normalized.items[i]!.externalId;
    if (!byId.has(id)) byId.set(id, enrichment);
  });
  return (item) => {
    const enrichment = byId.get(item.externalId);
    return enrichment ? withEnrichment(item, enrichment) : item;
  };
}
