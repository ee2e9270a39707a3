import { describe, expect, it } from 'vitest';
import { SourceConfigSchema, type SourceConfig } from '../../src/config/schema.js';
import { planImport } from '../../src/opml/plan-import.js';
import type { OpmlSubscription } from '../../src/opml/read-opml.js';

const source = (key: string, url: string): SourceConfig => SourceConfigSchema.parse({ key, name: key, url });
const subscription = (url: string, fields: Partial<OpmlSubscription> = {}): OpmlSubscription => ({ url, categories: [], ...fields });

describe('planning an OPML import', () => {
  it('skips a URL already in the config, however its host and port are written', () => {
    const plan = planImport([source('coindesk', 'https://www.coindesk.com/rss')], [subscription('HTTPS://WWW.COINDESK.COM:443/rss', { name: 'CoinDesk' })]);
    expect(plan.add).toEqual([]);
    expect(plan.skipped).toEqual([{ url: 'HTTPS://WWW.COINDESK.COM:443/rss', name: 'CoinDesk', reason: 'already in the config as "coindesk"' }]);
  });

  it('skips a URL listed twice in the file, keeping the first', () => {
    const plan = planImport([], [subscription('https://a.example/rss', { folder: 'One' }), subscription('https://a.example/rss', { folder: 'Two' })]);
    expect(plan.add).toMatchObject([{ url: 'https://a.example/rss', category: 'One' }]);
    expect(plan.skipped).toMatchObject([{ reason: 'listed earlier in the file' }]);
  });

  it('skips what is not an http(s) URL', () => {
    const plan = planImport([], [subscription('|~/fetch_tweets.py'), subscription('gopher://old.example/'), subscription('feed')]);
    expect(plan.add).toEqual([]);
    expect(plan.skipped.map((skipped) => skipped.reason)).toEqual(Array(3).fill('not an http(s) URL'));
  });

  it('gives every new source a key unique in the config and in the import', () => {
    const plan = planImport(
      [source('blog', 'https://old.example/')],
      [subscription('https://a.example/', { name: 'Blog' }), subscription('https://b.example/', { name: 'Blog' }), subscription('https://www.c.example/feed')],
    );
    expect(plan.add.map((added) => [added.key, added.name])).toEqual([
      ['blog-2', 'Blog'],
      ['blog-3', 'Blog'],
      ['c-example', 'www.c.example'],
    ]);
  });

  it('keeps an exported key when it is free, and derives one when it is taken or invalid', () => {
    const plan = planImport(
      [source('taken', 'https://old.example/')],
      [
        subscription('https://a.example/', { name: 'A', key: 'mine' }),
        subscription('https://b.example/', { name: 'B', key: 'taken' }),
        subscription('https://c.example/', { name: 'C', key: 'Not Valid' }),
      ],
    );
    expect(plan.add.map((added) => added.key)).toEqual(['mine', 'b', 'c']);
  });

  it('turns the folder into the category and the OPML categories into tags', () => {
    const plan = planImport([], [subscription('https://a.example/', { name: 'A', folder: 'Crypto', categories: ['daily', 'news'] })]);
    expect(plan.add).toEqual([{ key: 'a', name: 'A', url: 'https://a.example/', category: 'Crypto', tags: ['daily', 'news'] }]);
  });

  it('keeps a valid exported schedule and a disabled flag, and drops an invalid schedule', () => {
    const plan = planImport([], [subscription('https://a.example/', { name: 'A', schedule: '0 * * * *', enabled: false }), subscription('https://b.example/', { name: 'B', schedule: 'often' })]);
    expect(plan.add).toEqual([
      { key: 'a', name: 'A', url: 'https://a.example/', schedule: '0 * * * *', enabled: false },
      { key: 'b', name: 'B', url: 'https://b.example/' },
    ]);
  });
});
