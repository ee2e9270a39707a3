import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Item } from '../../src/model/item.js';
import { canonicalLink } from '../../src/model/canonical-link.js';
import { removeEchoes } from '../../src/publisher/remove-echoes.js';
import { compileFilter } from '../../src/publisher/output-filter.js';
import { selectItems, type IndexedItems, type SelectOutput } from '../../src/publisher/select-items.js';
import type { IndexRef } from '../../src/store/newest-index.js';
import { makeItem } from '../helpers/make-item.js';

const HOUR = 3_600_000;

/** `count` items an hour apart, newest first, alternating categories crypto/ai, one source per category. */
function stream(count: number): Item[] {
  return Array.from({ length: count }, (_, i) => {
    const category = i % 2 === 0 ? 'crypto' : 'ai';
    const date = new Date(Date.UTC(2025, 11, 16, 12) - i * HOUR).toISOString();
    return makeItem({
      externalId: `${i}`,
      title: `Story ${i}`,
      link: `https://news.example/${i}`,
      category,
      publishedAt: date,
      updatedAt: date,
      source: { key: category, name: category, type: 'RSS' },
    });
  });
}

/** The items as an index over them, `pageSize` refs a page, counting what is looked at and read. */
function indexed(items: Item[], pageSize = 5): { source: IndexedItems; scanned: () => number; loaded: () => number } {
  let scanned = 0;
  let loaded = 0;
  const keyOf = (item: Item) => `${item.source.key}:${item.externalId}`;
  const byKey = new Map(items.map((item) => [keyOf(item), item]));
  const refs: IndexRef[] = items.map((item) => {
    const linkKey = canonicalLink(item.link);
    return { key: keyOf(item), publishedMs: Date.parse(item.publishedAt), sourceKey: item.source.key, ...(linkKey ? { linkKey } : {}) };
  });
  return {
    source: {
      pages: {
        async *[Symbol.asyncIterator]() {
          for (let at = 0; at < refs.length; at += pageSize) {
            const page = refs.slice(at, at + pageSize);
            scanned += page.length;
            yield page;
          }
        },
      },
      load: async (wanted) => {
        loaded += wanted.length;
        return wanted.map((ref) => byKey.get(ref.key));
      },
    },
    scanned: () => scanned,
    loaded: () => loaded,
  };
}

const titles = (items: Item[] | undefined) => (items ?? []).map((item) => item.title);

describe('selecting the items of every output in one pass', () => {
  it('fills each output up to its maxItems after its filter, and stops reading once all are full', async () => {
    const index = indexed(stream(1000));
    const { items, read } = await selectItems(
      index.source,
      [
        { name: 'all', maxItems: 3, filter: {} },
        { name: 'ai', maxItems: 4, filter: { categories: ['ai'] } },
      ],
      { echoHorizonMs: 0 },
    );
    expect(titles(items.get('all'))).toEqual(['Story 0', 'Story 1', 'Story 2']);
    expect(titles(items.get('ai'))).toEqual(['Story 1', 'Story 3', 'Story 5', 'Story 7']);
    expect(read).toBe(8);
    // Two pages of five: the second holds Story 7, which filled the last output.
    expect(index.scanned()).toBe(10);
    expect(index.loaded()).toBe(10);
  });

  it('looks at the index for the echo horizon past the oldest item, and reads none of it that cannot matter', async () => {
    const index = indexed(stream(1000));
    const { read, scanned } = await selectItems(index.source, [{ name: 'all', maxItems: 10, filter: {} }], { echoHorizonMs: 24 * HOUR });
    // Full at Story 9 (9 h old); the horizon reaches back to 33 h: the index is looked at to Story 34,
    // the page that holds it; no story there shares a link with another source's, so none is read.
    expect(scanned).toBe(35);
    expect(read).toBe(10);
    expect(index.loaded()).toBe(10);
  });

  it('reads, in the horizon, the originals of echoes, and past them only what fills the places echoes left', async () => {
    const items = stream(40);
    // Story 30 (30 h old, in the horizon) has an echo among the first ten, on another source.
    const echo = { ...items[30]!, externalId: 'echo-30', publishedAt: items[2]!.publishedAt, updatedAt: items[2]!.publishedAt, source: { key: 'wire', name: 'Wire', type: 'RSS' as const } };
    const index = indexed([items[0]!, items[1]!, echo, ...items.slice(2)]);
    const { items: selected } = await selectItems(index.source, [{ name: 'all', maxItems: 10, filter: {} }], { echoHorizonMs: 24 * HOUR });
    // The echo goes (its original is older) and Story 9 takes its place; the original is past the last place.
    expect(titles(selected.get('all'))).toEqual(['Story 0', 'Story 1', 'Story 2', 'Story 3', 'Story 4', 'Story 5', 'Story 6', 'Story 7', 'Story 8', 'Story 9']);
    // Two pages of five to fill, Story 30 from the horizon, then one chunk of 16 from Story 9 on.
    expect(index.loaded()).toBe(10 + 1 + 16);
  });

  it('reads to the end when an output cannot be filled', async () => {
    const { items, read } = await selectItems(indexed(stream(10)).source, [{ name: 'none', maxItems: 5, filter: { include: ['nowhere'] } }]);
    expect(items.get('none')).toEqual([]);
    expect(read).toBe(10);
  });

  it('shows the original, not the echo, when the original lies just past the last place of the output', async () => {
    const original = makeItem({
      externalId: 'o',
      title: 'Original',
      link: 'https://news.example/story',
      publishedAt: '2025-12-16T08:00:00.000Z',
      source: { key: 'first', name: 'First', type: 'RSS' },
    });
    const echo = makeItem({
      externalId: 'e',
      title: 'Echo',
      link: 'https://news.example/story?utm_source=rss',
      publishedAt: '2025-12-16T12:00:00.000Z',
      source: { key: 'second', name: 'Second', type: 'RSS' },
    });
    const other = makeItem({ externalId: 'x', title: 'Other', link: 'https://news.example/other', publishedAt: '2025-12-16T10:00:00.000Z' });
    const { items } = await selectItems(indexed([echo, other, original]).source, [{ name: 'all', maxItems: 2, filter: {} }]);
    expect(titles(items.get('all'))).toEqual(['Other', 'Original']);
  });

  it('selects what reading every item of the horizon would, whatever the echoes (property)', async () => {
    const sources = ['a', 'b', 'c'];
    const itemArb = fc.record({
      source: fc.constantFrom(...sources),
      hoursAgo: fc.integer({ min: 0, max: 120 }),
      story: fc.integer({ min: 0, max: 15 }),
      category: fc.constantFrom('crypto', 'ai'),
    });
    const outputsArb = fc.array(fc.record({ maxItems: fc.integer({ min: 1, max: 8 }), category: fc.option(fc.constantFrom('crypto', 'ai'), { nil: undefined }) }), { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(fc.array(itemArb, { minLength: 10, maxLength: 80, size: 'max' }), outputsArb, fc.integer({ min: 1, max: 7 }), async (drawn, drawnOutputs, pageSize) => {
        const items = drawn
          .map(({ source, hoursAgo, story, category }, i) => {
            const date = new Date(Date.UTC(2025, 11, 16, 12) - hoursAgo * HOUR).toISOString();
            return makeItem({
              externalId: `${i}`,
              title: `Story ${i}`,
              link: `https://news.example/${story}`,
              category,
              publishedAt: date,
              updatedAt: date,
              source: { key: source, name: source, type: 'RSS' },
            });
          })
          .sort((x, y) => Date.parse(y.publishedAt) - Date.parse(x.publishedAt));
        const outputs: SelectOutput[] = drawnOutputs.map((o, i) => ({ name: `o${i}`, maxItems: o.maxItems, filter: o.category ? { categories: [o.category] } : {} }));
        const { items: selected } = await selectItems(indexed(items, pageSize).source, outputs, { echoHorizonMs: 24 * HOUR });
        const expected = readingEverything(items, outputs, 24 * HOUR);
        for (const output of outputs) expect(titles(selected.get(output.name))).toEqual(titles(expected.get(output.name)));
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});

/** What selecting did before the index carried links: read every item to the end of the horizon. */
function readingEverything(items: Item[], outputs: SelectOutput[], horizonMs: number): Map<string, Item[]> {
  const accepts = outputs.map((output) => compileFilter(output.filter));
  const counts = outputs.map(() => 0);
  const seen: Item[] = [];
  let stopBeforeMs: number | undefined;
  for (const item of items) {
    const ms = Date.parse(item.publishedAt);
    if (stopBeforeMs !== undefined && ms < stopBeforeMs) break;
    seen.push(item);
    if (stopBeforeMs !== undefined) continue;
    // Fullness as the echo-free windows count it: by kept items, echoes left out.
    outputs.forEach((_output, i) => {
      counts[i] = removeEchoes(seen.filter(accepts[i]!)).length;
    });
    if (outputs.every((output, i) => counts[i]! >= output.maxItems)) stopBeforeMs = ms - horizonMs;
  }
  return new Map(outputs.map((output, i) => [output.name, removeEchoes(seen.filter(accepts[i]!)).slice(0, output.maxItems)]));
}
