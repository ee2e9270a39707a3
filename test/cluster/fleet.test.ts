import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLOSE_TIMEOUT_MS } from '../../src/cluster/settle-within.js';
import { runCli } from '../helpers/run-cli.js';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';
import { createWorkspace, testConfig } from '../helpers/temp-workspace.js';
import { ChangingFeeds, fleetWorkspace, jobsDone, killStartedRoles, startRole, waitFor, type FleetProcess, type JobDone } from './fleet.js';

const TICK_MS = 3_000;
const SCHEDULE = '*/3 * * * * *';
const KEYS = Array.from({ length: 12 }, (_, i) => `feed-${String(i + 1).padStart(2, '0')}`);

/**
 * For each source, one poll in each interval between two due times, from `fromMs` to `toMs`: none
 * doubled, none skipped. (A poll that starts late, as at start-up, serves the due time it lands
 * after, so the count is by when polls happen; the due times they were queued for are distinct.)
 */
function expectOnePollPerDueTime(jobs: readonly JobDone[], keys: readonly string[], fromMs: number, toMs: number): void {
  const firstTick = Math.ceil(fromMs / TICK_MS) * TICK_MS;
  const ticks: number[] = [];
  for (let tick = firstTick; tick + TICK_MS <= toMs; tick += TICK_MS) ticks.push(tick);
  expect(ticks.length, 'due times checked').toBeGreaterThanOrEqual(3);
  for (const key of keys) {
    const polls = jobs.filter((job) => job.source === key);
    const perTick = ticks.map((tick) => polls.filter((job) => job.at >= tick && job.at < tick + TICK_MS).length);
    expect(perTick, `${key}: polls per due time from ${new Date(firstTick).toISOString()}`).toEqual(ticks.map(() => 1));
    expect(new Set(polls.map((job) => job.dueAt)).size, `${key}: a due time polled twice`).toBe(polls.length);
  }
}

/** A lease's time, plus the third of it between two attempts, plus a second of slack for a busy machine. */
const handOverBoundMs = (leaseSeconds: number) => leaseSeconds * 1000 * (4 / 3) + 1_000;

/** ecosystem.config.js gives 20 s (kill_timeout) between pm2's SIGINT and its SIGKILL. */
const KILL_TIMEOUT_MS = 20_000;

/**
 * Stops them all (SIGTERM) before saying which did not exit 0 within pm2's kill_timeout; one still
 * running then is left to afterEach, which kills whatever was started.
 */
async function expectCleanStops(stopping: readonly FleetProcess[]): Promise<void> {
  const codes = await Promise.all(stopping.map((process) => exitCodeWithin(process, KILL_TIMEOUT_MS)));
  const unclean = stopping.flatMap((process, i) => {
    if (codes[i] === 0) return [];
    const how = codes[i] === 'running' ? `still running ${KILL_TIMEOUT_MS} ms after SIGTERM` : `exited ${codes[i]}`;
    return [`${process.name} ${how}: ${process.output().slice(-2000)}`];
  });
  expect(unclean).toEqual([]);
}

/** SIGTERM, then its exit code, or 'running' when it has not exited within `ms`. */
async function exitCodeWithin(process: FleetProcess, ms: number): Promise<number | null | 'running'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'running'>((resolve) => (timer = setTimeout(() => resolve('running'), ms)));
  try {
    return await Promise.race([process.stop(), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function outputsOf(dir: string): Promise<Record<string, string>> {
  const names = ['all.atom', 'all.rss', 'all.json'];
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name), 'utf8')] as const)));
}

/**
 * The same items, ids, titles, links and dates as one process polling once. Events and stories are
 * compared apart: they follow the order items arrive in when it is not their published order
 * (docs/stories.md, "Order"), and a fleet's is its workers' (about 1 run in 5 differed). The fleet's
 * publisher did run the story pass: every item has its event and story.
 */
async function expectAsOneProcess(fleet: Record<string, string>, feeds: ChangingFeeds): Promise<void> {
  expect(withoutStories(fleet)).toEqual(withoutStories(await singleProcessOutputs(feeds)));
  const fleetItems = (JSON.parse(fleet['all.json']!) as { items: Array<{ _tributary?: { event?: { id: string }; story?: { id: string } } }> }).items;
  expect(fleetItems).toHaveLength(feeds.total);
  for (const item of fleetItems) expect([item._tributary?.event?.id, item._tributary?.story?.id]).toEqual([expect.stringMatching(/^ev_/), expect.stringMatching(/^st_/)]);
}

/** The outputs with what the story pass adds taken out: Atom's related links, the JSON Feed's event and story. */
function withoutStories(outputs: Record<string, string>): Record<string, unknown> {
  const json = JSON.parse(outputs['all.json']!) as { items: Array<{ _tributary?: Record<string, unknown> }> };
  for (const item of json.items) {
    delete item._tributary?.event;
    delete item._tributary?.story;
  }
  return { ...outputs, 'all.atom': outputs['all.atom']!.replace(/\n\s*<link rel="related" href="[^"]*"\/>/g, ''), 'all.json': json };
}

async function singleProcessOutputs(feeds: ChangingFeeds): Promise<Record<string, string>> {
  const work = await createWorkspace();
  await work.writeConfig(testConfig(KEYS.map((key) => ({ key, url: feeds.server.url(`/${key}.xml`) }))));
  const result = await runCli(['poll', '--config', work.configFile, '--store', work.storeUri, '--out', work.outDir]);
  expect(result.code, result.stderr).toBe(0);
  return outputsOf(work.outDir);
}

describeWithRedis('a fleet on one Redis: scheduler, workers and publisher as separate processes', () => {
  let redis: RedisServer;
  let feeds: ChangingFeeds;
  const processes: FleetProcess[] = [];

  beforeEach(async () => {
    redis = await RedisServer.start({ persist: true });
    feeds = await ChangingFeeds.start(KEYS, 3);
  });
  afterEach(async () => {
    processes.length = 0;
    try {
      // Every process started, whether or not the test still lists it: a failed assertion or a stop
      // that hung must leave none running.
      await killStartedRoles();
    } finally {
      await feeds.close();
      // Let go of a paused redis-server (SIGCONT) before stopping it.
      await redis.stop();
    }
  });

  it('polls every source exactly once per due time, stores every item once, and publishes what a single process publishes', async () => {
    const work = await fleetWorkspace(feeds, redis.uri, { schedule: SCHEDULE, leaseSeconds: 2 });
    // Workers first: a due time that comes while the source's previous job still waits for a worker
    // is served by that job (one job id per source), which would read here as a skipped due time.
    for (const n of [1, 2, 3]) processes.push(await startRole(`worker-${n}`, 'worker', work));
    processes.push(await startRole('publisher', 'publisher', work));
    processes.push(await startRole('scheduler', 'scheduler', work));
    const workers = processes.filter((process) => process.role === 'worker');

    await waitFor('a first round of polls', () => KEYS.every((key) => jobsDone(workers).some((job) => job.source === key)), 20_000);
    const steadyFrom = Date.now();
    await waitFor('a round after', () => KEYS.every((key) => jobsDone(workers).filter((job) => job.source === key).length >= 2), 20_000);
    for (const key of KEYS.slice(0, 6)) feeds.add(key, 2);
    // Three due times after steadyFrom, each polled (on a loaded machine the first rounds can bunch up).
    const thirdTickAfter = (Math.ceil(steadyFrom / TICK_MS) + 3) * TICK_MS;
    await waitFor('three more rounds', () => KEYS.every((key) => jobsDone(workers).some((job) => job.source === key && Date.parse(job.dueAt) >= thirdTickAfter)), 40_000);
    const published = await waitFor(
      'the new items published',
      async () => {
        const atom = await readFile(join(work.outDir, 'all.atom'), 'utf8').catch(() => '');
        return (atom.match(/<entry[ >]/g)?.length ?? 0) === feeds.total ? atom : undefined;
      },
      15_000,
    );
    expect(published).toContain('feed-06 story 5');

    const stoppedAt = Date.now();
    await expectCleanStops(processes);

    const jobs = jobsDone(workers);
    expectOnePollPerDueTime(jobs, KEYS, steadyFrom, stoppedAt);
    // Each polled due time is one request, and nothing else asked for a feed.
    for (const key of KEYS) expect(feeds.requestsTo(key), key).toBe(jobs.filter((job) => job.source === key).length);
    // The work was shared out.
    expect(new Set(jobs.map((job) => job.worker)).size).toBe(3);

    await expectAsOneProcess(await outputsOf(work.outDir), feeds);
  }, 120_000);

  it('hands the scheduler lease over within the lease time when its holder is killed, with no due time skipped or doubled', async () => {
    const work = await fleetWorkspace(feeds, redis.uri, { schedule: SCHEDULE, leaseSeconds: 2 });
    for (const n of [1, 2]) processes.push(await startRole(`worker-${n}`, 'worker', work));
    const schedulers = [await startRole('scheduler-a', 'scheduler', work), await startRole('scheduler-b', 'scheduler', work)];
    processes.push(...schedulers);
    const workers = processes.filter((process) => process.role === 'worker');
    const tookLease = (process: FleetProcess) => process.logs().some((line) => line.msg === 'lease taken' && String(line.lease).endsWith(':scheduler'));

    const leader = await waitFor('a scheduler leader', () => schedulers.find(tookLease));
    const follower = schedulers.find((process) => process !== leader)!;
    await waitFor('a first round of polls', () => KEYS.every((key) => jobsDone(workers).some((job) => job.source === key)), 20_000);
    const steadyFrom = Date.now();
    await waitFor('a round after', () => KEYS.every((key) => jobsDone(workers).filter((job) => job.source === key).length >= 2), 20_000);
    // Killed a second after a tick, as a crash would: its lease is left to expire. The hand-over
    // (under handOverBoundMs(2), 3.67 s) then spans at most the next tick; a kill just before a
    // tick would let it span two, and the new holder queues each source for the latest only.
    const nextTick = Math.ceil(Date.now() / TICK_MS) * TICK_MS;
    await new Promise((resolve) => setTimeout(resolve, nextTick + 1_000 - Date.now()));
    const killedAt = Date.now();
    await leader.stop('SIGKILL');
    await waitFor('the follower to take the lease', () => tookLease(follower), 10_000);
    const takenAt = Date.parse(String(follower.logs().find((line) => line.msg === 'lease taken')!.time));
    // The lease time, plus the third of it between two attempts, plus a second of slack for this busy machine.
    expect(takenAt - killedAt).toBeLessThan(handOverBoundMs(2));
    // Three whole intervals after the hand-over, each source polled in the last of them.
    const lastTick = Math.floor((takenAt + 3 * TICK_MS) / TICK_MS) * TICK_MS;
    await waitFor('three rounds after the hand-over', () => Date.now() > lastTick + TICK_MS && KEYS.every((key) => jobsDone(workers).some((job) => job.source === key && job.at >= lastTick)), 30_000);

    const stoppedAt = Date.now();
    await expectCleanStops(processes.filter((process) => !process.exited));
    const jobs = jobsDone(workers);
    expectOnePollPerDueTime(jobs, KEYS, steadyFrom, stoppedAt);
    for (const key of KEYS) expect(feeds.requestsTo(key), key).toBe(jobs.filter((job) => job.source === key).length);
  }, 120_000);

  it('serves the same outputs from a standby publisher, which takes over writing them when the holder dies', async () => {
    const work = await fleetWorkspace(feeds, redis.uri, { schedule: SCHEDULE, leaseSeconds: 3 });
    processes.push(await startRole('worker', 'worker', work));
    const publishers = [await startRole('publisher-a', 'publisher', work), await startRole('publisher-b', 'publisher', work)];
    processes.push(...publishers, await startRole('scheduler', 'scheduler', work));
    const urlOf = (process: FleetProcess) => String(process.logs().find((line) => line.msg === 'tributary started')!.url);
    const tookLease = (process: FleetProcess) => process.logs().some((line) => line.msg === 'lease taken' && String(line.lease).endsWith(':publisher'));
    const atomFrom = async (process: FleetProcess) => {
      const answer = await fetch(`${urlOf(process)}/feeds/all.atom`);
      return { status: answer.status, etag: answer.headers.get('etag'), body: await answer.text() };
    };
    const holder = await waitFor('a publisher leader', () => publishers.find(tookLease));
    const standby = publishers.find((process) => process !== holder)!;

    // Both serve every stored item, byte for byte the same, though only the holder writes files. The
    // standby renders when it hears of a change: of a commit, then of the holder's story pass after it.
    const served = await waitFor(
      'both to serve every item, the same',
      async () => {
        const answers = await Promise.all(publishers.map(atomFrom));
        const complete = answers.every((answer) => (answer.body.match(/<entry[ >]/g)?.length ?? 0) === feeds.total);
        return complete && answers[0]!.body === answers[1]!.body ? answers : undefined;
      },
      20_000,
    );
    expect(served[1]!.body).toBe(served[0]!.body);
    expect(served[1]!.etag).toBe(served[0]!.etag);
    expect(await readFile(join(work.outDir, 'all.atom'), 'utf8')).toBe(served[0]!.body);
    expect(standby.logs().some((line) => line.msg === 'published')).toBe(false);

    const killedAt = Date.now();
    await holder.stop('SIGKILL');
    await waitFor('the standby to take the lease', () => tookLease(standby), 10_000);
    const takenAt = Date.parse(String(standby.logs().find((line) => line.msg === 'lease taken' && String(line.lease).endsWith(':publisher'))!.time));
    expect(takenAt - killedAt).toBeLessThan(handOverBoundMs(3));
    for (const key of KEYS) feeds.add(key, 1);
    const written = await waitFor(
      'the new items written by the new holder',
      async () => {
        const atom = await readFile(join(work.outDir, 'all.atom'), 'utf8');
        return (atom.match(/<entry[ >]/g)?.length ?? 0) === feeds.total ? atom : undefined;
      },
      20_000,
    );
    // all.atom is renamed into place before all.rss and all.json are written and before the served
    // cache is reloaded from the files: a request in those few milliseconds still gets the last version.
    const servedAfter = await waitFor(
      'the new holder to serve what it wrote',
      async () => {
        const answer = await atomFrom(standby);
        return answer.body === written ? answer : undefined;
      },
      5_000,
    ).catch(() => atomFrom(standby));
    expect(servedAfter.body).toBe(written);
  }, 120_000);

  it("gives a killed worker's job to another worker once its lock has run out and a stalled-job check has run, not after BullMQ's default minute", async () => {
    const work = await fleetWorkspace(feeds, redis.uri, { schedule: SCHEDULE, leaseSeconds: 2 });
    const doomed = await startRole('worker-1', 'worker', work);
    processes.push(doomed, await startRole('scheduler', 'scheduler', work));
    // The first poll of feed-01 never gets an answer: its worker is killed while it waits, job taken.
    await feeds.holdNextRequest('feed-01');
    const takenAt = Date.now();
    await doomed.stop('SIGKILL');
    const survivor = await startRole('worker-2', 'worker', work);
    processes.push(survivor);

    const polled = await waitFor('feed-01 polled by the other worker', () => jobsDone([survivor]).find((job) => job.source === 'feed-01' && job.status === 'changed'), 40_000);
    // The job's lock (10 s) runs out, a stalled-job check (every 5 s) puts it back, and the next
    // worker takes it; one tick and some slack for a loaded machine. BullMQ's defaults would take
    // at least its 30 s lock.
    expect(polled.at - takenAt).toBeLessThan(25_000);
    expect(jobsDone([doomed]).some((job) => job.source === 'feed-01')).toBe(false);
  }, 90_000);

  it("stops on SIGTERM, within pm2's kill_timeout, even when Redis has gone away", async () => {
    const work = await fleetWorkspace(feeds, redis.uri, { schedule: SCHEDULE, leaseSeconds: 2 });
    for (const role of ['worker', 'scheduler', 'publisher']) processes.push(await startRole(role, role, work));
    await waitFor('a round of polls', () => KEYS.every((key) => jobsDone(processes).some((job) => job.source === key)), 20_000);
    await redis.halt();
    const started = Date.now();
    await expectCleanStops(processes);
    expect(Date.now() - started).toBeLessThan(KILL_TIMEOUT_MS);
  }, 90_000);

  // What kept a scheduler running after SIGTERM: closes that wait for Redis. Gone, Redis never takes
  // the due polls its queue's client keeps queued for it; paused, it answers nothing (a renewal, a
  // release, a QUIT). A scheduler's way out now waits for Redis in two steps, each given up after
  // CLOSE_TIMEOUT_MS: its lease's release, then its queue and the coordination connection side by
  // side. One more for the rest of the stop on a busy machine.
  const schedulerStopBoundMs = 3 * CLOSE_TIMEOUT_MS;
  it.each([
    ['paused (SIGSTOP, as on a starved machine): its connections stay open, and nothing is answered', 'pause'],
    ['gone while the scheduler queues due polls', 'halt'],
  ] as const)(
    'a scheduler exits on SIGTERM within its bounded closes when Redis is %s',
    async (_, outage) => {
      // The default lease (10 s): the scheduler still holds it, and queues, at the first due time of the outage.
      const work = await fleetWorkspace(feeds, redis.uri, { schedule: SCHEDULE, leaseSeconds: 10 });
      const scheduler = await startRole('scheduler', 'scheduler', work);
      processes.push(scheduler);
      await waitFor('the due polls queued', () => scheduler.logs().some((line) => line.msg === 'due polls queued'));

      if (outage === 'pause') redis.pause();
      else await redis.halt();
      // Past the next due time, and the retry a second after it: due polls are being queued in vain.
      const nextDue = (Math.floor(Date.now() / TICK_MS) + 1) * TICK_MS;
      await new Promise((resolve) => setTimeout(resolve, nextDue + 1_500 - Date.now()));

      const started = Date.now();
      const code = await exitCodeWithin(scheduler, schedulerStopBoundMs);
      const took = Date.now() - started;
      expect(code, scheduler.output().slice(-3000)).toBe(0);
      expect(took).toBeLessThan(schedulerStopBoundMs);
      // What was given up, each said once.
      const gaveUp = scheduler.logs().flatMap((line) => (line.gave_up === undefined ? [] : [String(line.gave_up)]));
      expect(new Set(gaveUp).size, gaveUp.join('\n')).toBe(gaveUp.length);
      expect(gaveUp.some((what) => what.startsWith('closing the refresh queue'))).toBe(true);
      if (outage === 'pause') {
        expect(gaveUp.some((what) => what.startsWith('releasing the lease') && what.includes(':lease:scheduler'))).toBe(true);
        expect(gaveUp).toContain('closing the Redis connection tributary-coordination');
      }
    },
    60_000,
  );

  it('loses nothing when redis-server restarts mid-run, and goes on polling and publishing after', async () => {
    const work = await fleetWorkspace(feeds, redis.uri, { schedule: SCHEDULE, leaseSeconds: 2 });
    for (const n of [1, 2]) processes.push(await startRole(`worker-${n}`, 'worker', work));
    processes.push(await startRole('publisher', 'publisher', work));
    processes.push(await startRole('scheduler', 'scheduler', work));
    const workers = processes.filter((process) => process.role === 'worker');
    await waitFor('a round of polls', () => KEYS.every((key) => jobsDone(workers).some((job) => job.source === key)), 20_000);

    await redis.halt();
    await new Promise((resolve) => setTimeout(resolve, 2 * TICK_MS));
    await redis.resume();
    const resumedAt = Date.now();
    for (const key of KEYS) feeds.add(key, 1);

    const published = await waitFor(
      'the items added after the restart published',
      async () => {
        const atom = await readFile(join(work.outDir, 'all.atom'), 'utf8').catch(() => '');
        return (atom.match(/<entry[ >]/g)?.length ?? 0) === feeds.total ? atom : undefined;
      },
      40_000,
    ).catch(async (error: unknown) => {
      const atom = await readFile(join(work.outDir, 'all.atom'), 'utf8').catch(() => '');
      const tails = processes.map((process) => `--- ${process.name}\n${process.output().slice(-2500)}`).join('\n');
      throw new Error(`${String(error)}; all.atom holds ${atom.match(/<entry[ >]/g)?.length ?? 0} of ${feeds.total} entries\n${tails}`);
    });
    for (const key of KEYS) expect(published).toContain(`${key} story 4`);
    await waitFor('two rounds after the restart', () => KEYS.every((key) => jobsDone(workers).filter((job) => job.source === key && Date.parse(job.dueAt) > resumedAt).length >= 2), 30_000);

    for (const process of processes) expect(process.exited, `${process.name} died: ${process.output().slice(-2000)}`).toBe(false);
    await expectCleanStops(processes);
    // Every item once, in the fleet's output, and as a single process publishes the same feeds.
    const outputs = await outputsOf(work.outDir);
    const ids = (JSON.parse(outputs['all.json']!) as { items: Array<{ id: string }> }).items.map((item) => item.id);
    expect(ids.length).toBe(feeds.total);
    expect(new Set(ids).size).toBe(feeds.total);
    await expectAsOneProcess(outputs, feeds);
  }, 180_000);
});
