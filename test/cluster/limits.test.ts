import { afterEach, expect, it } from 'vitest';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';
import { createWorkspace, testConfig } from '../helpers/temp-workspace.js';
import { jobsDone, startRole, waitFor, type FleetProcess } from './fleet.js';

interface InFlight {
  now: number;
  max: number;
  perHost: Map<string, number>;
  /** Answers wait for this, then for the host's delay. */
  gate: Promise<void>;
}

/**
 * A host whose feeds answer slowly, counting how many of its requests are in flight at once: from
 * when it arrives until it is answered, or its client gives up on it.
 */
async function slowHost(name: string, feeds: number, delayMs: number, inFlight: InFlight) {
  const server = await FeedServer.start();
  let here = 0;
  for (let n = 1; n <= feeds; n += 1) {
    server.route(`/${name}-${n}.xml`, async (_req, res) => {
      here += 1;
      inFlight.now += 1;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      inFlight.perHost.set(name, Math.max(inFlight.perHost.get(name) ?? 0, here));
      let over = false;
      const done = () => {
        if (over) return;
        over = true;
        here -= 1;
        inFlight.now -= 1;
      };
      res.once('close', done);
      await inFlight.gate;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      done();
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(`${name} ${n}`, [{ guid: `${name}-${n}-1`, title: `${name} ${n} story`, date: '2026-11-01T00:00:00Z' }]));
    });
  }
  return { server, sources: Array.from({ length: feeds }, (_, i) => ({ key: `${name}-${i + 1}`, url: server.url(`/${name}-${i + 1}.xml`) })) };
}

describeWithRedis('the fetching limits of a fleet', () => {
  const processes: FleetProcess[] = [];
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((process) => process.stop('SIGKILL')));
    for (const close of closers.splice(0)) await close();
  });

  it('holds fetch.concurrency and fetch.perHostConcurrency across every worker, not per worker', async () => {
    const redis = await RedisServer.start();
    closers.push(() => redis.stop());
    let open = () => {};
    const inFlight: InFlight = { now: 0, max: 0, perHost: new Map(), gate: new Promise((resolve) => (open = resolve)) };
    closers.push(async () => open());
    const hosts = await Promise.all(['alpha', 'beta', 'gamma'].map((name) => slowHost(name, 6, 400, inFlight)));
    for (const host of hosts) closers.push(() => host.server.close());
    // Interleaved, so that the first three jobs are one per host and none waits for a host slot.
    const sources = hosts[0]!.sources.flatMap((_, n) => hosts.map((host) => host.sources[n]!));
    const work = await createWorkspace();
    await work.writeConfig(
      testConfig(sources, {
        store: { uri: redis.uri },
        // Due once a year: the one round under test is the new scheduler's catch-up of every source.
        schedule: { default: '0 0 1 1 *', jitterSeconds: 0 },
        // Fetches held at the gate must not time out: a timed-out job frees its slot for another.
        fetch: { timeoutMs: 60_000, connectTimeoutMs: 2000, concurrency: 3, perHostConcurrency: 2 },
      }),
    );
    // One worker takes the fleet's three slots, and its fetches are held unanswered.
    processes.push(await startRole('worker-1', 'worker', work));
    processes.push(await startRole('scheduler', 'scheduler', work));
    await waitFor('three fetches in flight', () => inFlight.now === 3, 30_000);
    // Two more workers, each allowed three fetches of its own, while fifteen jobs wait: they start none.
    for (const n of [2, 3]) processes.push(await startRole(`worker-${n}`, 'worker', work));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(inFlight.now).toBe(3);
    const workers = processes.filter((process) => process.role === 'worker');
    expect(jobsDone(workers)).toEqual([]);

    open();
    await waitFor('every source polled', () => jobsDone(workers).length === 18, 30_000);
    expect(inFlight.max).toBe(3);
    expect([...inFlight.perHost.values()].every((max) => max <= 2)).toBe(true);
  }, 90_000);
});
