import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors/parse-error.js';
import { decodeBody } from '../../src/fetcher/decode-body.js';
import { parseFeed } from '../../src/parser/parse-feed.js';
import { corpusRoot, hasCorpus } from '../corpus/corpus-files.js';

const context = { sourceKey: 'test-source', url: 'https://example.com/feed' };
const parse = (text: string, contentType?: string) => parseFeed(text, { ...context, contentType });

async function parseError(text: string, contentType?: string): Promise<ParseError> {
  const error: unknown = await parse(text, contentType).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ParseError)) throw new Error(`expected a ParseError, got ${String(error)}`);
  return error;
}

const rss = (items: string, channel = '') =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>${channel}${items}</channel></rss>`;
const atom = (entries: string, attributes = '') => `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"${attributes}><title>A</title>${entries}</feed>`;

describe('parseFeed: format detection', () => {
  it.each([
    ['RSS 2.0', rss('<item><title>x</title></item>'), 'RSS'],
    ['RSS 0.91', '<rss version="0.91"><channel><title>T</title><item><title>x</title></item></channel></rss>', 'RSS'],
    ['RSS without a version', '<rss><channel><item><title>x</title></item></channel></rss>', 'RSS'],
    ['a bare <channel>', '<?xml version="1.0"?><channel><title>T</title><item><title>x</title></item></channel>', 'RSS'],
    [
      'RSS 1.0 (RDF)',
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>T</title></channel><item rdf:about="https://e.com/1"><title>x</title></item></rdf:RDF>',
      'RDF',
    ],
    ['Atom 1.0', atom('<entry><title>x</title><id>1</id></entry>'), 'ATOM'],
    ['Atom 0.3', '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title>x</title></entry></feed>', 'ATOM'],
    ['JSON Feed 1.1', '{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1"}]}', 'JSON'],
    ['JSON Feed 1.0', '{"version":"https://jsonfeed.org/version/1","items":[{"id":"1"}]}', 'JSON'],
  ])('reads %s', async (_name, text, type) => {
    const feed = await parse(text);
    expect(feed.type).toBe(type);
    expect(feed.items).toHaveLength(1);
  });

  it('looks past a BOM, whitespace, comments and a DOCTYPE', async () => {
    const text = `\uFEFF\n  <?xml version="1.0"?>\n<!-- a comment -->\n<!DOCTYPE rss [<!ENTITY x "y">]>\n${rss('<item><title>x</title></item>').replace('<?xml version="1.0"?>', '')}`;
    expect((await parse(text)).items).toHaveLength(1);
  });

  it('reads an Atom feed whose elements carry a prefix', async () => {
    const feed = await parse(
      '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>P</a:title><a:entry><a:id>e1</a:id><a:title>Prefixed</a:title><a:link href="https://e.com/1"/></a:entry></a:feed>',
    );
    expect(feed.title).toBe('P');
    expect(feed.items[0]).toMatchObject({ guid: 'e1', title: 'Prefixed', link: 'https://e.com/1' });
  });

  it('reads an RSS 1.0 feed whose RSS elements carry a prefix', async () => {
    const feed = await parse(
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/"><rss:channel rdf:about="x"><rss:title>T</rss:title></rss:channel><rss:item rdf:about="https://e.com/1"><rss:title>Item</rss:title><rss:link>https://e.com/1</rss:link></rss:item></rdf:RDF>',
    );
    expect(feed.items[0]).toMatchObject({ guid: 'https://e.com/1', title: 'Item', link: 'https://e.com/1' });
  });
});

describe('parseFeed: errors', () => {
  it.each([
    ['an empty body', ''],
    ['plain text', 'Service Unavailable'],
    ['a gzip body', '\u001f\u008b\b\u0000\u0000\u0000\u0000\u0000'],
    ['a JSON array', '[1, 2]'],
    ['a byte order mark alone', '\uFEFF'],
    ['a byte order mark and a character', '\uFEFFx'],
  ])('refuses %s as "not XML or JSON"', async (_name, text) => {
    expect((await parseError(text)).message).toBe('test-source: not XML or JSON (https://example.com/feed)');
  });

  it('says what the body was served as when it is no document', async () => {
    expect((await parseError('oops', 'text/plain')).message).toContain('not XML or JSON (served as text/plain)');
  });

  it('refuses an HTML page by its root element', async () => {
    const error = await parseError('<!DOCTYPE html><html><head><title>Home</title></head><body></body></html>');
    expect(error.message).toBe('test-source: XML root <html> is not a feed (https://example.com/feed)');
  });

  it('refuses an OPML document by its root element', async () => {
    expect((await parseError('<opml version="2.0"><body/></opml>')).message).toContain('XML root <opml> is not a feed');
  });

  it('reports ill-formed XML with the parser message and position when no item can be recovered', async () => {
    const error = await parseError('<rss version="2.0"><channel><title>T</title></item></channel></rss>');
    expect(error.message).toMatch(/invalid XML: Unexpected close tag at line 1, column \d+/);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('recovers the items of ill-formed XML, saying what the strict parser found', async () => {
    const feed = await parse('<rss version="2.0"><channel><title>T</title><item><title>x</title></channel></rss>');
    expect(feed.items.map((item) => item.title)).toEqual(['x']);
    expect(feed.recoveredFrom).toMatch(/^ill-formed XML: Unexpected close tag at line 1, column \d+$/);
  });

  it('recovers the items of a truncated document, without the element it was cut inside', async () => {
    const feed = await parse(rss('<item><title>whole</title><link>https://e.com/1</link></item><item><title>cut</title><description>half a sent</description></item>').slice(0, -35));
    expect(feed.items.map(({ title, link, summary }) => ({ title, link, summary }))).toEqual([
      { title: 'whole', link: 'https://e.com/1', summary: undefined },
      { title: 'cut', link: undefined, summary: undefined },
    ]);
    expect(feed.recoveredFrom).toMatch(/^ill-formed XML: Unclosed root tag/);
  });

  it('recovers a truncated bare <channel> and a truncated Atom entry document without the element cut short', async () => {
    const channel = await parse('<channel><title>C</title><item><title>A</title></item><item><title>B</title><description>Cut in the mid');
    expect(channel.items.map(({ title, summary }) => ({ title, summary }))).toEqual([
      { title: 'A', summary: undefined },
      { title: 'B', summary: undefined },
    ]);
    expect(channel.recoveredFrom).toMatch(/^ill-formed XML: /);
    const entry = await parse('<entry xmlns="http://www.w3.org/2005/Atom"><title>E</title><id>urn:e</id><summary>Cut in the mid');
    expect(entry.items.map(({ title, summary }) => ({ title, summary }))).toEqual([{ title: 'E', summary: undefined }]);
    expect(entry.recoveredFrom).toMatch(/^ill-formed XML: /);
  });

  it('recovers ill-formed XML holding references to characters XML forbids, without them', async () => {
    const feed = await parse('<rss version="2.0"><channel><item><title>A&#11;</title></item><item><title>B</title><description>Cut');
    expect(feed.items.map((item) => item.title)).toEqual(['A', 'B']);
  });

  it('reads a well-formed document with markup after </channel> as it is, unmarked', async () => {
    const feed = await parse('<rss version="2.0"><channel><title>T</title><item><title>A</title></item></channel><!-- was: </channel><item> --></rss>');
    expect(feed.items.map((item) => item.title)).toEqual(['A']);
    expect(feed.recoveredFrom).toBeUndefined();
  });

  it('reports a truncated document with no whole item', async () => {
    const error = await parseError(rss('<item><title>x</title></item>').slice(0, -35));
    expect(error.message).toContain('invalid XML: Unclosed root tag');
  });

  it('leaves a well-formed document unmarked', async () => {
    expect((await parse(rss('<item><title>x</title></item>'))).recoveredFrom).toBeUndefined();
  });

  it('refuses an ill-formed RSS document even without a channel', async () => {
    expect((await parseError('<rss version="2.0"><title>x</rss>')).message).toContain('invalid XML');
  });

  it('reads JSON Feed strings holding raw control characters, as a well-formed document', async () => {
    const feed = await parse('{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", "title": "line\nbreak", "content_text": "tab\there"}]}');
    expect(feed.items[0]).toMatchObject({ title: 'line\nbreak', content: 'tab\there' });
    expect(feed.recoveredFrom).toBeUndefined();
  });

  it('recovers the whole items of a truncated JSON Feed, even one cut before its version if it names its home page', async () => {
    const feed = await parse('{"title": "J", "home_page_url": "https://j.example/", "items": [{"id": "1", "title": "whole"}, {"id": "2", "title": "cu');
    expect(feed.items.map((item) => item.title)).toEqual(['whole']);
    expect(feed.recoveredFrom).toMatch(/^ill-formed JSON: .*JSON/);
    expect((await parseError('{"title": "J", "items": [{"id": "1", "title": "cu')).message).toMatch(/^test-source: invalid JSON: /);
    // An API response cut short is no JSON Feed for lacking a version.
    expect((await parseError('{"title": "J", "items": [{"id": "1", "title": "whole"}, {"id": "2"')).message).toContain('JSON is not a JSON Feed');
  });

  it('reads an Atom entry document as a feed of one, and refuses an <entry> root of another vocabulary', async () => {
    const feed = await parse(
      '<?xml version="1.0"?><entry xmlns="http://www.w3.org/2005/Atom"><title>Alone</title><id>urn:e:1</id><link href="https://e.com/1"/><updated>2026-01-01T00:00:00Z</updated></entry>',
    );
    expect(feed.type).toBe('ATOM');
    expect(feed.items.map(({ guid, title, link }) => ({ guid, title, link }))).toEqual([{ guid: 'urn:e:1', title: 'Alone', link: 'https://e.com/1' }]);
    const prefixed = await parse('<a:entry xmlns:a="http://www.w3.org/2005/Atom"><a:title>P</a:title><a:id>urn:e:2</a:id></a:entry>');
    expect(prefixed.items.map((item) => item.title)).toEqual(['P']);
    expect((await parseError('<entry><title>x</title></entry>')).message).toContain('XML root <entry> is not a feed');
  });

  it('refuses JSON that does not parse', async () => {
    expect((await parseError('{"version": ')).message).toContain('invalid JSON');
  });

  it('refuses JSON that is not a JSON Feed', async () => {
    expect((await parseError('{"rss": {"channel": {}}}')).message).toContain('JSON is not a JSON Feed');
  });

  it('carries the source key, the URL and a stable code', async () => {
    const error = await parseError('nope');
    expect(error).toMatchObject({ sourceKey: 'test-source', url: 'https://example.com/feed', code: 'PARSE_FAILED' });
  });

  it('parses a good document right after a failed one', async () => {
    await parseError('<rss version="2.0"><channel></item></channel></rss>');
    expect((await parse(rss('<item><title>after</title></item>'))).items[0]?.title).toBe('after');
  });

  it('repairs references to entities nobody defines, keeping them as text', async () => {
    const feed = await parse(rss('<item><title>testing &doesnotexist; entity &mdash; done</title></item>'));
    expect(feed.items[0]?.title).toBe('testing &doesnotexist; entity — done');
  });

  it('repairs a document whose last end tag lost its closing bracket', async () => {
    const feed = await parse(rss('<item><title>kept</title></item>').replace(/<\/rss>$/, '</rss'));
    expect(feed.items[0]?.title).toBe('kept');
  });

  it('reads C1 control characters, written or referenced, as the windows-1252 characters they were', async () => {
    const feed = await parse(rss('<item><title>don\u0092t</title><description>it&#146;s &#x93;ok&#x94;</description></item>'));
    expect(feed.items[0]).toMatchObject({ title: 'don’t', summary: 'it’s “ok”' });
  });

  it('repairs bare ampersands rather than losing the feed', async () => {
    const feed = await parse(rss('<item><title>R&D</title><link>https://e.com/?a=1&b=2</link></item>'));
    expect(feed.items[0]).toMatchObject({ title: 'R&D', link: 'https://e.com/?a=1&b=2' });
  });
});

describe('parseFeed: RSS details', () => {
  it.each(['<rss version="2.0"></rss>', '<rss version="2.0"/>', '<?xml version="1.0"?>\n<rss>\n</rss>'])('reads RSS without a channel (%s) as a feed without items', async (document) => {
    expect(await parse(document)).toEqual({ type: 'RSS', items: [] });
  });

  it('reads a guid with attributes, and a permalink guid as the link', async () => {
    const feed = await parse(rss('<item><guid isPermaLink="false">abc</guid></item><item><guid>https://e.com/p</guid></item><item><guid isPermaLink="true"/></item>'));
    expect(feed.items.map((item) => [item.guid, item.link])).toEqual([
      ['abc', undefined],
      ['https://e.com/p', 'https://e.com/p'],
      [undefined, undefined],
    ]);
  });

  it('reads categories with and without a domain, and dc:subject', async () => {
    const feed = await parse(rss('<item><category domain="d">A</category><category>B</category><category> </category><dc:subject>C</dc:subject></item>'));
    expect(feed.items[0]?.categories).toEqual(['A', 'B', 'C']);
  });

  it('reads media:content, media:thumbnail, media:group and every enclosure', async () => {
    const feed = await parse(
      rss(
        `<item>
          <media:content url="https://e.com/a.jpg" medium="image" width="800" height="600" fileSize="1234"/>
          <media:group><media:content url="https://e.com/b.jpg" type="image/jpeg"/><media:thumbnail url="https://e.com/b-t.jpg"/></media:group>
          <media:thumbnail url="https://e.com/t.jpg" width="x"/>
          <enclosure url="https://e.com/1.mp3" length="100" type="audio/mpeg"/>
          <enclosure url="https://e.com/2.mp3" length="" type="audio/mpeg"/>
          <enclosure type="audio/mpeg"/>
        </item>`,
      ),
    );
    expect(feed.items[0]?.images).toEqual([
      { url: 'https://e.com/a.jpg', medium: 'image', length: 1234, width: 800, height: 600, origin: 'media:content' },
      { url: 'https://e.com/b.jpg', type: 'image/jpeg', origin: 'media:content' },
      { url: 'https://e.com/t.jpg', origin: 'media:thumbnail' },
      { url: 'https://e.com/b-t.jpg', origin: 'media:thumbnail' },
    ]);
    expect(feed.items[0]?.enclosures).toEqual([
      { url: 'https://e.com/1.mp3', type: 'audio/mpeg', length: 100 },
      { url: 'https://e.com/2.mp3', type: 'audio/mpeg' },
    ]);
  });

  it('keeps description as the summary and content:encoded as the content', async () => {
    const feed = await parse(
      `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item><description>&lt;p&gt;sum&lt;/p&gt;</description><content:encoded><![CDATA[<p>body</p>]]></content:encoded></item></channel></rss>`,
    );
    expect(feed.items[0]).toMatchObject({ summary: '<p>sum</p>', content: '<p>body</p>', contentIsHtml: true });
  });

  it('reads the feed language, date and xml:base', async () => {
    const feed = await parse(
      '<rss version="2.0"><channel xml:base="https://e.com/base/"><title>T</title><link>https://e.com/</link><language>en-US</language><lastBuildDate>Sat, 13 Dec 2025 11:05:41 +0000</lastBuildDate><item xml:base="sub/" xml:lang="fr"><title>x</title></item></channel></rss>',
    );
    expect(feed).toMatchObject({ lang: 'en-US', updated: 'Sat, 13 Dec 2025 11:05:41 +0000', base: 'https://e.com/base/', link: 'https://e.com/' });
    expect(feed.items[0]).toMatchObject({ base: 'sub/', lang: 'fr' });
  });
});

describe('parseFeed: RSS title and description written as raw elements', () => {
  it('reads them as the markup they hold, in document order', async () => {
    const feed = await parse(
      rss(
        '<item><guid>a</guid><title>plain</title><description>But what exactly <em>is</em> good compression? Read <a href="/more">the rest</a> now.</description></item>' +
          '<item><guid>b</guid><description><table><tr><td>submitted by <a href="https://www.reddit.com/user/u1">u1</a> to <a href="https://www.reddit.com/r/space/">space</a></td></tr></table></description></item>',
      ),
    );
    expect(feed.items.map(({ title, summary }) => ({ title, summary }))).toEqual([
      { title: 'plain', summary: 'But what exactly <em>is</em> good compression? Read <a href="/more">the rest</a> now.' },
      {
        title: undefined,
        summary: '<table><tr><td>submitted by <a href="https://www.reddit.com/user/u1">u1</a> to <a href="https://www.reddit.com/r/space/">space</a></td></tr></table>',
      },
    ]);
    const titled = await parse(rss('<item><guid>c</guid><title>Why <em>Rust</em> wins</title><description>plain</description></item>'));
    expect(titled.items[0]).toMatchObject({ title: 'Why <em>Rust</em> wins', summary: 'plain' });
  });

  it('reads the text around the elements as the HTML RSS makes of it: entities decoded, a CDATA section as it is', async () => {
    // As FeedBurner wrote it (corpus rome/.../issue137-rss.xml): an image as an element, the rest as HTML in CDATA.
    const feed = await parse(rss('<item><guid>a</guid><description><img src="a.jpg"/><![CDATA[<p>New <a href="x">schools</a>.</p>]]> R&amp;amp;D <b>a &lt; b</b></description></item>'));
    expect(feed.items[0]?.summary).toBe('<img src="a.jpg"/><p>New <a href="x">schools</a>.</p> R&amp;D <b>a &lt; b</b>');
  });

  it("keeps rss-parser's reading when the items cannot be lined up with the document", async () => {
    // A self-closing <item/> is an item rss-parser reads but the document reader does not find.
    const feed = await parse(rss('<item/><item><guid>a</guid><title>Why <em>Rust</em> wins</title></item>'));
    expect(feed.items[1]?.title).toBe('Why  wins');
  });
});

const runCorpus = hasCorpus || Boolean(process.env.CI);
if (!runCorpus) console.warn(`parseFeed corpus tests skipped: no corpus at ${corpusRoot}`);

async function parseCorpus(file: string) {
  expect(hasCorpus, `the corpus is required with CI set: none at ${corpusRoot}`).toBe(true);
  const { text } = decodeBody(readFileSync(path.join(corpusRoot, file)));
  return parseFeed(text, { sourceKey: 'corpus', url: `https://corpus.example/${file}` });
}

describe.skipIf(!runCorpus)('parseFeed: RSS corpus documents', () => {
  it("reads reddit's descriptions, written as raw elements, in document order", async () => {
    const feed = await parseCorpus('rss-parser/test/input/reddit-atom.rss');
    expect(feed.items).toHaveLength(24);
    expect(feed.items[0]?.summary).toMatch(
      /^<table><tr><td><a href="[^"]+"><img [^>]+\/><\/a><\/td><td>submitted by<a href="https:\/\/www\.reddit\.com\/user\/benjaab123">benjaab123<\/a>to<a href="https:\/\/www\.reddit\.com\/r\/space\/">space<\/a><br\/><a href="https:\/\/gfycat\.com\/UnfinishedForkedBluet">\[link\]<\/a>/,
    );
  });

  it(".NET's RSS, whose Atom elements carry the prefix a10, with its links, authors and update dates", async () => {
    const feed = await parseCorpus('feedjira/spec/sample_feeds/a10.xml');
    expect(feed.link).toBe('http://www.example.com/');
    expect(feed.items.map(({ link, author, updated }) => ({ link, author, updated }))[0]).toEqual({ link: 'http://www.example.com/5', author: 'John Doe', updated: '2020-05-14T10:00:18Z' });
    expect(feed.items.map((item) => item.link)).toEqual([5, 4, 3, 2, 1].map((n) => `http://www.example.com/${n}`));
    expect(feed.items.every((item) => item.author === 'John Doe' && item.updated !== undefined)).toBe(true);
  });
});

describe('parseFeed: RSS extensions', () => {
  it('takes xml:lang and xml:base from the <rss> root when the channel has none', async () => {
    const feed = await parse('<rss version="2.0" xml:lang="de" xml:base="https://e.com/a/"><channel><title>T</title></channel></rss>');
    expect(feed).toMatchObject({ lang: 'de', base: 'https://e.com/a/' });
  });

  it('resolves the channel xml:base against the root one', async () => {
    const feed = await parse('<rss version="2.0" xml:base="https://e.com/a/"><channel xml:base="b/"><title>T</title></channel></rss>');
    expect(feed.base).toBe('https://e.com/a/b/');
  });

  it('reads itunes:author, preferring it to an <author> that is a bare address', async () => {
    const feed = await parse(
      rss(
        '<item><title>1</title><itunes:author>Hosts</itunes:author></item><item><title>2</title><author>a@e.com</author><itunes:author>Hosts</itunes:author></item><item><title>3</title><author>a@e.com (Ann)</author><itunes:author>Hosts</itunes:author></item>',
      ).replace('<rss ', '<rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '),
    );
    expect(feed.items.map((item) => item.author)).toEqual(['Hosts', 'Hosts', 'a@e.com (Ann)']);
  });

  it('reads Atom elements in RSS under whatever prefix the root binds to Atom, as .NET writes a10:', async () => {
    const feed = await parse(
      '<rss xmlns:a10="http://www.w3.org/2005/Atom" version="2.0"><channel><title>T</title><a10:link href="https://e.com/"/>' +
        '<item><title>One</title><a10:link href="https://e.com/1"/><a10:author><a10:name>John Doe</a10:name><a10:email>j@e.com</a10:email></a10:author><a10:updated>2025-12-10T10:00:00Z</a10:updated></item>' +
        '<item><title>Two</title><a10:author><a10:email>ann@e.com</a10:email></a10:author></item></channel></rss>',
    );
    expect(feed.link).toBe('https://e.com/');
    expect(feed.items.map(({ link, author, updated }) => ({ link, author, updated }))).toEqual([
      { link: 'https://e.com/1', author: 'John Doe', updated: '2025-12-10T10:00:00Z' },
      { link: undefined, author: 'ann@e.com', updated: undefined },
    ]);
  });

  it('reads the names of atom:author, preferring them to an <author> that is a bare address', async () => {
    const feed = await parse(
      rss(
        '<item><title>1</title><atom:author><atom:name>Ann</atom:name></atom:author></item><item><title>2</title><author>a@e.com</author><atom:author><atom:name>Ann</atom:name></atom:author></item><item><title>3</title><author>a@e.com (Bob)</author><atom:author><atom:name>Ann</atom:name></atom:author></item>',
      ).replace('<rss ', '<rss xmlns:atom="http://www.w3.org/2005/Atom" '),
    );
    expect(feed.items.map((item) => item.author)).toEqual(['Ann', 'Ann', 'a@e.com (Bob)']);
  });

  it('reads media:category as a category', async () => {
    const feed = await parse(rss('<item><title>x</title><media:category>cat1</media:category><media:category>cat2</media:category></item>'));
    expect(feed.items[0]?.categories).toEqual(['cat1', 'cat2']);
  });

  it('takes dc:title and dc:description for a channel and an item that have no title or description of their own', async () => {
    const text = rss('<item><dc:title>DC item</dc:title><dc:description>DC summary</dc:description></item>', '<dc:description>DC channel</dc:description>').replace(
      '<title>T</title>',
      '<dc:title>DC feed</dc:title>',
    );
    const feed = await parse(text);
    expect(feed).toMatchObject({ title: 'DC feed', description: 'DC channel' });
    expect(feed.items[0]).toMatchObject({ title: 'DC item', summary: 'DC summary' });
    const plain = await parse(
      rss(
        '<item><title>Own</title><dc:title>DC</dc:title><description>Own summary</description><dc:description>DC</dc:description></item>',
        '<description>Own channel</description><dc:description>DC</dc:description>',
      ),
    );
    expect(plain).toMatchObject({ title: 'T', description: 'Own channel' });
    expect(plain.items[0]).toMatchObject({ title: 'Own', summary: 'Own summary' });
  });

  it('titles an item without a title by its media:title, plain text unless it says html, in a media:group or a media:content too', async () => {
    const feed = await parse(
      rss(
        '<item><media:title>A &amp;lt;b&amp;gt; B</media:title></item>' +
          '<item><media:group><media:title type="html">&lt;i&gt;Grouped&lt;/i&gt;</media:title></media:group></item>' +
          '<item><media:content url="https://e.com/v.mp4"><media:title>In content</media:title></media:content></item>',
      ),
    );
    expect(feed.items.map((item) => [item.title, item.titleIsHtml])).toEqual([
      ['A &lt;b&gt; B', false],
      ['<i>Grouped</i>', true],
      ['In content', false],
    ]);
    const youtube = await parse(atom('<entry xmlns:media="http://search.yahoo.com/mrss/"><id>1</id><media:group><media:title>Video</media:title></media:group></entry>'));
    expect(youtube.items[0]).toMatchObject({ title: 'Video', titleIsHtml: false });
  });

  it('reads the media:category of a media:group as a category', async () => {
    const feed = await parse(rss('<item><title>x</title><media:category>own</media:category><media:group><media:category>grouped</media:category></media:group></item>'));
    expect(feed.items[0]?.categories).toEqual(['own', 'grouped']);
  });

  it('reads an XHTML body as the content, in document order, and its text when the items cannot be lined up with the document', async () => {
    const body = '<item><title>b</title><body xmlns="http://www.w3.org/1999/xhtml" xml:lang="de">Sieh <a href="x">hier</a> nach.</body></item>';
    const feed = await parse(rss(body));
    expect(feed.items[0]).toMatchObject({ content: 'Sieh <a href="x">hier</a> nach.', contentIsHtml: true, lang: 'de' });
    // A self-closing <item/> is an item rss-parser reads but the document reader does not find.
    const unaligned = await parse(rss(`<item/>${body}`));
    expect(unaligned.items[1]).toMatchObject({ content: 'Sieh nach. hier', contentIsHtml: false, lang: 'de' });
  });

  it('reads <fullitem> as HTML content, with its xml:lang', async () => {
    const feed = await parse(rss('<item><fullitem xml:lang="en">&lt;p&gt;Example content&lt;/p&gt;</fullitem></item>'));
    expect(feed.items[0]).toMatchObject({ content: '<p>Example content</p>', contentIsHtml: true, lang: 'en' });
  });

  it('dates an item by dcterms:issued or dcterms:created, and a channel by dcterms:modified', async () => {
    const feed = await parse(
      rss(
        '<item><title>x</title><dcterms:issued>2003-12-31T10:14:55Z</dcterms:issued></item><item><title>y</title><dcterms:created>2004-01-01T00:00:00Z</dcterms:created></item>',
        '<dcterms:modified>2003-12-31T10:14:55Z</dcterms:modified>',
      ).replace('<rss ', '<rss xmlns:dcterms="http://purl.org/dc/terms/" '),
    );
    expect(feed.updated).toBe('2003-12-31T10:14:55Z');
    expect(feed.items.map((item) => item.published)).toEqual(['2003-12-31T10:14:55Z', '2004-01-01T00:00:00Z']);
  });
});

describe('parseFeed: Atom details', () => {
  it('keeps summary and content apart, and published and updated apart', async () => {
    const feed = await parse(
      atom(
        '<entry><id>urn:1</id><title type="html">&lt;b&gt;T&lt;/b&gt;</title><summary>Sum</summary><content type="html">&lt;p&gt;Body&lt;/p&gt;</content><published>2025-12-01T00:00:00Z</published><updated>2025-12-02T00:00:00Z</updated></entry>',
      ),
    );
    expect(feed.items[0]).toMatchObject({
      guid: 'urn:1',
      title: '<b>T</b>',
      summary: 'Sum',
      content: '<p>Body</p>',
      contentIsHtml: true,
      published: '2025-12-01T00:00:00Z',
      updated: '2025-12-02T00:00:00Z',
    });
  });

  it('marks text content as not HTML', async () => {
    const feed = await parse(atom('<entry><id>1</id><content>a &lt; b</content></entry>'));
    expect(feed.items[0]).toMatchObject({ content: 'a < b', contentIsHtml: false });
  });

  it('keeps inline XHTML in document order', async () => {
    const feed = await parse(atom('<entry><id>1</id><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Go <a href="/x">there</a>, now.</div></content></entry>'));
    expect(feed.items[0]).toMatchObject({ content: 'Go <a href="/x">there</a>, now.', contentIsHtml: true });
  });

  it('reads a CDATA section inside XHTML content as text', async () => {
    const feed = await parse(
      atom('<entry><id>1</id><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Code: <code><![CDATA[if (a < b && c) run();]]></code> done</p></div></content></entry>'),
    );
    expect(feed.items[0]).toMatchObject({ content: '<p>Code: <code>if (a &lt; b &amp;&amp; c) run();</code> done</p>', contentIsHtml: true });
  });

  it('marks each text construct as HTML or plain text by its type', async () => {
    const feed = await parse(
      atom('<entry><id>1</id><title type="text">a &lt;b&gt;</title><summary type="html">&lt;i&gt;s&lt;/i&gt;</summary></entry><entry><id>2</id><title>t</title><summary>plain</summary></entry>'),
    );
    expect(feed.items[0]).toMatchObject({ title: 'a <b>', titleIsHtml: false, summary: '<i>s</i>', summaryIsHtml: true });
    expect(feed.items[1]).toMatchObject({ titleIsHtml: false, summaryIsHtml: false });
  });

  it('reads markup written inline without a type (Atom 0.3 "naked" markup) in document order', async () => {
    const feed = await parse(
      '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Example <b>Atom</b></title><entry><id>1</id><summary>Read <a href="/x">this</a> now</summary></entry></feed>',
    );
    expect(feed).toMatchObject({ title: 'Example <b>Atom</b>', titleIsHtml: true });
    expect(feed.items[0]).toMatchObject({ summary: 'Read <a href="/x">this</a> now', summaryIsHtml: true });
  });

  it('reads the feed title from its own inline XHTML, script and all, for the normalizer to drop', async () => {
    const feed = await parse(atom('', '').replace('<title>A</title>', '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">safe<script>x()</script> title</div></title>'));
    expect(feed.title).toBe('safe<script>x()</script> title');
  });

  it("does not take an entry's atom:source title for the entry's own", async () => {
    const feed = await parse(atom('<entry><id>1</id><source><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Other <b>feed</b></div></title></source><title>Own</title></entry>'));
    expect(feed.items[0]?.title).toBe('Own');
  });

  it('decodes base64 content of a media type that is neither text nor XML, and drops what is not text', async () => {
    const html = Buffer.from('<p>History of the &lt;blink&gt; tag</p>').toString('base64');
    const feed = await parse(
      atom(`<entry><id>1</id><content type="application/octet-stream">${html}</content></entry><entry><id>2</id><content type="image/png">iVBORw0KGgoAAAANSUhEUg==</content></entry>`),
    );
    expect(feed.items[0]).toMatchObject({ content: '<p>History of the &lt;blink&gt; tag</p>', contentIsHtml: true });
    expect(feed.items[1]?.content).toBeUndefined();
  });

  it('takes the language of the body: the content, else the summary, inheriting the entry', async () => {
    const feed = await parse(
      atom(
        '<entry xml:lang="de"><id>1</id><summary xml:lang="it">s</summary><content xml:lang="en">c</content></entry><entry xml:lang="de"><id>2</id><summary xml:lang="it">s</summary></entry><entry xml:lang="de"><id>3</id><content>c</content></entry><entry xml:lang=""><id>4</id><content>c</content></entry>',
      ),
    );
    expect(feed.items.map((item) => item.lang)).toEqual(['en', 'it', 'de', '']);
  });

  it('takes an author given only by an address', async () => {
    const feed = await parse(atom('<entry><id>1</id><author><email>me@e.com</email></author></entry>'));
    expect(feed.items[0]?.author).toBe('me@e.com');
  });

  it('takes the entry author, else the feed author', async () => {
    const feed = await parse(
      atom('<entry><id>1</id><author><name>Own</name></author></entry><entry><id>2</id></entry>').replace('<title>A</title>', '<title>A</title><author><name>Feed Author</name></author>'),
    );
    expect(feed.items.map((item) => item.author)).toEqual(['Own', 'Feed Author']);
  });

  it('prefers the HTML alternate link and reads enclosure links', async () => {
    const feed = await parse(
      atom(
        '<entry><id>1</id><link rel="self" href="https://e.com/self"/><link rel="alternate" type="application/json" href="https://e.com/json"/><link rel="alternate" type="text/html" href="https://e.com/html"/><link rel="enclosure" href="https://e.com/a.mp3" type="audio/mpeg" length="9"/></entry>',
      ),
    );
    expect(feed.items[0]).toMatchObject({
      link: 'https://e.com/html',
      enclosures: [{ url: 'https://e.com/a.mp3', type: 'audio/mpeg', length: 9 }],
    });
  });

  it('records xml:base of the feed, the entry and the content', async () => {
    const feed = await parse(atom('<entry xml:base="e/"><id>1</id><content type="html" xml:base="c/">x</content></entry>', ' xml:base="https://e.com/"'));
    expect(feed.base).toBe('https://e.com/');
    expect(feed.items[0]).toMatchObject({ base: 'e/', contentBase: 'c/' });
  });

  it('keeps the feed when one entry has an unreadable date or a bare link', async () => {
    const feed = await parse(atom('<entry><id>1</id><published>not a date</published><link>https://e.com/bare</link></entry><entry><id>2</id></entry>'));
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({ published: 'not a date', link: 'https://e.com/bare' });
  });
});

describe('parseFeed: JSON Feed details', () => {
  it('marks titles and summaries as plain text, as JSON Feed defines them', async () => {
    const feed = await parse('{"version":"https://jsonfeed.org/version/1.1","title":"F <i>","items":[{"id":"1","title":"a <b>","summary":"s <p>"}]}');
    expect(feed).toMatchObject({ title: 'F <i>', titleIsHtml: false });
    expect(feed.items[0]).toMatchObject({ title: 'a <b>', titleIsHtml: false, summary: 's <p>', summaryIsHtml: false });
  });

  it('reads a JSON Feed 1.0 author and a numeric id', async () => {
    const feed = await parse('{"version":"https://jsonfeed.org/version/1","items":[{"id":7,"author":{"name":"Old Style"},"content_text":"t"}]}');
    expect(feed.items[0]).toMatchObject({ guid: '7', author: 'Old Style', content: 't', contentIsHtml: false });
  });

  it('takes content_text when content_html is blank, as plain text', async () => {
    const feed = await parse(
      '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","content_html":"","content_text":"Hello."},{"id":"2","content_html":" ","content_text":"Hi."},{"id":"3","content_html":"","content_text":" "}]}',
    );
    expect(feed.items.map(({ content, contentIsHtml }) => ({ content, contentIsHtml }))).toEqual([
      { content: 'Hello.', contentIsHtml: false },
      { content: 'Hi.', contentIsHtml: false },
      { content: undefined, contentIsHtml: undefined },
    ]);
  });

  it('drops fields of the wrong type instead of failing the item', async () => {
    const feed = await parse(
      '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":42,"tags":"x","url":"https://e.com/1","attachments":[{"url":5},{"url":"https://e.com/a.mp3"}]}]}',
    );
    expect(feed.items[0]).toEqual({
      guid: '1',
      link: 'https://e.com/1',
      categories: [],
      enclosures: [{ url: 'https://e.com/a.mp3' }],
      images: [],
    });
  });
});
