import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { atomEntries } from '../helpers/feed-xml.js';
import { freePort } from '../helpers/redis-server.js';
import { createWorkspace, testConfig, type Workspace } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

const run = promisify(execFile);
const PM2 = resolve('node_modules/pm2/bin/pm2');

interface Pm2Process {
  name: string;
  pid: number;
  pm2_env: { status: string; restart_time: number; pm_out_log_path: string };
}

/** Tributary under pm2 itself, from the project's ecosystem.config.js, with a private PM2_HOME. */
describe('under pm2', () => {
  let home: string;
  let work: Workspace;
  let server: FeedServer;
  let port: number;
  let env: NodeJS.ProcessEnv;
  const pm2 = (...args: string[]) => run(process.execPath, [PM2, ...args], { env, cwd: resolve('.'), timeout: 60_000 });
  const list = async () => JSON.parse((await pm2('jlist')).stdout) as Pm2Process[];
  const fetchAtom = async () => {
    const answer = await fetch(`http://127.0.0.1:${port}/feeds/all.atom`);
    return { status: answer.status, body: await answer.text() };
  };

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'tributary-pm2-'));
    server = await FeedServer.start({ '/wire.rss': { body: rssFeed('Wire', [{ guid: 'a', title: 'Story A', link: 'https://wire.example/a', date: '2026-01-05T10:00:00Z' }]) } });
    work = await createWorkspace();
    port = await freePort();
    await work.writeConfig(
      testConfig([{ key: 'wire', url: server.url('/wire.rss') }], {
        output: { title: 'Test', id: 'urn:t', dir: work.outDir },
        server: { host: '127.0.0.1', port },
        store: { uri: work.storeUri },
      }),
    );
    env = { ...process.env, PM2_HOME: home, TRIBUTARY_CONFIG: work.configFile, TRIBUTARY_LOG_DIR: join(home, 'logs') };
  });

  afterAll(async () => {
    await pm2('kill').catch(() => {});
    await server.close();
    await rm(home, { recursive: true, force: true });
  });

  it('starts from ecosystem.config.js, waits for ready, polls, serves, reloads and stops cleanly', async () => {
    await pm2('start', 'ecosystem.config.js');
    const [app] = await list();
    expect(app).toMatchObject({ name: 'tributary', pm2_env: { status: 'online' } });

    const first = await waitFor('the daemon to serve the polled item', async () => {
      const answer = await fetchAtom().catch(() => undefined);
      return answer?.status === 200 && answer.body.includes('Story A') ? answer : undefined;
    });
    expect(atomEntries(first.body).map((entry) => entry.title)).toEqual(['Story A']);

    await pm2('reload', 'tributary');
    const [reloaded] = await list();
    expect(reloaded!.pid).not.toBe(app!.pid);
    expect(reloaded!.pm2_env.status).toBe('online');
    const again = await waitFor('the reloaded daemon to serve', async () => (await fetchAtom().catch(() => undefined))?.status === 200);
    expect(again).toBe(true);
    expect((await fetchAtom()).body).toBe(first.body);

    await pm2('stop', 'tributary');
    const [stopped] = await list();
    expect(stopped!.pm2_env.status).toBe('stopped');
    const log = await readFile(stopped!.pm2_env.pm_out_log_path, 'utf8');
    expect(log.match(/"msg":"stopped"/g)).toHaveLength(2);
  });
});
