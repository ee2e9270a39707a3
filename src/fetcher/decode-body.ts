import { isUtf8 } from 'node:buffer';
import { xmlReadyText } from '../model/xml-chars.js';
import { charsetFromContentType, charsetFromXmlDeclaration, iconv, isUnicodeCharset, resolveCharset, sniffBom, sniffUnmarkedUnicode } from './charset.js';
import { decodeUtf8WithStrays } from './utf8-with-strays.js';

const FALLBACK = 'windows-1252';

export interface DecodedBody {
  text: string;
  /** The encoding the bytes were decoded with (an iconv-lite name, lower case). */
  encoding: string;
}

/**
 * Turns a feed body into text. Evidence is weighed in this order:
 * 1. a byte order mark, or UTF-16/32 laid out around the opening `<` (XML 1.0, Appendix F);
 * 2. bytes that are valid UTF-8 are UTF-8, whatever any label says: legacy-encoded text is
 *    practically never valid UTF-8, while mislabelled UTF-8 is common; bytes that are UTF-8 but for
 *    a few stray bytes are too, each stray byte read as windows-1252;
 * 3. the charset of the Content-Type header;
 * 4. the encoding of the XML declaration;
 * 5. windows-1252, which maps every byte, so the text stays readable.
 * A label that is unknown, or that claims a Unicode encoding the bytes have already disproved, is
 * skipped, never fatal. Characters XML forbids are then stripped. Pure; never throws.
 */
export function decodeBody(bytes: Buffer | Uint8Array, contentType?: string): DecodedBody {
  const buffer = asBuffer(bytes);
  return decodeAs(buffer, chooseEncoding(buffer, contentType));
}

function decodeAs(buffer: Buffer, encoding: Choice): DecodedBody {
  if (encoding.name === 'utf-8') return { text: xmlReadyText(buffer.toString('utf8', encoding.skip)), encoding: 'utf-8' };
  // Not UTF-8 as a whole: UTF-8 all the same when its stray bytes are few (decodeUtf8WithStrays).
  const mostlyUtf8 = encoding.skip === 0 && !isUnicodeCharset(encoding.name) ? decodeUtf8WithStrays(buffer) : undefined;
  if (mostlyUtf8 !== undefined) return { text: xmlReadyText(mostlyUtf8), encoding: 'utf-8' };
  return { text: xmlReadyText(decodeWith(buffer, encoding)), encoding: encoding.name };
}

/**
 * A feed body as the parser takes it: its bytes, less a byte order mark, when they are UTF-8 as
 * received (the parser finds the items it knows in the bytes, without decoding the document whole),
 * otherwise its text, decoded as decodeBody does.
 */
export function bodyForParser(bytes: Buffer | Uint8Array, contentType?: string): Buffer | string {
  const buffer = asBuffer(bytes);
  const encoding = chooseEncoding(buffer, contentType);
  if (encoding.name !== 'utf-8') return decodeAs(buffer, encoding).text;
  return encoding.skip === 0 ? buffer : buffer.subarray(encoding.skip);
}

function asBuffer(bytes: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

interface Choice {
  name: string;
  /** Bytes of BOM to skip. */
  skip: number;
}

function chooseEncoding(buffer: Buffer, contentType: string | undefined): Choice {
  const bom = sniffBom(buffer);
  if (bom) return { name: bom.encoding, skip: bom.length };
  const unmarked = sniffUnmarkedUnicode(buffer);
  if (unmarked) return { name: unmarked, skip: 0 };
  if (isUtf8(buffer)) return { name: 'utf-8', skip: 0 };
  for (const label of [charsetFromContentType(contentType), charsetFromXmlDeclaration(buffer)]) {
    const name = resolveCharset(label);
    if (name && !isUnicodeCharset(name)) return { name, skip: 0 };
  }
  return { name: FALLBACK, skip: 0 };
}

function decodeWith(buffer: Buffer, choice: Choice): string {
  return iconv().decode(buffer.subarray(choice.skip), choice.name, { stripBOM: false });
}
