import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import { ParseError } from '../errors/parse-error.js';
import type { WorkerAnswer } from './document-worker.js';
import type { DocumentJob, DocumentProcessor, ProcessedDocument } from './document-job.js';
import { inThreadProcessor } from './process-document.js';

const WORKER = new URL('./document-worker.js', import.meta.url);

/**
 * Parses and normalizes on `threads` worker threads (piscina), so a cycle uses every core while the
 * main thread fetches and commits. With 0 threads, or when run from the TypeScript sources (tests:
 * there is no compiled worker to start), documents are processed in this thread.
 */
export function createDocumentPool(threads: number): DocumentProcessor {
  if (threads <= 0 || !existsSync(fileURLToPath(WORKER))) return inThreadProcessor;
  // Started at the first document: a cycle where every source answers 304 starts no thread.
  let pool: Promise<Piscina<DocumentJob, WorkerAnswer>> | undefined;
  const started = () =>
    (pool ??= import('piscina').then(
      ({ Piscina }) =>
        new Piscina<DocumentJob, WorkerAnswer>({
          filename: WORKER.href,
          minThreads: threads,
          maxThreads: threads,
          // Workers live as long as the pool: a cycle comes back every few minutes.
          idleTimeout: Number.POSITIVE_INFINITY,
        }),
    ));
  return {
    async process(job: DocumentJob): Promise<ProcessedDocument> {
      const answer = await (await started()).run(job);
      if (answer.ok) return answer.document;
      const { sourceKey, url, reason, cause } = answer.parseError;
      throw new ParseError(sourceKey, url, reason, cause === undefined ? undefined : { cause: new Error(cause) });
    },
    close: async () => {
      await (await pool)?.destroy();
    },
  };
}
