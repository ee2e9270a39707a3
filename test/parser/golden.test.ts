import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeFeed } from '../../src/normalizer/normalize-feed.js';
import { parseFeed } from '../../src/parser/parse-feed.js';

/**
 * Golden files: each test/fixtures/parser/<case>.xml|.json beside <case>.expected.json, the feed
 * and the Items it must normalize to. To rewrite the expected files after a deliberate change, run
 * `UPDATE_GOLDEN=1 npx vitest run test/parser/golden.test.ts` and read the diff before committing.
 */
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/parser');
const cases = readdirSync(fixtures)
  .filter((name) => /\.(xml|json)$/.test(name) && !name.endsWith('.expected.json'))
  .sort();

const FEED_URL = 'https://feeds.example.com/feed.xml';
const NOW = new Date('2026-01-15T12:00:00.000Z');

async function normalizeFixture(name: string): Promise<unknown> {
  const text = readFileSync(path.join(fixtures, name), 'utf8');
  const feed = await parseFeed(text, { sourceKey: 'fixture', url: FEED_URL });
  const {
    feed: info,
    items,
    rejected,
  } = normalizeFeed(feed, { source: { key: 'fixture', name: 'Fixture', tags: [] }, type: feed.type, feedUrl: FEED_URL, now: NOW }, { maxItems: 100, descriptionLength: 300 });
  return { type: feed.type, feed: info, items, rejected };
}

describe('golden fixtures', () => {
  it('has fixtures to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases)('%s normalizes to its expected items', async (name) => {
    const actual = await normalizeFixture(name);
    const expectedFile = path.join(fixtures, name.replace(/\.(xml|json)$/, '.expected.json'));
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
  });
});
