import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/fetcher/create-agent.js';
import { fetchFeed } from '../../src/fetcher/fetch-feed.js';
import { FeedServer } from '../helpers/feed-server.js';
import { fetchErrorOf, RSS, testOptions } from './fetch-test-options.js';

const body = Buffer.from(RSS);
// Big enough to come in many chunks, and to compress to more than one.
const bigRss = RSS.replace('</channel>', `${Array.from({ length: 3000 }, (_, n) => `<item><title>Item ${n}</title><guid>https://example.org/${n}</guid></item>`).join('\n')}</channel>`);
const bigGzip = gzipSync(Buffer.from(bigRss));

describe('fetchFeed: Content-Encoding', () => {
  let server: FeedServer;
  const agent = createAgent({ connectTimeoutMs: 5_000 });
  const options = testOptions(agent);

  beforeAll(async () => {
    server = await FeedServer.start({
      '/gzip': { headers: { 'content-encoding': 'gzip' }, body: gzipSync(body) },
      '/x-gzip': { headers: { 'content-encoding': 'x-gzip' }, body: gzipSync(body) },
      '/br': { headers: { 'content-encoding': 'br' }, body: brotliCompressSync(body) },
      '/deflate': { headers: { 'content-encoding': 'deflate' }, body: deflateSync(body) },
      '/raw-deflate': { headers: { 'content-encoding': 'deflate' }, body: deflateRawSync(body) },
      '/gzip-then-br': { headers: { 'content-encoding': 'gzip, br' }, body: brotliCompressSync(gzipSync(body)) },
      '/corrupt-gzip': { headers: { 'content-encoding': 'gzip' }, body: Buffer.from('this is not gzip at all') },
      '/corrupt-br': { headers: { 'content-encoding': 'br' }, body: Buffer.from('this is not brotli at all') },
      // A script that prints a newline after its gzipped output (PHP's `?>\n`), or its debug output.
      '/gzip-trailing-newline': { headers: { 'content-encoding': 'gzip' }, body: Buffer.concat([gzipSync(body), Buffer.from('\n')]) },
      '/big-gzip-trailing-html': { headers: { 'content-encoding': 'gzip' }, body: Buffer.concat([bigGzip, Buffer.from('<!-- 12 queries in 0.3 s -->\n')]) },
      '/truncated-gzip': { headers: { 'content-encoding': 'gzip' }, body: bigGzip.subarray(0, bigGzip.length - 4) },
      '/hang-up-mid-gzip': (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bigGzip.length) });
        res.write(bigGzip.subarray(0, bigGzip.length >> 1), () => res.socket?.destroy());
      },
      '/zstd': { headers: { 'content-encoding': 'zstd' }, body: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]) },
      '/latin1-gzip': {
        headers: { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml; charset=iso-8859-1' },
        body: gzipSync(Buffer.from(RSS.replace('</title>', ' caf\u00e9</title>'), 'latin1')),
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await agent.close();
  });

  it.each(['/gzip', '/x-gzip', '/br', '/deflate', '/raw-deflate', '/gzip-then-br'])('undoes the encoding of %s and counts the decompressed bytes', async (path) => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url(path) }, options);

    expect(result).toMatchObject({ kind: 'fetched', text: RSS, bytes: body.length });
  });

  it('gives the body as received, the encoding undone, and decodes it to text by its charset only when asked', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/latin1-gzip') }, options);
    if (result.kind !== 'fetched') throw new Error(`expected a body, got ${result.kind}`);
    const raw = Buffer.from(RSS.replace('</title>', ' caf\u00e9</title>'), 'latin1');
    expect(Buffer.from(result.body).equals(raw)).toBe(true);
    expect(result.text).toBe(RSS.replace('</title>', ' caf\u00e9</title>'));
  });

  it('decodes when the text is first read, not when the body arrives, and a copy of the result does not decode it', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/gzip') }, options);
    if (result.kind !== 'fetched') throw new Error(`expected a body, got ${result.kind}`);
    const copy = { ...result };
    expect(Object.keys(copy)).not.toContain('text');
    // What the bytes say when the text is first read is what it holds: nothing was decoded before.
    result.body.set(Buffer.from('<rss/>'.padEnd(result.body.length, ' ')));
    expect(result.text.trimEnd()).toBe('<rss/>');
  });

  it('fails with a readable message on a body that is not the gzip it claims', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/corrupt-gzip') }, options));

    expect(error.kind).toBe('unknown');
    expect(error.message).toContain('could not decompress the body');
  });

  it('says the body could not be decompressed when it is not the brotli it claims, as it does for gzip', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/corrupt-br') }, options));

    expect(error.kind).toBe('unknown');
    expect(error.message).toContain('could not decompress the body');
  });

  it('reads a gzip body followed by a stray newline, as browsers and curl do', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/gzip-trailing-newline') }, options);

    expect(result).toMatchObject({ kind: 'fetched', text: RSS });
  });

  it('reads the whole of a large gzip body followed by bytes that are not gzip', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/big-gzip-trailing-html') }, options);

    expect(result).toMatchObject({ kind: 'fetched', text: bigRss, bytes: Buffer.byteLength(bigRss) });
  });

  it('still fails on a gzip body cut short before the end of its member', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/truncated-gzip') }, options));

    expect(error.kind).toBe('unknown');
    expect(error.message).toContain('could not decompress the body');
  });

  it('fails with connection, not as a body it could not decompress, when the server hangs up mid-way through a gzip body', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/hang-up-mid-gzip') }, options));

    expect(error.kind).toBe('connection');
  });

  it('fails on an encoding it did not ask for', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/zstd') }, options));

    expect(error.kind).toBe('unknown');
    expect(error.message).toContain('unsupported Content-Encoding zstd');
  });
});
