import { getEventListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/fetcher/create-agent.js';
import { fetchFeed } from '../../src/fetcher/fetch-feed.js';
import { FeedServer } from '../helpers/feed-server.js';
import { fetchErrorOf, RSS, testOptions } from './fetch-test-options.js';

/** Resolves when the server's response ends: true if it was written out, false if the client cut it. */
function whenClosed(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => res.on('close', () => resolve(res.writableFinished)));
}

describe('fetchFeed: deadlines and size caps', () => {
  let server: FeedServer;
  const agent = createAgent({ connectTimeoutMs: 5_000 });
  const options = testOptions(agent);
  let endlessClosed: Promise<boolean> | undefined;
  let trickleClosed: Promise<boolean> | undefined;
  let emptyDeflateClosed: Promise<boolean> | undefined;

  beforeAll(async () => {
    server = await FeedServer.start({
      // Headers never come; the request's socket is left open until the client gives up.
      '/stall': () => undefined,
      '/trickle': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.write('<?xml version="1.0"?><rss><channel>');
        const interval = setInterval(() => res.write(' '), 20);
        trickleClosed = whenClosed(res);
        res.on('close', () => clearInterval(interval));
      },
      '/endless': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        endlessClosed = whenClosed(res);
        const chunk = Buffer.alloc(16 * 1024, ' ');
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        res.write('<?xml version="1.0"?><rss><channel><title>');
        pump();
      },
      '/declared-huge': (_req, res) => {
        // Claims more than the cap up front; the body itself would never come.
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(50 * 1024 * 1024) });
        res.write('<rss>');
      },
      '/bomb': {
        headers: { 'content-encoding': 'gzip' },
        body: gzipSync(Buffer.alloc(32 * 1024 * 1024, ' ')),
      },
      '/feed.xml': { body: RSS },
      // zlib-wrapped deflate made of empty stored blocks: bytes on the wire that decode to nothing.
      '/empty-deflate': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' });
        emptyDeflateClosed = whenClosed(res);
        const blocks = Buffer.concat(Array.from({ length: 4096 }, () => Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff])));
        const pump = (): void => {
          while (!res.destroyed && res.write(blocks));
          if (!res.destroyed) res.once('drain', pump);
        };
        res.write(Buffer.from([0x78, 0x01]));
        pump();
      },
      '/gzip-3': { headers: { 'content-encoding': 'gzip, gzip, gzip' }, body: gzipSync(gzipSync(gzipSync(RSS))) },
      '/gzip-4': { headers: { 'content-encoding': 'gzip, gzip, gzip, gzip' }, body: gzipSync(gzipSync(gzipSync(gzipSync(RSS)))) },
      // The zlib header's first byte alone in the first chunk.
      '/deflate-split': (_req, res) => {
        const deflated = deflateSync(RSS);
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' });
        res.write(deflated.subarray(0, 1), () => setTimeout(() => res.end(deflated.subarray(1)), 50));
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await agent.close();
  });

  it('times out when the response headers do not come in time', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/stall') }, { ...options, timeoutMs: 300 }));

    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('timed out after 300 ms');
  });

  it('times out on a body that trickles on forever, and closes the connection', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/trickle') }, { ...options, timeoutMs: 300 }));

    expect(error.kind).toBe('timeout');
    await expect(trickleClosed).resolves.toBe(false);
  });

  it('cuts an endless body at maxBodyBytes with too_large, and the server sees the connection closed', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/endless') }, { ...options, maxBodyBytes: 256 * 1024 }));

    expect(error.kind).toBe('too_large');
    expect(error.message).toContain('body larger than 262144 bytes');
    await expect(endlessClosed).resolves.toBe(false);
  });

  it('refuses a body whose Content-Length is over the cap before reading it', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/declared-huge') }, { ...options, maxBodyBytes: 1024 * 1024 }));

    expect(error.kind).toBe('too_large');
    expect(error.message).toContain('body larger than 1048576 bytes');
  });

  it('cuts a gzip bomb at maxBodyBytes counted after decompression', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/bomb') }, { ...options, maxBodyBytes: 1024 * 1024 }));

    expect(error.kind).toBe('too_large');
  });

  it('cuts a compressed body that decodes to nothing at maxBodyBytes counted as sent, and closes the connection', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/empty-deflate') }, { ...options, maxBodyBytes: 256 * 1024 }));

    expect(error.kind).toBe('too_large');
    await expect(emptyDeflateClosed).resolves.toBe(false);
  });

  it('undoes three stacked codings and refuses a fourth, which would hold the cap once more in memory', async () => {
    await expect(fetchFeed({ sourceKey: 'test', url: server.url('/gzip-3') }, options)).resolves.toMatchObject({ kind: 'fetched', text: RSS });
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/gzip-4') }, options));

    expect(error.message).toContain('unsupported Content-Encoding gzip, gzip, gzip, gzip (more than 3 codings)');
  });

  it('reads deflate whose zlib header is split across the first two chunks', async () => {
    await expect(fetchFeed({ sourceKey: 'test', url: server.url('/deflate-split') }, options)).resolves.toMatchObject({ kind: 'fetched', text: RSS });
  });

  it('fails as aborted when the caller aborts the fetch', async () => {
    const controller = new AbortController();
    const pending = fetchFeed({ sourceKey: 'test', url: server.url('/stall') }, { ...options, signal: controller.signal });
    controller.abort(new Error('shutting down'));

    const error = await fetchErrorOf(pending);

    expect(error.kind).toBe('unknown');
    expect(error.message).toContain('aborted');
    expect(error.cause).toEqual(new Error('shutting down'));
  });

  it('does not start when the caller signal is already aborted', async () => {
    const before = server.requestsTo('/feed.xml');

    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/feed.xml') }, { ...options, signal: AbortSignal.abort() }));

    expect(error.message).toContain('aborted');
    expect(server.requestsTo('/feed.xml')).toBe(before);
  });

  it("leaves no listener on the caller's signal once the fetch is over", async () => {
    const controller = new AbortController();

    await fetchFeed({ sourceKey: 'test', url: server.url('/feed.xml') }, { ...options, signal: controller.signal });

    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
