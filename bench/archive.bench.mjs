#!/usr/bin/env node
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { distPath, tributaryPoll } from './lib/contenders.mjs';
import { startFixture } from './lib/fixture.mjs';
import { envNumber, progress, saveResult } from './lib/report.mjs';
import { median, medianRatio } from './lib/stats.mjs';
import { createStoredItems } from './lib/stored-items.mjs';
import { createWorkspace, emptyStore } from './lib/workspace.mjs';

/*
 * archive: what the Markdown archive costs. Two parts.
 *
 * End to end, the built CLI against the fixture server (BENCH_FEEDS × BENCH_ITEMS, 1,000 × 40:
 * 40,000 items), two workspaces side by side, one without an archive and one with: per run, each
 * one's cold `tributary poll` (empty store, empty archive: every item archived), then each one's
 * unchanged poll (every feed answers 304). What the archive adds is the difference between the
 * two, and the ratio (with / without) per run.
 *
 * In process (dist/src/archive, dist/src/store): a SQLite store filled with the same 40,000 items
 * (commits of 40), then the archiver alone: a cold run into an empty folder (BENCH_RUNS times);
 * a run with nothing new by a fresh Archiver, as each `tributary poll` has (BENCH_ARCHIVE_REPS
 * times, median); and a run after BENCH_ARCHIVE_CHURN items were updated (the cost grows with
 * what changed, plus the rewrite of the index), and one after a single item was updated.
 *   BENCH_FEEDS=1000  BENCH_ITEMS=40  BENCH_RUNS=3  BENCH_ARCHIVE_REPS=15  BENCH_ARCHIVE_CHURN=400
 */

const feeds = envNumber('BENCH_FEEDS', 1000);
const items = envNumber('BENCH_ITEMS', 40);
const runs = envNumber('BENCH_RUNS', 3);
const reps = envNumber('BENCH_ARCHIVE_REPS', 15);
const churn = envNumber('BENCH_ARCHIVE_CHURN', 400);
const total = feeds * items;
const dist = distPath();
const load = (path) => import(pathToFileURL(join(dist, ...path.split('/'))).href);
const { openItemStore } = await load('store/open-item-store.js');
const { initialFetchState } = await load('model/fetch-state.js');
const { Archiver } = await load('archive/archiver.js');
const { archiveSettingsOf } = await load('archive/archive-settings.js');
const { parseConfig } = await load('config/load-config.js');

/** @param {string} dir */
async function folderSize(dir) {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.md')) continue;
    files += 1;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, mb: bytes / 1e6 };
}

/** @param {string} stdout */
function archiveSummary(stdout) {
  const match = /; archive: (\d+) items, (\d+) files written, (\d+) deleted/.exec(stdout);
  if (!match) throw new Error(`no archive summary in: ${stdout.slice(0, 400)}`);
  return { items: Number(match[1]), written: Number(match[2]), deleted: Number(match[3]) };
}

// ---- End to end: tributary poll with and without the archive ----
progress(`archive: starting the fixture server (${feeds} feeds x ${items} items)`);
const fixture = await startFixture({ feeds, items, gzip: false });
const off = await createWorkspace({ feeds, feedUrl: fixture.feedUrl });
const on = await createWorkspace({ feeds, feedUrl: fixture.feedUrl, extra: { archive: { dir: 'archive' } } });
const archiveDir = join(on.dir, 'archive');
const e2e = { coldOff: [], coldOn: [], unchangedOff: [], unchangedOn: [] };
try {
  for (let run = 1; run <= runs; run++) {
    await fixture.control('reset');
    await emptyStore(off);
    await emptyStore(on);
    await rm(archiveDir, { recursive: true, force: true });
    const coldOff = await tributaryPoll(off, `cold-off-${run}`);
    const coldOn = await tributaryPoll(on, `cold-on-${run}`);
    const cold = archiveSummary(coldOn.stdout);
    if (cold.written !== total || cold.items !== total) throw new Error(`cold poll archived ${JSON.stringify(cold)}, expected ${total}`);
    const unchangedOff = await tributaryPoll(off, `unchanged-off-${run}`);
    const unchangedOn = await tributaryPoll(on, `unchanged-on-${run}`);
    const unchanged = archiveSummary(unchangedOn.stdout);
    if (unchanged.written !== 0 || unchangedOn.outcome.changed !== 0) throw new Error(`the unchanged poll changed something: ${JSON.stringify(unchanged)} ${JSON.stringify(unchangedOn.outcome)}`);
    for (const [key, m] of Object.entries({ coldOff, coldOn, unchangedOff, unchangedOn })) e2e[key].push({ wallS: m.wallS, cpuS: m.cpuS, peakRssMb: m.peakRssMb });
    progress(
      `archive run ${run}/${runs}: cold poll ${coldOff.wallS.toFixed(2)} s without, ${coldOn.wallS.toFixed(2)} s with the archive (cpu ${coldOff.cpuS.toFixed(2)} / ${coldOn.cpuS.toFixed(2)} s); ` +
        `unchanged poll ${unchangedOff.wallS.toFixed(3)} / ${unchangedOn.wallS.toFixed(3)} s (cpu ${unchangedOff.cpuS.toFixed(3)} / ${unchangedOn.cpuS.toFixed(3)} s)`,
    );
  }
} finally {
  await fixture.stop();
  await off.remove();
  await on.remove();
}

// ---- In process: the archiver alone over a store of the same size ----
const inProcess = { coldS: [], coldCpuS: [], filesPerS: [], folderMb: [], indexMb: [], unchangedMs: [], churnMs: [], churnWritten: [], oneMs: [] };
const perSource = items;
const factory = createStoredItems();
const logger = pino({ level: 'silent' });
for (let run = 1; run <= runs; run++) {
  const dir = await mkdtemp(join(tmpdir(), 'tributary-bench-archive-'));
  try {
    progress(`archive in process run ${run}/${runs}: filling a store with ${total} items`);
    const store = await openItemStore(`sqlite://${join(dir, 'store.db')}`, { retentionDays: 30, seenRetentionDays: 365 });
    const now = new Date();
    for (let s = 0; s < feeds; s++) await store.commit(`feed-${s}`, factory.items(s, perSource), initialFetchState(`feed-${s}`, `http://127.0.0.1/feeds/${s}.xml`), now);
    const config = parseConfig(join(dir, 'feeds.json'), JSON.stringify({ output: { title: 'Bench', id: 'urn:bench' }, sources: [], archive: { dir: 'archive' } }));
    const settings = archiveSettingsOf(config);
    const archiver = () => new Archiver({ store, settings, logger });

    const cpu = process.cpuUsage();
    let started = performance.now();
    const cold = await archiver().sync();
    const coldS = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    if (cold.written !== total) throw new Error(`cold archive wrote ${cold.written}, expected ${total}`);
    const folder = await folderSize(join(dir, 'archive'));
    inProcess.coldS.push(coldS);
    inProcess.coldCpuS.push((used.user + used.system) / 1e6);
    inProcess.filesPerS.push(total / coldS);
    inProcess.folderMb.push(folder.mb);
    inProcess.indexMb.push((await stat(join(dir, 'archive', '.tributary-archive.json'))).size / 1e6);

    const unchanged = [];
    for (let rep = 0; rep < reps; rep++) {
      started = performance.now();
      const result = await archiver().sync();
      unchanged.push(performance.now() - started);
      if (result.written !== 0) throw new Error('an unchanged run wrote files');
    }
    inProcess.unchangedMs.push(median(unchanged));

    // Churn: the first items of churn / perSource sources get a new title (an update each).
    const churned = Math.ceil(churn / perSource);
    const later = new Date(now.getTime() + 3_600_000);
    for (let s = 0; s < churned; s++) {
      const updated = factory.items(s, perSource).map((item) => ({ ...item, title: `${item.title} (updated)` }));
      await store.commit(`feed-${s}`, updated, initialFetchState(`feed-${s}`, `http://127.0.0.1/feeds/${s}.xml`), later);
    }
    const kept = archiver();
    started = performance.now();
    const churnResult = await kept.sync();
    inProcess.churnMs.push(performance.now() - started);
    inProcess.churnWritten.push(churnResult.written);
    // One item updated: what a publish with one change costs, the index rewritten whole.
    const one = factory.items(churned, perSource).map((item, i) => (i === 0 ? { ...item, title: `${item.title} (one update)` } : item));
    await store.commit(`feed-${churned}`, one, initialFetchState(`feed-${churned}`, `http://127.0.0.1/feeds/${churned}.xml`), later);
    started = performance.now();
    const oneResult = await kept.sync();
    inProcess.oneMs.push(performance.now() - started);
    if (oneResult.written !== 1) throw new Error(`one update wrote ${oneResult.written} files`);
    await store.close();
    progress(
      `archive in process run ${run}/${runs}: cold ${coldS.toFixed(2)} s (${Math.round(total / coldS)} files/s, ${folder.mb.toFixed(1)} MB), unchanged ${median(unchanged).toFixed(2)} ms, ${churnResult.written} updated ${inProcess.churnMs.at(-1).toFixed(0)} ms, 1 updated ${inProcess.oneMs.at(-1).toFixed(0)} ms`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const pick = (list, key) => list.map((m) => m[key]);
const diff = (a, b) => a.map((value, i) => value - b[i]);
const unchangedCpuRatio = medianRatio(pick(e2e.unchangedOn, 'cpuS'), pick(e2e.unchangedOff, 'cpuS'));
const unchangedWallRatio = medianRatio(pick(e2e.unchangedOn, 'wallS'), pick(e2e.unchangedOff, 'wallS'));
await saveResult('archive', {
  parameters: {
    feeds,
    items,
    total,
    runs,
    reps,
    churn: Math.ceil(churn / perSource) * perSource,
    describe: 'tributary poll with and without an archive; the archiver alone over a store of the same size',
  },
  rows: [
    {
      metric: `cold poll wall, ${total} items, with the archive`,
      unit: 's',
      tributary: median(pick(e2e.coldOn, 'wallS')),
      baseline: median(pick(e2e.coldOff, 'wallS')),
      ratio: medianRatio(pick(e2e.coldOn, 'wallS'), pick(e2e.coldOff, 'wallS')),
      ratioOf: 'with / without the archive',
    },
    {
      metric: 'cold poll CPU user+sys, with the archive',
      unit: 's',
      tributary: median(pick(e2e.coldOn, 'cpuS')),
      baseline: median(pick(e2e.coldOff, 'cpuS')),
      ratio: medianRatio(pick(e2e.coldOn, 'cpuS'), pick(e2e.coldOff, 'cpuS')),
      ratioOf: 'with / without the archive',
    },
    {
      metric: 'cold poll peak RSS, with the archive',
      unit: 'MB',
      tributary: median(pick(e2e.coldOn, 'peakRssMb')),
      baseline: median(pick(e2e.coldOff, 'peakRssMb')),
      ratio: medianRatio(pick(e2e.coldOn, 'peakRssMb'), pick(e2e.coldOff, 'peakRssMb')),
      ratioOf: 'with / without the archive',
    },
    { metric: 'what archiving every item adds to the cold poll (wall)', unit: 's', tributary: median(diff(pick(e2e.coldOn, 'wallS'), pick(e2e.coldOff, 'wallS'))) },
    {
      metric: 'unchanged poll (all 304) wall, with the archive',
      unit: 's',
      tributary: median(pick(e2e.unchangedOn, 'wallS')),
      baseline: median(pick(e2e.unchangedOff, 'wallS')),
      ratio: unchangedWallRatio,
      ratioOf: 'with / without the archive',
    },
    {
      metric: 'unchanged poll (all 304) CPU user+sys, with the archive',
      unit: 's',
      tributary: median(pick(e2e.unchangedOn, 'cpuS')),
      baseline: median(pick(e2e.unchangedOff, 'cpuS')),
      ratio: unchangedCpuRatio,
      ratioOf: 'with / without the archive',
      target: '≤ 1.05× (nothing measurable)',
      met: unchangedCpuRatio <= 1.05,
    },
    { metric: `archiver alone, cold: ${total} files into an empty folder`, unit: 's', tributary: median(inProcess.coldS) },
    { metric: 'archiver alone, cold: CPU user+sys', unit: 's', tributary: median(inProcess.coldCpuS) },
    { metric: 'archiver alone, cold: files written', unit: 'files/s', tributary: median(inProcess.filesPerS) },
    { metric: 'archive folder (Markdown files)', unit: 'MB', tributary: median(inProcess.folderMb) },
    { metric: 'archive index (.tributary-archive.json)', unit: 'MB', tributary: median(inProcess.indexMb) },
    { metric: 'archiver alone, nothing new (a fresh Archiver, as each poll has)', unit: 'ms', tributary: median(inProcess.unchangedMs) },
    { metric: `archiver alone, ${Math.ceil(churn / perSource) * perSource} items updated (index of ${total} rewritten)`, unit: 'ms', tributary: median(inProcess.churnMs) },
    { metric: `archiver alone, 1 item updated (index of ${total} rewritten)`, unit: 'ms', tributary: median(inProcess.oneMs) },
  ],
  runs: [{ e2e, inProcess }],
  notes: ['Without the archive is the same build and fixture with no archive block: the ratios are per run, side by side.', 'Every file is written with a temp file, fsync and rename, 16 at a time.'],
});
