import { pino, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { createRedactingLogger } from '../log-redaction.js';

const CLEAR_LINE = '\r\x1b[K';

/** `[#####---------------] 12/50 sources`: `width` cells, filled in proportion. Pure. */
export function renderProgress(done: number, total: number, width = 20): string {
  const filled = total === 0 ? width : Math.min(width, Math.floor((done / total) * width));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} sources`;
}

/**
 * A one-line progress bar at the bottom of a terminal. Log lines go through `print`, which clears the
 * bar, writes the line, and draws the bar again below it, so the two never share a line.
 */
export class ProgressBar {
  private done = 0;
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly total: number,
  ) {}

  start(): void {
    this.shown = true;
    this.draw();
  }

  tick(): void {
    this.done += 1;
    if (this.shown) this.draw();
  }

  print(text: string): void {
    this.stream.write(this.shown ? `${CLEAR_LINE}${text}` : text);
    if (this.shown) this.draw();
  }

  /** Clears the bar for good; later log lines are written as they come. Safe to call twice. */
  finish(): void {
    if (this.shown) this.stream.write(CLEAR_LINE);
    this.shown = false;
  }

  private draw(): void {
    this.stream.write(`${CLEAR_LINE}${renderProgress(this.done, this.total)}`);
  }
}

/** A logger for a terminal with a bar: readable lines (pino-pretty, formatted in-process) printed above the bar. */
export function createBarLogger(bar: ProgressBar): Logger {
  const format = prettyFactory({ colorize: true, translateTime: 'SYS:HH:MM:ss' });
  return createRedactingLogger(
    pino,
    { level: process.env.LOG_LEVEL ?? 'info', base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    { write: (line: string) => bar.print(format(line)) },
  );
}
