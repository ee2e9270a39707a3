import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import matter from 'gray-matter';
import { decode } from 'html-entities';
import { Parser } from 'htmlparser2';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderArchiveFile } from '../../src/archive/render-archive-file.js';
import type { Item } from '../../src/model/item.js';
import { sanitizeContent } from '../../src/normalizer/sanitize-content.js';
import { makeItem } from '../helpers/make-item.js';

const FORMAT = { upperCaseTags: true, draft: false };

interface SeedFields {
  title: string;
  description: string;
  publishedAt: string;
  updatedAt: string;
  lang: string;
  externalId: string;
  source: Item['source'];
  category: string;
  tags: string[];
  sentiment: 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE';
  coverImage: { raw: string };
}

/** A seed's front matter as written in its fixture copy, and the item its values make. */
function seed(name: string): { text: string; item: Item } {
  const text = readFileSync(`test/fixtures/archive/seed-${name}.front-matter.yaml`, 'utf8');
  const fields = parse(text.slice(4, -4)) as SeedFields;
  const item: Item = {
    externalId: fields.externalId,
    title: fields.title,
    description: fields.description,
    publishedAt: fields.publishedAt,
    updatedAt: fields.updatedAt,
    lang: fields.lang,
    source: fields.source,
    category: fields.category,
    // Lower-cased: the archive writes them in capitals, as the seeds have them.
    tags: fields.tags.map((tag) => tag.toLowerCase()),
    sentiment: { label: fields.sentiment, score: -0.4321, from: 'text' },
    coverImage: { url: fields.coverImage.raw },
    enclosures: [],
  };
  return { text, item };
}

function frontMatterOf(file: string): string {
  return file.slice(0, file.indexOf('\n---\n', 3) + 5);
}

describe('an archive file', () => {
  it.each(['000', '002'])("writes seed %s's front matter from its values, with one cover image URL, ai not rewritten, and the sentiment's score", (name) => {
    const { text, item } = seed(name);
    const expected = text
      // The seeds' image service renditions: a feed gives one URL, kept as raw.
      .replace(/^ {2}(?:full|regular|small|thumb|small_s3): .*\n/gm, '')
      .replace(/^ai:\n(?: {2}.*\n)+/m, 'ai:\n  rewritten: false\n')
      .replace(/---\n$/, 'sentimentScore: -0.4321\n---\n');
    expect(frontMatterOf(renderArchiveFile({ ...item, content: '<p>Body.</p>' }, FORMAT))).toBe(expected);
  });

  it("writes the seeds' keys in their order, then the link, the author, the topics and the sentiment's score", () => {
    const item = makeItem({
      lang: 'en',
      category: 'BTC',
      tags: ['BTC', 'Markets'],
      topics: ['BTC'],
      author: 'Jane Doe',
      sentiment: { label: 'POSITIVE', score: 0.5, from: 'text' },
      coverImage: { url: 'https://img.example/a.png' },
    });
    const data = matter(renderArchiveFile(item, FORMAT)).data;
    expect(Object.keys(data)).toEqual([
      'title',
      'description',
      'publishedAt',
      'updatedAt',
      'lang',
      'externalId',
      'source',
      'category',
      'tags',
      'stickyWeight',
      'sentiment',
      'score',
      'draft',
      'coverImage',
      'ai',
      'link',
      'author',
      'topics',
      'sentimentScore',
    ]);
    expect(data).toMatchObject({
      tags: ['BTC', 'MARKETS'],
      stickyWeight: 0,
      sentiment: 'POSITIVE',
      score: 0,
      draft: false,
      coverImage: { raw: 'https://img.example/a.png' },
      ai: { rewritten: false },
      sentimentScore: 0.5,
    });
  });

  it('leaves out what the item does not have', () => {
    const data = matter(renderArchiveFile(makeItem(), FORMAT)).data;
    expect(Object.keys(data)).toEqual(['title', 'description', 'publishedAt', 'updatedAt', 'externalId', 'source', 'tags', 'stickyWeight', 'score', 'draft', 'ai', 'link']);
    expect(data['tags']).toEqual([]);
  });

  it('quotes its dates and a numeric id, so every reader keeps them strings', () => {
    const file = renderArchiveFile(makeItem({ externalId: '55880200' }), FORMAT);
    expect(file).toContain("\npublishedAt: '2025-12-16T15:34:37.000Z'\n");
    expect(file).toContain("\nexternalId: '55880200'\n");
    expect(matter(file).data['externalId']).toBe('55880200');
  });

  it('writes each tag once, in capitals, or as the feed wrote it when told', () => {
    const item = makeItem({ tags: ['AI', 'Markets', 'markets', 'bitcoin news'] });
    expect(matter(renderArchiveFile(item, FORMAT)).data['tags']).toEqual(['AI', 'MARKETS', 'BITCOIN NEWS']);
    expect(matter(renderArchiveFile(item, { upperCaseTags: false, draft: true })).data).toMatchObject({ tags: ['AI', 'Markets', 'markets', 'bitcoin news'], draft: true });
  });

  it('rounds the sentiment score to four decimals, and never writes -0', () => {
    expect(matter(renderArchiveFile(makeItem({ sentiment: { label: 'NEGATIVE', score: -0.35294117647058826, from: 'text' } }), FORMAT)).data['sentimentScore']).toBe(-0.3529);
    expect(renderArchiveFile(makeItem({ sentiment: { label: 'NEUTRAL', score: -0.00001, from: 'text' } }), FORMAT)).toContain('\nsentimentScore: 0\n');
  });
});

describe("an archive file's body", () => {
  it('keeps links, lists, emphasis, headings, quotes, images and code as Markdown', () => {
    const content =
      '<h2>Overview</h2><p>Read <a href="https://news.example/a">the <strong>report</strong></a>, <em>now</em>.</p>' +
      '<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol><blockquote><p>A quote.</p></blockquote>' +
      '<p><img src="https://img.example/chart.png" alt="A chart"></p><pre><code>npm install\n</code></pre><p>Run <code>npm test</code>.</p>';
    const body = renderArchiveFile(makeItem({ content }), FORMAT).split('\n---\n')[1];
    expect(body).toBe(
      '## Overview\n\nRead [the **report**](https://news.example/a), _now_.\n\n- one\n- two\n1. first\n\n> A quote.\n\n![A chart](https://img.example/chart.png)\n\n```\nnpm install\n```\n\nRun `npm test`.\n',
    );
  });

  it('is the description, as text, when the item has no content', () => {
    const file = renderArchiveFile(makeItem({ description: '1. Bitcoin <b>up</b> & *away* # now' }), FORMAT);
    const body = file.split('\n---\n')[1]!;
    expect(body).toBe('1\\. Bitcoin &lt;b>up&lt;/b> & \\*away\\* # now\n');
    expect(marked.parse(body, { async: false })).toBe('<p>1. Bitcoin &lt;b&gt;up&lt;/b&gt; &amp; *away* # now</p>\n');
  });
});

/** Markup a feed may send, which sanitizing must leave harmless and the Markdown must keep so. */
const HOSTILE_HTML = [
  '<p>&lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(1)&gt;</p>',
  '<p>&lt;!-- a comment --&gt; &lt;https://autolink.example&gt; &lt;?php echo 1 ?&gt;</p>',
  '<pre>&lt;script&gt;alert(1)&lt;/script&gt;</pre>',
  '<pre><code>```\n&lt;script&gt;alert(1)&lt;/script&gt;\n```</code></pre>',
  '<pre>text <b>&lt;iframe src=x&gt;</b></pre>',
  '<a href="https://x.example/"><pre>&lt;script&gt;alert(1)&lt;/script&gt;</pre></a>',
  '<a href="javascript:alert(1)">a javascript link</a> <a href="https://ok.example/a b(c)">spaces and brackets</a>',
  '<img src="https://img.example/a.png" alt="&lt;script&gt;alert(1)&lt;/script&gt;" title="&quot; onerror=&quot;alert(1)">',
  '<img src="https://img.example/a.png" alt="x](javascript:alert(1)) ![y">',
  '<table><tr><td>&lt;svg onload=alert(1)&gt;</td><td><a href="https://t.example/">|cell|</a></td></tr></table>',
  '<p>&amp;lt;script&amp;gt; &amp;#60;b&amp;#62;</p>',
  '<script>alert(1)</script><iframe src="https://evil.example/"></iframe><p onclick="alert(1)">click</p><style>p{}</style>',
  '<p>[link](javascript:alert(1)) ![img](javascript:alert(1)) <a href="data:text/html,x">data</a></p>',
];

/** The elements of an HTML text, with their attributes. */
function elementsOf(html: string): Array<{ name: string; attributes: Record<string, string> }> {
  const elements: Array<{ name: string; attributes: Record<string, string> }> = [];
  const parser = new Parser({ onopentag: (name, attributes) => elements.push({ name, attributes }) });
  parser.write(html);
  parser.end();
  return elements;
}

/** Elements marked renders from Markdown: none can run anything. */
const RENDERED_TAGS = new Set([
  'p',
  'a',
  'img',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'code',
  'em',
  'strong',
  'del',
  'br',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);

describe("an archive file's body from hostile content", () => {
  it.each(HOSTILE_HTML)('renders, even by a renderer that passes raw HTML through, to nothing that runs: %s', (html) => {
    const content = sanitizeContent(html, 'https://news.example/');
    const body = renderArchiveFile(makeItem({ content }), FORMAT).split('\n---\n')[1]!;
    const elements = elementsOf(marked.parse(body, { async: false }));
    expect(elements.map(({ name }) => name).filter((name) => !RENDERED_TAGS.has(name))).toEqual([]);
    for (const { attributes } of elements) {
      expect(Object.keys(attributes).filter((name) => !['href', 'src', 'alt', 'title'].includes(name))).toEqual([]);
      for (const url of [attributes['href'], attributes['src']]) if (url !== undefined) expect(url).toMatch(/^(?:https?|mailto):/);
    }
  });

  it('renders to nothing that runs, for any mix of markup and escaped markup (fast-check)', () => {
    const fragments = fc.constantFrom(
      ...['<p>', '</p>', '<pre>', '</pre>', '<code>', '</code>', '<a href="https://x.example/a">', '<a href="javascript:alert(1)">', '</a>', '<b>', '</b>', '<ul><li>', '</li></ul>'],
      ...['<ol><li>', '</li></ol>', '<em>', '</em>', '<span>', '</span>', '<h2>', '</h2>', 'http://a.example', 'www.a.example', '&lt;script&gt;'],
      ...['<img src="https://i.example/x.png" alt="', '<img src="data:image/png;base64,AAAA" alt="', '">', '<table><tr><td>', '</td></tr></table>', '<br>', '<blockquote>', '</blockquote>'],
      ...['&lt;', '&gt;', '&amp;', '&quot;', '```', '~~~', 'script', 'iframe', ' onerror=alert(1) ', '!--', '?', '/', '#', '1.', '-', '+', '|', '[', ']', '(', ')', 'x', ' ', '\n'],
    );
    fc.assert(
      fc.property(fc.array(fragments, { maxLength: 30 }), (parts) => {
        const content = sanitizeContent(parts.join(''), 'https://news.example/');
        const body = renderArchiveFile(makeItem({ content }), FORMAT).split('\n---\n')[1]!;
        for (const { name, attributes } of elementsOf(marked.parse(body, { async: false }))) {
          expect(RENDERED_TAGS.has(name), name).toBe(true);
          // A fence's info string becomes a code element's class: text, in an attribute marked escapes;
          // a list item inside an item of a numbered list (no HTML has that) makes a list that starts
          // further on; a line of `:-` under text makes a table, which aligns its column.
          const allowed = name === 'code' ? ['class'] : name === 'ol' ? ['start'] : name === 'th' || name === 'td' ? ['align'] : ['href', 'src', 'alt', 'title'];
          expect(Object.keys(attributes).filter((attribute) => !allowed.includes(attribute))).toEqual([]);
          for (const url of [attributes['href'], attributes['src']]) if (url !== undefined) expect(url).toMatch(/^(?:https?|mailto):/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("writes `<` as `&lt;` and escapes an `&` that ends a text node, which the next node's text could complete", () => {
    // A link whose URL is dropped, or an element that renders only its text, leaves no markup between.
    for (const html of ['&lt;<a href="javascript:alert(1)">script&gt;</a>', '&lt;<span>img src=x onerror=alert(1)&gt;</span>', 'AT&amp;<a>amp;</a>T']) {
      const body = renderArchiveFile(makeItem({ content: sanitizeContent(html, 'https://news.example/') }), FORMAT).split('\n---\n')[1]!;
      const rendered = marked.parse(body, { async: false });
      expect(elementsOf(rendered).map(({ name }) => name)).toEqual(['p']);
      expect(decode(rendered.replace(/<\/?p>/g, '')).trim()).toBe(decode(html.replace(/<[^>]*>/g, '')));
    }
  });

  it.each([
    // A bare URL is linked up to the next space or `<`: a backslash before a `<` goes into the link.
    ['a bare URL before escaped markup', 'http://a.example&lt;script&gt;alert(1)&lt;/script&gt;'],
    // ... and over a code span's backtick, so the code is read as Markdown.
    ['a bare URL before inline code', '<p>see http://a.example<code>&lt;script&gt;alert(1)&lt;/script&gt; x</code></p>'],
    ['a www URL before inline code', '<p>www.a.example<code>[x](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt;</code></p>'],
    // A blank line ends a code span.
    ['a block inside inline code', '<code>a<p>&lt;script&gt;alert(1)&lt;/script&gt;</p></code>'],
    // A fence must stay in its list item, its quote, and out of emphasis and headings that wrap lines.
    ['code in a list item', '<ul><li><pre>a\n&lt;script&gt;alert(1)&lt;/script&gt;</pre></li></ul>'],
    ['code in a numbered item in a quote', '<blockquote><ol><li><pre>a\n&lt;script&gt;alert(1)&lt;/script&gt;</pre></li></ol></blockquote>'],
    ['code in emphasis', '<em><pre><br>&lt;script&gt;alert(1)&lt;/script&gt;</pre></em>'],
    ['code in a heading', '<h2><pre>a\n&lt;script&gt;alert(1)&lt;/script&gt;</pre></h2>'],
  ])('renders %s to nothing that runs, its text kept', (_name, html) => {
    const content = sanitizeContent(html, 'https://news.example/');
    const body = renderArchiveFile(makeItem({ content }), FORMAT).split('\n---\n')[1]!;
    const rendered = marked.parse(body, { async: false });
    expect(
      elementsOf(rendered)
        .map(({ name }) => name)
        .filter((name) => !RENDERED_TAGS.has(name)),
    ).toEqual([]);
    for (const { attributes } of elementsOf(rendered)) for (const url of [attributes['href'], attributes['src']]) if (url !== undefined) expect(url).toMatch(/^(?:https?|mailto):/);
    // Shown as text (in a bare URL's link text, `&lt;` as written: such a URL is linked as written).
    expect(decode(rendered.replace(/<[^>]*>/g, ''))).toMatch(/(?:<|&lt;)(?:script|img src=x onerror=)/);
  });

  it('keeps code in a list item in it, and a nested list under its item', () => {
    const body = renderArchiveFile(makeItem({ content: '<ol><li>run<pre>npm test\nnpm run lint</pre></li><li>then<ul><li>one</li><li>two</li></ul></li></ol>' }), FORMAT).split('\n---\n')[1]!;
    expect(body).toBe('1. run\n\n   ```\n   npm test\n   npm run lint\n   ```\n2. then\n   - one\n   - two\n');
    expect(marked.parse(body, { async: false })).toBe(
      '<ol>\n<li><p>run</p>\n<pre><code>npm test\nnpm run lint\n</code></pre>\n</li>\n<li><p>then</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n</li>\n</ol>\n',
    );
  });

  it('keeps the text of escaped markup as text', () => {
    const body = renderArchiveFile(makeItem({ content: '<p>Use &lt;b&gt; for bold, AT&amp;T &amp;amp; co.</p>' }), FORMAT).split('\n---\n')[1]!;
    expect(marked.parse(body, { async: false })).toBe('<p>Use &lt;b&gt; for bold, AT&amp;T &amp;amp; co.</p>\n');
  });

  it('fences code holding a fence with a longer one', () => {
    const body = renderArchiveFile(makeItem({ content: '<pre><code>```js\nx\n```</code></pre>' }), FORMAT).split('\n---\n')[1]!;
    expect(body).toBe('````\n```js\nx\n```\n````\n');
    expect(marked.parse(body, { async: false })).toBe('<pre><code>```js\nx\n```\n</code></pre>\n');
  });
});

describe('a description as Markdown', () => {
  it('renders back to its own text, and nothing else, for any text (fast-check)', () => {
    // Not bare URLs: GitHub's Markdown links them as written, backslash escapes and all.
    const tricky = fc.constantFrom(...'<>&;#/!?-=+*_`~[]()\\|:.1aZ "\''.split(''), 'amp', 'lt', '#60', 'script', 'x:y', '\n');
    fc.assert(
      fc.property(fc.string({ unit: tricky, maxLength: 24 }), (raw) => {
        const text = raw.replace(/\s+/g, ' ').trim();
        if (text === '') return;
        const body = renderArchiveFile(makeItem({ description: text }), FORMAT).split('\n---\n')[1]!;
        const html = marked.parse(body, { async: false });
        expect(elementsOf(html)).toEqual([{ name: 'p', attributes: {} }]);
        expect(decode(html.replace(/<[^>]*>/g, '')).trim()).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
