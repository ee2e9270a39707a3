import { describe, expect, it } from 'vitest';
import { cleanXmlText, element, escapeXmlAttribute, escapeXmlText, serializeXml, textElement } from '../../src/publisher/xml-writer.js';
import { assertWellFormed } from '../helpers/feed-xml.js';

describe('the XML writer', () => {
  it('writes &, < and > in text as references, so "]]>" and "<script>" never appear raw', () => {
    expect(escapeXmlText('a ]]> b <script>alert(1)</script> & c')).toBe('a ]]&gt; b &lt;script&gt;alert(1)&lt;/script&gt; &amp; c');
  });

  it('writes quotes, tabs, newlines and carriage returns in attributes as references, so parsers give them back', () => {
    expect(escapeXmlAttribute('say "hi"\tthen\nleave\r<&>')).toBe('say &quot;hi&quot;&#9;then&#10;leave&#13;&lt;&amp;&gt;');
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
});
