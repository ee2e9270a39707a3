import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import libsql from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { initialFetchState } from '../../src/model/fetch-state.js';
import type { Item } from '../../src/model/item.js';
import { stampName } from '../../src/publisher/publish-stamp.js';
import { Publisher } from '../../src/publisher/publisher.js';
import { resolveOutputs } from '../../src/publisher/resolve-outputs.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { atomEntries } from '../helpers/feed-xml.js';
import { captureLog, type CapturedLog } from '../helpers/log-capture.js';
import { makeItem } from '../helpers/make-item.js';

const T0 = Date.parse('2026-01-10T12:00:00.000Z');
const DAY = 86_400_000;
const FILES = ['all.atom', 'all.rss', 'all.json'];

const configWith = (title: string) =>
  parseConfig(
    'feeds.json',
    JSON.stringify({
      output: { title, id: 'urn:tributary:all', maxItems: 10 },
      sources: [{ key: 'wire', name: 'Wire', url: 'https://wire.example/rss' }],
    }),
  );

function story(id: string, hoursAgo: number): Item {
  const date = new Date(T0 - hoursAgo * 3_600_000).toISOString();
  return makeItem({ externalId: id, title: `Story ${id}`, link: `https://wire.example/${id}`, publishedAt: date, updatedAt: date, source: { key: 'wire', name: 'Wire', type: 'RSS' } });
}

describe('publishing again when nothing it was made from changed', () => {
  let dir: string;
  let storeFile: string;
  let store: ItemStore;
  let clock: number;
  let log: CapturedLog;
  /** How many times the index was read: once for each publish that rendered. */
  let renders: number;

  /** The real store, with its index reads counted. */
  const counted = (): ItemStore =>
    new Proxy(store, {
      get(target, property, receiver) {
        if (property === 'indexPages') renders += 1;
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const publisherFor = (title = 'All', out = join(dir, 'feeds')) => {
    const config = configWith(title);
    return new Publisher({
      store: counted(),
      outputs: resolveOutputs(config),
      dir: out,
      sources: config.sources,
      logger: log.logger,
      generator: { name: 'Tributary', version: 'test' },
      now: () => clock,
    });
  };
  const commit = (...items: Item[]) => store.commit('wire', items, initialFetchState('wire', 'https://wire.example/rss'), new Date(clock));
  const read = (file: string, out = join(dir, 'feeds')) => readFile(join(out, file), 'utf8');
  const titles = async (out?: string) => atomEntries(await read('all.atom', out)).map((entry) => entry.title);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-stamp-'));
    storeFile = join(dir, 'store.db');
    clock = T0;
    renders = 0;
    log = captureLog();
    store = await openItemStore(`sqlite://${storeFile}`, { retentionDays: 30, seenRetentionDays: 365, nowMs: () => clock });
    await commit(story('a', 2), story('b', 1));
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('renders nothing, writes nothing and reports the same items when the store, the config and the files are as they were', async () => {
    const first = await publisherFor().publish();
    expect(first).toEqual([{ name: 'all', items: 2, skipped: 0, written: FILES.map((file) => join(dir, 'feeds', file)) }]);
    const before = await Promise.all(FILES.map((file) => read(file)));

    // A new publisher, as the next `tributary poll` makes: nothing is remembered in memory.
    expect(await publisherFor().publish()).toEqual([{ name: 'all', items: 2, skipped: 0, written: [] }]);
    expect(renders).toBe(1);
    expect(await Promise.all(FILES.map((file) => read(file)))).toEqual(before);
  });

  it('renders again after a commit that wrote an item or changed the source feed it credits, and not after one that wrote neither', async () => {
    await publisherFor().publish();
    // The same items again (a document resent with new bytes and nothing new in it).
    await commit(story('a', 2), story('b', 1));
    expect(await publisherFor().publish()).toEqual([{ name: 'all', items: 2, skipped: 0, written: [] }]);
    expect(renders).toBe(1);

    await commit(story('a', 2), story('b', 1), story('c', 0));
    expect((await publisherFor().publish())[0]).toMatchObject({ items: 3, written: FILES.map((file) => join(dir, 'feeds', file)) });
    expect(renders).toBe(2);
    expect(await titles()).toEqual(['Story c', 'Story b', 'Story a']);

    // Nothing new, but the source's document now names itself otherwise: its entries credit the new title.
    const state = initialFetchState('wire', 'https://wire.example/rss');
    await store.commit('wire', [story('c', 0)], state, new Date(clock), { sourceFeed: { title: 'The Wire, renamed' } });
    expect((await publisherFor().publish())[0]!.written).toHaveLength(3);
    expect(renders).toBe(3);
    expect(await read('all.atom')).toContain('The Wire, renamed');
    await store.commit('wire', [story('c', 0)], state, new Date(clock), { sourceFeed: { title: 'The Wire, renamed' } });
    await publisherFor().publish();
    expect(renders).toBe(3);
  });

  it('renders again when the config changes what an output shows', async () => {
    await publisherFor('All').publish();
    const result = await publisherFor('All the news').publish();
    expect(renders).toBe(2);
    expect(result[0]!.written).toHaveLength(3);
    expect(await read('all.atom')).toContain('<title type="text">All the news</title>');
  });

  it('renders again once an item it shows has expired, and leaves it out', async () => {
    await publisherFor().publish();
    clock = T0 + 29 * DAY;
    await publisherFor().publish();
    expect(renders).toBe(1);
    clock = T0 + 30 * DAY + 1_000;
    const result = await publisherFor().publish();
    expect(renders).toBe(2);
    expect(result[0]).toMatchObject({ items: 0 });
    expect(await titles()).toEqual([]);
  });

  it('writes again a file deleted or edited since, with the bytes it had', async () => {
    await publisherFor().publish();
    const atom = await read('all.atom');
    const rss = await read('all.rss');
    await rm(join(dir, 'feeds', 'all.atom'));
    await writeFile(join(dir, 'feeds', 'all.rss'), rss.replace('Story a', 'Story z'));

    const result = await publisherFor().publish();
    expect(renders).toBe(2);
    expect(result[0]!.written).toEqual([join(dir, 'feeds', 'all.atom'), join(dir, 'feeds', 'all.rss')]);
    expect(await read('all.atom')).toBe(atom);
    expect(await read('all.rss')).toBe(rss);
  });

  it('writes again a file edited since, in a publisher that wrote it itself (as the daemon keeps one)', async () => {
    const publisher = publisherFor();
    await publisher.publish();
    const atom = await read('all.atom');
    await writeFile(join(dir, 'feeds', 'all.atom'), atom.replace('Story a', 'Story z'));

    expect((await publisher.publish())[0]!.written).toEqual([join(dir, 'feeds', 'all.atom')]);
    expect(await read('all.atom')).toBe(atom);
    expect(await publisher.publish()).toEqual([{ name: 'all', items: 2, skipped: 0, written: [] }]);
    expect(renders).toBe(2);
  });

  it('keeps a stamp for each folder: publishing into another one writes its files', async () => {
    await publisherFor().publish();
    const other = join(dir, 'elsewhere');
    const result = await publisherFor('All', other).publish();
    expect(renders).toBe(2);
    expect(result[0]!.written).toHaveLength(3);
    expect(await titles(other)).toEqual(['Story b', 'Story a']);
    await publisherFor().publish();
    await publisherFor('All', other).publish();
    expect(renders).toBe(2);
  });

  it('renders when the stamp cannot be read, and when the store has no content token (written before there was one)', async () => {
    await publisherFor().publish();
    await store.setMeta(stampName(join(dir, 'feeds')), { inputs: 42 });
    await publisherFor().publish();
    expect(renders).toBe(2);

    const raw = new libsql(storeFile);
    raw.prepare("DELETE FROM keyv WHERE key = 'tributary:content-token'").run();
    raw.close();
    await publisherFor().publish();
    await publisherFor().publish();
    expect(renders).toBe(4);
  });

  it('publishes all the same when the stamp cannot be saved, warns, and renders again the next time', async () => {
    const raw = new libsql(storeFile);
    raw.exec("CREATE TRIGGER refuse_stamp BEFORE INSERT ON keyv WHEN NEW.key LIKE 'tributary:meta:publish:%' BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;");
    raw.close();
    const result = await publisherFor().publish();
    expect(result[0]!.written).toHaveLength(3);
    expect(await titles()).toEqual(['Story b', 'Story a']);
    expect(log.lines().filter((line) => line.level === 40)).toEqual([
      expect.objectContaining({ msg: 'could not save the publish stamp; the next publish renders again', err: expect.objectContaining({ message: expect.stringContaining('refused for the test') }) }),
    ]);
    await publisherFor().publish();
    expect(renders).toBe(2);
  });
});
