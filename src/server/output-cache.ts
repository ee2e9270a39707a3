import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** One output file as served: its bytes, compressed once per change, and its validators. */
export interface CachedOutput {
  body: Buffer;
  gzip: Buffer;
  br: Buffer;
  /** Strong ETag over the uncompressed bytes. */
  etag: string;
  /** When these bytes were first published (HTTP dates have whole seconds). */
  lastModified: Date;
  contentType: string;
}

/**
 * The outputs held in memory for the HTTP server: filled after each publish, so a request never
 * reads a file or compresses anything. A put with unchanged bytes keeps the old entry (and its
 * Last-Modified) untouched.
 */
export class OutputCache {
  private readonly files = new Map<string, CachedOutput>();

  async put(fileName: string, content: string | Buffer, contentType: string, modifiedAt: Date): Promise<boolean> {
    const body = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
    if (this.files.get(fileName)?.etag === etag) return false;
    // Compressed off the main thread (zlib's pool), once per change rather than per request.
    const [gz, br] = await Promise.all([gzipAsync(body, { level: 9 }), brotliAsync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })]);
    const lastModified = new Date(Math.floor(modifiedAt.getTime() / 1000) * 1000);
    this.files.set(fileName, { body, gzip: gz, br, etag, lastModified, contentType });
    return true;
  }

  get(fileName: string): CachedOutput | undefined {
    return this.files.get(fileName);
  }

  has(fileName: string): boolean {
    return this.files.has(fileName);
  }
}
