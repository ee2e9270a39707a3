import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { SourceConfigSchema, type SourceConfig } from '../../src/config/schema.js';
import { planImport } from '../../src/opml/plan-import.js';
import { readOpml } from '../../src/opml/read-opml.js';
import { renderOpml } from '../../src/opml/write-opml.js';
import { assertWellFormed } from '../helpers/feed-xml.js';

const source = (fields: Record<string, unknown>): SourceConfig => SourceConfigSchema.parse(fields);
const HEAD = { title: 'Crypto & AI <news>', dateCreated: new Date('2025-12-16T15:34:37Z') };
const SOURCES = [
  source({ key: 'coindesk', name: 'CoinDesk', url: 'https://www.coindesk.com/arc/outboundfeeds/rss', category: 'crypto' }),
  source({ key: 'loose', name: 'No category', url: 'https://loose.example/feed' }),
  source({ key: 'openai', name: 'OpenAI News', url: 'https://openai.com/news/rss.xml', category: 'ai', schedule: '0 * * * *' }),
  source({ key: 'decrypt', name: 'Decrypt', url: 'https://decrypt.co/feed', category: 'crypto', tags: ['daily', 'news'] }),
  source({ key: 'arxiv', name: 'arXiv "cs.AI" & friends', url: 'https://rss.arxiv.org/rss/cs.AI?a=1&b=2', category: 'ai', enabled: false }),
];

/** The document as an independent XML parser reads it. */
function parse(xml: string): { opml: { '@version': string; head: Record<string, string>; body: { outline: Array<Record<string, unknown>> } } } {
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'outline' }).parse(xml);
}

describe('writing the sources as OPML', () => {
  it('is a well-formed OPML 2.0 document with the title and an RFC 822 creation date', () => {
    const xml = renderOpml(HEAD, SOURCES);
    assertWellFormed(xml);
    const { opml } = parse(xml);
    expect(opml['@version']).toBe('2.0');
    expect(opml.head.title).toBe('Crypto & AI <news>');
    expect(xml).toContain('<title>Crypto &amp; AI &lt;news&gt;</title>');
    expect(opml.head.dateCreated).toBe('Tue, 16 Dec 2025 15:34:37 GMT');
  });

  it('groups sources under one outline per category, in the order categories first appear', () => {
    const { body } = parse(renderOpml(HEAD, SOURCES)).opml;
    expect(body.outline.map((outline) => outline['@text'])).toEqual(['crypto', 'No category', 'ai']);
    const crypto = body.outline[0]!.outline as Array<Record<string, string>>;
    expect(crypto.map((outline) => outline['@xmlUrl'])).toEqual(['https://www.coindesk.com/arc/outboundfeeds/rss', 'https://decrypt.co/feed']);
    expect(crypto[0]).toMatchObject({ '@type': 'rss', '@text': 'CoinDesk', '@title': 'CoinDesk' });
  });

  it('escapes quotes, ampersands and angle brackets, and keeps line breaks as character references', () => {
    const xml = renderOpml(HEAD, [source({ key: 'x', name: 'Line one\nline "two" <b>&</b>', url: 'https://x.example/?a=1&b=2' })]);
    assertWellFormed(xml);
    expect(xml).toContain('text="Line one&#10;line &quot;two&quot; &lt;b&gt;&amp;&lt;/b&gt;"');
    expect(xml).toContain('xmlUrl="https://x.example/?a=1&amp;b=2"');
  });

  it('drops characters XML cannot hold', () => {
    const xml = renderOpml({ ...HEAD, title: 'bell\u0007 and \uFFFE' }, []);
    assertWellFormed(xml);
    expect(xml).toContain('<title>bell and </title>');
  });

  it('comes back as the same sources when imported into an empty config', () => {
    const { subscriptions } = readOpml('export.opml', renderOpml(HEAD, SOURCES));
    const { add, skipped } = planImport([], subscriptions);
    expect(skipped).toEqual([]);
    const sortByKey = (list: SourceConfig[]) => [...list].sort((a, b) => a.key.localeCompare(b.key));
    expect(sortByKey(add.map((added) => source({ ...added })))).toEqual(sortByKey(SOURCES));
  });
});
