import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { archiveSettingsOf } from '../../src/archive/archive-settings.js';
import { Archiver } from '../../src/archive/archiver.js';
import { INDEX_FILE } from '../../src/archive/archive-index.js';
import { parseConfig } from '../../src/config/load-config.js';
import { ArchiveError } from '../../src/errors/archive-error.js';
import { initialFetchState } from '../../src/model/fetch-state.js';
import type { Item } from '../../src/model/item.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { archiveFiles, expectSeedSchema, mtimes, readArchiveFile } from '../helpers/archive-files.js';
import { makeItem } from '../helpers/make-item.js';
import { REDIS_MISSING } from '../helpers/redis-server.js';
import { availableBackends, redisMissingInCi } from '../store/store-backends.js';

const T0 = new Date('2026-01-10T12:00:00.000Z');
const DAY = 86_400_000;
const silent = pino({ level: 'silent' });

function item(source: string, id: string, overrides: Partial<Item> = {}): Item {
  return makeItem({
    externalId: id,
    title: `CoreWeave story ${id}: what it means`,
    description: `Summary of ${id}.`,
    content: `<p>Body of <strong>${id}</strong>, with <a href="https://news.example/${id}">a link</a>.</p>`,
    link: `https://news.example/${source}/${id}`,
    source: { key: source, name: source.toUpperCase(), type: 'RSS' },
    lang: 'en',
    tags: ['BTC', 'markets'],
    topics: ['BTC'],
    category: 'BTC',
    sentiment: { label: 'NEGATIVE', score: -0.42, from: 'text' },
    ...overrides,
  });
}

/** A store that counts the items it is asked for: the archive must read only what changed. */
function counting(store: ItemStore): { store: ItemStore; loaded: () => number } {
  let loaded = 0;
  const counted = new Proxy(store, {
    get(target, name, receiver) {
      if (name === 'loadStoredItems') {
        return (keys: string[], onInvalid?: never) => {
          loaded += keys.length;
          return target.loadStoredItems(keys, onInvalid);
        };
      }
      const value: unknown = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: counted, loaded: () => loaded };
}

describe.each(availableBackends())('the archiver on $name', (backend) => {
  let root: string;
  let dir: string;
  let store: ItemStore;
  let loaded: () => number;
  let now: number;

  /** An archiver of the store into `dir`, with this archive config (dir set). */
  function archiver(archive: Record<string, unknown> = {}, outputs: unknown[] = []): Archiver {
    const sources = ['a', 'b', 'c'].map((key) => ({ key, name: key, url: `https://news.example/${key}.xml` }));
    const config = parseConfig(join(root, 'feeds.json'), JSON.stringify({ output: { title: 'All', id: 'urn:test:all' }, sources, outputs, archive: { dir, ...archive } }));
    return new Archiver({ store, settings: archiveSettingsOf(config)!, logger: silent, now: () => now });
  }

  async function commit(source: string, items: Item[], at = T0): Promise<void> {
    await store.commit(source, items, initialFetchState(source, `https://news.example/${source}.xml`), at);
  }

  beforeAll(() => backend.setUp());
  afterAll(() => backend.tearDown());
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'tributary-archive-'));
    dir = join(root, 'archive');
    ({ store, loaded } = counting(await openItemStore(await backend.freshUri(), { retentionDays: 30, seenRetentionDays: 365 })));
    now = Date.now();
  });
  afterEach(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  it("writes one file per stored item, in the seeds' schema, read alike by gray-matter and yaml", async () => {
    await commit('coindesk', [item('coindesk', '55880200'), item('coindesk', '2', { coverImage: { url: 'https://img.example/a.png' }, author: 'Jane' })]);
    await commit('decrypt', [item('decrypt', 'x', { lang: undefined, category: undefined, sentiment: undefined, topics: undefined })]);
    const result = await archiver().sync();
    expect(result).toEqual({ written: 3, deleted: 0, items: 3, readAll: true });
    const files = archiveFiles(dir);
    expect(files).toHaveLength(3);
    for (const file of files) expectSeedSchema(readArchiveFile(join(dir, file)).data, file);
    const path = files.find((file) => file.includes('55880200')) ?? files.find((file) => readArchiveFile(join(dir, file)).data['externalId'] === '55880200');
    expect(path).toMatch(/^2025\/12\/2025-12-16-coreweave-story-55880200-what-it-means-[0-9a-f]{8}\.md$/);
  });

  it("writes an item's event and story ids after its own keys once the story pass has assigned them, and none before", async () => {
    await commit('a', [item('a', '1'), item('a', '2')]);
    const keys: string[] = [];
    for await (const page of store.itemKeys()) keys.push(...page);
    const first = keys.find((key) => key.startsWith('item:a:'))!;
    await store.setStoryIds([{ itemKey: first, eventId: 'ev_0123456789ab', storyId: 'st_0123456789ab' }]);
    await archiver().sync();
    const files = archiveFiles(dir).map((file) => readArchiveFile(join(dir, file)));
    const withIds = files.filter(({ data }) => 'eventId' in data);
    expect(withIds).toHaveLength(1);
    expect(withIds[0]!.data).toMatchObject({ eventId: 'ev_0123456789ab', storyId: 'st_0123456789ab' });
    expect(Object.keys(withIds[0]!.data).slice(-2)).toEqual(['eventId', 'storyId']);
    for (const [n, { data }] of files.entries()) expectSeedSchema(data, `file ${n}`);
  });

  it('writes nothing, and reads no item, when nothing changed since its last run', async () => {
    await commit('a', [item('a', '1'), item('a', '2')]);
    await archiver().sync();
    const before = mtimes(dir);
    const readBefore = loaded();
    // A new archiver, as a new `tributary poll` has: it does not even open the index.
    expect(await archiver().sync()).toEqual({ written: 0, deleted: 0, items: 2, readAll: false });
    await commit('a', [item('a', '1'), item('a', '2')], new Date(T0.getTime() + 60_000));
    expect(await archiver().sync()).toEqual({ written: 0, deleted: 0, items: 2, readAll: false });
    expect(mtimes(dir)).toEqual(before);
    expect(loaded()).toBe(readBefore);
  });

  it('reads only the items that changed, and rewrites an updated one in place, its path kept though its title changed', async () => {
    await commit('a', [item('a', '1'), item('a', '2'), item('a', '3')]);
    const archive = archiver();
    await archive.sync();
    const [first] = archiveFiles(dir).filter((file) => readArchiveFile(join(dir, file)).data['externalId'] === '2');
    const untouched = mtimes(dir);
    const readBefore = loaded();
    await commit('a', [item('a', '2', { title: 'A corrected title' })], new Date(T0.getTime() + DAY));
    expect(await archive.sync()).toEqual({ written: 1, deleted: 0, items: 3, readAll: false });
    expect(loaded() - readBefore).toBe(1);
    expect(archiveFiles(dir)).toContain(first);
    expect(readArchiveFile(join(dir, first!)).data['title']).toBe('A corrected title');
    const after = mtimes(dir);
    const changed = [...after].filter(([file, mtime]) => untouched.get(file) !== mtime).map(([file]) => file);
    expect(changed.sort()).toEqual([INDEX_FILE, first].sort());
  });

  it('writes an article echoed by two sources twice, one file each', async () => {
    const shared = { link: 'https://news.example/the-article', title: 'The article' };
    await commit('a', [item('a', '1', shared)]);
    await commit('b', [item('b', '1', shared)]);
    await archiver().sync();
    expect(archiveFiles(dir).map((file) => readArchiveFile(join(dir, file)).data['source'])).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'a' }), expect.objectContaining({ key: 'b' })]),
    );
    expect(archiveFiles(dir)).toHaveLength(2);
  });

  it("never writes over a file that names another item, nor over one that is not the archive's: the item takes another name", async () => {
    const layout = '{yyyy}/{slug}.md';
    await commit('a', [item('a', '1', { title: 'Same title' })]);
    await mkdir(join(dir, '2025'), { recursive: true });
    await writeFile(join(dir, '2025', 'same-title-2.md'), 'A note of the site, no front matter.\n');
    await archiver({ layout }).sync();
    await commit('b', [item('b', '1', { title: 'Same title' })]);
    await commit('c', [item('c', '1', { title: 'Same title' })]);
    await archiver({ layout }).sync();
    expect(archiveFiles(dir)).toEqual(['2025/same-title-2.md', '2025/same-title-3.md', '2025/same-title-4.md', '2025/same-title.md']);
    expect(await readFile(join(dir, '2025', 'same-title-2.md'), 'utf8')).toBe('A note of the site, no front matter.\n');
    const sources = Object.fromEntries(['same-title', 'same-title-3', 'same-title-4'].map((name) => [name, (readArchiveFile(join(dir, '2025', `${name}.md`)).data['source'] as { key: string }).key]));
    expect(sources['same-title']).toBe('a');
    expect([sources['same-title-3'], sources['same-title-4']].sort()).toEqual(['b', 'c']);
  });

  it('archives only what its filter and its output take', async () => {
    await commit('a', [item('a', '1', { tags: ['ETF'] }), item('a', '2', { lang: 'fr' })]);
    await commit('b', [item('b', '1', { tags: ['ETF'] })]);
    await archiver({ filter: { sources: ['a'] }, output: 'etf' }, [{ name: 'etf', title: 'ETF', filter: { tags: ['etf'] } }]).sync();
    expect(archiveFiles(dir).map((file) => readArchiveFile(join(dir, file)).data['externalId'])).toEqual(['1']);
  });

  it('writes every file again when its settings change', async () => {
    await commit('a', [item('a', '1'), item('a', '2')]);
    await archiver().sync();
    expect(await archiver({ upperCaseTags: false, draft: true }).sync()).toEqual({ written: 2, deleted: 0, items: 2, readAll: true });
    for (const file of archiveFiles(dir)) expect(readArchiveFile(join(dir, file)).data).toMatchObject({ tags: ['BTC', 'markets'], draft: true });
  });

  it('keeps the files of expired items by default, and deletes them with onExpiry "delete"', async () => {
    const retentionMs = 300;
    await store.close();
    ({ store, loaded } = counting(await openItemStore(await backend.freshUri(), { retentionDays: retentionMs / DAY, seenRetentionDays: 365 })));
    await commit('a', [item('a', '1'), item('a', '2')]);
    await archiver().sync();
    await new Promise((resolve) => setTimeout(resolve, retentionMs + 100));
    now = Date.now();
    expect(await archiver().sync()).toEqual({ written: 0, deleted: 0, items: 2, readAll: false });
    expect(archiveFiles(dir)).toHaveLength(2);
    // A file that no longer names its item is not the archive's to delete.
    const [kept] = archiveFiles(dir);
    await writeFile(join(dir, kept!), 'Edited by hand.\n');
    expect(await archiver({ onExpiry: 'delete' }).sync()).toEqual({ written: 0, deleted: 1, items: 0, readAll: false });
    expect(archiveFiles(dir)).toEqual([kept]);
  });

  it('rebuilds a lost index from the files in its folder, each item keeping its file', async () => {
    await commit('a', [item('a', '1')]);
    await archiver().sync();
    const [path] = archiveFiles(dir);
    await rm(join(dir, INDEX_FILE));
    await commit('a', [item('a', '1', { title: 'Retitled since' })], new Date(T0.getTime() + DAY));
    expect(await archiver().sync()).toMatchObject({ written: 1, items: 1, readAll: true });
    expect(archiveFiles(dir)).toEqual([path]);
    expect(readArchiveFile(join(dir, path!)).data['title']).toBe('Retitled since');
  });

  it('reads every item again for a store it has not followed (another store, or a change log trimmed past it)', async () => {
    await commit('a', [item('a', '1')]);
    await archiver().sync();
    await store.close();
    ({ store, loaded } = counting(await openItemStore(await backend.freshUri(), { retentionDays: 30, seenRetentionDays: 365 })));
    await commit('a', [item('a', '1'), item('a', '2')]);
    expect(await archiver().sync()).toEqual({ written: 1, deleted: 0, items: 2, readAll: true });
  });

  it('stops when its signal is aborted, and its next run goes on from there', async () => {
    await commit('a', [item('a', '1')]);
    const stopping = new AbortController();
    stopping.abort(new Error('stopping'));
    await expect(archiver().sync(stopping.signal)).rejects.toThrow('stopping');
    expect(existsSync(dir)).toBe(false);
    expect(await archiver().sync()).toEqual({ written: 1, deleted: 0, items: 1, readAll: true });
  });

  it('reads the store once a run, even when its change log keeps losing track (a store replaced meanwhile), and again the next run', async () => {
    await commit('a', [item('a', '1')]);
    const lost = new Proxy(store, {
      get(target, name, receiver) {
        if (name === 'changesSince') return async () => ({ keys: [], cursor: 'another-log:1', complete: false });
        const value: unknown = Reflect.get(target, name, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const settings = archiveSettingsOf(parseConfig(join(root, 'feeds.json'), JSON.stringify({ output: { title: 'All', id: 'urn:test:all' }, sources: [], archive: { dir } })))!;
    expect(await new Archiver({ store: lost, settings, logger: silent }).sync()).toEqual({ written: 1, deleted: 0, items: 1, readAll: true });
    expect(JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8')).cursor).toBeNull();
    expect(await archiver().sync()).toEqual({ written: 0, deleted: 0, items: 1, readAll: true });
  });

  it('refuses an index it cannot read, and writes nothing', async () => {
    await commit('a', [item('a', '1')]);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, INDEX_FILE), '{"format": 99}');
    const failed = archiver().sync();
    await expect(failed).rejects.toThrow(ArchiveError);
    await expect(failed).rejects.toMatchObject({ code: 'ARCHIVE_INDEX_INVALID' });
    expect(archiveFiles(dir)).toEqual([]);
  });

  it('refuses an index whose entry points outside its folder, and writes nothing there', async () => {
    await commit('a', [item('a', '1')]);
    await archiver().sync();
    // The index sits in the site's content folder: edited by hand, or merged badly, to point above it.
    const index = JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8')) as { items: Array<{ path: string }> };
    // One level up: still inside this test's own temporary folder.
    index.items[0]!.path = '../outside.md';
    await writeFile(join(dir, INDEX_FILE), JSON.stringify(index));
    await commit('a', [item('a', '1', { title: 'CoreWeave story 1, updated' })], new Date(T0.getTime() + DAY));
    await expect(archiver().sync()).rejects.toMatchObject({ code: 'ARCHIVE_INDEX_INVALID', message: expect.stringContaining('outside.md') });
    expect(existsSync(join(root, 'outside.md'))).toBe(false);
  });

  it('reports a folder it cannot write to', async () => {
    await commit('a', [item('a', '1')]);
    // A file where the folder should be: refused to root too.
    await writeFile(dir, 'not a folder');
    await expect(archiver().sync()).rejects.toMatchObject({ name: 'ArchiveError', code: 'ARCHIVE_WRITE_FAILED', message: expect.stringMatching(/^archive: could not \w+: ENOTDIR/) });
  });
});

// Registered only where it fails: a run that has redis-server reports no skipped test.
if (redisMissingInCi()) {
  describe('the archiver backends', () => {
    it('cannot run without redis-server in CI', () => {
      throw new Error(REDIS_MISSING);
    });
  });
}
