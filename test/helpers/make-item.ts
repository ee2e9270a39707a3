import type { Item } from '../../src/model/item.js';

/** A valid Item with overridable fields, for tests of the stages after normalizing. */
export function makeItem(overrides: Partial<Item> = {}): Item {
  return {
    externalId: 'id-1',
    title: 'A title',
    description: 'A summary.',
    link: 'https://news.example/a',
    publishedAt: '2025-12-16T15:34:37.000Z',
    updatedAt: '2025-12-16T15:34:37.000Z',
    source: { key: 'news', name: 'News', type: 'RSS' },
    tags: [],
    enclosures: [],
    ...overrides,
  };
}
