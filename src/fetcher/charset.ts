import { createRequire } from 'node:module';

type Iconv = typeof import('iconv-lite');
let loadedIconv: Iconv | undefined;

/** iconv-lite, loaded by the first body that is not Unicode: UTF-8 feeds and 304s never need it (~9 ms to load). */
export function iconv(): Iconv {
  loadedIconv ??= createRequire(import.meta.url)('iconv-lite') as Iconv;
  return loadedIconv;
}

/**
 * Labels replaced by the superset browsers actually decode them with (WHATWG Encoding Standard):
 * feeds labelled ISO-8859-1 routinely carry windows-1252 quotes in 0x80–0x9F, Shift_JIS feeds carry
 * CP932 extensions, GB2312 feeds carry GBK characters, and so on. Decoding with the superset is
 * never wrong for text that really is in the subset.
 */
const SUPERSETS: Readonly<Record<string, string>> = {
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  iso_8859_1: 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-9': 'windows-1254',
  latin5: 'windows-1254',
  'tis-620': 'windows-874',
  'iso-8859-11': 'windows-874',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  shift_jis: 'cp932',
  'shift-jis': 'cp932',
  sjis: 'cp932',
  'x-sjis': 'cp932',
  'euc-kr': 'cp949',
  'ks_c_5601-1987': 'cp949',
  big5: 'big5hkscs',
  'x-mac-cyrillic': 'maccyrillic',
  'x-euc-jp': 'euc-jp',
};

/** The iconv-lite name to decode a charset label with, or undefined when the label is unknown. */
export function resolveCharset(label: string | undefined): string | undefined {
  const name = label?.trim().toLowerCase();
  if (!name) return undefined;
  const resolved = SUPERSETS[name] ?? name;
  return iconv().encodingExists(resolved) ? resolved : undefined;
}

export function isUnicodeCharset(encoding: string): boolean {
  return /^(utf-?(7|8|16|32)|ucs-?[24]|unicode|cesu)/.test(encoding);
}

/** The `charset` parameter of a Content-Type header, as written. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  return contentType?.match(/;\s*charset\s*=\s*("?)([^";,\s]+)\1/i)?.[2];
}

const DECLARATION_BYTES = 1024;

/** The `encoding` of an ASCII-readable XML declaration (`<?xml version="1.0" encoding="…"?>`), as written. */
export function charsetFromXmlDeclaration(bytes: Buffer): string | undefined {
  const head = bytes.toString('latin1', 0, Math.min(bytes.length, DECLARATION_BYTES));
  return head.match(/^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']\s*([A-Za-z][\w.:+-]*)\s*["']/)?.[1];
}

interface Mark {
  encoding: string;
  length: number;
}

/** The encoding a byte order mark announces, and the BOM's length. UTF-32 LE is tried before UTF-16 LE, whose BOM it starts with. */
export function sniffBom(bytes: Buffer): Mark | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return { encoding: 'utf-32le', length: 4 };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** Each unmarked Unicode layout: its code unit's width, and which byte of a unit holds a character below U+0100. */
const UNMARKED_LAYOUTS: ReadonlyArray<[encoding: string, width: number, low: number]> = [
  ['utf-32le', 4, 0],
  ['utf-32be', 4, 3],
  ['utf-16le', 2, 0],
  ['utf-16be', 2, 1],
];
/** How many leading whitespace characters are looked past. */
const MAX_LEADING_WHITESPACE = 1024;

/**
 * UTF-16/32 without a BOM, told by how `<` and the character after it (`<?`, `<rss`) are laid out
 * in the first bytes (XML 1.0, Appendix F), past any whitespace before them. Such bodies are
 * valid UTF-8 byte-wise (NULs and ASCII), so this must run before the UTF-8 check.
 */
export function sniffUnmarkedUnicode(bytes: Buffer): string | undefined {
  for (const [encoding, width, low] of UNMARKED_LAYOUTS) {
    const unit = (index: number): number | undefined => lowUnit(bytes, index * width, width, low);
    let index = 0;
    while (index < MAX_LEADING_WHITESPACE && isXmlWhitespace(unit(index))) index += 1;
    if (unit(index) !== 0x3c) continue;
    // UTF-32 is told by `<` alone (and tried first: read as UTF-16, its `<` is followed by U+0000, no text).
    const next = unit(index + 1);
    if (width === 4 || (next !== undefined && next !== 0)) return encoding;
  }
  return undefined;
}

/** The character (below U+0100) a code unit at `offset` holds, when every byte of it but `low` is zero. */
function lowUnit(bytes: Buffer, offset: number, width: number, low: number): number | undefined {
  if (offset + width > bytes.length) return undefined;
  for (let i = 0; i < width; i += 1) if (i !== low && bytes[offset + i] !== 0) return undefined;
  return bytes[offset + low];
}

function isXmlWhitespace(code: number | undefined): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
