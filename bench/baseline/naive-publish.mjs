import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Feed } from 'feed';
import Keyv from 'keyv';

/*
 * The naive baseline's publish step, for bench/publish.bench.mjs: every item in an in-memory
 * keyv; to publish, read them all, sort by date, and render the newest with the `feed` package.
 */

export function naiveStore() {
  return new Keyv();
}

/**
 * @param {Keyv} store
 * @param {string} dir
 * @param {number} maxItems
 */
export async function naivePublish(store, dir, maxItems) {
  /** @type {any[]} */
  const all = [];
  for await (const [, value] of store.iterator()) all.push(value);
  all.sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt));
  const newest = all.slice(0, maxItems);
  const feed = new Feed({ title: 'Baseline', id: 'urn:baseline', link: 'https://news.example/', copyright: '', updated: new Date(newest[0]?.publishedAt ?? 0) });
  for (const item of newest) {
    feed.addItem({ title: item.title, id: item.externalId, link: item.link, description: item.description, content: item.content, author: [{ name: item.author }], date: new Date(item.publishedAt) });
  }
  await mkdir(dir, { recursive: true });
  await Promise.all([writeFile(join(dir, 'all.atom'), feed.atom1()), writeFile(join(dir, 'all.rss'), feed.rss2()), writeFile(join(dir, 'all.json'), feed.json1())]);
}
