import { Agent, request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonMetrics } from '../../src/server/daemon-metrics.js';
import { HttpServer, type Readiness } from '../../src/server/http-server.js';
import { OutputCache } from '../../src/server/output-cache.js';

const ATOM = `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>${'<entry/>'.repeat(200)}</feed>\n`;
const PUBLISHED = new Date('2026-01-05T12:00:00.500Z');

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request, so paths reach the server exactly as written (fetch would normalize them). */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the HTTP server', () => {
  let server: HttpServer;
  let readiness: Readiness = { ready: false, checks: { store: true, config: true, firstCycle: false } };
  const metrics = new DaemonMetrics({
    sourceStates: () =>
      new Map([
        ['ok', 3],
        ['failing', 1],
      ]),
    storedItems: async () => 42,
  });

  const outputs = new OutputCache();

  beforeAll(async () => {
    await outputs.put('all.atom', ATOM, 'application/atom+xml; charset=utf-8', PUBLISHED);
    metrics.recordRefresh({ sourceKey: 'coindesk', status: 'changed', durationMs: 120, added: 5, updated: 1 });
    metrics.recordRefresh({ sourceKey: 'decrypt', status: 'failed', errorKind: 'timeout', added: 0, updated: 0 });
    metrics.recordPublish('all', PUBLISHED);
    server = await HttpServer.listen('127.0.0.1', 0, {
      outputs,
      metrics,
      readiness: async () => readiness,
      pages: {
        overview: (search) => `<!DOCTYPE html><title>status</title><p>query: ${search}</p>`,
        source: async (key) => (key === 'coindesk' ? '<!DOCTYPE html><title>CoinDesk</title>' : undefined),
      },
      cacheMaxAgeSeconds: 300,
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves an output with its type, a strong ETag, Last-Modified and a max-age', async () => {
    const answer = await get(server.port, '/feeds/all.atom');
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe(ATOM);
    expect(answer.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(answer.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(answer.headers['last-modified']).toBe('Mon, 05 Jan 2026 12:00:00 GMT');
    expect(answer.headers['cache-control']).toBe('public, max-age=300');
    expect(answer.headers.vary).toBe('Accept-Encoding');
  });

  it('answers HEAD with the headers and no body', async () => {
    const answer = await get(server.port, '/feeds/all.atom', {}, 'HEAD');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(ATOM)));
    expect(answer.body.length).toBe(0);
  });

  it('answers 304 to a matching If-None-Match, and 200 to a stale one', async () => {
    const { headers } = await get(server.port, '/feeds/all.atom');
    expect((await get(server.port, '/feeds/all.atom', { 'if-none-match': String(headers.etag) })).status).toBe(304);
    expect((await get(server.port, '/feeds/all.atom', { 'if-none-match': `"other", W/${String(headers.etag)}` })).status).toBe(304);
    expect((await get(server.port, '/feeds/all.atom', { 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('answers 304 to If-Modified-Since at or after the publish time, and 200 before it', async () => {
    expect((await get(server.port, '/feeds/all.atom', { 'if-modified-since': 'Mon, 05 Jan 2026 12:00:00 GMT' })).status).toBe(304);
    expect((await get(server.port, '/feeds/all.atom', { 'if-modified-since': 'Mon, 05 Jan 2026 11:59:59 GMT' })).status).toBe(200);
  });

  it('gives new bytes a Last-Modified never before the bytes they replace, so If-Modified-Since alone still sees them', async () => {
    const feed = (title: string) => ATOM.replace('<title>t</title>', `<title>${title}</title>`);
    // Two publishes within one second: the second's Last-Modified cannot be later than the first's.
    await outputs.put('news.atom', feed('first'), 'application/atom+xml; charset=utf-8', new Date('2026-01-05T12:00:00.100Z'));
    const first = await get(server.port, '/feeds/news.atom');
    await outputs.put('news.atom', feed('second'), 'application/atom+xml; charset=utf-8', new Date('2026-01-05T12:00:00.900Z'));
    const again = await get(server.port, '/feeds/news.atom', { 'if-modified-since': String(first.headers['last-modified']) });
    expect(again.status).toBe(200);
    expect(again.body.toString()).toBe(feed('second'));
    expect(again.headers['last-modified']).toBe(first.headers['last-modified']);
    // Later bytes, with an earlier time (a standby's own render, then the file it loads on taking over): not moved back.
    await outputs.put('news.atom', feed('third'), 'application/atom+xml; charset=utf-8', new Date('2026-01-05T12:00:10.000Z'));
    const third = await get(server.port, '/feeds/news.atom');
    await outputs.put('news.atom', feed('fourth'), 'application/atom+xml; charset=utf-8', new Date('2026-01-05T12:00:05.000Z'));
    const fourth = await get(server.port, '/feeds/news.atom', { 'if-modified-since': String(third.headers['last-modified']) });
    expect(fourth.status).toBe(200);
    expect(fourth.body.toString()).toBe(feed('fourth'));
    // A later change in a second of its own is 304 to the reader that has it, as before.
    await outputs.put('news.atom', feed('fifth'), 'application/atom+xml; charset=utf-8', new Date('2026-01-05T12:01:00.000Z'));
    const fifth = await get(server.port, '/feeds/news.atom');
    expect(fifth.headers['last-modified']).toBe('Mon, 05 Jan 2026 12:01:00 GMT');
    expect((await get(server.port, '/feeds/news.atom', { 'if-modified-since': 'Mon, 05 Jan 2026 12:01:00 GMT' })).status).toBe(304);
  });

  it('stops serving an output dropped from the served set', async () => {
    await outputs.put('gone.atom', ATOM, 'application/atom+xml; charset=utf-8', PUBLISHED);
    expect((await get(server.port, '/feeds/gone.atom')).status).toBe(200);
    outputs.retainOnly(new Set(['all.atom', 'news.atom']));
    expect((await get(server.port, '/feeds/gone.atom')).status).toBe(404);
    expect((await get(server.port, '/feeds/all.atom')).status).toBe(200);
  });

  it('serves a request whose target is in absolute form, as a proxy sends it', async () => {
    const answer = await get(server.port, `http://127.0.0.1:${server.port}/feeds/all.atom?x=1`);
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe(ATOM);
  });

  it('ignores an If-Modified-Since that is not an HTTP-date', async () => {
    for (const since of ['2030', '1', 'next year']) expect((await get(server.port, '/feeds/all.atom', { 'if-modified-since': since })).status, since).toBe(200);
  });

  it('reads an encoding refused with spaces around its parameter, and x-gzip as gzip', async () => {
    expect((await get(server.port, '/feeds/all.atom', { 'accept-encoding': 'gzip, br ;q=0' })).headers['content-encoding']).toBe('gzip');
    expect((await get(server.port, '/feeds/all.atom', { 'accept-encoding': '*, br ; q = 0' })).headers['content-encoding']).toBe('gzip');
    expect((await get(server.port, '/feeds/all.atom', { 'accept-encoding': 'x-gzip' })).headers['content-encoding']).toBe('gzip');
  });

  it('lets If-None-Match decide over If-Modified-Since', async () => {
    const answer = await get(server.port, '/feeds/all.atom', { 'if-none-match': '"stale"', 'if-modified-since': 'Tue, 06 Jan 2026 00:00:00 GMT' });
    expect(answer.status).toBe(200);
  });

  it('sends brotli or gzip when accepted, decoding to the same bytes', async () => {
    const br = await get(server.port, '/feeds/all.atom', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(ATOM);
    const gz = await get(server.port, '/feeds/all.atom', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(ATOM);
    expect(gz.body.length).toBeLessThan(Buffer.byteLength(ATOM));
    const refused = await get(server.port, '/feeds/all.atom', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('gives each encoding its own strong ETag, and answers 304 only to the tag of the encoding it would send', async () => {
    const plain = await get(server.port, '/feeds/all.atom');
    const gz = await get(server.port, '/feeds/all.atom', { 'accept-encoding': 'gzip' });
    const br = await get(server.port, '/feeds/all.atom', { 'accept-encoding': 'br' });
    const tags = [plain, gz, br].map((answer) => String(answer.headers.etag));
    expect(new Set(tags).size).toBe(3);
    expect(tags[1]).toBe(tags[0]!.replace(/"$/, '-gzip"'));
    expect((await get(server.port, '/feeds/all.atom', { 'accept-encoding': 'gzip', 'if-none-match': tags[1]! })).status).toBe(304);
    const other = await get(server.port, '/feeds/all.atom', { 'accept-encoding': 'gzip', 'if-none-match': `${tags[0]}, ${tags[2]}` });
    expect(other.status).toBe(200);
    expect(other.headers.etag).toBe(tags[1]);
  });

  it('answers 404 for an output that does not exist', async () => {
    expect((await get(server.port, '/feeds/missing.atom')).status).toBe(404);
    expect((await get(server.port, '/nothing-here')).status).toBe(404);
  });

  it.each([
    '/feeds/../package.json',
    '/feeds/..%2fpackage.json',
    '/feeds/%2e%2e/package.json',
    '/feeds/%2e%2e%2fpackage.json',
    '/feeds/all.atom/../../package.json',
    '/feeds//etc/passwd',
    '/feeds/%2fetc%2fpasswd',
    '/../../../../etc/passwd',
    '/feeds/all.atom%00.json',
    'http://127.0.0.1/etc/passwd',
  ])('cannot be led outside the outputs by %s', async (path) => {
    const answer = await get(server.port, path);
    expect(answer.status).toBe(404);
    expect(answer.body.toString()).toBe('not found\n');
  });

  it('allows only GET and HEAD', async () => {
    const answer = await get(server.port, '/feeds/all.atom', {}, 'POST');
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, HEAD');
  });

  it('says it is alive on /healthz', async () => {
    const answer = await get(server.port, '/healthz');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString())).toEqual({ status: 'ok' });
  });

  it('says 503 on /readyz until ready, with the checks, then 200', async () => {
    const notReady = await get(server.port, '/readyz');
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body.toString())).toEqual({ ready: false, checks: { store: true, config: true, firstCycle: false } });
    readiness = { ready: true, checks: { store: true, config: true, firstCycle: true } };
    expect((await get(server.port, '/readyz')).status).toBe(200);
  });

  it('exposes Prometheus metrics for polls, errors, durations, items, publishes, sources and the store', async () => {
    const answer = await get(server.port, '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = answer.body.toString();
    expect(text).toContain('tributary_polls_total{source="coindesk",status="changed"} 1');
    expect(text).toContain('tributary_poll_errors_total{source="decrypt",kind="timeout"} 1');
    expect(text).toContain('tributary_fetch_duration_seconds_count{source="coindesk"} 1');
    expect(text).toContain('tributary_items_total{source="coindesk",change="new"} 5');
    expect(text).toContain('tributary_items_total{source="coindesk",change="updated"} 1');
    expect(text).toContain('tributary_output_last_publish_timestamp_seconds{output="all"} 1767614400.5');
    expect(text).toContain('tributary_sources{state="failing"} 1');
    expect(text).toContain('tributary_store_items 42');
    expect(text).toContain('tributary_process_resident_memory_bytes');
  });

  it('serves the status page as HTML that can run no script', async () => {
    const answer = await get(server.port, '/');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('hands the overview its query string, so a link such as /?state=failing filters it', async () => {
    const answer = await get(server.port, '/?state=failing&sort=items');
    expect(answer.body.toString()).toContain('query: state=failing&sort=items');
  });

  it("serves a configured source's page under the same policy, and 404 for any other key or path below /sources/", async () => {
    const page = await get(server.port, '/sources/coindesk');
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>CoinDesk</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await get(server.port, '/sources/unknown')).status).toBe(404);
    expect((await get(server.port, '/sources/../etc/passwd')).status).toBe(404);
    expect((await get(server.port, '/sources/CoinDesk')).status).toBe(404);
    expect((await get(server.port, '/sources/coindesk/x')).status).toBe(404);
  });
});

describe('the HTTP server stopping', () => {
  it('keeps answering a keep-alive client while it drains, telling it to reconnect, then closes', async () => {
    const outputs = new OutputCache();
    await outputs.put('all.atom', ATOM, 'application/atom+xml; charset=utf-8', PUBLISHED);
    const server = await HttpServer.listen('127.0.0.1', 0, {
      outputs,
      metrics: new DaemonMetrics({ sourceStates: () => new Map(), storedItems: async () => 0 }),
      readiness: async () => ({ ready: true, checks: {} }),
      pages: { overview: () => '', source: async () => undefined },
      cacheMaxAgeSeconds: 300,
      logger: pino({ level: 'silent' }),
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const port = server.port;
    const ask = () =>
      new Promise<{ status: number; connection: string | undefined; socket: unknown }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/feeds/all.atom', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, socket: req.socket }));
        });
        req.on('error', reject);
        req.end();
      });

    const before = await ask();
    expect(before.connection).toBe('keep-alive');
    const closing = server.close();
    // The connection idles in the client's pool: a request on it now must be answered, not cut.
    const during = await ask();
    expect(during).toMatchObject({ status: 200, connection: 'close' });
    expect(during.socket).toBe(before.socket);
    const started = Date.now();
    await closing;
    // It closed once its last connection went, not after the whole drain time.
    expect(Date.now() - started).toBeLessThan(900);
    await expect(ask()).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });
});
