import type { Logger } from 'pino';
import { settleWithin } from '../cluster/settle-within.js';

/**
 * Longest wait for one part's close. A publish of 100,000 items takes tens of milliseconds, a store's
 * close less: what takes longer waits on something that will not answer (a paused Redis), and the
 * process must still exit before its supervisor kills it (pm2's kill_timeout, 20 s).
 */
export const PART_CLOSE_BOUND_MS = 5_000;

/**
 * What a starting daemon opened, closed in reverse order: at stop, and after a start that failed
 * part way (only what was opened by then is on the stack). Each close runs even when one before it
 * failed or had to be given up; failures and give-ups are logged with the part's name.
 */
export class CloseStack {
  private readonly parts: Array<{ name: string; close: () => Promise<unknown> | unknown }> = [];

  constructor(
    private readonly logger: Logger,
    private readonly boundMs = PART_CLOSE_BOUND_MS,
  ) {}

  push(name: string, close: () => Promise<unknown> | unknown): void {
    this.parts.push({ name, close });
  }

  async closeAll(): Promise<void> {
    for (let part = this.parts.pop(); part; part = this.parts.pop()) {
      const closing = Promise.resolve()
        .then(() => part.close())
        .catch((error: unknown) => this.logger.warn({ err: error, part: part.name }, `could not close the ${part.name}`));
      if (!(await settleWithin(closing, this.boundMs))) {
        this.logger.warn({ part: part.name, bound_ms: this.boundMs }, `gave up closing the ${part.name} after ${this.boundMs} ms`);
      }
    }
  }
}
