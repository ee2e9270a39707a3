#!/usr/bin/env node
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distPath } from './lib/contenders.mjs';
import { envNumber, progress, saveResult } from './lib/report.mjs';
import { median } from './lib/stats.mjs';
import { createStoredItems } from './lib/stored-items.mjs';

/*
 * enrich: what enrichment costs per item, in-process over the fixture's crypto-news items (as the
 * store would hand them over: every item new). Side by side in each run: topics alone, sentiment
 * alone, the default enrichment (language, sentiment, topics) of items whose feed declares English,
 * and of the same items declaring no language (the detector then always runs eld). The first call, on an item that
 * declares none, is timed apart: it loads eld's database. Median of runs.
 *   BENCH_ENRICH_ITEMS=20000  BENCH_RUNS=3
 */

const total = envNumber('BENCH_ENRICH_ITEMS', 20_000);
const runs = envNumber('BENCH_RUNS', 3);
const dist = distPath();
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { createEnricher } = await load('enricher/enrich-item.js');
const { TEXT_ANALYZERS } = await load('enricher/text-analyzers.js');
const { scoreSentiment } = await load('enricher/sentiment.js');
const { EnrichmentConfigSchema } = await load('config/enrichment-schema.js');

const factory = createStoredItems();
const items = Array.from({ length: Math.ceil(total / 40) }, (_, feed) => factory.items(feed, 40))
  .flat()
  .slice(0, total);
const undeclared = items.map(({ lang: _lang, ...item }) => item);
const config = EnrichmentConfigSchema.parse({});

/** Microseconds per item of `enrich` over every item. */
function perItem(enrich, over = items) {
  const started = performance.now();
  for (const item of over) enrich(item, {});
  return ((performance.now() - started) * 1000) / over.length;
}

const heapBefore = process.memoryUsage().heapUsed;
const firstCallStarted = performance.now();
createEnricher(config, TEXT_ANALYZERS)(undeclared[0], {});
const firstCallMs = performance.now() - firstCallStarted;
const heapAfterLoad = process.memoryUsage().heapUsed;

const results = { topics: [], sentiment: [], full: [], undeclared: [] };
for (let run = 1; run <= runs; run++) {
  results.topics.push(perItem(createEnricher(config, {})));
  results.sentiment.push(perItem((item) => scoreSentiment(item.title, item.description)));
  results.full.push(perItem(createEnricher(config, TEXT_ANALYZERS)));
  results.undeclared.push(perItem(createEnricher(config, TEXT_ANALYZERS), undeclared));
  progress(
    `enrich run ${run}/${runs}: topics ${results.topics.at(-1).toFixed(1)} µs/item, default ${results.full.at(-1).toFixed(1)} µs/item, no language declared ${results.undeclared.at(-1).toFixed(1)} µs/item`,
  );
}

const full = median(results.full);
await saveResult('enrich', {
  parameters: { items: items.length, runs },
  rows: [
    { metric: 'topics alone', unit: 'µs/item', tributary: median(results.topics) },
    { metric: 'sentiment alone', unit: 'µs/item', tributary: median(results.sentiment) },
    { metric: 'default enrichment (language, sentiment, topics), English declared', unit: 'µs/item', tributary: full },
    { metric: 'default enrichment, English declared', unit: 'items/s', tributary: 1e6 / full },
    { metric: 'default enrichment, no language declared (eld runs)', unit: 'µs/item', tributary: median(results.undeclared) },
    { metric: "first call, loading eld's database", unit: 'ms', tributary: firstCallMs },
    { metric: 'heap the first call adds', unit: 'MB', tributary: (heapAfterLoad - heapBefore) / 1e6 },
  ],
  runs: [results],
  notes: ['Runs once per new or changed item, in the main thread, inside the commit: an unchanged item seen again costs nothing.'],
});
