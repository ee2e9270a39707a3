#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';

/*
 * The serve scenario's yardstick: a bare node:http server sending one file's bytes, gzipped once
 * at start, with an ETag and 304 on If-None-Match, and nothing else. Prints {"url"} when listening.
 *   node bench/baseline/bare-server.mjs --file feeds/all.atom
 */

const { values: args } = parseArgs({ options: { file: { type: 'string' }, port: { type: 'string', default: '0' } } });
if (!args.file) throw new Error('--file is required');
const body = readFileSync(args.file);
const gzipped = gzipSync(body, { level: 9 });
const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
const server = createServer((req, res) => {
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag }).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8', 'content-encoding': 'gzip', 'content-length': String(gzipped.length), etag, vary: 'Accept-Encoding' });
  res.end(gzipped);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(args.port), '127.0.0.1', () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}`, etag, bytes: body.length, gzipBytes: gzipped.length })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
server.on('close', () => undefined);
