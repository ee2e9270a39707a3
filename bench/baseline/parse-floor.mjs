#!/usr/bin/env node
import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import pLimit from 'p-limit';
import { Piscina } from 'piscina';
import { Agent, request } from 'undici';

/*
 * The parse floor: the fetch ceiling's requests, each body then parsed with rss-parser's
 * parseString on a pool of worker threads, one per core; nothing normalized, sanitized, stored or
 * published. Any program that parses these feeds with rss-parser (as Tributary's design requires)
 * and uses every core spends at least this long on a cycle.
 *
 *   node bench/baseline/parse-floor.mjs --config feeds.json [--threads N]
 */

const { values: args } = parseArgs({ options: { config: { type: 'string' }, concurrency: { type: 'string', default: '16' }, threads: { type: 'string' } } });
if (!args.config) throw new Error('--config is required');
const config = JSON.parse(await readFile(args.config, 'utf8'));
/** @type {Array<{ url: string }>} */
const sources = config.sources;
const threads = Number(args.threads ?? availableParallelism());

const pool = new Piscina({ filename: new URL('./parse-floor-worker.mjs', import.meta.url).href, minThreads: threads, maxThreads: threads });
const dispatcher = new Agent();
const limit = pLimit(Number(args.concurrency));
let items = 0;
let failed = 0;
await Promise.all(
  sources.map((source) =>
    limit(async () => {
      try {
        const { statusCode, headers, body } = await request(source.url, { dispatcher, headers: { 'accept-encoding': 'gzip' } });
        const raw = Buffer.from(await body.arrayBuffer());
        if (statusCode !== 200) return void failed++;
        const text = (headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        const count = await pool.run(text);
        items += count;
      } catch {
        failed++;
      }
    }),
  ),
);
await dispatcher.close();
await pool.destroy();
process.stdout.write(`${JSON.stringify({ sources: sources.length, items, failed, threads })}\n`);
