#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliPath, distPath, tributaryPoll } from './lib/contenders.mjs';
import { startFixture } from './lib/fixture.mjs';
import { envNumber, progress, saveResult } from './lib/report.mjs';
import { median } from './lib/stats.mjs';
import { createWorkspace } from './lib/workspace.mjs';

/*
 * serve: the daemon's /feeds/all.atom under load (autocannon, gzip accepted), with and without
 * If-None-Match, against a bare node:http server sending the same bytes precompressed, in the
 * same run: rounds of [bare full, tributary full, tributary 304, bare 304], ratios per round.
 * The store comes from one `tributary poll` over a small fixture; then `tributary run` starts with
 * the config's server block. If the daemon does not answer /feeds/all.atom within
 * BENCH_SERVE_WAIT_S, the project's HttpServer + OutputCache (dist/src/server) are served by
 * bench/lib/serve-output-cache.mjs instead, and the result says so.
 *   BENCH_SERVE_FEEDS=100  BENCH_SERVE_ROUNDS=3  BENCH_SERVE_SECONDS=10  BENCH_SERVE_CONNECTIONS=32
 */

const feeds = envNumber('BENCH_SERVE_FEEDS', 100);
const rounds = envNumber('BENCH_SERVE_ROUNDS', 3);
const seconds = envNumber('BENCH_SERVE_SECONDS', 10);
const connections = envNumber('BENCH_SERVE_CONNECTIONS', 32);
const waitS = envNumber('BENCH_SERVE_WAIT_S', 60);
const { default: autocannon } = await import('autocannon').catch(() => {
  throw new Error('autocannon is missing: npm install (it is a devDependency)');
});

const fixture = await startFixture({ feeds });
const port = await freePort();
const ws = await createWorkspace({
  feeds,
  feedUrl: fixture.feedUrl,
  extra: { server: { enabled: true, host: '127.0.0.1', port }, schedule: { default: '0 0 1 1 *', jitterSeconds: 0 } },
});
/** @type {Array<{ stop: () => Promise<void> }>} */
const children = [];
const notes = [];
try {
  const poll = await tributaryPoll(ws, 'serve-fill');
  progress(`serve: store filled (${JSON.stringify(poll.outcome)})`);

  let mode = 'daemon (tributary run)';
  let target = `http://127.0.0.1:${port}`;
  await fixture.control('stats/reset');
  const daemon = startChild(process.execPath, [cliPath(), 'run', '--config', ws.config, '--store', ws.storeUri, '--out', ws.out], join(ws.dir, 'daemon.log'));
  children.push(daemon);
  if (await waitForFeed(`${target}/feeds/all.atom`, waitS * 1000)) {
    // The daemon polls every source at start: let that finish (and its publish) before measuring.
    const deadline = Date.now() + waitS * 1000;
    while ((await fixture.control('stats', 'GET')).requests < feeds && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    await new Promise((resolve) => setTimeout(resolve, 3000));
  } else {
    await daemon.stop();
    mode = 'HttpServer + OutputCache from dist/src/server (the daemon did not serve /feeds/all.atom)';
    notes.push(`tributary run did not answer GET /feeds/all.atom within ${waitS} s (log: daemon.log); measured the project's HttpServer component outside the daemon instead`);
    const component = startChild(process.execPath, [fileURLToPath(new URL('./lib/serve-output-cache.mjs', import.meta.url)), '--dist', distPath(), '--file', join(ws.out, 'all.atom')]);
    children.push(component);
    target = (await component.ready).url;
  }
  progress(`serve: measuring ${mode} at ${target}`);

  const identity = await fetch(`${target}/feeds/all.atom`, { headers: { 'accept-encoding': 'identity' } });
  const etag = identity.headers.get('etag');
  const bytesFile = join(ws.dir, 'served-all.atom');
  await writeFile(bytesFile, Buffer.from(await identity.arrayBuffer()));
  const gz = await fetch(`${target}/feeds/all.atom`, { headers: { 'accept-encoding': 'gzip' } });
  if (gz.headers.get('content-encoding') !== 'gzip') notes.push(`the served all.atom is not gzipped for accept-encoding: gzip (${gz.headers.get('content-encoding')})`);
  if (!etag) throw new Error('the served all.atom has no ETag');

  const bare = startChild(process.execPath, [fileURLToPath(new URL('./baseline/bare-server.mjs', import.meta.url)), '--file', bytesFile]);
  children.push(bare);
  const bareInfo = await bare.ready;

  const series = { bareFull: [], tribFull: [], trib304: [], bare304: [] };
  for (let round = 1; round <= rounds; round++) {
    series.bareFull.push(await load(`${bareInfo.url}/feeds/all.atom`, { 'accept-encoding': 'gzip' }, 200));
    series.tribFull.push(await load(`${target}/feeds/all.atom`, { 'accept-encoding': 'gzip' }, 200));
    series.trib304.push(await load(`${target}/feeds/all.atom`, { 'accept-encoding': 'gzip', 'if-none-match': etag }, 304));
    series.bare304.push(await load(`${bareInfo.url}/feeds/all.atom`, { 'accept-encoding': 'gzip', 'if-none-match': bareInfo.etag }, 304));
    progress(
      `serve round ${round}/${rounds}: bare ${series.bareFull.at(-1)} req/s, tributary ${series.tribFull.at(-1)} req/s, tributary 304 ${series.trib304.at(-1)} req/s, bare 304 ${series.bare304.at(-1)} req/s`,
    );
  }
  const fullRatio = median(series.tribFull.map((t, i) => t / series.bareFull[i]));
  const rate304 = median(series.trib304);
  await saveResult('serve', {
    parameters: { mode, feeds, rounds, seconds, connections, allAtomBytes: bareInfo.bytes, gzipBytes: bareInfo.gzipBytes, tool: 'autocannon' },
    rows: [
      {
        metric: 'full all.atom (gzip) rate',
        unit: 'req/s',
        tributary: median(series.tribFull),
        baseline: median(series.bareFull),
        ratio: fullRatio,
        ratioOf: 'tributary / bare node:http (same bytes)',
        target: '≥ 0.8×',
        met: fullRatio >= 0.8,
      },
      {
        metric: '304 (If-None-Match) rate',
        unit: 'req/s',
        tributary: rate304,
        baseline: median(series.bare304),
        ratio: median(series.trib304.map((t, i) => t / series.bare304[i])),
        ratioOf: 'tributary / bare node:http',
        target: '≥ 10,000 req/s',
        met: rate304 >= 10_000,
      },
    ],
    runs: [series],
    notes,
  });
} finally {
  for (const child of children.reverse()) await child.stop();
  await fixture.stop();
  await ws.remove();
}

/**
 * One autocannon load; the request rate (mean req/s), checking every answer had `status`.
 * @param {string} url @param {Record<string, string>} headers @param {number} status
 */
async function load(url, headers, status) {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  const expected = result.statusCodeStats?.[String(status)]?.count ?? 0;
  if (expected < result.requests.total * 0.99) throw new Error(`${url}: expected ${status}, got ${JSON.stringify(result.statusCodeStats)}`);
  return Math.round(result.requests.average);
}

/** @param {string} url @param {number} timeoutMs */
async function waitForFeed(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

/**
 * A child process; `ready` resolves with the first JSON line it prints (servers print their url).
 * @param {string} command @param {string[]} args @param {string} [logFile]
 */
function startChild(command, args, logFile) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', logFile ? 'pipe' : 'inherit'] });
  if (logFile && child.stderr) child.stderr.pipe(createWriteStream(logFile));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let buffered = '';
  const ready = new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        try {
          resolve(JSON.parse(buffered.slice(0, newline)));
        } catch {
          buffered = buffered.slice(newline + 1);
        }
      }
    });
  });
  ready.catch(() => undefined);
  return {
    ready,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}
