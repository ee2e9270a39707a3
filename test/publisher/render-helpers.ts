import type { FeedHeader, SourceInfo } from '../../src/publisher/feed-document.js';
import { renderFeeds } from '../../src/publisher/render-feeds.js';
import type { Item } from '../../src/model/item.js';

export const HEADER: FeedHeader = {
  id: 'urn:tributary:test',
  title: 'Merged',
  generator: { name: 'Tributary', version: '9.9.9' },
};

export const FULL_HEADER: FeedHeader = {
  ...HEADER,
  description: 'Everything, merged',
  link: 'https://news.example/',
  urls: { atom: 'https://news.example/feeds/all.atom', rss: 'https://news.example/feeds/all.rss', json: 'https://news.example/feeds/all.json' },
};

export const NEWS_SOURCE: SourceInfo = {
  key: 'news',
  name: 'News',
  url: 'https://news.example/feed.xml',
  feedTitle: 'The News & Views',
  feedLink: 'https://news.example/',
  feedId: 'tag:news.example,2025:feed',
};

export function render(items: readonly Item[], feed: FeedHeader = HEADER, sources: SourceInfo[] = [NEWS_SOURCE]) {
  return renderFeeds(items, { feed, sources: new Map(sources.map((source) => [source.key, source])) });
}

export interface JsonFeedDocument {
  version: string;
  title: string;
  home_page_url?: string;
  feed_url?: string;
  items: Array<Record<string, unknown>>;
}

export function parseJsonFeed(json: string): JsonFeedDocument {
  return JSON.parse(json) as JsonFeedDocument;
}
