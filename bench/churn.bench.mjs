#!/usr/bin/env node
import { runCycleScenario } from './lib/cycle-scenario.mjs';
import { medianRatio } from './lib/stats.mjs';

/** churn: after a cold cycle, 10 % of the feeds gain 5 items each (the rest answer 304). */
await runCycleScenario({
  name: 'churn',
  describe: 'after a cold cycle, 10 % of the feeds (seeded pick) gain 5 new items; the rest answer 304',
  before: async (fixture) => {
    await fixture.control('churn?fraction=0.1&items=5');
  },
  targets: (s) => [
    { metric: 'churn CPU vs own cold CPU', unit: '×', ratio: medianRatio(s.cycle.cpuS, s.cold.cpuS), ratioOf: 'churn / cold (tributary)' },
    { metric: 'churn wall vs baseline', unit: '×', ratio: medianRatio(s.cycle.wallS, s.baseline.wallS), ratioOf: 'tributary / baseline' },
  ],
});
