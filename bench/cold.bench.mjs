#!/usr/bin/env node
import { runCycleScenario } from './lib/cycle-scenario.mjs';
import { median, medianRatio } from './lib/stats.mjs';

/** cold: 1,000 feeds x 40 items, empty store, one `tributary poll` → published. */
await runCycleScenario({
  name: 'cold',
  describe: 'empty store, one tributary poll over every feed, then publish',
  targets: (s) => {
    const wallRatio = medianRatio(s.cycle.wallS, s.baseline.wallS);
    const rss = median(s.cycle.peakRssMb);
    return [
      { metric: 'cold wall vs baseline', unit: '×', ratio: wallRatio, ratioOf: 'tributary / baseline', target: '≤ 0.5×', met: wallRatio <= 0.5 },
      { metric: 'cold peak RSS', unit: 'MB', tributary: rss, baseline: median(s.baseline.peakRssMb), target: '≤ 250 MB', met: rss <= 250 },
    ];
  },
});
