import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { startDaemon } from './run-cli.js';
import { waitFor } from './wait-for.js';

export interface RunningDaemon {
  child: ChildProcess & { output: () => string };
  /** The HTTP server's base URL, read from the start log line. */
  url: string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `tributary run` as pm2 would (IPC channel), waits for 'ready', and finds where it serves. */
export async function runDaemon(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningDaemon> {
  const child = startDaemon(args, { env });
  const exited = once(child, 'exit');
  const [message] = (await Promise.race([once(child, 'message'), exited.then(() => [`exited early: ${child.output()}`])])) as [unknown];
  if (message !== 'ready') throw new Error(String(message));
  const started: string = await waitFor('the start log line', () => (/"msg":"tributary started"/.test(child.output()) ? child.output() : undefined));
  const url = /"url":"([^"]+)"/.exec(started)?.[1];
  if (!url) throw new Error(`the daemon logged no server url: ${started}`);
  return {
    child,
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
