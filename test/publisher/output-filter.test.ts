import { describe, expect, it } from 'vitest';
import type { Item } from '../../src/model/item.js';
import { compileFilter, type OutputFilter } from '../../src/publisher/output-filter.js';
import { makeItem } from '../helpers/make-item.js';

const btc = makeItem({ title: 'Bitcoin ETF inflows', description: 'Funds bought more.', category: 'Crypto', tags: ['bitcoin', 'etf'], source: { key: 'coindesk', name: 'CoinDesk', type: 'RSS' } });
const agents = makeItem({ title: 'AI agents at work', description: 'What the lab said.', category: 'ai', tags: ['research'], source: { key: 'lab', name: 'Lab', type: 'ATOM' } });
const email = makeItem({ title: 'Email is back', description: 'Newsletters, said the editor.', category: 'tech', tags: [], source: { key: 'lab', name: 'Lab', type: 'ATOM' } });
const all = [btc, agents, email];
const pick = (filter: OutputFilter) => all.filter(compileFilter(filter)).map((item: Item) => item.title);

describe('output filters', () => {
  it('takes everything when no criterion is given', () => {
    expect(pick({})).toEqual(['Bitcoin ETF inflows', 'AI agents at work', 'Email is back']);
  });

  it('takes items of the listed sources', () => {
    expect(pick({ sources: ['lab'] })).toEqual(['AI agents at work', 'Email is back']);
  });

  it('matches categories and tags ignoring case, any of the list', () => {
    expect(pick({ categories: ['crypto', 'AI'] })).toEqual(['Bitcoin ETF inflows', 'AI agents at work']);
    expect(pick({ tags: ['ETF', 'nothing'] })).toEqual(['Bitcoin ETF inflows']);
  });

  it('matches keywords as whole words in the title or description: "AI" finds "AI agents", not "said" or "Email"', () => {
    expect(pick({ include: ['ai'] })).toEqual(['AI agents at work']);
    expect(pick({ include: ['bought more'] })).toEqual(['Bitcoin ETF inflows']);
  });

  it('requires every criterion given to match', () => {
    expect(pick({ sources: ['lab'], categories: ['tech'] })).toEqual(['Email is back']);
    expect(pick({ sources: ['coindesk'], categories: ['ai'] })).toEqual([]);
  });

  it('lets exclude win over every other criterion', () => {
    expect(pick({ sources: ['coindesk', 'lab'], exclude: ['ETF', 'newsletters'] })).toEqual(['AI agents at work']);
  });

  it('treats keywords literally, not as patterns', () => {
    const plus = makeItem({ title: 'C++ (and more)', description: '' });
    expect(compileFilter({ include: ['c++'] })(plus)).toBe(true);
    expect(compileFilter({ include: ['(and'] })(plus)).toBe(true);
    expect(compileFilter({ include: ['.*'] })(plus)).toBe(false);
  });

  it('takes languages by their primary subtag, sentiments by label, topics ignoring case; an item without them is left out', () => {
    const items = [
      makeItem({ title: 'en-US negative BTC', lang: 'en-US', sentiment: { label: 'NEGATIVE', score: -0.5, from: 'text' }, topics: ['BTC'] }),
      makeItem({ title: 'ja positive AI', lang: 'ja', sentiment: { label: 'POSITIVE', score: 0.5, from: 'text' }, topics: ['AI'] }),
      makeItem({ title: 'bare' }),
    ];
    const choose = (filter: OutputFilter) => items.filter(compileFilter(filter)).map((item) => item.title);
    expect(choose({ languages: ['EN'] })).toEqual(['en-US negative BTC']);
    expect(choose({ languages: ['en-GB'] })).toEqual(['en-US negative BTC']);
    expect(choose({ sentiments: ['NEGATIVE'] })).toEqual(['en-US negative BTC']);
    expect(choose({ topics: ['ai'] })).toEqual(['ja positive AI']);
    expect(choose({ languages: ['en'], sentiments: ['POSITIVE'] })).toEqual([]);
  });
});
