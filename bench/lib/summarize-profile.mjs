#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/*
 * Summarizes a V8 .cpuprofile (node --cpu-prof): top functions by self time, and self time
 * summed per file (node_modules grouped by package), as shares of the sampled time.
 *   node bench/lib/summarize-profile.mjs <file.cpuprofile> [top=25]
 */

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: summarize-profile.mjs <file.cpuprofile> [top]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
}
let total = 0;
const byFunction = new Map();
const byFile = new Map();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  const frame = node.callFrame;
  total += us;
  const where = place(frame.url);
  const name = `${frame.functionName || '(anonymous)'}  ${where}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  byFile.set(where, (byFile.get(where) ?? 0) + us);
}
const show = (map, title) => {
  process.stdout.write(`\n${title} (of ${(total / 1e6).toFixed(2)} s sampled)\n`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${name}\n`);
  }
};
// Each sample charged to the nearest project frame on its stack (a file under src/), so that time
// in node_modules counts for the stage that called it: "which stage costs what".
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const byStageFile = new Map();
const byStage = new Map();
for (const [id, us] of selfUs) {
  let current = id;
  let owner = '(outside src/: start-up, GC, idle, event loop)';
  while (current !== undefined) {
    const url = byId.get(current).callFrame.url;
    const match = /\/src\/(.+)$/.exec(url.replace(/^file:\/\//, ''));
    if (match && !url.includes('/node_modules/')) {
      owner = `src/${match[1].replace(/\.js$/, '.ts')}`;
      break;
    }
    current = parentOf.get(current);
  }
  byStageFile.set(owner, (byStageFile.get(owner) ?? 0) + us);
  const stage = owner.startsWith('src/')
    ? owner
        .split('/')
        .slice(0, owner.split('/').length > 2 ? 2 : 1)
        .join('/')
    : owner;
  byStage.set(stage, (byStage.get(stage) ?? 0) + us);
}
show(byFunction, 'self time by function');
show(byFile, 'self time by file / package');
show(byStage, 'time by pipeline stage (nearest src/ frame on the stack, node_modules included)');
show(byStageFile, 'time by src file (nearest src/ frame on the stack, node_modules included)');

/** @param {string} url */
function place(url) {
  if (!url) return '(native/VM)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 14).split('/');
    const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return `node_modules/${pkg}/${rest.slice(pkg?.startsWith('@') ? 2 : 1).join('/')}`;
  }
  return path.startsWith('/') ? relative(process.cwd(), path) : path;
}
