import { describe, expect, it } from 'vitest';
import { initialFetchState } from '../../src/model/fetch-state.js';
import { BACKOFF_CAP_MS, backoffDelayMs, isCommitDue, isDue, isNewFailure, recordFailure, recordSuccess } from '../../src/pipeline/fetch-state-transitions.js';

const now = new Date('2025-12-16T12:00:00.000Z');
const fresh = initialFetchState('news', 'https://news.example/feed');

describe('fetch state transitions', () => {
  it('doubles the backoff with each consecutive error, with jitter between 50 and 100 %', () => {
    expect(backoffDelayMs(1, () => 1)).toBe(60_000);
    expect(backoffDelayMs(3, () => 1)).toBe(240_000);
    expect(backoffDelayMs(3, () => 0)).toBe(120_000);
  });

  it('caps the backoff at 24 hours however many errors there were', () => {
    expect(backoffDelayMs(500, () => 1)).toBe(BACKOFF_CAP_MS);
  });

  it('counts a failure, records it and schedules the next attempt', () => {
    const failed = recordFailure(fresh, { kind: 'http', message: 'HTTP 500', status: 500 }, now, () => 1);
    expect(failed).toMatchObject({ consecutiveErrors: 1, lastStatus: 500, lastError: { kind: 'http', message: 'HTTP 500' }, nextAttemptAt: '2025-12-16T12:01:00.000Z' });
    expect(isDue(failed, now)).toBe(false);
    expect(isDue(failed, new Date('2025-12-16T12:01:00.000Z'))).toBe(true);
  });

  it('records the reason and the code of a failure beside its message', () => {
    const failure = { kind: 'timeout' as const, message: 'news: timed out after 30000 ms (https://news.example/feed)', reason: 'timed out after 30000 ms', code: 'FETCH_TIMEOUT' };
    expect(recordFailure(fresh, failure, now, () => 1).lastError).toEqual({ ...failure, at: now.toISOString() });
  });

  it('records no reason or code for a failure that has none', () => {
    expect(recordFailure(fresh, { kind: 'unknown', message: 'boom' }, now, () => 1).lastError).toEqual({ kind: 'unknown', message: 'boom', at: now.toISOString() });
  });

  it('honours Retry-After without counting it as a hard failure', () => {
    const limited = recordFailure(fresh, { kind: 'http', message: 'HTTP 429', status: 429, retryAfterMs: 120_000 }, now, () => 1);
    expect(limited.consecutiveErrors).toBe(0);
    expect(limited.nextAttemptAt).toBe('2025-12-16T12:02:00.000Z');
  });

  it('counts and backs off a failure whose Retry-After asks for less than the first back-off step (0, a date past)', () => {
    let state = fresh;
    for (let failures = 1; failures <= 3; failures += 1) {
      state = recordFailure(state, { kind: 'http', message: 'HTTP 503', status: 503, retryAfterMs: 0 }, now, () => 1);
      expect(state.consecutiveErrors).toBe(failures);
      expect(Date.parse(state.nextAttemptAt!) - now.getTime()).toBe(60_000 * 2 ** (failures - 1));
    }
  });

  it('holds a Retry-After to the backoff cap, even one past the last date a Date can hold', () => {
    for (const retryAfterMs of [9_999_999_999_999_000, 400 * 86_400_000]) {
      const limited = recordFailure(fresh, { kind: 'http', message: 'HTTP 503', status: 503, retryAfterMs }, now, () => 1);
      expect(limited.consecutiveErrors).toBe(0);
      expect(Date.parse(limited.nextAttemptAt!) - now.getTime()).toBe(BACKOFF_CAP_MS);
    }
  });

  it('disables a source that answered 410 Gone, with the reason', () => {
    const gone = recordFailure(fresh, { kind: 'gone', message: 'news: HTTP 410 Gone (https://news.example/feed)', reason: 'HTTP 410 Gone', status: 410 }, now, () => 1);
    expect(gone.disabled).toEqual({ reason: 'HTTP 410 Gone', at: now.toISOString() });
    expect(isDue(gone, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });

  it('clears errors and backoff on success and keeps the new validators', () => {
    const failed = recordFailure(fresh, { kind: 'timeout', message: 'timed out' }, now, () => 1);
    const ok = recordSuccess(failed, { status: 200, etag: '"v2"', lastModified: 'Tue, 16 Dec 2025 11:00:00 GMT', bodyHash: 'abc' }, now);
    expect(ok).toMatchObject({ consecutiveErrors: 0, lastStatus: 200, etag: '"v2"', bodyHash: 'abc', lastSuccessAt: now.toISOString() });
    expect(ok.lastError).toBeUndefined();
    expect(ok.nextAttemptAt).toBeUndefined();
  });

  it('records when the items of a committed document last went through a commit, and keeps it through a 304', () => {
    const committedAt = new Date('2025-06-01T00:00:00.000Z');
    const committed = recordSuccess(fresh, { status: 200, etag: '"v1"', itemsCommittedAt: committedAt }, now);
    expect(committed.itemsCommittedAt).toBe(committedAt.toISOString());
    expect(recordSuccess(committed, { status: 304 }, now).itemsCommittedAt).toBe(committedAt.toISOString());
  });

  it('asks for a commit once an item has gone the given time without one, or when no one knows when it last went through', () => {
    const halfYear = 182.5 * 86_400_000;
    const committedAt = (msAgo: number) => ({ ...fresh, itemsCommittedAt: new Date(now.getTime() - msAgo).toISOString() });
    expect(isCommitDue(committedAt(halfYear - 1), now, halfYear)).toBe(false);
    expect(isCommitDue(committedAt(halfYear), now, halfYear)).toBe(true);
    expect(isCommitDue(fresh, now, halfYear)).toBe(true);
  });

  it('keeps the validators it had when the answer is 304', () => {
    const ok = recordSuccess({ ...fresh, etag: '"v1"', bodyHash: 'h1' }, { status: 304 }, now);
    expect(ok).toMatchObject({ etag: '"v1"', bodyHash: 'h1', lastStatus: 304 });
  });

  it('treats a repeat of the same failure as old news, and a different one as new', () => {
    const failed = recordFailure(fresh, { kind: 'http', message: 'HTTP 500' }, now, () => 1);
    expect(isNewFailure(fresh, { kind: 'http', message: 'HTTP 500' })).toBe(true);
    expect(isNewFailure(failed, { kind: 'http', message: 'HTTP 500' })).toBe(false);
    expect(isNewFailure(failed, { kind: 'timeout', message: 'timed out' })).toBe(true);
  });
});
