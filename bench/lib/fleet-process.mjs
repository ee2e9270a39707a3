import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { cliPath } from './contenders.mjs';

/*
 * The processes of the fleet scenario: `tributary run --role …` children started the way pm2
 * starts them (an IPC channel; each sends 'ready' once started), their CPU and peak RSS read from
 * /proc just before they are stopped, and the 'job done' lines the workers log at debug level.
 */

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** Fields of /proc/<pid>/stat after the command name (field 3, the state, is index 0). @param {number} pid */
function statFields(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/**
 * User + system CPU of a process so far (utime + stime, and with `children` cutime + cstime of the
 * children it waited for), in seconds.
 * @param {number} pid @param {{ children?: boolean }} [options]
 */
export function processCpuS(pid, options = {}) {
  const f = statFields(pid).map(Number);
  const own = /** @type {number} */ (f[11]) + /** @type {number} */ (f[12]);
  const children = options.children ? /** @type {number} */ (f[13]) + /** @type {number} */ (f[14]) : 0;
  return (own + children) / TICKS;
}

/** Peak resident set of a process so far (VmHWM), MB. @param {number} pid */
export function peakRssMb(pid) {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** Busy and total jiffies of the whole machine (/proc/stat): busy cores = Δbusy / Δtotal × nproc. */
export function machineTicks() {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const total = cpu.slice(0, 8).reduce((sum, n) => sum + n, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return { busy: total - idle, total };
}

/** The pid of this process's child running `script` (e.g. the fixture server), if any. @param {string} script */
export function childPidRunning(script) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(statFields(Number(entry))[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(script)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** Every child started here, killed with SIGKILL if the harness exits with them still running. */
const alive = new Set();
process.on('exit', () => {
  for (const child of alive) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * @typedef {{ name: string, role: string, pid: number, readyAt: number, jobs: { count: number, keys: Set<string>, statuses: Record<string, number>, lastAt: number },
 *   errors: () => number, cpuS: () => number, peakRssMb: () => number, stop: () => Promise<{ code: number | null, signal: string | null }>, kill: () => void }} RoleProcess
 */

/**
 * Starts `tributary run --role <role>` and waits for its 'ready'. Its log (stdout and stderr) goes
 * to `logFile`; 'job done' lines (or `jobMessage`) are counted as they come (`jobs`), and `onJob` is called on each.
 * @param {{ name: string, role: string, config: string, out: string, logFile: string, logLevel: string, jobMessage?: string, onJob?: () => void }} options
 * @returns {Promise<RoleProcess>}
 */
export async function startRole(options) {
  const child = spawn(process.execPath, [cliPath(), 'run', '--config', options.config, '--out', options.out, '--role', options.role], {
    env: { ...process.env, LOG_LEVEL: options.logLevel },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  alive.add(child);
  const exited = once(child, 'exit');
  const log = createWriteStream(options.logFile);
  const jobs = { count: 0, keys: new Set(), statuses: /** @type {Record<string, number>} */ ({}), lastAt: 0 };
  let errors = 0;
  let buffered = '';
  const marker = `"msg":"${options.jobMessage ?? 'job done'}"`;
  const onData = (/** @type {string} */ chunk) => {
    log.write(chunk);
    buffered += chunk;
    for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.includes('"level":50') || line.includes('"level":60')) errors += 1;
      if (!line.includes(marker)) continue;
      const entry = JSON.parse(line);
      jobs.count += 1;
      jobs.keys.add(entry.source_key);
      jobs.statuses[entry.status] = (jobs.statuses[entry.status] ?? 0) + 1;
      jobs.lastAt = performance.now();
      options.onJob?.();
    }
  };
  child.stdout?.setEncoding('utf8').on('data', onData);
  child.stderr?.setEncoding('utf8').on('data', onData);
  const [message] = /** @type {[unknown]} */ (
    await Promise.race([once(child, 'message'), exited.then(([code]) => [`${options.name} exited with ${code} before it was ready (log in ${options.logFile})`])])
  );
  if (message !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(String(message));
  }
  const readyAt = performance.now();
  const pid = /** @type {number} */ (child.pid);
  return {
    name: options.name,
    role: options.role,
    pid,
    readyAt,
    jobs,
    errors: () => errors,
    cpuS: () => processCpuS(pid),
    peakRssMb: () => peakRssMb(pid),
    /** SIGTERM; SIGKILL after 60 s. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const [code, signal] = await exited;
      clearTimeout(timer);
      alive.delete(child);
      await new Promise((resolve) => log.end(resolve));
      return { code, signal };
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
