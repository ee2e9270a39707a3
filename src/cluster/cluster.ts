import type { Logger } from 'pino';
import type { ClusterConfig } from '../config/schema.js';
import { redactUri } from '../model/redact-uri.js';
import { ConfigError } from '../errors/config-error.js';
import { ChangeSignal } from './change-signal.js';
import { HostSlots } from './host-slots.js';
import { Lease } from './lease.js';
import { closeRedisClient, openRedisClient, type RedisClient } from './redis-client.js';
import { RefreshQueue } from './refresh-queue.js';
import type { Role } from './roles.js';

export interface ClusterOptions {
  /** The store's Redis: the roles coordinate through the same server. */
  uri: string;
  config: ClusterConfig;
  roles: readonly Role[];
  /** Whether to open the scheduler's end of the queue. @default roles include scheduler */
  queue?: boolean;
  logger: Logger;
  /** Longest a per-host slot is held: above the longest fetch. */
  hostHoldMs: number;
}

/**
 * What processes sharing one Redis coordinate through: the BullMQ queue of due polls, the
 * scheduler and publisher leases, the per-host limits and the change counter. Every key starts
 * with `cluster.queue` (default `tributary`).
 */
export class Cluster {
  readonly hostSlots: HostSlots;
  readonly changes: ChangeSignal;

  private constructor(
    readonly options: ClusterOptions,
    private readonly client: RedisClient,
    /** The scheduler's end of the queue; only in a process with the scheduler role. */
    readonly queue: RefreshQueue | undefined,
  ) {
    const prefix = options.config.queue;
    this.hostSlots = new HostSlots({ client, prefix: `${prefix}:host`, holdMs: options.hostHoldMs, logger: options.logger });
    this.changes = new ChangeSignal(client, `${prefix}:changes`, options.logger);
  }

  static async open(options: ClusterOptions): Promise<Cluster> {
    if (!/^rediss?:\/\//i.test(options.uri)) {
      throw ConfigError.usage(
        `--role ${options.roles.join(',')} needs a redis:// store shared by every process (store.uri, --store or TRIBUTARY_STORE), not ${redactUri(options.uri)}; with an embedded store run --role all`,
      );
    }
    const client = await openRedisClient(options.uri, 'tributary-coordination');
    await warnAboutSettings(client, options.logger);
    try {
      const queue = (options.queue ?? options.roles.includes('scheduler')) ? await RefreshQueue.open(options.uri, options.config.queue, options.logger) : undefined;
      return new Cluster(options, client, queue);
    } catch (error) {
      await closeRedisClient(client, options.logger);
      throw error;
    }
  }

  has(role: Role): boolean {
    return this.options.roles.includes(role);
  }

  /** A lease named `name` (scheduler, publisher), not started. */
  lease(name: string, events: { onAcquired: () => void | Promise<void>; onLost: () => void | Promise<void> }): Lease {
    return new Lease({
      client: this.client,
      key: `${this.options.config.queue}:lease:${name}`,
      ttlMs: this.options.config.leaseSeconds * 1000,
      logger: this.options.logger,
      ...events,
    });
  }

  /**
   * Closes the scheduler's queue and the coordination connection side by side, each within
   * CLOSE_TIMEOUT_MS (given up and dropped past it: Redis may be gone, or paused and never answer).
   */
  async close(): Promise<void> {
    this.changes.stop();
    await Promise.all([this.queue?.close(), closeRedisClient(this.client, this.options.logger)]);
  }
}

/**
 * A fleet keeps its queue, leases and (on a Redis store) every item in Redis: without AOF a restart
 * loses what was written since the last snapshot, and an evicting policy drops keys under memory
 * pressure. Said once at start; the settings may be out of reach (managed Redis), hence best effort.
 */
async function warnAboutSettings(client: RedisClient, logger: Logger): Promise<void> {
  try {
    const info = `${await client.info('persistence')}\n${await client.info('memory')}`;
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
    if (field('aof_enabled') === '0') {
      logger.warn('Redis runs without appendonly: a restart of redis-server loses what was written since its last snapshot; set appendonly yes');
    }
    const policy = field('maxmemory_policy');
    if (policy && policy !== 'noeviction') {
      logger.warn(
        { maxmemory_policy: policy },
        `Redis may evict keys under memory pressure (maxmemory-policy ${policy}): queued polls, leases and items could vanish; set maxmemory-policy noeviction`,
      );
    }
  } catch (error) {
    logger.debug({ err: error }, 'could not read the Redis settings');
  }
}
