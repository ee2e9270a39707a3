import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Item } from '../../src/model/item.js';
import { entryId } from '../../src/publisher/entry-id.js';
import { assertWellFormed, atomEntries, DECODE_REFERENCES } from '../helpers/feed-xml.js';
import { makeItem } from '../helpers/make-item.js';
import { FULL_HEADER, parseJsonFeed, render } from './render-helpers.js';

const parserFor = (arrays: string[]) => new XMLParser({ ...DECODE_REFERENCES, ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => arrays.includes(name) });
const atomParser = parserFor(['entry', 'link', 'category']);
const rssParser = parserFor(['item', 'category']);
type Node = Record<string, unknown>;
const atomDocument = (xml: string) => (atomParser.parse(xml) as { feed: Node & { entry: Node[] } }).feed;
const rssChannel = (xml: string) => (rssParser.parse(xml) as { rss: { channel: Node & { item: Node[] } } }).rss.channel;

const richItem = (overrides: Partial<Item> = {}) =>
  makeItem({
    author: 'Jane Roe',
    content: '<p>Body</p>',
    category: 'crypto',
    tags: ['bitcoin', 'crypto'],
    enclosures: [{ url: 'https://cdn.example/a.mp3', type: 'audio/mpeg', length: 1234 }],
    coverImage: { url: 'https://cdn.example/a.png', width: 640, height: 480 },
    lang: 'en',
    ...overrides,
  });

describe('rendering an output in three formats', () => {
  it('keeps a plain-text title with markup characters as text, in every format', () => {
    const { atom, rss, json } = render([makeItem({ title: 'Why <script> & "x" > y' })]);
    expect(atomEntries(atom)[0]!.title).toBe('Why <script> & "x" > y');
    expect(rssChannel(rss).item[0]!.title).toBe('Why <script> & "x" > y');
    expect(rss).not.toContain('<script>');
    expect(parseJsonFeed(json).items[0]!.title).toBe('Why <script> & "x" > y');
  });

  it('writes RSS plain text with hexadecimal references, as the RSS profile asks, and its HTML with named ones', () => {
    const item = makeItem({ title: 'Fish & <chips> > 1&1', author: 'Smith & Wesson', description: 'A & B <i>', content: '<p>Fish &amp; chips</p>' });
    const { atom, rss } = render([item]);
    expect(rss).toContain('<title>Fish &#x26; &#x3C;chips&#x3E; &#x3E; 1&#x26;1</title>');
    expect(rss).toContain('<dc:creator>Smith &#x26; Wesson</dc:creator>');
    expect(rss).toContain('<description>A &amp;amp; B &amp;lt;i&amp;gt;</description>');
    expect(rss).toContain('<content:encoded>&lt;p&gt;Fish &amp;amp; chips&lt;/p&gt;</content:encoded>');
    expect(rssChannel(rss).item[0]).toMatchObject({ title: 'Fish & <chips> > 1&1', 'dc:creator': 'Smith & Wesson', description: 'A &amp; B &lt;i&gt;' });
    expect(atom).not.toContain('&#x');
  });

  it('stays well-formed when title, summary and content hold several "]]>" sequences', () => {
    const { atom, rss } = render([makeItem({ description: 'a ]]> b ]]> c', content: '<p>x ]]&gt; y ]]> z</p>', title: 't ]]> u ]]>' })]);
    assertWellFormed(atom);
    assertWellFormed(rss);
    expect(atom).not.toContain(']]>');
    expect(rss).not.toContain(']]>');
    expect(atomEntries(atom)[0]!.title).toBe('t ]]> u ]]>');
  });

  it('drops characters XML 1.0 forbids (controls, lone surrogates, U+FFFE) from all three, and keeps emoji', () => {
    const hostile = 'A\u0000B\u0008C\u000BD\u001FE\uFFFEF\uD800G\uDC00H\u0085I\u009FJ 😀';
    const { atom, rss, json } = render([makeItem({ title: hostile, description: hostile, content: `<p>${hostile}</p>`, author: hostile })]);
    const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const document of [atom, rss, json]) expect(document).not.toMatch(forbidden);
    expect(atomEntries(atom)[0]!.title).toBe('ABCDEFGH\u0085IJ 😀');
    expect(parseJsonFeed(json).items[0]!.title).toBe('ABCDEFGH\u0085IJ 😀');
  });

  it('gives each entry a stable urn:uuid id derived from source key and externalId', () => {
    const first = atomEntries(render([makeItem()]).atom)[0]!.id;
    const again = atomEntries(render([makeItem({ title: 'Changed' })]).atom)[0]!.id;
    expect(first).toBe(again);
    expect(first).toBe(entryId('news', 'id-1'));
    expect(first).toBe('urn:uuid:09e179cf-bb85-5765-bb45-fc8d127f3ae5');
    expect(entryId('other', 'id-1')).not.toBe(first);
  });

  it('dates the feed by its newest entry, not the build time, so unchanged items render identical bytes', () => {
    const items = [makeItem({ updatedAt: '2025-12-16T16:00:00.000Z' }), makeItem({ externalId: 'id-2', updatedAt: '2025-12-10T00:00:00.000Z' })];
    const first = render(items);
    expect(atomDocument(first.atom).updated).toBe('2025-12-16T16:00:00.000Z');
    expect(rssChannel(first.rss).lastBuildDate).toBe('Tue, 16 Dec 2025 16:00:00 GMT');
    expect(render(items)).toEqual(first);
  });

  it('writes the feed header: id, title, subtitle, updated, self and alternate links, generator with its version', () => {
    const feed = atomDocument(render([makeItem()], FULL_HEADER).atom);
    expect(feed.id).toBe('urn:tributary:test');
    expect(feed.title).toEqual({ '#text': 'Merged', '@type': 'text' });
    expect(feed.subtitle).toEqual({ '#text': 'Everything, merged', '@type': 'text' });
    expect(feed.link).toEqual([
      { '@rel': 'self', '@type': 'application/atom+xml', '@href': 'https://news.example/feeds/all.atom' },
      { '@rel': 'alternate', '@type': 'text/html', '@href': 'https://news.example/' },
    ]);
    expect(feed.generator).toEqual({ '#text': 'Tributary', '@version': '9.9.9' });
  });

  it('writes every field of an Atom entry, and atom:source with the original feed id, title, links and updated', () => {
    const [entry] = atomDocument(render([richItem()]).atom).entry;
    expect(entry).toMatchObject({
      '@xml:lang': 'en',
      id: entryId('news', 'id-1'),
      title: { '#text': 'A title', '@type': 'text' },
      updated: '2025-12-16T15:34:37.000Z',
      published: '2025-12-16T15:34:37.000Z',
      author: { name: 'Jane Roe' },
      summary: { '#text': 'A summary.', '@type': 'text' },
      content: { '#text': '<p>Body</p>', '@type': 'html' },
      category: [{ '@term': 'crypto' }, { '@term': 'bitcoin' }],
      'media:thumbnail': { '@url': 'https://cdn.example/a.png', '@width': '640', '@height': '480' },
      source: {
        id: 'tag:news.example,2025:feed',
        title: { '#text': 'The News & Views', '@type': 'text' },
        link: [
          { '@rel': 'alternate', '@type': 'text/html', '@href': 'https://news.example/' },
          { '@rel': 'self', '@href': 'https://news.example/feed.xml' },
        ],
        updated: '2025-12-16T15:34:37.000Z',
      },
    });
    expect(entry!.link).toEqual([
      { '@rel': 'alternate', '@type': 'text/html', '@href': 'https://news.example/a' },
      { '@rel': 'enclosure', '@href': 'https://cdn.example/a.mp3', '@type': 'audio/mpeg', '@length': '1234' },
    ]);
  });

  it("builds atom:source from the source's name and configured URL when its document said nothing", () => {
    const [entry] = atomDocument(render([makeItem()], undefined, [{ key: 'news', name: 'News', url: 'https://news.example/rss' }]).atom).entry;
    expect(entry!.source).toEqual({
      id: 'https://news.example/rss',
      title: { '#text': 'News', '@type': 'text' },
      link: [{ '@rel': 'self', '@href': 'https://news.example/rss' }],
      updated: '2025-12-16T15:34:37.000Z',
    });
  });

  it('dates atom:source by the newest entry of that source in the output', () => {
    const items = [makeItem({ updatedAt: '2025-12-01T00:00:00.000Z' }), makeItem({ externalId: 'id-2', updatedAt: '2025-12-05T00:00:00.000Z' })];
    const entries = atomDocument(render(items).atom).entry;
    expect(entries.map((entry) => (entry.source as Node).updated)).toEqual(['2025-12-05T00:00:00.000Z', '2025-12-05T00:00:00.000Z']);
  });

  it('gives an entry with neither link nor HTML content its summary as text content, as RFC 4287 requires', () => {
    const [entry] = atomDocument(render([makeItem({ link: undefined, content: undefined })]).atom).entry;
    expect(entry!.content).toEqual({ '#text': 'A summary.', '@type': 'text' });
    expect(entry!.link).toBeUndefined();
  });

  it("credits the source's name when an item has no author", () => {
    const { atom, rss, json } = render([makeItem({ author: undefined })]);
    expect(atom).toMatch(/<author>\s*<name>News<\/name>/);
    expect(rssChannel(rss).item[0]!['dc:creator']).toBe('News');
    expect(parseJsonFeed(json).items[0]!.authors).toEqual([{ name: 'News' }]);
  });

  it('writes RSS items with dc:creator, categories, one enclosure, pubDate, a source element and an HTML-escaped description', () => {
    const [item] = rssChannel(render([richItem({ description: 'Fish & chips' })]).rss).item;
    expect(item).toMatchObject({
      title: 'A title',
      link: 'https://news.example/a',
      description: 'Fish &amp; chips',
      'content:encoded': '<p>Body</p>',
      'dc:creator': 'Jane Roe',
      category: ['crypto', 'bitcoin'],
      enclosure: { '@url': 'https://cdn.example/a.mp3', '@length': '1234', '@type': 'audio/mpeg' },
      pubDate: 'Tue, 16 Dec 2025 15:34:37 GMT',
      source: { '#text': 'The News & Views', '@url': 'https://news.example/feed.xml' },
    });
  });

  it("gives each RSS item the entry's urn:uuid as its guid, whatever its link, so the guid stays when the link changes", () => {
    const before = makeItem({ externalId: 'http://news.example/a', link: 'http://news.example/a' });
    const items = [before, makeItem({ externalId: 'post-42', link: 'https://news.example/b' })];
    const guids = rssChannel(render(items).rss).item.map((item) => item.guid);
    expect(guids).toEqual([
      { '#text': entryId('news', 'http://news.example/a'), '@isPermaLink': 'false' },
      { '#text': entryId('news', 'post-42'), '@isPermaLink': 'false' },
    ]);
    const moved = rssChannel(render([{ ...before, link: 'https://news.example/a' }]).rss).item.map((item) => item.guid);
    expect(moved).toEqual([guids[0]]);
  });

  it('writes the RSS channel with its required link and description, and an atom:link to itself', () => {
    const channel = rssChannel(render([makeItem()], FULL_HEADER).rss);
    expect(channel).toMatchObject({
      title: 'Merged',
      link: 'https://news.example/',
      description: 'Everything, merged',
      'atom:link': { '@href': 'https://news.example/feeds/all.rss', '@rel': 'self', '@type': 'application/rss+xml' },
      generator: 'Tributary 9.9.9',
    });
  });

  it('writes JSON Feed 1.1 with authors, language, tags, image, attachments and the source as an extension', () => {
    const document = parseJsonFeed(render([richItem()], FULL_HEADER).json);
    expect(document).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', title: 'Merged', home_page_url: 'https://news.example/', feed_url: 'https://news.example/feeds/all.json' });
    expect(document.items[0]).toEqual({
      id: entryId('news', 'id-1'),
      url: 'https://news.example/a',
      title: 'A title',
      content_html: '<p>Body</p>',
      summary: 'A summary.',
      image: 'https://cdn.example/a.png',
      date_published: '2025-12-16T15:34:37.000Z',
      date_modified: '2025-12-16T15:34:37.000Z',
      authors: [{ name: 'Jane Roe' }],
      tags: ['crypto', 'bitcoin'],
      language: 'en',
      attachments: [{ url: 'https://cdn.example/a.mp3', mime_type: 'audio/mpeg', size_in_bytes: 1234 }],
      _source: { key: 'news', name: 'News', title: 'The News & Views', feed_url: 'https://news.example/feed.xml', home_page_url: 'https://news.example/' },
    });
  });

  it('carries the language and sentiment in every format: xml:lang and a sentiment category in Atom, a category with a domain in RSS, language and _tributary in JSON Feed', () => {
    const item = richItem({ lang: 'ja', topics: ['BTC'], tags: ['BTC', 'crypto'], sentiment: { label: 'NEGATIVE', score: -0.42, from: 'text' } });
    const rendered = render([item]);
    const [entry] = atomDocument(rendered.atom).entry;
    expect(entry!['@xml:lang']).toBe('ja');
    expect(entry!.category).toContainEqual({ '@term': 'NEGATIVE', '@scheme': 'https://tributary.dev/ns/sentiment', '@label': 'negative (-0.42)' });
    const [rssEntry] = rssChannel(rendered.rss).item;
    expect(rssEntry!.category).toContainEqual({ '#text': 'NEGATIVE', '@domain': 'https://tributary.dev/ns/sentiment' });
    const [jsonItem] = parseJsonFeed(rendered.json).items;
    expect(jsonItem).toMatchObject({ language: 'ja', _tributary: { sentiment: { label: 'NEGATIVE', score: -0.42 }, topics: ['BTC'] } });
  });

  it('writes no sentiment category and no _tributary object for an item without enrichment', () => {
    const rendered = render([richItem()]);
    expect(rendered.atom).not.toContain('tributary.dev/ns/sentiment');
    expect(rendered.rss).not.toContain('tributary.dev/ns/sentiment');
    expect(parseJsonFeed(rendered.json).items[0]).not.toHaveProperty('_tributary');
  });

  it('gives a JSON Feed item without a body its summary as content_text', () => {
    const [item] = parseJsonFeed(render([makeItem({ content: undefined })]).json).items;
    expect(item).toMatchObject({ content_text: 'A summary.' });
    expect(item).not.toHaveProperty('content_html');
  });

  it('skips an invalid item in all three formats, reports it, and renders the others', () => {
    const items = [makeItem({ externalId: 'good-1' }), makeItem({ externalId: 'bad', publishedAt: 'yesterday' }), makeItem({ externalId: 'good-2' })];
    const { atom, rss, json, items: count, skipped } = render(items);
    expect(count).toBe(2);
    expect(skipped).toEqual([{ sourceKey: 'news', externalId: 'bad', reason: expect.stringMatching(/^publishedAt: /) }]);
    const ids = [entryId('news', 'good-1'), entryId('news', 'good-2')];
    expect(atomEntries(atom).map((entry) => entry.id)).toEqual(ids);
    expect(rssChannel(rss).item.map((item) => (item.guid as Node)['#text'])).toEqual(ids);
    expect(parseJsonFeed(json).items.map((item) => item.id)).toEqual(ids);
  });

  it('skips an item that makes rendering throw instead of losing the whole output', () => {
    const explosive = makeItem({ externalId: 'boom' });
    Object.defineProperty(explosive, 'title', {
      enumerable: true,
      get: () => {
        throw new Error('corrupt record');
      },
    });
    const { atom, skipped } = render([explosive, makeItem({ externalId: 'fine' })]);
    expect(skipped).toEqual([{ sourceKey: 'news', externalId: 'boom', reason: 'corrupt record' }]);
    expect(atomEntries(atom).map((entry) => entry.id)).toEqual([entryId('news', 'fine')]);
  });

  it('renders an empty output as valid documents dated at the epoch, so they stay byte-identical', () => {
    const { atom, rss, json } = render([]);
    expect(atomDocument(atom).updated).toBe('1970-01-01T00:00:00.000Z');
    expect(rssChannel(rss).item).toBeUndefined();
    expect(parseJsonFeed(json).items).toEqual([]);
  });
});
