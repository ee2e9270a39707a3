#!/usr/bin/env node
import { runCycleScenario } from './lib/cycle-scenario.mjs';
import { medianRatio } from './lib/stats.mjs';

/**
 * news-cycle: after a cold cycle, every feed gains 2 new items and resends its whole document (the
 * oldest 2 fall off): a news source's everyday poll, 38 of its 40 items already stored.
 */
await runCycleScenario({
  name: 'news-cycle',
  describe: 'after a cold cycle, every feed gains 2 new items and resends its whole document',
  before: async (fixture) => {
    await fixture.control('churn?fraction=1&items=2');
  },
  targets: (s) => [
    { metric: 'news-cycle CPU vs own cold CPU', unit: '×', ratio: medianRatio(s.cycle.cpuS, s.cold.cpuS), ratioOf: 'news-cycle / cold (tributary)' },
    { metric: 'news-cycle wall vs baseline', unit: '×', ratio: medianRatio(s.cycle.wallS, s.baseline.wallS), ratioOf: 'tributary / baseline' },
  ],
});
