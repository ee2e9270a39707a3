#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import pLimit from 'p-limit';
import { Agent, request } from 'undici';

/*
 * The fetch ceiling: the same URLs pulled with undici, 16 at once, bodies read to the end (and
 * gunzipped when the server sent gzip), nothing parsed or stored. No program that reads these
 * feeds can finish a cycle faster than this on the same machine.
 *
 *   node bench/baseline/fetch-ceiling.mjs --config feeds.json
 */

const { values: args } = parseArgs({ options: { config: { type: 'string' }, concurrency: { type: 'string', default: '16' } } });
if (!args.config) throw new Error('--config is required');
const config = JSON.parse(await readFile(args.config, 'utf8'));
/** @type {Array<{ url: string }>} */
const sources = config.sources;

const dispatcher = new Agent();
const limit = pLimit(Number(args.concurrency));
let bytes = 0;
let failed = 0;
await Promise.all(
  sources.map((source) =>
    limit(async () => {
      try {
        const { statusCode, headers, body } = await request(source.url, { dispatcher, headers: { 'accept-encoding': 'gzip' } });
        const raw = Buffer.from(await body.arrayBuffer());
        if (statusCode !== 200) failed++;
        bytes += headers['content-encoding'] === 'gzip' ? gunzipSync(raw).length : raw.length;
      } catch {
        failed++;
      }
    }),
  ),
);
await dispatcher.close();
process.stdout.write(`${JSON.stringify({ sources: sources.length, bytes, failed })}\n`);
