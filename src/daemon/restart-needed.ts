import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';

/** Logs each setting a reload cannot change in a running process: the running one is kept until a restart. */
export function warnRestartNeeded(previous: Config, next: Config, logger: Logger): void {
  if (next.store.uri !== previous.store.uri) logger.warn('store.uri changed: restart to use the new store (the running one is kept)');
  if (next.store.retentionDays !== previous.store.retentionDays || next.store.seenRetentionDays !== previous.store.seenRetentionDays) {
    logger.warn('store retention changed: restart for the store to keep items that long (the running retention is kept)');
  }
  if (next.server.host !== previous.server.host || next.server.port !== previous.server.port || next.server.enabled !== previous.server.enabled) {
    logger.warn('server address changed: restart to listen on it (the running server is kept)');
  }
  if (next.fetch.parseThreads !== previous.fetch.parseThreads) logger.warn('fetch.parseThreads changed: restart to start that many parse threads (the running ones are kept)');
  if (next.fetch.parseThreadMemoryMb !== previous.fetch.parseThreadMemoryMb) {
    logger.warn('fetch.parseThreadMemoryMb changed: restart to give the parse threads that heap limit (the running one is kept)');
  }
  // Set on the HTTP agent that every fetch shares, made once at start.
  if (next.fetch.connectTimeoutMs !== previous.fetch.connectTimeoutMs) logger.warn('fetch.connectTimeoutMs changed: restart to connect with that time limit (the running one is kept)');
  if (next.cluster.leaseSeconds !== previous.cluster.leaseSeconds || next.cluster.queue !== previous.cluster.queue) {
    logger.warn('cluster settings changed: restart to take them (the running leases and queue are kept)');
  }
}
