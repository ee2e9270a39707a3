import type { Logger } from 'pino';

/**
 * What a starting daemon opened, closed in reverse order: at stop, and after a start that failed
 * part way (only what was opened by then is on the stack). Each close runs even when one before it
 * failed; failures are logged with the part's name.
 */
export class CloseStack {
  private readonly parts: Array<{ name: string; close: () => Promise<unknown> | unknown }> = [];

  constructor(private readonly logger: Logger) {}

  push(name: string, close: () => Promise<unknown> | unknown): void {
    this.parts.push({ name, close });
  }

  async closeAll(): Promise<void> {
    for (let part = this.parts.pop(); part; part = this.parts.pop()) {
      try {
        await part.close();
      } catch (error) {
        this.logger.warn({ err: error, part: part.name }, `could not close the ${part.name}`);
      }
    }
  }
}
