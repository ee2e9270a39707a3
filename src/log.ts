import { pino, type Logger } from 'pino';

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
  return pino({
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } } : {}),
  });
}
