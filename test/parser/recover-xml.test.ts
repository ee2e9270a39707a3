import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { recoverXml } from '../../src/parser/recover-xml.js';

const wellFormed = (text: string) => XMLValidator.validate(text) === true;

describe('recoverXml', () => {
  it('closes what a truncated document left open, dropping the element it was cut inside', () => {
    const recovered = recoverXml(
      '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Whole</title><link>https://e.com/1</link></item><item><title>Second</title><description>Cut in the mid',
    );
    expect(recovered).toBe('<rss version="2.0"><channel><title>T</title><item><title>Whole</title><link>https://e.com/1</link></item><item><title>Second</title></item></channel></rss>');
    expect(wellFormed(recovered)).toBe(true);
  });

  it('drops a CDATA section left open by the end of the document, with its element', () => {
    const recovered = recoverXml('<rss><channel><item><title>Kept</title><description><![CDATA[<p>never finished');
    expect(recovered).toBe('<rss><channel><item><title>Kept</title></item></channel></rss>');
  });

  it('drops a channel element cut short, but keeps the items before it', () => {
    expect(recoverXml('<rss><channel><item><title>A</title></item><copyright>All rig')).toBe('<rss><channel><item><title>A</title></item></channel></rss>');
  });

  it('closes an element left open before an item, so that it does not swallow the items', () => {
    const recovered = recoverXml(
      `<rss xmlns:itunes="x"><channel><itunes:category text='Technology'><itunes:category text='Gadgets'/><item><title>One</title></item><item><title>Two</title></item></channel></rss>`,
    );
    expect(recovered).toBe(
      '<rss xmlns:itunes="x"><channel><itunes:category text="Technology"><itunes:category text="Gadgets"></itunes:category></itunes:category><item><title>One</title></item><item><title>Two</title></item></channel></rss>',
    );
  });

  it('closes an item left open when the next one starts, and an Atom entry likewise', () => {
    expect(recoverXml('<rss><channel><item><title>One</title><item><title>Two</title></item></channel></rss>')).toBe(
      '<rss><channel><item><title>One</title></item><item><title>Two</title></item></channel></rss>',
    );
    expect(recoverXml('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>One</title><entry><title>Two</title></entry></feed>')).toBe(
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>One</title></entry><entry><title>Two</title></entry></feed>',
    );
  });

  it('drops an end tag that closes nothing, and closes what a mismatched end tag skips over', () => {
    expect(recoverXml('<rss><channel></title><item><title>A</item></channel></rss>')).toBe('<rss><channel><item><title>A</title></item></channel></rss>');
  });

  it('escapes bare ampersands and less-than signs, and keeps character and known entity references', () => {
    const recovered = recoverXml('<rss><channel><item><title>R&D < 5 &amp; &#8212; &mdash; &nope;</title><link>https://e.com/?a=1&b=2</link></item></channel>');
    expect(recovered).toBe('<rss><channel><item><title>R&amp;D &lt; 5 &amp; &#8212; &mdash; &amp;nope;</title><link>https://e.com/?a=1&amp;b=2</link></item></channel></rss>');
  });

  it('writes attributes quoted and escaped, whatever their quoting, keeping the first of a repeated one', () => {
    expect(recoverXml(`<rss><channel><item><enclosure url=https://e.com/a.mp3?x=1&y=2 type='audio/mpeg' type="x" length="1"/></item></channel></rss>`)).toBe(
      '<rss><channel><item><enclosure url="https://e.com/a.mp3?x=1&amp;y=2" type="audio/mpeg" length="1"></enclosure></item></channel></rss>',
    );
  });

  it('keeps CDATA sections as CDATA', () => {
    expect(recoverXml('<rss><channel><item><description><![CDATA[<p>a & b</p>]]></description></item></channel>')).toBe(
      '<rss><channel><item><description><![CDATA[<p>a & b</p>]]></description></item></channel></rss>',
    );
  });

  it('drops what follows the root element, the DOCTYPE, comments and processing instructions', () => {
    const recovered = recoverXml('<?xml version="1.0"?><!DOCTYPE rss><!-- c --><rss><channel><?pi x?><title>T</title></channel></rss><rss><channel><title>Second</title></channel></rss> trailing');
    expect(recovered).toBe('<rss><channel><title>T</title></channel></rss>');
  });

  it('adds no text: every character of text in the result was in the document', () => {
    const document = '<rss><channel><title>Ünïcödé “x”</title><item><title>a<b>c</title><description>d</item></channel></rss>';
    const recovered = recoverXml(document);
    expect(wellFormed(recovered)).toBe(true);
    const text = (xml: string) => xml.replace(/<[^>]*>/g, '');
    expect(text(recovered)).toBe(text(document));
    expect(recovered).toBe('<rss><channel><title>Ünïcödé “x”</title><item><title>a<b>c</b></title><description>d</description></item></channel></rss>');
  });

  it('gives up on a document that leaves thousands of elements open, rather than spend quadratic time on it', () => {
    expect(() => recoverXml(`<rss><channel>${'<a>x'.repeat(5000)}`)).toThrow('more than 4096 elements left open');
    expect(recoverXml(`<rss><channel>${'<a>x'.repeat(100)}${'</a>'.repeat(100)}`)).toBe(`<rss><channel>${'<a>x'.repeat(100)}${'</a>'.repeat(100)}</channel></rss>`);
  });
});
