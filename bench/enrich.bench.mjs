#!/usr/bin/env node
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distPath } from './lib/contenders.mjs';
import { envNumber, progress, saveResult } from './lib/report.mjs';
import { median } from './lib/stats.mjs';
import { createStoredItems } from './lib/stored-items.mjs';

/*
 * enrich: what enrichment costs per item, in-process over the fixture's crypto-news items (as the
 * store would hand them over: every item new). Three passes, side by side in each run: topics alone,
 * the default enrichment (language, sentiment, topics), and the default with the first call's loading
 * (the language database, loaded lazily) counted in. Median of runs.
 *   BENCH_ENRICH_ITEMS=20000  BENCH_RUNS=3
 */

const total = envNumber('BENCH_ENRICH_ITEMS', 20_000);
const runs = envNumber('BENCH_RUNS', 3);
const dist = distPath();
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { createEnricher } = await load('enricher/enrich-item.js');
const { TEXT_ANALYZERS } = await load('enricher/text-analyzers.js');
const { EnrichmentConfigSchema } = await load('config/enrichment-schema.js');

const factory = createStoredItems();
const items = Array.from({ length: Math.ceil(total / 40) }, (_, feed) => factory.items(feed, 40))
  .flat()
  .slice(0, total);
const config = EnrichmentConfigSchema.parse({});

/** Microseconds per item of `enrich` over every item. */
function perItem(enrich) {
  const started = performance.now();
  for (const item of items) enrich(item, {});
  return ((performance.now() - started) * 1000) / items.length;
}

const heapBefore = process.memoryUsage().heapUsed;
const firstCallStarted = performance.now();
createEnricher(config, TEXT_ANALYZERS)(items[0], {});
const firstCallMs = performance.now() - firstCallStarted;
const heapAfterLoad = process.memoryUsage().heapUsed;

const results = { topics: [], full: [] };
for (let run = 1; run <= runs; run++) {
  results.topics.push(perItem(createEnricher(config, {})));
  results.full.push(perItem(createEnricher(config, TEXT_ANALYZERS)));
  progress(`enrich run ${run}/${runs}: topics ${results.topics.at(-1).toFixed(1)} µs/item, default ${results.full.at(-1).toFixed(1)} µs/item`);
}

const full = median(results.full);
await saveResult('enrich', {
  parameters: { items: items.length, runs },
  rows: [
    { metric: 'topics alone', unit: 'µs/item', tributary: median(results.topics) },
    { metric: 'default enrichment (language, sentiment, topics)', unit: 'µs/item', tributary: full },
    { metric: 'default enrichment', unit: 'items/s', tributary: 1e6 / full },
    { metric: 'first call, loading what it needs', unit: 'ms', tributary: firstCallMs },
    { metric: 'heap the first call adds', unit: 'MB', tributary: (heapAfterLoad - heapBefore) / 1e6 },
  ],
  runs: [results],
  notes: ['Runs once per new or changed item, in the main thread, inside the commit: an unchanged item seen again costs nothing.'],
});
