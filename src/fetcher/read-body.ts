import { Readable, pipeline, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { BodyTooLargeError, UnsupportedEncodingError } from '../errors/body-errors.js';

export interface ReadBodyOptions {
  /** The Content-Encoding header as received, e.g. `gzip` or `gzip, br`. */
  contentEncoding?: string;
  /** Cap on the decompressed size. */
  maxBytes: number;
}

/**
 * Reads a response body to the end, undoing its Content-Encoding, and stops the moment the
 * decompressed size passes `maxBytes`: leaving the loop destroys every stream back to the socket,
 * so neither an endless body nor a gzip bomb is ever held in memory beyond the cap.
 */
export async function readBody(body: Readable, options: ReadBodyOptions): Promise<Buffer> {
  let stream: AsyncIterable<Buffer> = body;
  for (const encoding of contentCodings(options.contentEncoding).reverse()) {
    stream = decompress(stream, decoderFor(encoding));
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

/** The codings applied, in the order they were applied; `identity` dropped. */
function contentCodings(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
}

type CreateDecoder = (firstChunk: Buffer) => Transform;

function decoderFor(encoding: string): CreateDecoder {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return () => createGunzip();
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
 * Runs a zlib decoder over an async iterable. The decoder is made once the first chunk is in, so it
 * can be chosen by its bytes. When the consumer stops early, returning from this generator destroys
 * the decoder and, through the pipeline, the source.
 */
async function* decompress(source: AsyncIterable<Buffer>, createDecoder: CreateDecoder): AsyncGenerator<Buffer> {
  const input = source[Symbol.asyncIterator]();
  const first = await input.next();
  if (first.done) return;
  const decoder = createDecoder(first.value);
  const output = pipeline(Readable.from(prepend(first.value, input), { objectMode: false }), decoder, () => {});
  yield* output as AsyncIterable<Buffer>;
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  yield* { [Symbol.asyncIterator]: () => rest };
}
