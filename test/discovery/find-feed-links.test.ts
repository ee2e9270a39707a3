import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonFeedUrls } from '../../src/discovery/common-feed-paths.js';
import { findFeedLinks } from '../../src/discovery/find-feed-links.js';

const page = (name: string) => readFile(join('test/fixtures/discovery', name), 'utf8');

describe('finding the feeds a page announces', () => {
  it("finds a WordPress home page's feed and comments feed, in page order, resolved against the page", async () => {
    expect(findFeedLinks(await page('wordpress-home.html'), 'https://chain-daily.example/')).toEqual([
      { url: 'https://chain-daily.example/feed/', type: 'application/rss+xml', title: 'Chain Daily » Feed' },
      { url: 'https://chain-daily.example/comments/feed/', type: 'application/rss+xml', title: 'Chain Daily » Comments Feed' },
    ]);
  });

  it('leaves out the REST API and oEmbed links that also say rel="alternate"', async () => {
    const urls = findFeedLinks(await page('wordpress-home.html'), 'https://chain-daily.example/').map((link) => link.url);
    expect(urls.some((url) => url.includes('wp-json'))).toBe(false);
  });

  it('resolves against <base href>, reads tags and attributes in any case, and lists each feed once', async () => {
    expect(findFeedLinks(await page('relative-and-base.html'), 'https://www.example/start/page.html')).toEqual([
      { url: 'https://cdn.example/blog/atom.xml', type: 'application/atom+xml', title: 'Notes (Atom)' },
      { url: 'https://cdn.example/blog/feed.json', type: 'application/feed+json' },
    ]);
  });

  it('resolves against the first <base href> only, as browsers do', () => {
    const html = '<head><base target="_top"><base href="/blog/"><link rel="alternate" type="application/rss+xml" href="feed.xml"></head><body><base href="/widget/"></body>';
    expect(findFeedLinks(html, 'https://www.example/2024/post.html')).toEqual([{ url: 'https://www.example/blog/feed.xml', type: 'application/rss+xml' }]);
  });

  it('ignores links in comments and scripts, empty hrefs and javascript: URLs', async () => {
    const urls = findFeedLinks(await page('relative-and-base.html'), 'https://www.example/').map((link) => link.url);
    expect(urls.join(' ')).not.toMatch(/commented-out|scripted|javascript/);
  });

  it('finds nothing on a page that announces nothing', async () => {
    expect(findFeedLinks(await page('no-feed-announced.html'), 'https://www.example/')).toEqual([]);
  });

  it('reads a fragment that is hardly HTML at all', () => {
    expect(findFeedLinks('<link rel=alternate type=application/rss+xml href=/rss><p><<<', 'http://x.example/a/b')).toEqual([{ url: 'http://x.example/rss', type: 'application/rss+xml' }]);
  });
});

describe('the common feed paths of a site', () => {
  it("are tried at the root of the page's site, in a fixed order", () => {
    expect(commonFeedUrls('https://blog.example:8443/2024/05/post.html?x=1')).toEqual([
      'https://blog.example:8443/feed',
      'https://blog.example:8443/rss',
      'https://blog.example:8443/rss.xml',
      'https://blog.example:8443/atom.xml',
      'https://blog.example:8443/feed.xml',
      'https://blog.example:8443/index.xml',
      'https://blog.example:8443/feeds/posts/default',
      'https://blog.example:8443/?feed=rss2',
    ]);
  });
});
