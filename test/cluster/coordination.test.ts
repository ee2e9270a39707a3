import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { FleetScheduler } from '../../src/cluster/fleet-scheduler.js';
import { HostSlots } from '../../src/cluster/host-slots.js';
import { Lease } from '../../src/cluster/lease.js';
import { outageLog } from '../../src/cluster/outage-log.js';
import { closeRedisClient, openRedisClient, type RedisClient } from '../../src/cluster/redis-client.js';
import { RefreshQueue, startRefreshWorker, type RefreshJob } from '../../src/cluster/refresh-queue.js';
import { parseRoles } from '../../src/cluster/roles.js';
import { runRefreshJob } from '../../src/cluster/run-refresh-job.js';
import { ClusterConfigSchema, type Config, type SourceConfig } from '../../src/config/schema.js';
import { ConfigError } from '../../src/errors/config-error.js';
import { lastDueTime } from '../../src/scheduler/last-due-time.js';
import { captureLog } from '../helpers/log-capture.js';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait-for.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The workers' jobs below poll nothing: each poll is only counted, by source key, after it says its
// document is in (and `afterFetched`, which a test may set, has run).
const polled = vi.hoisted(() => [] as string[]);
const hooks = vi.hoisted(() => ({ afterFetched: async () => {} }));
vi.mock('../../src/pipeline/refresh-source.js', () => ({
  refreshSource: vi.fn(async (source: { key: string }, _config: unknown, _deps: unknown, options?: { fetched?: () => Promise<void> }) => {
    await options?.fetched?.();
    await hooks.afterFetched();
    polled.push(source.key);
    return { status: 'unchanged' };
  }),
}));

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
    expect(lastDueTime('*/15 * * * *', new Date('2026-12-01T01:16:09.500Z'))?.toISOString()).toBe('2026-12-01T01:15:00.000Z');
    expect(lastDueTime('*/4 * * * * *', new Date('2026-12-01T01:00:08.000Z'))?.toISOString()).toBe('2026-12-01T01:00:08.000Z');
    expect(lastDueTime('*/4 * * * * *', new Date('2026-12-01T01:00:11.999Z'))?.toISOString()).toBe('2026-12-01T01:00:08.000Z');
  });

  it('reads a day of the month and a day of the week given together as node-cron does: a day must match both', () => {
    // Friday 4 December 2026, local time: Vixie cron would take the 4th (a day in 1–7); node-cron
    // fires on the first Monday only, which was 2 November.
    const now = new Date(2026, 11, 4, 12);
    expect(lastDueTime('0 9 1-7 * 1', now)).toEqual(new Date(2026, 10, 2, 9));
    expect(lastDueTime('0 0 12 13 * 5', now)).toEqual(new Date(2026, 10, 13, 12));
    // One day field alone reads as before.
    expect(lastDueTime('0 9 1-7 * *', now)).toEqual(new Date(2026, 11, 4, 9));
    expect(lastDueTime('0 9 * * 1', now)).toEqual(new Date(2026, 10, 30, 9));
  });

  it('finds a day both fields allow however far back it is: a Monday the 29th of February', () => {
    expect(lastDueTime('0 0 29 2 1', new Date(2026, 11, 4))).toEqual(new Date(2016, 1, 29));
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

  it('stops counting itself the holder on time when its wall clock is stepped back while Redis is unreachable', async () => {
    const log = captureLog();
    const cut = await openRedisClient(redis.uri, 'test-cut');
    const holder = new Lease({ client: cut, key: 'test:lease:clock', ttlMs: 1_000, logger: log.logger, holder: 'cut-off', onAcquired: () => {}, onLost: () => {} });
    await holder.start();
    await waitFor('the holder to hold it', () => holder.held);
    const realNow = Date.now.bind(Date);
    // NTP steps the clock back a minute (or a VM is restored) as the link to Redis breaks.
    const stepped = vi.spyOn(Date, 'now').mockImplementation(() => realNow() - 60_000);
    try {
      cut.destroy();
      const other = new Lease({ client: await client(), key: 'test:lease:clock', ttlMs: 1_000, logger: log.logger, holder: 'other', onAcquired: () => {}, onLost: () => {} });
      await other.start();
      await waitFor('the other to take it', () => other.held, 3_000);
      expect(holder.held).toBe(false);
      await other.stop();
    } finally {
      stepped.mockRestore();
    }
    await holder.stop();
  });

  it('queues a source that fell due while a renewal was slow to be answered, the lease never lost', async () => {
    const log = captureLog();
    const real = await client();
    // While set, the answers to renewals wait for it (the renewal itself reaches Redis at once).
    let answersHeld: Promise<void> | undefined;
    const slow = {
      set: (key: string, value: string, options: { NX?: boolean; PX?: number }) => real.set(key, value, options),
      eval: async (script: string, options: { keys: string[]; arguments: string[] }) => {
        const held = answersHeld;
        const answer = await real.eval(script, options);
        await held;
        return answer;
      },
    } as unknown as RedisClient;
    let lease!: Lease;
    const cluster = {
      lease: (name: string, events: { onAcquired: () => void; onLost: () => void }) =>
        (lease = new Lease({ client: slow, key: `test:lease:${name}`, ttlMs: 600, logger: log.logger, holder: 'slow', ...events })),
    } as unknown as Cluster;
    const queued: RefreshJob[] = [];
    const queue = { enqueue: async (job: RefreshJob) => void queued.push(job), setGlobalConcurrency: async () => {} } as unknown as RefreshQueue;
    const source = { key: 'a', url: 'http://feeds.example/a.xml', enabled: true } as SourceConfig;
    const config = { sources: [source], schedule: { default: '*/15 * * * *' }, fetch: { concurrency: 4 } } as unknown as Config;
    const scheduler = new FleetScheduler(
      cluster,
      queue,
      () => config,
      () => new Date(),
      log.logger,
    );
    await scheduler.start();
    expect(lease.held).toBe(true);
    queued.length = 0;
    let answer!: () => void;
    answersHeld = new Promise<void>((resolve) => (answer = resolve));
    await waitFor('the holder to stop counting itself the holder', () => !lease.held, 3_000);
    const dueAt = new Date('2026-01-01T00:15:00.000Z');
    scheduler.dispatch(source, dueAt);
    expect(queued).toEqual([]);
    answer();
    await waitFor('the due poll to be queued', () => queued.length > 0, 2_000);
    expect(queued).toEqual([{ sourceKey: 'a', dueAt: dueAt.toISOString() }]);
    expect(log.messages()).not.toContain('lease lost');
    await scheduler.stop();
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

describeWithRedis('the refresh queue and its workers on a real redis-server', () => {
  let redis: RedisServer;
  const source = { key: 'a', url: 'http://feeds.example/a.xml', enabled: true } as SourceConfig;
  const config = { sources: [source], fetch: { perHostConcurrency: 1, concurrency: 4 } } as unknown as Config;
  beforeAll(async () => {
    // Append-only, synced on every write: a restart loses nothing, as docs/fleet.md asks of Redis.
    redis = await RedisServer.start({ persist: true });
  });
  afterAll(async () => {
    await redis.stop();
  });
  beforeEach(async () => {
    await redis.flushAll();
    polled.length = 0;
  });

  /** A worker running runRefreshJob until `signal` aborts (as the daemon's at shutdown). */
  const startWorker = (cluster: Cluster, signal: AbortSignal, log = captureLog()) => {
    const pipeline = { logger: log.logger, store: { getState: async () => undefined } };
    const deps = { pipeline: pipeline as never, hostSlots: cluster.hostSlots, changes: cluster.changes, signal };
    return startRefreshWorker({ uri: redis.uri, prefix: 'jobs', concurrency: 2, logger: log.logger, process: async (job) => (await runRefreshJob(job, config, deps)).status });
  };
  const openCluster = (log = captureLog()) => Cluster.open({ uri: redis.uri, config: { leaseSeconds: 10, queue: 'jobs' }, roles: ['worker'], logger: log.logger, hostHoldMs: 60_000 });
  /** Another worker's fetch holds the host's only slot until it is given back. */
  const holdTheHost = () => redis.command('ZADD', 'jobs:host:feeds.example', String(Date.now() + 60_000), 'another-worker');
  const giveTheHostBack = () => redis.command('DEL', 'jobs:host:feeds.example');
  const jobRunning = () => waitFor('the job to be taken', async () => (await redis.command('LLEN', 'jobs:bull:refresh:active')) === ':1', 5_000);

  it('looks each due poll held back by a busy queue up a few times, not once per other source queued', async () => {
    const log = captureLog();
    const queue = await RefreshQueue.open(redis.uri, 'jobs', log.logger);
    const keys = Array.from({ length: 200 }, (_, i) => `s${i}`);
    // No worker runs: the jobs for the first due time wait, and hold back those for the next.
    await Promise.all(keys.map((sourceKey) => queue.enqueue({ sourceKey, dueAt: '2026-01-01T00:00:00.000Z' })));
    const bull = (queue as unknown as { queue: { getJob: (id: string) => Promise<unknown> } }).queue;
    const getJob = bull.getJob.bind(bull);
    let lookups = 0;
    bull.getJob = (id) => {
      lookups += 1;
      return getJob(id);
    };
    // Dispatched one by one, as the cron and a new holder's takeOver do.
    await Promise.all(keys.map((sourceKey) => queue.enqueue({ sourceKey, dueAt: '2026-01-01T00:15:00.000Z' })));
    await queue.close();
    expect(lookups).toBeLessThanOrEqual(3 * keys.length);
  });

  it("gives the host's slot back once the document is in, before its parse and commit", async () => {
    const cluster = await openCluster();
    const queue = await RefreshQueue.open(redis.uri, 'jobs', captureLog().logger);
    const abort = new AbortController();
    const worker = await startWorker(cluster, abort.signal);
    const slotsHeld: string[] = [];
    hooks.afterFetched = async () => {
      slotsHeld.push(String(await redis.command('ZCARD', 'jobs:host:feeds.example')));
    };
    try {
      await queue.enqueue({ sourceKey: 'a', dueAt: new Date().toISOString() });
      await waitFor('source a to be polled', () => polled.includes('a'), 5_000);
      expect(slotsHeld).toEqual([':0']);
    } finally {
      hooks.afterFetched = async () => {};
      abort.abort(new Error('shutting down'));
      await worker.close();
      await queue.close();
      await cluster.close();
    }
  });

  it('polls a job that was waiting for a per-host slot when Redis restarted', async () => {
    const cluster = await openCluster();
    const queue = await RefreshQueue.open(redis.uri, 'jobs', captureLog().logger);
    const abort = new AbortController();
    const worker = await startWorker(cluster, abort.signal);
    try {
      await holdTheHost();
      await queue.enqueue({ sourceKey: 'a', dueAt: new Date().toISOString() });
      await jobRunning();
      // Down long enough for the slot to be asked for while Redis is away.
      await redis.halt();
      await sleep(1_000);
      await redis.resume();
      await giveTheHostBack();
      await waitFor('source a to be polled', () => polled.includes('a'), 6_000);
    } finally {
      abort.abort(new Error('shutting down'));
      await worker.close();
      await queue.close();
      await cluster.close();
    }
  });

  it('puts a job its worker gave up waiting for a per-host slot, as it stopped, back in the queue', async () => {
    const log = captureLog();
    const cluster = await openCluster();
    const queue = await RefreshQueue.open(redis.uri, 'jobs', log.logger);
    const stopping = new AbortController();
    const first = await startWorker(cluster, stopping.signal, log);
    await holdTheHost();
    await queue.enqueue({ sourceKey: 'a', dueAt: new Date().toISOString() });
    await jobRunning();
    // The daemon's grace period is over: it aborts what its worker still runs.
    stopping.abort(new Error('shutting down'));
    await first.close();
    const next = new AbortController();
    const second = await startWorker(cluster, next.signal);
    try {
      await giveTheHostBack();
      await waitFor('source a to be polled by the other worker', () => polled.includes('a'), 5_000);
    } finally {
      next.abort(new Error('shutting down'));
      await second.close();
      await queue.close();
      await cluster.close();
    }
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
