import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanTitle, looksLikeHtml, plainTextToHtml, toPlainText, truncateAtWord } from '../../src/normalizer/text.js';
import { stripForbiddenXmlChars, stripForbiddenXmlCharsDeep } from '../../src/model/xml-chars.js';

describe('toPlainText', () => {
  it('strips tags and keeps their text', () => {
    expect(toPlainText('<p>Hello <b>bold</b> <a href="/x">world</a></p>')).toBe('Hello bold world');
  });

  it('drops the content of script and style elements', () => {
    expect(toPlainText('<style>p{color:red}</style>Safe<script>alert("x")</script> text')).toBe('Safe text');
  });

  it('decodes entities exactly once', () => {
    expect(toPlainText('Fish &amp; Chips')).toBe('Fish & Chips');
    expect(toPlainText('Fish &amp;amp; Chips')).toBe('Fish &amp; Chips');
    expect(toPlainText('It&#8217;s &lt;b&gt;not&lt;/b&gt; markup')).toBe('It’s <b>not</b> markup');
  });

  it('keeps words apart at block boundaries', () => {
    expect(toPlainText('<p>One</p><p>Two</p>Three<br>Four<li>Five</li>')).toBe('One Two Three Four Five');
  });

  it('collapses whitespace, including non-breaking spaces', () => {
    expect(toPlainText('  a \n\t b&nbsp;&nbsp;c  ')).toBe('a b c');
  });

  it('leaves a lone less-than sign in text alone', () => {
    expect(toPlainText('5 < 6 and 7 > 3')).toBe('5 < 6 and 7 > 3');
  });

  it('drops characters XML forbids', () => {
    expect(toPlainText('bad\u0001\u0008 chars\uFFFF')).toBe('bad chars');
  });

  it('drops the text of elements nested in a non-text element, and resumes after it', () => {
    expect(toPlainText('<noscript><p>Enable <b>JS</b></p></noscript>Shown<template><i>hidden</i></template> too')).toBe('Shown too');
  });

  it('stops reading a long body once it has more text than maxChars', () => {
    const paragraph = '<p>Bitcoin &amp; ether rallied as traders priced in a rate cut.</p>';
    const html = paragraph.repeat(20_000); // ~1.4 MB of markup
    const whole = toPlainText(html);
    const head = toPlainText(html, 300);
    expect(head.length).toBeGreaterThan(300);
    // One slice of markup (16 KiB) is read, not 1.4 MB.
    expect(head.length).toBeLessThan(16 * 1024);
    expect(whole.length).toBeGreaterThan(1_000_000);
    expect(whole.startsWith(head.slice(0, 300))).toBe(true);
  });

  it('flattens a 4 MiB body whole, or only its start, reading it once either way', () => {
    const html = '<p>Bitcoin &amp; ether\t\n  rallied.</p>'.repeat(110_000);
    expect(toPlainText(html)).toBe(Array.from({ length: 110_000 }, () => 'Bitcoin & ether rallied.').join(' '));
    const spaces = `<p>${' '.repeat(4 * 1024 * 1024)}</p><p>Last words</p>`;
    expect(toPlainText(spaces, 300)).toBe('Last words');
  });

  it('gives the same description whether or not reading stops early', () => {
    const fragment = fc.constantFrom('<p>', '</p>', '<b>', '</b>', '<br>', '<script>x()</script>', '&amp;', '&#8217;', ' ', '\n', '\u0001', 'word', 'Bitcoin', '€', '<img src=x>');
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 4000 }), fc.integer({ min: 1, max: 400 }), (fragments, max) => {
        const html = fragments.join('');
        expect(truncateAtWord(toPlainText(html, max), max)).toBe(truncateAtWord(toPlainText(html), max));
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('cleanTitle', () => {
  it.each([
    ['Fish &amp; Chips', 'Fish & Chips'],
    ['Bitcoin&#8217;s Week', 'Bitcoin’s Week'],
    ['<b>Breaking:</b>   Markets\n rally', 'Breaking: Markets rally'],
    ['Caf&eacute; &ndash; Bar', 'Café – Bar'],
    ['Plain title', 'Plain title'],
  ])('turns %j into %j', (raw, title) => {
    expect(cleanTitle(raw)).toBe(title);
  });

  it('keeps the angle brackets of a title the feed marks as plain text', () => {
    expect(cleanTitle('History of the <blink> tag', false)).toBe('History of the <blink> tag');
    expect(cleanTitle('History of the <blink> tag')).toBe('History of the tag');
  });

  it('still decodes entities a publisher escaped twice in a plain-text title', () => {
    expect(cleanTitle('Don&#8217;t  stop &amp; go', false)).toBe('Don’t stop & go');
  });
});

describe('truncateAtWord', () => {
  it('leaves text within the limit unchanged', () => {
    expect(truncateAtWord('short text', 20)).toBe('short text');
  });

  it('cuts at the last word boundary and adds an ellipsis', () => {
    expect(truncateAtWord('The quick brown fox jumps over the lazy dog', 20)).toBe('The quick brown fox…');
  });

  it('never returns more than the limit', () => {
    const text = 'word '.repeat(100);
    for (const max of [5, 17, 64, 300]) expect(truncateAtWord(text, max).length).toBeLessThanOrEqual(max);
  });

  it('drops trailing punctuation before the ellipsis', () => {
    expect(truncateAtWord('Hello, world, and everyone else here', 14)).toBe('Hello, world…');
  });

  it('cuts text without spaces hard', () => {
    expect(truncateAtWord('中文没有空格的句子很长很长很长', 8)).toBe('中文没有空格的…');
  });

  it('does not split a surrogate pair', () => {
    const result = truncateAtWord('🙂🙂🙂🙂🙂', 4);
    expect(result).toBe('🙂…');
  });
});

describe('looksLikeHtml and plainTextToHtml', () => {
  it('tells markup from text', () => {
    expect(looksLikeHtml('<p>hi</p>')).toBe(true);
    expect(looksLikeHtml('a <br/> b')).toBe(true);
    expect(looksLikeHtml('5 < 6 > 4')).toBe(false);
    expect(looksLikeHtml('AT&amp;T')).toBe(false);
  });

  it('escapes plain text and keeps its paragraphs', () => {
    expect(plainTextToHtml('a < b\nc\n\nd & e')).toBe('<p>a &lt; b<br>c</p><p>d &amp; e</p>');
  });
});

describe('stripForbiddenXmlChars', () => {
  it('removes control characters but keeps tab, newline and carriage return', () => {
    expect(stripForbiddenXmlChars('a\u0000b\u000Bc\td\ne\rf')).toBe('abc\td\ne\rf');
  });

  it('removes unpaired surrogates and keeps paired ones', () => {
    expect(stripForbiddenXmlChars('x\uD800y\uDC00z🙂')).toBe('xyz🙂');
  });

  it('cleans every string of a nested value', () => {
    expect(stripForbiddenXmlCharsDeep({ a: 'x\u0001', b: ['y\u0002'], c: 3, d: { e: '\uFFFEz' } })).toEqual({
      a: 'x',
      b: ['y'],
      c: 3,
      d: { e: 'z' },
    });
  });
});
