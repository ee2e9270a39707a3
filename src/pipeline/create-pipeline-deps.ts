import type { Dispatcher } from 'undici';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { ItemStore } from '../store/item-store.js';
import { USER_AGENT } from '../version.js';
import type { DocumentProcessor } from './document-job.js';
import { inThreadProcessor } from './process-document.js';
import type { PipelineDeps } from './refresh-source.js';

/** Everything a refresh needs, built once from the validated config by the composition roots. */
export function createPipelineDeps(
  config: Config,
  parts: {
    store: ItemStore;
    logger: Logger;
    dispatcher: Dispatcher;
    /** @default inThreadProcessor */
    documents?: DocumentProcessor;
    signal?: AbortSignal;
    now?: () => Date;
    random?: () => number;
  },
): PipelineDeps {
  const now = parts.now ?? (() => new Date());
  return {
    store: parts.store,
    logger: parts.logger,
    documents: parts.documents ?? inThreadProcessor,
    now,
    random: parts.random ?? Math.random,
    fetchOptions: {
      timeoutMs: config.fetch.timeoutMs,
      connectTimeoutMs: config.fetch.connectTimeoutMs,
      maxBodyBytes: config.fetch.maxBodyBytes,
      maxRedirects: config.fetch.maxRedirects,
      userAgent: config.fetch.userAgent ?? USER_AGENT,
      dispatcher: parts.dispatcher,
      signal: parts.signal,
      now,
    },
  };
}
