import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { initialFetchState } from '../../src/model/fetch-state.js';
import type { Item } from '../../src/model/item.js';
import { entryId } from '../../src/publisher/entry-id.js';
import { Publisher } from '../../src/publisher/publisher.js';
import { resolveOutputs } from '../../src/publisher/resolve-outputs.js';
import type { ItemStore, SourceFeed } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { openKeyv } from '../../src/store/open-keyv.js';
import { atomEntries } from '../helpers/feed-xml.js';
import { captureLog, type CapturedLog } from '../helpers/log-capture.js';
import { makeItem } from '../helpers/make-item.js';

const NOW = new Date('2025-12-17T00:00:00.000Z');

const config = parseConfig(
  'feeds.json',
  JSON.stringify({
    output: { title: 'All', id: 'urn:tributary:all', selfUrl: 'https://news.example/feeds/all.atom', maxItems: 10 },
    sources: [
      { key: 'coindesk', name: 'CoinDesk', url: 'https://coindesk.example/rss', category: 'crypto' },
      { key: 'wire', name: 'Wire', url: 'https://wire.example/rss', category: 'crypto' },
      { key: 'lab', name: 'Lab', url: 'https://lab.example/atom', category: 'ai' },
    ],
    outputs: [
      { name: 'crypto', title: 'Crypto', filter: { categories: ['crypto'] } },
      { name: 'ai', title: 'AI', maxItems: 1, filter: { categories: ['ai'] } },
    ],
  }),
);

function story(source: string, id: string, hour: number, overrides: Partial<Item> = {}): Item {
  const date = new Date(Date.UTC(2025, 11, 16, hour)).toISOString();
  const category = source === 'lab' ? 'ai' : 'crypto';
  return makeItem({
    externalId: id,
    title: `${source} ${id}`,
    link: `https://${source}.example/${id}`,
    publishedAt: date,
    updatedAt: date,
    category,
    source: { key: source, name: source, type: 'RSS' },
    ...overrides,
  });
}

describe('the publisher', () => {
  let dir: string;
  let storeUri: string;
  let store: ItemStore;
  let log: CapturedLog;
  let publisher: Publisher;

  const commit = (source: string, items: Item[], sourceFeed?: SourceFeed) => store.commit(source, items, initialFetchState(source, `https://${source}.example/rss`), NOW, { sourceFeed });
  const titlesIn = async (file: string) => atomEntries(await readFile(join(dir, 'feeds', file), 'utf8')).map((entry) => entry.title);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-publisher-'));
    storeUri = `sqlite://${join(dir, 'store.db')}`;
    store = await openItemStore(storeUri, { retentionDays: 30, seenRetentionDays: 365 });
    log = captureLog();
    publisher = new Publisher({ store, outputs: resolveOutputs(config), dir: join(dir, 'feeds'), sources: config.sources, logger: log.logger, generator: { name: 'Tributary', version: 'test' } });
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every output in three formats, each with the items its filter takes', async () => {
    await commit('coindesk', [story('coindesk', 'c1', 10), story('coindesk', 'c2', 12)]);
    await commit('lab', [story('lab', 'l1', 9), story('lab', 'l2', 11)]);

    const results = await publisher.publish();

    expect(results.map(({ name, items, skipped }) => ({ name, items, skipped }))).toEqual([
      { name: 'all', items: 4, skipped: 0 },
      { name: 'crypto', items: 2, skipped: 0 },
      { name: 'ai', items: 1, skipped: 0 },
    ]);
    for (const result of results) {
      expect(result.written.map((file) => file.slice(dir.length + 1)).sort()).toEqual(['atom', 'json', 'rss'].map((extension) => join('feeds', `${result.name}.${extension}`)));
    }
    expect(await titlesIn('all.atom')).toEqual(['coindesk c2', 'lab l2', 'coindesk c1', 'lab l1']);
    expect(await titlesIn('crypto.atom')).toEqual(['coindesk c2', 'coindesk c1']);
    expect(await titlesIn('ai.atom')).toEqual(['lab l2']);
    const json = JSON.parse(await readFile(join(dir, 'feeds', 'crypto.json'), 'utf8')) as { feed_url: string; title: string };
    expect(json).toMatchObject({ title: 'Crypto', feed_url: 'https://news.example/feeds/crypto.json' });
  });

  it('rewrites only the files whose bytes changed', async () => {
    await commit('coindesk', [story('coindesk', 'c1', 10)]);
    await commit('lab', [story('lab', 'l1', 9)]);
    await publisher.publish();

    expect((await publisher.publish()).flatMap((result) => result.written)).toEqual([]);

    await commit('coindesk', [story('coindesk', 'c2', 12)]);
    const written = (await publisher.publish()).map((result) => [result.name, result.written.length]);
    expect(written).toEqual([
      ['all', 3],
      ['crypto', 3],
      ['ai', 0],
    ]);
  });

  it('writes a file deleted or edited on disk again at the next publish that renders, while other outputs change', async () => {
    await commit('coindesk', [story('coindesk', 'c1', 10)]);
    await commit('lab', [story('lab', 'l1', 9)]);
    await publisher.publish();
    const ai = join(dir, 'feeds', 'ai.atom');
    const published = await readFile(ai, 'utf8');
    await rm(ai);
    await writeFile(join(dir, 'feeds', 'ai.json'), '{}');

    // News for another output: the publish renders, and the ai files' bytes are as last written.
    await commit('coindesk', [story('coindesk', 'c2', 12)]);
    const written = (await publisher.publish()).map((result) => [result.name, result.written.map((file) => file.slice(dir.length + 1)).sort()]);

    expect(written).toContainEqual(['ai', [join('feeds', 'ai.atom'), join('feeds', 'ai.json')]]);
    expect(await readFile(ai, 'utf8')).toBe(published);
    expect(JSON.parse(await readFile(join(dir, 'feeds', 'ai.json'), 'utf8'))).toMatchObject({ title: 'AI' });
  });

  it('shows a story carried by two sources once, from the source that published it first', async () => {
    await commit('wire', [story('wire', 'w1', 12, { link: 'https://news.example/story?utm_source=wire' })]);
    await commit('coindesk', [story('coindesk', 'c1', 8, { link: 'https://news.example/story' }), story('coindesk', 'c2', 10)]);

    await publisher.publish();

    expect(await titlesIn('all.atom')).toEqual(['coindesk c2', 'coindesk c1']);
    expect(await titlesIn('crypto.atom')).toEqual(['coindesk c2', 'coindesk c1']);
  });

  it("credits each entry's source with what the last commit said about the source's document", async () => {
    await commit('coindesk', [story('coindesk', 'c1', 10)], { title: 'CoinDesk: Latest', link: 'https://coindesk.example/', id: 'https://coindesk.example/rss' });

    await publisher.publish();

    const atom = await readFile(join(dir, 'feeds', 'all.atom'), 'utf8');
    expect(atom).toContain(
      [
        '    <source>',
        '      <id>https://coindesk.example/rss</id>',
        '      <title type="text">CoinDesk: Latest</title>',
        '      <link rel="alternate" type="text/html" href="https://coindesk.example/"/>',
        '      <link rel="self" href="https://coindesk.example/rss"/>',
        '      <updated>2025-12-16T10:00:00.000Z</updated>',
        '    </source>',
      ].join('\n'),
    );
  });

  it('skips and logs a stored item that no longer fits the model, and publishes the others', async () => {
    await commit('coindesk', [story('coindesk', 'c1', 10), story('coindesk', 'c2', 12)]);
    const raw = await openKeyv(storeUri, { namespace: 'tributary' });
    let newestKey = '';
    for await (const page of store.indexPages(1)) {
      newestKey = page[0]!.key;
      break;
    }
    await raw.set(newestKey, { ...(await raw.get<Record<string, unknown>>(newestKey)), publishedAt: 'not a date' });
    await raw.disconnect();

    const [all] = await publisher.publish();

    expect(all!.items).toBe(1);
    expect(atomEntries(await readFile(join(dir, 'feeds', 'all.atom'), 'utf8')).map((entry) => entry.id)).toEqual([entryId('coindesk', 'c1')]);
    const skipped = log.lines().find((line) => line.msg === 'skipped an invalid stored item');
    expect(skipped).toMatchObject({ level: 50, item_key: newestKey, problem: expect.stringMatching(/^publishedAt: /) });
  });
});
