import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import { createGzip, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWellFormed } from '../helpers/feed-xml.js';
import { HostileHarness, LIMITS } from './hostile-harness.js';

/** Over the RSS before each case, while it runs: generous, yet far below what holding the whole body would take. */
const MEMORY_BOUND_MB = 300;
const MiB = 1024 * 1024;

/** Writes `total` bytes of `chunk` repeated, honouring backpressure, until done or the client goes. */
async function stream(res: ServerResponse, chunk: Buffer, total: number): Promise<void> {
  let sent = 0;
  while (sent < total && !res.destroyed) {
    if (!res.write(chunk)) {
      // The wait that loses the race is cancelled: left pending, its listeners pile up on `res`.
      const waited = new AbortController();
      await Promise.race([once(res, 'drain', { signal: waited.signal }), once(res, 'close', { signal: waited.signal })]);
      waited.abort();
    }
    sent += chunk.length;
  }
  res.end();
}

/** 1 GiB of zeros, gzipped (about 1 MB): made once, by streaming, never held whole. */
async function gzipBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 1 });
  const parts: Buffer[] = [];
  gzip.on('data', (part: Buffer) => parts.push(part));
  const zeros = Buffer.alloc(MiB);
  for (let i = 0; i < 1024; i++) if (!gzip.write(zeros)) await once(gzip, 'drain');
  gzip.end();
  await once(gzip, 'end');
  return Buffer.concat(parts);
}

describe('hostile bodies', () => {
  let harness: HostileHarness;
  beforeAll(async () => {
    harness = await HostileHarness.start();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('cuts a 1 GiB endless body at maxBodyBytes: a logged too_large error, memory bounded', async () => {
    const prefix = Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>Endless</title>');
    const run = await harness.run('endless', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write(prefix);
      await stream(res, Buffer.from(`<item><title>${'x'.repeat(65_000)}</title></item>`), 1024 * MiB);
    });
    expect(run.outcome).toMatchObject({ status: 'failed', errorKind: 'too_large' });
    expect(harness.failureLogged('endless')).toContain(`body larger than ${LIMITS.maxBodyBytes} bytes`);
    expect(run.peakRssGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
  });

  it('cuts a gzip bomb (1 GiB of zeros in about 1 MB) at maxBodyBytes as it inflates', async () => {
    const bomb = await gzipBomb();
    const run = await harness.run('gzip-bomb', { headers: { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }, body: bomb });
    expect(run.outcome).toMatchObject({ status: 'failed', errorKind: 'too_large' });
    expect(harness.failureLogged('gzip-bomb')).toContain('body larger than');
    expect(run.peakRssGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
  });

  it('gives up on a body dripped one byte at a time at the total timeout: a logged timeout error', async () => {
    const run = await harness.run(
      'drip',
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('<')), 50);
        res.on('close', () => clearInterval(timer));
      },
      { timeoutMs: 1000 },
    );
    expect(run.outcome).toMatchObject({ status: 'failed', errorKind: 'timeout' });
    expect(harness.failureLogged('drip')).toContain('timed out after 1000 ms');
  });

  it('gives up on a server that never sends its headers at the total timeout', async () => {
    const run = await harness.run('silent', () => undefined, { timeoutMs: 1000 });
    expect(run.outcome).toMatchObject({ status: 'failed', errorKind: 'timeout' });
  });

  it('cuts a gzip bomb wrapped in a second gzip layer as well', async () => {
    const run = await harness.run('double-bomb', { headers: { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip, gzip' }, body: gzipSync(await gzipBomb()) });
    expect(run.outcome).toMatchObject({ status: 'failed', errorKind: 'too_large' });
    expect(run.peakRssGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
  });

  it('parses a 50 MiB single text node when maxBodyBytes allows 64 MiB, within the memory bound', async () => {
    const head =
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Big node</title><link>https://big.example/</link><description>d</description><item><title>Big</title><guid>big-1</guid><link>https://big.example/1</link><description>';
    const words = 'lorem ipsum dolor sit amet consectetur '.repeat(Math.ceil((50 * MiB) / 39)).slice(0, 50 * MiB);
    const body = Buffer.from(`${head}${words}</description></item></channel></rss>`);
    const run = await harness.run('big-node', { body }, { maxBodyBytes: 64 * MiB, timeoutMs: 60_000 });
    expect(run.outcome).toMatchObject({ status: 'changed', added: 1 });
    expect(run.items[0]!.description!.length).toBeLessThanOrEqual(300);
    expect(run.peakRssGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
  }, 120_000);

  describe('50 MiB of HTML content, cut to items.maxContentBytes (256 KiB) before sanitizing', () => {
    const paragraph = '<p>Lorem <b>ipsum</b> &amp; dolor <a href="/sit">sit</a> amet, <i>consectetur &#8217; adipiscing</i> \u{1F600} elit.</p>';
    const html = `<div><h1>Start</h1>${paragraph.repeat(Math.ceil((50 * MiB) / paragraph.length))}</div>`;
    const limits = { maxBodyBytes: 64 * MiB, timeoutMs: 60_000 };

    /** The stored content: at most the limit, nearly all of it used, its start intact, well-formed to the last tag. */
    function expectCut(content: string | undefined): void {
      const size = Buffer.byteLength(content ?? '');
      expect(size).toBeLessThanOrEqual(256 * 1024);
      expect(size).toBeGreaterThan(250 * 1024);
      expect(content!.slice(0, 200)).toMatch(/^<div><h1>Start<\/h1><p>Lorem <b>ipsum<\/b> &amp; dolor <a href="http:\/\/127\.0\.0\.1:\d+\/sit" rel="noopener noreferrer">sit<\/a>/);
      expect(content!.slice(-20)).toMatch(/<\/div>$/);
      assertWellFormed(`<content>${content}</content>`);
    }

    it('in an RSS content:encoded: stored cut and well-formed, memory bounded', async () => {
      const body = Buffer.from(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Big HTML</title>' +
          `<link>https://big.example/</link><description>d</description><item><title>Big HTML</title><guid>big-html-1</guid><content:encoded><![CDATA[${html}]]></content:encoded></item></channel></rss>`,
      );
      const run = await harness.run('big-html-rss', { body }, limits);
      expect(run.outcome).toMatchObject({ status: 'changed', added: 1 });
      expectCut(run.items[0]!.content);
      // Within the common bound since rss-parser no longer makes snippets of the whole element.
      expect(run.peakRssGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
    }, 120_000);

    it('in a JSON Feed content_html: stored cut and well-formed, within the memory bound', async () => {
      const body = Buffer.from(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Big HTML', items: [{ id: 'big-html-1', content_html: html }] }));
      const run = await harness.run('big-html-json', { headers: { 'content-type': 'application/feed+json' }, body }, limits);
      expect(run.outcome).toMatchObject({ status: 'changed', added: 1 });
      expectCut(run.items[0]!.content);
      expect(run.peakRssGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
    }, 120_000);
  });

  it('takes maxItemsPerFeed (500) of a feed with 100,000 items', async () => {
    const items = Array.from({ length: 100_000 }, (_, n) => `<item><guid>${n}</guid><title>Item ${n}</title></item>`).join('');
    // What is tested is the cut, not the speed: on a loaded machine reading and parsing 5 MB can take over 5 s.
    const run = await harness.run(
      'many-items',
      {
        body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title><link>https://many.example/</link><description>d</description>${items}</channel></rss>`,
      },
      { timeoutMs: 60_000 },
    );
    expect(run.outcome, run.outcome.reason).toMatchObject({ status: 'changed', added: 500 });
    expect(run.peakRssGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
  }, 60_000);
});
