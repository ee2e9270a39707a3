import type { MessagePort } from 'node:worker_threads';
import { describeError } from '../errors/tributary-error.js';
import { isParseError } from '../errors/parse-error.js';
import { parseAndNormalize } from './parse-and-normalize.js';
import type { DocumentJob, ProcessedDocument } from './document-job.js';

/** What the pool hands a thread: the job, and a port on which the thread says it has begun it (its deadline runs from then). */
export interface WorkerTask {
  job: DocumentJob;
  began: MessagePort;
}

/** A worker's answer: errors cross the thread boundary as data, so the ParseError can be rebuilt whole. */
export type WorkerAnswer = { ok: true; document: ProcessedDocument } | { ok: false; parseError: { sourceKey: string; url: string; reason: string; cause?: string } };

/** The task piscina runs in each worker thread of the document pool. */
export default async function processInWorker({ job, began }: WorkerTask): Promise<WorkerAnswer> {
  began.postMessage(null);
  began.close();
  try {
    return { ok: true, document: await parseAndNormalize(job) };
  } catch (error) {
    if (!isParseError(error)) throw error;
    const cause = error.cause === undefined ? undefined : describeError(error.cause);
    return { ok: false, parseError: { sourceKey: error.sourceKey, url: error.url, reason: error.reason, ...(cause === undefined ? {} : { cause }) } };
  }
}
