import { pino, type Logger, type LoggerOptions } from 'pino';
import { redactUri } from './config/redact-uri.js';

export interface LogOptions {
  /** @default "info", or LOG_LEVEL */
  level?: string;
  /** Human-readable lines instead of JSON. @default true when stdout is a TTY */
  pretty?: boolean;
}

/** Fields that hold a URL: logged with userinfo and secret-named query values as `***`. */
const URL_FIELDS = ['feed_url', 'url', 'moved_to', 'store', 'uri', 'hub', 'topic', 'location'];
/** Fields that may hold request headers or a source's config with them: never logged at all. */
const SECRET_FIELDS = ['headers', 'authorization', 'cookie', 'password', 'token'];

/**
 * pino's `redact` for every logger Tributary makes: the second line of defence, after the code
 * that keeps credentials out of what it logs in the first place (a source's headers are never
 * logged, its URL is redacted where it is bound).
 */
export const LOG_REDACT: NonNullable<LoggerOptions['redact']> = {
  paths: [
    ...URL_FIELDS,
    ...URL_FIELDS.map((field) => `*.${field}`),
    ...SECRET_FIELDS,
    ...SECRET_FIELDS.map((field) => `*.${field}`),
    ...SECRET_FIELDS.map((field) => `*.*.${field}`),
    'sources[*].headers',
  ],
  censor: (value: unknown, path: string[]) => {
    const field = path[path.length - 1] ?? '';
    if (URL_FIELDS.includes(field)) return typeof value === 'string' ? redactUri(value) : value;
    return '[redacted]';
  },
};

/** The root logger: JSON lines for pm2 and log shippers, pino-pretty when a person is watching. */
export function createLogger(options: LogOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  return pino({
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: LOG_REDACT,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } } : {}),
  });
}
