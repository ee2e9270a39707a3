import { availableParallelism } from 'node:os';
import { baselinePoll, fetchCeiling, parseFloor, tributaryPoll } from './contenders.mjs';
import { startFixture } from './fixture.mjs';
import { envNumber, progress, saveResult } from './report.mjs';
import { median, medianRatio } from './stats.mjs';
import { createWorkspace, emptyStore } from './workspace.mjs';

/*
 * The poll scenarios share one shape. Each run: fixture reset, empty store, Tributary's cold
 * cycle; then the scenario's change to the fixture (none for cold and warm, validators ignored,
 * churn) and Tributary's cycle under it; then the baseline and the fetch ceiling against the
 * same fixture state. Ratios are taken within each run, then the median over runs.
 * BENCH_RUNS (default 3) and BENCH_FEEDS (default 1000) override the size.
 */

/**
 * @typedef {import('./fixture.mjs').Fixture} Fixture
 * @typedef {{ name: string, describe: string, floor?: boolean, threaded?: boolean, before?: (fixture: Fixture) => Promise<void>, after?: (fixture: Fixture) => Promise<void>, targets: (m: Medians) => import('./report.mjs').Row[] }} CycleScenario
 * @typedef {{ cold: Series, cycle: Series, baseline: Series, ceiling: Series, floor: Series, sanitizeFloor: Series, threaded: Series }} Medians
 * @typedef {{ wallS: number[], cpuS: number[], peakRssMb: number[] }} Series
 */

/** @param {CycleScenario} scenario */
export async function runCycleScenario(scenario) {
  const feeds = envNumber('BENCH_FEEDS', 1000);
  const items = envNumber('BENCH_ITEMS', 40);
  const runs = envNumber('BENCH_RUNS', 3);
  progress(`${scenario.name}: starting the fixture server (${feeds} feeds x ${items} items)`);
  const fixture = await startFixture({ feeds, items, gzip: process.env.BENCH_GZIP === '1' });
  const ws = await createWorkspace({ feeds, feedUrl: fixture.feedUrl });
  // The same cycle with a parse thread per core (fetch.parseThreads), for what threads buy and cost.
  const threads = availableParallelism();
  const wsThreaded = scenario.threaded ? await createWorkspace({ feeds, feedUrl: fixture.feedUrl, extra: { fetch: { concurrency: 16, perHostConcurrency: 16, parseThreads: threads } } }) : undefined;
  /** @type {Medians} */
  const series = { cold: newSeries(), cycle: newSeries(), baseline: newSeries(), ceiling: newSeries(), floor: newSeries(), sanitizeFloor: newSeries(), threaded: newSeries() };
  const raw = [];
  try {
    for (let run = 1; run <= runs; run++) {
      await fixture.control('reset');
      await emptyStore(ws);
      const cold = await tributaryPoll(ws, `cold-${run}`);
      assertClean(cold.outcome, 'cold');
      progress(`${scenario.name} run ${run}/${runs}: tributary cold ${show(cold)}`);
      let cycle = cold;
      if (scenario.before) {
        await scenario.before(fixture);
        cycle = await tributaryPoll(ws, `${scenario.name}-${run}`);
        assertClean(cycle.outcome, scenario.name);
        progress(`${scenario.name} run ${run}/${runs}: tributary ${scenario.name} ${show(cycle)} ${JSON.stringify(cycle.outcome)}`);
      }
      const baseline = await baselinePoll(ws);
      progress(`${scenario.name} run ${run}/${runs}: baseline ${show(baseline)}`);
      const ceiling = await fetchCeiling(ws);
      progress(`${scenario.name} run ${run}/${runs}: ceiling ${show(ceiling)} ${JSON.stringify(ceiling.outcome)}`);
      let threaded;
      if (wsThreaded) {
        await fixture.control('reset');
        await emptyStore(wsThreaded);
        threaded = await tributaryPoll(wsThreaded, `threaded-${run}`);
        assertClean(threaded.outcome, 'threaded');
        progress(`${scenario.name} run ${run}/${runs}: tributary with ${threads} parse threads ${show(threaded)}`);
      }
      // The parse floor (cold only): rss-parser alone on every core, to show what no design can beat.
      const floor = scenario.floor ? await parseFloor(ws) : undefined;
      if (floor) progress(`${scenario.name} run ${run}/${runs}: parse floor ${show(floor)} ${JSON.stringify(floor.outcome)}`);
      // And with every item's body sanitized by Tributary's own sanitizer: the work no safe cycle skips.
      const sanitizeFloor = scenario.floor ? await parseFloor(ws, { sanitize: true }) : undefined;
      if (sanitizeFloor) progress(`${scenario.name} run ${run}/${runs}: parse + sanitize floor ${show(sanitizeFloor)}`);
      await scenario.after?.(fixture);
      for (const [key, m] of /** @type {const} */ ([
        ['cold', cold],
        ['cycle', cycle],
        ['baseline', baseline],
        ['ceiling', ceiling],
        ['floor', floor],
        ['sanitizeFloor', sanitizeFloor],
        ['threaded', threaded],
      ])) {
        if (!m) continue;
        series[key].wallS.push(m.wallS);
        series[key].cpuS.push(m.cpuS);
        series[key].peakRssMb.push(m.peakRssMb);
      }
      raw.push({
        run,
        cold: strip(cold),
        cycle: strip(cycle),
        baseline: strip(baseline),
        ceiling: strip(ceiling),
        ...(floor ? { floor: strip(floor) } : {}),
        ...(sanitizeFloor ? { sanitizeFloor: strip(sanitizeFloor) } : {}),
        ...(threaded ? { threaded: strip(threaded) } : {}),
      });
    }
  } finally {
    await fixture.stop();
    await ws.remove();
    await wsThreaded?.remove();
  }
  const rows = [...row('wall', 's', series, 'wallS'), ...row('CPU user+sys', 's', series, 'cpuS'), ...row('peak RSS', 'MB', series, 'peakRssMb'), ...scenario.targets(series)];
  await saveResult(scenario.name, {
    parameters: { feeds, items, runs, ...(wsThreaded ? { threads } : {}), xmlMB: Math.round(fixture.info.totalBytes / 1e6), gzip: process.env.BENCH_GZIP === '1', describe: scenario.describe },
    rows,
    runs: raw,
  });
}

function newSeries() {
  return { wallS: [], cpuS: [], peakRssMb: [] };
}

/**
 * Tributary's cycle against the baseline (ratio) and the ceiling, for one measure.
 * @param {string} metric @param {string} unit @param {Medians} s @param {keyof Series} key
 * @returns {import('./report.mjs').Row[]}
 */
function row(metric, unit, s, key) {
  return [
    {
      metric,
      unit,
      tributary: median(s.cycle[key]),
      baseline: median(s.baseline[key]),
      ceiling: median(s.ceiling[key]),
      ratio: medianRatio(s.cycle[key], s.baseline[key]),
      ratioOf: 'tributary / baseline',
    },
    { metric: `${metric} vs fetch ceiling`, unit: '×', ratio: medianRatio(s.cycle[key], s.ceiling[key]), ratioOf: 'tributary / ceiling' },
  ];
}

/** @param {{ failed: number, skipped: number }} outcome @param {string} label */
function assertClean(outcome, label) {
  if (outcome.failed > 0 || outcome.skipped > 0) throw new Error(`${label}: ${outcome.failed} failed, ${outcome.skipped} skipped sources`);
}

/** @param {import('./measure.mjs').Measurement} m */
function show(m) {
  return `wall ${m.wallS.toFixed(2)} s, cpu ${m.cpuS.toFixed(2)} s, peak ${m.peakRssMb.toFixed(0)} MB`;
}

/** @param {import('./measure.mjs').Measurement & { outcome?: unknown }} m */
function strip(m) {
  return { wallS: round(m.wallS), userS: m.userS, sysS: m.sysS, cpuS: round(m.cpuS), peakRssMb: round(m.peakRssMb), outcome: m.outcome };
}

/** @param {number} n */
function round(n) {
  return Math.round(n * 1000) / 1000;
}

export { median, medianRatio };
