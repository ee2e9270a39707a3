import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import type { Item } from '../../src/model/item.js';
import { STORY_REGISTRY_META, STORY_REGISTRY_REVISION_META, type StoryMember } from '../../src/model/story-registry.js';
import { entryId } from '../../src/publisher/entry-id.js';
import { Publisher } from '../../src/publisher/publisher.js';
import { resolveOutputs } from '../../src/publisher/resolve-outputs.js';
import { loadItemStories, MAX_RELATED_LINKS, readStoryRegistry } from '../../src/publisher/story-context.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { eventIdOf, storyIdOf } from '../../src/stories/index.js';
import { StoryPass } from '../../src/stories/story-pass.js';
import { atomEntries } from '../helpers/feed-xml.js';
import { BACKGROUND, commitItems, DTCC_BLOCK, DTCC_DECRYPT, JUVENTUS, keyOfItem, storyItem } from '../helpers/story-items.js';

const silent = pino({ level: 'silent' });
const ITEMS = [...BACKGROUND, DTCC_DECRYPT, DTCC_BLOCK, JUVENTUS];
const config = parseConfig(
  'feeds.json',
  JSON.stringify({
    output: { title: 'All', id: 'urn:tributary:all', maxItems: 100 },
    sources: ['wire', 'decrypt', 'theblock', 'coindesk'].map((key) => ({ key, name: key, url: `https://${key}.example/feed.xml` })),
  }),
);

interface JsonItem {
  id: string;
  _tributary?: { event?: unknown; story?: unknown };
}

describe('events and stories in the outputs', () => {
  let dir: string;
  let store: ItemStore;

  const publisher = (stories?: boolean) =>
    new Publisher({ store, outputs: resolveOutputs(config), dir: join(dir, 'feeds'), sources: config.sources, logger: silent, ...(stories === undefined ? {} : { stories }) });
  const jsonItem = async (item: Item) => {
    const feed = JSON.parse(await readFile(join(dir, 'feeds', 'all.json'), 'utf8')) as { items: JsonItem[] };
    return feed.items.find((entry) => entry.id === entryId(item.source.key, item.externalId))!;
  };
  const atomText = () => readFile(join(dir, 'feeds', 'all.atom'), 'utf8');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-story-outputs-'));
    store = await openItemStore(`sqlite://${join(dir, 'store.db')}`, { retentionDays: 3650, seenRetentionDays: 3650 });
    await commitItems(store, ITEMS);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives each JSON Feed item its event and story, with how many items and sources each has', async () => {
    await new StoryPass({ store, logger: silent }).run();
    await publisher().publish();
    const shared = { items: 2, sources: 2 };
    expect((await jsonItem(DTCC_BLOCK))._tributary).toEqual({ event: { id: eventIdOf(DTCC_DECRYPT), ...shared }, story: { id: storyIdOf(DTCC_DECRYPT), ...shared } });
    expect((await jsonItem(JUVENTUS))._tributary).toEqual({ event: { id: eventIdOf(JUVENTUS), items: 1, sources: 1 }, story: { id: storyIdOf(JUVENTUS), items: 1, sources: 1 } });
  });

  it('renders from the registry the pass in this process holds, when given one, not the one saved', async () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    const pass = new StoryPass({ store, logger: silent, now: () => now, saveEveryMs: 60_000 });
    await pass.run();
    await commitItems(store, [{ ...DTCC_BLOCK, externalId: 'dtcc-block-2', link: 'https://theblock.example/dtcc-2' }]);
    await pass.run();
    // Saved: two items in the event; held: three.
    expect((await readStoryRegistry(store))!.events.find((entry) => entry.id === eventIdOf(DTCC_DECRYPT))).toMatchObject({ items: 2 });
    await publisher().publish();
    expect((await jsonItem(DTCC_BLOCK))._tributary?.event).toEqual({ id: eventIdOf(DTCC_DECRYPT), items: 2, sources: 2 });
    await publisher().publish({ registry: pass.registry() });
    expect((await jsonItem(DTCC_BLOCK))._tributary?.event).toEqual({ id: eventIdOf(DTCC_DECRYPT), items: 3, sources: 2 });
  });

  it('links an Atom entry of an event spanning sources to the other reports (rel="related"), and no other entry', async () => {
    await new StoryPass({ store, logger: silent }).run();
    await publisher().publish();
    const atom = await atomText();
    const entries = atomEntries(atom);
    const related = (item: Item) => {
      const entry = atom.split('<entry').find((text) => text.includes(`<id>${entryId(item.source.key, item.externalId)}</id>`))!;
      return [...entry.matchAll(/<link rel="related" href="([^"]*)"\/>/g)].map((match) => match[1]);
    };
    expect(entries).toHaveLength(ITEMS.length);
    expect(related(DTCC_DECRYPT)).toEqual([DTCC_BLOCK.link]);
    expect(related(DTCC_BLOCK)).toEqual([DTCC_DECRYPT.link]);
    expect(related(JUVENTUS)).toEqual([]);
    expect(atom.match(/rel="related"/g)).toHaveLength(2);
  });

  it('never links an entry to its own article carried by another feed under tracking parameters (rel="related")', async () => {
    // The main feed's copy with feedburner's tags; the echo of the other is not published.
    const tagged = { ...storyItem('coindesk', 'd1-main', 1, DTCC_DECRYPT.title, DTCC_DECRYPT.description), link: `${DTCC_DECRYPT.link}?utm_source=feedburner&utm_medium=feed` };
    await commitItems(store, [tagged]);
    await new StoryPass({ store, logger: silent }).run();
    await publisher().publish();
    const atom = await atomText();
    const copies = atom.split('<entry').filter((text) => [entryId('decrypt', 'd1'), entryId('coindesk', 'd1-main')].some((id) => text.includes(`<id>${id}</id>`)));
    expect(copies).toHaveLength(1);
    const related = [...copies[0]!.matchAll(/<link rel="related" href="([^"]*)"\/>/g)].map((match) => match[1]);
    expect(related).toEqual([DTCC_BLOCK.link]);
  });

  it('publishes again when the pass has run since, though no commit came (the registry is part of the stamp)', async () => {
    expect((await publisher().publish())[0]!.written).not.toEqual([]);
    expect((await jsonItem(DTCC_BLOCK))._tributary).toBeUndefined();
    await new StoryPass({ store, logger: silent }).run();
    expect((await publisher().publish())[0]!.written).not.toEqual([]);
    expect((await jsonItem(DTCC_BLOCK))._tributary?.event).toMatchObject({ id: eventIdOf(DTCC_DECRYPT) });
    expect((await publisher().publish())[0]!.written).toEqual([]);
  });

  it("reads only the registry's revision, never the registry, for a publish with nothing new", async () => {
    await new StoryPass({ store, logger: silent }).run();
    await publisher().publish();
    const read: string[] = [];
    const counting = new Proxy(store, {
      get(target, name, receiver) {
        if (name !== 'getMeta') return Reflect.get(target, name, receiver);
        return (key: string) => {
          read.push(key);
          return target.getMeta(key);
        };
      },
    });
    const again = new Publisher({ store: counting, outputs: resolveOutputs(config), dir: join(dir, 'feeds'), sources: config.sources, logger: silent });
    expect((await again.publish())[0]!.written).toEqual([]);
    expect(read).toContain(STORY_REGISTRY_REVISION_META);
    expect(read).not.toContain(STORY_REGISTRY_META);
  });

  it('shows nothing of stories when they are turned off', async () => {
    await new StoryPass({ store, logger: silent }).run();
    await publisher(false).publish();
    expect((await jsonItem(DTCC_BLOCK))._tributary).toBeUndefined();
    expect(await atomText()).not.toContain('rel="related"');
  });

  it('gives at most ten related links, each once, never the item’s own, escaped as XML', async () => {
    const key = keyOfItem(DTCC_DECRYPT);
    const member = (n: number, link: string): StoryMember => ({ key: `item:m${n}:x`, source: `m${n}`, title: `t${n}`, link, publishedAt: DTCC_DECRYPT.publishedAt });
    const members = [
      { key, source: 'decrypt', title: 'own', link: DTCC_DECRYPT.link!, publishedAt: DTCC_DECRYPT.publishedAt },
      member(0, DTCC_DECRYPT.link!),
      member(1, 'https://a.example/?x=1&y=2'),
      member(2, 'https://a.example/?x=1&y=2'),
      member(3, 'not a link'),
      ...Array.from({ length: 12 }, (_, i) => member(10 + i, `https://m${i}.example/`)),
    ];
    const entry = { id: 'ev_x', items: members.length, sources: members.map((m) => m.source), firstAt: DTCC_DECRYPT.publishedAt, lastAt: DTCC_DECRYPT.publishedAt, members };
    await store.setMeta(STORY_REGISTRY_META, { version: 1, revision: 'r', streamTime: 0, events: [entry], stories: [] });
    await store.setStoryIds([{ itemKey: key, eventId: 'ev_x', storyId: 'st_y' }]);
    const stories = await loadItemStories(store, [DTCC_DECRYPT], await readStoryRegistry(store));
    const related = stories.get(entryId('decrypt', 'd1'))!.related;
    expect(related).toHaveLength(MAX_RELATED_LINKS);
    expect(related.slice(0, 2)).toEqual(['https://a.example/?x=1&y=2', 'https://m0.example/']);
    expect(stories.get(entryId('decrypt', 'd1'))!.story).toEqual({ id: 'st_y' });

    await publisher().publish();
    expect(await atomText()).toContain('<link rel="related" href="https://a.example/?x=1&amp;y=2"/>');
  });

  it('compares related links as articles: one article under tracking parameters, http or https, or a trailing slash is linked once, and never when it is the item’s own', async () => {
    const key = keyOfItem(DTCC_DECRYPT);
    const member = (n: number, link: string): StoryMember => ({ key: `item:m${n}:x`, source: `m${n}`, title: `t${n}`, link, publishedAt: DTCC_DECRYPT.publishedAt });
    const members = [
      member(0, `${DTCC_DECRYPT.link}/?utm_source=rss&utm_medium=feed`),
      member(1, DTCC_DECRYPT.link!.replace('https:', 'http:')),
      member(2, 'http://b.example/story/?utm_campaign=x'),
      member(3, 'https://b.example/story'),
      member(4, 'https://c.example/other?ref=rss'),
    ];
    const entry = { id: 'ev_x', items: members.length, sources: members.map((m) => m.source), firstAt: DTCC_DECRYPT.publishedAt, lastAt: DTCC_DECRYPT.publishedAt, members };
    await store.setMeta(STORY_REGISTRY_META, { version: 1, revision: 'r', streamTime: 0, events: [entry], stories: [] });
    await store.setStoryIds([{ itemKey: key, eventId: 'ev_x', storyId: 'st_y' }]);
    const stories = await loadItemStories(store, [DTCC_DECRYPT], await readStoryRegistry(store));
    expect(stories.get(entryId('decrypt', 'd1'))!.related).toEqual(['http://b.example/story/?utm_campaign=x', 'https://c.example/other?ref=rss']);
  });

  it('leaves items the pass has not reached without ids', async () => {
    await new StoryPass({ store, logger: silent }).run();
    await commitItems(store, [storyItem('coindesk', 'late', 4, 'Something else entirely')]);
    await publisher().publish();
    expect((await jsonItem(storyItem('coindesk', 'late', 4, '')))._tributary).toBeUndefined();
  });
});

describe('a stories output', () => {
  let dir: string;
  let store: ItemStore;
  const storiesConfig = (filter?: Record<string, unknown>) =>
    parseConfig(
      'feeds.json',
      JSON.stringify({
        output: { title: 'All', id: 'urn:tributary:all', maxItems: 100 },
        sources: ['wire', 'decrypt', 'theblock', 'coindesk'].map((key) => ({ key, name: key, url: `https://${key}.example/feed.xml` })),
        outputs: [{ name: 'stories', title: 'Stories', kind: 'stories', maxItems: 3, ...(filter ? { filter } : {}) }],
      }),
    );
  const publish = (filter?: Record<string, unknown>) => {
    const config = storiesConfig(filter);
    return new Publisher({ store, outputs: resolveOutputs(config), dir: join(dir, 'feeds'), sources: config.sources, logger: silent }).publish();
  };
  const entries = async () => (JSON.parse(await readFile(join(dir, 'feeds', 'stories.json'), 'utf8')) as { items: Array<Record<string, unknown>> }).items;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-story-feed-'));
    store = await openItemStore(`sqlite://${join(dir, 'store.db')}`, { retentionDays: 3650, seenRetentionDays: 3650 });
    await commitItems(store, ITEMS);
    await new StoryPass({ store, logger: silent }).run();
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('has one entry per story, latest first: the earliest headline, every report listed, an id from the story id', async () => {
    await publish();
    const items = await entries();
    expect(items).toHaveLength(3);
    expect(items.map((item) => item['title'])).toEqual([JUVENTUS.title, DTCC_DECRYPT.title, BACKGROUND[0]!.title]);
    const dtcc = items[1]!;
    expect(dtcc).toMatchObject({
      id: entryId('tributary-stories', storyIdOf(DTCC_DECRYPT)),
      title: DTCC_DECRYPT.title,
      url: DTCC_DECRYPT.link,
      date_published: DTCC_DECRYPT.publishedAt,
      date_modified: DTCC_BLOCK.publishedAt,
    });
    expect(dtcc['summary']).toBe(
      `2 reports from 2 sources.\ndecrypt, ${DTCC_DECRYPT.publishedAt}: ${DTCC_DECRYPT.title} ${DTCC_DECRYPT.link}\ntheblock, ${DTCC_BLOCK.publishedAt}: ${DTCC_BLOCK.title} ${DTCC_BLOCK.link}`,
    );
    expect(dtcc['content_html']).toContain(`<a href="${DTCC_BLOCK.link}">${DTCC_BLOCK.title}</a>`);
    const atom = await readFile(join(dir, 'feeds', 'stories.atom'), 'utf8');
    expect(atomEntries(atom).map((entry) => entry.title)).toEqual(items.map((item) => item['title']));
    // HTML inside the XML: escaped once more by the writer.
    expect(atom).toMatch(/&lt;a href=(&quot;|")https:\/\/theblock\.example\/b1(&quot;|")&gt;DTCC subsidiary/);
  });

  it('takes the stories one of whose reports its filter takes', async () => {
    await publish({ sources: ['theblock'] });
    expect((await entries()).map((item) => item['id'])).toEqual([entryId('tributary-stories', storyIdOf(DTCC_DECRYPT))]);
  });
});
