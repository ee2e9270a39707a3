#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';

/*
 * The project's HTTP server (dist/src/server: HttpServer over an OutputCache) serving one
 * published all.atom, outside the daemon: the serve scenario's stand-in while `tributary run`
 * does not serve yet. Prints {"url"} when listening.
 *   node bench/lib/serve-output-cache.mjs --dist dist/src --file feeds/all.atom
 */

const { values: args } = parseArgs({ options: { dist: { type: 'string' }, file: { type: 'string' } } });
if (!args.dist || !args.file) throw new Error('--dist and --file are required');
const load = (path) => import(pathToFileURL(join(/** @type {string} */ (args.dist), ...path.split('/'))).href);
const { HttpServer } = await load('server/http-server.js');
const { OutputCache } = await load('server/output-cache.js');
const outputs = new OutputCache();
await outputs.put('all.atom', readFileSync(args.file), 'application/atom+xml; charset=utf-8', new Date());
const server = await HttpServer.listen('127.0.0.1', 0, {
  outputs,
  metrics: { text: async () => '', contentType: 'text/plain' },
  readiness: async () => ({ ready: true, checks: {} }),
  statusPage: () => '',
  cacheMaxAgeSeconds: 300,
  logger: pino({ level: 'silent' }),
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
