import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { bodyForParser, decodeBody } from '../../src/fetcher/decode-body.js';

const xml = (encoding: string, title: string): string => `<?xml version="1.0" encoding="${encoding}"?><rss><channel><title>${title}</title></channel></rss>`;
const undeclared = (title: string): string => `<rss><channel><title>${title}</title></channel></rss>`;

describe('decodeBody', () => {
  it('decodes UTF-8 with a BOM and drops the BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml('utf-8', 'Café – naïve ☕'))]);

    expect(decodeBody(bytes)).toEqual({ text: xml('utf-8', 'Café – naïve ☕'), encoding: 'utf-8' });
  });

  it('decodes UTF-16LE with a BOM', () => {
    const text = xml('utf-16', 'Привет, 世界');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

    expect(decodeBody(bytes)).toEqual({ text, encoding: 'utf-16le' });
  });

  it('decodes UTF-16BE with a BOM', () => {
    const text = xml('utf-16', 'Привет, 世界 𝄞');
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

    expect(decodeBody(bytes)).toEqual({ text, encoding: 'utf-16be' });
  });

  it('decodes UTF-32LE with a BOM rather than taking it for UTF-16LE', () => {
    const text = undeclared('𝄞 clef');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), iconv.encode(text, 'utf-32le')]);

    expect(decodeBody(bytes)).toEqual({ text, encoding: 'utf-32le' });
  });

  it('decodes UTF-16LE without a BOM from how its XML declaration is laid out', () => {
    const text = xml('utf-16', 'Ελληνικά');

    expect(decodeBody(Buffer.from(text, 'utf16le'))).toEqual({ text, encoding: 'utf-16le' });
  });

  it('decodes latin-1 bytes without any declaration so é comes out right', () => {
    const bytes = iconv.encode(undeclared('Café crème, déjà vu'), 'latin1');

    expect(decodeBody(bytes)).toEqual({ text: undeclared('Café crème, déjà vu'), encoding: 'windows-1252' });
  });

  it('decodes windows-1252 quotes in a body labelled ISO-8859-1', () => {
    const bytes = iconv.encode(xml('ISO-8859-1', '“Smart” quotes — and € signs'), 'windows-1252');

    expect(decodeBody(bytes).text).toBe(xml('ISO-8859-1', '“Smart” quotes — and € signs'));
  });

  it('decodes windows-1251 named in the XML declaration', () => {
    const text = xml('windows-1251', 'Новости дня');

    expect(decodeBody(iconv.encode(text, 'windows-1251'))).toEqual({ text, encoding: 'windows-1251' });
  });

  it('decodes KOI8-R named in the HTTP charset', () => {
    const text = undeclared('Последние известия');

    expect(decodeBody(iconv.encode(text, 'koi8-r'), 'application/rss+xml; charset="KOI8-R"')).toEqual({
      text,
      encoding: 'koi8-r',
    });
  });

  it('prefers the HTTP charset to the XML declaration', () => {
    const text = xml('iso-8859-5', 'Последние известия');

    expect(decodeBody(iconv.encode(text, 'koi8-r'), 'text/xml; charset=koi8-r').text).toBe(text);
  });

  it('decodes Shift_JIS with the CP932 superset', () => {
    const text = xml('Shift_JIS', '日本語のニュース ①');

    expect(decodeBody(iconv.encode(text, 'cp932'))).toEqual({ text, encoding: 'cp932' });
  });

  it('decodes GB2312 with the GB18030 superset', () => {
    const text = xml('gb2312', '中文新闻 镕');

    expect(decodeBody(iconv.encode(text, 'gb18030')).text).toBe(text);
  });

  it('decodes valid UTF-8 as UTF-8 even when the labels say latin-1', () => {
    const text = xml('ISO-8859-1', 'Café');

    expect(decodeBody(Buffer.from(text), 'text/xml; charset=iso-8859-1')).toEqual({ text, encoding: 'utf-8' });
  });

  it('gives readable text when the declaration says UTF-8 but the bytes are latin-1', () => {
    const text = xml('UTF-8', 'Café à la carte');

    expect(decodeBody(iconv.encode(text, 'latin1'), 'application/xml; charset=utf-8')).toEqual({
      text,
      encoding: 'windows-1252',
    });
  });

  it('reads UTF-8 with a stray windows-1252 byte as UTF-8, the stray byte as windows-1252', () => {
    const [before, after] = xml('utf-8', 'Новости России: снег|s в Москве').split('|') as [string, string];
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from([0x92]), Buffer.from(after)]);

    expect(decodeBody(bytes, 'application/rss+xml; charset=utf-8')).toEqual({ text: xml('utf-8', 'Новости России: снег’s в Москве'), encoding: 'utf-8' });
  });

  it('keeps windows-1251 whose capitals before a guillemet happen to make UTF-8 sequences', () => {
    const title = 'Агентство «ТАСС» и «РБК» сообщили: курс рубля вырос';
    const bytes = iconv.encode(xml('windows-1251', title), 'windows-1251');

    expect(decodeBody(bytes)).toEqual({ text: xml('windows-1251', title), encoding: 'windows-1251' });
  });

  it('skips an unknown charset label and falls back to the next rule', () => {
    const text = xml('x-no-such-charset', 'Ünïcödé');

    expect(decodeBody(iconv.encode(text, 'windows-1252'), 'text/xml; charset=bogus')).toEqual({
      text,
      encoding: 'windows-1252',
    });
  });

  it('strips control characters XML forbids but keeps tab, LF and CR', () => {
    const bytes = Buffer.from(undeclared('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\tLF\nCR\r\uFFFE\uFFFFend'));

    expect(decodeBody(bytes).text).toBe(undeclared('abcdefg\tLF\nCR\rend'));
  });

  it('strips lone surrogates from UTF-16 but keeps surrogate pairs', () => {
    const text = undeclared('pair 𝄞 lone \uD800 low \uDC00 end');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

    expect(decodeBody(bytes).text).toBe(undeclared('pair 𝄞 lone  low  end'));
  });

  it('accepts a Uint8Array view into a larger buffer', () => {
    const backing = Buffer.from(`xxxx${undeclared('Zürich')}yyyy`);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 4, backing.length - 8);

    expect(decodeBody(view).text).toBe(undeclared('Zürich'));
  });

  it('decodes an empty body to empty text', () => {
    expect(decodeBody(Buffer.alloc(0))).toEqual({ text: '', encoding: 'utf-8' });
  });
});

describe('bodyForParser', () => {
  const feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>Новости — 10 %</title></channel></rss>';

  it('hands over UTF-8 as received as its bytes, less a byte order mark, without copying them', () => {
    const bytes = Buffer.from(feed);
    expect(bodyForParser(bytes)).toBe(bytes);
    const marked = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    const body = bodyForParser(marked, 'application/rss+xml; charset=iso-8859-1');
    expect(Buffer.isBuffer(body) && body.equals(bytes) && body.buffer === marked.buffer).toBe(true);
  });

  it('hands over any other body as the text decodeBody gives', () => {
    for (const bytes of [iconv.encode(feed.replace('1.0"?>', '1.0" encoding="windows-1251"?>'), 'windows-1251'), iconv.encode(feed, 'utf-16le'), Buffer.from(`${feed}\u0092`, 'latin1')]) {
      expect(bodyForParser(bytes)).toBe(decodeBody(bytes).text);
    }
  });
});

describe('UTF-16 and UTF-32 without a byte order mark', () => {
  const feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>Новости — café</title></channel></rss>';

  it.each(['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'])('reads %s whose first characters are whitespace', (encoding) => {
    for (const lead of ['', '\n', '\r\n  \t']) {
      expect(decodeBody(iconv.encode(`${lead}${feed}`, encoding, { addBOM: false }))).toEqual({ text: `${lead}${feed}`, encoding });
    }
  });
});
