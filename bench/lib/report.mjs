import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { fixed } from './stats.mjs';

const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ? `${process.env.BENCH_RESULTS_DIR.replace(/\/$/, '')}/` : fileURLToPath(new URL('../results/', import.meta.url));

/**
 * One line of a scenario's result table. `tributary`, `baseline` and `ceiling` are medians;
 * `ratio` is the median of per-run ratios (side by side in one run), as `ratioOf` says.
 * @typedef {{ metric: string, unit: string, tributary?: number, baseline?: number, ceiling?: number, ratio?: number, ratioOf?: string, target?: string, met?: boolean }} Row
 */

export function machine() {
  const model = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return { nproc: cpus().length, cpu: model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') };
}

/**
 * Prints a scenario's table and writes bench/results/<scenario>.json (RESULTS.md is built from these).
 * @param {string} scenario
 * @param {{ parameters: Record<string, unknown>, rows: Row[], runs: unknown[], notes?: string[] }} result
 */
export async function saveResult(scenario, result) {
  const record = { scenario, finishedAt: new Date().toISOString(), machine: machine(), ...result };
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(`${RESULTS_DIR}${scenario}.json`, `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(`\n## ${scenario} ${JSON.stringify(result.parameters)}\n`);
  for (const row of result.rows) {
    const parts = [`${row.metric} (${row.unit}):`, `tributary ${fixed(row.tributary ?? Number.NaN)}`];
    if (row.baseline !== undefined) parts.push(`baseline ${fixed(row.baseline)}`);
    if (row.ceiling !== undefined) parts.push(`ceiling ${fixed(row.ceiling)}`);
    if (row.ratio !== undefined) parts.push(`ratio ${fixed(row.ratio, 3)} (${row.ratioOf})`);
    if (row.target) parts.push(`target ${row.target}: ${row.met ? 'met' : 'NOT met'}`);
    process.stdout.write(`  ${parts.join('  ')}\n`);
  }
  for (const note of result.notes ?? []) process.stdout.write(`  note: ${note}\n`);
}

/** @param {string} message */
export function progress(message) {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Reads a number option from the environment. @param {string} name @param {number} fallback */
export function envNumber(name, fallback) {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : Number(value);
}
