import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { HostSlots } from '../../src/cluster/host-slots.js';
import { Lease } from '../../src/cluster/lease.js';
import { outageLog } from '../../src/cluster/outage-log.js';
import { closeRedisClient, openRedisClient, type RedisClient } from '../../src/cluster/redis-client.js';
import { parseRoles } from '../../src/cluster/roles.js';
import { ClusterConfigSchema } from '../../src/config/schema.js';
import { ConfigError } from '../../src/errors/config-error.js';
import { lastDueTime } from '../../src/scheduler/last-due-time.js';
import { captureLog } from '../helpers/log-capture.js';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait-for.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('roles', () => {
  it('reads all as the single process, and lists of roles', () => {
    expect(parseRoles('all')).toBeUndefined();
    expect(parseRoles('worker')).toEqual(['worker']);
    expect(parseRoles('scheduler, publisher,scheduler')).toEqual(['scheduler', 'publisher']);
  });

  it('names an unknown role and what is allowed', () => {
    expect(() => parseRoles('scheduler,poller')).toThrow('--role: unknown role "poller"; use all, or one or more of scheduler, worker, publisher separated by commas');
    expect(() => parseRoles(' , ')).toThrow('--role: no role given');
  });

  it('refuses an unknown role as a usage error', () => {
    expect(() => parseRoles('poller')).toThrow(ConfigError);
    expect(() => parseRoles('poller')).toThrow(expect.objectContaining({ code: 'CONFIG_USAGE' }));
  });

  it('refuses a fleet role on an embedded store as a usage error, naming the store without its secrets', async () => {
    const opening = Cluster.open({
      uri: 'sqlite://ann:s3cret@/tmp/tributary.db',
      config: ClusterConfigSchema.parse({}),
      roles: ['worker'],
      logger: captureLog().logger,
      hostHoldMs: 1000,
    });
    const error = (await opening.catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('CONFIG_USAGE');
    expect(error.message).toContain('--role worker needs a redis:// store shared by every process');
    expect(error.message).not.toContain('s3cret');
  });
});

describe('lastDueTime', () => {
  it('is the latest firing at or before now, in whole seconds', () => {
    expect(lastDueTime('*/15 * * * *', new Date('2026-12-01T01:16:09.500Z')).toISOString()).toBe('2026-12-01T01:15:00.000Z');
    expect(lastDueTime('*/4 * * * * *', new Date('2026-12-01T01:00:08.000Z')).toISOString()).toBe('2026-12-01T01:00:08.000Z');
    expect(lastDueTime('*/4 * * * * *', new Date('2026-12-01T01:00:11.999Z')).toISOString()).toBe('2026-12-01T01:00:08.000Z');
  });
});

describeWithRedis('leases and host slots on a real redis-server', () => {
  let redis: RedisServer;
  const clients: RedisClient[] = [];
  const client = async () => {
    const opened = await openRedisClient(redis.uri, 'test');
    clients.push(opened);
    return opened;
  };
  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterAll(async () => {
    for (const opened of clients) await closeRedisClient(opened, captureLog().logger);
    await redis.stop();
  });

  it('gives a lease to one holder at a time, and to the other at once when the holder stops', async () => {
    const log = captureLog();
    const events: string[] = [];
    const lease = async (name: string) =>
      new Lease({
        client: await client(),
        key: 'test:lease:a',
        ttlMs: 1_500,
        logger: log.logger,
        holder: name,
        onAcquired: () => void events.push(`${name} acquired`),
        onLost: () => void events.push(`${name} lost`),
      });
    const first = await lease('first');
    const second = await lease('second');
    await first.start();
    await waitFor('the first to hold it', () => first.held);
    await second.start();
    // Several renewals later, still one holder.
    for (let i = 0; i < 8; i += 1) {
      await sleep(250);
      expect([first.held, second.held]).toEqual([true, false]);
    }
    const stoppedAt = Date.now();
    await first.stop();
    await waitFor('the second to take it', () => second.held, 3_000);
    // Released, not expired: within one attempt interval (a third of the lease), not the lease time.
    expect(Date.now() - stoppedAt).toBeLessThan(1_200);
    await second.stop();
    expect(events).toEqual(['first acquired', 'first lost', 'second acquired', 'second lost']);
  });

  it('stops counting itself the holder before its lease can have expired when Redis is unreachable, so two never act at once', async () => {
    const log = captureLog();
    const cut = await openRedisClient(redis.uri, 'test-cut');
    const holder = new Lease({ client: cut, key: 'test:lease:b', ttlMs: 1_500, logger: log.logger, holder: 'cut-off', onAcquired: () => {}, onLost: () => {} });
    await holder.start();
    await waitFor('the holder to hold it', () => holder.held);
    const other = new Lease({ client: await client(), key: 'test:lease:b', ttlMs: 1_500, logger: log.logger, holder: 'other', onAcquired: () => {}, onLost: () => {} });
    await other.start();
    // The holder's connection dies (as on a network split): its renewals fail from now on.
    cut.destroy();
    let both = 0;
    const deadline = Date.now() + 4_000;
    while (!other.held && Date.now() < deadline) {
      if (holder.held && other.held) both += 1;
      await sleep(10);
    }
    expect(other.held).toBe(true);
    expect(holder.held).toBe(false);
    expect(both).toBe(0);
    expect(log.lines().some((line) => line.msg === 'lease lost' && String(line.reason).startsWith('Redis unreachable'))).toBe(true);
    await other.stop();
    await holder.stop();
  });

  it('loses the lease when another holder has it by the next renewal', async () => {
    const log = captureLog();
    let lost = 0;
    const redisClient = await client();
    const lease = new Lease({
      client: redisClient,
      key: 'test:lease:c',
      ttlMs: 900,
      logger: log.logger,
      holder: 'mine',
      onAcquired: () => {},
      onLost: () => {
        lost += 1;
      },
    });
    await lease.start();
    await waitFor('holding it', () => lease.held);
    await redisClient.set('test:lease:c', 'someone else', { PX: 60_000 });
    await waitFor('the loss', () => lost === 1, 3_000);
    expect(lease.held).toBe(false);
    expect(await redisClient.get('test:lease:c')).toBe('someone else');
    await lease.stop();
    // Stopping does not release a lease held by someone else.
    expect(await redisClient.get('test:lease:c')).toBe('someone else');
  });

  it('says the lease expired, not that another took it, when it was gone at renewal', async () => {
    const log = captureLog();
    const redisClient = await client();
    const lease = new Lease({ client: redisClient, key: 'test:lease:d', ttlMs: 900, logger: log.logger, holder: 'mine', onAcquired: () => {}, onLost: () => {} });
    await lease.start();
    await waitFor('holding it', () => lease.held);
    // As when this process's event loop was blocked past the lease: the key expired meanwhile.
    await redis.command('DEL', 'test:lease:d');
    await waitFor('the loss', () => log.lines().some((line) => line.msg === 'lease lost'), 3_000);
    expect(String(log.lines().find((line) => line.msg === 'lease lost')!.reason)).toMatch(/^expired before it was renewed: this process did not run for \d+ ms$/);
    await lease.stop();
  });

  it('lets at most `limit` holders have a host at once, across clients, and frees the slot of a holder that never gave it back', async () => {
    const slotsA = new HostSlots({ client: await client(), prefix: 'test:host', holdMs: 800 });
    const slotsB = new HostSlots({ client: await client(), prefix: 'test:host', holdMs: 800 });
    const releaseOne = await slotsA.acquire('news.example', 2);
    await slotsB.acquire('news.example', 2); // never released: it expires after holdMs
    let third = false;
    const waiting = slotsB.acquire('news.example', 2).then((release) => {
      third = true;
      return release;
    });
    await sleep(300);
    expect(third).toBe(false);
    // Another host is not held up.
    await (await slotsA.acquire('other.example', 2))();
    await releaseOne();
    await waitFor('the third holder', () => third, 2_000);
    let fourth = false;
    const expiring = slotsA.acquire('news.example', 2).then(() => (fourth = true));
    await sleep(200);
    expect(fourth).toBe(false);
    await waitFor('the unreleased slot to expire', () => fourth, 3_000);
    await (await waiting)();
    await expiring;
  });

  it('warns at start when Redis runs without appendonly or with an evicting memory policy', async () => {
    const log = captureLog();
    await redis.command('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const cluster = await Cluster.open({ uri: redis.uri, config: { leaseSeconds: 10, queue: 'test' }, roles: ['worker'], logger: log.logger, hostHoldMs: 1_000 });
      await cluster.close();
    } finally {
      await redis.command('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    }
    const warnings = log
      .lines()
      .filter((line) => line.level === 40)
      .map((line) => line.msg);
    expect(warnings).toContain('Redis runs without appendonly: a restart of redis-server loses what was written since its last snapshot; set appendonly yes');
    expect(warnings.some((message) => message.includes('maxmemory-policy allkeys-lru') && message.includes('set maxmemory-policy noeviction'))).toBe(true);

    // And nothing when Redis is set up as docs/fleet.md says.
    const durable = await RedisServer.start({ persist: true });
    const quiet = captureLog();
    try {
      await (await Cluster.open({ uri: durable.uri, config: { leaseSeconds: 10, queue: 'test' }, roles: ['worker'], logger: quiet.logger, hostHoldMs: 1_000 })).close();
    } finally {
      await durable.stop();
    }
    expect(quiet.lines().filter((line) => line.level >= 40)).toEqual([]);
  });

  it('gives up waiting for a slot when aborted', async () => {
    const slots = new HostSlots({ client: await client(), prefix: 'test:abort', holdMs: 5_000 });
    await slots.acquire('busy.example', 1);
    const abort = new AbortController();
    const waiting = slots.acquire('busy.example', 1, abort.signal);
    setTimeout(() => abort.abort(new Error('shutting down')), 100);
    await expect(waiting).rejects.toThrow('shutting down');
  });
});

describe('outageLog', () => {
  it('warns at once, then at most once a period with the count held back, the rest at debug', () => {
    const log = captureLog();
    const warn = outageLog(log.logger, 'refresh worker: Redis error', 60_000);
    for (let i = 0; i < 25; i += 1) warn(new Error(`connect ECONNREFUSED (${i})`));
    const lines = log.lines();
    expect(lines.filter((line) => line.level === 40)).toHaveLength(1);
    expect(lines.filter((line) => line.level === 20)).toHaveLength(24);
  });

  it('says how many it held back when the period has passed', () => {
    const log = captureLog();
    const warn = outageLog(log.logger, 'refresh worker: Redis error', 0);
    warn(new Error('first'));
    warn(new Error('second'));
    expect(log.lines().filter((line) => line.level === 40)).toHaveLength(2);
    const held = outageLog(log.logger, 'held', 1_000);
    held(new Error('a'));
    held(new Error('b'));
    held(new Error('c'));
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        held(new Error('d'));
        const warned = log.lines().filter((line) => line.msg === 'held' && line.level === 40);
        expect(warned.map((line) => line.repeated)).toEqual([undefined, 2]);
        resolve();
      }, 1_100),
    );
  });
});
