import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { parseStoryRegistry, STORY_REGISTRY_META } from '../../src/model/story-registry.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { eventIdOf, sortForClustering, StoryClusterer, storyIdOf } from '../../src/stories/index.js';
import { STORY_HEAD_META, STORY_STATE_META, StoryPass } from '../../src/stories/story-pass.js';
import { captureLog } from '../helpers/log-capture.js';
import { makeItem } from '../helpers/make-item.js';
import { BACKGROUND, commitItems, DTCC_BLOCK, DTCC_DECRYPT, JUVENTUS, keyOfItem, storyItem } from '../helpers/story-items.js';
import { availableBackends, useBackendStores } from '../store/store-backends.js';
import { readLabelledSet } from './labelled-set.js';

const silent = pino({ level: 'silent' });

describe.each(availableBackends())('the story pass on $name', (backend) => {
  const { open, renew } = useBackendStores(backend);

  it('gives every stored item its ids on a first run, and counts each event and story in the registry', async () => {
    const store = await open();
    await commitItems(store, [...BACKGROUND, DTCC_DECRYPT, DTCC_BLOCK, JUVENTUS]);
    const result = await new StoryPass({ store, logger: silent }).run();
    expect(result).toMatchObject({ assigned: BACKGROUND.length + 3, readAll: true });

    const ids = await store.storyIdsOf([...BACKGROUND, DTCC_DECRYPT, DTCC_BLOCK, JUVENTUS].map(keyOfItem));
    expect(ids.size).toBe(BACKGROUND.length + 3);
    expect(ids.get(keyOfItem(DTCC_DECRYPT))).toEqual({ eventId: eventIdOf(DTCC_DECRYPT), storyId: storyIdOf(DTCC_DECRYPT) });
    expect(ids.get(keyOfItem(DTCC_BLOCK))).toEqual(ids.get(keyOfItem(DTCC_DECRYPT)));
    expect(ids.get(keyOfItem(JUVENTUS))!.eventId).not.toBe(eventIdOf(DTCC_DECRYPT));

    const registry = parseStoryRegistry(await store.getMeta(STORY_REGISTRY_META))!;
    const event = registry.events.find((entry) => entry.id === eventIdOf(DTCC_DECRYPT))!;
    expect(event).toMatchObject({ items: 2, sources: ['decrypt', 'theblock'], firstAt: DTCC_DECRYPT.publishedAt, lastAt: DTCC_BLOCK.publishedAt });
    expect(event.members.map((member) => member.link)).toEqual([DTCC_DECRYPT.link, DTCC_BLOCK.link]);
    expect(event.members[0]!.expiresMs).toEqual(expect.any(Number));
  });

  it('reads only what was committed since its cursor, and writes nothing when nothing was', async () => {
    const store = await open();
    await commitItems(store, [...BACKGROUND, DTCC_DECRYPT]);
    const pass = new StoryPass({ store, logger: silent });
    await pass.run();
    const head = await store.getMeta(STORY_HEAD_META);
    expect(await pass.run()).toMatchObject({ assigned: 0, readAll: false });
    expect(await new StoryPass({ store, logger: silent }).run()).toEqual({ assigned: 0, readAll: false });
    expect(await store.getMeta(STORY_HEAD_META)).toEqual(head);

    await commitItems(store, [DTCC_BLOCK]);
    expect(await pass.run()).toMatchObject({ assigned: 1, readAll: false });
    expect((await store.storyIdsOf([keyOfItem(DTCC_BLOCK)])).get(keyOfItem(DTCC_BLOCK))).toEqual({ eventId: eventIdOf(DTCC_DECRYPT), storyId: storyIdOf(DTCC_DECRYPT) });
  });

  it('defers saving its state with saveEveryMs: ids stored at once, the registry held for this process, the state saved when due or flushed', async () => {
    const store = await open();
    let now = Date.parse('2026-01-10T12:00:00Z');
    await commitItems(store, [...BACKGROUND, DTCC_DECRYPT]);
    const pass = new StoryPass({ store, logger: silent, now: () => now, saveEveryMs: 60_000 });
    await pass.run();
    const head = await store.getMeta(STORY_HEAD_META);
    const saved = await store.getMeta(STORY_REGISTRY_META);
    expect(saved).toEqual(pass.registry());

    await commitItems(store, [DTCC_BLOCK]);
    now += 10_000;
    expect(await pass.run()).toMatchObject({ assigned: 1 });
    // Stored beside the item at once; held, not saved, in the registry.
    expect((await store.storyIdsOf([keyOfItem(DTCC_BLOCK)])).get(keyOfItem(DTCC_BLOCK))).toEqual({ eventId: eventIdOf(DTCC_DECRYPT), storyId: storyIdOf(DTCC_DECRYPT) });
    expect(pass.registry()!.events.find((entry) => entry.id === eventIdOf(DTCC_DECRYPT))).toMatchObject({ items: 2 });
    expect(await store.getMeta(STORY_HEAD_META)).toEqual(head);
    expect(await store.getMeta(STORY_REGISTRY_META)).toEqual(saved);
    // Nothing new: no read of the state, nothing saved.
    expect(await pass.run()).toMatchObject({ assigned: 0 });
    expect(await store.getMeta(STORY_HEAD_META)).toEqual(head);

    await commitItems(store, [JUVENTUS]);
    now += 60_000;
    await pass.run();
    expect(await store.getMeta(STORY_REGISTRY_META)).toEqual(pass.registry());
    expect(await store.getMeta(STORY_HEAD_META)).not.toEqual(head);

    await commitItems(store, [{ ...JUVENTUS, externalId: 'juventus-2', link: 'https://news.example/juventus-2' }]);
    now += 1_000;
    await pass.run();
    expect(await store.getMeta(STORY_REGISTRY_META)).not.toEqual(pass.registry());
    await pass.flush();
    expect(await store.getMeta(STORY_REGISTRY_META)).toEqual(pass.registry());
    // Another process goes on from the flushed state: nothing left to assign.
    expect(await new StoryPass({ store, logger: silent }).run()).toEqual({ assigned: 0, readAll: false });
  });

  it('after a deferred save that never came (a crash), assigns the items since the last save again, counting each once', async () => {
    const store = await open();
    let now = Date.parse('2026-01-10T12:00:00Z');
    await commitItems(store, [...BACKGROUND, DTCC_DECRYPT]);
    const crashed = new StoryPass({ store, logger: silent, now: () => now, saveEveryMs: 60_000 });
    await crashed.run();
    await commitItems(store, [DTCC_BLOCK]);
    now += 1_000;
    await crashed.run();

    const next = new StoryPass({ store, logger: silent });
    expect(await next.run()).toMatchObject({ assigned: 1, readAll: false });
    expect((await store.storyIdsOf([keyOfItem(DTCC_BLOCK)])).get(keyOfItem(DTCC_BLOCK))).toEqual({ eventId: eventIdOf(DTCC_DECRYPT), storyId: storyIdOf(DTCC_DECRYPT) });
    const registry = parseStoryRegistry(await store.getMeta(STORY_REGISTRY_META))!;
    expect(registry.events.find((entry) => entry.id === eventIdOf(DTCC_DECRYPT))).toMatchObject({ items: 2, sources: ['decrypt', 'theblock'] });
  });

  it('goes on from its saved state in another process (a new pass on the same file)', async () => {
    const store = await open();
    await commitItems(store, [...BACKGROUND, DTCC_DECRYPT]);
    await new StoryPass({ store, logger: silent }).run();
    await commitItems(store, [DTCC_BLOCK]);
    expect(await new StoryPass({ store, logger: silent }).run()).toMatchObject({ assigned: 1, readAll: false });
    const registry = parseStoryRegistry(await store.getMeta(STORY_REGISTRY_META))!;
    expect(registry.events.find((entry) => entry.id === eventIdOf(DTCC_DECRYPT))).toMatchObject({ items: 2 });
  });

  it('counts an item changed since (read again from the log) once, with its new title', async () => {
    const store = await open();
    await commitItems(store, [...BACKGROUND, DTCC_DECRYPT, DTCC_BLOCK]);
    const pass = new StoryPass({ store, logger: silent });
    await pass.run();
    await commitItems(store, [{ ...DTCC_BLOCK, title: `${DTCC_BLOCK.title} (updated)` }]);
    expect(await pass.run()).toMatchObject({ assigned: 1 });
    const event = parseStoryRegistry(await store.getMeta(STORY_REGISTRY_META))!.events.find((entry) => entry.id === eventIdOf(DTCC_DECRYPT))!;
    expect(event.items).toBe(2);
    expect(event.members[1]!.title).toBe(`${DTCC_BLOCK.title} (updated)`);
  });

  it('logs a saved state it cannot read (STORY_STATE_INVALID) and starts afresh, giving the same ids', async () => {
    const store = await open();
    await commitItems(store, [...BACKGROUND, DTCC_DECRYPT, DTCC_BLOCK]);
    await new StoryPass({ store, logger: silent }).run();
    const before = await store.storyIdsOf([keyOfItem(DTCC_BLOCK)]);
    await store.setMeta(STORY_STATE_META, { version: 99 });
    const log = captureLog();
    // Read only when there is something to assign.
    expect(await new StoryPass({ store, logger: log.logger }).run()).toEqual({ assigned: 0, readAll: false });
    expect(log.lines()).toEqual([]);
    await commitItems(store, [JUVENTUS]);
    expect(await new StoryPass({ store, logger: log.logger }).run()).toMatchObject({ readAll: true, assigned: BACKGROUND.length + 3 });
    expect(log.lines().find((line) => line.code === 'STORY_STATE_INVALID')).toMatchObject({ level: 40, msg: expect.stringContaining('start afresh') });
    expect(await store.storyIdsOf([keyOfItem(DTCC_BLOCK)])).toEqual(before);
  });

  it('assigns a run larger than a slice in ordered slices, giving the ids one batch gives', async () => {
    const store = await open();
    // Committed one at a time, latest first: the change log's order is the reverse of the clustering order.
    const items = readLabelledSet().map((entry) =>
      makeItem({ ...entry, link: `https://${entry.source.key}.example/${entry.id}`, updatedAt: entry.publishedAt, source: { ...entry.source, type: 'RSS' } }),
    );
    for (const item of sortForClustering(items).reverse()) await commitItems(store, [item]);
    const loads: number[] = [];
    const loadStoredItems = store.loadStoredItems.bind(store);
    store.loadStoredItems = (keys, onInvalid) => {
      loads.push(keys.length);
      return loadStoredItems(keys, onInvalid);
    };

    expect(await new StoryPass({ store, logger: silent, sliceItems: 7 }).run()).toMatchObject({ assigned: items.length, readAll: true });
    // Read once for the order (pages of 500), then again 7 at a time.
    expect(loads.slice(0, 1)).toEqual([items.length]);
    expect(new Set(loads.slice(1))).toEqual(new Set([7, items.length % 7]));

    const batch = StoryClusterer.create().assignBatch(items);
    const stored = await store.storyIdsOf(items.map(keyOfItem));
    expect(batch.filter((a) => a.event === 'joined').length).toBeGreaterThan(20);
    for (const assignment of batch) {
      const key = keyOfItem(items.find((item) => item.source.key === assignment.sourceKey && item.externalId === assignment.externalId)!);
      expect(stored.get(key)).toEqual({ eventId: assignment.eventId, storyId: assignment.storyId });
    }
  });

  it('drops from the registry the events past the event window', async () => {
    const store = await open();
    await commitItems(store, [...BACKGROUND, DTCC_DECRYPT, DTCC_BLOCK]);
    const pass = new StoryPass({ store, logger: silent });
    await pass.run();
    // Four days later in stream time: the event window (72 hours) has passed, the story window (60 days) has not.
    await commitItems(store, [storyItem('wire', 'later', 96, 'Crypto market update later: bitcoin and stocks move')]);
    await pass.run();
    const registry = parseStoryRegistry(await store.getMeta(STORY_REGISTRY_META))!;
    expect(registry.events.some((entry) => entry.id === eventIdOf(DTCC_DECRYPT))).toBe(false);
    expect(registry.stories.some((entry) => entry.id === storyIdOf(DTCC_DECRYPT))).toBe(true);
  });

  it('drops the members expired from the store at a run with nothing committed since, under a new revision, whether it holds its state or not', async () => {
    const store = await open();
    let now = Date.parse('2026-01-10T12:00:00Z');
    await commitItems(store, [...BACKGROUND, DTCC_DECRYPT, DTCC_BLOCK]);
    const pass = new StoryPass({ store, logger: silent, now: () => now });
    await pass.run();
    const before = parseStoryRegistry(await store.getMeta(STORY_REGISTRY_META))!;
    const event = before.events.find((entry) => entry.id === eventIdOf(DTCC_DECRYPT))!;
    const expired = Math.max(...event.members.map((member) => member.expiresMs!)) + 1;
    // Before any member expires, a run with nothing new writes nothing.
    now = Math.min(...before.stories.flatMap((entry) => entry.members.map((member) => member.expiresMs!))) - 1;
    expect(await pass.run()).toEqual({ assigned: 0, readAll: false });
    expect(pass.registry()!.revision).toBe(before.revision);

    now = expired;
    expect(await pass.run()).toEqual({ assigned: 0, readAll: false });
    const saved = parseStoryRegistry(await store.getMeta(STORY_REGISTRY_META))!;
    expect(saved.revision).not.toBe(before.revision);
    expect(pass.registry()!.revision).toBe(saved.revision);
    for (const registry of [pass.registry()!, saved]) expect(registry.events.find((entry) => entry.id === eventIdOf(DTCC_DECRYPT))).toBeUndefined();
    const head = await store.getMeta(STORY_HEAD_META);
    expect(await pass.run()).toEqual({ assigned: 0, readAll: false });
    expect(await store.getMeta(STORY_HEAD_META)).toEqual(head);

    // A process holding no state reads when the next member expires from the head.
    await renew();
    const other = await open();
    await commitItems(other, [...BACKGROUND, DTCC_DECRYPT, DTCC_BLOCK]);
    now = Date.parse('2026-01-10T12:00:00Z');
    await new StoryPass({ store: other, logger: silent, now: () => now }).run();
    const members = parseStoryRegistry(await other.getMeta(STORY_REGISTRY_META))!.events.find((entry) => entry.id === eventIdOf(DTCC_DECRYPT))!.members;
    now = Math.max(...members.map((member) => member.expiresMs!)) + 1;
    const fresh = new StoryPass({ store: other, logger: silent, now: () => now });
    await fresh.run();
    expect(fresh.registry()!.events.find((entry) => entry.id === eventIdOf(DTCC_DECRYPT))).toBeUndefined();
    expect(parseStoryRegistry(await other.getMeta(STORY_REGISTRY_META))!.events.find((entry) => entry.id === eventIdOf(DTCC_DECRYPT))).toBeUndefined();
  });

  it('hands its publisher no registry of its own once another process of a fleet saved since, though nothing was committed after', async () => {
    const store = await open();
    await commitItems(store, [...BACKGROUND, DTCC_DECRYPT]);
    // A runs the pass, then loses the publisher lease; B takes it and runs the pass after a commit.
    const a = new StoryPass({ store, logger: silent });
    await a.run();
    await commitItems(store, [DTCC_BLOCK, JUVENTUS]);
    expect(await new StoryPass({ store, logger: silent }).run()).toMatchObject({ assigned: 2 });
    // A takes the lease back: its registry is behind the saved one, so its publisher reads that.
    expect(await a.run()).toEqual({ assigned: 0, readAll: false });
    expect(a.registry()).toBeUndefined();
  });
});

describe('the story pass when the store fails', () => {
  it('reads its state back from the store after a failed run: a registry saved without its state makes it start afresh, counting each item once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-story-fail-'));
    const store = await openItemStore(`sqlite://${join(dir, 'store.db')}`, { retentionDays: 30, seenRetentionDays: 365 });
    try {
      await commitItems(store, [...BACKGROUND, DTCC_DECRYPT]);
      const pass = new StoryPass({ store, logger: silent });
      await pass.run();
      await commitItems(store, [DTCC_BLOCK]);
      const setMeta = store.setMeta.bind(store);
      let fail = true;
      store.setMeta = async (name, value) => {
        if (fail && name === STORY_STATE_META) throw new Error('disk full');
        return setMeta(name, value);
      };
      await expect(pass.run()).rejects.toThrow('disk full');
      fail = false;
      expect(await pass.run()).toMatchObject({ assigned: BACKGROUND.length + 2, readAll: true });
      const event = parseStoryRegistry(await store.getMeta(STORY_REGISTRY_META))!.events.find((entry) => entry.id === eventIdOf(DTCC_DECRYPT))!;
      expect(event.items).toBe(2);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
