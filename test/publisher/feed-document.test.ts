import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { absoluteIri, canonicalId, httpUrl, languageTag } from '../../src/publisher/feed-document.js';
import { resolveOutputs } from '../../src/publisher/resolve-outputs.js';
import { atomEntries } from '../helpers/feed-xml.js';
import { makeItem } from '../helpers/make-item.js';
import { NEWS_SOURCE, parseJsonFeed, render } from './render-helpers.js';

describe('what the outputs write as URLs, ids and languages', () => {
  it('percent-encodes in an http(s) URL what RFC 3986 does not allow after the host, and changes nothing else', () => {
    expect(httpUrl('http://x.example/rss_1.0.item[0].link')).toBe('http://x.example/rss_1.0.item%5B0%5D.link');
    expect(httpUrl('https://x.example/a b^c|d?q={1}#frag`')).toBe('https://x.example/a%20b%5Ec%7Cd?q=%7B1%7D#frag%60');
    expect(httpUrl('https://x.example/caf\u00e9/100%/%41')).toBe('https://x.example/caf%C3%A9/100%25/%41');
    expect(httpUrl('https://[2001:db8::1]:8080/ok?a=1&b=(2)')).toBe('https://[2001:db8::1]:8080/ok?a=1&b=(2)');
    expect(httpUrl('https://x.example')).toBe('https://x.example');
    expect(httpUrl('javascript:alert(1)')).toBeUndefined();
    expect(httpUrl('/relative')).toBeUndefined();
  });

  it('writes a host given in Unicode in its IDNA form (feeds take URIs, not IRIs), and an ASCII authority as it came', () => {
    expect(httpUrl('https://bücher.example/feed.xml')).toBe('https://xn--bcher-kva.example/feed.xml');
    expect(httpUrl('http://ann:s3cr%C3%A9t@bücher.example:8080/a b?q=ü#f')).toBe('http://ann:s3cr%C3%A9t@xn--bcher-kva.example:8080/a%20b?q=%C3%BC#f');
    expect(httpUrl('https://例え.テスト/')).toBe('https://xn--r8jz45g.xn--zckzah/');
    expect(httpUrl('HTTPS://News.Example/Story')).toBe('HTTPS://News.Example/Story');
  });

  it('writes the channel link, the self, hub and source URLs of an internationalized domain as URIs', () => {
    const config = parseConfig(
      'feeds.json',
      JSON.stringify({
        output: { title: 'Alle', id: 'urn:tributary:all', link: 'https://bücher.example/', selfUrl: 'https://bücher.example/feeds/all.atom', hubs: ['https://hüb.example/'] },
        sources: [{ key: 'buecher', name: 'Bücher', url: 'https://bücher.example/feed.xml' }],
      }),
    );
    const [all] = resolveOutputs(config);
    const { atom, rss, json } = render([makeItem({ source: { key: 'buecher', name: 'Bücher', type: 'RSS' } })], { ...all!.feed, generator: { name: 'Tributary', version: 'test' } }, [
      { ...NEWS_SOURCE, key: 'buecher', url: config.sources[0]!.url },
    ]);
    for (const document of [atom, rss, json]) expect(document).not.toMatch(/bücher|hüb/u);
    expect(rss).toContain('<link>https://xn--bcher-kva.example/</link>');
    expect(rss).toContain('<source url="https://xn--bcher-kva.example/feed.xml">');
    expect(rss).toContain('href="https://xn--bcher-kva.example/feeds/all.rss"');
    expect(rss).toContain('href="https://xn--hb-xka.example/"');
    expect(parseJsonFeed(json)).toMatchObject({ home_page_url: 'https://xn--bcher-kva.example/', feed_url: 'https://xn--bcher-kva.example/feeds/all.json' });
  });

  it('takes a language tag only when its language is one (a charset name in <language> is not)', () => {
    expect(languageTag('en-US')).toBe('en-US');
    expect(languageTag('zh')).toBe('zh');
    expect(languageTag('fil')).toBe('fil');
    expect(languageTag('euc-kr')).toBeUndefined();
    expect(languageTag('utf-8')).toBeUndefined();
    expect(languageTag('english')).toBeUndefined();
    expect(languageTag('e')).toBeUndefined();
  });

  it('keeps an id absolute, refuses a tag: URI that is not one, and gives a bare host its slash', () => {
    expect(absoluteIri('tag:news.example,2025:feed')).toBe('tag:news.example,2025:feed');
    expect(absoluteIri('tag:example.com')).toBeUndefined();
    expect(absoluteIri('yt:channel:UC7')).toBe('yt:channel:UC7');
    expect(canonicalId('https://www.influxdata.com')).toBe('https://www.influxdata.com/');
    expect(canonicalId('https://www.influxdata.com/blog')).toBe('https://www.influxdata.com/blog');
    expect(canonicalId('urn:x')).toBe('urn:x');
  });

  it('writes enclosure and image URLs as RFC 3986 allows, an enclosure type only when it is a MIME type, and no language that is none', () => {
    const item = makeItem({ lang: 'euc-kr', enclosures: [{ url: 'https://cdn.example/a b.mp3', type: 'mp3' }], coverImage: { url: 'https://cdn.example/img[1].png' } });
    const { atom, rss, json } = render([item]);
    expect(rss).toContain('<enclosure url="https://cdn.example/a%20b.mp3" length="0" type="application/octet-stream"/>');
    expect(atom).toContain('<link rel="enclosure" href="https://cdn.example/a%20b.mp3"/>');
    expect(atom).toContain('<media:thumbnail url="https://cdn.example/img%5B1%5D.png"/>');
    expect(atom).not.toContain('xml:lang');
    const entry = parseJsonFeed(json).items[0]!;
    expect(entry.language).toBeUndefined();
    expect(entry.image).toBe('https://cdn.example/img%5B1%5D.png');
    expect(entry.attachments).toEqual([{ url: 'https://cdn.example/a%20b.mp3', mime_type: 'application/octet-stream' }]);
  });

  it('in RSS, gives an item without a summary its HTML as the description, so no content:encoded comes first', () => {
    const { rss } = render([makeItem({ description: '', content: '<p>Only <b>HTML</b></p>' })]);
    expect(rss).toContain('<description>&lt;p&gt;Only &lt;b&gt;HTML&lt;/b&gt;&lt;/p&gt;</description>');
    expect(rss).not.toContain('content:encoded>');
    const both = render([makeItem({ description: 'Sum', content: '<p>Body</p>' })]).rss;
    expect(both.indexOf('<description>Sum</description>')).toBeLessThan(both.indexOf('<content:encoded>'));
  });

  it("writes a source's bare-host id in canonical form in atom:source", () => {
    const { atom } = render([makeItem()], undefined, [{ ...NEWS_SOURCE, feedId: 'https://news.example' }]);
    expect(atom).toContain('<id>https://news.example/</id>');
    expect(atomEntries(atom)).toHaveLength(1);
  });
});
