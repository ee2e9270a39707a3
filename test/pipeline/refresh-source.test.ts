import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import libsql from 'libsql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { createAgent } from '../../src/fetcher/create-agent.js';
import type { FetchState } from '../../src/model/fetch-state.js';
import { addedPerDay, hoursOf, pollsOf } from '../../src/model/source-activity.js';
import { describeSourceState } from '../../src/model/source-status.js';
import { createPipelineDeps } from '../../src/pipeline/create-pipeline-deps.js';
import { refreshSource, type PipelineDeps } from '../../src/pipeline/refresh-source.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { rssFeed, type FactoryItem } from '../helpers/feed-factory.js';
import { FeedServer, type Route } from '../helpers/feed-server.js';
import { captureLog, type CapturedLog } from '../helpers/log-capture.js';

const story = (n: number): FactoryItem => ({ guid: `s-${n}`, title: `Story ${n}`, link: `https://wire.example/${n}`, date: '2025-12-16T10:00:00Z' });
const FEED = rssFeed('Wire', [story(1), story(2)]);
const T0 = new Date('2026-01-05T12:00:00.000Z');
const DAY = 86_400_000;

describe('refreshing one source', () => {
  let server: FeedServer;
  let store: ItemStore;
  let dir: string;
  let storeFile: string;
  let log: CapturedLog;
  let clock: Date;
  let deps: PipelineDeps;
  let agent: ReturnType<typeof createAgent>;

  const configFor = (path: string, extra: Record<string, unknown> = {}): Config =>
    parseConfig('test', JSON.stringify({ output: { title: 't', id: 'urn:t' }, sources: [{ key: 'wire', name: 'Wire', url: server.url(path), ...extra }] }));
  const refresh = (config: Config, force = false) => refreshSource(config.sources[0]!, config, deps, { force });
  const state = () => store.getState('wire');
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));

  beforeEach(async () => {
    server = await FeedServer.start();
    dir = await mkdtemp(join(tmpdir(), 'tributary-refresh-'));
    storeFile = join(dir, 'store.db');
    store = await openItemStore(`sqlite://${storeFile}`, { retentionDays: 30, seenRetentionDays: 365 });
    log = captureLog();
    clock = T0;
    agent = createAgent({ connectTimeoutMs: 2000 });
    const config = configFor('/feed');
    deps = { ...createPipelineDeps(config, { store, logger: log.logger, dispatcher: agent, now: () => clock, random: () => 1 }) };
    deps.fetchOptions = { ...deps.fetchOptions, timeoutMs: 2000 };
  });

  afterEach(async () => {
    vi.useRealTimers();
    await store.close();
    await agent.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the items and records validators and state after a 200', async () => {
    server.route('/feed', { body: FEED, headers: { etag: '"v1"', 'last-modified': 'Mon, 05 Jan 2026 11:00:00 GMT' } });
    const outcome = await refresh(configFor('/feed'));
    expect(outcome).toMatchObject({ status: 'changed', added: 2, updated: 0 });
    expect(await state()).toMatchObject({
      etag: '"v1"',
      lastModified: 'Mon, 05 Jan 2026 11:00:00 GMT',
      lastStatus: 200,
      lastSuccessAt: T0.toISOString(),
      lastAttemptAt: T0.toISOString(),
      consecutiveErrors: 0,
      itemsSeen: 2,
    });
    expect((await state())!.bodyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('returns with each outcome the fetch state it saved: after a 200, a 304 and a failure, and as read when skipped', async () => {
    server.route('/feed', { body: FEED, headers: { etag: '"v1"' } });
    const changed = await refresh(configFor('/feed'));
    expect(changed.state).toEqual(await state());
    expect(changed.state).toMatchObject({ itemsSeen: 2, etag: '"v1"' });
    advance(3_600_000);
    server.route('/feed', (req, res) => void res.writeHead(req.headers['if-none-match'] === '"v1"' ? 304 : 500).end());
    const notModified = await refresh(configFor('/feed'));
    expect(notModified.status).toBe('not-modified');
    expect(notModified.state).toEqual(await state());
    advance(3_600_000);
    server.route('/feed', { status: 500, body: 'down' });
    const failed = await refresh(configFor('/feed'));
    expect(failed.status).toBe('failed');
    expect(failed.state).toEqual(await state());
    expect(failed.state?.consecutiveErrors).toBe(1);
    const skipped = await refresh(configFor('/feed'));
    expect(skipped.status).toBe('skipped');
    expect(skipped.state).toEqual(await state());
  });

  it('enriches the items a poll adds or changes, never one seen again unchanged, and stores them enriched', async () => {
    const enriched: string[] = [];
    const documents = deps.documents;
    deps.documents = {
      ...documents,
      process: async (job, limits) => {
        const document = await documents.process(job, limits);
        expect(document.enrichments).toHaveLength(document.normalized.items.length);
        enriched.push(...document.normalized.items.map((item) => item.externalId));
        return document;
      },
    };
    server.route('/feed', { body: rssFeed('Wire', [story(1), { ...story(2), title: 'Bitcoin miners rally' }]) });
    await refresh(configFor('/feed'));
    expect(enriched).toEqual(['s-1', 's-2']);
    const stored = (await store.newestItems(10)).find((item) => item.externalId === 's-2');
    expect(stored).toMatchObject({ topics: ['BTC', 'MINING', 'MARKET'], category: 'BTC' });

    advance(3_600_000);
    server.route('/feed', { body: rssFeed('Wire', [story(1), { ...story(2), title: 'Bitcoin miners slump' }, story(3)]) });
    enriched.length = 0;
    expect(await refresh(configFor('/feed'))).toMatchObject({ added: 1, updated: 1 });
    expect(enriched.sort()).toEqual(['s-2', 's-3']);
  });

  it('warns, naming the problem, when a document that holds items is read with none', async () => {
    const entry = '<entry><title>E</title><id>urn:e</id><updated>2026-11-30T10:00:00Z</updated></entry>';
    server.route('/feed', { body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>${entry}${entry.replace('urn:e', 'urn:f')}</channel></rss>` });
    const outcome = await refresh(configFor('/feed'));
    expect(outcome).toMatchObject({ status: 'unchanged', added: 0 });
    const problem = "2 <entry> elements (Atom's item) in RSS, which reads <item>";
    expect(log.lines().filter((line) => line.level === 40)).toEqual([expect.objectContaining({ source_key: 'wire', problem, msg: `document read with no items: ${problem}` })]);
  });

  it('logs, at debug level, each item whose content was cut to items.maxContentBytes', async () => {
    const long = { ...story(3), description: '<p>Bitcoin rallied as traders priced in a cut.</p>'.repeat(100) };
    server.route('/feed', { body: rssFeed('Wire', [story(1), long]) });
    const config = parseConfig('test', JSON.stringify({ output: { title: 't', id: 'urn:t' }, items: { maxContentBytes: 1024 }, sources: [{ key: 'wire', name: 'Wire', url: server.url('/feed') }] }));
    await refresh(config);
    const cuts = log.lines().filter((line) => line.msg === 'content cut to items.maxContentBytes');
    expect(cuts).toEqual([expect.objectContaining({ level: 20, source_key: 'wire', external_id: 's-3', content_chars: long.description.length, max_content_bytes: 1024 })]);
    const stored = (await store.newestItems(10)).find((item) => item.externalId === 's-3')!;
    expect(Buffer.byteLength(stored.content!, 'utf8')).toBeLessThanOrEqual(1024);
  });

  it('sends the stored ETag and costs no parse on 304', async () => {
    server.route('/feed', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { etag: '"v1"' }).end(FEED);
    });
    await refresh(configFor('/feed'));
    advance(60_000);
    const outcome = await refresh(configFor('/feed'));
    expect(outcome.status).toBe('not-modified');
    expect(server.requests.at(-1)!.headers['if-none-match']).toBe('"v1"');
    expect(await state()).toMatchObject({ lastStatus: 304, etag: '"v1"', lastSuccessAt: clock.toISOString(), itemsSeen: 2 });
  });

  it('sends If-Modified-Since from the stored Last-Modified and gets a 304', async () => {
    const lastModified = 'Mon, 05 Jan 2026 11:00:00 GMT';
    server.route('/feed', (req, res) => {
      if (req.headers['if-modified-since'] === lastModified) return void res.writeHead(304).end();
      res.writeHead(200, { 'last-modified': lastModified }).end(FEED);
    });
    await refresh(configFor('/feed'));
    expect((await refresh(configFor('/feed'))).status).toBe('not-modified');
  });

  it('fails a source whose server answers 304 to a request that sent no validators, as inspect and add do', async () => {
    // A broken cache in front of the feed answers 304 to everything, conditional or not.
    server.route('/feed', (_req, res) => void res.writeHead(304).end());
    const outcome = await refresh(configFor('/feed'));
    expect(server.requests.at(-1)!.headers['if-none-match']).toBeUndefined();
    expect(server.requests.at(-1)!.headers['if-modified-since']).toBeUndefined();
    expect(outcome).toMatchObject({ status: 'failed', errorKind: 'http', reason: 'answered 304 Not Modified to a plain GET' });
    expect(await state()).toMatchObject({ lastStatus: 304, lastError: { kind: 'http', code: 'FETCH_HTTP' } });
  });

  it('skips parsing an identical body from a server that ignores validators', async () => {
    server.route('/feed', { body: FEED });
    await refresh(configFor('/feed'));
    const outcome = await refresh(configFor('/feed'));
    expect(outcome.status).toBe('unchanged');
    expect(log.messages().filter((message) => message === 'polled')).toHaveLength(1);
  });

  it('takes a document that answers 304 through a commit every half seen retention, so its old items are never taken for new ones', async () => {
    // Only Date is faked: the store's TTLs run on it, as the pipeline runs on `clock`; sockets and timers run as usual.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(clock);
    const post = (n: number): FactoryItem => ({ guid: `post-${n}`, title: `Post ${n}`, link: `https://blog.example/${n}`, date: `2025-0${n}-01T10:00:00Z` });
    let etag = '"v1"';
    let body = rssFeed('Blog', [post(2), post(1)]);
    server.route('/feed', (req, res) => {
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { etag, 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
    });
    expect(await refresh(configFor('/feed'), true)).toMatchObject({ status: 'changed', added: 2 });

    // 400 days of a quiet blog, longer than store.seenRetentionDays (365), polled every 10 days.
    const fullPolls: number[] = [];
    for (let day = 10; day <= 400; day += 10) {
      vi.setSystemTime(advance(10 * DAY));
      const outcome = await refresh(configFor('/feed'), true);
      if (outcome.status === 'not-modified') continue;
      expect(outcome).toMatchObject({ status: 'unchanged', added: 0, updated: 0 });
      expect(server.requests.at(-1)!.headers['if-none-match']).toBeUndefined();
      fullPolls.push(day);
    }
    // Half of 365 days after the items went through: once at day 190, and again 190 days later.
    expect(fullPolls).toEqual([190, 380]);

    etag = '"v2"';
    body = rssFeed('Blog', [post(3), post(2), post(1)]);
    expect(await refresh(configFor('/feed'), true)).toMatchObject({ status: 'changed', added: 1, updated: 0 });
  });

  it('never saves validators whose items were not committed', async () => {
    server.route('/feed', { body: FEED, headers: { etag: '"v1"' } });
    // Make the store refuse item writes, as a full disk would, from a second connection.
    const db = new libsql(storeFile);
    db.exec(`CREATE TRIGGER refuse_items BEFORE INSERT ON keyv WHEN NEW.key LIKE '%item:%' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const failed = await refresh(configFor('/feed'));
    expect(failed.status).toBe('failed');
    expect(await state()).toMatchObject({ lastError: { kind: 'store', code: 'STORE_FAILED' } });
    expect((await state())!.lastError!.reason).toBeUndefined();
    expect((await state())!.etag).toBeUndefined();

    db.exec('DROP TRIGGER refuse_items');
    db.close();
    const retried = await refresh(configFor('/feed'), true);
    expect(server.requests.at(-1)!.headers['if-none-match']).toBeUndefined();
    expect(retried).toMatchObject({ status: 'changed', added: 2 });
  });

  it('records the reason of a failure and its code beside its whole message', async () => {
    server.route('/feed', { status: 500, body: 'oops' });
    // The outcome names its source already: its reason is the bare one (what `tributary poll` prints after the key).
    expect(await refresh(configFor('/feed'))).toMatchObject({ sourceKey: 'wire', status: 'failed', reason: 'HTTP 500 Internal Server Error' });
    expect((await state())!.lastError).toEqual({
      kind: 'http',
      message: `wire: HTTP 500 Internal Server Error (${server.url('/feed')})`,
      reason: 'HTTP 500 Internal Server Error',
      code: 'FETCH_HTTP',
      at: T0.toISOString(),
    });
  });

  it('backs off after a 500, skips the source until then, and returns to normal when it recovers', async () => {
    server.route('/feed', { status: 500, body: 'oops' });
    expect((await refresh(configFor('/feed'))).status).toBe('failed');
    expect(await state()).toMatchObject({ consecutiveErrors: 1, lastStatus: 500, lastError: { kind: 'http' }, nextAttemptAt: '2026-01-05T12:01:00.000Z' });

    advance(30_000);
    expect(await refresh(configFor('/feed'))).toMatchObject({ status: 'skipped', reason: 'not due until 2026-01-05T12:01:00.000Z' });
    expect(server.requestsTo('/feed')).toBe(1);

    advance(30_000);
    await refresh(configFor('/feed'));
    expect(await state()).toMatchObject({ consecutiveErrors: 2, nextAttemptAt: '2026-01-05T12:03:00.000Z' });

    server.route('/feed', { body: FEED });
    advance(120_000);
    expect((await refresh(configFor('/feed'))).status).toBe('changed');
    const recovered = (await state())!;
    expect(recovered.consecutiveErrors).toBe(0);
    expect(recovered.lastError).toBeUndefined();
    expect(recovered.nextAttemptAt).toBeUndefined();
  });

  it('records every poll in the state it saves: outcome, status, time taken, items added by category, and why one failed', async () => {
    server.route('/feed', { body: FEED });
    await refresh(configFor('/feed', { category: 'Crypto' }));
    advance(600_000);
    await refresh(configFor('/feed', { category: 'Crypto' }));
    server.route('/feed', { status: 503, body: 'down' });
    advance(600_000);
    await refresh(configFor('/feed', { category: 'Crypto' }));

    const activity = (await state())!.activity!;
    expect(pollsOf(activity).map(({ at, outcome, status, added, updated, error }) => ({ at, outcome, status, added, updated, error }))).toEqual([
      { at: T0.toISOString(), outcome: 'changed', status: 200, added: 2, updated: 0, error: undefined },
      { at: '2026-01-05T12:10:00.000Z', outcome: 'unchanged', status: 200, added: 0, updated: 0, error: undefined },
      { at: '2026-01-05T12:20:00.000Z', outcome: 'failed', status: 503, added: 0, updated: 0, error: 'HTTP 503 Service Unavailable' },
    ]);
    for (const poll of pollsOf(activity)) expect(poll.durationMs).toBeGreaterThanOrEqual(0);
    expect(hoursOf(activity)).toEqual([{ hour: Math.floor(T0.getTime() / 3_600_000), polls: { changed: 1, unchanged: 1, 'not-modified': 0, failed: 1 }, added: { Crypto: 2 } }]);
    expect(addedPerDay(activity, clock, 2)).toEqual([0, 2]);
  });

  it('remembers when a run of failures began, through later failures, and forgets it once the source answers', async () => {
    server.route('/feed', { status: 500, body: 'oops' });
    await refresh(configFor('/feed'));
    expect((await state())!.failingSince).toBe(T0.toISOString());
    advance(600_000);
    await refresh(configFor('/feed'));
    expect(await state()).toMatchObject({ consecutiveErrors: 2, failingSince: T0.toISOString() });
    server.route('/feed', { body: FEED });
    advance(600_000);
    await refresh(configFor('/feed'));
    expect((await state())!.failingSince).toBeUndefined();
  });

  it('logs a failure once when it starts, not at every poll, and once when the source recovers', async () => {
    server.route('/feed', { status: 503, body: 'down' });
    for (let i = 0; i < 3; i++) {
      await refresh(configFor('/feed'), true);
      advance(3_600_000);
    }
    const failing = log.lines().filter((line) => line.msg.startsWith('source failing'));
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({ source_key: 'wire', error_kind: 'http', status: 503 });

    server.route('/feed', { body: FEED });
    await refresh(configFor('/feed'), true);
    expect(log.messages().filter((message) => message === 'source recovered')).toHaveLength(1);
  });

  it('honours Retry-After on 429 without counting a hard failure', async () => {
    server.route('/feed', { status: 429, body: 'slow down', headers: { 'retry-after': '600' } });
    await refresh(configFor('/feed'));
    expect(await state()).toMatchObject({ consecutiveErrors: 0, lastStatus: 429, nextAttemptAt: '2026-01-05T12:10:00.000Z' });
  });

  it('honours Retry-After given as an HTTP date on 503', async () => {
    server.route('/feed', { status: 503, body: 'maintenance', headers: { 'retry-after': 'Mon, 05 Jan 2026 14:00:00 GMT' } });
    await refresh(configFor('/feed'));
    expect(await state()).toMatchObject({ consecutiveErrors: 0, nextAttemptAt: '2026-01-05T14:00:00.000Z' });
  });

  it('records a 503 whose Retry-After is past the last date a Date can hold as a failure, without throwing', async () => {
    server.route('/feed', { status: 503, body: 'maintenance', headers: { 'retry-after': '9999999999999' } });
    const outcome = await refresh(configFor('/feed'));
    expect(outcome.status).toBe('failed');
    expect(await state()).toMatchObject({ lastStatus: 503, consecutiveErrors: 0, nextAttemptAt: '2026-01-06T12:00:00.000Z' });
  });

  it('waits out a Retry-After of millennia no longer than the 24 h cap of hard failures', async () => {
    server.route('/feed', { status: 503, body: 'maintenance', headers: { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' } });
    await refresh(configFor('/feed'));
    expect(await state()).toMatchObject({ consecutiveErrors: 0, nextAttemptAt: '2026-01-06T12:00:00.000Z' });
  });

  it('records and logs a permanent redirect as "moved to", once, without touching the config', async () => {
    server.route('/old', { status: 301, body: '', headers: { location: server.url('/feed') } });
    server.route('/feed', { body: FEED });
    await refresh(configFor('/old'));
    await refresh(configFor('/old'), true);
    expect(await state()).toMatchObject({ movedTo: server.url('/feed'), lastStatus: 200 });
    const moved = log.messages().filter((message) => message.startsWith('source moved to'));
    expect(moved).toEqual([`source moved to ${server.url('/feed')}: update its url in the config`]);
  });

  it('stores the items of an ill-formed document, marks the source recovered until a well-formed one comes, and warns once', async () => {
    // Cut in the middle of the second item's description: the item is kept, without it.
    const truncated = FEED.slice(0, FEED.indexOf('About Story 2') + 'About St'.length);
    server.route('/feed', { body: truncated, headers: { etag: '"v1"' } });
    const outcome = await refresh(configFor('/feed'));
    expect(outcome).toMatchObject({ status: 'changed', added: 2 });
    const items = await store.newestItems(10);
    expect(items.map((item) => [item.title, item.description])).toEqual([
      ['Story 1', 'About Story 1'],
      ['Story 2', expect.not.stringContaining('About St')],
    ]);
    const recovered = await state();
    expect(recovered!.recoveredFrom).toMatch(/^ill-formed XML: Unclosed root tag at line \d+, column \d+$/);
    expect(describeSourceState(recovered, clock)).toEqual({ state: 'recovered', detail: `recovered from ${recovered!.recoveredFrom}` });

    server.route('/feed', (_req, res) => void res.writeHead(304).end());
    advance(60_000);
    await refresh(configFor('/feed'), true);
    expect((await state())!.recoveredFrom).toBe(recovered!.recoveredFrom);
    server.route('/feed', { body: truncated.replace('Story 1', 'Story one') });
    await refresh(configFor('/feed'), true);
    expect(log.messages().filter((message) => message.startsWith('recovered from ill-formed XML'))).toEqual([`recovered from ${recovered!.recoveredFrom}`]);

    server.route('/feed', { body: FEED });
    await refresh(configFor('/feed'), true);
    expect((await state())!.recoveredFrom).toBeUndefined();
    expect(describeSourceState(await state(), clock).state).toBe('ok');
  });

  it('disables a source that answered 410 Gone until its config changes', async () => {
    server.route('/feed', { status: 410, body: 'gone' });
    await refresh(configFor('/feed'));
    expect((await state())!.disabled).toMatchObject({ reason: 'HTTP 410 Gone' });
    expect((await state())!.lastError).toMatchObject({ kind: 'gone', code: 'FETCH_GONE' });
    expect((await refresh(configFor('/feed'), true)).status).toBe('skipped');
    expect(server.requestsTo('/feed')).toBe(1);
    expect(log.messages()).toContain('source is gone (410): disabled until its config changes');

    server.route('/feed', { body: FEED });
    const edited = configFor('/feed', { name: 'Wire (back)' });
    expect((await refresh(edited)).status).toBe('changed');
    expect((await state())!.disabled).toBeUndefined();
  });

  it('classifies an HTML page where the feed should be as not a feed', async () => {
    server.route('/feed', { body: '<!DOCTYPE html><html><body>Welcome</body></html>', headers: { 'content-type': 'text/html' } });
    await refresh(configFor('/feed'));
    expect(await state()).toMatchObject({ lastError: { kind: 'not_a_feed' } });
  });

  it('classifies a body that is not XML or JSON as a parse failure, keeping the status it came with', async () => {
    server.route('/feed', { body: 'just some words', headers: { 'content-type': 'text/plain' } });
    await refresh(configFor('/feed'));
    expect(await state()).toMatchObject({ lastStatus: 200, lastError: { kind: 'parse', code: 'PARSE_FAILED', reason: 'not XML or JSON (served as text/plain)' } });
  });

  const failingRoutes: Array<{ kind: string; route: Route }> = [
    { kind: 'timeout', route: (_req, res) => void setTimeout(() => res.writeHead(200).end(FEED), 5000).unref() },
    {
      kind: 'too_large',
      route: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = () => {
          while (res.write(chunk));
        };
        res.on('drain', pump);
        pump();
      },
    },
    { kind: 'too_many_redirects', route: { status: 302, body: '', headers: { location: '/feed' } } },
    { kind: 'not_a_feed', route: { body: Buffer.from([0x89, 0x50, 0x4e, 0x47]), headers: { 'content-type': 'image/png' } } },
    { kind: 'connection', route: (req) => void req.socket.destroy() },
  ];

  it.each(failingRoutes)('records a $kind failure in the persisted state, with a backoff', async ({ kind, route }) => {
    server.route('/feed', route);
    deps.fetchOptions = { ...deps.fetchOptions, timeoutMs: 300, maxBodyBytes: 256 * 1024 };
    expect((await refresh(configFor('/feed'))).status).toBe('failed');
    expect(await state()).toMatchObject({ consecutiveErrors: 1, lastError: { kind }, nextAttemptAt: '2026-01-05T12:01:00.000Z' });
  });

  it("waits out the feed's <ttl> when it is longer than the schedule", async () => {
    server.route('/feed', { body: FEED.replace('<channel>', '<channel>\n    <ttl>120</ttl>') });
    await refresh(configFor('/feed'));
    expect(await state()).toMatchObject({ feedRefreshMinutes: 120, nextAttemptAt: '2026-01-05T14:00:00.000Z' });
    advance(60 * 60_000);
    expect((await refresh(configFor('/feed'))).status).toBe('skipped');
  });

  it("counts a feed's hint from the tick the poll was due for, so an hourly feed on a 15-minute line is polled at the fourth tick whatever the jitter", async () => {
    server.route('/feed', { body: FEED.replace('<channel>', '<channel>\n    <ttl>60</ttl>') });
    const config = configFor('/feed');
    const poll = (dueAt: Date, jitterMs: number) => {
      clock = new Date(dueAt.getTime() + jitterMs);
      return refreshSource(config.sources[0]!, config, deps, { dueAt });
    };
    const tick = (n: number) => new Date(T0.getTime() + n * 15 * 60_000);
    await poll(tick(0), 25_000);
    expect((await state())!.nextAttemptAt).toBe('2026-01-05T13:00:00.000Z');
    for (const n of [1, 2, 3]) expect((await poll(tick(n), 1_000)).status).toBe('skipped');
    // The fourth tick's poll comes sooner after its tick than the first one did: still an hour on.
    expect((await poll(tick(4), 3_000)).status).toBe('unchanged');
  });

  it('keeps to an Expires date to the second when counting from the tick the poll was due for', async () => {
    server.route('/feed', { body: FEED, headers: { expires: 'Mon, 05 Jan 2026 13:30:00 GMT' } });
    const config = configFor('/feed');
    clock = new Date(T0.getTime() + 25_000);
    await refreshSource(config.sources[0]!, config, deps, { dueAt: T0 });
    expect((await state())!.nextAttemptAt).toBe('2026-01-05T13:30:00.000Z');
  });

  it('waits out Cache-Control max-age, also on a 304, within the configured bound', async () => {
    server.route('/feed', (req, res) => {
      const headers = { etag: '"v1"', 'cache-control': 'public, max-age=86400' };
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, headers).end();
      res.writeHead(200, headers).end(FEED);
    });
    await refresh(configFor('/feed'));
    // A day asked for, capped at schedule.maxHintMinutes (6 h by default).
    expect((await state())!.nextAttemptAt).toBe('2026-01-05T18:00:00.000Z');
    advance(6 * 3_600_000);
    expect((await refresh(configFor('/feed'))).status).toBe('not-modified');
    expect((await state())!.nextAttemptAt).toBe('2026-01-06T00:00:00.000Z');
  });

  it('cuts descriptions at the configured length, at a word boundary', async () => {
    const long = 'Bitcoin miners are turning their data centres into AI compute farms as margins shrink after the halving.';
    server.route('/feed', { body: rssFeed('Wire', [{ ...story(1), description: long }]) });
    const config = parseConfig(
      'test',
      JSON.stringify({
        output: { title: 't', id: 'urn:t' },
        sources: [{ key: 'wire', name: 'Wire', url: server.url('/feed') }],
        items: { descriptionLength: 40 },
      }),
    );
    await refresh(config);
    const [item] = await store.newestItems(1);
    expect(item!.description).toBe('Bitcoin miners are turning their data…');
  });

  describe('with credentials in the source URL', () => {
    const PASSWORD = 'pa55-w0rd-9d1e';
    const TOKEN = 'qu3ry-t0ken-5ac8';
    /** The source at /feed with a password as userinfo and a token in its query. */
    const secretUrl = (password = PASSWORD, token = TOKEN) => `${server.url('/feed').replace('http://', `http://ann:${password}@`)}?token=${token}`;
    const redactedUrl = () => `${server.url('/feed').replace('http://', 'http://ann:***@')}?token=***`;
    const configWith = (url: string, extra: Record<string, unknown> = {}): Config =>
      parseConfig('test', JSON.stringify({ output: { title: 't', id: 'urn:t' }, sources: [{ key: 'wire', name: 'Wire', url, ...extra }] }));
    /** A state as versions before the redaction saved it: the configured URL verbatim. */
    const saveLegacyState = (fields: Partial<FetchState>) => store.saveState({ sourceKey: 'wire', url: secretUrl(), consecutiveErrors: 0, itemsSeen: 2, ...fields });

    it('saves the fetch state with the URL redacted, after a success and after a failure', async () => {
      server.route('/feed', { body: FEED });
      await refresh(configWith(secretUrl()));
      expect((await state())!.url).toBe(redactedUrl());
      server.route('/feed', { status: 500, body: 'boom' });
      await refresh(configWith(secretUrl()), true);
      expect(await state()).toMatchObject({ url: redactedUrl(), consecutiveErrors: 1 });
      expect(JSON.stringify(await state())).not.toMatch(new RegExp(`${PASSWORD}|${TOKEN}`));
    });

    it('keeps validators and backoff of a state saved with the URL verbatim by an older version, and rewrites its URL redacted', async () => {
      server.route('/feed', (req, res) => void (req.headers['if-none-match'] === '"v1"' ? res.writeHead(304).end() : res.writeHead(200).end(FEED)));
      // Its items went through a commit lately: the validators are sent.
      await saveLegacyState({ etag: '"v1"', itemsCommittedAt: T0.toISOString(), consecutiveErrors: 3, nextAttemptAt: new Date(T0.getTime() + 60_000).toISOString() });
      expect((await refresh(configWith(secretUrl()))).status).toBe('skipped');
      expect(await state()).toMatchObject({ url: redactedUrl(), etag: '"v1"', consecutiveErrors: 3, itemsSeen: 2 });
      advance(60_000);
      expect((await refresh(configWith(secretUrl()))).status).toBe('not-modified');
      expect(await state()).toMatchObject({ url: redactedUrl(), etag: '"v1"', consecutiveErrors: 0, itemsSeen: 2 });
    });

    it('keeps a source an older version disabled on 410 Gone disabled, with its saved URL redacted', async () => {
      server.route('/feed', { body: FEED });
      const source = configWith(secretUrl()).sources[0]!;
      const configHash = createHash('sha256').update(JSON.stringify(source)).digest('hex').slice(0, 16);
      await saveLegacyState({ lastStatus: 410, disabled: { reason: 'wire: HTTP 410 Gone', at: T0.toISOString(), configHash } });
      expect((await refresh(configWith(secretUrl()), true)).status).toBe('skipped');
      expect(server.requestsTo('/feed')).toBe(0);
      expect(await state()).toMatchObject({ url: redactedUrl(), disabled: { configHash } });
    });

    it('keeps the state when the password and the token are rotated', async () => {
      server.route('/feed', (req, res) => void (req.headers['if-none-match'] === '"v1"' ? res.writeHead(304).end() : res.writeHead(200, { etag: '"v1"' }).end(FEED)));
      await refresh(configWith(secretUrl()));
      advance(60_000);
      expect((await refresh(configWith(secretUrl('new-pass', 'new-token')))).status).toBe('not-modified');
      expect(server.requests.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('ann:new-pass').toString('base64')}`);
      expect((await state())!.itemsSeen).toBe(2);
    });

    it('starts over when the source is pointed at another path', async () => {
      server.route('/other', { body: FEED });
      // Its items went through a commit lately: the validators are sent.
      await saveLegacyState({ etag: '"v1"', itemsCommittedAt: T0.toISOString(), consecutiveErrors: 3, nextAttemptAt: new Date(T0.getTime() + 60_000).toISOString() });
      const moved = `${server.url('/other').replace('http://', `http://ann:${PASSWORD}@`)}?token=${TOKEN}`;
      expect((await refresh(configWith(moved))).status).toBe('changed');
      expect(server.requests.at(-1)!.headers['if-none-match']).toBeUndefined();
    });
  });

  it('ignores feed hints when the config says so', async () => {
    server.route('/feed', { body: FEED.replace('<channel>', '<channel>\n    <ttl>120</ttl>') });
    const config = parseConfig(
      'test',
      JSON.stringify({
        output: { title: 't', id: 'urn:t' },
        sources: [{ key: 'wire', name: 'Wire', url: server.url('/feed') }],
        schedule: { honourFeedHints: false },
      }),
    );
    await refresh(config);
    expect((await state())!.nextAttemptAt).toBeUndefined();
  });
});
