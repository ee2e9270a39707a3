import { Readable, pipeline, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { BodyTooLargeError, DecompressionError, UnsupportedEncodingError } from '../errors/body-errors.js';
import { firstGzipMember } from './gzip-member.js';

export interface ReadBodyOptions {
  /** The Content-Encoding header as received, e.g. `gzip` or `gzip, br`. */
  contentEncoding?: string;
  /** Cap on the decompressed size. */
  maxBytes: number;
}

/** Content codings undone on one body, at most: each layer of gzip keeps up to the cap of its input. */
const MAX_CODINGS = 3;

/**
 * Reads a response body to the end, undoing its Content-Encoding, and stops the moment the
 * decompressed size, or the size as sent, passes `maxBytes`: leaving the loop destroys every stream
 * back to the socket, so neither an endless body, a gzip bomb nor a compressed body that decodes to
 * nothing is ever held or read beyond the cap.
 */
export async function readBody(body: Readable, options: ReadBodyOptions): Promise<Buffer> {
  const codings = contentCodings(options.contentEncoding);
  if (codings.length > MAX_CODINGS) throw new UnsupportedEncodingError(`${options.contentEncoding} (more than ${MAX_CODINGS} codings)`);
  let stream: AsyncIterable<Buffer> = codings.length === 0 ? body : capped(body, options.maxBytes);
  for (const encoding of codings.reverse()) {
    stream = isGzip(encoding) ? gunzip(stream, encoding, options.maxBytes) : decompress(stream, encoding, decoderFor(encoding));
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > options.maxBytes) throw new BodyTooLargeError(options.maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** The body as sent, failing once it passes `maxBytes`. */
async function* capped(source: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > maxBytes) throw new BodyTooLargeError(maxBytes);
    yield chunk;
  }
}

/** The codings applied, in the order they were applied; `identity` dropped. */
function contentCodings(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
}

type CreateDecoder = (firstChunk: Buffer) => Transform;

function isGzip(encoding: string): boolean {
  return encoding === 'gzip' || encoding === 'x-gzip';
}

/** The decoder of every coding but gzip, which is gunzip's. */
function decoderFor(encoding: string): CreateDecoder {
  switch (encoding) {
    case 'br':
      return () => createBrotliDecompress();
    case 'deflate':
      // RFC 9110 means zlib-wrapped deflate, but some servers send it raw; the header bytes tell.
      return (first) => (hasZlibHeader(first) ? createInflate() : createInflateRaw());
    default:
      throw new UnsupportedEncodingError(encoding);
  }
}

function hasZlibHeader(bytes: Buffer): boolean {
  const [cmf, flg] = bytes;
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && (cmf * 256 + flg) % 31 === 0;
}

/**
 * gzip as browsers and curl read it: bytes after the end of the member that are not another member
 * (a script that prints a newline after its gzipped output) are ignored, where Node's decoder takes
 * them for the start of one and fails, losing what it decoded last. So the input is kept (up to
 * `maxBytes`) and, on that failure, the first member is decoded from it again if it is whole; a body
 * cut short, or more than one member followed by garbage, still fails.
 */
async function* gunzip(source: AsyncIterable<Buffer>, encoding: string, maxBytes: number): AsyncGenerator<Buffer> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  async function* keep(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      keptBytes += chunk.length;
      if (keptBytes <= maxBytes) kept.push(chunk);
      else kept.length = 0;
      yield chunk;
    }
  }
  let handedOn = 0;
  try {
    for await (const chunk of decompress(keep(), encoding, () => createGunzip())) {
      handedOn += chunk.length;
      yield chunk;
    }
  } catch (error) {
    const member = error instanceof DecompressionError && keptBytes <= maxBytes ? firstGzipMember(Buffer.concat(kept, keptBytes), maxBytes) : undefined;
    if (member === undefined || member.length < handedOn) throw error;
    yield member.subarray(handedOn);
  }
}

/**
 * Runs a zlib decoder over an async iterable. The decoder is made once the first chunk is in, so it
 * can be chosen by its bytes. When the consumer stops early, returning from this generator destroys
 * the decoder and, through the pipeline, the source. What the decoder throws is a DecompressionError;
 * what the source throws (a reset, the deadline), which the pipeline hands on through the decoder,
 * passes as it is.
 */
async function* decompress(source: AsyncIterable<Buffer>, encoding: string, createDecoder: CreateDecoder): AsyncGenerator<Buffer> {
  const input = source[Symbol.asyncIterator]();
  // The decoder is chosen by the first two bytes (a zlib header), which may come in two chunks.
  const start: Buffer[] = [];
  let startBytes = 0;
  while (startBytes < 2) {
    const next = await input.next();
    if (next.done) break;
    start.push(next.value);
    startBytes += next.value.length;
  }
  if (startBytes === 0) return;
  const first = Buffer.concat(start, startBytes);
  const decoder = createDecoder(first);
  let sourceError: unknown;
  const encoded = Readable.from(
    prepend(first, input, (error) => {
      sourceError = error;
    }),
    { objectMode: false },
  );
  const output = pipeline(encoded, decoder, () => {});
  try {
    yield* output as AsyncIterable<Buffer>;
  } catch (error) {
    if (error === sourceError) throw error;
    throw new DecompressionError(encoding, error);
  }
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>, onError: (error: unknown) => void): AsyncGenerator<Buffer> {
  yield first;
  try {
    yield* { [Symbol.asyncIterator]: () => rest };
  } catch (error) {
    onError(error);
    throw error;
  }
}
