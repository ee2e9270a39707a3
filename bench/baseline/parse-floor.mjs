#!/usr/bin/env node
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Piscina } from 'piscina';
import { fetchAll } from './fetch-all.mjs';

/*
 * The parse floor: the fetch ceiling's requests, each body then parsed with rss-parser's
 * parseString on a pool of worker threads, one per core; nothing normalized, sanitized, stored or
 * published. Any program that parses these feeds with rss-parser (as Tributary's design requires)
 * and uses every core spends at least this long on a cycle.
 *
 * With --sanitize <dist>/normalizer/sanitize-content.js, each item's body is also sanitized with
 * Tributary's own sanitizer: the floor of the work a cycle must do to publish safe HTML.
 *
 *   node bench/baseline/parse-floor.mjs --config feeds.json [--threads N] [--sanitize file]
 */

const { values: args } = parseArgs({
  options: { config: { type: 'string' }, concurrency: { type: 'string', default: '16' }, threads: { type: 'string' }, sanitize: { type: 'string' } },
});
if (!args.config) throw new Error('--config is required');
const threads = Number(args.threads ?? availableParallelism());

const pool = new Piscina({
  filename: new URL('./parse-floor-worker.mjs', import.meta.url).href,
  minThreads: threads,
  maxThreads: threads,
  workerData: { sanitizeModule: args.sanitize },
});
let items = 0;
const fetched = await fetchAll({
  config: args.config,
  concurrency: Number(args.concurrency),
  onBody: async (body) => {
    const count = await pool.run(body.toString('utf8'));
    items += count;
  },
});
await pool.destroy();
process.stdout.write(`${JSON.stringify({ sources: fetched.sources, items, failed: fetched.failed, threads })}\n`);
