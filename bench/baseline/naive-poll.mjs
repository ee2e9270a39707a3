#!/usr/bin/env node
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Feed } from 'feed';
import Keyv from 'keyv';
import pLimit from 'p-limit';
import Parser from 'rss-parser';

/*
 * The naive aggregator Tributary is compared against, as one would write it by hand: rss-parser's
 * parseURL (no conditional GET: every cycle downloads and parses everything), 16 feeds at once,
 * dedup in an in-memory keyv, the newest 100 items rendered with the `feed` package as Atom,
 * RSS and JSON Feed. Reads the sources from a Tributary config; prints a JSON summary.
 *
 *   node bench/baseline/naive-poll.mjs --config feeds.json --out dir
 */

const { values: args } = parseArgs({ options: { config: { type: 'string' }, out: { type: 'string', default: 'baseline-out' }, concurrency: { type: 'string', default: '16' } } });
if (!args.config) throw new Error('--config is required');
const config = JSON.parse(await readFile(args.config, 'utf8'));
/** @type {Array<{ key: string, name: string, url: string }>} */
const sources = config.sources;

const parser = new Parser({ timeout: 30_000, customFields: { item: ['media:content', 'dc:creator', 'content:encoded'] } });
const store = new Keyv();
const limit = pLimit(Number(args.concurrency));
/** @type {Array<{ title: string, id: string, link: string, description: string, content: string, author: string, date: Date, source: string }>} */
const stored = [];
let added = 0;
let failed = 0;

await Promise.all(
  sources.map((source) =>
    limit(async () => {
      try {
        const feed = await parser.parseURL(source.url);
        for (const item of feed.items) {
          const key = `${source.key}:${item.guid ?? item.id ?? item.link}`;
          if (await store.has(key)) continue;
          const record = {
            title: item.title ?? '',
            id: key,
            link: item.link ?? source.url,
            description: item.contentSnippet ?? '',
            content: item['content:encoded'] ?? item.content ?? '',
            author: item.creator ?? item['dc:creator'] ?? source.name,
            date: new Date(item.isoDate ?? item.pubDate ?? Date.now()),
            source: source.name,
          };
          await store.set(key, record);
          stored.push(record);
          added++;
        }
      } catch {
        failed++;
      }
    }),
  ),
);

const newest = stored.sort((a, b) => b.date.getTime() - a.date.getTime()).slice(0, config.output?.maxItems ?? 100);
const feed = new Feed({ title: config.output?.title ?? 'Baseline', id: config.output?.id ?? 'urn:baseline', link: 'https://news.example/', copyright: '', updated: newest[0]?.date ?? new Date() });
for (const item of newest) {
  feed.addItem({ title: item.title, id: item.id, link: item.link, description: item.description, content: item.content, author: [{ name: item.author }], date: item.date });
}
await mkdir(args.out, { recursive: true });
await Promise.all([writeFile(join(args.out, 'all.atom'), feed.atom1()), writeFile(join(args.out, 'all.rss'), feed.rss2()), writeFile(join(args.out, 'all.json'), feed.json1())]);
process.stdout.write(`${JSON.stringify({ sources: sources.length, added, failed, published: newest.length })}\n`);
