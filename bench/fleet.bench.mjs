#!/usr/bin/env node
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { tributaryPoll } from './lib/contenders.mjs';
import { startFixture } from './lib/fixture.mjs';
import { childPidRunning, machineTicks, processCpuS, startRole } from './lib/fleet-process.mjs';
import { startRedis } from './lib/fleet-redis.mjs';
import { envNumber, progress, saveResult } from './lib/report.mjs';
import { median, medianRatio } from './lib/stats.mjs';
import { createWorkspace } from './lib/workspace.mjs';

/*
 * fleet: one scheduler and 1, 2 and 4 workers (`tributary run --role …`) on one
 * redis-server poll 10,000 fixture feeds once; beside them, in the same run, one `tributary poll`
 * (the single process) on the same feeds and the same Redis store.
 *   BENCH_FLEET_FEEDS=10000  BENCH_ITEMS=10  BENCH_FLEET_WORKERS=1,2,4  BENCH_FLEET_RUNS=2
 *   BENCH_FLEET_LOG_LEVEL=debug (info: polls counted from the 'polled' lines instead of 'job done')
 *   BENCH_FLEET_TIMEOUT_S=1200 (per fleet round)
 */

const feeds = envNumber('BENCH_FLEET_FEEDS', 10_000);
const items = envNumber('BENCH_ITEMS', 10);
const workerCounts = (process.env.BENCH_FLEET_WORKERS ?? '1,2,4').split(',').map(Number);
const runs = envNumber('BENCH_FLEET_RUNS', 2);
const logLevel = process.env.BENCH_FLEET_LOG_LEVEL ?? 'debug';
const timeoutMs = envNumber('BENCH_FLEET_TIMEOUT_S', 1200) * 1000;
/** The line counted as one finished poll: a worker's 'job done' (debug), else the pipeline's 'polled' (info). */
const jobMessage = logLevel === 'debug' ? 'job done' : 'polled';
const CONCURRENCY = 32;
/** A yearly schedule with no jitter: the scheduler queues exactly one round of every source when it takes the lease. */
const SCHEDULE = { default: '0 0 1 1 *', jitterSeconds: 0 };
/** The keyv namespace of the item store (src/store/open-item-store.ts) and the index's sorted set (src/store/redis-newest-index.ts). */
const ITEM_KEYS = 'tributary::item:*';
const INDEX_KEY = 'tributary:index:newest';
if (!workerCounts.includes(1)) throw new Error('BENCH_FLEET_WORKERS must include 1: the ratios are taken against one worker');

progress(`fleet: starting the fixture server (${feeds} feeds x ${items} items)`);
const fixture = await startFixture({ feeds, items });
const fixturePid = childPidRunning('fixture-server.mjs');
progress(`fleet: fixture ready (${Math.round(fixture.info.totalBytes / 1e6)} MB of XML, built in ${fixture.info.buildMs} ms)`);
const dir = await mkdtemp(join(tmpdir(), 'tributary-bench-fleet-'));
/** @type {import('./lib/fleet-redis.mjs').BenchRedis | undefined} */
let redis;
/** @type {import('./lib/fleet-process.mjs').RoleProcess[]} */
let running = [];
/** @type {any[]} */
const polls = [];
/** @type {Map<number, any[]>} */
const fleets = new Map(workerCounts.map((n) => [n, []]));
const fixtureCpuS = () => (fixturePid ? processCpuS(fixturePid) : Number.NaN);
try {
  redis = await startRedis({ dir });
  progress(`fleet: redis-server ${(await redis.info('server')).redis_version} on ${redis.uri} (appendonly yes, appendfsync everysec, maxmemory-policy noeviction, save '')`);
  const ws = await createWorkspace({
    feeds,
    feedUrl: fixture.feedUrl,
    extra: {
      fetch: { concurrency: CONCURRENCY, perHostConcurrency: CONCURRENCY },
      store: { uri: redis.uri },
      schedule: SCHEDULE,
      server: { enabled: false },
    },
  });
  try {
    for (let run = 1; run <= runs; run++) {
      polls.push(await singleProcess(ws, run));
      for (const n of workerCounts) /** @type {any[]} */ (fleets.get(n)).push(await fleetRound(ws, n, run));
    }
  } finally {
    await ws.remove();
  }
} finally {
  for (const p of running) p.kill();
  await redis?.stop().catch(() => redis?.kill());
  await fixture.stop();
  await rm(dir, { recursive: true, force: true });
}

/**
 * The single process: one `tributary poll` (GNU time) on the same feeds and Redis store.
 * @param {import('./lib/workspace.mjs').Workspace} ws @param {number} run
 */
async function singleProcess(ws, run) {
  const r = /** @type {import('./lib/fleet-redis.mjs').BenchRedis} */ (redis);
  await r.flush();
  await fixture.control('stats/reset');
  const redisCpu0 = r.cpuS();
  const fixtureCpu0 = fixtureCpuS();
  const ticks0 = machineTicks();
  const poll = await tributaryPoll(ws, `fleet-poll-${run}`);
  const ticks1 = machineTicks();
  const result = {
    wallS: poll.wallS,
    feedsPerS: feeds / poll.wallS,
    cpuS: poll.cpuS,
    peakRssMb: poll.peakRssMb,
    redisCpuS: r.cpuS() - redisCpu0,
    fixtureCpuS: fixtureCpuS() - fixtureCpu0,
    busyCores: busyCores(ticks0, ticks1),
    ...(await storeCheck(r)),
    outcome: poll.outcome,
  };
  if (poll.outcome.failed > 0 || poll.outcome.sources !== feeds) throw new Error(`single process: ${JSON.stringify(poll.outcome)}`);
  checkStored(result, `single process run ${run}`);
  progress(`fleet run ${run}: single process (tributary poll) ${show(result)}`);
  return result;
}

/**
 * One round of the fleet: FLUSHALL, N workers, then the scheduler; timed from the scheduler's
 * 'ready' until every source has been polled once; then everything is stopped with SIGTERM.
 * @param {import('./lib/workspace.mjs').Workspace} ws @param {number} n @param {number} run
 */
async function fleetRound(ws, n, run) {
  const r = /** @type {import('./lib/fleet-redis.mjs').BenchRedis} */ (redis);
  await r.flush();
  await fixture.control('stats/reset');
  const redisCpu0 = r.cpuS();
  const fixtureCpu0 = fixtureCpuS();
  /** @type {import('./lib/fleet-process.mjs').RoleProcess[]} */
  const workers = [];
  let total = 0;
  /** @type {(value?: unknown) => void} */
  let allDone = () => {};
  const done = new Promise((resolve) => (allDone = resolve));
  /** @type {{ at: number, ticks: ReturnType<typeof machineTicks> } | undefined} */
  let finished;
  const onJob = () => {
    total += 1;
    if (total === feeds) {
      finished = { at: performance.now(), ticks: machineTicks() };
      allDone();
    }
  };
  running = workers;
  const logs = join(ws.dir, `fleet-${n}w-${run}`);
  for (let i = 1; i <= n; i++) {
    workers.push(await startRole({ name: `worker-${i}`, role: 'worker', config: ws.config, out: ws.out, logFile: `${logs}-worker-${i}.log`, logLevel, onJob, jobMessage }));
  }
  const ticks0 = machineTicks();
  const scheduler = await startRole({ name: 'scheduler', role: 'scheduler', config: ws.config, out: ws.out, logFile: `${logs}-scheduler.log`, logLevel });
  running = [...workers, scheduler];
  const workersCpuAtReady = workers.map((w) => w.cpuS());
  const schedulerCpuAtReady = scheduler.cpuS();
  const timer = setTimeout(() => allDone(), timeoutMs);
  await done;
  clearTimeout(timer);
  if (!finished) throw new Error(`${n} workers: ${total} of ${feeds} polls after ${timeoutMs / 1000} s (logs in ${ws.dir})`);
  // A source polled twice would show up here as one more line; give stragglers two seconds.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const processes = [...workers, scheduler];
  const cpu = processes.map((p) => p.cpuS());
  const workerRss = workers.map((w) => w.peakRssMb());
  const schedulerRssMb = scheduler.peakRssMb();
  const redisCpuS = r.cpuS() - redisCpu0;
  const fixtureCpu = fixtureCpuS() - fixtureCpu0;
  const errors = processes.reduce((sum, p) => sum + p.errors(), 0);
  const exits = await Promise.all(processes.map((p) => p.stop()));
  running = [];
  const wallS = (finished.at - scheduler.readyAt) / 1000;
  const keys = new Set(workers.flatMap((w) => [...w.jobs.keys]));
  /** @type {Record<string, number>} */
  const statuses = {};
  for (const w of workers) for (const [status, count] of Object.entries(w.jobs.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  const result = {
    workers: n,
    wallS,
    feedsPerS: feeds / wallS,
    cpuS: cpu.reduce((sum, s) => sum + s, 0),
    workersCpuS: cpu.slice(0, n).reduce((sum, s) => sum + s, 0),
    schedulerCpuS: /** @type {number} */ (cpu[n]),
    cpuInWindowS: cpu.slice(0, n).reduce((sum, s, i) => sum + s - /** @type {number} */ (workersCpuAtReady[i]), 0) + /** @type {number} */ (cpu[n]) - schedulerCpuAtReady,
    jobsPerWorker: workers.map((w) => w.jobs.count),
    peakRssPerWorkerMb: Math.max(...workerRss),
    workerRssMb: workerRss,
    schedulerRssMb,
    redisCpuS,
    fixtureCpuS: fixtureCpu,
    busyCores: busyCores(ticks0, finished.ticks),
    jobsDone: workers.reduce((sum, w) => sum + w.jobs.count, 0),
    distinctSources: keys.size,
    statuses,
    errorLines: errors,
    exitCodes: exits.map((e) => e.code ?? e.signal),
    ...(await storeCheck(r)),
  };
  if (exits.some((e) => e.code !== 0)) throw new Error(`${n} workers: exit codes ${JSON.stringify(result.exitCodes)} (logs in ${ws.dir})`);
  if (result.jobsDone !== feeds || result.distinctSources !== feeds) throw new Error(`${n} workers: ${result.jobsDone} polls of ${result.distinctSources} distinct sources, expected ${feeds} each`);
  if (result.fixtureRequests !== feeds) throw new Error(`${n} workers: the fixture served ${result.fixtureRequests} requests for ${feeds} feeds`);
  checkStored(result, `${n} workers run ${run}`);
  progress(`fleet run ${run}: ${n} worker(s) ${show(result)}; jobs per worker ${result.jobsPerWorker.join('/')}, statuses ${JSON.stringify(statuses)}`);
  return result;
}

/** What the store holds after a round, and what the fixture served. @param {import('./lib/fleet-redis.mjs').BenchRedis} r */
async function storeCheck(r) {
  const stats = await fixture.control('stats', 'GET');
  return {
    storedItems: await r.countKeys(ITEM_KEYS),
    indexRows: Number(await r.client.zCard(INDEX_KEY)),
    redisUsedMemoryMb: await r.usedMemoryMb(),
    fixtureRequests: stats.requests,
  };
}

/** @param {{ storedItems: number }} result @param {string} label */
function checkStored(result, label) {
  if (result.storedItems !== feeds * items) throw new Error(`${label}: ${result.storedItems} items stored, expected ${feeds} x ${items} = ${feeds * items}`);
}

/** @param {ReturnType<typeof machineTicks>} a @param {ReturnType<typeof machineTicks>} b */
function busyCores(a, b) {
  return ((b.busy - a.busy) / (b.total - a.total)) * cpus().length;
}

/** @param {any} m */
function show(m) {
  return `wall ${m.wallS.toFixed(2)} s (${m.feedsPerS.toFixed(0)} feeds/s), cpu ${m.cpuS.toFixed(2)} s, redis cpu ${m.redisCpuS.toFixed(2)} s, fixture cpu ${m.fixtureCpuS.toFixed(2)} s, machine busy ${m.busyCores.toFixed(2)} cores, peak RSS ${(m.peakRssPerWorkerMb ?? m.peakRssMb).toFixed(0)} MB, redis used_memory ${m.redisUsedMemoryMb.toFixed(0)} MB, ${m.storedItems} items stored (index ${m.indexRows})`;
}

// ---- the table ----
const pick = (/** @type {any[]} */ list, /** @type {string} */ key) => list.map((m) => m[key]);
const one = /** @type {any[]} */ (fleets.get(1));
/** @type {import('./lib/report.mjs').Row[]} */
const rows = [
  { metric: 'single process (tributary poll, Redis store): wall', unit: 's', baseline: median(pick(polls, 'wallS')) },
  { metric: 'single process: throughput', unit: 'feeds/s', baseline: median(pick(polls, 'feedsPerS')) },
  { metric: 'single process: CPU user+sys', unit: 's', baseline: median(pick(polls, 'cpuS')) },
  { metric: 'single process: redis-server CPU', unit: 's', baseline: median(pick(polls, 'redisCpuS')) },
  { metric: 'single process: fixture server CPU', unit: 's', baseline: median(pick(polls, 'fixtureCpuS')) },
  { metric: 'single process: machine busy (of 2 cores)', unit: 'cores', baseline: median(pick(polls, 'busyCores')) },
  { metric: 'single process: peak RSS', unit: 'MB', baseline: median(pick(polls, 'peakRssMb')) },
  { metric: 'single process: Redis used_memory at the end', unit: 'MB', baseline: median(pick(polls, 'redisUsedMemoryMb')) },
];
for (const n of workerCounts) {
  const list = /** @type {any[]} */ (fleets.get(n));
  const label = `${n} worker${n === 1 ? '' : 's'}`;
  rows.push(
    {
      metric: `${label}: wall (scheduler ready → every source polled)`,
      unit: 's',
      tributary: median(pick(list, 'wallS')),
      baseline: median(pick(polls, 'wallS')),
      ratio: medianRatio(pick(list, 'wallS'), pick(polls, 'wallS')),
      ratioOf: 'fleet / single process',
    },
    {
      metric: `${label}: throughput`,
      unit: 'feeds/s',
      tributary: median(pick(list, 'feedsPerS')),
      ...(n === 1 ? {} : { ratio: medianRatio(pick(list, 'feedsPerS'), pick(one, 'feedsPerS')), ratioOf: `${label} / 1 worker` }),
    },
    ...(n === 1
      ? []
      : [
          {
            metric: `${label}: scaling efficiency`,
            unit: '×',
            ratio: medianRatio(
              pick(list, 'feedsPerS'),
              pick(one, 'feedsPerS').map((/** @type {number} */ t) => n * t),
            ),
            ratioOf: `throughput(${n}) / (${n} × throughput(1))`,
          },
        ]),
    {
      metric: `${label}: CPU user+sys, Tributary processes (workers + scheduler)`,
      unit: 's',
      tributary: median(pick(list, 'cpuS')),
      baseline: median(pick(polls, 'cpuS')),
      ratio: medianRatio(pick(list, 'cpuS'), pick(polls, 'cpuS')),
      ratioOf: 'fleet / single process',
    },
    { metric: `${label}: CPU of the scheduler alone`, unit: 's', tributary: median(pick(list, 'schedulerCpuS')) },
    {
      metric: `${label}: redis-server CPU`,
      unit: 's',
      tributary: median(pick(list, 'redisCpuS')),
      baseline: median(pick(polls, 'redisCpuS')),
      ratio: medianRatio(pick(list, 'redisCpuS'), pick(polls, 'redisCpuS')),
      ratioOf: 'fleet / single process',
    },
    { metric: `${label}: fixture server CPU`, unit: 's', tributary: median(pick(list, 'fixtureCpuS')) },
    { metric: `${label}: machine busy (of 2 cores)`, unit: 'cores', tributary: median(pick(list, 'busyCores')) },
    { metric: `${label}: peak RSS per worker (largest)`, unit: 'MB', tributary: median(pick(list, 'peakRssPerWorkerMb')), baseline: median(pick(polls, 'peakRssMb')) },
    { metric: `${label}: Redis used_memory at the end`, unit: 'MB', tributary: median(pick(list, 'redisUsedMemoryMb')) },
  );
}
for (const n of workerCounts.filter((count) => count !== 1)) {
  const list = /** @type {any[]} */ (fleets.get(n));
  const speedup = medianRatio(pick(list, 'feedsPerS'), pick(one, 'feedsPerS'));
  const efficiency = medianRatio(
    pick(list, 'feedsPerS'),
    pick(one, 'feedsPerS').map((/** @type {number} */ t) => n * t),
  );
  rows.push({
    metric: `throughput with ${n} workers vs 1 worker (scaling efficiency ${efficiency.toFixed(2)})`,
    unit: 'feeds/s',
    tributary: median(pick(list, 'feedsPerS')),
    ratio: speedup,
    ratioOf: `${n} workers / 1 worker at ${median(pick(one, 'feedsPerS')).toFixed(0)} feeds/s; 2 cores`,
    target: 'stated, no target',
  });
}

const all = [...polls, ...[...fleets.values()].flat()];
const share = (/** @type {any[]} */ list) => {
  const t = median(pick(list, 'cpuS'));
  const r = median(pick(list, 'redisCpuS'));
  const f = median(pick(list, 'fixtureCpuS'));
  return `Tributary ${t.toFixed(1)} s, redis-server ${r.toFixed(1)} s, fixture ${f.toFixed(1)} s (Tributary ${((100 * t) / (t + r + f)).toFixed(0)} %)`;
};
const notes = [
  `This machine has ${cpus().length} cores, shared by the workers, the scheduler, the fixture server and redis-server (and whatever else runs on it): the fleet cannot go more than about 2× one worker here, whatever the design; more workers only add processes competing for the same two cores. With one worker already using about one core, N workers can reach at most about 2/N efficiency here (2 workers ≤ ~1.0, 4 workers ≤ ~0.5), and less when the one worker's round already keeps more than one core busy (with redis-server and the fixture).`,
  `Where the CPU went (medians, per round): single process ${share(polls)}; ${workerCounts.map((n) => `${n} worker(s) ${share(/** @type {any[]} */ (fleets.get(n)))}`).join('; ')}. Machine busy during the measured window: ${workerCounts.map((n) => `${n} worker(s) ${median(pick(/** @type {any[]} */ (fleets.get(n)), 'busyCores')).toFixed(2)}`).join(', ')} of 2 cores.`,
  `Correctness, checked in every round: ${feeds} 'job done' lines from ${feeds} distinct sources (none polled twice, none after the last for 2 s), the fixture served exactly ${feeds} requests, and Redis holds ${feeds} × ${items} = ${feeds * items} item keys (\`${ITEM_KEYS}\`, counted with KEYS after the round); every process exited 0 on SIGTERM. ZCARD of \`${INDEX_KEY}\` is the newest-items index, capped at 5,000 rows as on SQLite: ${median(pick(all, 'indexRows'))}.`,
  `CPU of a Tributary process is utime+stime from /proc/<pid>/stat over its whole life (Node start-up included, as \`tributary poll\`'s GNU time figure includes it), read just before SIGTERM; redis-server's and the fixture server's are the difference over the round (redis-server's AOF-rewrite children included). Worker log level: ${logLevel}.`,
];
await saveResult('fleet', {
  parameters: {
    describe: `one scheduler and N workers (\`tributary run --role worker|scheduler\`) on one redis-server poll ${feeds} fixture feeds × ${items} items once (a yearly schedule, so the scheduler queues one round of every source when it takes the lease); fetch.concurrency and perHostConcurrency ${CONCURRENCY} (one fixture host stands for many); beside it, one \`tributary poll\` on the same feeds and Redis store`,
    feeds,
    items,
    workers: workerCounts,
    runs,
    concurrency: CONCURRENCY,
    logLevel,
    redis: 'redis-server (Debian) --appendonly yes --appendfsync everysec --maxmemory-policy noeviction --save ""',
    xmlMB: Math.round(fixture.info.totalBytes / 1e6),
  },
  columns: ['fleet', 'single process (tributary poll)', ''],
  rows,
  runs: [{ single: polls }, ...workerCounts.map((n) => ({ workers: n, rounds: fleets.get(n) }))],
  notes,
});
