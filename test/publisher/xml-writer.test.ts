import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { cleanXmlText, element, escapeXmlAttribute, escapeXmlText, htmlElement, serializeXml, textElement } from '../../src/publisher/xml-writer.js';
import { assertWellFormed, DECODE_REFERENCES } from '../helpers/feed-xml.js';

describe('the XML writer', () => {
  it('writes &, < and > in text as references, so "]]>" and "<script>" never appear raw', () => {
    expect(escapeXmlText('a ]]> b <script>alert(1)</script> & c')).toBe('a ]]&gt; b &lt;script&gt;alert(1)&lt;/script&gt; &amp; c');
  });

  it('writes quotes, tabs, newlines and carriage returns in attributes as references, so parsers give them back', () => {
    expect(escapeXmlAttribute('say "hi"\tthen\nleave\r<&>')).toBe('say &quot;hi&quot;&#9;then&#10;leave&#13;&lt;&amp;&gt;');
  });

  it('writes &, < and > in text as hexadecimal references when asked, as the RSS profile wants of plain text', () => {
    expect(escapeXmlText('a ]]> b <i> & c\r', 'hexadecimal')).toBe('a ]]&#x3E; b &#x3C;i&#x3E; &#x26; c&#13;');
  });

  it('writes plain text as the document asks and an element holding HTML with named references', () => {
    const xml = serializeXml(element('item', {}, textElement('title', 'A & <b>'), htmlElement('description', '<p>A &amp; B</p>'), htmlElement('none', undefined)), { plainText: 'hexadecimal' });
    expect(xml).toBe('<?xml version="1.0" encoding="utf-8"?>\n<item>\n  <title>A &#x26; &#x3C;b&#x3E;</title>\n  <description>&lt;p&gt;A &amp;amp; B&lt;/p&gt;</description>\n</item>\n');
  });

  it('keeps a carriage return in text as a reference, where a parser would fold it into a newline', () => {
    expect(escapeXmlText('a\r\nb')).toBe('a&#13;\nb');
  });

  it('removes the characters XML 1.0 forbids or discourages, and keeps tab, newline, NEL and paired surrogates', () => {
    expect(cleanXmlText('a\u0000\u0001\u0008\u000B\u000C\u000E\u001F\u007F\u0080\u009F\uFDD0\uFFFE\uFFFFb')).toBe('ab');
    expect(cleanXmlText('lone \uD83D high, lone \uDE00 low, pair \uD83D\uDE00')).toBe('lone  high, lone  low, pair 😀');
    expect(cleanXmlText('\uDE00\uD83D')).toBe('');
    expect(cleanXmlText('tab\tnl\ncr\rnel\u0085')).toBe('tab\tnl\ncr\rnel\u0085');
  });

  it('leaves out undefined attributes and empty children, and closes an empty element itself', () => {
    const xml = serializeXml(element('root', { a: '1', b: undefined, c: 2 }, element('empty'), undefined, false, '', textElement('none', undefined)));
    expect(xml).toBe('<?xml version="1.0" encoding="utf-8"?>\n<root a="1" c="2">\n  <empty/>\n</root>\n');
  });

  it('writes a well-formed document whatever the text, for 2,000 random strings of any code units', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = [']]>', '<', '>', '&', '"', "'", '\r', '\n', '\t', '&amp;', '<![CDATA[', '-->', '<?', '\u0000', '\uFFFE', '\uD800', '\uDFFF', '😀'];
    const strings = Array.from({ length: 2000 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 12) }, () => (random() < 0.5 ? pieces[Math.floor(random() * pieces.length)]! : String.fromCharCode(Math.floor(random() * 0x10000)))).join(''),
    );
    const xml = serializeXml(element('root', {}, ...strings.map((text) => element('s', { v: text }, text))));
    assertWellFormed(xml);
    expect(Buffer.from(xml, 'utf8').toString('utf8')).toBe(xml);
  });

  it('gives back every string, once cleaned, to an XML parser, with plain text in hexadecimal references', () => {
    const pieces = [']]>', '<', '>', '&', '"', "'", '\r', '\r\n', '\n', '\t', '&amp;', '&#x26;', '<![CDATA[', '-->', '<?', '\u0000', '\uFFFE', '\uD800', '😀', 'שלום', '\u202E'];
    const strings = pieces.flatMap((first) => pieces.map((second) => `x${first}${second}y`));
    const xml = serializeXml(element('root', {}, ...strings.map((text) => element('s', { v: text }, text))), { plainText: 'hexadecimal' });
    const parsed = new XMLParser({ ...DECODE_REFERENCES, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: false }).parse(xml) as {
      root: { s: Array<{ '#text': string; '@v': string }> };
    };
    expect(parsed.root.s.map((node) => [node['#text'], node['@v']])).toEqual(strings.map((text) => [cleanXmlText(text), cleanXmlText(text)]));
  });
});
