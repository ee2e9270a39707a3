import type { Logger } from 'pino';
import type { RedisClient } from './redis-client.js';

/**
 * How workers tell publishers that items changed: a counter in Redis, raised after each commit that
 * changed something, and read by each publisher every second. A counter rather than pub/sub: a
 * publisher that was disconnected, or started late, still sees that it moved.
 */
export class ChangeSignal {
  private timer: NodeJS.Timeout | undefined;
  private seen: string | null | undefined;
  private owed: NodeJS.Timeout | undefined;
  private stopped = false;
  private gaveUp = false;

  constructor(
    private readonly client: RedisClient,
    private readonly key: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Raises the counter. While Redis is away the raise is owed and retried every second, so a
   * change committed just before an outage still reaches the publishers after it. Never throws.
   */
  raise(): void {
    this.client.incr(this.key).then(
      () => this.settle(),
      (error: unknown) => {
        if (this.stopped) return this.giveUp(error);
        if (this.owed) return;
        this.logger.warn({ err: error }, 'could not tell the publishers of a change; retrying every second');
        this.owed = setInterval(
          () =>
            void this.client.incr(this.key).then(
              () => this.settle(),
              () => undefined,
            ),
          1_000,
        );
      },
    );
  }

  private settle(): void {
    if (this.owed) clearInterval(this.owed);
    this.owed = undefined;
  }

  /** Calls onChange whenever the counter moved since the last look (not at the first look). */
  watch(onChange: () => void, intervalMs = 1_000): void {
    const look = async () => {
      try {
        const value = await this.client.get(this.key);
        if (this.seen !== undefined && value !== this.seen) onChange();
        this.seen = value;
      } catch (error) {
        this.logger.debug({ err: error }, 'could not read the change counter');
      }
    };
    void look();
    this.timer = setInterval(() => void look(), intervalMs);
  }

  /** Stops watching, and retrying a raise: one still owed (or failing later) is given up, said once. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.owed) this.giveUp();
    this.settle();
  }

  private giveUp(error?: unknown): void {
    if (this.gaveUp) return;
    this.gaveUp = true;
    this.logger.warn({ err: error }, 'stopping: gave up telling the publishers of a change (Redis unreachable); they publish it with the next change');
  }
}
