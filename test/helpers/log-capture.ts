import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export interface CapturedLog {
  logger: Logger;
  /** Parsed log lines so far. */
  lines: () => Array<Record<string, unknown> & { msg: string; level: number }>;
  messages: () => string[];
}

/** A real pino logger whose JSON lines are kept in memory, for tests that assert what gets logged. */
export function captureLog(): CapturedLog {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  const lines = () => raw.map((line) => JSON.parse(line) as Record<string, unknown> & { msg: string; level: number });
  return { logger, lines, messages: () => lines().map((line) => line.msg) };
}
