import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatusRow } from '../../src/commands/status-rows.js';
import { initialFetchState, type FetchState } from '../../src/model/fetch-state.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { FeedServer } from '../helpers/feed-server.js';
import { runCli } from '../helpers/run-cli.js';
import { createWorkspace, testConfig, type Workspace } from '../helpers/temp-workspace.js';
import { rssFeed } from '../helpers/feed-factory.js';

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const RETENTION = { retentionDays: 30, seenRetentionDays: 365 };

/** Saves fetch states straight into a store, as the daemon would have left them. */
async function saveStates(uri: string, states: FetchState[]): Promise<void> {
  const store = await openItemStore(uri, RETENTION);
  try {
    for (const state of states) await store.saveState(state);
  } finally {
    await store.close();
  }
}

describe('tributary status', () => {
  let work: Workspace;
  const url = (key: string) => `https://${key}.example/feed`;
  const state = (key: string, fields: Partial<FetchState>): FetchState => ({ ...initialFetchState(key, url(key)), ...fields });

  beforeEach(async () => {
    work = await createWorkspace();
    await work.writeConfig(
      testConfig(
        [
          { key: 'fine', url: url('fine') },
          { key: 'flaky', url: url('flaky') },
          { key: 'stuck', url: url('stuck') },
          { key: 'relocated', url: url('relocated') },
          { key: 'gone', url: url('gone') },
          { key: 'fresh', url: url('fresh') },
        ],
        { store: { uri: `sqlite://${work.dir}/config-store.db` } },
      ),
    );
    const error = (key: string, reason: string) => ({ kind: 'http' as const, message: `${key}: ${reason} (${url(key)})`, reason, code: 'FETCH_HTTP', at: minutesFromNow(-3) });
    await saveStates(work.storeUri, [
      state('fine', { lastAttemptAt: minutesFromNow(-5), lastSuccessAt: minutesFromNow(-5), lastStatus: 200, itemsSeen: 42 }),
      state('flaky', {
        lastAttemptAt: minutesFromNow(-3),
        lastSuccessAt: minutesFromNow(-150),
        consecutiveErrors: 2,
        nextAttemptAt: minutesFromNow(30),
        lastError: error('flaky', 'HTTP 503 Service Unavailable'),
        itemsSeen: 7,
      }),
      state('stuck', { lastAttemptAt: minutesFromNow(-3), consecutiveErrors: 9, nextAttemptAt: minutesFromNow(-1), lastError: error('stuck', 'HTTP 500 Internal Server Error') }),
      state('relocated', { lastAttemptAt: minutesFromNow(-5), lastSuccessAt: minutesFromNow(-5), movedTo: 'https://relocated.example/v2/feed', itemsSeen: 3 }),
      state('gone', { lastAttemptAt: minutesFromNow(-60), consecutiveErrors: 1, disabled: { reason: 'HTTP 410 Gone', at: minutesFromNow(-60) } }),
    ]);
  });

  const status = (...args: string[]) => runCli(['status', '--config', work.configFile, ...args], { env: { TRIBUTARY_STORE: '' } });

  it('prints every source with its state, last success, next poll, items and detail, within 100 columns', async () => {
    const result = await status('--store', work.storeUri);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [table = '', ...after] = result.stdout.split('\n\n');
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^KEY\s+STATE\s+LAST SUCCESS\s+NEXT POLL\s+ITEMS\s+DETAIL$/);
    const row = (key: string) => lines.find((line) => line.startsWith(`${key} `)) ?? '';
    // The next poll of a cron schedule is under a minute away when the test runs just before one.
    expect(row('fine')).toMatch(/^fine\s+ok\s+5m ago\s+in \d+[ms]\s+42$/);
    expect(row('flaky')).toMatch(/^flaky\s+backing off\s+2h ago\s+in \d+[ms]\s+7\s+HTTP 503 Service Unavailable$/);
    expect(row('stuck')).toMatch(/^stuck\s+failing\s+never\s+in \d+[ms]\s+0\s+HTTP 500 Internal Server Error$/);
    expect(row('relocated')).toMatch(/^relocated\s+moved\s+5m ago\s+in \d+[ms]\s+3\s+moved to https:\/\/relocated\.example\/v2\/fe…$/);
    expect(row('gone')).toMatch(/^gone\s+disabled\s+never\s+-\s+0\s+gone: HTTP 410 Gone$/);
    expect(row('fresh')).toMatch(/^fresh\s+never polled\s+never\s+in \d+[ms]\s+0$/);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(100);
    // What the table cut short, in full, then the summary.
    expect(after).toEqual(['relocated: moved to https://relocated.example/v2/feed', '6 sources: 1 ok, 1 moved, 1 failing, 1 backing off, 1 disabled, 1 never polled\n']);
  });

  it('prints the same as JSON for scripts', async () => {
    const result = await status('--store', work.storeUri, '--format', 'json');
    expect(result.code).toBe(0);
    const { generatedAt, sources } = JSON.parse(result.stdout) as { generatedAt: string; sources: StatusRow[] };
    expect(Date.parse(generatedAt)).not.toBeNaN();
    expect(sources.map((row) => [row.key, row.state])).toEqual([
      ['fine', 'ok'],
      ['flaky', 'backing off'],
      ['stuck', 'failing'],
      ['relocated', 'moved'],
      ['gone', 'disabled'],
      ['fresh', 'never polled'],
    ]);
    expect(sources[1]).toMatchObject({
      url: url('flaky'),
      consecutiveErrors: 2,
      lastError: { kind: 'http', code: 'FETCH_HTTP', message: 'HTTP 503 Service Unavailable' },
      items: 7,
    });
    expect(sources[4]!.nextPollAt).toBeNull();
  });

  it('reads the store named by TRIBUTARY_STORE when --store is not given, and --store before it', async () => {
    const fromEnv = await runCli(['status', '--config', work.configFile, '--format', 'json'], { env: { TRIBUTARY_STORE: work.storeUri } });
    expect((JSON.parse(fromEnv.stdout) as { sources: StatusRow[] }).sources[0]!.state).toBe('ok');
    const empty = `sqlite://${work.dir}/other.db`;
    const fromFlag = await runCli(['status', '--config', work.configFile, '--store', empty, '--format', 'json'], { env: { TRIBUTARY_STORE: work.storeUri } });
    expect((JSON.parse(fromFlag.stdout) as { sources: StatusRow[] }).sources[0]!.state).toBe('never polled');
  });

  it("reads the config's store when neither is given", async () => {
    const result = await status('--format', 'json');
    const { sources } = JSON.parse(result.stdout) as { sources: StatusRow[] };
    expect(sources.filter((row) => row.state !== 'disabled').every((row) => row.state === 'never polled')).toBe(true);
  });

  it('exits 1 when the store cannot be opened', async () => {
    const result = await status('--store', 'postgres://db.example/tributary');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unsupported store URI scheme "postgres:"');
  });

  it('exits 2 on an invalid config', async () => {
    await work.writeConfig({ sources: [] });
    const result = await status('--store', work.storeUri);
    expect(result.code).toBe(2);
  });
});

describe('tributary status after a real poll', () => {
  let server: FeedServer;

  beforeEach(async () => {
    server = await FeedServer.start({
      '/up.rss': { body: rssFeed('Up', [{ title: 'One', guid: '1', date: '2025-12-01T10:00:00Z' }]) },
      '/down.rss': { status: 500, body: 'boom' },
    });
  });

  afterEach(async () => {
    await server.close();
  });

  it('shows the source that answered as ok and the one that failed as backing off', async () => {
    const work = await createWorkspace();
    await work.writeConfig(
      testConfig([
        { key: 'up', url: server.url('/up.rss') },
        { key: 'down', url: server.url('/down.rss') },
      ]),
    );
    await runCli(['poll', '--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
    const result = await runCli(['status', '--config', work.configFile, '--store', work.storeUri, '--format', 'json']);
    const { sources } = JSON.parse(result.stdout) as { sources: StatusRow[] };
    expect(sources.map((row) => [row.key, row.state, row.items])).toEqual([
      ['up', 'ok', 1],
      ['down', 'backing off', 0],
    ]);
    expect(sources[1]!.detail).toBe('HTTP 500 Internal Server Error');
    expect(sources[1]!.lastError).toMatchObject({ kind: 'http', code: 'FETCH_HTTP', message: 'HTTP 500 Internal Server Error' });
  });
});
