import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';

/** Logs each setting a reload cannot change in a running process: the running one is kept until a restart. */
export function warnRestartNeeded(previous: Config, next: Config, logger: Logger): void {
  if (next.store.uri !== previous.store.uri) logger.warn('store.uri changed: restart to use the new store (the running one is kept)');
  if (next.server.host !== previous.server.host || next.server.port !== previous.server.port || next.server.enabled !== previous.server.enabled) {
    logger.warn('server address changed: restart to listen on it (the running server is kept)');
  }
  if (next.fetch.parseThreads !== previous.fetch.parseThreads) logger.warn('fetch.parseThreads changed: restart to start that many parse threads (the running ones are kept)');
}
