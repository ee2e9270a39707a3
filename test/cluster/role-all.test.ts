import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';
import { ChangingFeeds, fleetWorkspace, startRole, waitFor, type FleetProcess } from './fleet.js';

const SCHEDULE = '*/2 * * * * *';
const LEASE_SECONDS = 2;
const KEYS = ['feed-a', 'feed-b', 'feed-c', 'feed-d'];

/** The polls a process made itself: its log lines of a fetch that got an answer (200 or 304), by source. */
function polledBy(process: FleetProcess): string[] {
  return process
    .logs()
    .filter((line) => (line.msg === 'polled' || line.msg === 'unchanged') && typeof line.source_key === 'string')
    .map((line) => String(line.source_key));
}

/** A lease's time, plus the third of it between two attempts, plus a second of slack for a busy machine. */
const HAND_OVER_BOUND_MS = LEASE_SECONDS * 1000 * (4 / 3) + 1_000;

describeWithRedis('two `--role all` processes on one Redis store', () => {
  let redis: RedisServer;
  let feeds: ChangingFeeds;
  const processes: FleetProcess[] = [];

  beforeEach(async () => {
    redis = await RedisServer.start();
    feeds = await ChangingFeeds.start(KEYS, 2);
  });
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((process) => process.stop('SIGKILL')));
    await feeds.close();
    await redis.stop();
  });

  it('poll through one of them only: the other stands by, serving, until the first dies, then takes over', async () => {
    const work = await fleetWorkspace(feeds, redis.uri, { schedule: SCHEDULE, leaseSeconds: LEASE_SECONDS });
    const first = await startRole('first', 'all', work);
    processes.push(first);
    await waitFor('the first process polling every source', () => KEYS.every((key) => polledBy(first).includes(key)), 15_000);
    const second = await startRole('second', 'all', work);
    processes.push(second);

    // Several due times pass: the first polls each source at each of them, the second none.
    const before = polledBy(first).length;
    await waitFor('three more rounds by the first', () => polledBy(first).length >= before + 3 * KEYS.length, 20_000);
    expect(polledBy(second)).toEqual([]);
    expect(second.logs().some((line) => line.msg === 'tributary started' && line.roles === 'all')).toBe(true);

    // The standby takes over the polling once the holder is gone, within the lease's time.
    await first.stop('SIGKILL');
    const killedAt = Date.now();
    await waitFor('the second process polling every source', () => KEYS.every((key) => polledBy(second).includes(key)), HAND_OVER_BOUND_MS + 4_000);
    const firstPollAt = Math.min(
      ...second
        .logs()
        .filter((line) => line.msg === 'polled' || line.msg === 'unchanged')
        .map((line) => Date.parse(String(line.time))),
    );
    expect(firstPollAt - killedAt).toBeLessThan(HAND_OVER_BOUND_MS);

    // Nothing was lost in the hand-over: new items are stored and published by the new holder.
    feeds.add('feed-a', 1);
    await waitFor('the new item published', async () => (await work.read('all.json').catch(() => '')).includes('feed-a story 3'), 15_000);
    expect(await second.stop()).toBe(0);
  });
});
