import { fixed } from './stats.mjs';

/*
 * The soak's section of RESULTS.md (write-results.mjs calls it): the verdict per memory series and
 * the per-cycle figures, in groups of cycles (means) when there are more than MAX_TABLE_ROWS.
 */

const MAX_TABLE_ROWS = 30;

const COLUMNS = /** @type {const} */ ([
  ['round s', 'roundS', 1],
  ['changed / polls', null, 0],
  ['items stored', 'itemsStored', 0],
  ['store file MB', 'storeFileMb', 1],
  ['RSS MB (quiet min)', 'rssMb', 1],
  ['heap used MB (quiet min)', 'heapUsedMb', 1],
  ['RSS MB (after GC)', 'rssAfterGcMb', 1],
  ['heap used MB (after GC)', 'heapUsedAfterGcMb', 1],
]);

/**
 * @param {any} record bench/results/soak.json
 * @returns {string[]} lines
 */
export function soakSection(record) {
  const m = record.machine;
  const { describe, ...parameters } = record.parameters;
  const verdict = record.verdict;
  const rows = /** @type {Array<Record<string, number>>} */ (record.runs[0]?.cycles ?? []);
  const lines = [`## ${record.scenario}`, ''];
  if (describe) lines.push(describe, '');
  lines.push(
    `Parameters: \`${JSON.stringify(parameters)}\`. Finished ${record.finishedAt} on ${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}; load average at the end ${m.loadAverage}.`,
    '',
  );

  const c = verdict.criterion;
  lines.push(
    `Verdict: memory ${verdict.rss.met && verdict.heapUsed.met ? '**does not trend upward**' : '**trends upward**'} (${verdict.basis}; criterion per series: least-squares slope over cycles ${verdict.rss.fittedCycles.join('–')} < ${c.maxSlopePerCycle} MB/cycle, and mean of the last quarter ≤ ${c.maxQuarterRatio}× mean of the second quarter).`,
    '',
    '| series | slope MB/cycle | MB/100 cycles | mean, second quarter | mean, last quarter | last ÷ second | met? |',
    '|---|---|---|---|---|---|---|',
  );
  const series = [
    [`RSS (${verdict.basis})`, verdict.rss, true],
    [`heap used (${verdict.basis})`, verdict.heapUsed, true],
  ];
  if (record.parameters.forceGc)
    series.push(['RSS, quiet-window minimum (no forced GC)', verdict.rssQuietMin, false], ['heap used, quiet-window minimum (no forced GC)', verdict.heapUsedQuietMin, false]);
  for (const [name, t, counts] of series) {
    lines.push(
      `| ${name} | ${fixed(t.slopePerCycle, 3)} | ${fixed(t.slopePer100, 1)} | ${fixed(t.secondQuarterMean, 1)} MB (cycles ${t.secondQuarter.join('–')}) | ${fixed(t.lastQuarterMean, 1)} MB (cycles ${t.lastQuarter.join('–')}) | ${fixed(t.quarterRatio, 3)}× | ${counts ? (t.met ? 'yes' : '**no**') : `(not judged: ${t.met ? 'would pass' : 'would fail'})`} |`,
    );
  }
  lines.push('');

  const cold = rows.find((row) => row.cycle === 0);
  const cycles = rows.filter((row) => row.cycle > 0);
  const size = Math.max(1, Math.ceil(cycles.length / MAX_TABLE_ROWS));
  lines.push(
    size === 1
      ? 'Per cycle (cycle 0 is the start-up poll of every source into an empty store):'
      : `Per cycle, in groups of ${size} cycles (means; cycle 0 is the start-up poll of every source into an empty store):`,
    '',
  );
  lines.push(`| cycle | ${COLUMNS.map(([title]) => title).join(' | ')} |`, `|---|${COLUMNS.map(() => '---').join('|')}|`);
  const groups = cold ? [[cold]] : [];
  for (let i = 0; i < cycles.length; i += size) groups.push(cycles.slice(i, i + size));
  for (const group of groups) {
    const first = /** @type {Record<string, number>} */ (group[0]).cycle;
    const last = /** @type {Record<string, number>} */ (group.at(-1)).cycle;
    const cells = COLUMNS.map(([, key, digits]) => {
      if (key === null) return `${fixed(meanOf(group, 'changed'), 0)} / ${fixed(meanOf(group, 'polls'), 0)}`;
      return fixed(meanOf(group, key), digits);
    });
    lines.push(`| ${first === last ? first : `${first}–${last}`} | ${cells.join(' | ')} |`);
  }
  for (const note of record.notes ?? []) lines.push('', `Note: ${note}`);
  lines.push('');
  return lines;
}

/** @param {ReadonlyArray<Record<string, number>>} rows @param {string} key */
function meanOf(rows, key) {
  const values = rows.map((row) => row[key]).filter((v) => typeof v === 'number' && Number.isFinite(v));
  return values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}
