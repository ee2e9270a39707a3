#!/usr/bin/env node
import { runCycleScenario } from './lib/cycle-scenario.mjs';
import { medianRatio } from './lib/stats.mjs';

/** unchanged-200: the fixture ignores validators and resends identical bodies with 200. */
await runCycleScenario({
  name: 'unchanged-200',
  describe: 'after a cold cycle, every feed answers 200 with the same bytes (validators ignored)',
  before: async (fixture) => {
    await fixture.control('validators?ignore=1');
  },
  after: async (fixture) => {
    await fixture.control('validators?ignore=0');
  },
  targets: (s) => {
    const ratio = medianRatio(s.cycle.cpuS, s.cold.cpuS);
    return [{ metric: 'unchanged-200 CPU vs own cold CPU', unit: '×', ratio, ratioOf: 'unchanged / cold (tributary)', target: '≤ 0.20×', met: ratio <= 0.2 }];
  },
});
