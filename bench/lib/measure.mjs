import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * Runs one command under GNU time (`/usr/bin/time -f '%e %U %S %M'`, Debian package `time`):
 * user and system CPU include every child the command waited for; %M is the peak RSS of the
 * largest process in the tree, in KiB. Wall time is taken here with a monotonic clock.
 */

/** @typedef {{ wallS: number, userS: number, sysS: number, cpuS: number, peakRssMb: number, code: number, stdout: string }} Measurement */

let serial = 0;

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, stderrFile?: string, timeoutMs?: number }} [options]
 * @returns {Promise<Measurement>}
 */
export async function runMeasured(command, args, options = {}) {
  const timeFile = join(tmpdir(), `tributary-bench-time-${process.pid}-${serial++}`);
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', options.stderrFile ? 'pipe' : 'ignore'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  if (options.stderrFile && child.stderr) child.stderr.pipe(createWriteStream(options.stderrFile));
  const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
  const code = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode ?? -1));
  });
  if (timer) clearTimeout(timer);
  const wallS = (performance.now() - started) / 1000;
  const text = (await readFile(timeFile, 'utf8')).trim().split('\n').pop() ?? '';
  await rm(timeFile, { force: true });
  const [, userS, sysS, maxKb] = text.split(/\s+/).map(Number);
  if (![userS, sysS, maxKb].every(Number.isFinite)) throw new Error(`could not read /usr/bin/time output: ${JSON.stringify(text)}`);
  return {
    wallS,
    userS: /** @type {number} */ (userS),
    sysS: /** @type {number} */ (sysS),
    cpuS: /** @type {number} */ (userS) + /** @type {number} */ (sysS),
    peakRssMb: /** @type {number} */ (maxKb) / 1024,
    code: Number(code),
    stdout,
  };
}
