import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { type FeedShape, recoverXml } from '../../src/parser/recover-xml.js';

const RSS: FeedShape = { item: 'item', parents: ['channel'], htmlText: ['description', 'content:encoded'] };
const RDF: FeedShape = { item: 'item', parents: ['rdf:RDF'], htmlText: ['description'] };
const ATOM: FeedShape = { item: 'entry', parents: ['feed'], htmlText: [] };
const rss = (document: string) => recoverXml(document, RSS);
const wellFormed = (text: string) => XMLValidator.validate(text) === true;

describe('recoverXml', () => {
  it('closes what a truncated document left open, dropping the element it was cut inside', () => {
    const recovered = rss(
      '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Whole</title><link>https://e.com/1</link></item><item><title>Second</title><description>Cut in the mid',
    );
    expect(recovered).toBe('<rss version="2.0"><channel><title>T</title><item><title>Whole</title><link>https://e.com/1</link></item><item><title>Second</title></item></channel></rss>');
    expect(wellFormed(recovered)).toBe(true);
  });

  it('drops a CDATA section left open by the end of the document, with its element', () => {
    expect(rss('<rss><channel><item><title>Kept</title><description><![CDATA[<p>never finished')).toBe('<rss><channel><item><title>Kept</title></item></channel></rss>');
  });

  it('drops a channel element cut short, but keeps the items before it', () => {
    expect(rss('<rss><channel><item><title>A</title></item><copyright>All rig')).toBe('<rss><channel><item><title>A</title></item></channel></rss>');
  });

  it('closes an element left open before an item, so that it does not swallow the items', () => {
    expect(
      rss(`<rss xmlns:itunes="x"><channel><itunes:category text='Technology'><itunes:category text='Gadgets'/><item><title>One</title></item><item><title>Two</title></item></channel></rss>`),
    ).toBe(
      '<rss xmlns:itunes="x"><channel><itunes:category text="Technology"><itunes:category text="Gadgets"/></itunes:category><item><title>One</title></item><item><title>Two</title></item></channel></rss>',
    );
  });

  it('closes an item left open when the next one starts, and an Atom entry likewise', () => {
    expect(rss('<rss><channel><item><title>One</title><item><title>Two</title></item></channel></rss>')).toBe(
      '<rss><channel><item><title>One</title></item><item><title>Two</title></item></channel></rss>',
    );
    expect(recoverXml('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>One</title><entry><title>Two</title></entry></feed>', ATOM)).toBe(
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>One</title></entry><entry><title>Two</title></entry></feed>',
    );
  });

  it('leaves an item nested in another element of an item where it is, and items of other vocabularies alone', () => {
    const atom = recoverXml(
      '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:gd="g"><entry><title>Outer</title><gd:entryLink><entry><title>Inner</title></entry></gd:entryLink><link href="https://e.com/o"/></entry><entry><title>Next</title>',
      ATOM,
    );
    expect(atom).toBe(
      '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:gd="g"><entry><title>Outer</title><gd:entryLink><entry><title>Inner</title></entry></gd:entryLink><link href="https://e.com/o"/></entry><entry><title>Next</title></entry></feed>',
    );
    expect(rss('<rss><channel><item><title>One</title><x:list><x:item>a</x:item></x:list><link>https://e.com/1</link></item><item><title>T')).toBe(
      '<rss><channel><item><title>One</title><x:list><x:item>a</x:item></x:list><link>https://e.com/1</link></item><item></item></channel></rss>',
    );
  });

  it('leaves the end tags of the root and of the channel to the end, so that one written too early loses nothing', () => {
    expect(rss('<rss><channel><item><title>A</title><description>write </rss> here</description></item><item><title>B</title></item></channel></rss>')).toBe(
      '<rss><channel><item><title>A</title><description>write &lt;/rss&gt; here</description></item><item><title>B</title></item></channel></rss>',
    );
    expect(rss('<rss><channel><title>T</title></channel><item><title>After</title></item></rss><trailing/>')).toBe(
      '<rss><channel><title>T</title><item><title>After</title></item><trailing/></channel></rss>',
    );
  });

  it('reads the items of RSS 1.0 as children of rdf:RDF, not of a channel left open', () => {
    expect(recoverXml('<rdf:RDF xmlns:rdf="r"><channel><title>T</title><item><title>A</title></item></rdf:RDF>', RDF)).toBe(
      '<rdf:RDF xmlns:rdf="r"><channel><title>T</title></channel><item><title>A</title></item></rdf:RDF>',
    );
  });

  it('keeps the tags inside an element whose content is HTML written as text, as its text', () => {
    const recovered = rss('<rss><channel><item><description>a<br>b <img src="x.png"> c</p></description><title>T</title></item></channel>');
    expect(recovered).toBe('<rss><channel><item><description>a&lt;br&gt;b &lt;img src="x.png"&gt; c&lt;/p&gt;</description><title>T</title></item></channel></rss>');
  });

  it('ends HTML written as text and left open at the end tag of its item, or at the next item', () => {
    expect(rss('<rss><channel><item><description>a<br>b</item><item><description>c<p>d<item><title>T</title></item>')).toBe(
      '<rss><channel><item><description>a&lt;br&gt;b</description></item><item><description>c&lt;p&gt;d</description></item><item><title>T</title></item></channel></rss>',
    );
  });

  it('drops an end tag that closes nothing, and closes what a mismatched end tag skips over', () => {
    expect(rss('<rss><channel></title><item><title>A</item></channel></rss>')).toBe('<rss><channel><item><title>A</title></item></channel></rss>');
  });

  it('escapes bare ampersands and angle brackets, keeps character and known entity references, and drops references to characters XML forbids', () => {
    const recovered = rss('<rss><channel><item><title>R&D < 5 &amp; &#8212; &mdash; &nope; a]]<!--x-->>b &#11;&#x0;</title><link>https://e.com/?a=1&b=2</link></item></channel>');
    expect(recovered).toBe('<rss><channel><item><title>R&amp;D &lt; 5 &amp; &#8212; &mdash; &amp;nope; a]]&gt;b </title><link>https://e.com/?a=1&amp;b=2</link></item></channel></rss>');
  });

  it('writes a tag with no XML name as text', () => {
    expect(rss('<rss><channel><item><title>a <= b> c</title></item></channel>')).toBe('<rss><channel><item><title>a &lt;= b&gt; c</title></item></channel></rss>');
  });

  it('writes attributes quoted and escaped, whatever their quoting, keeping the first of a repeated one', () => {
    expect(rss(`<rss><channel><item><enclosure url=https://e.com/a.mp3?x=1&y=2 type='audio/mpeg' type="x" length="1"/></item></channel></rss>`)).toBe(
      '<rss><channel><item><enclosure url="https://e.com/a.mp3?x=1&amp;y=2" type="audio/mpeg" length="1"/></item></channel></rss>',
    );
  });

  it('keeps CDATA sections as CDATA', () => {
    expect(rss('<rss><channel><item><title><![CDATA[a & b]]></title></item></channel>')).toBe('<rss><channel><item><title><![CDATA[a & b]]></title></item></channel></rss>');
  });

  it('drops the DOCTYPE, comments and processing instructions, and text outside the root', () => {
    expect(rss('<?xml version="1.0"?><!DOCTYPE rss><!-- c -->junk<rss><channel><?pi x?><title>T</title></channel></rss>')).toBe('<rss><channel><title>T</title></channel></rss>');
  });

  it('adds no text: every character of text in the result was in the document', () => {
    const document = '<rss><channel><title>Ünïcödé “x”</title><item><title>a<b>c</title><description>d</item></channel></rss>';
    const recovered = rss(document);
    expect(wellFormed(recovered)).toBe(true);
    const text = (xml: string) => xml.replace(/<[^>]*>/g, '');
    expect(text(recovered)).toBe(text(document));
  });

  it('gives up on a document that leaves more than 1,024 elements open', () => {
    expect(() => rss(`<rss><channel>${'<a>x'.repeat(1100)}`)).toThrow('more than 1024 elements left open');
    expect(rss(`<rss><channel>${'<a>x'.repeat(100)}${'</a>'.repeat(100)}`)).toBe(`<rss><channel>${'<a>x'.repeat(100)}${'</a>'.repeat(100)}</channel></rss>`);
  });

  it('costs no more for an end tag that closes nothing, however deep the document (a quadratic reading would time out here)', () => {
    const document = `<rss><channel>${'<a>'.repeat(1000)}${'</b>'.repeat(500_000)}${'</a>'.repeat(1000)}<item><title>Kept</title></item>`;
    expect(rss(document)).toBe(`<rss><channel>${'<a>'.repeat(1000)}${'</a>'.repeat(1000)}<item><title>Kept</title></item></channel></rss>`);
  });
});
