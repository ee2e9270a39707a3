import { crc32, inflateRawSync } from 'node:zlib';

// Header flags (RFC 1952 §2.3.1) that add fields after the 10 fixed bytes.
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const TRAILER_BYTES = 8;

/**
 * What the first member of a gzip body decodes to, when that member is whole: its deflate stream
 * ends, and the CRC-32 and length of its trailer match what it decoded. Undefined for anything else,
 * including a member that decodes to more than `maxBytes`. What follows the member is not looked at.
 */
export function firstGzipMember(bytes: Buffer, maxBytes: number): Buffer | undefined {
  const start = headerLength(bytes);
  if (start === undefined) return undefined;
  let decoded: InflateInfo;
  try {
    // With `info`, the engine's bytesWritten tells where the deflate stream ended; the bytes after it are left alone.
    decoded = inflateRawSync(bytes.subarray(start), { info: true, maxOutputLength: maxBytes }) as unknown as InflateInfo;
  } catch {
    return undefined;
  }
  const end = start + decoded.engine.bytesWritten;
  if (end + TRAILER_BYTES > bytes.length) return undefined;
  const { buffer } = decoded;
  const isWhole = bytes.readUInt32LE(end) === crc32(buffer) && bytes.readUInt32LE(end + 4) === buffer.length % 2 ** 32;
  return isWhole ? buffer : undefined;
}

interface InflateInfo {
  buffer: Buffer;
  engine: { bytesWritten: number };
}

/** Length of the member header at the start of `bytes`; undefined when it is not one or is cut short. */
function headerLength(bytes: Buffer): number | undefined {
  if (bytes.length < 10 || bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8) return undefined;
  const flags = bytes[3]!;
  let at = 10;
  if (flags & FEXTRA) at = at + 2 <= bytes.length ? at + 2 + bytes.readUInt16LE(at) : Number.POSITIVE_INFINITY;
  if (flags & FNAME) at = afterZero(bytes, at);
  if (flags & FCOMMENT) at = afterZero(bytes, at);
  if (flags & FHCRC) at += 2;
  return at <= bytes.length ? at : undefined;
}

/** The index after the zero byte that ends a string field starting at `from`. */
function afterZero(bytes: Buffer, from: number): number {
  const zero = from < bytes.length ? bytes.indexOf(0, from) : -1;
  return zero < 0 ? Number.POSITIVE_INFINITY : zero + 1;
}
