import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/fetcher/create-agent.js';
import { fetchFeed } from '../../src/fetcher/fetch-feed.js';
import { FeedServer } from '../helpers/feed-server.js';
import { fetchErrorOf, RSS, testOptions } from './fetch-test-options.js';

const ETAG = '"v1-abc"';
const LAST_MODIFIED = 'Tue, 01 Jul 2025 10:00:00 GMT';

describe('fetchFeed: conditional GET', () => {
  let server: FeedServer;
  const agent = createAgent({ connectTimeoutMs: 5_000 });
  const options = testOptions(agent);

  beforeAll(async () => {
    server = await FeedServer.start({
      '/feed.xml': {
        headers: {
          etag: ETAG,
          'last-modified': LAST_MODIFIED,
          'cache-control': 'max-age=600',
          expires: 'Tue, 01 Jul 2025 10:10:00 GMT',
          'content-language': 'en',
        },
        body: RSS,
      },
      '/etag.xml': (req, res) => {
        if (req.headers['if-none-match'] === ETAG) return void res.writeHead(304, { etag: ETAG }).end();
        res.writeHead(200, { etag: ETAG, 'content-type': 'application/rss+xml' }).end(RSS);
      },
      '/last-modified.xml': (req, res) => {
        if (req.headers['if-modified-since'] === LAST_MODIFIED) return void res.writeHead(304).end();
        res.writeHead(200, { 'last-modified': LAST_MODIFIED, 'content-type': 'application/rss+xml' }).end(RSS);
      },
      // A broken cache in front of the feed, answering 304 to everything, conditional or not.
      '/always-304': (_req, res) => void res.writeHead(304).end(),
    });
  });
  afterAll(async () => {
    await server.close();
    await agent.close();
  });

  it('returns the decoded body with the validators and caching headers of a 200', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/feed.xml') }, options);

    expect(result).toMatchObject({
      kind: 'fetched',
      status: 200,
      requestedUrl: server.url('/feed.xml'),
      finalUrl: server.url('/feed.xml'),
      text: RSS,
      bytes: Buffer.byteLength(RSS),
      bodyHash: createHash('sha256').update(RSS).digest('hex'),
      etag: ETAG,
      lastModified: LAST_MODIFIED,
      contentType: 'application/rss+xml; charset=utf-8',
      contentLanguage: 'en',
      cacheControl: 'max-age=600',
      expires: 'Tue, 01 Jul 2025 10:10:00 GMT',
    });
    expect(result.movedTo).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('sends the user agent, the feed Accept list and the encodings it can undo', async () => {
    await fetchFeed({ sourceKey: 'test', url: server.url('/feed.xml') }, options);

    const headers = server.requests.at(-1)?.headers;
    expect(headers?.['user-agent']).toBe(options.userAgent);
    expect(headers?.accept).toMatch(/^application\/atom\+xml, application\/rss\+xml, .*\*\/\*;q=0\.8$/);
    expect(headers?.['accept-encoding']).toBe('gzip, deflate, br');
    expect(headers?.['if-none-match']).toBeUndefined();
  });

  it('gets not-modified when the server matches the ETag sent as If-None-Match', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/etag.xml'), validators: { etag: ETAG } }, options);

    expect(result).toMatchObject({ kind: 'not-modified', status: 304, finalUrl: server.url('/etag.xml') });
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe(ETAG);
  });

  it('gets not-modified when the server matches the Last-Modified sent as If-Modified-Since', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/last-modified.xml'), validators: { lastModified: LAST_MODIFIED } }, options);

    expect(result).toMatchObject({ kind: 'not-modified', status: 304 });
    expect(server.requests.at(-1)?.headers['if-modified-since']).toBe(LAST_MODIFIED);
  });

  it('fails as http when a server answers 304 to a request that sent no validators: there is nothing to read', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/always-304') }, options));

    expect(server.requests.at(-1)?.headers['if-none-match']).toBeUndefined();
    expect(server.requests.at(-1)?.headers['if-modified-since']).toBeUndefined();
    expect(error).toMatchObject({ kind: 'http', status: 304, reason: 'answered 304 Not Modified to a plain GET' });
  });

  it('gets the full body when the validators no longer match', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/etag.xml'), validators: { etag: '"stale"' } }, options);

    expect(result).toMatchObject({ kind: 'fetched', status: 200, etag: ETAG, text: RSS });
  });

  it('makes and closes its own connection pool when no dispatcher is given', async () => {
    const { dispatcher: _omitted, ...withoutDispatcher } = options;

    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/feed.xml') }, withoutDispatcher);

    expect(result.kind).toBe('fetched');
  });
});
