import { describe, expect, it } from 'vitest';
import { NewsDigest, newsItemsOf, shortSummary } from '../../src/server/news-digest.js';
import { OutputCache } from '../../src/server/output-cache.js';

const feed = (items: unknown[]) => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'All', items });
const item = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `urn:${n}`,
  url: `https://news.example/${n}`,
  title: `Story ${n}`,
  date_published: '2026-01-05T10:00:00Z',
  _source: { key: 'wire', name: 'Wire' },
  ...extra,
});

describe('the news digest', () => {
  it("reads an output's first items as its JSON Feed gives them: title, link, source, time, language, sentiment, topics, story", () => {
    const json = feed([
      item(1, { language: 'en', summary: 'First.', _tributary: { sentiment: { label: 'POSITIVE', score: 0.5 }, topics: ['BTC'], story: { id: 's', items: 5, sources: 4 } } }),
      item(2, { title: undefined, content_text: 'Body text' }),
      { not: 'an item' },
      item(3, { _tributary: { story: { id: 'urn:story:only-id' }, sentiment: { label: 'NEUTRAL', score: 0 } } }),
    ]);
    expect(newsItemsOf(json, 10)).toEqual([
      {
        title: 'Story 1',
        url: 'https://news.example/1',
        source: 'Wire',
        publishedAt: '2026-01-05T10:00:00Z',
        lang: 'en',
        sentiment: 'POSITIVE',
        topics: ['BTC'],
        summary: 'First.',
        storySources: 4,
        storyItems: 5,
      },
      { title: 'https://news.example/2', url: 'https://news.example/2', source: 'Wire', publishedAt: '2026-01-05T10:00:00Z', summary: 'Body text' },
      { title: 'Story 3', url: 'https://news.example/3', source: 'Wire', publishedAt: '2026-01-05T10:00:00Z', sentiment: 'NEUTRAL' },
    ]);
    expect(newsItemsOf(json, 1)).toHaveLength(1);
  });

  it('cuts a long summary to one line of at most 280 characters, never inside a surrogate pair', () => {
    const long = `${'😀'.repeat(300)}`;
    const cut = shortSummary(long);
    expect([...cut]).toHaveLength(280);
    expect(cut.endsWith('😀…')).toBe(true);
    expect(shortSummary('a\n\n  b')).toBe('a b');
  });

  it('parses an output once per change of its file, not per request', async () => {
    const cache = new OutputCache();
    const digest = new NewsDigest(cache, 2);
    expect(digest.newest('all')).toEqual([]);
    await cache.put('all.json', feed([item(1), item(2), item(3)]), 'application/feed+json', new Date());
    const first = digest.newest('all');
    expect(first.map((entry) => entry.title)).toEqual(['Story 1', 'Story 2']);
    expect(digest.newest('all')).toBe(first);
    await cache.put('all.json', feed([item(9)]), 'application/feed+json', new Date());
    expect(digest.newest('all').map((entry) => entry.title)).toEqual(['Story 9']);
  });
});
