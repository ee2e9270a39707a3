import { describe, expect, it } from 'vitest';
import type { Item } from '../../src/model/item.js';
import { selectItems } from '../../src/publisher/select-items.js';
import { makeItem } from '../helpers/make-item.js';

const HOUR = 3_600_000;

/** `count` items an hour apart, newest first, alternating categories crypto/ai, one source per category. */
function stream(count: number): Item[] {
  return Array.from({ length: count }, (_, i) => {
    const category = i % 2 === 0 ? 'crypto' : 'ai';
    const date = new Date(Date.UTC(2025, 11, 16, 12) - i * HOUR).toISOString();
    return makeItem({ externalId: `${i}`, title: `Story ${i}`, link: `https://news.example/${i}`, category, publishedAt: date, updatedAt: date, source: { key: category, name: category, type: 'RSS' } });
  });
}

/** Yields the items one by one, counting how many were pulled. */
function counted(items: Item[]): { iterable: AsyncIterable<Item>; pulled: () => number } {
  let pulled = 0;
  return {
    iterable: {
      async *[Symbol.asyncIterator]() {
        for (const item of items) {
          pulled += 1;
          yield item;
        }
      },
    },
    pulled: () => pulled,
  };
}

const titles = (items: Item[] | undefined) => (items ?? []).map((item) => item.title);

describe('selecting the items of every output in one pass', () => {
  it('fills each output up to its maxItems after its filter, and stops reading once all are full', async () => {
    const source = counted(stream(1000));
    const { items, read } = await selectItems(
      source.iterable,
      [
        { name: 'all', maxItems: 3, filter: {} },
        { name: 'ai', maxItems: 4, filter: { categories: ['ai'] } },
      ],
      { echoHorizonMs: 0 },
    );
    expect(titles(items.get('all'))).toEqual(['Story 0', 'Story 1', 'Story 2']);
    expect(titles(items.get('ai'))).toEqual(['Story 1', 'Story 3', 'Story 5', 'Story 7']);
    expect(read).toBe(8);
    expect(source.pulled()).toBe(9);
  });

  it('reads on for the echo horizon past the oldest item of the outputs, and no further', async () => {
    const { read } = await selectItems(counted(stream(1000)).iterable, [{ name: 'all', maxItems: 10, filter: {} }], { echoHorizonMs: 24 * HOUR });
    // Full at Story 9 (9 h old); the horizon reaches back to 33 h: Stories 0 to 33.
    expect(read).toBe(34);
  });

  it('reads to the end when an output cannot be filled', async () => {
    const { items, read } = await selectItems(counted(stream(10)).iterable, [{ name: 'none', maxItems: 5, filter: { include: ['nowhere'] } }]);
    expect(items.get('none')).toEqual([]);
    expect(read).toBe(10);
  });

  it('shows the original, not the echo, when the original lies just past the last place of the output', async () => {
    const original = makeItem({ externalId: 'o', title: 'Original', link: 'https://news.example/story', publishedAt: '2025-12-16T08:00:00.000Z', source: { key: 'first', name: 'First', type: 'RSS' } });
    const echo = makeItem({ externalId: 'e', title: 'Echo', link: 'https://news.example/story?utm_source=rss', publishedAt: '2025-12-16T12:00:00.000Z', source: { key: 'second', name: 'Second', type: 'RSS' } });
    const other = makeItem({ externalId: 'x', title: 'Other', link: 'https://news.example/other', publishedAt: '2025-12-16T10:00:00.000Z' });
    const { items } = await selectItems(counted([echo, other, original]).iterable, [{ name: 'all', maxItems: 2, filter: {} }]);
    expect(titles(items.get('all'))).toEqual(['Other', 'Original']);
  });
});
