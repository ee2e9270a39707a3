/** Cases in `npm test`: the whole file stays under about a minute on a loaded two-core machine. */
export const DEFAULT_RUNS = 300;
/** The seed of `npm test`, fixed so that CI runs the same cases every time. */
export const DEFAULT_SEED = 20260105;

export interface FuzzSettings {
  runs: number;
  seed: number;
  /** Where the seed came from, for the run's first line. */
  seedFrom: 'FUZZ_SEED' | 'default' | 'random';
}

/**
 * FUZZ_RUNS: cases in all (half byte-level, half structural). FUZZ_SEED: fast-check's seed. Without
 * FUZZ_SEED, `npm test` (no FUZZ_RUNS) uses the fixed default, while a long run (FUZZ_RUNS set, as
 * `npm run fuzz` does) draws a random seed, to explore new cases each time; either way it is printed.
 */
export function fuzzSettings(env: NodeJS.ProcessEnv): FuzzSettings {
  const runs = env.FUZZ_RUNS ? Number(env.FUZZ_RUNS) : DEFAULT_RUNS;
  if (!Number.isInteger(runs) || runs < 2) throw new Error(`FUZZ_RUNS must be an integer of at least 2, not ${env.FUZZ_RUNS}`);
  if (env.FUZZ_SEED) {
    const seed = Number(env.FUZZ_SEED);
    if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${env.FUZZ_SEED}`);
    return { runs, seed, seedFrom: 'FUZZ_SEED' };
  }
  if (env.FUZZ_RUNS) return { runs, seed: Math.floor(Math.random() * 2 ** 31), seedFrom: 'random' };
  return { runs, seed: DEFAULT_SEED, seedFrom: 'default' };
}
