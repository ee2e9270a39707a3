import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/fetcher/decode-body.js';
import { ItemSchema } from '../../src/model/item.js';
import type { KnownItems } from '../../src/normalizer/known-items.js';
import type { NormalizeContext } from '../../src/normalizer/normalize-context.js';
import { normalizeFeed } from '../../src/normalizer/normalize-feed.js';
import { normalizeItem, NOTHING_TO_SHOW } from '../../src/normalizer/normalize-item.js';
import { parseFeed } from '../../src/parser/parse-feed.js';
import type { ParsedFeed, ParsedItem } from '../../src/parser/parsed-feed.js';
import { corpusRoot, hasCorpus } from '../corpus/corpus-files.js';

const NOW = new Date('2026-01-15T12:00:00.000Z');
const context: NormalizeContext = {
  source: { key: 'src', name: 'Source', tags: [] },
  type: 'RSS',
  feedUrl: 'https://example.com/feed.xml',
  now: NOW,
};
const options = { maxItems: 100, descriptionLength: 300 };
const item = (fields: Partial<ParsedItem>): ParsedItem => ({ categories: [], enclosures: [], images: [], ...fields });
const feedOf = (...items: ParsedItem[]): ParsedFeed => ({ type: 'RSS', items });

describe('normalizeFeed', () => {
  it('takes at most maxItems items, the first in document order', () => {
    const feed = feedOf(...[1, 2, 3, 4, 5].map((n) => item({ guid: `id-${n}` })));
    const { items } = normalizeFeed(feed, context, { ...options, maxItems: 3 });
    expect(items.map((i) => i.externalId)).toEqual(['id-1', 'id-2', 'id-3']);
  });

  it('keeps the first of items that share an externalId and reports the others', () => {
    const feed = feedOf(item({ guid: 'a', title: 'first' }), item({ guid: 'b' }), item({ guid: 'a', title: 'second' }));
    const { items, rejected } = normalizeFeed(feed, context, options);
    expect(items.map((i) => i.title)).toEqual(['first', '(untitled)']);
    expect(rejected).toEqual([{ index: 2, reason: 'same externalId as item 0' }]);
  });

  it('rejects an item with nothing to identify or show, with its index and the reason', () => {
    const feed = feedOf(item({ guid: 'ok' }), item({ author: 'only an author', categories: ['and a category'] }));
    const { items, rejected } = normalizeFeed(feed, context, options);
    expect(items).toHaveLength(1);
    expect(rejected).toEqual([{ index: 1, reason: NOTHING_TO_SHOW }]);
  });

  it('keeps an item that has only a summary, as RSS 2.0 allows', () => {
    const { items, rejected } = normalizeFeed(feedOf(item({ summary: 'Only a description.' })), context, options);
    expect(rejected).toEqual([]);
    expect(items[0]).toMatchObject({ title: 'Only a description.', description: 'Only a description.' });
  });

  it('cuts descriptions at 300 characters unless told another length', () => {
    const words = Array.from({ length: 100 }, (_, n) => `word${n}`).join(' ');
    const feed = feedOf(item({ guid: 'long', summary: words }));
    const [byDefault] = normalizeFeed(feed, context, { maxItems: 10 }).items;
    const [short] = normalizeFeed(feed, context, { maxItems: 10, descriptionLength: 40 }).items;
    expect(byDefault?.description.length).toBeGreaterThan(290);
    expect(byDefault?.description.length).toBeLessThanOrEqual(300);
    expect(byDefault?.description).toMatch(/ word\d+…$/);
    expect(short?.description).toBe('word0 word1 word2 word3 word4 word5…');
  });

  it('drops iframes unless allowed, then keeps only those on the allowed hosts', () => {
    const feed = feedOf(item({ guid: 'v', content: '<p>v</p><iframe src="https://www.youtube.com/embed/a"></iframe><iframe src="https://evil.example/"></iframe>' }));
    const content = (extra: object) => normalizeFeed(feed, context, { maxItems: 10, ...extra }).items[0]?.content;
    expect(content({})).toBe('<p>v</p>');
    expect(content({ allowIframes: true })).toMatch(/^<p>v<\/p><iframe src="https:\/\/www.youtube.com\/embed\/a" sandbox="[^"]+"><\/iframe>$/);
    expect(content({ allowIframes: true, iframeHosts: ['vimeo.com'] })).toBe('<p>v</p>');
    expect(content({ iframeHosts: ['youtube.com'] })).toBe('<p>v</p>');
  });

  it('reads a plain-text summary and title as text, never as markup', () => {
    const feed = feedOf(item({ guid: 'p', title: 'About <p>', titleIsHtml: false, summary: 'Use <b> for bold', summaryIsHtml: false }));
    const [plain] = normalizeFeed(feed, context, options).items;
    expect(plain).toMatchObject({ title: 'About <p>', description: 'Use <b> for bold' });
    expect(plain?.content).toBeUndefined();
  });

  it('reports the document index of every item it keeps, past rejected and repeated ones', () => {
    const feed = feedOf(item({ guid: 'a' }), item({}), item({ guid: 'a' }), item({ guid: 'b' }));
    const { items, parsedIndexes } = normalizeFeed(feed, context, options);
    expect(items.map((i) => i.externalId)).toEqual(['a', 'b']);
    expect(parsedIndexes).toEqual([0, 3]);
  });

  it('describes the feed itself: plain-text title, absolute link, id as written, language, clamped date', () => {
    const feed: ParsedFeed = {
      ...feedOf(),
      title: 'News &amp; <b>Views</b>',
      link: '/home',
      id: ' urn:feed:1 ',
      lang: 'EN_gb',
      updated: '2026-06-01T00:00:00Z',
    };
    expect(normalizeFeed(feed, context, options).feed).toEqual({
      type: 'RSS',
      title: 'News & Views',
      link: 'https://example.com/home',
      id: 'urn:feed:1',
      lang: 'en-gb',
      updatedAt: NOW.toISOString(),
    });
    expect(normalizeFeed({ ...feed, updated: '2026-01-15T11:00:00+01:00' }, context, options).feed.updatedAt).toBe('2026-01-15T10:00:00.000Z');
  });

  it('produces items that pass ItemSchema', () => {
    const feed = feedOf(
      item({
        guid: 'g',
        title: 'T',
        link: '/relative',
        content: '<p>x</p>',
        enclosures: [{ url: 'a.mp3', type: 'audio/mpeg', length: 10 }, { url: 'javascript:x' }],
        images: [{ url: 'i.jpg', medium: 'image', origin: 'media:content' }],
      }),
    );
    const { items } = normalizeFeed(feed, context, options);
    expect(items).toHaveLength(1);
    expect(() => ItemSchema.parse(items[0])).not.toThrow();
  });
});

describe('normalizeFeed: items told apart only by the fragment of their link', () => {
  const parseContext = { sourceKey: 'src', url: 'https://example.com/feed.xml' };
  // Old Blogger archives: no <guid>, each post linked as an anchor of its month's page.
  const archive = (...posts: Array<number | string>) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://blog.example.com/</link>${posts
      .map((post) => `<item><title>Post ${post}</title><link>https://blog.example.com/${typeof post === 'number' ? `2004_08_archive.html#${post}` : post}</link></item>`)
      .join('')}</channel></rss>`;

  it('keeps every post, each by its link with the fragment', async () => {
    const { items, rejected } = normalizeFeed(await parseFeed(archive(3, 2, 1), parseContext), context, options);
    expect(rejected).toEqual([]);
    expect(items.map((i) => i.externalId)).toEqual([3, 2, 1].map((n) => `https://blog.example.com/2004_08_archive.html#${n}`));
  });

  it('leaves the id of an item whose page no other item links to as it was, without the fragment', async () => {
    const { items } = normalizeFeed(await parseFeed(archive(2, 1, 'about.html#team'), parseContext), context, options);
    expect(items.map((i) => i.externalId)).toEqual(['https://blog.example.com/2004_08_archive.html#2', 'https://blog.example.com/2004_08_archive.html#1', 'https://blog.example.com/about.html']);
  });

  it('gives a new post its fragment when the posts sharing its page were left out of the parse as known', async () => {
    const first = normalizeFeed(await parseFeed(archive(3, 2, 1), parseContext), context, options);
    const known: KnownItems = {
      digest: first.digest,
      items: new Map(first.fingerprints.map((f) => [f.fingerprint, f.externalId])),
      raw: new Map(first.fingerprints.flatMap((f) => (f.raw === undefined ? [] : [[f.raw, f.fingerprint] as const]))),
    };
    const reduced = await parseFeed(archive(4, 3, 2, 1), parseContext, new Set(known.raw?.keys()));
    expect(reduced.rawItems?.skipped).toEqual([false, true, true, true]);
    expect(normalizeFeed(reduced, context, options, known).items.map((i) => i.externalId)).toEqual(['https://blog.example.com/2004_08_archive.html#4']);
  });
});

const runCorpus = hasCorpus || Boolean(process.env.CI);
if (!runCorpus) console.warn(`normalizeFeed corpus test skipped: no corpus at ${corpusRoot}`);

describe.skipIf(!runCorpus)('normalizeFeed: corpus feeds whose posts are anchors of one page', () => {
  it.each([
    ['chardet/tests/windows-1255-hebrew/info.org.il.xml', 33],
    ['chardet/tests/GB2312/cnblog.org.xml', 16],
  ])('keeps every item of %s (%i)', async (file, count) => {
    expect(hasCorpus, `the corpus is required with CI set: none at ${corpusRoot}`).toBe(true);
    const { text } = decodeBody(readFileSync(path.join(corpusRoot, file)));
    const feedUrl = `https://corpus.example/${file}`;
    const { items, rejected } = normalizeFeed(await parseFeed(text, { sourceKey: 'corpus', url: feedUrl }), { ...context, feedUrl }, { maxItems: 500 });
    expect(rejected).toEqual([]);
    expect(new Set(items.map((i) => i.externalId)).size).toBe(count);
  });
});

describe('normalizeItem', () => {
  const feed = { base: undefined, lang: undefined, link: undefined };

  it('fills every field from a full item', () => {
    const result = normalizeItem(
      item({
        guid: 'guid-1',
        title: 'Title &amp; more',
        link: 'post.html',
        summary: '<p>Summary <b>text</b></p>',
        content: '<p>Body</p>',
        contentIsHtml: true,
        author: 'ed@example.com (The Editor)',
        published: 'Tue, 16 Dec 2025 15:34:37 GMT',
        updated: '2025-12-17T00:00:00Z',
        lang: 'EN_us',
        categories: ['Markets', 'markets', ' Bitcoin '],
        enclosures: [{ url: 'ep.mp3', type: 'audio/mpeg', length: 123 }],
      }),
      { ...context, source: { key: 'src', name: 'Source', category: 'CRYPTO', tags: ['news'] } },
      feed,
    );
    expect(result).toEqual({
      externalId: 'guid-1',
      title: 'Title & more',
      description: 'Summary text',
      content: '<p>Body</p>',
      link: 'https://example.com/post.html',
      author: 'The Editor',
      publishedAt: '2025-12-16T15:34:37.000Z',
      updatedAt: '2025-12-17T00:00:00.000Z',
      lang: 'en-us',
      source: { key: 'src', name: 'Source', type: 'RSS' },
      category: 'CRYPTO',
      tags: ['news', 'Markets', 'Bitcoin'],
      enclosures: [{ url: 'https://example.com/ep.mp3', type: 'audio/mpeg', length: 123 }],
    });
  });

  it('uses the first category when the source sets none', () => {
    const result = normalizeItem(item({ guid: 'g', categories: ['<b>Policy</b>', 'SEC'] }), context, feed);
    expect(result.category).toBe('Policy');
    expect(result.tags).toEqual(['Policy', 'SEC']);
  });

  it('keeps at most 32 tags', () => {
    const categories = Array.from({ length: 40 }, (_, n) => `tag-${n}`);
    expect(normalizeItem(item({ guid: 'g', categories }), context, feed).tags).toHaveLength(32);
  });

  it('titles an untitled item with the first words of its description', () => {
    const summary = 'A long description that goes on and on about the subject at hand until well past eighty characters.';
    const result = normalizeItem(item({ guid: 'g', summary }), context, feed);
    expect(result.title).toBe('A long description that goes on and on about the subject at hand until well…');
  });

  it('titles an item with neither title nor description "(untitled)"', () => {
    expect(normalizeItem(item({ guid: 'g' }), context, feed).title).toBe('(untitled)');
  });

  it('truncates the description to the given length', () => {
    const result = normalizeItem(item({ guid: 'g', summary: 'word '.repeat(200) }), context, feed, { descriptionLength: 50 });
    expect(result.description.length).toBeLessThanOrEqual(50);
    expect(result.description.endsWith('…')).toBe(true);
  });

  it('makes the description from the content when there is no summary', () => {
    const result = normalizeItem(item({ guid: 'g', content: '<p>Body <i>text</i></p>' }), context, feed);
    expect(result.description).toBe('Body text');
  });

  it('uses an HTML summary as content when there is no content, but not a plain one', () => {
    expect(normalizeItem(item({ guid: 'g', summary: '<p>Hi</p>' }), context, feed).content).toBe('<p>Hi</p>');
    expect(normalizeItem(item({ guid: 'g', summary: 'Hi' }), context, feed).content).toBeUndefined();
  });

  it('escapes plain-text content instead of reading it as HTML', () => {
    const result = normalizeItem(item({ guid: 'g', content: 'a <b> c', contentIsHtml: false }), context, feed);
    expect(result.content).toBe('<p>a &lt;b&gt; c</p>');
    expect(result.description).toBe('a <b> c');
  });

  it('takes the language from the item, then the feed, then the context', () => {
    const withLangs = { ...context, feedLang: 'de-DE, en' };
    expect(normalizeItem(item({ guid: 'g', lang: 'fr' }), withLangs, { ...feed, lang: 'es' }).lang).toBe('fr');
    expect(normalizeItem(item({ guid: 'g' }), withLangs, { ...feed, lang: 'es' }).lang).toBe('es');
    expect(normalizeItem(item({ guid: 'g' }), withLangs, feed).lang).toBe('de-de');
    expect(normalizeItem(item({ guid: 'g', lang: '??' }), context, feed).lang).toBeUndefined();
  });

  it('resolves links against the item xml:base, then the feed xml:base, then the feed URL', () => {
    const feedWithBase = { ...feed, base: '/blog/' };
    expect(normalizeItem(item({ guid: 'g', link: 'a' }), context, feedWithBase).link).toBe('https://example.com/blog/a');
    expect(normalizeItem(item({ guid: 'g', link: 'a', base: 'posts/' }), context, feedWithBase).link).toBe('https://example.com/blog/posts/a');
    expect(normalizeItem(item({ guid: 'g', link: 'a' }), context, feed).link).toBe('https://example.com/a');
  });

  it('drops a link that is not http(s)', () => {
    expect(normalizeItem(item({ guid: 'g', link: 'javascript:alert(1)' }), context, feed).link).toBeUndefined();
  });

  it('strips characters XML forbids from every string', () => {
    const result = normalizeItem(item({ guid: 'g\u0001', title: 'T\u0002', author: 'A\u0003', categories: ['c\u0004'] }), context, feed);
    expect(JSON.stringify(result)).not.toMatch(/\\u000[1-4]/);
    expect(result.externalId).toBe('g');
  });

  it('throws the reason when the item has nothing to identify it', () => {
    expect(() => normalizeItem(item({ author: 'x' }), context, feed)).toThrow(NOTHING_TO_SHOW);
  });
});

describe('mojibake in an item', () => {
  it('is repaired in the title, description, content, author and categories, before the description is cut', () => {
    const normalized = normalizeItem(
      item({
        guid: 'm-1',
        title: 'CoreWeave collapse sparks fears of cracks in AI infrastructure boom â€” analysts',
        summary: 'The recent collapse of CoreWeave has raised concerns about the stability of the AI infrastructureâ€¦',
        summaryIsHtml: false,
        content: '<p>â€œItâ€™s over,â€\u009d said the analyst.</p>',
        author: 'JosÃ© GarcÃ­a',
        categories: ['CafÃ©'],
      }),
      context,
      {},
      { descriptionLength: 60 },
    );
    expect(normalized.title).toBe('CoreWeave collapse sparks fears of cracks in AI infrastructure boom — analysts');
    expect(normalized.description).not.toMatch(/â|Ã/);
    expect(normalized.description.endsWith('…')).toBe(true);
    expect(normalized.content).toBe('<p>“It’s over,” said the analyst.</p>');
    expect(normalized.author).toBe('José García');
    expect(normalized.tags).toEqual(['Café']);
  });

  it('leaves text that only looks like it alone: accented words, prices, Icelandic', () => {
    const title = 'Größe, naïve «été» — £5 per Þórður, ¿Qué? Â Ã';
    expect(normalizeItem(item({ guid: 'm-2', title }), context, {}).title).toBe(title);
  });

  it('derives an id from the title as written, so a repair never changes an item id', () => {
    const mangled = item({ title: 'Itâ€™s here', published: '2026-01-01T00:00:00Z' });
    const clean = item({ title: 'It’s here', published: '2026-01-01T00:00:00Z' });
    expect(normalizeItem(mangled, context, {}).title).toBe('It’s here');
    expect(normalizeItem(mangled, context, {}).externalId).not.toBe(normalizeItem(clean, context, {}).externalId);
  });
});
