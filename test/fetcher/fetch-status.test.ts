import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/fetcher/create-agent.js';
import { fetchFeed } from '../../src/fetcher/fetch-feed.js';
import { FeedServer } from '../helpers/feed-server.js';
import { fetchErrorOf, testOptions } from './fetch-test-options.js';

const NOW = new Date('2025-07-01T10:00:00Z');

describe('fetchFeed: error statuses', () => {
  let server: FeedServer;
  const agent = createAgent({ connectTimeoutMs: 5_000 });
  const options = testOptions(agent, { now: () => NOW });

  beforeAll(async () => {
    server = await FeedServer.start({
      '/gone': { status: 410, body: 'this feed is no more' },
      '/broken': { status: 500, body: 'stack trace…' },
      '/not-found': { status: 404, body: 'no such feed' },
      '/slow-down': { status: 429, headers: { 'retry-after': '120' }, body: 'too many requests' },
      '/come-back-at': { status: 429, headers: { 'retry-after': 'Tue, 01 Jul 2025 10:05:00 GMT' }, body: '' },
      '/maintenance': { status: 503, headers: { 'retry-after': '30' }, body: 'down for maintenance' },
      '/error-with-retry-after': { status: 500, headers: { 'retry-after': '30' }, body: '' },
      // An error page shorter than its Content-Length, the connection left open.
      '/stalled-error-page': (_req, res) => {
        res.writeHead(503, { 'content-length': '512', 'content-type': 'text/html' });
        res.write('<html><body>Down for maintenance');
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await agent.close();
  });

  it('fails with gone on 410', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/gone') }, options));

    expect(error).toMatchObject({ kind: 'gone', code: 'FETCH_GONE', sourceKey: 'test', url: server.url('/gone') });
    expect(error.status).toBe(410);
  });

  it('fails with http, the status and its reason phrase on 500', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/broken') }, options));

    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
    expect(error.message).toBe(`test: HTTP 500 Internal Server Error (${server.url('/broken')})`);
    expect(error.details.retryAfterMs).toBeUndefined();
  });

  it('fails with http on 404', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/not-found') }, options));

    expect(error).toMatchObject({ kind: 'http', details: { status: 404 } });
  });

  it('reads a Retry-After in seconds on 429', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/slow-down') }, options));

    expect(error).toMatchObject({ kind: 'http', details: { status: 429, retryAfterMs: 120_000 } });
  });

  it('reads a Retry-After HTTP date on 429 relative to the injected clock', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/come-back-at') }, options));

    expect(error).toMatchObject({ kind: 'http', details: { status: 429, retryAfterMs: 300_000 } });
  });

  it('reads a Retry-After on 503', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/maintenance') }, options));

    expect(error).toMatchObject({ kind: 'http', details: { status: 503, retryAfterMs: 30_000 } });
  });

  it('ignores Retry-After on other statuses', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/error-with-retry-after') }, options));

    expect(error.details.retryAfterMs).toBeUndefined();
  });

  it('fails with the status at once, without waiting for the error page to end', async () => {
    const startedAt = performance.now();
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/stalled-error-page') }, { ...options, timeoutMs: 2_000 }));

    expect(error).toMatchObject({ kind: 'http', details: { status: 503 } });
    expect(performance.now() - startedAt).toBeLessThan(1_000);
  });
});
