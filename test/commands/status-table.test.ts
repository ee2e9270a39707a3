import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from '../../src/commands/relative-time.js';
import { buildStatusRows, summarizeStates, type StatusRow } from '../../src/commands/status-rows.js';
import { listCutDetails, renderStatusTable } from '../../src/commands/status-table.js';
import { SourceConfigSchema } from '../../src/config/schema.js';
import { initialFetchState, type FetchState } from '../../src/model/fetch-state.js';

const NOW = new Date('2025-12-16T12:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();
/** A stand-in for node-cron: every quarter hour, the next one strictly after the time given. */
const quarterHours = (_expression: string, notBefore: Date) => new Date((Math.floor(notBefore.getTime() / 900_000) + 1) * 900_000);
const context = { now: NOW, defaultSchedule: '*/15 * * * *', nextRun: quarterHours };

const source = (key: string, fields: Record<string, unknown> = {}) => SourceConfigSchema.parse({ key, name: key, url: `https://${key}.example/feed`, ...fields });
const state = (key: string, fields: Partial<FetchState>): FetchState => ({ ...initialFetchState(key, `https://${key}.example/feed`), ...fields });

describe('relative times', () => {
  it('read as one unit, rounded down, before or after now', () => {
    expect(formatRelativeTime(at(-5), NOW)).toBe('5m ago');
    expect(formatRelativeTime(new Date(NOW.getTime() + 42_000).toISOString(), NOW)).toBe('in 42s');
    expect(formatRelativeTime(at(-47 * 60), NOW)).toBe('47h ago');
    expect(formatRelativeTime(at(-3 * 24 * 60 - 30), NOW)).toBe('3d ago');
    expect(formatRelativeTime(NOW.toISOString(), NOW)).toBe('now');
    expect(formatRelativeTime(undefined, NOW)).toBe('never');
  });
});

describe('the status rows', () => {
  const sources = [source('fine'), source('broken'), source('off', { enabled: false }), source('new', { schedule: '0 * * * *' })];
  const states = new Map([
    ['fine', state('fine', { lastAttemptAt: at(-5), lastSuccessAt: at(-5), itemsSeen: 40 })],
    [
      'broken',
      state('broken', {
        lastAttemptAt: at(-2),
        consecutiveErrors: 3,
        nextAttemptAt: at(20),
        lastError: { kind: 'timeout', message: 'broken: timed out after 30000 ms (https://broken.example/feed)', reason: 'timed out after 30000 ms', code: 'FETCH_TIMEOUT', at: at(-2) },
      }),
    ],
  ]);
  const rows = buildStatusRows(sources, states, context);

  it('list the sources in config order with their state and item count', () => {
    expect(rows.map((row) => [row.key, row.state, row.items])).toEqual([
      ['fine', 'ok', 40],
      ['broken', 'backing off', 0],
      ['off', 'disabled', 0],
      ['new', 'never polled', 0],
    ]);
  });

  it('put the next poll at the first scheduled run after any backoff, and none for a disabled source', () => {
    expect(rows.map((row) => row.nextPollAt)).toEqual([at(15), at(30), null, at(15)]);
  });

  it('carry the last error without the key and URL the table shows anyway, and its code', () => {
    expect(rows[1]!.lastError).toEqual({ kind: 'timeout', code: 'FETCH_TIMEOUT', message: 'timed out after 30000 ms', at: at(-2) });
  });

  it('carry the last error an older version saved, without reason or code, as it was saved', () => {
    const older = state('broken', {
      lastAttemptAt: at(-2),
      consecutiveErrors: 3,
      lastError: { kind: 'timeout', message: 'broken: timed out after 30000 ms (https://broken.example/feed)', at: at(-2) },
    });
    const [row] = buildStatusRows([source('broken')], new Map([['broken', older]]), context);
    expect(row!.lastError).toEqual({ kind: 'timeout', code: null, message: 'broken: timed out after 30000 ms (https://broken.example/feed)', at: at(-2) });
  });

  it('sum up to the states that occur', () => {
    expect(summarizeStates(rows)).toBe('4 sources: 1 ok, 1 backing off, 1 disabled, 1 never polled');
  });
});

describe('the status table', () => {
  const row = (fields: Partial<StatusRow>): StatusRow => ({
    key: 'k',
    name: 'k',
    url: 'https://k.example/',
    enabled: true,
    state: 'ok',
    detail: null,
    lastSuccessAt: at(-5),
    lastAttemptAt: at(-5),
    lastStatus: 200,
    consecutiveErrors: 0,
    lastError: null,
    movedTo: null,
    nextPollAt: at(10),
    items: 7,
    ...fields,
  });

  it('shows key, state, last success, next poll, items and detail under a header', () => {
    const table = renderStatusTable([row({ key: 'coindesk', items: 1234 }), row({ key: 'gone-feed', state: 'disabled', detail: 'gone: HTTP 410 Gone', nextPollAt: null, lastSuccessAt: null })], NOW);
    expect(table.split('\n')).toEqual([
      'KEY        STATE         LAST SUCCESS  NEXT POLL    ITEMS  DETAIL',
      'coindesk   ok            5m ago        in 10m        1234',
      'gone-feed  disabled      never         -                7  gone: HTTP 410 Gone',
      '',
    ]);
  });

  it('fits 100 columns, cutting long keys and details with an ellipsis', () => {
    const long = row({ key: 'a-very-long-source-key-that-goes-on-and-on', state: 'never polled', detail: `moved to https://example.com/${'x'.repeat(200)}` });
    const lines = renderStatusTable([long], NOW).trimEnd().split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBe(100);
    expect(lines[1]).toMatch(/^a-very-long-source-key-… {2}never polled/);
    expect(lines[1]!.endsWith('…')).toBe(true);
  });

  it('fits a narrower terminal when asked', () => {
    const lines = renderStatusTable([row({ detail: 'x'.repeat(100) })], NOW, 80)
      .trimEnd()
      .split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
  });

  it('lists in full, below the table, the details it had to cut', () => {
    const moved = `moved to https://example.com/${'x'.repeat(80)}`;
    const rows = [row({ key: 'short', detail: 'HTTP 500' }), row({ key: 'relocated', state: 'moved', detail: moved })];
    expect(listCutDetails(rows, NOW)).toBe(`relocated: ${moved}\n`);
    expect(listCutDetails([row({ detail: 'HTTP 500' })], NOW)).toBe('');
  });
});
