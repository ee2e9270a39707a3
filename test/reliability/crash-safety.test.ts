import { describe, expect, it } from 'vitest';
import { runCrashHarness } from './crash-harness.js';

// The hand-run variant (`npm run crash`) sets CRASH_KILLS=200; CRASH_SEED replays a run.
const kills = Number(process.env.CRASH_KILLS ?? 30);
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('a daemon killed with SIGKILL at random moments', () => {
  it(
    `loses no item, stores none twice, and leaves whole outputs and no temp files (${kills} kills, seed ${seed})`,
    async () => {
      const { figures, problems } = await runCrashHarness({ kills, seed });
      console.info(`crash harness figures: ${JSON.stringify(figures)}`);
      expect(problems).toEqual({ missing: [], unexpected: [], duplicatesInStore: [], outputProblems: [], tempFilesLeft: [] });
      expect(figures.itemsStored).toBe(figures.itemsServed);
      expect(figures.outputEntries).toBe(figures.itemsServed);
      // The kills must have hit a working daemon, not only processes still starting.
      expect(figures.killsAfterPublish).toBeGreaterThan(kills / 4);
    },
    (kills * 6 + 90) * 1000,
  );
});
