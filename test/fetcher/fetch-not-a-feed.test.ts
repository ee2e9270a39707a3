import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/fetcher/create-agent.js';
import { fetchFeed } from '../../src/fetcher/fetch-feed.js';
import { FeedServer } from '../helpers/feed-server.js';
import { fetchErrorOf, testOptions } from './fetch-test-options.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const JSON_FEED = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'A', items: [] });

describe('fetchFeed: not a feed', () => {
  let server: FeedServer;
  const agent = createAgent({ connectTimeoutMs: 5_000 });
  const options = testOptions(agent);

  beforeAll(async () => {
    server = await FeedServer.start({
      '/page': { headers: { 'content-type': 'text/html' }, body: '\n  <!DOCTYPE html>\n<html><head><title>Blog</title></head></html>' },
      '/bare-html': { headers: { 'content-type': 'application/xml' }, body: '\uFEFF<HTML><body>Moved</body></HTML>' },
      '/logo.png': { headers: { 'content-type': 'image/png' }, body: PNG },
      '/episode.mp3': { headers: { 'content-type': 'audio/mpeg' }, body: Buffer.alloc(16) },
      '/feed.json': { headers: { 'content-type': 'application/feed+json' }, body: JSON_FEED },
      '/xhtml-page': {
        headers: { 'content-type': 'text/html' },
        body: '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">\n<html><body>Blog</body></html>',
      },
      '/commented-page': { headers: { 'content-type': 'text/html' }, body: '<!-- served by cache 3 -->\n<html lang="en"><body>Blog</body></html>' },
      '/head-page': { headers: { 'content-type': 'text/html' }, body: '<head><title>Blog</title></head><body>Hi</body>' },
      '/xhtml-in-feed': {
        headers: { 'content-type': 'text/html' },
        body: '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="html">&lt;html&gt;</title></feed>',
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await agent.close();
  });

  it('refuses an HTML page that starts with a doctype after whitespace', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/page') }, options));

    expect(error.kind).toBe('not_a_feed');
    expect(error.message).toContain('got an HTML page, not a feed');
  });

  it('refuses an HTML page by its body even under an XML Content-Type and a BOM', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/bare-html') }, options));

    expect(error.kind).toBe('not_a_feed');
  });

  it.each(['/xhtml-page', '/commented-page', '/head-page'])('refuses %s, an HTML page after an XML declaration, a comment, or without its html tag', async (path) => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url(path) }, options));

    expect(error.kind).toBe('not_a_feed');
  });

  it('refuses an image by its Content-Type', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/logo.png') }, options));

    expect(error.kind).toBe('not_a_feed');
    expect(error.message).toContain('got image/png, not a feed');
  });

  it('refuses audio by its Content-Type', async () => {
    const error = await fetchErrorOf(fetchFeed({ sourceKey: 'test', url: server.url('/episode.mp3') }, options));

    expect(error).toMatchObject({ kind: 'not_a_feed' });
    expect(error.message).toContain('got audio/mpeg, not a feed');
  });

  it('passes a JSON body through for the parser to judge', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/feed.json') }, options);

    expect(result).toMatchObject({ kind: 'fetched', text: JSON_FEED, contentType: 'application/feed+json' });
  });

  it('passes a feed served as text/html when its body is a feed', async () => {
    const result = await fetchFeed({ sourceKey: 'test', url: server.url('/xhtml-in-feed') }, options);

    expect(result.kind).toBe('fetched');
  });
});
