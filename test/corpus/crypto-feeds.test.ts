import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/fetcher/decode-body.js';
import { ItemSchema, type Item } from '../../src/model/item.js';
import { normalizeFeed } from '../../src/normalizer/normalize-feed.js';
import { parseFeed } from '../../src/parser/parse-feed.js';
import { corpusRoot, hasCorpus } from './corpus-files.js';

if (!hasCorpus) console.warn(`crypto feed tests skipped: no corpus at ${corpusRoot}`);

const captures = path.join(corpusRoot, 'real/syspulse-skel-ext3/sentry-news/rss');

/** The captures date from 2025-12-13; the seeds were written a few days later. */
const NOW = new Date('2025-12-16T16:36:49.985Z');

async function readCapture(file: string, source: { key: string; name: string }, feedUrl: string): Promise<Item[]> {
  const { text } = decodeBody(readFileSync(path.join(captures, file)), 'application/rss+xml; charset=utf-8');
  const feed = await parseFeed(text, { sourceKey: source.key, url: feedUrl });
  const { items, rejected } = normalizeFeed(feed, { source: { ...source, tags: [] }, type: feed.type, feedUrl, now: NOW }, { maxItems: 500, descriptionLength: 300 });
  expect(rejected).toEqual([]);
  return items;
}

describe.skipIf(!hasCorpus)('crypto news captures', () => {
  it('yields the 25 CoinDesk items with the fields the seeds carry', async () => {
    const items = await readCapture('coindesk.rss', { key: 'coindesk', name: 'CoinDesk' }, 'https://www.coindesk.com/arc/outboundfeeds/rss');
    expect(items).toHaveLength(25);
    for (const item of items) {
      expect(ItemSchema.parse(item)).toEqual(item);
      expect(item.externalId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(item.title).not.toBe('');
      expect(item.title).toBe(item.title.trim());
      expect(item.publishedAt).toMatch(/^2025-12-1[23]T\d{2}:\d{2}:\d{2}\.000Z$/);
      expect(item.coverImage?.url).toMatch(/^https:\/\/cdn\.sanity\.io\/images\//);
      expect(item.tags.length).toBeGreaterThan(0);
      expect(item.description.length).toBeLessThanOrEqual(300);
      expect(item.source).toEqual({ key: 'coindesk', name: 'CoinDesk', type: 'RSS' });
      expect(item.lang).toBe('en-us');
    }
    expect(new Set(items.map((item) => item.externalId)).size).toBe(25);
  });

  it('reads the first CoinDesk item field by field', async () => {
    const [first] = await readCapture('coindesk.rss', { key: 'coindesk', name: 'CoinDesk' }, 'https://www.coindesk.com/arc/outboundfeeds/rss');
    expect(first).toEqual({
      externalId: '9aef2b42-3854-4f38-8336-c157cc2d05a1',
      title: 'Citadel Securities and DeFi Waging War of Words Through SEC Correspondence',
      description: 'The investing giant had asked the U.S. Securities and Exchange Commission to treat DeFi players like regulated entities, and the DeFi crowd pushed back.',
      link: 'https://www.coindesk.com/policy/2025/12/12/citadel-securities-and-defi-waging-war-of-words-through-sec-correspondence',
      author: 'Jesse Hamilton',
      publishedAt: '2025-12-12T22:20:18.000Z',
      updatedAt: '2025-12-12T22:20:18.000Z',
      lang: 'en-us',
      source: { key: 'coindesk', name: 'CoinDesk', type: 'RSS' },
      category: 'Policy',
      tags: ['Policy', 'SEC', 'Citadel Securities', 'DeFi Education Fund', 'News'],
      coverImage: {
        url: 'https://cdn.sanity.io/images/s3y3vcno/production/92e55eb28f7499e7a2830668981d5027aff1a10c-1920x1080.jpg?fm=jpg&w=1920&h=1080&crop=focalpoint&fit=clip',
        type: 'image/*',
      },
      enclosures: [],
    });
  });

  it('yields the 30 Cointelegraph items with their guid, cover image and author', async () => {
    const items = await readCapture('coingtelegraph-all.rss', { key: 'cointelegraph', name: 'Cointelegraph' }, 'https://cointelegraph.com/rss');
    expect(items).toHaveLength(30);
    for (const item of items) {
      expect(ItemSchema.parse(item)).toEqual(item);
      expect(item.externalId).toMatch(/^https:\/\/cointelegraph\.com\//);
      expect(item.coverImage?.url).toMatch(/^https:\/\/images\.cointelegraph\.com\/images\//);
      expect(item.author).toMatch(/^Cointelegraph by /);
      expect(item.content).not.toMatch(/style=|<script/);
    }
    expect(items[0]).toMatchObject({
      externalId: 'https://cointelegraph.com/news/figure-technology-solana-onchain-equity-second-ipo',
      title: 'Figure Technology files ‘second IPO’ to bring native equity issuance to Solana',
      publishedAt: '2025-12-12T16:57:28.000Z',
      lang: 'en',
    });
  });
});
