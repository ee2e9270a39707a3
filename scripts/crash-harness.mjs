#!/usr/bin/env node
// The long crash-safety run, by hand: `npm run crash` (200 SIGKILLs), or `npm run crash -- 500 [seed]`.
// It runs the same harness as test/reliability/crash-safety.test.ts (30 kills in `npm test`) with
// more kills, and prints its figures. Needs a fresh build (the npm script builds first).
import { spawnSync } from 'node:child_process';

const kills = process.argv[2] ?? '200';
const seed = process.argv[3];
const env = { ...process.env, CRASH_KILLS: kills, ...(seed ? { CRASH_SEED: seed } : {}) };
const run = spawnSync('npx', ['vitest', 'run', 'test/reliability/crash-safety.test.ts', '--reporter=default'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
process.stdout.write(run.stdout);
const figures = /crash harness figures: (\{.*\})/.exec(run.stdout)?.[1];
if (figures) {
  const f = JSON.parse(figures);
  console.log(
    `\n${f.kills} SIGKILLs (seed ${f.seed}): ${f.killsAfterStart} after start-up, ${f.killsAfterPublish} after a publish, ` +
      `${f.killsMidWrite} mid-write; ${f.itemsServed} items served, ${f.itemsStored} stored, ${f.outputEntries} in all.atom; ` +
      `${Math.round(f.durationMs / 1000)} s`,
  );
}
process.exit(run.status ?? 1);
