#!/usr/bin/env node
import { runCycleScenario } from './lib/cycle-scenario.mjs';
import { medianRatio } from './lib/stats.mjs';

/** warm: the same poll again with every feed unchanged; the fixture answers 304 to all. */
await runCycleScenario({
  name: 'warm',
  describe: 'after a cold cycle, every feed answers 304 Not Modified',
  before: async () => {},
  targets: (s) => {
    const ratio = medianRatio(s.cycle.cpuS, s.cold.cpuS);
    const vsBaseline = medianRatio(s.cycle.cpuS, s.baseline.cpuS);
    return [
      { metric: 'warm CPU vs own cold CPU', unit: '×', ratio, ratioOf: 'warm / cold (tributary)', target: '≤ 0.05×', met: ratio <= 0.05 },
      { metric: 'warm CPU vs baseline CPU (process start-up included)', unit: '×', ratio: vsBaseline, ratioOf: 'warm (tributary poll) / baseline', target: '≤ 0.15×', met: vsBaseline <= 0.15 },
    ];
  },
});
