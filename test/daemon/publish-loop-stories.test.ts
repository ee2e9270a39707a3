import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { PublishLoop } from '../../src/daemon/publish-loop.js';
import { STORY_REGISTRY_META } from '../../src/model/story-registry.js';
import { Publisher } from '../../src/publisher/publisher.js';
import { readStoryRegistry } from '../../src/publisher/story-context.js';
import { resolveOutputs } from '../../src/publisher/resolve-outputs.js';
import { DaemonMetrics } from '../../src/server/daemon-metrics.js';
import { OutputCache } from '../../src/server/output-cache.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { eventIdOf } from '../../src/stories/index.js';
import { BACKGROUND, commitItems, DTCC_BLOCK, DTCC_DECRYPT, keyOfItem } from '../helpers/story-items.js';

const silent = pino({ level: 'silent' });

/*
 * The publish loop runs the story pass before a publish that writes files, and only then: in a
 * fleet, a standby publisher (not the lease's holder) renders what the store holds and assigns nothing.
 */
describe('the publish loop and the story pass', () => {
  let dir: string;
  let store: ItemStore;
  let agent: Agent;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-loop-stories-'));
    store = await openItemStore(`sqlite://${join(dir, 'store.db')}`, { retentionDays: 3650, seenRetentionDays: 3650 });
    agent = new Agent();
    await commitItems(store, [...BACKGROUND, DTCC_DECRYPT, DTCC_BLOCK]);
  });
  afterEach(async () => {
    await store.close();
    await agent.close();
    await rm(dir, { recursive: true, force: true });
  });

  function loop(options: { writes: boolean | (() => boolean); enabled?: boolean }): { loop: PublishLoop; outputs: OutputCache } {
    const config = parseConfig(
      'feeds.json',
      JSON.stringify({
        output: { title: 'All', id: 'urn:tributary:all', maxItems: 100, dir: join(dir, 'feeds') },
        sources: ['wire', 'decrypt', 'theblock'].map((key) => ({ key, name: key, url: `https://${key}.example/feed.xml` })),
        stories: { enabled: options.enabled ?? true },
      }),
    );
    const publisher = new Publisher({ store, outputs: resolveOutputs(config), dir: join(dir, 'feeds'), sources: config.sources, logger: silent, stories: config.stories.enabled });
    const outputs = new OutputCache();
    const metrics = new DaemonMetrics({ sourceStates: () => new Map(), storedItems: () => store.countIndexed() });
    const made = new PublishLoop({
      publisher: () => publisher,
      config: () => config,
      outputs,
      outDir: join(dir, 'feeds'),
      metrics,
      agent,
      logger: silent,
      now: () => new Date('2025-12-13T00:00:00.000Z'),
      delayMs: 0,
      writes: typeof options.writes === 'function' ? options.writes : () => options.writes as boolean,
      store,
    });
    return { loop: made, outputs };
  }

  it('assigns stories before a publish that writes the files, which then show them', async () => {
    const { loop: writer } = loop({ writes: true });
    await writer.now();
    await writer.stop();
    expect((await store.storyIdsOf([keyOfItem(DTCC_BLOCK)])).get(keyOfItem(DTCC_BLOCK))?.eventId).toBe(eventIdOf(DTCC_DECRYPT));
    expect(await readFile(join(dir, 'feeds', 'all.json'), 'utf8')).toContain(eventIdOf(DTCC_DECRYPT));
  });

  it('publishes what the pass holds between its deferred saves, and saves the held state at stop', async () => {
    const { loop: writer } = loop({ writes: true });
    await writer.now();
    const saved = await store.getMeta(STORY_REGISTRY_META);
    const late = { ...DTCC_BLOCK, externalId: 'dtcc-block-2', link: 'https://theblock.example/dtcc-2' };
    await commitItems(store, [late]);
    await writer.now();
    // The first run saved (nothing was); this one's save is deferred, but the files show it.
    expect(await store.getMeta(STORY_REGISTRY_META)).toEqual(saved);
    expect(JSON.parse(await readFile(join(dir, 'feeds', 'all.json'), 'utf8')).items[0]._tributary.event).toEqual({ id: eventIdOf(DTCC_DECRYPT), items: 3, sources: 2 });
    await writer.stop();
    expect(await readStoryRegistry(store)).toMatchObject({ events: expect.arrayContaining([expect.objectContaining({ id: eventIdOf(DTCC_DECRYPT), items: 3 })]) });
  });

  it('assigns nothing in a process that only renders (a standby publisher of a fleet), nor with stories turned off', async () => {
    const { loop: standby } = loop({ writes: false });
    await standby.now();
    await standby.stop();
    const { loop: off } = loop({ writes: true, enabled: false });
    await off.now();
    await off.stop();
    expect(await store.getMeta(STORY_REGISTRY_META)).toBeUndefined();
    expect(await store.storyIdsOf([keyOfItem(DTCC_BLOCK)])).toEqual(new Map());
  });

  it('serves the files, not its own last render, once a standby starts writing them, even when they need no rewrite', async () => {
    const { loop: holder } = loop({ writes: true });
    await holder.now();
    await holder.stop();
    let holdsLease = false;
    const { loop: standby, outputs } = loop({ writes: () => holdsLease });
    await standby.now();
    // What a standby serves is its own render, which can differ from the files (rendered before the
    // holder's last story pass, say).
    await outputs.put('all.atom', 'an older render', 'application/atom+xml', new Date());
    holdsLease = true;
    await standby.now();
    await standby.stop();
    expect(outputs.get('all.atom')?.body.toString('utf8')).toBe(await readFile(join(dir, 'feeds', 'all.atom'), 'utf8'));
  });
});
