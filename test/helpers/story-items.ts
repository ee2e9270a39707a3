import type { Item } from '../../src/model/item.js';
import { initialFetchState } from '../../src/model/fetch-state.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { hashId, itemKey } from '../../src/store/store-keys.js';
import { rssFeed, type FactoryItem } from './feed-factory.js';
import { makeItem } from './make-item.js';

/*
 * Items for the tests of the story pass and what shows its ids: two outlets reporting one news
 * (the SEC clearing DTCC's tokenization pilot), an unrelated item, and a background that lets the
 * clusterer tell common words from rare ones.
 */

const HOUR = 3_600_000;
export const STORY_START = Date.parse('2025-12-12T00:00:00.000Z');

export function storyItem(source: string, id: string, hoursIn: number, title: string, description = ''): Item {
  const at = new Date(STORY_START + hoursIn * HOUR).toISOString();
  return makeItem({ externalId: id, title, description, link: `https://${source}.example/${id}`, publishedAt: at, updatedAt: at, lang: 'en', source: { key: source, name: source, type: 'RSS' } });
}

export const DTCC_DECRYPT = storyItem(
  'decrypt',
  'd1',
  0,
  "SEC Approves DTCC Pilot to Record US Securities on Select Blockchains Via 'Registered' Wallets",
  'The three-year program will allow the DTCC, the central clearinghouse, to create tokenized entitlements.',
);
export const DTCC_BLOCK = storyItem(
  'theblock',
  'b1',
  2,
  'DTCC subsidiary authorized to offer tokenization service for US securities beginning 2026',
  "DTCC's depository subsidiary has received an SEC No-Action Letter clearing it to offer a tokenization service.",
);
export const JUVENTUS = storyItem(
  'coindesk',
  'c1',
  3,
  'Crypto Firm Tether Says It Wants to Take Over Italian Football Club Juventus',
  'The issuer behind the most popular stablecoin said it prepares to invest in the football club.',
);
export const BACKGROUND = Array.from({ length: 40 }, (_, i) =>
  storyItem('wire', `w${i}`, -10 - i, `Crypto market update number ${i}: bitcoin and stocks move`, 'Prices of crypto assets moved on the day.'),
);

export const keyOfItem = (item: Item): string => itemKey(item.source.key, hashId(item.externalId));

/** Commits the items, one commit per source, as polls would. */
export async function commitItems(store: ItemStore, items: readonly Item[], now = new Date(STORY_START + 5 * HOUR)): Promise<void> {
  const bySource = new Map<string, Item[]>();
  for (const item of items) bySource.set(item.source.key, [...(bySource.get(item.source.key) ?? []), item]);
  for (const [source, list] of bySource) await store.commit(source, list, initialFetchState(source, `https://${source}.example/feed.xml`), now);
}

/** The items above as RSS feeds, one per source, for the tests that poll them: path → feed. */
export function storyFeeds(items: readonly Item[] = [...BACKGROUND, DTCC_DECRYPT, DTCC_BLOCK, JUVENTUS]): Record<string, string> {
  const bySource = new Map<string, FactoryItem[]>();
  for (const item of items) {
    const entry: FactoryItem = { guid: item.externalId, title: item.title, date: item.publishedAt, ...(item.link ? { link: item.link } : {}), description: item.description };
    bySource.set(item.source.key, [...(bySource.get(item.source.key) ?? []), entry]);
  }
  return Object.fromEntries([...bySource].map(([source, entries]) => [`/${source}.rss`, rssFeed(source, entries)]));
}
