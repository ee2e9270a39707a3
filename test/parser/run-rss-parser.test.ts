import { describe, expect, it } from 'vitest';
import { runRssParser } from '../../src/parser/run-rss-parser.js';
import { sniffDocument, familyOfRoot } from '../../src/parser/sniff-document.js';

async function parse(text: string) {
  const sniffed = sniffDocument(text);
  if (sniffed?.kind !== 'xml') throw new Error('not XML');
  const rootTag = text.slice(sniffed.rootOffset, text.indexOf('>', sniffed.rootOffset) + 1);
  return runRssParser(text, familyOfRoot(sniffed.root, rootTag)!, sniffed.rootOffset);
}

describe('rss-parser as Tributary runs it', () => {
  it('makes no plain-text snippets of descriptions and contents (Tributary never reads them)', async () => {
    const { items } = await parse(`<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>
<item><title>One</title><description>&lt;p&gt;Bitcoin &amp;amp; ether&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>Body <b>text</b></p>]]></content:encoded></item></channel></rss>`);
    expect(items[0]).toMatchObject({ content: '<p>Bitcoin &amp; ether</p>', 'content:encoded': '<p>Body <b>text</b></p>' });
    expect(items[0]!['contentSnippet'] ?? '').toBe('');
    expect(items[0]!['content:encodedSnippet'] ?? '').toBe('');
  });
});
