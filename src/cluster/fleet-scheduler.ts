import type { Logger } from 'pino';
import type { Config, SourceConfig } from '../config/schema.js';
import { lastDueTime } from '../scheduler/last-due-time.js';
import type { Cluster } from './cluster.js';
import type { Lease } from './lease.js';
import type { RefreshQueue } from './refresh-queue.js';

/**
 * The scheduler role's side of a fleet: due sources become queued jobs, by the holder of the
 * scheduler lease only. The cron schedule itself stays the daemon's (SourceScheduler) and runs in
 * every scheduler process, so a follower that takes the lease goes on at the next tick.
 */
export class FleetScheduler {
  private readonly lease: Lease;

  constructor(
    cluster: Cluster,
    private readonly queue: RefreshQueue,
    private readonly config: () => Config,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {
    this.lease = cluster.lease('scheduler', { onAcquired: () => this.takeOver(), onLost: () => {} });
  }

  start(): Promise<void> {
    return this.lease.start();
  }

  /**
   * A source due at `dueAt`: queued when this process holds the lease, or once its overdue renewal
   * confirms it (see Lease.act); dropped otherwise, the holder queues it.
   */
  dispatch(source: SourceConfig, dueAt: Date): void {
    this.lease.act(source.key, () => void this.queue.enqueue({ sourceKey: source.key, dueAt: dueAt.toISOString() }));
  }

  /** After a config reload: the fleet-wide concurrency follows fetch.concurrency. */
  async reconfigure(): Promise<void> {
    if (this.lease.held) await this.setConcurrency();
  }

  stop(): Promise<void> {
    return this.lease.stop();
  }

  /**
   * A new holder queues every source for its latest due time: whatever the previous holder queued
   * is not queued twice (one job id per source), and whatever it polled is skipped by the worker
   * (see runRefreshJob), so a hand-over neither skips nor doubles a poll.
   */
  private async takeOver(): Promise<void> {
    const config = this.config();
    const now = this.now();
    await this.setConcurrency();
    const due = config.sources.filter((source) => source.enabled);
    // Once per expression, not per source: finding a yearly schedule's last firing walks back
    // day by day (~1 ms), which for 10,000 sources blocked the event loop past the lease.
    const lastDue = new Map<string, string | undefined>();
    for (const source of due) {
      const expression = source.schedule ?? config.schedule.default;
      if (!lastDue.has(expression)) lastDue.set(expression, lastDueTime(expression, now)?.toISOString());
      const dueAt = lastDue.get(expression);
      // An expression that has not fired in years has no poll to make up for.
      if (dueAt !== undefined) void this.queue.enqueue({ sourceKey: source.key, dueAt });
    }
    this.logger.info({ sources: due.length }, 'scheduling: every source queued for its latest due time');
  }

  private async setConcurrency(): Promise<void> {
    await this.queue.setGlobalConcurrency(this.config().fetch.concurrency).catch((error: unknown) => this.logger.warn({ err: error }, 'could not set the fleet-wide fetch.concurrency'));
  }
}
