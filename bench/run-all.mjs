#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/*
 * `npm run bench`: every scenario, one after the other (never two at once: they would share the
 * two cores), then bench/RESULTS.md is rewritten from bench/results/*.json.
 *   node bench/run-all.mjs [scenario ...]   (default: all, in this order)
 */

const ALL = ['cold', 'warm', 'unchanged-200', 'churn', 'news-cycle', 'daemon-cycles', 'publish', 'store', 'enrich', 'stories', 'archive', 'serve', 'status-page', 'scale', 'fleet'];
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL;
const failed = [];
for (const scenario of chosen) {
  if (!ALL.includes(scenario)) throw new Error(`unknown scenario ${scenario}; one of ${ALL.join(', ')}`);
  const file = fileURLToPath(new URL(`./${scenario}.bench.mjs`, import.meta.url));
  const { status } = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (status !== 0) failed.push(scenario);
}
spawnSync(process.execPath, [fileURLToPath(new URL('./write-results.mjs', import.meta.url))], { stdio: 'inherit' });
if (failed.length > 0) {
  process.stderr.write(`scenarios that failed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
