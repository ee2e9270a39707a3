#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { fetchAll } from './fetch-all.mjs';

/*
 * The fetch ceiling: the same URLs pulled with undici, 16 at once, bodies read to the end (and
 * gunzipped when the server sent gzip), nothing parsed or stored. No program that reads these
 * feeds can finish a cycle faster than this on the same machine.
 *
 *   node bench/baseline/fetch-ceiling.mjs --config feeds.json
 */

const { values: args } = parseArgs({ options: { config: { type: 'string' }, concurrency: { type: 'string', default: '16' } } });
if (!args.config) throw new Error('--config is required');
const result = await fetchAll({ config: args.config, concurrency: Number(args.concurrency) });
process.stdout.write(`${JSON.stringify(result)}\n`);
