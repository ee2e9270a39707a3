#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tributaryPoll } from './lib/contenders.mjs';
import { startFixture } from './lib/fixture.mjs';
import { progress } from './lib/report.mjs';
import { createWorkspace } from './lib/workspace.mjs';

/*
 * Profiles one Tributary poll cycle of a scenario with `node --cpu-prof` (and `--heap-prof` with
 * --heap) and prints the top self-time functions and files.
 *   node bench/profile.mjs --scenario cold|warm|unchanged-200|churn|news-cycle [--feeds 200] [--heap] [--out dir]
 */

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'cold' },
    feeds: { type: 'string', default: '200' },
    heap: { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('./profiles/', import.meta.url)) },
    top: { type: 'string', default: '30' },
  },
});
const feeds = Number(args.feeds);
const dir = join(args.out, `${args.scenario}-${feeds}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(dir, { recursive: true });
const flags = `--cpu-prof --cpu-prof-dir=${dir}${args.heap ? ` --heap-prof --heap-prof-dir=${dir}` : ''}`;

const fixture = await startFixture({ feeds });
// Parsing in the main thread, where the profiler sees it.
const ws = await createWorkspace({ feeds, feedUrl: fixture.feedUrl, extra: { fetch: { concurrency: 16, perHostConcurrency: 16, parseThreads: 0 } } });
try {
  const profiled = async (label) => {
    process.env.BENCH_NODE_FLAGS = flags;
    try {
      return await tributaryPoll(ws, label);
    } finally {
      delete process.env.BENCH_NODE_FLAGS;
    }
  };
  if (args.scenario === 'cold') {
    const m = await profiled('cold');
    progress(`cold: wall ${m.wallS.toFixed(2)} s, cpu ${m.cpuS.toFixed(2)} s ${JSON.stringify(m.outcome)}`);
  } else {
    await tributaryPoll(ws, 'cold');
    if (args.scenario === 'unchanged-200') await fixture.control('validators?ignore=1');
    if (args.scenario === 'churn') await fixture.control('churn?fraction=0.1&items=5');
    if (args.scenario === 'news-cycle') await fixture.control('churn?fraction=1&items=2');
    const m = await profiled(args.scenario);
    progress(`${args.scenario}: wall ${m.wallS.toFixed(2)} s, cpu ${m.cpuS.toFixed(2)} s ${JSON.stringify(m.outcome)}`);
  }
} finally {
  await fixture.stop();
  await ws.remove();
}
const summarize = fileURLToPath(new URL('./lib/summarize-profile.mjs', import.meta.url));
for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
  process.stdout.write(`\n# ${join(dir, file)}\n`);
  spawnSync(process.execPath, [summarize, join(dir, file), args.top], { stdio: 'inherit' });
}
if (args.heap)
  process.stdout.write(
    `\nheap profiles (open in Chrome DevTools): ${readdirSync(dir)
      .filter((n) => n.endsWith('.heapprofile'))
      .join(', ')}\n`,
  );
