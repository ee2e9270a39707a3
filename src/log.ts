import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import { createRedactingLogger } from './log-redaction.js';

/** pino, loaded when a logger is first made (see lazyLogger). */
export function loadPino(): typeof import('pino') {
  return createRequire(import.meta.url)('pino') as typeof import('pino');
}

export interface LogOptions {
  /** @default "info", or LOG_LEVEL */
  level?: string;
  /** Human-readable lines instead of JSON. @default true when stdout is a TTY */
  pretty?: boolean;
}

/** The root logger: JSON lines for pm2 and log shippers, pino-pretty when a person is watching. */
export function createLogger(options: LogOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const { pino } = loadPino();
  return createRedactingLogger(pino, {
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } } : {}),
  });
}

/** pino's own level values, for answering isLevelEnabled before pino is loaded. */
const LEVEL_VALUES: Readonly<Record<string, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * The logger `make` returns, made (and pino loaded, ~20 ms) only when something is asked of it
 * other than isLevelEnabled: a `tributary poll` where every source answers 304 logs nothing and
 * never needs it. Once made, every property is the real logger's. A level pino does not know makes
 * it at once, so pino's own error is thrown where it always was.
 */
export function lazyLogger(level: string, make: () => Logger): Logger {
  const threshold = LEVEL_VALUES[level];
  if (threshold === undefined) return make();
  let real: Logger | undefined;
  const isLevelEnabled = (name: string): boolean => {
    const value = LEVEL_VALUES[name];
    return value !== undefined && value >= threshold;
  };
  return new Proxy({} as Logger, {
    get(_target, property) {
      if (property === 'isLevelEnabled' && real === undefined) return isLevelEnabled;
      real ??= make();
      const value: unknown = Reflect.get(real, property, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
    set(_target, property, value) {
      real ??= make();
      return Reflect.set(real, property, value, real);
    },
    has(_target, property) {
      real ??= make();
      return Reflect.has(real, property);
    },
  });
}
