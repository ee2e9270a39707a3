import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EnrichmentConfigSchema } from '../../src/config/enrichment-schema.js';
import { FetchConfigSchema } from '../../src/config/schema.js';
import type * as Pool from '../../src/pipeline/document-pool.js';
import type * as Process from '../../src/pipeline/document-job.js';
import type * as InThread from '../../src/pipeline/process-document.js';
import { assertBuildIsFresh } from '../helpers/run-cli.js';
import { crowdedRss, spinningRss } from '../helpers/slow-document.js';

/*
 * The pool starts compiled workers, so this test loads the build (as the CLI tests run it):
 * from the TypeScript sources there is no worker file, and documents stay in the main thread.
 */
const built = <T>(path: string): Promise<T> => import(pathToFileURL(resolve('dist/src', path)).href) as Promise<T>;

/**
 * Deadlines: one no test document comes near, and one the slow document overruns many times over
 * while an ordinary one, on a thread that loads its language data for it, stays well within it on a
 * busy machine.
 */
const LONG = { deadlineMs: 120_000 };
const SHORT = { deadlineMs: 2_000 };

const NOW = new Date('2026-01-05T12:00:00Z');
const job = (text: string): Process.DocumentJob => ({
  body: Buffer.from(text),
  parse: { sourceKey: 'coindesk', url: 'https://www.coindesk.com/feed', contentType: 'application/rss+xml' },
  normalize: { source: { key: 'coindesk', name: 'CoinDesk', tags: ['crypto'] }, feedUrl: 'https://www.coindesk.com/feed', now: NOW },
  options: { maxItems: 500 },
  enrich: { config: EnrichmentConfigSchema.parse({}), sourceCategory: undefined },
});

describe('the document pool', () => {
  let pool: Process.DocumentProcessor;
  let processDocument: (job: Process.DocumentJob) => Promise<Process.ProcessedDocument>;
  let inThread: Process.DocumentProcessor;
  let createDocumentPool: typeof Pool.createDocumentPool;
  let parseThreadCount: typeof Pool.parseThreadCount;

  beforeAll(async () => {
    assertBuildIsFresh();
    ({ createDocumentPool, parseThreadCount } = await built<typeof Pool>('pipeline/document-pool.js'));
    ({ inThreadProcessor: inThread } = await built<typeof InThread>('pipeline/process-document.js'));
    processDocument = (job) => inThread.process(job, LONG);
    pool = createDocumentPool(2);
  });
  afterAll(async () => {
    await pool.close();
  });

  it('runs on worker threads when asked for any, and in this thread for 0', () => {
    expect(pool).not.toBe(inThread);
    expect(createDocumentPool(0)).toBe(inThread);
  });

  it("takes a thread per core for 'auto', at most four, and never none, so every document has a deadline", () => {
    expect([1, 2, 3, 4, 8].map((cores) => parseThreadCount('auto', cores))).toEqual([1, 2, 3, 4, 4]);
    expect(parseThreadCount(0, 8)).toBe(0);
    expect(parseThreadCount(3, 2)).toBe(3);
  });

  it('leaves the main thread free while it parses a large document (it really runs elsewhere)', async () => {
    const item = (n: number) =>
      `<item><title>Story ${n}</title><link>https://news.example/${n}</link><guid>g-${n}</guid>` +
      `<description>${'&lt;p&gt;Bitcoin &amp;amp; ether rallied as traders priced in a cut.&lt;/p&gt;'.repeat(30)}</description></item>`;
    const text = `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${Array.from({ length: 4000 }, (_, n) => item(n)).join('')}</channel></rss>`;
    // Modules load (asynchronously) at the first document: load them before watching the timers.
    await pool.process(job(await readFile('test/fixtures/pipeline/ai-atom.xml', 'utf8')), LONG);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 10);
    const started = performance.now();
    try {
      expect((await pool.process(job(text), LONG)).normalized.items).toHaveLength(500);
    } finally {
      clearInterval(timer);
    }
    // Processed in this thread, those 8 MB hold it for a few hundred ms without a single tick.
    expect(performance.now() - started).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('gives, from a worker thread, exactly what processing in this thread gives', async () => {
    for (const name of ['crypto-rss2-media.xml', 'ai-atom.xml', 'research-rdf.xml']) {
      const text = await readFile(join('test/fixtures/pipeline', name), 'utf8');
      const [fromWorker, here] = await Promise.all([pool.process(job(text), LONG), processDocument(job(text))]);
      expect(here.normalized.items.length).toBeGreaterThan(0);
      // Enriched there too: every item's language, sentiment and topics come back with it.
      expect(here.enrichments).toHaveLength(here.normalized.items.length);
      expect(here.enrichments!.every((enrichment) => enrichment.sentiment !== undefined)).toBe(true);
      expect(fromWorker).toEqual(here);
    }
  });

  it('hands the body to a thread without copying it, and a small body (a view into the shared pool) as a copy', async () => {
    const text = await readFile('test/fixtures/pipeline/crypto-rss2-media.xml', 'utf8');
    const owned = new Uint8Array(Buffer.from(text));
    expect(owned.buffer.byteLength).toBe(owned.byteLength);
    const expected = await processDocument(job(text));
    expect(await pool.process({ ...job(text), body: owned }, LONG)).toEqual(expected);
    // Transferred: the bytes now belong to the thread.
    expect(owned.byteLength).toBe(0);

    const tiny = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One</title><link>https://news.example/1</link></item></channel></rss>';
    const pooled = Buffer.from(tiny);
    const neighbour = Buffer.from('still here');
    expect(pooled.buffer).toBe(neighbour.buffer);
    expect((await pool.process({ ...job(tiny), body: pooled }, LONG)).normalized.items.map((item) => item.title)).toEqual(['One']);
    expect([pooled.toString(), neighbour.toString()]).toEqual([tiny, 'still here']);
  });

  it('decodes the body where it parses it, by the charset the response declared', async () => {
    const latin1 = Buffer.from(
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Caf\u00e9</title><item><title>Caf\u00e9 cr\u00e8me</title><link>https://news.example/1</link></item></channel></rss>',
      'latin1',
    );
    const declared = (body: Uint8Array): Process.DocumentJob => ({ ...job(''), body, parse: { ...job('').parse, contentType: 'application/rss+xml; charset=windows-1252' } });
    const [fromWorker, here] = await Promise.all([pool.process(declared(new Uint8Array(latin1)), LONG), processDocument(declared(latin1))]);
    expect(here.normalized.items.map((item) => item.title)).toEqual(['Caf\u00e9 cr\u00e8me']);
    expect(fromWorker).toEqual(here);
  });

  it('skips, in a worker thread as in this one, the items known from the last document', async () => {
    const text = await readFile('test/fixtures/pipeline/crypto-rss2-media.xml', 'utf8');
    const first = await pool.process(job(text), LONG);
    const known = { digest: first.normalized.digest, items: new Map(first.normalized.fingerprints.map((f) => [f.fingerprint, f.externalId])) };
    const [fromWorker, here] = await Promise.all([pool.process({ ...job(text), known }, LONG), processDocument({ ...job(text), known })]);
    expect(fromWorker.normalized.items).toEqual([]);
    expect(fromWorker.normalized.fingerprints).toHaveLength(first.normalized.items.length);
    expect(fromWorker.normalized.fingerprints.every((f) => f.known)).toBe(true);
    expect(fromWorker).toEqual(here);
  });

  it('rebuilds a ParseError thrown in a worker, with its source, URL, reason and cause', async () => {
    const text = '<!DOCTYPE html><html><body>Not a feed</body></html>';
    type Failure = Error & { reason: string; sourceKey: string; code: string };
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => expect.fail('should have been refused'),
        (error: unknown) => error as Failure,
      );
    const here = await failure(processDocument(job(text)));
    const fromWorker = await failure(pool.process(job(text), LONG));
    expect(fromWorker).toMatchObject({ name: 'ParseError', code: 'PARSE_FAILED', sourceKey: 'coindesk', reason: here.reason, message: here.message });
    expect(fromWorker.message).toContain('https://www.coindesk.com/feed');
  });

  it('keeps processing many documents at once across its threads', async () => {
    const text = await readFile('test/fixtures/pipeline/crypto-rss2-media.xml', 'utf8');
    const results = await Promise.all(Array.from({ length: 12 }, () => pool.process(job(text), LONG)));
    const expected = await processDocument(job(text));
    for (const result of results) expect(result).toEqual(expected);
  });

  it('closes once when closed twice, and starts its threads again for a document after', async () => {
    const text = await readFile('test/fixtures/pipeline/crypto-rss2-media.xml', 'utf8');
    const closing = createDocumentPool(1);
    const first = await closing.process(job(text), LONG);
    await closing.close();
    await closing.close();
    expect(await closing.process(job(text), LONG)).toEqual(first);
    await closing.close();
  });

  describe('with a deadline', () => {
    const slow = spinningRss('https://news.example');
    let fast: string;
    let timed: Process.DocumentProcessor | undefined;
    beforeAll(async () => {
      fast = await readFile('test/fixtures/pipeline/crypto-rss2-media.xml', 'utf8');
    });
    afterEach(async () => {
      await timed?.close();
      timed = undefined;
    });

    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => expect.fail('should have been abandoned'),
        (error: unknown) => error as Error & { code: string; reason: string; sourceKey: string; url: string },
      );

    it('abandons a document that overruns it with PARSE_TIMEOUT, naming the source, URL and limit; the other thread goes on', async () => {
      timed = createDocumentPool(2);
      const expected = await processDocument(job(fast));
      const [overrun, beside] = await Promise.all([refusal(timed.process(job(slow), SHORT)), timed.process(job(fast), SHORT)]);
      expect(overrun).toMatchObject({ name: 'ParseError', code: 'PARSE_TIMEOUT', sourceKey: 'coindesk', url: 'https://www.coindesk.com/feed' });
      expect(overrun.reason).toBe('parsing took longer than 2000 ms (fetch.parseTimeoutMs): abandoned, and its parse thread replaced');
      expect(overrun.message).toContain('https://www.coindesk.com/feed');
      expect(beside).toEqual(expected);
    });

    it('replaces the stopped thread: the documents after it go through, as many at once as before', async () => {
      timed = createDocumentPool(2);
      expect((await refusal(timed.process(job(slow), SHORT))).code).toBe('PARSE_TIMEOUT');
      const expected = await processDocument(job(fast));
      const after = await Promise.all(Array.from({ length: 6 }, () => timed!.process(job(fast), SHORT)));
      for (const result of after) expect(result).toEqual(expected);
    });

    it('does not charge a document for the time it waited behind an overrunning one', async () => {
      // One thread: the second document waits the slow one's whole deadline, then a new thread's start.
      timed = createDocumentPool(1);
      const [overrun, waited] = await Promise.all([refusal(timed.process(job(slow), SHORT)), timed.process(job(fast), SHORT)]);
      expect(overrun.code).toBe('PARSE_TIMEOUT');
      expect(waited).toEqual(await processDocument(job(fast)));
    });
  });

  describe('with a memory limit', () => {
    const crowded = crowdedRss(10 * 1024 * 1024);
    let limited: Process.DocumentProcessor | undefined;
    afterEach(async () => {
      await limited?.close();
      limited = undefined;
    });

    it('abandons a document that needs more than its thread may hold with PARSE_MEMORY, naming the limit; the document queued behind it goes through', async () => {
      limited = createDocumentPool(1, { memoryMb: 64 });
      const fast = await readFile('test/fixtures/pipeline/crypto-rss2-media.xml', 'utf8');
      const expected = await processDocument(job(fast));
      const [overrun, waited] = await Promise.allSettled([limited.process(job(crowded), LONG), limited.process(job(fast), LONG)]);
      expect(overrun).toMatchObject({ status: 'rejected', reason: { name: 'ParseError', code: 'PARSE_MEMORY', sourceKey: 'coindesk', url: 'https://www.coindesk.com/feed' } });
      expect((overrun as PromiseRejectedResult).reason.reason).toBe("parsing needed more than the parse thread's 64 MB of heap (fetch.parseThreadMemoryMb): abandoned, and its parse thread replaced");
      expect(waited).toEqual({ status: 'fulfilled', value: expected });
      // Its thread was replaced: the pool goes on.
      expect(await limited.process(job(fast), LONG)).toEqual(expected);
    });

    it('parses that document within the default limit', async () => {
      const { parseThreadMemoryMb } = FetchConfigSchema.parse({});
      expect(parseThreadMemoryMb).toBe(512);
      limited = createDocumentPool(1, { memoryMb: parseThreadMemoryMb });
      expect((await limited.process(job(crowded), LONG)).normalized.items).toHaveLength(500);
    });
  });
});
