import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseHttpDate } from '../model/http-date.js';
import type { CachedOutput } from './output-cache.js';

/**
 * Answers a GET/HEAD for one output: 304 when the reader's validators match, else the bytes in the
 * best encoding the reader accepts (br, then gzip, then identity). Each encoding has its own strong
 * ETag (RFC 9110 §8.8.3): a cache holding several of them tells by the tag which one a 304 confirms.
 */
export function serveOutput(req: IncomingMessage, res: ServerResponse, output: CachedOutput, maxAgeSeconds: number): void {
  const encoding = pickEncoding(req.headers['accept-encoding']);
  const etag = encoding === undefined ? output.etag : output.etag.replace(/"$/, `-${encoding}"`);
  const headers: Record<string, string> = {
    'content-type': output.contentType,
    etag,
    'last-modified': output.lastModified.toUTCString(),
    'cache-control': `public, max-age=${maxAgeSeconds}`,
    vary: 'Accept-Encoding',
  };
  if (isNotModified(req, output, etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  const body = encoding === 'br' ? output.br : encoding === 'gzip' ? output.gzip : output.body;
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** RFC 9110: If-None-Match decides when present (weak comparison); If-Modified-Since only without it. */
function isNotModified(req: IncomingMessage, output: CachedOutput, etag: string): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    const opaque = etag.replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
  }
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const since = parseHttpDate(ifModifiedSince);
  const modified = output.lastModified.getTime();
  return since !== undefined && (modified < since || (modified === since && !output.sharesLastModified));
}

function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const name = coding?.trim() === 'x-gzip' ? 'gzip' : coding?.trim();
    const q = params.map((param) => /^\s*q\s*=\s*([\d.]+)/.exec(param)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const quality = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (quality('br') > 0 && quality('br') >= quality('gzip')) return 'br';
  if (quality('gzip') > 0) return 'gzip';
  return undefined;
}
