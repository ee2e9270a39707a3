import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { ParseError } from '../errors/parse-error.js';
import type { WorkerAnswer, WorkerTask } from './document-worker.js';
import type { DocumentJob, DocumentProcessor, ProcessedDocument } from './document-job.js';
import { inThreadProcessor } from './process-document.js';

const WORKER = new URL('./document-worker.js', import.meta.url);

/** Worker threads, or 'auto': one per core, at most AUTO_MAX_THREADS. 0: this thread. */
export type ParseThreads = 'auto' | number;

/** Threads 'auto' starts at most: each holds its own parser, sanitizer and language data (about 100 MB). */
export const AUTO_MAX_THREADS = 4;

/**
 * The threads `parseThreads` asks for on a machine of `cores`. 'auto' takes one per core: the threads
 * parse, normalize and enrich, most of a cycle's work, while the main thread mostly waits on the
 * network and the store (on 2 cores, one thread left the other core half idle and made a cold cycle
 * 1.3× as long).
 */
export function parseThreadCount(setting: ParseThreads, cores = availableParallelism()): number {
  return setting === 'auto' ? Math.max(1, Math.min(AUTO_MAX_THREADS, cores)) : setting;
}

/**
 * Parses and normalizes on worker threads (piscina), so a cycle uses every core while the main
 * thread fetches and commits, and a document that makes a parser spin is abandoned at its deadline:
 * its thread is stopped (piscina terminates a worker whose task is aborted) and replaced, and the
 * document fails with PARSE_TIMEOUT. Each thread's heap is limited to `memoryMb` (fetch.parseThreadMemoryMb);
 * a document that needs more fails with PARSE_MEMORY, and its thread is replaced. With 0 threads, or
 * when run from the TypeScript sources (tests: there is no compiled worker to start), documents are
 * processed in this thread, with neither limit.
 */
export function createDocumentPool(parseThreads: ParseThreads, { memoryMb }: { memoryMb?: number } = {}): DocumentProcessor {
  const threads = parseThreadCount(parseThreads);
  if (threads <= 0 || !existsSync(fileURLToPath(WORKER))) return inThreadProcessor;
  // Started at the first document: a cycle where every source answers 304 starts no thread.
  let pool: Promise<Piscina<WorkerTask, WorkerAnswer>> | undefined;
  const started = () =>
    (pool ??= import('piscina').then(
      ({ Piscina }) =>
        new Piscina<WorkerTask, WorkerAnswer>({
          filename: WORKER.href,
          minThreads: threads,
          maxThreads: threads,
          // Threads live as long as the pool: a cycle comes back every few minutes. (With fewer
          // kept than allowed, piscina left a document queued behind an aborted one unstarted.)
          idleTimeout: Number.POSITIVE_INFINITY,
          // A thread's own heap limit: without one it is the process's (gigabytes), so one document
          // could grow a thread until the machine kills the whole daemon.
          ...(memoryMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: memoryMb } }),
        }),
    ));
  return {
    async process(job: DocumentJob, { deadlineMs }: { deadlineMs: number }): Promise<ProcessedDocument> {
      const answer = await runWithDeadline(await started(), job, deadlineMs, memoryMb);
      if (answer.ok) return answer.document;
      const { sourceKey, url, reason, cause } = answer.parseError;
      throw new ParseError(sourceKey, url, reason, cause === undefined ? undefined : { cause: new Error(cause) });
    },
    // Closing twice closes once; a document after it starts the threads again.
    close: async () => {
      const closing = pool;
      pool = undefined;
      await (await closing)?.destroy();
    },
  };
}

/**
 * Runs one job, aborting it `deadlineMs` (fetch.parseTimeoutMs) after its thread says it began: time
 * spent waiting for a free thread, or for a replaced thread to start, does not count against it. A
 * thread that Node ended at its heap limit (`memoryMb`) fails the job with PARSE_MEMORY.
 */
async function runWithDeadline(pool: Piscina<WorkerTask, WorkerAnswer>, job: DocumentJob, deadlineMs: number, memoryMb: number | undefined): Promise<WorkerAnswer> {
  const { port1: beganHere, port2: began } = new MessageChannel();
  const overrun = new AbortController();
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  beganHere.once('message', () => {
    if (!settled) timer = setTimeout(() => overrun.abort(), deadlineMs);
  });
  try {
    const body = ownBuffer(job.body);
    return await pool.run({ job: { ...job, body }, began }, { transferList: [began, body.buffer as ArrayBuffer], signal: overrun.signal });
  } catch (error) {
    if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      // Node ended the thread at its heap limit; piscina starts another in its place.
      const limit = memoryMb === undefined ? 'the heap a parse thread may hold' : `the parse thread's ${memoryMb} MB of heap`;
      const reason = `parsing needed more than ${limit} (fetch.parseThreadMemoryMb): abandoned, and its parse thread replaced`;
      throw new ParseError(job.parse.sourceKey, job.parse.url, reason, { code: 'PARSE_MEMORY' });
    }
    if (!overrun.signal.aborted) throw error;
    const reason = `parsing took longer than ${deadlineMs} ms (fetch.parseTimeoutMs): abandoned, and its parse thread replaced`;
    throw new ParseError(job.parse.sourceKey, job.parse.url, reason, { code: 'PARSE_TIMEOUT' });
  } finally {
    settled = true;
    clearTimeout(timer);
    beganHere.close();
  }
}

/**
 * The bytes in an ArrayBuffer of their own, to transfer to the thread: the body's own when it spans
 * all of one, a copy otherwise (a small Buffer is a view into Node's shared pool, which must not move).
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes;
  return new Uint8Array(bytes);
}
