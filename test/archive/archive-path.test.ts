import { describe, expect, it } from 'vitest';
import { archivePathOf, itemHash, slugOf, withSuffix } from '../../src/archive/archive-path.js';
import { DEFAULT_ARCHIVE_LAYOUT } from '../../src/model/archive-layout.js';
import { makeItem } from '../helpers/make-item.js';

describe('an archive path', () => {
  it('is the default layout filled from the date, the title and the item hash', () => {
    const item = makeItem({ title: 'CoreWeave collapse sparks fears of cracks in AI infrastructure boom', externalId: '55880200', source: { key: 'coindesk', name: 'CoinDesk', type: 'RSS' } });
    expect(archivePathOf(item, DEFAULT_ARCHIVE_LAYOUT)).toBe(`2025/12/2025-12-16-coreweave-collapse-sparks-fears-of-cracks-in-ai-${itemHash('coindesk', '55880200')}.md`);
  });

  it('takes the date in UTC and the source key where the layout asks', () => {
    const item = makeItem({ publishedAt: '2026-01-31T23:59:59.000Z', title: 'x' });
    expect(archivePathOf(item, '{source}/{yyyy}-{mm}-{dd}/{slug}.md')).toBe('news/2026-01-31/x.md');
  });

  it('hashes the source key and the id together: another source, another hash', () => {
    expect(itemHash('a', '1')).toMatch(/^[0-9a-f]{8}$/);
    expect(itemHash('a', '1')).not.toBe(itemHash('b', '1'));
    expect(itemHash('a', '1')).toBe(itemHash('a', '1'));
  });

  it('numbers a taken name', () => {
    expect(withSuffix('2025/12/a-b.md', 2)).toBe('2025/12/a-b-2.md');
  });
});

describe('a slug', () => {
  it.each([
    ['CoreWeave’s AI bet: a $2B loss', 'coreweaves-ai-bet-a-2b-loss'],
    ['Ünïcödé café — déjà vu', 'unicode-cafe-deja-vu'],
    ['  --Bitcoin: "ON" or NO? #1--  ', 'bitcoin-on-or-no-1'],
    ['שלום עולם', 'item'],
    ['🚀🌕', 'item'],
    ['2025-12-16', '2025-12-16'],
    ['a'.repeat(80), 'a'.repeat(60)],
    ['Twelve words that go on and on beyond the sixty characters of a slug, cut at a word', 'twelve-words-that-go-on-and-on-beyond-the-sixty-characters'],
  ])('of %j is %j', (title, slug) => {
    expect(slugOf(title)).toBe(slug);
  });
});
