import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FetchConfigSchema } from '../../src/config/schema.js';
import { discoverFeed } from '../../src/discovery/discover-feed.js';
import { createHttpProbes } from '../../src/discovery/http-probes.js';
import { FetchError } from '../../src/errors/index.js';
import { createAgent } from '../../src/fetcher/create-agent.js';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { freePort } from '../helpers/redis-server.js';

const HTML = { 'content-type': 'text/html; charset=utf-8' };
const page = (name: string) => readFile(join('test/fixtures/discovery', name), 'utf8');
const feed = (title: string, count = 3) =>
  rssFeed(
    title,
    Array.from({ length: count }, (_, i) => ({ title: `${title} ${i}`, guid: `${title}-${i}`, date: `2025-12-0${i + 1}T10:00:00Z` })),
  );

describe('discovering the feed behind a URL', () => {
  let server: FeedServer;
  let agent: Agent;
  const discover = (url: string) => discoverFeed(url, createHttpProbes(FetchConfigSchema.parse({ timeoutMs: 5000, connectTimeoutMs: 2000 }), agent));

  beforeEach(async () => {
    server = await FeedServer.start();
    agent = createAgent({ connectTimeoutMs: 2000 });
  });

  afterEach(async () => {
    await agent.close();
    await server.close();
  });

  it('takes a URL that is a feed as it is, without asking for anything else', async () => {
    server.route('/news.rss', { body: feed('Chain Daily', 5) });
    const { found, attempts } = await discover(server.url('/news.rss'));
    expect(found).toMatchObject({ via: 'url', url: server.url('/news.rss'), feed: { type: 'RSS', title: 'Chain Daily' } });
    expect(found?.feed.items).toHaveLength(5);
    expect(attempts).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('follows the page\'s <link rel="alternate"> and names the other feeds it announces', async () => {
    server.route('/', { body: await page('wordpress-home.html'), headers: HTML });
    server.route('/feed/', { body: feed('Chain Daily') });
    const { found, alternatives } = await discover(server.url('/'));
    expect(found).toMatchObject({ via: 'link', url: server.url('/feed/'), feed: { title: 'Chain Daily' } });
    expect(alternatives.map((link) => link.url)).toEqual([server.url('/comments/feed/')]);
  });

  it('moves on to the next announced feed when the first cannot be read', async () => {
    server.route('/', { body: await page('wordpress-home.html'), headers: HTML });
    server.route('/feed/', { status: 500, body: 'down' });
    server.route('/comments/feed/', { body: feed('Comments on Chain Daily') });
    const { found, attempts } = await discover(server.url('/'));
    expect(found).toMatchObject({ via: 'link', url: server.url('/comments/feed/') });
    expect(attempts).toContainEqual({ url: server.url('/feed/'), reason: 'HTTP 500 Internal Server Error' });
  });

  it('tries the common feed paths of the site when the page announces nothing', async () => {
    server.route('/blog/', { body: await page('no-feed-announced.html'), headers: HTML });
    server.route('/feed.xml', { body: feed('Quiet Blog') });
    const { found, attempts } = await discover(server.url('/blog/'));
    expect(found).toMatchObject({ via: 'common-path', url: server.url('/feed.xml'), feed: { title: 'Quiet Blog' } });
    expect(attempts.map((attempt) => attempt.url)).toEqual([server.url('/blog/'), server.url('/feed'), server.url('/rss'), server.url('/rss.xml'), server.url('/atom.xml')]);
  });

  it('says what it tried, and why each failed, when there is no feed at all', async () => {
    server.route('/', { body: await page('no-feed-announced.html'), headers: HTML });
    const { found, attempts } = await discover(server.url('/'));
    expect(found).toBeUndefined();
    expect(attempts[0]).toEqual({ url: server.url('/'), reason: 'got an HTML page, not a feed' });
    // The page itself once, then the eight common paths; /?feed=rss2 is the page again, so it is asked for.
    expect(attempts).toHaveLength(9);
    expect(attempts.slice(1, 8).every((attempt) => attempt.reason === 'HTTP 404 Not Found')).toBe(true);
  });

  it('reads a page behind a redirect and resolves its links against where it ended up', async () => {
    server.route('/old', (_req, res) => void res.writeHead(301, { location: '/site/home' }).end());
    server.route('/site/home', { body: '<link rel="alternate" type="application/atom+xml" href="atom">', headers: HTML });
    server.route('/site/atom', { body: feed('Moved Site') });
    const { found } = await discover(server.url('/old'));
    expect(found).toMatchObject({ via: 'link', url: server.url('/site/atom') });
  });

  it('reports where a feed moved permanently, so that URL is the one subscribed to', async () => {
    server.route('/rss', (_req, res) => void res.writeHead(308, { location: '/v2/rss' }).end());
    server.route('/v2/rss', { body: feed('Relocated') });
    const { found } = await discover(server.url('/rss'));
    expect(found).toMatchObject({ via: 'url', url: server.url('/rss'), finalUrl: server.url('/v2/rss'), movedTo: server.url('/v2/rss') });
  });

  it('throws the fetch error of a URL that does not answer, guessing nothing else', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/`;
    await expect(discover(closed)).rejects.toMatchObject({ kind: 'connection' });
    await expect(discover(closed)).rejects.toBeInstanceOf(FetchError);
  });

  it('throws the HTTP error of a page that is not there', async () => {
    await expect(discover(server.url('/missing'))).rejects.toMatchObject({ kind: 'http', status: 404 });
    expect(server.requests).toHaveLength(1);
  });
});
