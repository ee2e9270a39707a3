import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { entryId } from '../../src/publisher/entry-id.js';
import { renderFeeds } from '../../src/publisher/render-feeds.js';
import { assertWellFormed, atomEntries } from '../helpers/feed-xml.js';
import { makeItem } from '../helpers/make-item.js';

const { output } = parseConfig('test', JSON.stringify({ output: { title: 'Merged', id: 'urn:tributary:test' }, sources: [] }));
const render = (items: Parameters<typeof renderFeeds>[0]) => renderFeeds(items, { output, generator: 'Tributary test' });

describe('rendering the merged feeds', () => {
  it('keeps a plain-text title with markup characters as text, in every format', () => {
    const { atom, rss, json } = render([makeItem({ title: 'Why <script> & "x" > y' })]);
    expect(atomEntries(atom)[0]!.title).toBe('Why <script> & "x" > y');
    assertWellFormed(rss);
    expect(rss).not.toContain('<script>');
    expect((JSON.parse(json) as { items: Array<{ title: string }> }).items[0]!.title).toBe('Why <script> & "x" > y');
  });

  it('stays well-formed when content holds several "]]>" sequences (the feed package escapes only the first)', () => {
    const { atom, rss } = render([makeItem({ description: 'a ]]> b ]]> c', content: '<p>x ]]&gt; y</p>', title: 't ]]> u ]]>' })]);
    assertWellFormed(atom);
    assertWellFormed(rss);
    expect(atomEntries(atom)[0]!.title).toBe('t ]]> u ]]>');
  });

  it('gives each entry a stable urn:uuid id derived from source key and externalId', () => {
    const first = atomEntries(render([makeItem()]).atom)[0]!.id;
    const again = atomEntries(render([makeItem({ title: 'Changed' })]).atom)[0]!.id;
    expect(first).toBe(again);
    expect(first).toBe(entryId('news', 'id-1'));
    expect(first).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(entryId('other', 'id-1')).not.toBe(first);
  });

  it("dates the feed by its newest entry, not the build time, so unchanged items render identical bytes", () => {
    const items = [makeItem({ updatedAt: '2025-12-16T16:00:00.000Z' }), makeItem({ externalId: 'id-2', updatedAt: '2025-12-10T00:00:00.000Z' })];
    const first = render(items);
    expect(first.atom).toMatch(/<updated>2025-12-16T16:00:00.000Z<\/updated>/);
    expect(render(items)).toEqual(first);
  });

  it('writes JSON Feed 1.1 with authors, summary and the source as an extension', () => {
    const { json } = render([makeItem({ author: 'Jane Roe', lang: 'en' })]);
    const document = JSON.parse(json) as { version: string; items: Array<Record<string, unknown>> };
    expect(document.version).toBe('https://jsonfeed.org/version/1.1');
    expect(document.items[0]).toMatchObject({ authors: [{ name: 'Jane Roe' }], summary: 'A summary.', language: 'en', _source: { key: 'news', name: 'News' } });
    expect(document.items[0]).not.toHaveProperty('author');
  });

  it("credits the source's name when an item has no author", () => {
    const { atom } = render([makeItem({ author: undefined })]);
    expect(atom).toMatch(/<author>\s*<name>News<\/name>/);
  });
});
