import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMeasured } from './measure.mjs';

/*
 * The three programs every poll scenario runs side by side, each a child process measured the
 * same way (see measure.mjs): Tributary's built CLI, the naive baseline and the fetch ceiling.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BASELINE = fileURLToPath(new URL('../baseline/naive-poll.mjs', import.meta.url));
const CEILING = fileURLToPath(new URL('../baseline/fetch-ceiling.mjs', import.meta.url));
const PARSE_FLOOR = fileURLToPath(new URL('../baseline/parse-floor.mjs', import.meta.url));
const NEWS_FLOOR = fileURLToPath(new URL('../baseline/news-floor.mjs', import.meta.url));

/** The built CLI: TRIBUTARY_DIST (a folder holding src/cli.js), else dist/. */
export function cliPath() {
  const dist = process.env.TRIBUTARY_DIST ?? join(ROOT, 'dist');
  const cli = join(dist, 'src', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} not found: run \`npm run build\` first (or set TRIBUTARY_DIST)`);
  return cli;
}

/** Folder of the built modules (for scenarios that import the store or the publisher). */
export function distPath() {
  return join(cliPath(), '..');
}

/** Extra node flags for Tributary's process, e.g. BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof'. */
function nodeFlags() {
  return (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
}

/**
 * One `tributary poll` cycle.
 * @param {import('./workspace.mjs').Workspace} ws
 * @param {string} label for the log file name
 */
export async function tributaryPoll(ws, label) {
  const result = await runMeasured(process.execPath, [...nodeFlags(), cliPath(), 'poll', '--config', ws.config, '--store', ws.storeUri, '--out', ws.out], {
    stderrFile: join(ws.dir, `tributary-${label}.log`),
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
  });
  const summary = /polled (\d+) sources: (\d+) changed, (\d+) unchanged, (\d+) failed, (\d+) skipped; (\d+) new items, (\d+) updated/.exec(result.stdout);
  if (result.code !== 0 || !summary) throw new Error(`tributary poll (${label}) failed with exit ${result.code}: ${result.stdout.slice(0, 500)} (log in ${ws.dir})`);
  const [, sources, changed, unchanged, failed, skipped, added, updated] = summary.map(Number);
  return { ...result, outcome: { sources, changed, unchanged, failed, skipped, added, updated } };
}

/** The naive baseline (bench/baseline/naive-poll.mjs) over the same config. @param {import('./workspace.mjs').Workspace} ws */
export async function baselinePoll(ws) {
  const result = await runMeasured(process.execPath, [BASELINE, '--config', ws.config, '--out', join(ws.dir, 'baseline-out')]);
  if (result.code !== 0) throw new Error(`baseline failed with exit ${result.code}: ${result.stdout.slice(0, 500)}`);
  return { ...result, outcome: JSON.parse(result.stdout) };
}

/** The fetch ceiling (bench/baseline/fetch-ceiling.mjs): the same bytes, no parsing. @param {import('./workspace.mjs').Workspace} ws */
export async function fetchCeiling(ws) {
  const result = await runMeasured(process.execPath, [CEILING, '--config', ws.config]);
  if (result.code !== 0) throw new Error(`fetch ceiling failed with exit ${result.code}: ${result.stdout.slice(0, 500)}`);
  return { ...result, outcome: JSON.parse(result.stdout) };
}

/**
 * The parse floor (bench/baseline/parse-floor.mjs): the same bytes parsed with rss-parser on every
 * core; with `sanitize`, each item's body also sanitized by the measured build's sanitizer.
 * @param {import('./workspace.mjs').Workspace} ws @param {{ sanitize?: boolean }} [options]
 */
export async function parseFloor(ws, options = {}) {
  const sanitize = options.sanitize ? ['--sanitize', join(distPath(), 'normalizer', 'sanitize-content.js')] : [];
  const result = await runMeasured(process.execPath, [PARSE_FLOOR, '--config', ws.config, ...sanitize]);
  if (result.code !== 0) throw new Error(`parse floor failed with exit ${result.code}: ${result.stdout.slice(0, 500)}`);
  return { ...result, outcome: JSON.parse(result.stdout) };
}

/**
 * The news floor (bench/baseline/news-floor.mjs): the news cycle's fetches and the measured build's
 * own document work on every core, nothing else. It resets the fixture and makes every feed gain
 * `news` items (the fixture's first churn round, as the news cycle's). Its wall and CPU are its own
 * timed pass's, not the process's.
 * @param {import('./workspace.mjs').Workspace} ws @param {string} fixtureUrl @param {{ news?: number }} [options]
 */
export async function newsFloor(ws, fixtureUrl, options = {}) {
  const result = await runMeasured(process.execPath, [NEWS_FLOOR, '--config', ws.config, '--dist', distPath(), '--control', fixtureUrl, '--news', String(options.news ?? 2)], {
    stderrFile: join(ws.dir, 'news-floor.log'),
  });
  if (result.code !== 0) throw new Error(`news floor failed with exit ${result.code}: ${result.stdout.slice(0, 500)} (log in ${ws.dir}/news-floor.log)`);
  /** @type {{ sources: number, normalized: number, unparsed: number, threads: number, wallS: number, cpuS: number }} */
  const outcome = JSON.parse(result.stdout);
  return outcome;
}
