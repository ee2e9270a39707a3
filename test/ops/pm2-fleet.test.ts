import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait-for.js';
import { createPm2Harness, type Pm2Harness } from './pm2-harness.js';

/** The fleet topology of ecosystem.config.js under pm2 itself, on a real redis-server. */
describeWithRedis('a fleet under pm2 (TRIBUTARY_TOPOLOGY=fleet)', () => {
  let harness: Pm2Harness;
  let redis: RedisServer;
  const pm2 = (...args: string[]) => harness.pm2(...args);
  const online = async (name: string) => (await harness.list()).filter((app) => app.name === name && app.pm2_env.status === 'online');
  const fetchAtom = () => harness.fetchAtom();

  beforeAll(async () => {
    redis = await RedisServer.start();
    harness = await createPm2Harness({ storeUri: redis.uri, config: { cluster: { leaseSeconds: 3 } }, env: { TRIBUTARY_TOPOLOGY: 'fleet' }, timeoutMs: 90_000 });
  });

  afterAll(async () => {
    await harness.close();
    await redis.stop();
  });

  it('starts every role, scales the workers, and reloads the publishers without dropping a request', async () => {
    await pm2('start', 'ecosystem.config.js');
    expect((await online('tributary-scheduler')).length).toBe(2);
    expect((await online('tributary-worker')).length).toBe(2);
    const publishers = await online('tributary-publisher');
    expect(publishers.map((app) => app.pm2_env.exec_mode)).toEqual(['cluster_mode', 'cluster_mode']);

    const first = await waitFor(
      'the fleet to serve the polled item',
      async () => {
        const answer = await fetchAtom().catch(() => undefined);
        return answer?.status === 200 && answer.body.includes('Story A') ? answer : undefined;
      },
      30_000,
    );

    await pm2('scale', 'tributary-worker', '3');
    expect((await online('tributary-worker')).length).toBe(3);

    // Requests keep coming while pm2 replaces the publishers one by one: none may fail.
    const answers: Array<number | string> = [];
    let reloading = true;
    const load = (async () => {
      while (reloading)
        answers.push(
          await fetchAtom().then(
            (answer) => (answer.body === first.body ? answer.status : 'other body'),
            (error: Error) => error.message,
          ),
        );
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
