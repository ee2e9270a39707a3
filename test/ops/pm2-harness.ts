import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { freePort } from '../helpers/redis-server.js';
import { createWorkspace, testConfig, type Workspace } from '../helpers/temp-workspace.js';

const run = promisify(execFile);
const PM2 = resolve('node_modules/pm2/bin/pm2');

export interface Pm2Process {
  name: string;
  pid: number;
  pm2_env: { status: string; restart_time: number; pm_out_log_path: string; exec_mode: string };
}

export interface Pm2Harness {
  work: Workspace;
  /** Runs the project's pm2 with a private PM2_HOME and the config in TRIBUTARY_CONFIG. */
  pm2(...args: string[]): Promise<{ stdout: string }>;
  list(): Promise<Pm2Process[]>;
  /** GET /feeds/all.atom on the configured port. */
  fetchAtom(): Promise<{ status: number; body: string }>;
  /** `pm2 kill`, then everything the harness started goes. */
  close(): Promise<void>;
}

/**
 * Tributary under pm2 itself, from the project's ecosystem.config.js: a private PM2_HOME, a local
 * feed with one story, and a config serving on a free port with the given store and settings.
 */
export async function createPm2Harness(options: { storeUri?: string; config?: Record<string, unknown>; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Pm2Harness> {
  const home = await mkdtemp(join(tmpdir(), 'tributary-pm2-'));
  const server = await FeedServer.start({ '/wire.rss': { body: rssFeed('Wire', [{ guid: 'a', title: 'Story A', link: 'https://wire.example/a', date: '2026-01-05T10:00:00Z' }]) } });
  const work = await createWorkspace();
  const port = await freePort();
  await work.writeConfig(
    testConfig([{ key: 'wire', url: server.url('/wire.rss') }], {
      output: { title: 'Test', id: 'urn:t', dir: work.outDir },
      server: { host: '127.0.0.1', port },
      store: { uri: options.storeUri ?? work.storeUri },
      ...options.config,
    }),
  );
  const env = { ...process.env, PM2_HOME: home, TRIBUTARY_CONFIG: work.configFile, TRIBUTARY_LOG_DIR: join(home, 'logs'), ...options.env };
  const pm2 = (...args: string[]) => run(process.execPath, [PM2, ...args], { env, cwd: resolve('.'), timeout: options.timeoutMs ?? 60_000 });
  return {
    work,
    pm2,
    list: async () => JSON.parse((await pm2('jlist')).stdout) as Pm2Process[],
    fetchAtom: async () => {
      const answer = await fetch(`http://127.0.0.1:${port}/feeds/all.atom`);
      return { status: answer.status, body: await answer.text() };
    },
    close: async () => {
      await pm2('kill').catch(() => {});
      await server.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
