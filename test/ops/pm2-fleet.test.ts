import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';
import { freePort, hasRedisServer, REDIS_MISSING, RedisServer } from '../helpers/redis-server.js';
import { createWorkspace, testConfig, type Workspace } from '../helpers/temp-workspace.js';
import { waitFor } from '../helpers/wait-for.js';

const run = promisify(execFile);
const PM2 = resolve('node_modules/pm2/bin/pm2');

interface Pm2Process {
  name: string;
  pid: number;
  pm2_env: { status: string; exec_mode: string };
}

if (hasRedisServer()) {
  /** The fleet topology of ecosystem.config.js under pm2 itself, on a real redis-server. */
  describe('a fleet under pm2 (TRIBUTARY_TOPOLOGY=fleet)', () => {
    let home: string;
    let work: Workspace;
    let server: FeedServer;
    let redis: RedisServer;
    let port: number;
    let env: NodeJS.ProcessEnv;
    const pm2 = (...args: string[]) => run(process.execPath, [PM2, ...args], { env, cwd: resolve('.'), timeout: 90_000 });
    const list = async () => JSON.parse((await pm2('jlist')).stdout) as Pm2Process[];
    const online = async (name: string) => (await list()).filter((app) => app.name === name && app.pm2_env.status === 'online');
    const fetchAtom = async () => {
      const answer = await fetch(`http://127.0.0.1:${port}/feeds/all.atom`);
      return { status: answer.status, body: await answer.text() };
    };

    beforeAll(async () => {
      home = await mkdtemp(join(tmpdir(), 'tributary-pm2-fleet-'));
      redis = await RedisServer.start();
      server = await FeedServer.start({ '/wire.rss': { body: rssFeed('Wire', [{ guid: 'a', title: 'Story A', link: 'https://wire.example/a', date: '2026-01-05T10:00:00Z' }]) } });
      work = await createWorkspace();
      port = await freePort();
      await work.writeConfig(
        testConfig([{ key: 'wire', url: server.url('/wire.rss') }], {
          output: { title: 'Test', id: 'urn:t', dir: work.outDir },
          server: { host: '127.0.0.1', port },
          store: { uri: redis.uri },
          cluster: { leaseSeconds: 3 },
        }),
      );
      env = { ...process.env, PM2_HOME: home, TRIBUTARY_CONFIG: work.configFile, TRIBUTARY_LOG_DIR: join(home, 'logs'), TRIBUTARY_TOPOLOGY: 'fleet' };
    });

    afterAll(async () => {
      await pm2('kill').catch(() => {});
      await server.close();
      await redis.stop();
      await rm(home, { recursive: true, force: true });
    });

    it('starts every role, scales the workers, and reloads the publishers without dropping a request', async () => {
      await pm2('start', 'ecosystem.config.js');
      expect((await online('tributary-scheduler')).length).toBe(2);
      expect((await online('tributary-worker')).length).toBe(2);
      const publishers = await online('tributary-publisher');
      expect(publishers.map((app) => app.pm2_env.exec_mode)).toEqual(['cluster_mode', 'cluster_mode']);

      const first = await waitFor('the fleet to serve the polled item', async () => {
        const answer = await fetchAtom().catch(() => undefined);
        return answer?.status === 200 && answer.body.includes('Story A') ? answer : undefined;
      }, 30_000);

      await pm2('scale', 'tributary-worker', '3');
      expect((await online('tributary-worker')).length).toBe(3);

      // Requests keep coming while pm2 replaces the publishers one by one: none may fail.
      const answers: Array<number | string> = [];
      let reloading = true;
      const load = (async () => {
        while (reloading) answers.push(await fetchAtom().then((answer) => (answer.body === first.body ? answer.status : 'other body'), (error: Error) => error.message));
      })();
      await pm2('reload', 'tributary-publisher');
      reloading = false;
      await load;
      const after = await online('tributary-publisher');
      expect(after.map((app) => app.pid).some((pid) => publishers.some((before) => before.pid === pid))).toBe(false);
      expect(answers.length).toBeGreaterThan(20);
      expect(answers.filter((answer) => answer !== 200)).toEqual([]);
    }, 180_000);
  });
} else if (process.env.CI) {
  describe('a fleet under pm2', () => {
    it('needs redis-server in CI', () => {
      throw new Error(REDIS_MISSING);
    });
  });
} else {
  console.warn(REDIS_MISSING);
}
