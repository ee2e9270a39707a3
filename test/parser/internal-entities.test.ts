import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandInternalEntities } from '../../src/parser/internal-entities.js';
import { parseFeed } from '../../src/parser/parse-feed.js';

const withSubset = (subset: string, body: string) => {
  const prolog = `<?xml version="1.0"?>\n<!DOCTYPE rss [${subset}]>\n`;
  return { text: prolog + body, rootOffset: prolog.length };
};
const expand = ({ text, rootOffset }: { text: string; rootOffset: number }) => expandInternalEntities(text, rootOffset);
const bodyOf = (text: string) => text.slice(text.indexOf('<rss'));

const laughs = (levels: number) => ['<!ENTITY lol0 "lol">', ...Array.from({ length: levels }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`)].join('\n');

describe('expandInternalEntities', () => {
  it('expands entities the DOCTYPE declares, in text and attributes, nested ones too, and keeps the prolog as it is', () => {
    const document = withSubset('<!ENTITY id "tag:e.com,"><!ENTITY site \'https://e.com\'><!ENTITY both "&id; at &site;">', '<rss a="&site;/x"><t>&id;1 &both;</t></rss>');
    const expanded = expand(document);
    expect(expanded.slice(0, document.rootOffset)).toBe(document.text.slice(0, document.rootOffset));
    expect(bodyOf(expanded)).toBe('<rss a="https://e.com/x"><t>tag:e.com,1 tag:e.com, at https://e.com</t></rss>');
  });

  it('reads a value as text: its markup and quotes are escaped, its character and predefined references kept', () => {
    const expanded = expand(withSubset('<!ENTITY v "<b>\'Q&amp;A\'</b> &#169; & more">', '<rss a="&v;">&v;</rss>'));
    expect(bodyOf(expanded)).toBe('<rss a="&lt;b>&apos;Q&amp;A&apos;&lt;/b> &#169; &amp; more">&lt;b>&apos;Q&amp;A&apos;&lt;/b> &#169; &amp; more</rss>');
  });

  it('leaves references in CDATA sections, comments and processing instructions as written', () => {
    const expanded = expand(withSubset('<!ENTITY x "X">', '<rss><![CDATA[&x;]]><!-- &x; --><?pi &x;?>&x;</rss>'));
    expect(bodyOf(expanded)).toBe('<rss><![CDATA[&x;]]><!-- &x; --><?pi &x;?>X</rss>');
  });

  it('takes the first declaration of a name, and never redefines the predefined entities', () => {
    const expanded = expand(withSubset('<!ENTITY x "first"><!ENTITY x "second"><!ENTITY amp "&#38;#38;">', '<rss>&x; &amp;</rss>'));
    expect(bodyOf(expanded)).toBe('<rss>first &amp;</rss>');
  });

  it('never expands external or parameter entities, nor declarations after a parameter entity reference', () => {
    const subset = '<!ENTITY file SYSTEM "file:///etc/passwd"><!ENTITY pub PUBLIC "-//X//EN" "http://e.com/x.ent"><!ENTITY % p "&#60;!ENTITY late \'late\'>"><!ENTITY ok "ok">%p;<!ENTITY late "late">';
    const expanded = expand(withSubset(subset, '<rss>&file; &pub; &ok; &late;</rss>'));
    expect(bodyOf(expanded)).toBe('<rss>&file; &pub; ok &late;</rss>');
  });

  it('refuses entities that refer to themselves, directly or through others, and those that use them', () => {
    const expanded = expand(withSubset('<!ENTITY a "&b;"><!ENTITY b "&a;"><!ENTITY self "x&self;"><!ENTITY uses "y&a;"><!ENTITY fine "fine">', '<rss>&a; &b; &self; &uses; &fine;</rss>'));
    expect(bodyOf(expanded)).toBe('<rss>&a; &b; &self; &uses; fine</rss>');
  });

  it('refuses entities nested more than 8 deep', () => {
    const chain = (depth: number) => ['<!ENTITY e0 "e">', ...Array.from({ length: depth }, (_, level) => `<!ENTITY e${level + 1} "&e${level};">`)].join('');
    expect(bodyOf(expand(withSubset(chain(8), '<rss>&e8;</rss>')))).toBe('<rss>e</rss>');
    expect(bodyOf(expand(withSubset(chain(9), '<rss>&e9; &e8;</rss>')))).toBe('<rss>&e9; e</rss>');
  });

  it('leaves a billion laughs unexpanded, at once and without building it', () => {
    const document = withSubset(laughs(9), '<rss><t>&lol9;</t><t>&lol3;</t></rss>');
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const expanded = expand(document);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    expect(bodyOf(expanded)).toBe(`<rss><t>&lol9;</t><t>${'lol'.repeat(1000)}</t></rss>`);
  });

  it('refuses an entity whose value would pass 1 MiB (3 million characters), not one of 300,000', () => {
    expect(bodyOf(expand(withSubset(laughs(6), '<rss>&lol6;</rss>')))).toBe('<rss>&lol6;</rss>');
    expect(bodyOf(expand(withSubset(laughs(5), '<rss>&lol5;</rss>')))).toHaveLength('<rss></rss>'.length + 300_000);
  });

  it('expands nothing in a document whose references would together add more than 1 MiB (or its own length)', () => {
    const quadratic = withSubset(`<!ENTITY a "${'a'.repeat(50_000)}"><!ENTITY b "b">`, `<rss>&b;${'&a;'.repeat(100)}</rss>`);
    expect(expand(quadratic)).toBe(quadratic.text);
    const fits = withSubset(`<!ENTITY a "${'a'.repeat(50_000)}">`, `<rss>${'&a;'.repeat(20)}</rss>`);
    expect(bodyOf(expand(fits))).toBe(`<rss>${'a'.repeat(1_000_000)}</rss>`);
  });

  it('expands nothing in a document declaring more than 256 entities', () => {
    const declarations = (count: number) => Array.from({ length: count }, (_, index) => `<!ENTITY e${index} "${index}">`).join('');
    expect(bodyOf(expand(withSubset(declarations(256), '<rss>&e255;</rss>')))).toBe('<rss>255</rss>');
    expect(bodyOf(expand(withSubset(declarations(257), '<rss>&e0;</rss>')))).toBe('<rss>&e0;</rss>');
  });

  it('returns a document without a DOCTYPE entity declaration as it is', () => {
    const text = '<?xml version="1.0"?><rss>&amp; &undeclared;</rss>';
    expect(expandInternalEntities(text, text.indexOf('<rss'))).toBe(text);
  });
});

describe('parseFeed with a DOCTYPE that declares entities', () => {
  const context = { sourceKey: 'test-source', url: 'https://example.com/feed' };

  it('reads a billion laughs with its references kept as text', async () => {
    const text = readFileSync('test/fixtures/hostile/billion-laughs.xml', 'utf8');
    const feed = await parseFeed(text, context);
    expect(feed.items.map((item) => [item.title, item.summary])).toEqual([['Laugh &lol9;', '&lol9;&lol9;&lol9;']]);
  });

  it('reads an Atom entry whose id and link are built from entities', async () => {
    const text = `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY base "https://e.com/posts/">]><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>&base;1</id><title>One</title><link href="&base;1"/></entry></feed>`;
    const feed = await parseFeed(text, context);
    expect(feed.items[0]).toMatchObject({ guid: 'https://e.com/posts/1', link: 'https://e.com/posts/1' });
  });
});
