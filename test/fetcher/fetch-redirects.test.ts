import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/fetcher/create-agent.js';
import { fetchFeed } from '../../src/fetcher/fetch-feed.js';
import { FeedServer, type Route } from '../helpers/feed-server.js';
import { fetchErrorOf, RSS, testOptions } from './fetch-test-options.js';

function redirect(status: number, location: string): Route {
  return (_req, res) => void res.writeHead(status, { location }).end('moved');
}

describe('fetchFeed: redirects', () => {
  let server: FeedServer;
  const agent = createAgent({ connectTimeoutMs: 5_000 });
  const options = testOptions(agent, { maxRedirects: 3 });

  beforeAll(async () => {
    server = await FeedServer.start({ '/feed.xml': { body: RSS } });
    // Eleven redirects whose pages never end: each is still draining when the next hop is asked.
    for (let hop = 1; hop < 12; hop += 1) {
      server.route(`/stalled-chain-${hop}`, (_req, res) => {
        res.writeHead(302, { location: `/stalled-chain-${hop + 1}`, 'content-length': '512' });
        res.write('<html><body>Moved');
      });
    }
    server
      .route('/permanent', redirect(301, server.url('/feed.xml')))
      .route('/permanent-308', redirect(308, '/feed.xml'))
      .route('/temporary', redirect(302, server.url('/feed.xml')))
      .route('/see-other', redirect(303, '/feed.xml'))
      .route('/temporary-307', redirect(307, '/feed.xml'))
      .route('/dir/relative', redirect(302, '../feed.xml'))
      .route('/moved-twice', redirect(301, '/moved-once'))
      .route('/moved-once', redirect(301, '/feed.xml'))
      .route('/temporary-then-permanent', redirect(302, '/moved-once'))
      .route('/loop-a', redirect(302, '/loop-b'))
      .route('/loop-b', redirect(301, '/loop-a'))
      .route('/secret-loop', redirect(302, '/secret-loop?api_key=k3y'))
      .route('/secret-invalid', redirect(302, 'http://127.0.0.1:99999/feed?api_key=k3y'))
      .route('/login-wall', redirect(302, '/login?next=%2Ffeed%3Ftoken%3Dt0ken'))
      .route('/login', (_req, res) => {
        res.writeHead(403, { 'content-type': 'text/html' });
        res.end('<p>Sign in</p>');
      })
      // The path's UTF-8 bytes sent raw in the header, as many sites send their slugs.
      .route('/utf8-location', redirect(302, Buffer.from('/café/feed.xml', 'utf8').toString('latin1')))
      .route('/caf%C3%A9/feed.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS))
      .route('/chain-1', redirect(302, '/chain-2'))
      .route('/chain-2', redirect(302, '/chain-3'))
      .route('/chain-3', redirect(302, '/chain-4'))
      .route('/chain-4', redirect(302, '/feed.xml'))
      // Status and Location at once, then a body shorter than its Content-Length, the connection left
      // open: a proxy or app server that mis-declares the length of its redirect page.
      .route('/stalled', (_req, res) => {
        res.writeHead(302, { location: '/feed.xml', 'content-length': '512', 'content-type': 'text/html' });
        res.write('<html><body>Moved to <a href="/feed.xml">');
      })
      .route('/conditional', redirect(302, '/conditional-target'))
      .route('/stalled-chain-12', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS))
      .route('/conditional-target', (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
        res.writeHead(200).end(RSS);
      });
  });
  afterAll(async () => {
    await server.close();
    await agent.close();
  });

  it('sets movedTo to the target of a 301 and reads the feed there', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/permanent') }, options);

    expect(result).toMatchObject({ kind: 'fetched', status: 200, text: RSS, finalUrl: server.url('/feed.xml') });
    expect(result.movedTo).toBe(server.url('/feed.xml'));
    expect(result.requestedUrl).toBe(server.url('/permanent'));
  });

  it('sets movedTo on a 308 with a relative Location resolved against the redirecting URL', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/permanent-308') }, options);

    expect(result.movedTo).toBe(server.url('/feed.xml'));
  });

  it.each(['/temporary', '/see-other', '/temporary-307'])('follows a temporary redirect at %s without setting movedTo', async (path) => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url(path) }, options);

    expect(result).toMatchObject({ kind: 'fetched', finalUrl: server.url('/feed.xml') });
    expect(result.movedTo).toBeUndefined();
  });

  it('resolves a relative Location with dot segments', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/dir/relative') }, options);

    expect(result.finalUrl).toBe(server.url('/feed.xml'));
  });

  it('keeps the first permanent target as movedTo when two 301s follow each other', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/moved-twice') }, options);

    expect(result.movedTo).toBe(server.url('/moved-once'));
    expect(result.finalUrl).toBe(server.url('/feed.xml'));
  });

  it('does not set movedTo for a 301 that comes after a temporary redirect', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/temporary-then-permanent') }, options);

    expect(result.finalUrl).toBe(server.url('/feed.xml'));
    expect(result.movedTo).toBeUndefined();
  });

  it('fails with too_many_redirects naming the URL met twice in a loop', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/loop-a') }, options));

    expect(error.kind).toBe('too_many_redirects');
    expect(error.message).toContain(`redirect loop at ${server.url('/loop-a')}`);
    expect(server.requestsTo('/loop-a')).toBeGreaterThanOrEqual(1);
  });

  it('redacts a secret in the URL a loop names, in the reason as in the message it composes', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/secret-loop?api_key=k3y') }, options));

    const safe = `${server.url('/secret-loop')}?api_key=***`;
    expect(error.url).toBe(safe);
    expect(error.reason).toBe(`redirect loop at ${safe}`);
    expect(error.message).toBe(`test: redirect loop at ${safe} (${safe})`);
  });

  it("names neither the credential of a redirect to an invalid URL nor one nested in a login page's return address", async () => {
    const invalid = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/secret-invalid') }, options));
    expect(invalid.message).toContain('redirect to an invalid URL: http://127.0.0.1:99999/feed?…');
    expect(invalid.message).not.toContain('k3y');

    const wall = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/login-wall') }, options));
    expect(wall.url).toBe(`${server.url('/login')}?next=%2Ffeed%3Ftoken%3D***`);
    expect(wall.message).not.toContain('t0ken');
  });

  it('reads a Location sent as raw UTF-8 as UTF-8, as browsers do', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/utf8-location') }, options);
    expect(result).toMatchObject({ kind: 'fetched', text: RSS, finalUrl: server.url('/caf%C3%A9/feed.xml') });
  });

  it('fails with too_many_redirects after maxRedirects hops without asking further', async () => {
    const before = server.requestsTo('/chain-4');

    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/chain-1') }, options));

    expect(error.kind).toBe('too_many_redirects');
    expect(error.message).toContain('more than 3 redirects');
    expect(server.requestsTo('/chain-4')).toBe(before + 1);
  });

  it('follows the Location as soon as it has it, without waiting for the body of the redirect to end', async () => {
    const before = server.requestsTo('/feed.xml');

    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/stalled') }, { ...options, timeoutMs: 2_000 });

    expect(result).toMatchObject({ kind: 'fetched', finalUrl: server.url('/feed.xml') });
    expect(server.requestsTo('/feed.xml')).toBe(before + 1);
  });

  it('sends the validators on every hop, so a redirected feed can answer 304', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/conditional'), validators: { etag: '"v1"' } }, options);

    expect(result).toMatchObject({ kind: 'not-modified', finalUrl: server.url('/conditional-target') });
    const hops = server.requests.filter((r) => r.path.startsWith('/conditional'));
    expect(hops.map((r) => r.headers['if-none-match'])).toEqual(['"v1"', '"v1"']);
  });

  it('follows a long chain of redirects whose pages are still coming in without a listener warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const result = await fetchFeed({ sourceKey: 'test', url: server.url('/stalled-chain-1') }, { ...options, maxRedirects: 12 });
      expect(result).toMatchObject({ kind: 'fetched', finalUrl: server.url('/stalled-chain-12') });
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });
});
