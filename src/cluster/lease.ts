import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RedisClient } from './redis-client.js';
import { closeWithin } from './settle-within.js';

// Renew and release only while the key still names this holder: a holder that paused past its
// lease must not extend or delete the lease its successor has taken since.
const RENEW = `local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) elseif holder then return 0 else return -1 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface LeaseOptions {
  client: RedisClient;
  /** The Redis key of the lease, e.g. `tributary:lease:scheduler`. */
  key: string;
  ttlMs: number;
  logger: Logger;
  /** Called once each time the lease is taken. */
  onAcquired: () => void | Promise<void>;
  /** Called once each time it is lost (taken by another, or not renewed in time). */
  onLost: () => void | Promise<void>;
  /** What the holder is called in the key's value and in logs. @default host:pid:random */
  holder?: string;
}

/**
 * Leadership among processes sharing a Redis: one holder at a time, by SET NX PX. The holder
 * renews every third of the lease; everyone else tries to take it as often, so a holder that dies
 * is replaced within the lease time plus a third. A holder that cannot reach Redis stops acting as
 * one before its lease can have expired (it counts from its last successful renewal, on the
 * monotonic clock: a wall clock stepped back would stretch that), so two holders never act at once
 * while the clocks run at the same rate.
 */
export class Lease {
  readonly holder: string;
  private timer: NodeJS.Timeout | undefined;
  /** performance.now() readings, as lastRenewed. */
  private heldSince: number | undefined;
  private lastRenewed = 0;
  private stopped = false;
  private ticking: Promise<void> = Promise.resolve();
  /** What `act` was given while a renewal was overdue, the latest per key. */
  private readonly kept = new Map<string, () => void>();

  constructor(private readonly options: LeaseOptions) {
    this.holder = options.holder ?? `${process.env.HOSTNAME ?? 'host'}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /**
   * Whether this process may act as the holder now: it took the lease, and its last renewal is
   * recent enough that the lease cannot have run out (a tenth kept as margin for the time that
   * renewal took to arrive), even while Redis is unreachable.
   */
  get held(): boolean {
    return this.heldSince !== undefined && performance.now() - this.lastRenewed < this.options.ttlMs * 0.9;
  }

  /**
   * Does `action` now if this process holds the lease. While a renewal is overdue (`held` has lapsed
   * but the lease is not lost) it is kept, the latest per `key`: done once a renewal confirms the
   * lease was never lost, dropped if it is lost (the next holder's onAcquired covers what was due).
   */
  act(key: string, action: () => void): void {
    if (this.held) action();
    else if (this.heldSince !== undefined) this.kept.set(key, action);
  }

  /** Tries at once (resolving once that first attempt is done), then every third of the lease. */
  start(): Promise<void> {
    this.ticking = this.tick().finally(() => this.schedule());
    return this.ticking;
  }

  /**
   * Stops trying and gives the lease up, so a successor need not wait for it to expire. The attempt
   * in flight, then the release, within CLOSE_TIMEOUT_MS: a paused Redis answers neither, and then
   * the lease is left to expire by itself (this process no longer acts as its holder either way).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const { client, key, logger } = this.options;
    let gaveUp = false;
    const releasing = this.ticking.then(async () => {
      if (gaveUp || this.heldSince === undefined) return;
      await this.lose('stopping');
      await client.eval(RELEASE, { keys: [key], arguments: [this.holder] }).catch((error: unknown) => {
        if (!gaveUp) logger.warn({ err: error, lease: key }, 'could not release the lease; it expires by itself');
      });
    });
    const givingUp = this.heldSince === undefined ? `the last attempt to take the lease ${key}` : `releasing the lease ${key}; it expires by itself`;
    gaveUp = !(await closeWithin(releasing, { givingUp, logger }));
    await this.lose('stopping');
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        this.ticking = this.tick().finally(() => this.schedule());
      },
      Math.max(200, Math.floor(this.options.ttlMs / 3)),
    );
  }

  private async tick(): Promise<void> {
    const { client, key, ttlMs, logger } = this.options;
    const started = performance.now();
    try {
      if (this.heldSince !== undefined) {
        const renewed = Number(await client.eval(RENEW, { keys: [key], arguments: [this.holder, String(ttlMs)] }));
        if (renewed === 1) {
          this.lastRenewed = started;
          this.doKept();
        } else await this.lose(renewed === 0 ? 'taken by another holder' : `expired before it was renewed: this process did not run for ${Math.round(started - this.lastRenewed)} ms`);
      } else {
        const taken = await client.set(key, this.holder, { NX: true, PX: ttlMs });
        if (taken === 'OK') {
          this.heldSince = started;
          this.lastRenewed = started;
          logger.info({ lease: key, holder: this.holder, ttl_ms: ttlMs }, 'lease taken');
          await this.options.onAcquired();
        }
      }
    } catch (error) {
      // `held` already turns false once the lease may have run out; this only says so.
      if (this.heldSince !== undefined && !this.held) await this.lose(`Redis unreachable: ${(error as Error).message}`);
      else if (this.heldSince === undefined) logger.debug({ err: error, lease: key }, 'could not try the lease');
    }
  }

  /** What came while the renewal was overdue, once it is answered in time to act on. */
  private doKept(): void {
    if (this.kept.size === 0 || !this.held) return;
    const actions = [...this.kept.values()];
    this.kept.clear();
    this.options.logger.info({ lease: this.options.key, holder: this.holder, kept: actions.length }, 'lease renewed late but never lost: doing what came meanwhile');
    for (const action of actions) action();
  }

  private async lose(reason: string): Promise<void> {
    this.kept.clear();
    if (this.heldSince === undefined) return;
    this.heldSince = undefined;
    this.options.logger.warn({ lease: this.options.key, holder: this.holder, reason }, 'lease lost');
    await this.options.onLost();
  }
}
