#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { distPath } from './lib/contenders.mjs';
import { envNumber, progress } from './lib/report.mjs';
import { fixed, median } from './lib/stats.mjs';

/*
 * language: the enricher's detectLanguage on every item of test/fixtures/language/ (both sets, both
 * halves), in-process, from the build. First the detector's one-time load: its time, and the heap
 * and RSS it adds (each read after a full collection). Then items per second, median of runs, for
 * the items as the enricher sees them (title, description, body, declared language), for the same
 * with nothing declared, and for titles alone with nothing declared. Prints one line.
 *   BENCH_RUNS=3  BENCH_LANGUAGE_PASSES=5 (passes over the fixture per run)
 */

const runs = envNumber('BENCH_RUNS', 3);
const passes = envNumber('BENCH_LANGUAGE_PASSES', 5);
const load = (path) => import(pathToFileURL(join(distPath(), ...path.split('/'))).href);
const { detectLanguage } = await load('enricher/detect-language.js');
const { loadLanguageDetector, fromModule } = await load('enricher/language-detector.js');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const fixtures = fileURLToPath(new URL('../test/fixtures/language/', import.meta.url));
const items = ['agreeing', 'mismatched'].flatMap((name) => JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8')).items);

const memory = () => {
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
};
const before = memory();
const { loadMs } = loadLanguageDetector();
const after = memory();
const heapMB = (after.heapUsed - before.heapUsed) / 1e6;
const rssMB = (after.rss - before.rss) / 1e6;

const inputs = {
  declared: items.map((item) => ({ title: item.title, description: item.description, content: item.content, declared: item.declared })),
  none: items.map((item) => ({ title: item.title, description: item.description, content: item.content })),
  titles: items.map((item) => ({ title: item.title, description: '' })),
};
/** @type {Record<string, number[]>} */
const rates = { declared: [], none: [], titles: [] };
for (const list of Object.values(inputs)) for (const input of list) detectLanguage(input); // warm-up
for (let run = 1; run <= runs; run++) {
  for (const [name, list] of Object.entries(inputs)) {
    const started = performance.now();
    for (let pass = 0; pass < passes; pass++) for (const input of list) detectLanguage(input);
    rates[name].push((list.length * passes) / ((performance.now() - started) / 1000));
  }
  progress(`language: run ${run}/${runs}`);
}
const heapAfterRuns = memory().heapUsed / 1e6;

// Beside it, in this run: another detector loaded as eld's own module loads its database (the
// path taken when the build's JSON copy is missing): what the JSON copy saves.
const beforeModule = memory();
const moduleStarted = performance.now();
fromModule();
const moduleMs = performance.now() - moduleStarted;
const afterModule = memory();
const perSecond = (name) => Math.round(median(rates[name])).toLocaleString('en-US');

process.stdout.write(
  `language: ${items.length} items × ${passes} passes, median of ${runs} runs: ${perSecond('declared')} items/s (declared), ` +
    `${perSecond('none')} items/s (nothing declared), ${perSecond('titles')} items/s (titles alone); ` +
    `detector load ${fixed(loadMs, 0)} ms, +${fixed(heapMB, 1)} MB heap, +${fixed(rssMB, 1)} MB RSS; heap after the runs ${fixed(heapAfterRuns, 1)} MB; ` +
    `from eld's own module instead: ${fixed(moduleMs, 0)} ms, +${fixed((afterModule.heapUsed - beforeModule.heapUsed) / 1e6, 1)} MB heap, +${fixed((afterModule.rss - beforeModule.rss) / 1e6, 1)} MB RSS (${process.version})\n`,
);
