import type { DocumentProcessor } from './document-job.js';

/**
 * Processes in this thread. The parser and normalizer (rss-parser, sanitize-html and theirs) load at
 * the first document, not at start: a cycle of 304s, or a main thread with workers, never needs them.
 * No deadline holds here: a document that spins the parser holds this thread (fetch.parseThreads 0).
 */
export const inThreadProcessor: DocumentProcessor = {
  process: async (job) => (await import('./parse-and-normalize.js')).parseAndNormalize(job),
  close: async () => {},
};
