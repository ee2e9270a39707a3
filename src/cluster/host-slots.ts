import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-client.js';

// Takes a slot when fewer than ARGV[1] unexpired holders remain; expiry by the server's clock, so
// hosts with skewed clocks agree. Holders of a worker that died expire with their hold time.
const ACQUIRE = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
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
}

/**
 * The per-host politeness limit (fetch.perHostConcurrency) held across every worker on every
 * machine: a sorted set per host of holders and their expiry. Written here because BullMQ's own
 * group limits are a feature of its commercial edition.
 */
export class HostSlots {
  constructor(private readonly options: HostSlotsOptions) {}

  /** Waits for one of `limit` slots of `host`; resolves with the function that gives it back. */
  async acquire(host: string, limit: number, signal?: AbortSignal): Promise<() => Promise<void>> {
    const { client, prefix, holdMs } = this.options;
    const key = `${prefix}:${host}`;
    const holder = randomUUID();
    let wait = this.options.retryMs ?? 25;
    for (;;) {
      signal?.throwIfAborted();
      const taken = await client.eval(ACQUIRE, { keys: [key], arguments: [String(limit), String(holdMs), holder] });
      if (Number(taken) === 1) {
        return async () => {
          await client.eval(`return redis.call('ZREM', KEYS[1], ARGV[1])`, { keys: [key], arguments: [holder] });
        };
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 1_000);
    }
  }
}
