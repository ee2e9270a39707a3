import { once } from 'node:events';
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';

/** A `tributary run` process from the build, its stdout and stderr collected. */
export interface DaemonChild {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** The HTTP server's base URL, once the start line is logged. */
  started(timeoutMs?: number): Promise<string>;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Spawns `tributary run` without run-cli's check that dist/ is fresh: the reliability tests start
 * it hundreds of times, and check freshness once with runCli. `uid` runs it as another user (the
 * tests run as root, whom file modes do not stop).
 */
export function spawnDaemon(args: string[], options: { uid?: number; gid?: number } = {}): DaemonChild {
  const child = spawn(process.execPath, [CLI, 'run', ...args], {
    env: { ...process.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: options.uid,
    gid: options.gid,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const startedLine = () => output.split('\n').find((line) => line.includes('"msg":"tributary started"'));
  return {
    child,
    output: () => output,
    exited,
    started: (timeoutMs = 30_000) =>
      waitFor(
        'the daemon to start',
        () => {
          if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the daemon exited (${String(child.exitCode)}):\n${output}`);
          return startedLine()?.match(/"url":"([^"]+)"/)?.[1];
        },
        timeoutMs,
      ),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Log lines (parsed pino JSON) whose msg matches. */
export function logLines(output: string, msg: RegExp): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => msg.test(String(line.msg)));
}
