import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { outageLog } from './outage-log.js';
import type { RedisClient } from './redis-client.js';

// Takes a slot when fewer than ARGV[1] unexpired holders remain; expiry by the server's clock, so
// hosts with skewed clocks agree. Holders of a worker that died expire with their hold time. A
// holder that has a slot already took it in an attempt whose answer was lost: it keeps it.
const ACQUIRE = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

export interface HostSlotsOptions {
  client: RedisClient;
  /** Key prefix, e.g. `tributary:host`. */
  prefix: string;
  /** Longest a slot is held before it expires on its own: above the longest fetch. */
  holdMs: number;
  /** First wait between attempts while a host is full; doubles up to 1 s. @default 25 */
  retryMs?: number;
  /** Told of the attempts that failed (Redis away), as an outage log. @default none */
  logger?: Logger;
}

/**
 * The per-host politeness limit (fetch.perHostConcurrency) held across every worker on every
 * machine: a sorted set per host of holders and their expiry. Written here because BullMQ's own
 * group limits are a feature of its commercial edition.
 */
export class HostSlots {
  private readonly failed: (error: unknown) => void;

  constructor(private readonly options: HostSlotsOptions) {
    this.failed = options.logger ? outageLog(options.logger, 'per-host slots: Redis error; waiting for a slot until Redis is back') : () => {};
  }

  /**
   * Waits for one of `limit` slots of `host`; resolves with the function that gives it back. Redis
   * out of reach counts as a full host: it keeps trying, so a job waiting for a slot outlives a
   * Redis restart. Rejects only once `signal` aborts.
   */
  async acquire(host: string, limit: number, signal?: AbortSignal): Promise<() => Promise<void>> {
    const { client, prefix, holdMs } = this.options;
    const key = `${prefix}:${host}`;
    const holder = randomUUID();
    let wait = this.options.retryMs ?? 25;
    for (;;) {
      signal?.throwIfAborted();
      const taken = await client.eval(ACQUIRE, { keys: [key], arguments: [String(limit), String(holdMs), holder] }).catch((error: unknown) => {
        this.failed(error);
        return 0;
      });
      if (Number(taken) === 1) {
        return async () => {
          await client.eval(`return redis.call('ZREM', KEYS[1], ARGV[1])`, { keys: [key], arguments: [holder] });
        };
      }
      await sleep(wait, undefined, { signal }).catch(() => undefined);
      wait = Math.min(wait * 2, 1_000);
    }
  }
}
