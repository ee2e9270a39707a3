import { describe, expect, it } from 'vitest';
import { findItemChunks, type ItemChunks } from '../../src/parser/item-chunks.js';
import { cutIntoItems, reducedDocument } from '../../src/parser/raw-items.js';
import { familyOfRoot, sniffDocument, type XmlRoot } from '../../src/parser/sniff-document.js';

function rootOf(text: string): { root: XmlRoot; rootOffset: number } {
  const sniffed = sniffDocument(text);
  if (sniffed?.kind !== 'xml') throw new Error('not XML');
  const root = familyOfRoot(sniffed.root, text.slice(sniffed.rootOffset, text.indexOf('>', sniffed.rootOffset) + 1));
  if (!root) throw new Error('not a feed');
  return { root, rootOffset: sniffed.rootOffset };
}
function chunksOf(text: string): ItemChunks | undefined {
  const { root, rootOffset } = rootOf(text);
  return findItemChunks(Buffer.from(text), root, rootOffset);
}
const textsOf = (text: string) => chunksOf(text)?.chunks.map(([start, end]) => text.slice(start, end));
function cut(text: string) {
  const chunked = cutIntoItems(Buffer.from(text));
  if (!chunked) throw new Error('not cut into items');
  return chunked;
}
const hashesOf = (text: string) => cut(text).hashes;

const item = (n: number, extra = '') => `<item><title>Story ${n}</title><guid>id-${n}</guid>${extra}</item>`;
const rss = (items: string, { root = '', channel = '', head = '', tail = '' } = {}) =>
  `<?xml version="1.0"?>\n<rss version="2.0"${root}>\n<channel${channel}>\n<title>Wire</title>${head}\n${items}\n${tail}</channel>\n</rss>\n`;
const three = [1, 2, 3].map((n) => item(n)).join('\n');
const entry = (n: number, extra = '') => `<entry><id>id-${n}</id><title>Story ${n}</title>${extra}</entry>`;
const atom = (entries: string, head = '') => `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>${head}${entries}</feed>`;

describe('finding the item elements of a document', () => {
  it('finds each RSS item as written, attributes and all, in document order', () => {
    const items = ['<item xml:lang="fr" data-x="a > b">\n<title>Un</title></item>', item(2), item(3)];
    expect(textsOf(rss(items.join('\n  ')))).toEqual(items);
  });

  it('reads end tags with whitespace before their closing bracket', () => {
    const spaced = ['<item><title>Un</title\n></item >', item(2), item(3)];
    expect(textsOf(rss(spaced.join('\n')))).toEqual(spaced);
  });

  it('steps over CDATA sections and comments: a </item> quoted in them ends nothing', () => {
    const quoted = item(1, '<description><![CDATA[<p>Write </item> to end an item</p>]]></description><!-- not </item> either -->');
    expect(textsOf(rss([quoted, item(2), item(3)].join('\n')))).toEqual([quoted, item(2), item(3)]);
  });

  it('finds Atom entries and RSS 1.0 items, which are children of the root', () => {
    expect(textsOf(atom([1, 2, 3].map((n) => entry(n)).join('')))).toEqual([entry(1), entry(2), entry(3)]);
    const rdfItems = [1, 2, 3].map((n) => `<item rdf:about="https://e.com/${n}"><title>${n}</title></item>`);
    const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>T</title><items><rdf:Seq><rdf:li rdf:resource="https://e.com/1"/></rdf:Seq></items></channel>${rdfItems.join('\n')}</rdf:RDF>`;
    expect(textsOf(rdf)).toEqual(rdfItems);
  });

  it.each([
    ['fewer than three items', rss([item(1), item(2)].join(''))],
    ['an item inside an item', rss([item(1, item(9)), item(2), item(3)].join(''))],
    ['an item in another element', rss(three, { head: `<extra>${item(9)}</extra>` })],
    ['a self-closing item', rss(`${three}<item/>`)],
    ['items not one after the other', rss([item(1), '<image/>', item(2), item(3)].join(''))],
    ['an item after </channel>', `<rss version="2.0"><channel><title>T</title>${three}</channel>${item(4)}</rss>`],
    ['unbalanced tags', rss([item(1, '<b>'), item(2), item(3)].join(''))],
    ['an end tag naming another element of the same length', rss([item(1).replace('</title>', '</tilte>'), item(2), item(3)].join(''))],
    ['an end tag whose name begins with the open element', rss([item(1).replace('</title>', '</titles>'), item(2), item(3)].join(''))],
    ['an end tag whose name is the start of the open element', rss([item(1).replace('</title>', '</titl>'), item(2), item(3)].join(''))],
    ['an end tag with an attribute', rss([item(1).replace('</title>', '</title x="1">'), item(2), item(3)].join(''))],
    ['a truncated document', rss(three).slice(0, -20)],
    ['a DOCTYPE declaring entities', `<!DOCTYPE rss [<!ENTITY w "Wire">]>${rss(three)}`],
    ['two channels', `<rss version="2.0"><channel>${three}</channel><channel/></rss>`],
    ['a prefixed root', `<a:feed xmlns:a="http://www.w3.org/2005/Atom">${[1, 2, 3].map((n) => `<a:entry><a:id>${n}</a:id></a:entry>`).join('')}</a:feed>`],
    ['a bare <channel> root', `<channel><title>T</title>${three}</channel>`],
    ['a processing instruction among the items', rss(`${three}<?pi x?>`)],
    ['an Atom </entry> quoted in CDATA', atom([entry(1, '<content type="html"><![CDATA[</entry>]]></content>'), entry(2), entry(3)].join(''))],
    ['an Atom head element after the entries', atom([1, 2, 3].map((n) => entry(n)).join('')).replace('</feed>', '<subtitle>late</subtitle></feed>')],
    ['an Atom element between two comments after the entries', atom([1, 2, 3].map((n) => entry(n)).join('')).replace('</feed>', '<!--a--><x/><!--b--></feed>')],
  ])('gives up on %s', (_case, text) => {
    expect(chunksOf(text)).toBeUndefined();
  });
});

describe('raw hashes', () => {
  const items = [1, 2, 3, 4].map((n) => item(n));
  const base = rss(items.join('\n'), { head: '<lastBuildDate>Mon, 01 Dec 2025 10:00:00 GMT</lastBuildDate>' });

  it('stay the same when only what changes as a feed gains items changes: its dates, the items around', () => {
    const later = rss([item(5), ...items.slice(0, 3)].join('\n'), { head: '<lastBuildDate>Tue, 02 Dec 2025 10:00:00 GMT</lastBuildDate>' });
    expect(hashesOf(later).slice(1)).toEqual(hashesOf(base).slice(0, 3));
  });

  it('change for the item changed at the source only', () => {
    const edited = rss([item(1), item(2, '<description>corrected</description>'), item(3), item(4)].join('\n'), { head: '<lastBuildDate>Mon, 01 Dec 2025 10:00:00 GMT</lastBuildDate>' });
    const [before, after] = [hashesOf(base), hashesOf(edited)];
    expect(after.map((hash, i) => hash === before[i])).toEqual([true, false, true, true]);
  });

  it('all change when the frame around the items changes: a namespace, a language, a base, the title', () => {
    const before = hashesOf(base);
    for (const changed of [
      rss(items.join('\n'), { root: ' xmlns:dc="http://purl.org/dc/elements/1.1/"', head: '<lastBuildDate>Mon, 01 Dec 2025 10:00:00 GMT</lastBuildDate>' }),
      rss(items.join('\n'), { channel: ' xml:lang="de"', head: '<lastBuildDate>Mon, 01 Dec 2025 10:00:00 GMT</lastBuildDate>' }),
      rss(items.join('\n'), { channel: ' xml:base="https://e.com/"', head: '<lastBuildDate>Mon, 01 Dec 2025 10:00:00 GMT</lastBuildDate>' }),
      base.replace('<title>Wire</title>', '<title>The Wire</title>'),
    ]) {
      expect(hashesOf(changed).some((hash) => before.includes(hash))).toBe(false);
    }
  });

  it('reduce a document to its frame and the items kept, in order, where the items were', () => {
    const chunked = cut(base);
    const reduced = reducedDocument(chunked, [false, true, false, true]).toString();
    expect(reduced).toBe(rss([item(2), item(4)].join('\n'), { head: '<lastBuildDate>Mon, 01 Dec 2025 10:00:00 GMT</lastBuildDate>' }));
    expect(reducedDocument(chunked, [false, false, false, false]).toString()).toBe(rss('', { head: '<lastBuildDate>Mon, 01 Dec 2025 10:00:00 GMT</lastBuildDate>' }));
  });

  it('are found in the UTF-8 bytes as written, whatever characters the items hold', () => {
    const written = [item(1, '<description>Биткойн — 10\u00A0% ’ 😀</description>'), item(2, '<category>日本語</category>'), item(3), item(4)];
    const text = rss(written.join('\n'), { head: '<description>Ἀθῆναι</description>' });
    const chunked = cut(text);
    expect(chunked.found.chunks.map(([start, end]) => chunked.utf8.subarray(start, end).toString())).toEqual(written);
    expect(reducedDocument(chunked, [true, false, true, false]).toString()).toBe(rss([written[0], written[2]].join('\n'), { head: '<description>Ἀθῆναι</description>' }));
  });

  it('give up where a character beyond ASCII stands between items: its bytes are no whitespace', () => {
    expect(cutIntoItems(Buffer.from(rss([item(1), item(2), item(3)].join('\u00A0'))))).toBeUndefined();
    expect(cutIntoItems(Buffer.from(rss([item(1), item(2), item(3)].join('\u2028'))))).toBeUndefined();
  });

  it('are found past a prolog longer than the bytes first read for the root', () => {
    const items = [1, 2, 3].map((n) => item(n));
    const prolog = `<!--${'a long licence text '.repeat(1_000)}-->\n`;
    const chunked = cut(prolog + rss(items.join('\n')));
    expect(chunked.found.chunks.map(([start, end]) => chunked.utf8.subarray(start, end).toString())).toEqual(items);
    expect(chunked.hashes).toHaveLength(3);
    expect(cutIntoItems(Buffer.from(`<!--${'x'.repeat(20_000)}`))).toBeUndefined();
  });

  it('are not looked for in a document holding a C0 control XML forbids, wherever it stands', () => {
    const text = rss([item(1), item(2), item(3)].join('\n'));
    const at = text.indexOf('Story 2');
    for (let control = 0; control < 0x20; control += 1) {
      const allowed = control === 0x09 || control === 0x0a || control === 0x0d;
      // Eight places in a row, each in a buffer starting at each of four offsets: every place in a word of four.
      for (let shift = 0; shift < 8; shift += 1) {
        for (let offset = 0; offset < 4; offset += 1) {
          const written = Buffer.from(' '.repeat(offset) + text.slice(0, at + shift) + String.fromCharCode(control) + text.slice(at + shift)).subarray(offset);
          expect(cutIntoItems(written) === undefined, `control 0x${control.toString(16)} at +${shift}, offset ${offset}`).toBe(!allowed);
        }
      }
    }
  });

  it('are not looked for in a buffer of a few bytes, wherever in memory it starts', () => {
    const memory = Buffer.from('  <rss>\u0001');
    for (let start = 0; start < 6; start += 1) {
      for (let end = start; end <= Math.min(memory.length, start + 5); end += 1) {
        expect(cutIntoItems(memory.subarray(start, end)), `bytes ${start} to ${end}`).toBeUndefined();
      }
    }
  });

  it('are not looked for in JSON, short or long', () => {
    const json = (n: number) =>
      JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Wire', items: Array.from({ length: n }, (_, i) => ({ id: `${i}`, content_html: '<item></item>' })) });
    expect(cutIntoItems(Buffer.from(json(3)))).toBeUndefined();
    expect(cutIntoItems(Buffer.from(json(2_000)))).toBeUndefined();
  });
});
