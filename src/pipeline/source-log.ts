import type { Level, Logger } from 'pino';

/**
 * The source's child logger (`source_key`, `feed_url`), made at the first line that passes the
 * level: most refreshes (a 304) log nothing, and a pino child serializes and redacts its bindings.
 */
export class SourceLog {
  #child: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: { source_key: string; feed_url: string },
  ) {}

  error(...args: LogArgs): void {
    this.#write('error', args);
  }

  warn(...args: LogArgs): void {
    this.#write('warn', args);
  }

  info(...args: LogArgs): void {
    this.#write('info', args);
  }

  debug(...args: LogArgs): void {
    this.#write('debug', args);
  }

  #write(level: Level, args: LogArgs): void {
    if (!this.parent.isLevelEnabled(level)) return;
    this.#child ??= this.parent.child(this.bindings);
    (this.#child[level] as (...all: LogArgs) => void).apply(this.#child, args);
  }
}

type LogArgs = [objOrMessage: unknown, message?: string];
