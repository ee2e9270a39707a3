import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OpmlError } from '../../src/errors/opml-error.js';
import { readOpml } from '../../src/opml/read-opml.js';
import { corpusRoot } from '../corpus/corpus-files.js';

const fixture = (name: string) => readFile(join('test/fixtures/opml', name), 'utf8');
const corpusFile = (path: string) => join(corpusRoot, path);
const read = async (file: string) => readOpml(file, await readFile(file, 'utf8'));

/** Corpus files are read in place; where one is missing its tests skip with a notice. */
function describeCorpus(path: string, body: (file: string) => void): void {
  const file = corpusFile(path);
  if (!existsSync(file)) console.warn(`OPML corpus test skipped: ${file} not found`);
  describe.skipIf(!existsSync(file))(`the corpus file ${path}`, () => body(file));
}

describe('reading an OPML subscription list', () => {
  it('reads each outline with an xmlUrl as a subscription, filed under the nearest folder', async () => {
    const document = readOpml('reader-export.opml', await fixture('reader-export.opml'));
    expect(document.title).toBe('Subscriptions of Müller & Co');
    expect(document.subscriptions.map(({ name, folder }) => [name, folder])).toEqual([
      ['CoinDesk', 'Crypto'],
      ['Decrypt – News', 'Crypto'],
      ['Ledger Notes', 'Markets'],
      ['Model Notes', 'AI'],
      ['CoinDesk', 'AI'],
      ['Spaced Out', undefined],
      ['Gopher', undefined],
    ]);
  });

  it('reads xmlUrl in any case and trims it, without judging whether it is a URL', async () => {
    const { subscriptions } = readOpml('reader-export.opml', await fixture('reader-export.opml'));
    expect(subscriptions.map((subscription) => subscription.url)).toEqual([
      'https://www.coindesk.com/arc/outboundfeeds/rss',
      'https://decrypt.co/feed',
      'https://ledger.example/atom.xml',
      'https://models.example/feed.json',
      'https://www.coindesk.com/arc/outboundfeeds/rss',
      'https://spaced.example/rss',
      'gopher://old.example/feed',
    ]);
  });

  it('splits the OPML 2.0 category attribute into categories without their slashes', async () => {
    const { subscriptions } = readOpml('reader-export.opml', await fixture('reader-export.opml'));
    expect(subscriptions.find((subscription) => subscription.name === 'Model Notes')?.categories).toEqual(['research', 'ml']);
  });

  it('reads the key, schedule and enabled flag of its own export', () => {
    const { subscriptions } = readOpml(
      'own.opml',
      '<opml version="2.0" xmlns:tributary="https://github.com/tributary/tributary/opml"><body>' +
        '<outline type="rss" text="A" xmlUrl="https://a.example/" tributary:key="a-1" tributary:schedule="0 * * * *" tributary:enabled="false"/>' +
        '</body></opml>',
    );
    expect(subscriptions).toEqual([{ url: 'https://a.example/', name: 'A', categories: [], key: 'a-1', schedule: '0 * * * *', enabled: false }]);
  });

  it('refuses an empty file', () => {
    expect(() => readOpml('empty.opml', '')).toThrow(OpmlError);
    expect(() => readOpml('empty.opml', '')).toThrow('empty.opml: not OPML: no XML element found');
  });

  it('refuses an HTML page', async () => {
    await expect(async () => readOpml('not-opml.html', await fixture('not-opml.html'))).rejects.toThrow('not-opml.html: not OPML: the root element is <html>');
  });
});

describeCorpus('newsboat/test/data/example.opml', (file) => {
  it('files each feed under its nearest folder, text before title', async () => {
    const { title, subscriptions } = await read(file);
    expect(title).toBe('Example OPML file for Newsboat tests');
    expect(subscriptions.map(({ url, folder }) => [url, folder])).toEqual([
      ['https://example.com/feed.xml', undefined],
      ['https://example.com/mirrors/distrowatch.rss', undefined],
      ['https://example.com/feed.atom', undefined],
      ['https://example.com/feed.rss09', undefined],
      ['https://blogs.example.com/~john/posts.rss', 'Blogs'],
      ['https://blogs.example.com/~mike/.rss', 'friends'],
      ['https://fred.example.com/writing/index.php?type=rss', 'eloquent'],
    ]);
  });
});

describeCorpus('newsboat/test/data/category.opml', (file) => {
  it('keeps newsboat tags from the category attribute, and has no name for an empty title', async () => {
    const { subscriptions } = await read(file);
    expect(subscriptions).toEqual([{ url: 'http://feeds.bbci.co.uk/news/business/rss.xml?edition=int', categories: ['tag one', 'tag_two', 'tag/three'] }]);
  });
});

describeCorpus('newsboat/test/data/opml-element-missing.opml', (file) => {
  it('is refused: its root is not <opml>', async () => {
    await expect(read(file)).rejects.toThrow(/not OPML: the root element is <not-opml>/);
  });
});

describeCorpus('newsboat/test/data/body-element-missing.opml', (file) => {
  it('is refused: it has no <body>', async () => {
    await expect(read(file)).rejects.toThrow(/not OPML: no <body>/);
  });
});

describeCorpus('rsparser/Tests/RSParserTests/Resources/Subs.opml', (file) => {
  it('holds 207 http(s) subscriptions, four folders, and decoded names', async () => {
    const { subscriptions } = await read(file);
    expect(subscriptions).toHaveLength(207);
    expect(subscriptions.every((subscription) => /^https?:\/\//.test(subscription.url))).toBe(true);
    expect([...new Set(subscriptions.map((subscription) => subscription.folder))]).toEqual([undefined, 'Programming', 'Macintosh', 'Weblogs', 'Writers']);
    expect(subscriptions.map((subscription) => subscription.name)).toContain('chat & code');
    expect(subscriptions.find((subscription) => subscription.name === 'Stratēchery')?.folder).toBe('Weblogs');
  });
});

describeCorpus('rsparser/Tests/RSParserTests/Resources/SubsNoTitleAttributes.opml', (file) => {
  it('reads the same subscriptions from text alone as Subs.opml does with titles', async () => {
    const withTitles = corpusFile('rsparser/Tests/RSParserTests/Resources/Subs.opml');
    const strip = (list: Awaited<ReturnType<typeof read>>['subscriptions']) => list.map(({ url, name, folder }) => ({ url, name, folder }));
    expect(strip((await read(file)).subscriptions)).toEqual(strip((await read(withTitles)).subscriptions));
  });
});

describeCorpus('rome/rome-opml/src/test/resources/opml_2.0.xml', (file) => {
  it('files feeds under Subscriptions or the nearer "nerdy", and reads Slashdot\'s categories', async () => {
    const { subscriptions } = await read(file);
    expect(subscriptions).toHaveLength(11);
    expect(subscriptions.filter((subscription) => subscription.folder === 'nerdy')).toHaveLength(7);
    expect(subscriptions.find((subscription) => subscription.name === 'Slashdot')?.categories).toEqual(['foo', 'bar', 'baz']);
  });
});

describeCorpus('rome/rome-opml/src/test/resources/opml_1.0.xml', (file) => {
  it('reads the OPML 1.0 version of the same list alike', async () => {
    const { subscriptions } = await read(file);
    expect(subscriptions.map((subscription) => subscription.folder)).toEqual([...Array(4).fill('Subscriptions'), ...Array(7).fill('nerdy')]);
  });
});

describeCorpus('rome/rome-opml/src/test/resources/opml_1.0_links.xml', (file) => {
  it('has no subscriptions: its outlines are links, not feeds', async () => {
    expect((await read(file)).subscriptions).toEqual([]);
  });
});
