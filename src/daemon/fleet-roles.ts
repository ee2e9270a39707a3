import type { Logger } from 'pino';
import type { Config, SourceConfig } from '../config/schema.js';
import { Cluster } from '../cluster/cluster.js';
import { FleetScheduler } from '../cluster/fleet-scheduler.js';
import type { Lease } from '../cluster/lease.js';
import { startRefreshWorker, type RefreshJob } from '../cluster/refresh-queue.js';
import type { Role } from '../cluster/roles.js';
import { runRefreshJob } from '../cluster/run-refresh-job.js';
import type { ProcessRoles, RoleHooks } from './process-roles.js';

export interface FleetRolesOptions {
  storeUri: string;
  config: Config;
  /**
   * The roles named by `--role`; undefined for `--role all` on a Redis store: every role, polling
   * here rather than through the queue, while this process holds the scheduler lease.
   */
  roles: readonly Role[] | undefined;
  logger: Logger;
  now: () => Date;
}

/**
 * A process of a fleet sharing one Redis store. The scheduler lease's holder alone turns due sources
 * into polls: queued for the workers (`--role scheduler`), or polled here (`--role all`, so that a
 * second such process stands by instead of polling everything twice). The publisher lease's holder
 * alone writes the files; every publisher hears of the changes the others commit.
 */
export class FleetRoles implements ProcessRoles {
  readonly readyAtStart = true;
  readonly sharesStates = true;
  private fleetScheduler: FleetScheduler | undefined;
  private schedulerLease: Lease | undefined;
  private publisherLease: Lease | undefined;
  private worker: Awaited<ReturnType<typeof startRefreshWorker>> | undefined;
  private hooks: RoleHooks | undefined;

  private constructor(
    private readonly options: FleetRolesOptions,
    private readonly cluster: Cluster,
  ) {}

  /** Connects to the fleet's Redis; refuses a store that is not Redis before anything is created. */
  static async open(options: FleetRolesOptions): Promise<FleetRoles> {
    const { config, roles, logger, storeUri } = options;
    const cluster = await Cluster.open({
      uri: storeUri,
      config: config.cluster,
      roles: roles ?? ['scheduler', 'publisher'],
      // Polling here, `--role all` queues nothing.
      queue: roles?.includes('scheduler') ?? false,
      logger,
      hostHoldMs: config.fetch.timeoutMs * 2,
    });
    return new FleetRoles(options, cluster);
  }

  /** Whether this process polls the sources itself while it holds the scheduler lease (`--role all`). */
  private get pollsHere(): boolean {
    return this.options.roles === undefined;
  }

  private has(role: Role): boolean {
    return this.options.roles?.includes(role) ?? role !== 'worker';
  }

  get schedules(): boolean {
    return this.has('scheduler');
  }

  get publishes(): boolean {
    return this.has('publisher');
  }

  get description(): string {
    return this.options.roles ? this.options.roles.join(',') : 'all';
  }

  writesFiles(): boolean {
    return Boolean(this.publisherLease?.held);
  }

  async startPublishing(hooks: RoleHooks): Promise<void> {
    if (!this.publishes) return;
    this.cluster.changes.watch(() => hooks.changed());
    this.publisherLease = this.cluster.lease('publisher', { onAcquired: () => hooks.changed(), onLost: () => {} });
    await this.publisherLease.start();
  }

  async startWork(hooks: RoleHooks): Promise<void> {
    this.hooks = hooks;
    const { now, logger, storeUri, config } = this.options;
    if (this.schedules && this.pollsHere) {
      this.schedulerLease = this.cluster.lease('scheduler', { onAcquired: () => hooks.pollAllHere(), onLost: () => {} });
      await this.schedulerLease.start();
    } else if (this.schedules && this.cluster.queue) {
      this.fleetScheduler = new FleetScheduler(this.cluster, this.cluster.queue, hooks.config, now, logger);
      await this.fleetScheduler.start();
    }
    if (this.has('worker') && !this.pollsHere) {
      this.worker = await startRefreshWorker({
        uri: storeUri,
        prefix: config.cluster.queue,
        concurrency: config.fetch.concurrency,
        logger,
        process: (job) => this.runJob(job, hooks),
      });
    }
  }

  /** A worker's job (see runRefreshJob), and what the status page and metrics learn from it. */
  private async runJob(job: RefreshJob, hooks: RoleHooks): Promise<string> {
    const { hostSlots, changes } = this.cluster;
    const result = await runRefreshJob(job, hooks.config(), { pipeline: hooks.pipeline(), hostSlots, changes, signal: hooks.signal });
    if ('outcome' in result) hooks.refreshed(result.outcome);
    return result.status;
  }

  dispatch(source: SourceConfig, dueAt: Date): void {
    if (this.schedulerLease) this.schedulerLease.act(source.key, () => this.hooks?.pollHere(source, dueAt));
    else this.fleetScheduler?.dispatch(source, dueAt);
  }

  announceChange(): void {
    this.cluster.changes.raise();
  }

  async reconfigure(config: Config): Promise<void> {
    this.worker?.setConcurrency(config.fetch.concurrency);
    await this.fleetScheduler?.reconfigure();
  }

  async stopTakingWork(): Promise<void> {
    await this.fleetScheduler?.stop();
    await this.schedulerLease?.stop();
    // A worker stops taking jobs at once; the jobs it runs finish like polls in flight.
    await this.worker?.close();
  }

  abandonWork(): void {
    this.worker?.forceClose();
  }

  async close(): Promise<void> {
    await this.publisherLease?.stop();
    await this.cluster.close();
  }
}
