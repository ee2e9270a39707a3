import { iconv } from './charset.js';

/** windows-1252's characters for the bytes 0x80–0xFF, which a stray byte is read as. */
let windows1252High: string | undefined;

/**
 * Bytes that are UTF-8 but for a few stray bytes (a windows-1252 apostrophe pasted into a UTF-8
 * feed), decoded as UTF-8 with each stray byte read as windows-1252; undefined when the well-formed
 * multi-byte sequences do not outnumber the stray bytes, so the bytes are more likely a legacy
 * encoding. Legacy-encoded text seldom forms a well-formed sequence (in windows-1251, a capital
 * letter before `»`), while every non-ASCII character of it is a stray byte to UTF-8.
 *
 * Why by hand: a decoder either replaces what is not UTF-8 with U+FFFD or refuses it; reading the
 * whole document as windows-1252 instead lost every Cyrillic letter whose second byte windows-1252
 * leaves undefined.
 */
export function decodeUtf8WithStrays(bytes: Buffer): string | undefined {
  let wellFormed = 0;
  let strays = 0;
  for (let at = 0; at < bytes.length; ) {
    if (bytes[at]! < 0x80) {
      at += 1;
      continue;
    }
    const length = sequenceLength(bytes, at);
    if (length === 0) {
      strays += 1;
      at += 1;
      // Each sequence still to come takes two bytes at least: past this, they cannot outnumber the strays.
      if (strays - wellFormed > (bytes.length - at) / 2) return undefined;
    } else {
      wellFormed += 1;
      at += length;
    }
  }
  if (wellFormed <= strays) return undefined;
  windows1252High ??= iconv().decode(Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i)), 'windows-1252');
  let text = '';
  let run = 0;
  for (let at = 0; at < bytes.length; ) {
    const byte = bytes[at]!;
    const length = byte < 0x80 ? 1 : sequenceLength(bytes, at);
    if (length > 0) {
      at += length;
      continue;
    }
    text += bytes.toString('utf8', run, at) + windows1252High.charAt(byte - 0x80);
    at += 1;
    run = at;
  }
  return text + bytes.toString('utf8', run);
}

/** The length of the well-formed UTF-8 sequence of two to four bytes at `at` (Unicode table 3-7), or 0. */
function sequenceLength(bytes: Buffer, at: number): number {
  const lead = bytes[at]!;
  const next = (offset: number, low = 0x80, high = 0xbf): boolean => {
    const byte = bytes[at + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return next(1) ? 2 : 0;
  if (lead === 0xe0) return next(1, 0xa0) && next(2) ? 3 : 0;
  if (lead === 0xed) return next(1, 0x80, 0x9f) && next(2) ? 3 : 0;
  if (lead >= 0xe1 && lead <= 0xef) return next(1) && next(2) ? 3 : 0;
  if (lead === 0xf0) return next(1, 0x90) && next(2) && next(3) ? 4 : 0;
  if (lead === 0xf4) return next(1, 0x80, 0x8f) && next(2) && next(3) ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return next(1) && next(2) && next(3) ? 4 : 0;
  return 0;
}
