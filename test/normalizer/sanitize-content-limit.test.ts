import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rebuildHtml } from '../../src/normalizer/rebuild-html.js';
import { cutHtml, sanitizeContent, sanitizeContentWithin } from '../../src/normalizer/sanitize-content.js';
import { normalizeItemWithNotes } from '../../src/normalizer/normalize-item.js';
import type { ParsedItem } from '../../src/parser/parsed-feed.js';
import { parseConfig } from '../../src/config/load-config.js';
import { problemsOf } from '../helpers/config-problems.js';

const BASE = 'https://blog.example.com/posts/';
const bytes = (text: string | undefined): number => Buffer.byteLength(text ?? '', 'utf8');
/** A high surrogate without its low one, or a low one without its high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether the HTML is what an HTML5 parser builds back to itself (nothing left open, nothing misplaced), and whole UTF-16. */
function isWellFormed(html: string): boolean {
  return rebuildHtml(html) === html && !LONE_SURROGATE.test(html);
}

describe('cutHtml', () => {
  it('leaves HTML of exactly the limit whole, and cuts it one byte under', () => {
    const html = '<p>exactly</p>';
    expect(cutHtml(html, bytes(html))).toBe(html);
    expect(cutHtml(html, bytes(html) - 1)).toBe('<p>exactly');
  });

  it('counts bytes of UTF-8, not characters', () => {
    const html = '<p>é€😀</p>';
    expect(bytes(html)).toBe(3 + 2 + 3 + 4 + 4);
    expect(cutHtml(html, 16)).toBe(html);
    expect(cutHtml(html, 12)).toBe('<p>é€😀');
    expect(cutHtml(html, 7)).toBe('<p>é');
  });

  it('never cuts inside a tag, its attributes or a closing tag', () => {
    const html = '<p>one <a href="https://x.example/a">two</a> three</p>';
    for (let limit = 1; limit < html.length; limit++) {
      const cut = cutHtml(html, limit);
      expect(cut.lastIndexOf('<'), `limit ${limit}: ${cut}`).toBeLessThanOrEqual(cut.lastIndexOf('>'));
    }
    expect(cutHtml(html, html.indexOf('two') + 2)).toBe('<p>one <a href="https://x.example/a">tw');
    expect(cutHtml(html, html.indexOf('</a>') + 2)).toBe('<p>one <a href="https://x.example/a">two');
  });

  it('keeps a "<" that opens no tag, as text', () => {
    expect(cutHtml('<p>1 < 2 and more</p>', 12)).toBe('<p>1 < 2 and');
  });

  it('never cuts inside a named, decimal or hexadecimal character reference', () => {
    const html = 'a&amp;b&#8217;c&#x1F600;d';
    for (let limit = 1; limit < html.length; limit++) {
      expect(cutHtml(html, limit), `limit ${limit}`).toMatch(/^(?:[^&]|&(?:amp|#8217|#x1F600);)*$/);
    }
    expect(cutHtml(html, 4)).toBe('a');
    expect(cutHtml(html, 6)).toBe('a&amp;');
  });

  it('never splits a surrogate pair', () => {
    const html = `<p>${'😀'.repeat(4)}</p>`;
    for (let limit = 3; limit < bytes(html); limit++) {
      const cut = cutHtml(html, limit);
      expect(LONE_SURROGATE.test(cut), `limit ${limit}`).toBe(false);
      expect(bytes(cut)).toBeLessThanOrEqual(limit);
    }
    expect(cutHtml(html, 3 + 4 + 3)).toBe('<p>😀');
  });

  it('reads no more of a huge body than the cut', () => {
    const huge = `<p>${'x'.repeat(8 * 1024 * 1024)}</p>`;
    expect(cutHtml(huge, 100)).toBe(`<p>${'x'.repeat(97)}`);
  });
});

describe('sanitizeContentWithin', () => {
  it('leaves content under the limit as sanitizeContent does, not cut', () => {
    const html = '<p>Hello <b>world</b><script>x()</script></p>';
    expect(sanitizeContentWithin(html, BASE, [], 1024)).toEqual({ html: sanitizeContent(html, BASE), cut: false });
  });

  it('cuts long content to the limit, closes the tags the cut left open, and says it cut', () => {
    const html = `<div><p>Start <a href="/a">link</a></p>${'<p>Lorem <em>ipsum &amp; dolor</em> sit 😀 amet.</p>'.repeat(2000)}</div>`;
    const result = sanitizeContentWithin(html, BASE, [], 4096);
    expect(result.cut).toBe(true);
    expect(bytes(result.html)).toBeLessThanOrEqual(4096);
    expect(bytes(result.html)).toBeGreaterThan(3500);
    expect(result.html).toMatch(/^<div><p>Start <a href="https:\/\/blog\.example\.com\/a" rel="noopener noreferrer">link<\/a><\/p>/);
    expect(result.html).toMatch(/<\/div>$/);
    expect(isWellFormed(result.html!)).toBe(true);
  });

  it('stays within the limit when sanitizing lengthens what it keeps', () => {
    // Every link gains rel="noopener noreferrer" and an absolute href: twice as long after sanitizing.
    const html = '<a href="/x">x</a>'.repeat(5000);
    const result = sanitizeContentWithin(html, BASE, [], 10_000);
    expect(result.cut).toBe(true);
    expect(bytes(result.html)).toBeLessThanOrEqual(10_000);
    expect(bytes(result.html)).toBeGreaterThan(9_000);
    expect(isWellFormed(result.html!)).toBe(true);
  });

  it('keeps any HTML within any limit, balanced, without a lone surrogate (property)', () => {
    const fragment = fc.constantFrom(
      '<p>',
      '</p>',
      '<div>',
      '</div>',
      '<b>',
      '</b>',
      '<a href="/x?a=1&amp;b=2">',
      '</a>',
      '<img src="/i.png">',
      '<br>',
      '<ul><li>',
      '</li></ul>',
      '<!-- c > d -->',
      '<script>x("<p>")</script>',
      '<span title="a > b">',
      '</span>',
      '<table><col>',
      '<th>',
      '<tr><td>',
      '</table>',
      '<pre>\n',
      '&amp;',
      '&#8217;',
      '&#x1F600;',
      '&nbsp;',
      '😀',
      'é',
      '€',
      ' < ',
      'text ',
      'more words ',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 200 }), fc.integer({ min: 1, max: 600 }), (parts, limit) => {
        const result = sanitizeContentWithin(parts.join(''), BASE, [], limit);
        expect(bytes(result.html)).toBeLessThanOrEqual(limit);
        if (result.html !== undefined) expect(isWellFormed(result.html), result.html).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps content whose sanitized HTML is exactly the limit whole', () => {
    const html = `<p>${'a'.repeat(100)}</p>`;
    expect(sanitizeContentWithin(html, BASE, [], bytes(html))).toEqual({ html, cut: false });
    expect(sanitizeContentWithin(html, BASE, [], bytes(html) - 1)).toEqual({ html: `<p>${'a'.repeat(99)}</p>`, cut: true });
  });
});

describe('normalizing an item with content over items.maxContentBytes', () => {
  const context = { source: { key: 'wire', name: 'Wire', tags: [] }, type: 'RSS' as const, feedUrl: 'https://wire.example/feed', now: new Date('2026-01-05T12:00:00Z') };
  const parsed = (content: string): ParsedItem => ({ guid: 'big-1', title: 'Big', content, images: [], enclosures: [], categories: [] }) as unknown as ParsedItem;

  it('keeps the content cut to the limit and notes how long it was', () => {
    const content = '<p>word </p>'.repeat(100_000);
    const { item, contentCutFrom } = normalizeItemWithNotes(parsed(content), context, {}, { maxContentBytes: 2048 });
    expect(bytes(item.content)).toBeLessThanOrEqual(2048);
    expect(contentCutFrom).toBe(content.length);
  });

  it('notes nothing when the content fits the default limit', () => {
    const { item, contentCutFrom } = normalizeItemWithNotes(parsed('<p>short</p>'), context, {});
    expect(item.content).toBe('<p>short</p>');
    expect(contentCutFrom).toBeUndefined();
  });
});

describe('items.maxContentBytes in the config', () => {
  const config = (items: Record<string, unknown>) => ({ output: { title: 't', id: 'urn:t' }, sources: [], items });

  it('is 256 KiB unless set', () => {
    expect(parseConfig('feeds.json', JSON.stringify(config({}))).items.maxContentBytes).toBe(262_144);
    expect(parseConfig('feeds.json', JSON.stringify(config({ maxContentBytes: 1_000_000 }))).items.maxContentBytes).toBe(1_000_000);
  });

  it('is refused unless a positive whole number of bytes up to 16 MiB', () => {
    for (const value of [0, -1, 1.5, '256k', 16 * 1024 * 1024 + 1]) {
      expect(problemsOf('feeds.json', config({ maxContentBytes: value })).join('\n'), String(value)).toMatch(/items\.maxContentBytes/);
    }
  });
});
