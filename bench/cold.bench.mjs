#!/usr/bin/env node
import { runCycleScenario } from './lib/cycle-scenario.mjs';
import { median, medianRatio } from './lib/stats.mjs';

/** cold: 1,000 feeds x 40 items, empty store, one `tributary poll` → published. */
await runCycleScenario({
  name: 'cold',
  describe: 'empty store, one tributary poll over every feed, then publish',
  floor: true,
  threaded: true,
  targets: (s) => {
    const wallRatio = medianRatio(s.cycle.wallS, s.baseline.wallS);
    const floorRatio = medianRatio(s.floor.wallS, s.baseline.wallS);
    const rss = median(s.cycle.peakRssMb);
    return [
      { metric: 'cold wall vs baseline', unit: '×', ratio: wallRatio, ratioOf: 'tributary / baseline', target: '≤ 0.5×', met: wallRatio <= 0.5 },
      // What rss-parser alone costs, on every core: no design that parses with it can go below this.
      {
        metric: 'parse floor wall vs baseline',
        unit: '×',
        tributary: median(s.floor.wallS),
        baseline: median(s.baseline.wallS),
        ratio: floorRatio,
        ratioOf: 'rss-parser alone, every core / baseline',
      },
      { metric: 'cold wall vs parse floor', unit: '×', ratio: medianRatio(s.cycle.wallS, s.floor.wallS), ratioOf: 'tributary / parse floor' },
      // The same, each item's body also sanitized with Tributary's sanitizer: what a cycle that publishes safe HTML cannot skip.
      {
        metric: 'parse + sanitize floor wall vs baseline',
        unit: '×',
        tributary: median(s.sanitizeFloor.wallS),
        baseline: median(s.baseline.wallS),
        ratio: medianRatio(s.sanitizeFloor.wallS, s.baseline.wallS),
        ratioOf: 'rss-parser + sanitize, every core / baseline',
      },
      {
        metric: 'parse floor CPU',
        unit: 's',
        tributary: median(s.floor.cpuS),
        baseline: median(s.baseline.cpuS),
        ratio: medianRatio(s.floor.cpuS, s.baseline.cpuS),
        ratioOf: 'parse floor / baseline',
      },
      { metric: 'cold peak RSS', unit: 'MB', tributary: rss, baseline: median(s.baseline.peakRssMb), target: '≤ 250 MB', met: rss <= 250 },
      // fetch.parseThreads = cores: what the threads buy (wall) and cost (memory); not the default.
      {
        metric: 'cold wall, a parse thread per core, vs baseline',
        unit: '×',
        tributary: median(s.threaded.wallS),
        baseline: median(s.baseline.wallS),
        ratio: medianRatio(s.threaded.wallS, s.baseline.wallS),
        ratioOf: 'tributary (threads) / baseline',
      },
      { metric: 'cold wall, a parse thread per core, vs main thread only', unit: '×', ratio: medianRatio(s.threaded.wallS, s.cycle.wallS), ratioOf: 'threads / main thread' },
      { metric: 'cold peak RSS, a parse thread per core', unit: 'MB', tributary: median(s.threaded.peakRssMb), baseline: median(s.baseline.peakRssMb) },
    ];
  },
});
