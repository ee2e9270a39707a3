#!/usr/bin/env node
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createNewsGenerator } from './lib/crypto-news.mjs';
import { createRandom, mixSeed } from './lib/random.mjs';
import { CONTENT_TYPES, renderFixture } from './lib/render-fixture.mjs';

/*
 * The bench's feed server: N feeds x M crypto-news items, a seeded mix of RSS 2.0 (60 %), Atom
 * (25 %) and RDF (15 %), with ETag and Last-Modified and 304 answers. Every body is rendered once
 * (and gzipped once, with --gzip) so serving costs next to nothing during a measured cycle.
 *
 *   node bench/fixture-server.mjs --feeds 1000 --items 40 [--seed 7] [--gzip] [--latency 20] [--port 0]
 *
 * Prints one JSON line {"url": ...} on stdout once listening. Feeds are at /feeds/<i>.xml
 * (i from 0). Control, for the scenarios (all answer JSON):
 *   POST /_control/reset                          every feed back to its first M items; validators honoured
 *   POST /_control/churn?fraction=0.1&items=5     that share of feeds (seeded pick) gains `items` new items
 *   POST /_control/validators?ignore=1            always 200 with identical bodies (validators ignored); ignore=0 undoes
 *   GET  /_control/stats   POST /_control/stats/reset
 */

const { values: args } = parseArgs({
  options: {
    feeds: { type: 'string', default: '1000' },
    items: { type: 'string', default: '40' },
    seed: { type: 'string', default: '7' },
    gzip: { type: 'boolean', default: false },
    latency: { type: 'string', default: '0' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const feedCount = Number(args.feeds);
const itemCount = Number(args.items);
const seed = Number(args.seed);
const latencyMs = Number(args.latency);
const news = createNewsGenerator(seed);
const formatRandom = createRandom(mixSeed(seed, 0xf0));

/** @typedef {{ format: import('./lib/render-fixture.mjs').FixtureFormat, top: number, body: Buffer, gzipped?: Buffer, etag: string, lastModified: string }} FeedState */

/** @type {FeedState[]} */
const feeds = [];
for (let i = 0; i < feedCount; i++) {
  const r = formatRandom();
  feeds.push({ format: r < 0.6 ? 'rss' : r < 0.85 ? 'atom' : 'rdf', top: itemCount - 1, body: Buffer.alloc(0), etag: '', lastModified: '' });
}
let ignoreValidators = false;
let churnRound = 0;
const stats = { requests: 0, ok: 0, notModified: 0, bytes: 0 };
let origin = '';

/** Renders feed i with items top..top-M+1 (newest first). @param {number} i */
function build(i) {
  const feed = /** @type {FeedState} */ (feeds[i]);
  const items = [];
  for (let seq = feed.top; seq > feed.top - itemCount && seq >= 0; seq--) items.push(news.item(i, seq));
  const head = { index: i, title: `Crypto Wire ${i}`, home: `https://news-${i}.example`, selfUrl: `${origin}/feeds/${i}.xml` };
  feed.body = Buffer.from(renderFixture(feed.format, head, items), 'utf8');
  if (args.gzip) feed.gzipped = gzipSync(feed.body);
  feed.etag = `"f${i}-${feed.top}"`;
  feed.lastModified = (items[0]?.date ?? new Date(0)).toUTCString();
}

/** The feeds a churn round changes: a seeded choice, different each round. @param {number} fraction */
function churnPick(fraction) {
  const random = createRandom(mixSeed(seed, 0xc4, churnRound));
  const order = feeds.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [/** @type {number} */ (order[j]), /** @type {number} */ (order[i])];
  }
  return order.slice(0, Math.round(fraction * feeds.length));
}

/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
function serveFeed(req, res, i) {
  const feed = feeds[i];
  if (!feed) return json(res, 404, { error: 'no such feed' });
  stats.requests++;
  const headers = { 'content-type': CONTENT_TYPES[feed.format], etag: feed.etag, 'last-modified': feed.lastModified };
  if (!ignoreValidators && isNotModified(req, feed)) {
    stats.notModified++;
    res.writeHead(304, headers).end();
    return;
  }
  const gzip = feed.gzipped && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? /** @type {Buffer} */ (feed.gzipped) : feed.body;
  stats.ok++;
  stats.bytes += body.length;
  res.writeHead(200, { ...headers, 'content-length': String(body.length), ...(gzip ? { 'content-encoding': 'gzip', vary: 'Accept-Encoding' } : {}) });
  res.end(body);
}

/** @param {import('node:http').IncomingMessage} req @param {FeedState} feed */
function isNotModified(req, feed) {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === feed.etag);
  const ims = req.headers['if-modified-since'];
  return ims !== undefined && Date.parse(ims) >= Date.parse(feed.lastModified);
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} value */
function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(value)}\n`);
}

/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
function control(req, res, url) {
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case 'POST /_control/reset':
      feeds.forEach((feed, i) => {
        if (feed.top === itemCount - 1) return;
        feed.top = itemCount - 1;
        build(i);
      });
      ignoreValidators = false;
      churnRound = 0;
      return json(res, 200, { feeds: feeds.length });
    case 'POST /_control/churn': {
      const fraction = Number(url.searchParams.get('fraction') ?? '0.1');
      const added = Number(url.searchParams.get('items') ?? '5');
      churnRound++;
      const changed = churnPick(fraction);
      for (const i of changed) {
        /** @type {FeedState} */ (feeds[i]).top += added;
        build(i);
      }
      return json(res, 200, { changed: changed.length, added });
    }
    case 'POST /_control/validators':
      ignoreValidators = url.searchParams.get('ignore') === '1';
      return json(res, 200, { ignoreValidators });
    case 'GET /_control/stats':
      return json(res, 200, { ...stats, totalBytes: feeds.reduce((sum, feed) => sum + feed.body.length, 0) });
    case 'POST /_control/stats/reset':
      Object.assign(stats, { requests: 0, ok: 0, notModified: 0, bytes: 0 });
      return json(res, 200, stats);
    default:
      return json(res, 404, { error: `no control route ${route}` });
  }
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://fixture');
  if (url.pathname.startsWith('/_control/')) return control(req, res, url);
  const match = /^\/feeds\/(\d+)\.xml$/.exec(url.pathname);
  if (!match) return json(res, 404, { error: 'not found' });
  const i = Number(match[1]);
  if (latencyMs > 0) setTimeout(() => serveFeed(req, res, i), latencyMs);
  else serveFeed(req, res, i);
});
server.keepAliveTimeout = 30_000;
server.listen(Number(args.port), args.host, () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  origin = `http://${args.host}:${address.port}`;
  const started = performance.now();
  for (let i = 0; i < feeds.length; i++) build(i);
  const totalBytes = feeds.reduce((sum, feed) => sum + feed.body.length, 0);
  const formats = { rss: 0, atom: 0, rdf: 0 };
  for (const feed of feeds) formats[feed.format]++;
  process.stdout.write(`${JSON.stringify({ url: origin, feeds: feedCount, items: itemCount, totalBytes, formats, buildMs: Math.round(performance.now() - started) })}\n`);
});

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
