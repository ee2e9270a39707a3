import { describe, expect, it } from 'vitest';
import type { Item } from '../../src/model/item.js';
import { canonicalLink } from '../../src/model/canonical-link.js';
import { EchoFreeWindow, removeEchoes } from '../../src/publisher/remove-echoes.js';
import { makeItem } from '../helpers/make-item.js';

const from = (key: string, externalId: string, link: string | undefined, publishedAt: string): Item =>
  makeItem({ externalId, link, publishedAt, updatedAt: publishedAt, source: { key, name: key, type: 'RSS' } });
const ids = (items: Item[]) => items.map((item) => `${item.source.key}/${item.externalId}`);

describe('the canonical link of an article', () => {
  it.each([
    ['drops utm_* parameters', 'https://news.example/a?utm_source=rss&utm_medium=feed&utm_campaign=x', 'news.example/a'],
    ['drops ad and mailing-list click ids', 'https://news.example/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&msclkid=5', 'news.example/a'],
    ['drops a ref that names a feed', 'https://news.example/a?ref=rss', 'news.example/a'],
    ['keeps a ref that does not', 'https://news.example/a?ref=main', 'news.example/a?ref=main'],
    ['lower-cases the host and drops the fragment', 'https://NEWS.Example/a#comments', 'news.example/a'],
    ['ignores a trailing slash', 'https://news.example/a/', 'news.example/a'],
    ['treats http and https alike', 'http://news.example/a', 'news.example/a'],
    ['keeps the query that names the article, sorted', 'https://news.example/story?p=2&id=7&utm_source=x', 'news.example/story?id=7&p=2'],
    ['keeps the path case', 'https://news.example/Story', 'news.example/Story'],
  ])('%s', (_name, link, expected) => {
    expect(canonicalLink(link)).toBe(expected);
  });

  it('has none for a home page, a missing or unreadable link', () => {
    expect(canonicalLink('https://news.example/')).toBeUndefined();
    expect(canonicalLink('https://news.example/?utm_source=rss')).toBeUndefined();
    expect(canonicalLink(undefined)).toBeUndefined();
    expect(canonicalLink('not a url')).toBeUndefined();
  });
});

describe('removing echoes', () => {
  it('shows an article carried by two sources once: the copy published first', () => {
    const items = [
      from('wire', 'w1', 'https://news.example/a?utm_source=wire', '2025-12-16T12:00:00.000Z'),
      from('blog', 'b1', 'https://NEWS.example/a/', '2025-12-16T10:00:00.000Z'),
      from('blog', 'b2', 'https://news.example/b', '2025-12-16T11:00:00.000Z'),
    ];
    expect(ids(removeEchoes(items))).toEqual(['blog/b2', 'blog/b1']);
  });

  it('keeps the copy of the source whose key sorts first when both were published at once', () => {
    const at = '2025-12-16T12:00:00.000Z';
    expect(ids(removeEchoes([from('zeta', 'z', 'https://news.example/a', at), from('alpha', 'a', 'https://news.example/a', at)]))).toEqual(['alpha/a']);
    expect(ids(removeEchoes([from('alpha', 'a', 'https://news.example/a', at), from('zeta', 'z', 'https://news.example/a', at)]))).toEqual(['alpha/a']);
  });

  it('never treats items of one source as echoes of each other', () => {
    const items = [from('blog', 'b1', 'https://news.example/a', '2025-12-16T12:00:00.000Z'), from('blog', 'b2', 'https://news.example/a', '2025-12-16T11:00:00.000Z')];
    expect(ids(removeEchoes(items))).toEqual(['blog/b1', 'blog/b2']);
  });

  it('keeps every item without a link, and every item linking to a home page', () => {
    const items = [
      from('a', '1', undefined, '2025-12-16T12:00:00.000Z'),
      from('b', '2', undefined, '2025-12-16T11:00:00.000Z'),
      from('a', '3', 'https://news.example/', '2025-12-16T10:00:00.000Z'),
      from('b', '4', 'https://news.example/', '2025-12-16T09:00:00.000Z'),
    ];
    expect(ids(removeEchoes(items))).toEqual(['a/1', 'b/2', 'a/3', 'b/4']);
  });

  it('gives the same result whatever the input order, newest first', () => {
    const items = [
      from('a', '1', 'https://x.example/1', '2025-12-16T12:00:00.000Z'),
      from('b', '2', 'https://x.example/1', '2025-12-16T09:00:00.000Z'),
      from('c', '3', 'https://x.example/2', '2025-12-16T11:00:00.000Z'),
      from('a', '4', 'https://x.example/2?fbclid=9', '2025-12-16T10:00:00.000Z'),
    ];
    const expected = ['a/4', 'b/2'];
    expect(ids(removeEchoes(items))).toEqual(expected);
    expect(ids(removeEchoes([...items].reverse()))).toEqual(expected);
  });

  it('frees the place of a later copy when the original arrives, so a window fed newest first fills up', () => {
    const window = new EchoFreeWindow(2);
    window.offer(from('wire', 'w1', 'https://news.example/a', '2025-12-16T12:00:00.000Z'));
    window.offer(from('wire', 'w2', 'https://news.example/b', '2025-12-16T11:00:00.000Z'));
    expect(window.isFull).toBe(true);
    const fresh = new EchoFreeWindow(2);
    fresh.offer(from('wire', 'w1', 'https://news.example/a', '2025-12-16T12:00:00.000Z'));
    fresh.offer(from('blog', 'b1', 'https://news.example/a', '2025-12-16T08:00:00.000Z'));
    expect(fresh.size).toBe(1);
    fresh.offer(from('blog', 'b2', 'https://news.example/c', '2025-12-16T07:00:00.000Z'));
    expect(ids(fresh.items())).toEqual(['blog/b1', 'blog/b2']);
  });
});
