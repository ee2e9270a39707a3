import { describe, expect, it } from 'vitest';
import { canonicalUrl, resolveBase, resolveUrl } from '../../src/normalizer/urls.js';

describe('resolveUrl', () => {
  it.each([
    ['https://example.com/a', undefined, 'https://example.com/a'],
    ['/a/b', 'https://example.com/feed/', 'https://example.com/a/b'],
    ['b', 'https://example.com/feed/', 'https://example.com/feed/b'],
    ['../b', 'https://example.com/feed/x/', 'https://example.com/feed/b'],
    ['//cdn.example.com/i.png', 'https://example.com/', 'https://cdn.example.com/i.png'],
    ['  https://example.com/trimmed  ', undefined, 'https://example.com/trimmed'],
    ['HTTP://EXAMPLE.COM/Path', undefined, 'http://example.com/Path'],
    ['?page=2', 'https://example.com/list?page=1', 'https://example.com/list?page=2'],
    // IRIs: a non-ASCII host becomes punycode, a non-ASCII path is percent-encoded as UTF-8.
    ['http://例え.テスト/記事', undefined, 'http://xn--r8jz45g.xn--zckzah/%E8%A8%98%E4%BA%8B'],
    ['記事/2', 'http://例え.テスト/ニュース/', 'http://xn--r8jz45g.xn--zckzah/%E3%83%8B%E3%83%A5%E3%83%BC%E3%82%B9/%E8%A8%98%E4%BA%8B/2'],
    ['straße', 'https://BÜCHER.example/katalog/', 'https://xn--bcher-kva.example/katalog/stra%C3%9Fe'],
  ])('resolves %j against %j to %s', (raw, base, expected) => {
    expect(resolveUrl(raw, base)).toBe(expected);
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    [' javascript:alert(1)'],
    ['vbscript:msgbox'],
    ['data:text/html,<script>alert(1)</script>'],
    ['mailto:someone@example.com'],
    ['ftp://example.com/file'],
    ['tag:example.com,2025:1'],
    [''],
    ['   '],
  ])('refuses %j', (raw) => {
    expect(resolveUrl(raw, 'https://example.com/')).toBeUndefined();
  });

  it('gives nothing for a relative URL without a base', () => {
    expect(resolveUrl('/a', undefined)).toBeUndefined();
  });
});

describe('resolveBase', () => {
  it('resolves each xml:base against the one outside it', () => {
    expect(resolveBase('https://example.com/feeds/main.xml', '/blog/', 'posts/', 'media/')).toBe('https://example.com/blog/posts/media/');
  });

  it('skips a base that is missing or not http(s)', () => {
    expect(resolveBase('https://example.com/feed', undefined, 'tag:example.com,2025:x')).toBe('https://example.com/feed');
  });

  it('is the feed URL when nothing else is given', () => {
    expect(resolveBase('https://example.com/feed')).toBe('https://example.com/feed');
  });
});

describe('canonicalUrl', () => {
  it('lower-cases the host and drops the fragment', () => {
    expect(canonicalUrl('HTTPS://News.Example.COM/Post/1?x=1#comments')).toBe('https://news.example.com/Post/1?x=1');
  });
});
