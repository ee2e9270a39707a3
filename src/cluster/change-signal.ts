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

  constructor(
    private readonly client: RedisClient,
    private readonly key: string,
  ) {}

  async raise(): Promise<void> {
    await this.client.incr(this.key);
  }

  /** Calls onChange whenever the counter moved since the last look (not at the first look). */
  watch(onChange: () => void, logger: Logger, intervalMs = 1_000): void {
    const look = async () => {
      try {
        const value = await this.client.get(this.key);
        if (this.seen !== undefined && value !== this.seen) onChange();
        this.seen = value;
      } catch (error) {
        logger.debug({ err: error }, 'could not read the change counter');
      }
    };
    void look();
    this.timer = setInterval(() => void look(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
