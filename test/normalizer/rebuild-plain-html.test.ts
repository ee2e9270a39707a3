import { describe, expect, it } from 'vitest';
import { rebuildHtml } from '../../src/normalizer/rebuild-html.js';
import { rebuildPlainHtml } from '../../src/normalizer/rebuild-plain-html.js';
import { ALLOWED_TAGS, sanitizedMarkup } from '../../src/normalizer/sanitize-content.js';
import { corpusRoot, hasCorpus } from '../corpus/corpus-files.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { corpusTexts } from './corpus-text.js';

const BASE = 'https://news.example/articles/1';

/** rebuildPlainHtml's answer for sanitize-html's output of `html`, and parse5's (rebuildHtml). */
function bothWays(html: string, iframeHosts: readonly string[] = []): { plain: string | undefined; parsed: string } {
  const clean = sanitizedMarkup(html, BASE, iframeHosts);
  return { plain: rebuildPlainHtml(clean), parsed: rebuildHtml(clean) };
}

describe('rebuildPlainHtml', () => {
  it("writes properly nested article HTML as parse5 does, in the serializer's spelling", () => {
    const { plain, parsed } = bothWays(
      '<p>Price\u00a0up <a href="/x?a=1&b=2" title="a < b > c">more</a><br/><img src="/c.png" alt=""></p><ul><li>one<ul><li>two</li></ul></li></ul><h2>Said</h2><blockquote>q</blockquote><ol reversed><li>x</li></ol>',
    );
    expect(plain).toBe(parsed);
    expect(plain).toBe(
      '<p>Price&nbsp;up <a href="https://news.example/x?a=1&amp;b=2" title="a < b > c" rel="noopener noreferrer">more</a><br><img src="https://news.example/c.png" alt=""></p><ul><li>one<ul><li>two</li></ul></li></ul><h2>Said</h2><blockquote>q</blockquote><ol reversed=""><li>x</li></ol>',
    );
  });

  it('drops the characters HTML reports as errors and reads CR LF as LF, as the parser does', () => {
    const { plain, parsed } = bothWays('<p title="a\r\nb\u0085">x\r\ny\rz\uFDD0</p>');
    expect(plain).toBe('<p title="a\nb">x\ny\nz</p>');
    expect(plain).toBe(parsed);
  });

  // sanitize-html closes most of these itself (its parser knows HTML's implied end tags); the walk
  // must not rely on that, so each is given here as sanitize-html would write it if it did not.
  it.each([
    ['a block opened in a paragraph', '<p>a<div>b</div></p>'],
    ['a list opened in a paragraph', '<p>a<ul><li>b</li></ul></p>'],
    ['a heading opened in a paragraph', '<p>a<h2>b</h2></p>'],
    ['a rule in a paragraph', '<p>a<hr />b</p>'],
    ['a list item opened in a list item', '<ul><li>a<li>b</li></li></ul>'],
    ['a list item in a div in a list item', '<ul><li>a<div><li>b</li></div></li></ul>'],
    ['a definition opened in a definition', '<dl><dt>a<dd>b</dd></dt></dl>'],
    ['a heading directly in a heading', '<h1>a<h2>b</h2></h1>'],
    ['a link in a link', '<a href="/x">1<a href="/y">2</a></a>'],
    ['a fourth bold in three others, inside a bold of other attributes', '<b lang="en"><b><b><b><b>x</b></b></b></b>y</b>'],
    ['a block in five nested bolds', '<b title="1">A<div>B<b>C<b>D<b>E<b>F</b></b></b>G</b>H</div>I</b>'],
  ])('leaves %s to the parser, which builds it otherwise', (_name, clean) => {
    expect(rebuildPlainHtml(clean)).toBeUndefined();
    expect(rebuildHtml(clean)).not.toBe(clean.replace(' />', '>'));
  });

  it('writes a list item in a nested list, and a paragraph in a list item, as they are', () => {
    for (const clean of ['<ul><li>a<ol><li>b</li></ol></li></ul>', '<ul><li><p>a</p></li></ul>', '<blockquote><p>a</p><p>b</p></blockquote>']) {
      expect(rebuildPlainHtml(clean)).toBe(clean);
      expect(rebuildHtml(clean)).toBe(clean);
    }
  });

  it.each([
    ['a table', '<table><tr><td>a</td></tr></table>'],
    ['a table part alone', '<td>a</td>'],
    ['a pre', '<pre>\n\ncode</pre>'],
    ['an iframe', '<iframe src="https://youtube.com/embed/x">a &amp; b</iframe>'],
  ])('leaves %s to the parser', (_name, html) => {
    expect(rebuildPlainHtml(sanitizedMarkup(html, BASE, ['youtube.com']))).toBeUndefined();
  });

  it("leaves HTML out of sanitize-html's form to the parser", () => {
    for (const html of ['<p>a', '<p>a</b></p>', "<p title='x'>a</p>", '<br>a</br>', '<P>a</P>', '<div />']) expect(rebuildPlainHtml(html), html).toBeUndefined();
  });
});

/** Tag soup over the allowed elements and a few others: misnested, unclosed, stray end tags, runs of one formatting element, attributes and text with what needs escaping. */
function tagSoup(random: () => number): string {
  const tags = [...ALLOWED_TAGS, 'script', 'font', 'section'];
  const formatting = ['b', 'i', 'em', 'strong', 'code', 's', 'small', 'u'];
  const texts = ['a', ' ', 'x & y', '1 < 2 > 0', '\u00a0', 'line\r\nnext', '"q"', '&amp;', '&nbsp;', '\u0085'];
  const attributes = [' href="/p?a=1&b=2"', ' title="a<b>&quot;c"', " title='x\u00a0y'", ' src="/i.png"', ' alt', ' reversed', ' start="2"', ' lang="en"', ' colspan="2"'];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  let html = '';
  const length = 1 + Math.floor(random() * 24);
  for (let index = 0; index < length; index += 1) {
    const roll = random();
    // Runs of one formatting element, which the parser's list of them treats apart (Noah's Ark).
    if (roll < 0.05) html += `<${pick(formatting)}${random() < 0.4 ? pick(attributes) : ''}>`.repeat(2 + Math.floor(random() * 4));
    else if (roll < 0.45) html += `<${pick(tags)}${random() < 0.4 ? pick(attributes) : ''}>`;
    else if (roll < 0.75) html += `</${pick(tags)}>`;
    else html += pick(texts);
  }
  return html;
}

describe('rebuildPlainHtml against parse5', () => {
  it('answers as parse5 does, or leaves it to parse5, for 20,000 pieces of generated tag soup', () => {
    const random = seededRandom(20261204);
    let answered = 0;
    for (let index = 0; index < 20_000; index += 1) {
      const html = tagSoup(random);
      const { plain, parsed } = bothWays(html);
      if (plain === undefined) continue;
      answered += 1;
      expect(plain, html).toBe(parsed);
    }
    // A guard against a walk that gives up on everything, which would pass the comparison vacuously.
    expect(answered).toBeGreaterThan(5_000);
  });
});

const runCorpus = hasCorpus || Boolean(process.env.CI);
if (!runCorpus) console.warn(`rebuildPlainHtml corpus test skipped: no corpus at ${corpusRoot}`);

describe.skipIf(!runCorpus)('rebuildPlainHtml: the real-world corpus', () => {
  it('answers as parse5 does for every corpus string it answers for, and for most that hold markup', async () => {
    expect(hasCorpus, `the corpus is required with CI set: none at ${corpusRoot}`).toBe(true);
    let marked = 0;
    let answered = 0;
    for (const { file, text } of await corpusTexts()) {
      const clean = sanitizedMarkup(text, BASE);
      if (!clean.includes('<')) continue;
      marked += 1;
      const plain = rebuildPlainHtml(clean);
      if (plain === undefined) continue;
      answered += 1;
      expect(plain, `${file}: ${clean.slice(0, 200)}`).toBe(rebuildHtml(clean));
    }
    console.log(`rebuildPlainHtml corpus: ${answered} of ${marked} sanitized strings with markup written without a parse`);
    expect(answered / marked).toBeGreaterThan(0.5);
  }, 180_000);
});
