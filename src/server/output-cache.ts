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
  /** When these bytes were first published (HTTP dates have whole seconds), never before the bytes they replaced. */
  lastModified: Date;
  /**
   * Earlier bytes were served with the same Last-Modified (two changes within one second): an
   * If-Modified-Since equal to it cannot say which the reader holds, so it gets these.
   */
  sharesLastModified: boolean;
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
    // Read after the compression: a put of other bytes meanwhile is what these replace.
    const previous = this.files.get(fileName)?.lastModified.getTime();
    // Never earlier than what is replaced (a standby's render stamped later than the file it then
    // loads), or a reader revalidating with If-Modified-Since alone would be told nothing changed.
    const seconds = Math.max(Math.floor(modifiedAt.getTime() / 1000) * 1000, previous ?? Number.NEGATIVE_INFINITY);
    this.files.set(fileName, { body, gzip: gz, br, etag, lastModified: new Date(seconds), sharesLastModified: seconds === previous, contentType });
    return true;
  }

  /** Drops every file but `fileNames`: an output the config no longer has is not served (404), as after a restart. */
  retainOnly(fileNames: ReadonlySet<string>): void {
    for (const fileName of [...this.files.keys()]) if (!fileNames.has(fileName)) this.files.delete(fileName);
  }

  get(fileName: string): CachedOutput | undefined {
    return this.files.get(fileName);
  }

  has(fileName: string): boolean {
    return this.files.has(fileName);
  }
}
