#!/usr/bin/env node
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { baselinePoll, newsFloor } from './lib/contenders.mjs';
import { startFixture } from './lib/fixture.mjs';
import { envNumber, progress, saveResult } from './lib/report.mjs';
import { startDaemon } from './lib/soak-daemon.mjs';
import { createTicks, sleep, tickedDaemonConfig, waitQuiet, waitRound } from './lib/soak-rounds.mjs';
import { median, medianRatio } from './lib/stats.mjs';
import { createWorkspace } from './lib/workspace.mjs';

/*
 * daemon-cycles: `tributary run`'s own cycles, in process, measured from outside through its
 * /metrics and /proc, with nothing fake in the path (no process start-up in the figures but the
 * cold cycle's). One run: the daemon starts on an empty store and polls every source at once (the
 * cold cycle); in the quiet window before a tick every feed gains 2 items (the news cycle); the next
 * tick is an all-304 cycle (warm), and so is the one after it (steady: a warm cycle after a warm one;
 * the first warm cycle also pays, whenever V8 runs it, the collection of what the news cycle left). A cycle's CPU is the daemon's (all threads, read from /proc, which
 * costs the daemon nothing) from just before its tick (the spawn, for the cold cycle) to the quiet
 * point after it: not from the quiet point before it, which can be most of a period earlier and would
 * count the idle daemon's background work (timers, V8's concurrent collections) as the cycle's. Its
 * wall runs from its start (the spawn, or the tick) to the last poll and to the last output written
 * (`published`: the publish waits 1 s for more changes). The last poll is the time of the last
 * `polled` line the daemon logged, where every source of the cycle logged one (cold and news; a 304
 * logs nothing); the wall to the scrape of /metrics that first counted every poll (`seen`), which
 * the bench takes every 250 ms once the fixture has answered every source, is kept beside it.
 * Peak RSS is the process's high-water mark (VmHWM), reset before each cycle. The naive script
 * runs against the same fixture after the daemon stops, for the ratios; then the news floor
 * (baseline/news-floor.mjs: the news cycle's fetches and the build's own document work on every
 * core, nothing else), which no news cycle of the daemon can beat.
 * With BENCH_PROFILE_DIR the daemon runs under the inspector and each cycle's main-thread CPU profile
 * (from the quiet point before it to the one after) is written there as daemon-<cycle>-run<N>.cpuprofile
 * (bench/lib/summarize-profile.mjs reads them); the figures of such a run are not recorded.
 * With BENCH_KEEP_LOG the daemon's log of each run is kept there as daemon-run<N>.log.
 *   BENCH_RUNS=3 BENCH_FEEDS=1000 BENCH_PERIOD_S=60 BENCH_PARSE_THREADS=auto|N BENCH_STORIES=1|0 BENCH_PROFILE_DIR=dir BENCH_KEEP_LOG=dir
 */

const feeds = envNumber('BENCH_FEEDS', 1000);
const items = envNumber('BENCH_ITEMS', 40);
const runs = envNumber('BENCH_RUNS', 3);
const ticks = createTicks(envNumber('BENCH_PERIOD_S', 60));
const stories = process.env.BENCH_STORIES !== '0';
const parseThreads = process.env.BENCH_PARSE_THREADS === undefined || process.env.BENCH_PARSE_THREADS === 'auto' ? 'auto' : Number(process.env.BENCH_PARSE_THREADS);
const profileDir = process.env.BENCH_PROFILE_DIR;
const keepLogDir = process.env.BENCH_KEEP_LOG;
const ROUND_TIMEOUT_MS = 10 * 60_000;
const MB = 2 ** 20;
if (profileDir) await mkdir(profileDir, { recursive: true });
if (keepLogDir) await mkdir(keepLogDir, { recursive: true });

const fixture = await startFixture({ feeds, items });
const sources = Array.from({ length: feeds }, (_, i) => `feed-${i}`);
/** @typedef {'cold' | 'news' | 'warm' | 'steady'} Cycle */
/** @type {Record<Cycle, { wallS: number[], seenS: number[], publishedS: number[], cpuS: number[], peakRssMb: number[], scrapes: number[] }>} */
const series = { cold: newSeries(), news: newSeries(), warm: newSeries(), steady: newSeries() };
/** @type {number[]} */
const scrapeCpuS = [];
/** @type {number[]} */
const baselineWall = [];
/** @type {number[]} */
const floorWall = [];
/** @type {number[]} */
const floorCpu = [];
/** @type {number[]} */
const baselineCpu = [];
const raw = [];
try {
  for (let run = 1; run <= runs; run++) {
    await fixture.control('reset');
    await fixture.control('stats/reset');
    const ws = await createWorkspace({
      feeds,
      feedUrl: fixture.feedUrl,
      extra: tickedDaemonConfig(ticks, { fetch: { concurrency: 16, perHostConcurrency: 16, parseThreads }, stories: { enabled: stories } }),
    });
    // Started just past a tick: the cold cycle has the whole period before the next tick polls again.
    await sleep(ticks.nextTickAt(Date.now()) - Date.now() + 200);
    const spawnedAt = Date.now();
    const started = await startDaemon(ws, { inspect: profileDir !== undefined });
    const daemonLog = join(ws.dir, 'daemon.log');
    const profiled = async (/** @type {string} */ cycle, /** @type {() => Promise<any>} */ measure) => {
      if (!profileDir) return measure();
      const profiler = started.profiler();
      await profiler.start();
      const result = await measure();
      await profiler.stop(join(profileDir, `daemon-${cycle}-run${run}.cpuprofile`));
      return result;
    };
    // Every /metrics scrape costs the daemon CPU too: counted, to take out of each cycle's figure.
    const daemon = {
      ...started,
      scrapes: 0,
      metrics() {
        daemon.scrapes += 1;
        return started.metrics();
      },
    };
    try {
      const cold = await profiled('cold', () => measureCycle(daemon, { startedAt: spawnedAt, since: new Map(), sinceRequests: 0, cpuBefore: 0, expect: { status: 'changed' }, log: daemonLog }));
      record('cold', cold, run);
      let quiet = await waitQuiet({ daemon, fixture, ticks, minLeftMs: 1500, timeoutMs: ROUND_TIMEOUT_MS });
      await fixture.control('churn?fraction=1&items=2');
      const news = await profiled('news', async () =>
        measureCycle(daemon, { startedAt: ticks.nextTickAt(Date.now()), ...(await pointBeforeTick(daemon.pid, quiet)), expect: { status: 'changed' }, log: daemonLog }),
      );
      record('news', news, run);
      quiet = await waitQuiet({ daemon, fixture, ticks, minLeftMs: 1500, timeoutMs: ROUND_TIMEOUT_MS });
      const warm = await profiled('warm', async () =>
        measureCycle(daemon, { startedAt: ticks.nextTickAt(Date.now()), ...(await pointBeforeTick(daemon.pid, quiet)), expect: { status: 'not-modified' }, log: daemonLog }),
      );
      record('warm', warm, run);
      quiet = await waitQuiet({ daemon, fixture, ticks, minLeftMs: 1500, timeoutMs: ROUND_TIMEOUT_MS });
      const steady = await profiled('steady', async () =>
        measureCycle(daemon, { startedAt: ticks.nextTickAt(Date.now()), ...(await pointBeforeTick(daemon.pid, quiet)), expect: { status: 'not-modified' }, log: daemonLog }),
      );
      record('steady', steady, run);
      scrapeCpuS.push(await scrapeCost(daemon));
      progress(`daemon-cycles run ${run}/${runs}: one /metrics scrape costs the daemon ${(/** @type {number} */ (scrapeCpuS.at(-1)) * 1000).toFixed(0)} ms of CPU`);
    } finally {
      await daemon.stop();
    }
    const baseline = await baselinePoll(ws);
    baselineWall.push(baseline.wallS);
    baselineCpu.push(baseline.cpuS);
    progress(`daemon-cycles run ${run}/${runs}: baseline ${baseline.wallS.toFixed(2)} s wall, ${baseline.cpuS.toFixed(2)} s cpu`);
    const floor = await newsFloor(ws, fixture.info.url);
    floorWall.push(floor.wallS);
    floorCpu.push(floor.cpuS);
    progress(`daemon-cycles run ${run}/${runs}: news floor ${floor.wallS.toFixed(2)} s wall, ${floor.cpuS.toFixed(2)} s cpu`);
    raw.push({ run, baseline: { wallS: baseline.wallS, cpuS: baseline.cpuS, peakRssMb: baseline.peakRssMb }, newsFloor: floor });
    if (keepLogDir) await copyFile(join(ws.dir, 'daemon.log'), join(keepLogDir, `daemon-run${run}.log`));
    await ws.remove();
  }
} finally {
  await fixture.stop();
}

/**
 * Resets the high-water mark, waits for every source to be polled once more and the publish to
 * settle, and reads the cycle's figures at the quiet point after it.
 * @param {Awaited<ReturnType<typeof startDaemon>>} daemon
 * @param {{ startedAt: number, since: Map<string, number>, sinceRequests: number, cpuBefore: number, expect: { status: string }, log: string }} options
 */
async function measureCycle(daemon, { startedAt, since, sinceRequests, cpuBefore, expect, log }) {
  await resetPeak(daemon.pid);
  const scrapesBefore = daemon.scrapes;
  const round = await waitRound({ daemon, fixture, sources, since, sinceRequests, timeoutMs: ROUND_TIMEOUT_MS });
  const counts = round.polls.byStatus;
  const expected = sources.length;
  const got = [...round.polls.perSource].filter(([key, n]) => n > (since.get(key) ?? 0)).length;
  // The publish follows the last change by about a second; wait past it before reading CPU.
  await sleep(3000);
  const after = await waitQuiet({ daemon, fixture, ticks, minLeftMs: 0, timeoutMs: ROUND_TIMEOUT_MS });
  const lastPublish = Math.max(...after.samples.filter((s) => s.name === 'tributary_output_last_publish_timestamp_seconds').map((s) => s.value * 1000));
  const cpu = await processCpuS(daemon.pid);
  const statusCount = Object.entries(counts).find(([status]) => status === expect.status)?.[1] ?? 0;
  if (got !== expected) throw new Error(`${got} of ${expected} sources polled in the cycle`);
  const lastPolled = await lastPolledAt(log, startedAt, expected);
  return {
    wallS: ((lastPolled ?? round.doneAt) - startedAt) / 1000,
    seenS: (round.doneAt - startedAt) / 1000,
    lastPollLogged: lastPolled !== undefined,
    publishedS: Math.max(0, lastPublish - startedAt) / 1000,
    cpuS: cpu - cpuBefore,
    // Every scrape in the window counted all of its cost (CPU is read from /proc after the last).
    scrapes: daemon.scrapes - scrapesBefore,
    peakRssMb: await peakRssMb(daemon.pid),
    polls: counts,
    expectedStatusSeen: statusCount > 0,
  };
}

/**
 * When the daemon logged the last `polled` line of a cycle that began at `since` (epoch ms), if it
 * logged one for each of `sources` polls; undefined otherwise.
 * @param {string} file @param {number} since @param {number} sources
 */
async function lastPolledAt(file, since, sources) {
  let count = 0;
  let last = 0;
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (!line.includes('"polled"')) continue;
    const at = Date.parse(JSON.parse(line).time);
    if (at < since) continue;
    count += 1;
    last = Math.max(last, at);
  }
  return count === sources ? last : undefined;
}

/**
 * What one scrape of /metrics costs the daemon: ten in a row in a quiet moment, its CPU read from
 * /proc before and after (ten scrapes, and what the daemon did meanwhile: nothing).
 * @param {{ pid: number, metrics: () => Promise<unknown> }} daemon
 */
async function scrapeCost(daemon) {
  const before = await processCpuS(daemon.pid);
  for (let i = 0; i < 10; i++) await daemon.metrics();
  return ((await processCpuS(daemon.pid)) - before) / 10;
}

/**
 * The point a cycle is measured from: the polls and requests counted at the quiet point before it,
 * and the daemon's CPU read a moment before the tick that starts it.
 * @param {number} pid @param {Awaited<ReturnType<typeof waitQuiet>>} quiet
 */
async function pointBeforeTick(pid, quiet) {
  await sleep(Math.max(0, ticks.nextTickAt(Date.now()) - Date.now() - 300));
  return { since: quiet.polls.perSource, sinceRequests: quiet.requests, cpuBefore: await processCpuS(pid) };
}

/** The process's CPU time, every thread's, user and system (Linux /proc/<pid>/stat, in clock ticks of 1/100 s). @param {number} pid */
async function processCpuS(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Linux: writing 5 to clear_refs resets VmHWM to the current RSS. @param {number} pid */
async function resetPeak(pid) {
  await writeFile(`/proc/${pid}/clear_refs`, '5');
}

/** @param {number} pid */
async function peakRssMb(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return (kb * 1024) / MB;
}

/** @param {Cycle} name @param {Awaited<ReturnType<typeof measureCycle>>} m @param {number} run */
function record(name, m, run) {
  for (const key of /** @type {const} */ (['wallS', 'seenS', 'publishedS', 'cpuS', 'peakRssMb', 'scrapes'])) series[name][key].push(m[key]);
  raw.push({ run, cycle: name, ...m });
  progress(
    `daemon-cycles run ${run}/${runs}: ${name} polls ${m.wallS.toFixed(2)} s (seen ${m.seenS.toFixed(2)} s), published ${m.publishedS.toFixed(2)} s, cpu ${m.cpuS.toFixed(2)} s, peak ${m.peakRssMb.toFixed(0)} MB ${JSON.stringify(m.polls)}`,
  );
}

function newSeries() {
  return { wallS: [], seenS: [], publishedS: [], cpuS: [], peakRssMb: [], scrapes: [] };
}

const s = series;
/** A cycle's CPU less that of the bench's own /metrics scrapes in its window. @param {Cycle} name */
const netCpuS = (name) => s[name].cpuS.map((cpu, i) => cpu - (s[name].scrapes[i] ?? 0) * (scrapeCpuS[i] ?? 0));
/** The steady-state targets, per cycle: a row's target text and whether it holds. */
const TARGETS = {
  cold: { wall: (/** @type {number} */ r) => ({ target: '≤ 1.0×', met: r <= 1 }), peak: (/** @type {number} */ mb) => ({ target: '≤ 250 MB', met: mb <= 250 }) },
  news: { wall: (/** @type {number} */ r) => ({ target: '≤ 0.5×', met: r <= 0.5 }), peak: (/** @type {number} */ mb) => ({ target: '≤ 250 MB', met: mb <= 250 }) },
  warm: { cpu: (/** @type {number} */ r) => ({ target: '≤ 0.15×', met: r <= 0.15 }) },
  steady: { cpu: (/** @type {number} */ r) => ({ target: '≤ 0.15×', met: r <= 0.15 }) },
};
if (profileDir) {
  progress(`daemon-cycles: profiles in ${profileDir}; figures not recorded (the inspector is attached)`);
  process.exit(0);
}
await saveResult('daemon-cycles', {
  parameters: {
    describe: `tributary run's own cycles over ${feeds} feeds x ${items} items: cold (start-up poll on an empty store), news (every feed gains 2 items), warm (all 304), steady (all 304, after warm); polled at ticks of "${ticks.cron}"`,
    feeds,
    items,
    runs,
    periodS: ticks.periodS,
    parseThreads,
    stories,
  },
  rows: [
    .../** @type {Cycle[]} */ (['cold', 'news', 'warm', 'steady']).flatMap((name) => {
      const m = s[name];
      const wallRatio = medianRatio(m.wallS, baselineWall);
      const cpuRatio = medianRatio(m.cpuS, baselineCpu);
      const peak = median(m.peakRssMb);
      return [
        {
          metric: `${name} cycle wall, to the last poll`,
          unit: 's',
          tributary: median(m.wallS),
          baseline: median(baselineWall),
          ratio: wallRatio,
          ratioOf: 'tributary run / baseline',
          ...TARGETS[name]?.wall?.(wallRatio),
        },
        {
          metric: `${name} cycle wall, to the scrape that saw every poll`,
          unit: 's',
          tributary: median(m.seenS),
          baseline: median(baselineWall),
          ratio: medianRatio(m.seenS, baselineWall),
          ratioOf: 'tributary run / baseline',
        },
        { metric: `${name} cycle wall, to the outputs written`, unit: 's', tributary: median(m.publishedS) },
        {
          metric: `${name} cycle CPU (all threads)`,
          unit: 's',
          tributary: median(m.cpuS),
          baseline: median(baselineCpu),
          ratio: cpuRatio,
          ratioOf: 'tributary run / baseline',
          ...TARGETS[name]?.cpu?.(cpuRatio),
        },
        { metric: `${name} cycle peak RSS (threads included)`, unit: 'MB', tributary: peak, ...TARGETS[name]?.peak?.(peak) },
      ];
    }),
    .../** @type {Cycle[]} */ (['warm', 'steady']).map((name) => ({
      metric: `${name} cycle CPU less the bench's own /metrics scrapes`,
      unit: 's',
      tributary: median(netCpuS(name)),
      baseline: median(baselineCpu),
      ratio: medianRatio(netCpuS(name), baselineCpu),
      ratioOf: `tributary run / baseline (${median(s[name].scrapes)} scrapes of ${(median(scrapeCpuS) * 1000).toFixed(0)} ms taken out)`,
    })),
    {
      metric: 'news floor wall (the fetches and the document work on every core, nothing else)',
      unit: 's',
      tributary: median(floorWall),
      baseline: median(baselineWall),
      ratio: medianRatio(floorWall, baselineWall),
      ratioOf: 'news floor / baseline',
    },
    {
      metric: 'news floor CPU (every thread)',
      unit: 's',
      tributary: median(floorCpu),
      baseline: median(baselineCpu),
      ratio: medianRatio(floorCpu, baselineCpu),
      ratioOf: 'news floor / baseline',
    },
    {
      metric: 'news cycle wall vs the news floor',
      unit: '×',
      ratio: medianRatio(s.news.wallS, floorWall),
      ratioOf: 'tributary run / news floor',
    },
    {
      metric: 'news cycle CPU vs own cold CPU',
      unit: '×',
      ratio: medianRatio(s.news.cpuS, s.cold.cpuS),
      ratioOf: 'news / cold (tributary run)',
      target: '≤ 0.35×',
      met: medianRatio(s.news.cpuS, s.cold.cpuS) <= 0.35,
    },
  ],
  runs: raw,
});
