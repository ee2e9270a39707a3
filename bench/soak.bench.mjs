#!/usr/bin/env node
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFixture } from './lib/fixture.mjs';
import { envNumber, progress, saveResult } from './lib/report.mjs';
import { startDaemon } from './lib/soak-daemon.mjs';
import { memoryOf, storeOf } from './lib/soak-metrics.mjs';
import { createTicks, sleep, tickedDaemonConfig, waitQuiet, waitRound } from './lib/soak-rounds.mjs';
import { trendOf } from './lib/soak-trend.mjs';
import { median } from './lib/stats.mjs';
import { createWorkspace } from './lib/workspace.mjs';

/*
 * soak: `tributary run` for many cycles against SOAK_FEEDS fixture feeds with churn, memory read
 * once per cycle; does memory trend upward? One cycle: in the daemon's quiet window, a share of the
 * feeds gains new items (fixture churn); at the next tick the daemon polls every source; once it
 * has and the publish has settled, memory is read SOAK_SAMPLES times in the quiet window (the
 * minimum is kept), then after a full GC forced through the inspector (SOAK_GC=1). See README.md.
 *   SOAK_CYCLES=40 SOAK_FEEDS=1000 SOAK_CHURN=0.1 SOAK_CHURN_ITEMS=5 SOAK_PERIOD_S=30
 *   SOAK_SAMPLES=5 SOAK_GC=1 SOAK_WARMUP=5 SOAK_HEAP_SNAPSHOTS=10,40 (cycles; bench/profiles/)
 */

const cycles = envNumber('SOAK_CYCLES', 40);
const feeds = envNumber('SOAK_FEEDS', 1000);
const items = envNumber('BENCH_ITEMS', 40);
const churn = envNumber('SOAK_CHURN', 0.1);
const churnItems = envNumber('SOAK_CHURN_ITEMS', 5);
const samplesPerCycle = envNumber('SOAK_SAMPLES', 5);
const warmupCycles = envNumber('SOAK_WARMUP', 5);
const forceGc = process.env.SOAK_GC !== '0';
const snapshotCycles = (process.env.SOAK_HEAP_SNAPSHOTS ?? '').split(',').filter(Boolean).map(Number);
const ticks = createTicks(envNumber('SOAK_PERIOD_S', 30));
/** The criterion, per series (README.md says why these numbers). */
const criterion = { maxSlopePerCycle: 0.25, maxQuarterRatio: 1.1, warmupCycles };
/** The daemon publishes 1 s after a change (publishDelayMs); the publish itself takes well under a second. */
const SETTLE_MS = 3000;
const ROUND_TIMEOUT_MS = 20 * 60_000;
const QUIET_TIMEOUT_MS = 10 * 60_000;
const MB = 2 ** 20;

const fixture = await startFixture({ feeds, items });
const ws = await createWorkspace({
  feeds,
  feedUrl: fixture.feedUrl,
  extra: tickedDaemonConfig(ticks),
});
const sources = Array.from({ length: feeds }, (_, i) => `feed-${i}`);
const expectedChanged = Math.round(churn * feeds);
/** @type {string[]} */
const notes = [];
/** @type {Array<Record<string, any>>} */
const rows = [];
let daemon;
try {
  await fixture.control('stats/reset');
  daemon = await startDaemon(ws, { inspect: forceGc || snapshotCycles.length > 0 });
  progress(`soak: daemon ${daemon.pid} at ${daemon.url}, ${feeds} feeds x ${items} items, polled at every tick of "${ticks.cron}"; ${cycles} cycles`);
  const started = Date.now();

  // Cycle 0: the daemon's start-up poll of every source (a cold cycle: an empty store).
  const cold = await waitRound({ daemon, fixture, sources, since: new Map(), sinceRequests: 0, timeoutMs: ROUND_TIMEOUT_MS });
  rows.push({ cycle: 0, roundS: (cold.doneAt - started) / 1000, ...pollCounts(cold.polls.byStatus, {}), ...(await quietPoint(0)) });
  report(/** @type {Record<string, any>} */ (rows.at(-1)));

  for (let cycle = 1; cycle <= cycles; cycle++) {
    const before = await waitQuiet({ daemon, fixture, ticks, minLeftMs: 1500, timeoutMs: QUIET_TIMEOUT_MS });
    const churnAt = Date.now();
    await fixture.control(`churn?fraction=${churn}&items=${churnItems}`);
    const tickAt = ticks.nextTickAt(churnAt);
    const round = await waitRound({ daemon, fixture, sources, since: before.polls.perSource, sinceRequests: before.requests, timeoutMs: ROUND_TIMEOUT_MS });
    const counts = pollCounts(round.polls.byStatus, before.polls.byStatus);
    const added = storeOf(round.samples).added - storeOf(before.samples).added;
    if (counts.changed !== expectedChanged || added !== expectedChanged * churnItems) {
      notes.push(`cycle ${cycle}: ${counts.changed} sources changed and ${added} items added (expected ${expectedChanged} and ${expectedChanged * churnItems})`);
    }
    const previous = rows.at(-1)?.churnAt;
    rows.push({
      cycle,
      churnAt,
      cycleS: previous ? (churnAt - previous) / 1000 : undefined,
      roundS: (round.doneAt - tickAt) / 1000,
      ...counts,
      added,
      ...(await quietPoint(cycle)),
    });
    report(/** @type {Record<string, any>} */ (rows.at(-1)));
  }

  const basis = forceGc ? 'after a forced GC' : 'quiet-window minimum';
  const pick = forceGc ? { rss: 'rssAfterGcMb', heap: 'heapUsedAfterGcMb' } : { rss: 'rssMb', heap: 'heapUsedMb' };
  const verdict = {
    basis,
    criterion,
    rss: trendOf(rows, (row) => row[pick.rss], criterion),
    heapUsed: trendOf(rows, (row) => row[pick.heap], criterion),
    rssQuietMin: trendOf(rows, (row) => row.rssMb, criterion),
    heapUsedQuietMin: trendOf(rows, (row) => row.heapUsedMb, criterion),
  };
  const last = /** @type {Record<string, any>} */ (rows.at(-1));
  const firstCycle = /** @type {Record<string, any>} */ (rows.find((row) => row.cycle === 1) ?? last);
  const targetText = `slope < ${criterion.maxSlopePerCycle} MB/cycle (${criterion.maxSlopePerCycle * 100} MB/100) after ${warmupCycles} warm-up cycles, and last-quarter mean ≤ ${criterion.maxQuarterRatio}× second-quarter mean`;
  const trendRow = (/** @type {string} */ metric, /** @type {import('./lib/soak-trend.mjs').Trend} */ t, /** @type {boolean} */ isTarget) => ({
    metric,
    unit: 'MB/100 cycles',
    tributary: t.slopePer100,
    ratio: t.quarterRatio,
    ratioOf: `mean of cycles ${t.lastQuarter.join('–')} / mean of ${t.secondQuarter.join('–')}`,
    ...(isTarget ? { target: targetText, met: t.met } : {}),
  });
  await saveResult('soak', {
    parameters: {
      describe: `tributary run for ${cycles} cycles against ${feeds} feeds; each cycle ${Math.round(churn * 100)} % of the feeds gain ${churnItems} items, the daemon polls every source at its next tick ("${ticks.cron}", no jitter), then memory is read in the quiet window before the following tick (${basis} for the verdict)`,
      cycles,
      feeds,
      items,
      churn,
      churnItems,
      periodS: ticks.periodS,
      samplesPerCycle,
      forceGc,
      warmupCycles,
      durationMin: Math.round((Date.now() - started) / 60_000),
    },
    rows: [
      trendRow(`memory trend: RSS (${basis})`, verdict.rss, true),
      trendRow(`memory trend: heap used (${basis})`, verdict.heapUsed, true),
      ...(forceGc
        ? [trendRow('RSS, quiet-window minimum (no forced GC)', verdict.rssQuietMin, false), trendRow('heap used, quiet-window minimum (no forced GC)', verdict.heapUsedQuietMin, false)]
        : []),
      {
        metric: `RSS (${basis}), cycle 1 → cycle ${last.cycle}`,
        unit: 'MB',
        tributary: last[pick.rss],
        baseline: firstCycle[pick.rss],
        ratio: last[pick.rss] / firstCycle[pick.rss],
        ratioOf: `cycle ${last.cycle} / cycle 1`,
      },
      {
        metric: `heap used (${basis}), cycle 1 → cycle ${last.cycle}`,
        unit: 'MB',
        tributary: last[pick.heap],
        baseline: firstCycle[pick.heap],
        ratio: last[pick.heap] / firstCycle[pick.heap],
        ratioOf: `cycle ${last.cycle} / cycle 1`,
      },
      {
        metric: `items stored, cycle 1 → cycle ${last.cycle}`,
        unit: 'items',
        tributary: last.itemsStored,
        baseline: firstCycle.itemsStored,
        ratio: last.itemsStored / firstCycle.itemsStored,
        ratioOf: `cycle ${last.cycle} / cycle 1`,
      },
      {
        metric: `store file (SQLite + WAL), cycle 1 → cycle ${last.cycle}`,
        unit: 'MB',
        tributary: last.storeFileMb,
        baseline: firstCycle.storeFileMb,
        ratio: last.storeFileMb / firstCycle.storeFileMb,
        ratioOf: `cycle ${last.cycle} / cycle 1`,
      },
      { metric: 'poll round (tick → every source polled), median over cycles', unit: 's', tributary: median(rows.filter((row) => row.cycle > 0).map((row) => row.roundS)) },
      { metric: 'cold start-up round (cycle 0)', unit: 's', tributary: rows[0]?.roundS },
    ],
    runs: [{ cycles: rows }],
    verdict,
    notes,
  });
  if (!verdict.rss.met || !verdict.heapUsed.met) process.exitCode = 1;
} finally {
  const code = await daemon?.stop();
  if (daemon && code !== 0) process.stderr.write(`the daemon exited with ${code} (log in ${ws.dir}; kept)\n`);
  await fixture.stop();
  if (!daemon || code === 0) await ws.remove();
}

/**
 * The quiet point after a round: the publish settles, then memory is read `samplesPerCycle` times
 * in quiet moments a second apart (the minimum of each figure kept), then, with SOAK_GC, once more
 * right after a forced full collection. Also the store's size.
 * @param {number} cycle
 */
async function quietPoint(cycle) {
  await sleep(SETTLE_MS);
  const firstTick = ticks.lastTickAt(Date.now());
  const memories = [];
  let scrape;
  while (memories.length < samplesPerCycle) {
    scrape = await waitQuiet({ daemon, fixture, ticks, minLeftMs: 1200, timeoutMs: QUIET_TIMEOUT_MS });
    memories.push(memoryOf(scrape.samples));
    await sleep(1000);
  }
  /** @type {Record<string, number>} */
  const quietMin = {};
  for (const key of /** @type {const} */ (['rssMb', 'heapUsedMb', 'heapTotalMb', 'externalMb'])) quietMin[key] = Math.min(...memories.map((m) => m[key]));
  const store = storeOf(/** @type {NonNullable<typeof scrape>} */ (scrape).samples);
  let afterGc = {};
  if (forceGc || snapshotCycles.includes(cycle)) {
    await waitQuiet({ daemon, fixture, ticks, minLeftMs: 2500, timeoutMs: QUIET_TIMEOUT_MS });
    await daemon.collectGarbage();
    const m = memoryOf(await daemon.metrics());
    const maps = await daemon.memoryMaps();
    afterGc = {
      rssAfterGcMb: m.rssMb,
      heapUsedAfterGcMb: m.heapUsedMb,
      heapTotalAfterGcMb: m.heapTotalMb,
      externalAfterGcMb: m.externalMb,
      ...(maps ? { brkAfterGcMb: maps.brkMb, anonAfterGcMb: maps.anonMb, fileAfterGcMb: maps.fileMb } : {}),
    };
  }
  if (snapshotCycles.includes(cycle)) {
    const dir = fileURLToPath(new URL('./profiles/', import.meta.url));
    await mkdir(dir, { recursive: true });
    const file = join(dir, `soak-cycle-${cycle}.heapsnapshot`);
    await daemon.writeHeapSnapshot(file);
    progress(`soak: heap snapshot ${file}`);
  }
  return {
    ...quietMin,
    ...afterGc,
    samples: memories.length,
    // Ticks that passed while memory was being read (their rounds were all 304s).
    extraTicks: Math.round((ticks.lastTickAt(Date.now()) - firstTick) / (ticks.periodS * 1000)),
    itemsStored: store.added,
    indexed: store.indexed,
    storeFileMb: await storeFileMb(),
  };
}

/** @param {Record<string, number>} now @param {Record<string, number>} before */
function pollCounts(now, before) {
  const diff = (/** @type {string} */ status) => (now[status] ?? 0) - (before[status] ?? 0);
  const counts = { changed: diff('changed'), notModified: diff('not-modified'), unchanged: diff('unchanged'), failed: diff('failed'), skipped: diff('skipped') };
  return { ...counts, polls: Object.values(counts).reduce((sum, n) => sum + n, 0) };
}

async function storeFileMb() {
  const file = ws.storeUri.replace(/^sqlite:\/\//, '');
  let bytes = 0;
  for (const suffix of ['', '-wal'])
    bytes += await stat(`${file}${suffix}`).then(
      (s) => s.size,
      () => 0,
    );
  return bytes / MB;
}

/** @param {Record<string, any>} row */
function report(row) {
  const f = (/** @type {number | undefined} */ n) => (n === undefined ? '-' : n.toFixed(1));
  const gc = row.rssAfterGcMb === undefined ? '' : `; after GC RSS ${f(row.rssAfterGcMb)} heap ${f(row.heapUsedAfterGcMb)}`;
  progress(
    `soak cycle ${row.cycle}/${cycles}: round ${f(row.roundS)} s, ${row.polls} polls (${row.changed} changed), ${row.itemsStored} items stored; RSS ${f(row.rssMb)} MB heap ${f(row.heapUsedMb)} MB (quiet min)${gc}`,
  );
}
