import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cliPath } from './contenders.mjs';
import { connectInspector } from './soak-inspector.mjs';
import { parseMetrics } from './soak-metrics.mjs';

/*
 * `tributary run` as a child process for the soak: its JSON log (stdout) and stderr go to files in
 * the workspace; its HTTP server listens on the port the config gives (0: any free one), read from
 * the "tributary started" log line. With `inspect`, node runs with --inspect=127.0.0.1:0 and the
 * soak connects to it to force collections (see soak-inspector.mjs).
 */

const START_TIMEOUT_MS = 120_000;

/**
 * @param {import('./workspace.mjs').Workspace} ws
 * @param {{ inspect: boolean }} options
 */
export async function startDaemon(ws, options) {
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  if (options.inspect) flags.push('--inspect=127.0.0.1:0');
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };
  delete env.PORT; // PORT would override the config's port
  const child = spawn(process.execPath, [...flags, cliPath(), 'run', '--config', ws.config, '--store', ws.storeUri, '--out', ws.out], {
    cwd: ws.dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  child.stdout.pipe(createWriteStream(join(ws.dir, 'daemon.log')));
  child.stderr.pipe(createWriteStream(join(ws.dir, 'daemon.stderr')));

  // Both lines are looked for from the start: node prints the inspector's address before anything else.
  const started = firstMatch(child.stdout, (line) => (line.includes('tributary started') ? JSON.parse(line).url : undefined), exited, 'the "tributary started" log line');
  const inspectorUrl = options.inspect ? firstMatch(child.stderr, (line) => /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1], exited, 'the inspector address') : undefined;
  let url;
  let inspector;
  try {
    [url, inspector] = await Promise.all([started, inspectorUrl?.then(connectInspector)]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  return {
    pid: child.pid,
    url,
    /** One scrape of /metrics, parsed. */
    async metrics() {
      const response = await fetch(`${url}/metrics`);
      if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
      return parseMetrics(await response.text());
    },
    /**
     * Resident memory by kind of mapping (Linux /proc/<pid>/smaps), in MB: `brk` is malloc's main
     * arena ([heap]), `anon` every other anonymous mapping (V8's heap pages, other malloc arenas,
     * large mallocs), `file` mapped files (node, libsql, the SQLite -shm). Undefined elsewhere.
     */
    async memoryMaps() {
      const text = await readFile(`/proc/${child.pid}/smaps`, 'utf8').catch(() => undefined);
      return text === undefined ? undefined : sumMaps(text);
    },
    /** A full collection through the inspector; false when the daemon runs without one. */
    async collectGarbage() {
      if (!inspector) return false;
      await inspector.collectGarbage();
      return true;
    },
    /** The inspector's CPU profiler (see soak-inspector.mjs); throws without the inspector. */
    profiler() {
      if (!inspector) throw new Error('CPU profiles need the inspector');
      return { start: () => inspector.startProfiling(), stop: (/** @type {string} */ file) => inspector.stopProfiling(file) };
    },
    /** @param {string} file */
    async writeHeapSnapshot(file) {
      if (!inspector) throw new Error('heap snapshots need the inspector (SOAK_GC=1)');
      await inspector.writeHeapSnapshot(file);
    },
    /** SIGTERM (the daemon drains and exits), SIGKILL after 30 s. Resolves with the exit code. */
    async stop() {
      inspector?.close();
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** @param {string} smaps */
function sumMaps(smaps) {
  const kb = { brk: 0, anon: 0, file: 0 };
  /** @type {keyof typeof kb} */
  let kind = 'anon';
  for (const line of smaps.split('\n')) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (mapping) {
      const name = mapping[2] ?? '';
      kind = name === '[heap]' ? 'brk' : name === '' || name.startsWith('[') ? 'anon' : 'file';
    } else if (line.startsWith('Rss:')) {
      kb[kind] += Number(line.split(/\s+/)[1]);
    }
  }
  return { brkMb: kb.brk / 1024, anonMb: kb.anon / 1024, fileMb: kb.file / 1024 };
}

/**
 * The first non-undefined `pick(line)` over a stream's lines.
 * @template T
 * @param {import('node:stream').Readable} stream
 * @param {(line: string) => T | undefined} pick
 * @param {Promise<unknown>} exited
 * @param {string} what
 * @returns {Promise<T>}
 */
function firstMatch(stream, pick, exited, what) {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => finish(new Error(`no ${what} within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    /** @param {string} chunk */
    const onData = (chunk) => {
      buffered += chunk;
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const found = pick(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (found !== undefined) return finish(undefined, found);
      }
    };
    /** @param {Error | undefined} error @param {T} [value] */
    function finish(error, value) {
      clearTimeout(timer);
      stream.off('data', onData);
      if (error) reject(error);
      else resolve(/** @type {T} */ (value));
    }
    stream.setEncoding('utf8').on('data', onData);
    exited.then((code) => finish(new Error(`the daemon exited (${code}) before ${what}`)));
  });
}
