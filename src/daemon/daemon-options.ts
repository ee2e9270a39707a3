import type { Logger } from 'pino';
import type { Role } from '../cluster/roles.js';
import type { Config } from '../config/schema.js';

export interface DaemonOptions {
  config: Config;
  storeUri: string;
  /** The output folder, overriding the config's (--out). @default config.output.dir, as each reload sets it */
  outDir?: string;
  logger: Logger;
  /** Where to serve HTTP; false for no server. @default config.server */
  serve?: { host: string; port: number } | false;
  /** How long stop() lets in-flight polls finish before aborting them. @default 10000 */
  shutdownGraceMs?: number;
  /** Quiet time after the last change before a publish (see PublishLoopOptions.delayMs). @default 1000 */
  publishDelayMs?: number;
  /**
   * The roles of a process of a fleet sharing one Redis store (see cluster/); undefined (`--role
   * all`) for a process that does everything itself.
   */
  roles?: readonly Role[];
  now?: () => Date;
  random?: () => number;
}
