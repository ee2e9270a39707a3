import { pathToFileURL } from 'node:url';
import { workerData } from 'node:worker_threads';

/** The measured build's own document work: what a `tributary run` parse thread does with each document. */
const { parseAndNormalize } = await import(pathToFileURL(`${workerData.dist}/pipeline/parse-and-normalize.js`).href);

/** One document job (pipeline/document-job.ts), answered as the daemon's parse thread answers it. @param {any} job */
export default function processDocument(job) {
  return parseAndNormalize(job);
}
