#!/usr/bin/env node
import { baselinePoll, fetchCeiling, tributaryPoll } from './lib/contenders.mjs';
import { startFixture } from './lib/fixture.mjs';
import { envNumber, progress, saveResult } from './lib/report.mjs';
import { median, medianRatio } from './lib/stats.mjs';
import { createWorkspace } from './lib/workspace.mjs';

/*
 * scale: cold cycles at 1,000, 5,000 and 10,000 feeds (x 40 items) from one fixture server.
 * Each run polls every size once (Tributary, baseline, ceiling side by side); the per-feed time
 * at the largest size is compared with the smallest's.
 *   BENCH_SCALE_SIZES=1000,5000,10000  BENCH_SCALE_RUNS=3,3,3 (runs per size)  BENCH_SCALE_BASELINE_MAX=10000
 */

const sizes = (process.env.BENCH_SCALE_SIZES ?? '1000,5000,10000').split(',').map(Number);
const runsPerSize = (process.env.BENCH_SCALE_RUNS ?? sizes.map(() => '3').join(',')).split(',').map(Number);
const baselineMax = envNumber('BENCH_SCALE_BASELINE_MAX', Number.POSITIVE_INFINITY);
const items = envNumber('BENCH_ITEMS', 40);
const maxRuns = Math.max(...runsPerSize);

progress(`scale: starting the fixture server (${Math.max(...sizes)} feeds x ${items} items)`);
const fixture = await startFixture({ feeds: Math.max(...sizes), items });
progress(`scale: fixture ready (${Math.round(fixture.info.totalBytes / 1e6)} MB of XML, built in ${fixture.info.buildMs} ms)`);

/** @type {Map<number, { tributary: any[], baseline: any[], ceiling: any[] }>} */
const bySize = new Map(sizes.map((size) => [size, { tributary: [], baseline: [], ceiling: [] }]));
try {
  for (let run = 1; run <= maxRuns; run++) {
    for (const [s, size] of sizes.entries()) {
      if (run > (runsPerSize[s] ?? 1)) continue;
      const ws = await createWorkspace({ feeds: size, feedUrl: fixture.feedUrl });
      const entry = /** @type {{ tributary: any[], baseline: any[], ceiling: any[] }} */ (bySize.get(size));
      try {
        const tributary = await tributaryPoll(ws, `scale-${size}-${run}`);
        if (tributary.outcome.failed > 0) throw new Error(`${size} feeds: ${tributary.outcome.failed} sources failed`);
        entry.tributary.push(tributary);
        progress(`scale ${size} run ${run}: tributary ${show(tributary)}`);
        if (size <= baselineMax) {
          const baseline = await baselinePoll(ws);
          entry.baseline.push(baseline);
          progress(`scale ${size} run ${run}: baseline ${show(baseline)} ${JSON.stringify(baseline.outcome)}`);
        }
        const ceiling = await fetchCeiling(ws);
        entry.ceiling.push(ceiling);
        progress(`scale ${size} run ${run}: ceiling ${show(ceiling)}`);
      } finally {
        await ws.remove();
      }
    }
  }
} finally {
  await fixture.stop();
}

/** @type {import('./lib/report.mjs').Row[]} */
const rows = [];
for (const size of sizes) {
  const entry = /** @type {{ tributary: any[], baseline: any[], ceiling: any[] }} */ (bySize.get(size));
  const pick = (list, key) => list.map((m) => m[key]);
  const perFeedMs = (list) => median(list.map((m) => (m.wallS * 1000) / size));
  const hasBaseline = entry.baseline.length === entry.tributary.length;
  rows.push(
    {
      metric: `${size} feeds: wall`,
      unit: 's',
      tributary: median(pick(entry.tributary, 'wallS')),
      baseline: hasBaseline ? median(pick(entry.baseline, 'wallS')) : undefined,
      ceiling: median(pick(entry.ceiling, 'wallS')),
      ...(hasBaseline ? { ratio: medianRatio(pick(entry.tributary, 'wallS'), pick(entry.baseline, 'wallS')), ratioOf: 'tributary / baseline' } : {}),
    },
    { metric: `${size} feeds: wall per feed`, unit: 'ms', tributary: perFeedMs(entry.tributary), baseline: hasBaseline ? perFeedMs(entry.baseline) : undefined, ceiling: perFeedMs(entry.ceiling) },
    {
      metric: `${size} feeds: CPU user+sys`,
      unit: 's',
      tributary: median(pick(entry.tributary, 'cpuS')),
      baseline: hasBaseline ? median(pick(entry.baseline, 'cpuS')) : undefined,
      ceiling: median(pick(entry.ceiling, 'cpuS')),
      ...(hasBaseline ? { ratio: medianRatio(pick(entry.tributary, 'cpuS'), pick(entry.baseline, 'cpuS')), ratioOf: 'tributary / baseline' } : {}),
    },
    {
      metric: `${size} feeds: peak RSS`,
      unit: 'MB',
      tributary: median(pick(entry.tributary, 'peakRssMb')),
      baseline: hasBaseline ? median(pick(entry.baseline, 'peakRssMb')) : undefined,
      ceiling: median(pick(entry.ceiling, 'peakRssMb')),
    },
  );
}
const smallest = /** @type {number} */ (sizes[0]);
const largest = /** @type {number} */ (sizes[sizes.length - 1]);
const small = /** @type {{ tributary: any[] }} */ (bySize.get(smallest)).tributary;
const large = /** @type {{ tributary: any[] }} */ (bySize.get(largest)).tributary;
// Per-run ratios where both sizes ran in the same run; the rest of the larger list has no partner.
const paired = large.map((m, i) => m.wallS / largest / ((small[i] ?? small[0]).wallS / smallest));
const perFeedRatio = median(paired);
const cpuPerFeedRatio = median(large.map((m, i) => m.cpuS / largest / ((small[i] ?? small[0]).cpuS / smallest)));
const largestRss = median(large.map((m) => m.peakRssMb));
rows.push(
  { metric: `time per feed, ${largest} vs ${smallest} feeds`, unit: '×', ratio: perFeedRatio, ratioOf: `per-feed wall at ${largest} / at ${smallest}`, target: '≤ 1.15×', met: perFeedRatio <= 1.15 },
  { metric: `CPU per feed, ${largest} vs ${smallest} feeds`, unit: '×', ratio: cpuPerFeedRatio, ratioOf: `per-feed CPU at ${largest} / at ${smallest}` },
  { metric: `peak RSS at ${largest} feeds`, unit: 'MB', tributary: largestRss, target: '≤ 500 MB', met: largestRss <= 500 },
);
await saveResult('scale', {
  parameters: { sizes, runsPerSize, items, baselineMax: Number.isFinite(baselineMax) ? baselineMax : 'all' },
  rows,
  runs: sizes.map((size) => ({
    size,
    ...Object.fromEntries(
      Object.entries(/** @type {object} */ (bySize.get(size))).map(([k, list]) => [k, list.map((m) => ({ wallS: m.wallS, cpuS: m.cpuS, peakRssMb: m.peakRssMb, outcome: m.outcome }))]),
    ),
  })),
});

/** @param {import('./lib/measure.mjs').Measurement} m */
function show(m) {
  return `wall ${m.wallS.toFixed(2)} s, cpu ${m.cpuS.toFixed(2)} s, peak ${m.peakRssMb.toFixed(0)} MB`;
}
