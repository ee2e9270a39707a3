#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { distPath } from './lib/contenders.mjs';
import { envNumber, progress, saveResult } from './lib/report.mjs';
import { median } from './lib/stats.mjs';
import { createStoredItems } from './lib/stored-items.mjs';

/*
 * stories: what the story clusterer (src/stories) costs, in-process from the build, with a full
 * window. Two streams, each BENCH_STORIES_WINDOW items spread evenly over BENCH_STORIES_DAYS days (so
 * all of them are inside the 60-day story window at the end), assigned one at a time in order:
 *   synthetic: the fixture's crypto-news items (bench/lib/stored-items.mjs), one vocabulary recombined;
 *   real: the 320 labelled items of test/fixtures/stories/ repeated with shifted dates and new ids.
 * Per stream: µs per item over the whole fill and over the last BENCH_STORIES_MEASURE items (window
 * full); the heap the clusterer holds at the end (after full collections, the items themselves
 * dropped as they were assigned); the snapshot's JSON size and the time to write and restore it.
 * Median of BENCH_RUNS runs.
 *   BENCH_STORIES_WINDOW=30000  BENCH_STORIES_DAYS=30  BENCH_STORIES_MEASURE=5000  BENCH_RUNS=3
 */

const windowItems = envNumber('BENCH_STORIES_WINDOW', 30_000);
const days = envNumber('BENCH_STORIES_DAYS', 30);
const measured = envNumber('BENCH_STORIES_MEASURE', 5_000);
const runs = envNumber('BENCH_RUNS', 3);
const { StoryClusterer } = await import(pathToFileURL(join(distPath(), 'stories', 'index.js')).href);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const START = Date.parse('2026-01-01T00:00:00.000Z');
const stepMs = (days * 86_400_000) / windowItems;
const fixture = fileURLToPath(new URL('../test/fixtures/stories/labelled.json', import.meta.url));
const labelled = JSON.parse(readFileSync(fixture, 'utf8')).items;

/** The i-th item of a stream, dated i steps after START; only what the clusterer reads. */
const streams = {
  synthetic: () => {
    const factory = createStoredItems(11);
    let chunk = [];
    return (i) => {
      if (i % 40 === 0) chunk = factory.items(Math.floor(i / 40), 40);
      const item = chunk[i % 40];
      return { externalId: item.externalId, source: item.source, title: item.title, description: item.description, lang: item.lang, publishedAt: new Date(START + i * stepMs).toISOString() };
    };
  },
  real: () => (i) => {
    const item = labelled[i % labelled.length];
    const copy = Math.floor(i / labelled.length);
    return {
      externalId: `${item.externalId}#${copy}`,
      source: item.source,
      title: item.title,
      description: item.description,
      lang: item.lang,
      topics: item.topics,
      publishedAt: new Date(START + i * stepMs).toISOString(),
    };
  },
};

function runOnce(makeStream) {
  const itemAt = makeStream();
  const before = heapUsed();
  const clusterer = StoryClusterer.create();
  const fillStarted = performance.now();
  let lastStarted = 0;
  for (let i = 0; i < windowItems; i++) {
    if (i === windowItems - measured) lastStarted = performance.now();
    clusterer.assign(itemAt(i));
  }
  const finished = performance.now();
  const heapMB = (heapUsed() - before) / 1e6;
  const snapshotStarted = performance.now();
  const json = JSON.stringify(clusterer.snapshot());
  const snapshotMs = performance.now() - snapshotStarted;
  const restoreStarted = performance.now();
  StoryClusterer.restore(JSON.parse(json));
  const restoreMs = performance.now() - restoreStarted;
  return {
    fillUs: ((finished - fillStarted) * 1000) / windowItems,
    fullWindowUs: ((finished - lastStarted) * 1000) / measured,
    heapMB,
    snapshotMB: Buffer.byteLength(json) / 1e6,
    snapshotMs,
    restoreMs,
    counts: clusterer.counts(),
  };
}

const results = { synthetic: [], real: [] };
for (let run = 1; run <= runs; run++) {
  for (const [name, makeStream] of Object.entries(streams)) {
    const result = runOnce(makeStream);
    results[name].push(result);
    progress(`stories ${name} run ${run}/${runs}: ${result.fullWindowUs.toFixed(1)} µs/item with the window full, heap ${result.heapMB.toFixed(1)} MB, ${JSON.stringify(result.counts)}`);
  }
}

const med = (name, key) => median(results[name].map((r) => r[key]));
const rows = Object.keys(streams).flatMap((name) => [
  { metric: `${name}: assign, window filling`, unit: 'µs/item', tributary: med(name, 'fillUs') },
  { metric: `${name}: assign, window full (last ${measured.toLocaleString('en-US')})`, unit: 'µs/item', tributary: med(name, 'fullWindowUs') },
  { metric: `${name}: heap held with ${windowItems.toLocaleString('en-US')} items in the window`, unit: 'MB', tributary: med(name, 'heapMB') },
  { metric: `${name}: snapshot (JSON)`, unit: 'MB', tributary: med(name, 'snapshotMB') },
  { metric: `${name}: snapshot written`, unit: 'ms', tributary: med(name, 'snapshotMs') },
  { metric: `${name}: snapshot restored`, unit: 'ms', tributary: med(name, 'restoreMs') },
]);
await saveResult('stories', {
  parameters: { windowItems, days, measured, runs, node: process.version },
  rows,
  runs: [results],
  notes: [
    `Counts at the end (last run): synthetic ${JSON.stringify(results.synthetic.at(-1).counts)}, real ${JSON.stringify(results.real.at(-1).counts)}.`,
    'Runs once per new item, in the main thread; a re-polled item costs a map lookup. The heap figure is the clusterer alone: the items are generated one at a time and dropped.',
  ],
});
