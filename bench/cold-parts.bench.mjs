#!/usr/bin/env node
import { tributaryPoll } from './lib/contenders.mjs';
import { startFixture } from './lib/fixture.mjs';
import { envNumber, progress, saveResult } from './lib/report.mjs';
import { median } from './lib/stats.mjs';
import { createWorkspace, emptyStore } from './lib/workspace.mjs';

/*
 * cold-parts: where a cold cycle's time and memory go. The same cold `tributary poll` (1,000 × 40,
 * empty store) with the whole pipeline, then with the story pass off, then with enrichment
 * (language, sentiment) off as well; the runs interleaved, medians compared within this one run.
 */
const VARIANTS = [
  { name: 'full', extra: {} },
  { name: 'stories off', extra: { stories: { enabled: false } } },
  { name: 'stories and enrichment off', extra: { stories: { enabled: false }, enrichment: { language: false, sentiment: false } } },
];

const feeds = envNumber('BENCH_FEEDS', 1000);
const items = envNumber('BENCH_ITEMS', 40);
const runs = envNumber('BENCH_RUNS', 3);
progress(`cold-parts: starting the fixture server (${feeds} feeds x ${items} items)`);
const fixture = await startFixture({ feeds, items, gzip: false });
const spaces = await Promise.all(VARIANTS.map((variant) => createWorkspace({ feeds, feedUrl: fixture.feedUrl, extra: variant.extra })));
const series = VARIANTS.map(() => ({ wallS: [], cpuS: [], peakRssMb: [] }));
try {
  for (let run = 1; run <= runs; run++) {
    for (const [i, variant] of VARIANTS.entries()) {
      await fixture.control('reset');
      await emptyStore(spaces[i]);
      const cold = await tributaryPoll(spaces[i], `cold-${run}`);
      progress(`cold-parts run ${run}/${runs}: ${variant.name}: wall ${cold.wallS.toFixed(2)} s, cpu ${cold.cpuS.toFixed(2)} s, peak ${Math.round(cold.peakRssMb)} MB`);
      for (const key of ['wallS', 'cpuS', 'peakRssMb']) series[i][key].push(cold[key]);
    }
  }
} finally {
  await fixture.stop();
  await Promise.all(spaces.map((space) => space.remove()));
}
const full = series[0];
const rows = VARIANTS.flatMap((variant, i) => [
  { metric: `${variant.name}: wall`, unit: 's', tributary: median(series[i].wallS), ratio: median(series[i].wallS) / median(full.wallS), ratioOf: 'vs full' },
  { metric: `${variant.name}: CPU user+sys`, unit: 's', tributary: median(series[i].cpuS), ratio: median(series[i].cpuS) / median(full.cpuS), ratioOf: 'vs full' },
  { metric: `${variant.name}: peak RSS`, unit: 'MB', tributary: median(series[i].peakRssMb), ratio: median(series[i].peakRssMb) / median(full.peakRssMb), ratioOf: 'vs full' },
]);
await saveResult('cold-parts', { parameters: { feeds, items, runs }, rows, raw: series });
