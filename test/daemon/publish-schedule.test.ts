import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { MAX_PUBLISH_DELAY_MS, PublishLoop } from '../../src/daemon/publish-loop.js';
import { Publisher } from '../../src/publisher/publisher.js';
import { resolveOutputs } from '../../src/publisher/resolve-outputs.js';
import { DaemonMetrics } from '../../src/server/daemon-metrics.js';
import { OutputCache } from '../../src/server/output-cache.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { BACKGROUND, commitItems, DTCC_DECRYPT } from '../helpers/story-items.js';

const silent = pino({ level: 'silent' });
const QUIET_MS = 1000;

/*
 * When the daemon publishes: once the changes of a cycle stop coming for a second, and at least every
 * MAX_PUBLISH_DELAY_MS while they keep coming. Time is V8's fake clock (setTimeout and Date); the
 * store, publisher and files are real.
 */
describe('when the publish loop publishes', () => {
  let dir: string;
  let store: ItemStore;
  let agent: Agent;
  let loop: PublishLoop;
  let outputs: OutputCache;
  /** The publishes begun: the loop asks for the current publisher at the start of each. */
  let begun: number;
  /** Each publish ends by waiting for this (the loop's `after` hook); resolved unless a test holds it. */
  let hold: Promise<void>;
  let holding: () => void;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-publish-schedule-'));
    store = await openItemStore(`sqlite://${join(dir, 'store.db')}`, { retentionDays: 3650, seenRetentionDays: 3650 });
    agent = new Agent();
    await commitItems(store, BACKGROUND);
    const config = parseConfig(
      'feeds.json',
      JSON.stringify({
        output: { title: 'All', id: 'urn:tributary:all', maxItems: 100, dir: join(dir, 'feeds') },
        sources: ['wire', 'decrypt', 'theblock'].map((key) => ({ key, name: key, url: `https://${key}.example/feed.xml` })),
        stories: { enabled: false },
      }),
    );
    const publisher = new Publisher({ store, outputs: resolveOutputs(config), dir: join(dir, 'feeds'), sources: config.sources, logger: silent, stories: false });
    begun = 0;
    hold = Promise.resolve();
    holding = () => undefined;
    outputs = new OutputCache();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    loop = new PublishLoop({
      publisher: () => {
        begun += 1;
        return publisher;
      },
      config: () => config,
      outputs,
      outDir: join(dir, 'feeds'),
      metrics: new DaemonMetrics({ sourceStates: () => new Map(), storedItems: () => store.countIndexed() }),
      agent,
      logger: silent,
      now: () => new Date(),
      delayMs: QUIET_MS,
      writes: () => true,
      after: () => {
        holding();
        return hold;
      },
    });
  });
  afterEach(async () => {
    await loop.stop();
    vi.useRealTimers();
    await store.close();
    await agent.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A change every `everyMs` for `forMs` of fake time, each publish begun meanwhile left to end. */
  async function changesFor(forMs: number, everyMs = 200): Promise<void> {
    for (let at = 0; at < forMs; at += everyMs) {
      loop.schedule();
      await vi.advanceTimersByTimeAsync(everyMs);
      await loop.settled();
    }
  }

  it('publishes a lone change a second after it', async () => {
    loop.schedule();
    await vi.advanceTimersByTimeAsync(QUIET_MS - 1);
    expect(begun).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await loop.settled();
    expect(begun).toBe(1);
  });

  it('waits for a cycle of changes to go quiet, and then publishes once, with all of them', async () => {
    await changesFor(6_000);
    expect(begun).toBe(0);
    await commitItems(store, [DTCC_DECRYPT]);
    loop.schedule();
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    await loop.settled();
    expect(begun).toBe(1);
    expect(await readFile(join(dir, 'feeds', 'all.json'), 'utf8')).toContain(DTCC_DECRYPT.title);
    // Nothing more to publish.
    await vi.advanceTimersByTimeAsync(5 * QUIET_MS);
    expect(begun).toBe(1);
  });

  it('publishes at least every MAX_PUBLISH_DELAY_MS while changes keep coming', async () => {
    await changesFor(MAX_PUBLISH_DELAY_MS - 200);
    expect(begun).toBe(0);
    await changesFor(200);
    expect(begun).toBe(1);
    await changesFor(MAX_PUBLISH_DELAY_MS);
    expect(begun).toBe(2);
    await changesFor(MAX_PUBLISH_DELAY_MS / 2);
    expect(begun).toBe(2);
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    await loop.settled();
    expect(begun).toBe(3);
  });

  it('publishes what is pending at stop, and nothing after it', async () => {
    await changesFor(3_000);
    expect(begun).toBe(0);
    await loop.stop();
    expect(begun).toBe(1);
    await vi.advanceTimersByTimeAsync(MAX_PUBLISH_DELAY_MS * 2);
    expect(begun).toBe(1);
  });

  it('lets calls made while a publish runs share one publish after it, rather than queue one each, which loads every output if one call asked', async () => {
    let release: () => void = () => undefined;
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inAfter = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const first = loop.now();
    await inAfter;
    expect(begun).toBe(1);
    // Served outputs are put in the cache only when they change, or when a publish loads them all.
    outputs.retainOnly(new Set());
    const calls = [loop.now(), loop.now({ loadAll: true }), loop.now()];
    hold = Promise.resolve();
    release();
    await Promise.all([first, ...calls]);
    expect(begun).toBe(2);
    expect(outputs.has('all.json')).toBe(true);
  });
});
