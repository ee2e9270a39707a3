import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { LocalPoller } from '../../src/daemon/local-poller.js';
import { createAgent } from '../../src/fetcher/create-agent.js';
import { createPipelineDeps } from '../../src/pipeline/create-pipeline-deps.js';
import type { PipelineDeps, RefreshOutcome } from '../../src/pipeline/refresh-source.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { captureLog, type CapturedLog } from '../helpers/log-capture.js';
import { tempDir } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

const FEED = rssFeed('Wire', [{ guid: 'one', title: 'One', link: 'https://wire.example/1', date: '2026-01-05T10:00:00Z' }]);

/** A route that answers only when told to, counting the requests that reached it. */
function gatedRoute() {
  const waiting: Array<() => void> = [];
  let requests = 0;
  // A request that arrives after the release (a busy machine) is answered at once, not held forever.
  let released = false;
  return {
    route: async (_req: unknown, res: { writeHead: (status: number, headers: Record<string, string>) => { end: (body: string) => void } }) => {
      requests += 1;
      if (!released) await new Promise<void>((resolve) => waiting.push(resolve));
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
    },
    release: () => {
      released = true;
      for (const resolve of waiting.splice(0)) resolve();
    },
    get requests() {
      return requests;
    },
  };
}

/** The store, its commits for `keys` held until `release` (the commit itself is the store's own). */
function commitsHeld(store: ItemStore, keys: readonly string[]) {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held: string[] = [];
  const proxy = new Proxy(store, {
    get(target, property) {
      if (property === 'commit') {
        return async (...args: Parameters<ItemStore['commit']>) => {
          if (keys.includes(args[0])) {
            held.push(args[0]);
            await gate;
          }
          return target.commit(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, held, release };
}

describe('the local poller', () => {
  let server: FeedServer;
  let store: ItemStore;
  let agent: ReturnType<typeof createAgent>;
  let log: CapturedLog;
  let config: Config;
  let deps: PipelineDeps;
  const outcomes: RefreshOutcome[] = [];

  const configWith = (keys: readonly string[], fetch: Record<string, number> = {}): Config =>
    parseConfig(
      'test',
      JSON.stringify({
        output: { title: 't', id: 'urn:t' },
        fetch: { concurrency: 8, perHostConcurrency: 8, ...fetch },
        sources: keys.map((key) => ({ key, name: key, url: server.url(`/${key}`) })),
      }),
    );
  const poller = () => new LocalPoller({ config: () => config, deps: () => deps, logger: log.logger, onOutcome: (outcome) => outcomes.push(outcome) });
  const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

  beforeEach(async () => {
    server = await FeedServer.start();
    store = await openItemStore(`sqlite://${join(await tempDir('tributary-poller-'), 'store.db')}`, { retentionDays: 30, seenRetentionDays: 365 });
    agent = createAgent({ connectTimeoutMs: 2000 });
    log = captureLog();
    outcomes.length = 0;
    config = configWith(['a', 'b']);
    deps = createPipelineDeps(config, { store, logger: log.logger, dispatcher: agent });
  });

  afterEach(async () => {
    await store.close();
    await agent.close();
    await server.close();
  });

  it('never polls one source twice at once: a second poll while the first runs is dropped', async () => {
    const gate = gatedRoute();
    server.route('/a', gate.route);
    const polling = poller();
    const first = polling.poll(config.sources[0]!);
    await tick();
    expect(await polling.poll(config.sources[0]!)).toBeUndefined();
    gate.release();
    expect(await first).toMatchObject({ sourceKey: 'a', status: 'changed', added: 1 });
    expect(gate.requests).toBe(1);
    expect(outcomes.map((outcome) => outcome.sourceKey)).toEqual(['a']);
  });

  it('polls every enabled source once with pollAll, each outcome carrying its saved state', async () => {
    config = parseConfig(
      'test',
      JSON.stringify({
        output: { title: 't', id: 'urn:t' },
        sources: [
          { key: 'a', name: 'a', url: server.url('/a') },
          { key: 'off', name: 'off', url: server.url('/off'), enabled: false },
        ],
      }),
    );
    server.route('/a', { body: FEED });
    const result = await poller().pollAll(config.sources);
    expect(result.map((outcome) => [outcome.sourceKey, outcome.status])).toEqual([['a', 'changed']]);
    expect(result[0]!.state).toEqual(await store.getState('a'));
    expect(server.requestsTo('/off')).toBe(0);
  });

  it('holds fetch.concurrency, and takes a new one on resize for the polls already waiting', async () => {
    config = configWith(['a', 'b', 'c'], { concurrency: 1 });
    const gates = ['a', 'b', 'c'].map((key) => {
      const gate = gatedRoute();
      server.route(`/${key}`, gate.route);
      return gate;
    });
    const polling = poller();
    const all = polling.pollAll(config.sources);
    await tick();
    expect(gates.map((gate) => gate.requests)).toEqual([1, 0, 0]);
    polling.resize(configWith(['a', 'b', 'c'], { concurrency: 3 }));
    await tick();
    expect(gates.map((gate) => gate.requests)).toEqual([1, 1, 1]);
    for (const gate of gates) gate.release();
    expect((await all).map((outcome) => outcome.status)).toEqual(['changed', 'changed', 'changed']);
  });

  it('once closed, polls nothing new, ends the waiting ones unpolled, and resolves when those running are done', async () => {
    config = configWith(['a', 'b'], { concurrency: 1 });
    const gate = gatedRoute();
    server.route('/a', gate.route);
    server.route('/b', { body: FEED });
    const polling = poller();
    const all = polling.pollAll(config.sources);
    await tick();
    expect(polling.inFlightCount).toBe(2);
    let closed = false;
    const closing = polling.close().then(() => (closed = true));
    await tick();
    expect(closed).toBe(false);
    gate.release();
    await closing;
    expect(polling.inFlightCount).toBe(0);
    expect((await all).map((outcome) => outcome.sourceKey)).toEqual(['a']);
    expect(server.requestsTo('/b')).toBe(0);
    expect(await polling.poll(config.sources[1]!)).toBeUndefined();
  });

  it('starts the next fetch while a fetched document is committed, and holds no more documents than fetch.concurrency waiting', async () => {
    config = configWith(['a', 'b', 'c'], { concurrency: 1, perHostConcurrency: 1 });
    for (const key of ['a', 'b', 'c']) server.route(`/${key}`, { body: FEED });
    const commits = commitsHeld(store, ['a']);
    deps = { ...deps, store: commits.store };
    const all = poller().pollAll(config.sources);
    await waitFor("a's commit", () => commits.held.includes('a'));
    // a's fetch slot went to b while a commits; b, fetched, waits for a's processing slot with it.
    await waitFor("b's request", () => server.requestsTo('/b') === 1);
    await tick();
    expect(server.requestsTo('/c')).toBe(0);
    commits.release();
    expect((await all).map((outcome) => [outcome.sourceKey, outcome.status])).toEqual([
      ['a', 'changed'],
      ['b', 'changed'],
      ['c', 'changed'],
    ]);
  });

  it("passes on the tick a poll was due for, from which the feed's hints are counted", async () => {
    server.route('/a', { body: FEED.replace('<channel>', '<channel><ttl>60</ttl>') });
    const dueAt = new Date(Date.now() - 20_000);
    await poller().poll(config.sources[0]!, { dueAt });
    expect((await store.getState('a'))!.nextAttemptAt).toBe(new Date(dueAt.getTime() + 3_600_000).toISOString());
  });
});
