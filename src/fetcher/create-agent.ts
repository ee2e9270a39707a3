import type { Agent as UndiciAgent } from 'undici';
import { Agent } from './undici-core.js';

export interface AgentOptions {
  /** Give up on a TCP + TLS handshake after this long. */
  connectTimeoutMs: number;
  /** Sockets kept per origin. @default unlimited (undici's default) */
  connections?: number;
}

/**
 * The connection pool fetches share. It follows no redirects (fetchFeed does, to see each hop) and
 * leaves the total deadline to fetchFeed; undici's own headers/body timeouts stay as a backstop.
 */
export function createAgent(options: AgentOptions): UndiciAgent {
  return new Agent({
    connect: { timeout: options.connectTimeoutMs },
    ...(options.connections === undefined ? {} : { connections: options.connections }),
  });
}
