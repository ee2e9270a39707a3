#!/usr/bin/env node
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { soakSection } from './lib/soak-results.mjs';
import { fixed } from './lib/stats.mjs';

/*
 * Rewrites bench/RESULTS.md from bench/results/<scenario>.json: one table of the targets
 * (scenario, Tributary, baseline, ratio, target, met?; "—" for a figure stated with no target) and
 * one section of figures per scenario.
 * Text between the markers <!-- notes --> and <!-- /notes --> in the old file is kept.
 */

const ORDER = [
  'cold',
  'cold-parts',
  'warm',
  'unchanged-200',
  'churn',
  'news-cycle',
  'daemon-cycles',
  'scale',
  'publish',
  'store',
  'enrich',
  'stories',
  'archive',
  'serve',
  'status-page',
  'fleet',
  'soak',
];
const resultsDir = new URL('./results/', import.meta.url);
const target = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const records = ORDER.map((name) => new URL(`${name}.json`, resultsDir))
  .filter((url) => existsSync(url))
  .map((url) => JSON.parse(readFileSync(url, 'utf8')));

const value = (n, unit) => (n === undefined ? '' : `${fixed(n, n >= 100 ? 0 : 2)}${unit && unit !== '×' ? ` ${unit}` : ''}`);
const ratio = (n) => (n === undefined ? '' : `${fixed(n, 3)}×`);
const lines = [
  '# Benchmark results',
  '',
  'Written by `node bench/write-results.mjs` from `bench/results/*.json` (see README.md for the method). Figures are medians over runs; ratios are medians of per-run ratios taken side by side in one run.',
  '',
];

lines.push('## Targets', '', '| scenario | measure | Tributary | baseline | ratio | target | met? |', '|---|---|---|---|---|---|---|');
for (const record of records) {
  for (const row of record.rows.filter((r) => r.target)) {
    lines.push(
      `| ${record.scenario} | ${row.metric} | ${value(row.tributary, row.unit)} | ${value(row.baseline, row.unit)} | ${row.ratio === undefined ? '' : `${ratio(row.ratio)} (${row.ratioOf})`} | ${row.target} | ${row.met === undefined ? '—' : row.met ? 'yes' : '**no**'} |`,
    );
  }
}
lines.push('');

for (const record of records) {
  // The soak has a section of its own: a verdict per memory series and a per-cycle table.
  if (record.scenario === 'soak') {
    lines.push(...soakSection(record));
    continue;
  }
  // The status page's too: one table of its pages (bytes, times) and where the overview's bytes go.
  if (record.scenario === 'status-page') {
    lines.push(...statusPageSection(record));
    continue;
  }
  const m = record.machine;
  lines.push(`## ${record.scenario}`, '');
  if (record.parameters.describe) lines.push(record.parameters.describe, '');
  lines.push(
    `Parameters: \`${JSON.stringify(Object.fromEntries(Object.entries(record.parameters).filter(([k]) => k !== 'describe')))}\`. Finished ${record.finishedAt} on ${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}; load average at the end ${m.loadAverage}.`,
    '',
  );
  const rest = record.rows.filter((r) => !r.target);
  // A scenario may name its columns (fleet: the fleet beside the single process); else the poll scenarios' three.
  const [first, second, third] = record.columns ?? ['Tributary', 'baseline', 'fetch ceiling'];
  if (rest.length > 0) lines.push(`| measure | unit | ${first} | ${second} | ${third} | ratio |`, '|---|---|---|---|---|---|');
  for (const row of rest) {
    lines.push(`| ${row.metric} | ${row.unit} | ${value(row.tributary)} | ${value(row.baseline)} | ${value(row.ceiling)} | ${row.ratio === undefined ? '' : `${ratio(row.ratio)} (${row.ratioOf})`} |`);
  }
  for (const note of record.notes ?? []) lines.push('', `Note: ${note}`);
  lines.push('');
}

const old = existsSync(target) ? readFileSync(target, 'utf8') : '';
const kept = /<!-- notes -->[\s\S]*<!-- \/notes -->/.exec(old)?.[0] ?? '<!-- notes -->\n<!-- /notes -->';
lines.push(kept, '');
writeFileSync(target, lines.join('\n'));
process.stdout.write(`wrote ${target} (${records.length} scenarios)\n`);

/**
 * The status-page section: per page, its bytes and times (medians); per size, where the overview's bytes go.
 * @param {any} record bench/results/status-page.json
 * @returns {string[]} lines
 */
function statusPageSection(record) {
  const m = record.machine;
  const { describe, ...parameters } = record.parameters;
  const lines = [`## ${record.scenario}`, ''];
  if (describe) lines.push(describe, '');
  lines.push(
    `Parameters: \`${JSON.stringify(parameters)}\`. Finished ${record.finishedAt} on ${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}; load average at the end ${m.loadAverage}.`,
    '',
    '| page | sources | HTML bytes | gzip bytes | server render ms | Chromium load ms | fastest load ms | page.goto ms | first contentful paint ms | layout after load ms | frame after load ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const p of record.pages) {
    const c = p.chromium;
    lines.push(
      `| ${p.page} | ${p.sources} | ${p.bytes} | ${p.gzipBytes} | ${fixed(p.serverMs, 1)} | ${fixed(c.loadMs, 0)} | ${fixed(c.fastestLoadMs, 0)} | ${fixed(c.gotoMs, 0)} | ${fixed(c.fcpMs, 0)} | ${fixed(c.layoutAfterLoadMs, 1)} | ${fixed(c.frameAfterLoadMs, 0)} |`,
    );
  }
  for (const b of record.breakdowns ?? []) {
    lines.push(
      '',
      `Where the overview's ${b.total} bytes go at ${b.sources} sources: ${b.rows} rows of ${fixed(b.perRowBytes, 0)} bytes on average, ${fixed(b.perRowSparklineBytes, 0)} of them the sparkline (a failing row: ${fixed(b.perFailingRowBytes, 0)}).`,
      '',
      '| part | bytes | share |',
      '|---|---|---|',
    );
    for (const part of b.parts) lines.push(`| ${part.part} | ${part.bytes} | ${fixed(100 * part.share, 1)} % |`);
  }
  for (const note of record.notes ?? []) lines.push('', `Note: ${note}`);
  lines.push('');
  return lines;
}
