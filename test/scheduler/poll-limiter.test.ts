import { describe, expect, it } from 'vitest';
import { PollLimiter } from '../../src/scheduler/poll-limiter.js';

/** A task that records when it runs and finishes only when told to. */
function gatedTask(log: string[], name: string) {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    run: async () => {
      log.push(`start ${name}`);
      await gate;
      log.push(`end ${name}`);
    },
    finish: () => open(),
  };
}

/** A task that fetches, hands its fetch slots over, then processes, each step when told to. */
function twoStageTask(log: string[], name: string) {
  let fetchDone: () => void = () => {};
  let processDone: () => void = () => {};
  const fetchGate = new Promise<void>((resolve) => (fetchDone = resolve));
  const processGate = new Promise<void>((resolve) => (processDone = resolve));
  return {
    run: async (fetched: () => Promise<void>) => {
      log.push(`fetch ${name}`);
      await fetchGate;
      await fetched();
      log.push(`process ${name}`);
      await processGate;
      log.push(`end ${name}`);
    },
    fetch: () => fetchDone(),
    finish: () => processDone(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the poll limiter', () => {
  it('runs at most perHost polls against one host at a time', async () => {
    const log: string[] = [];
    const limiter = new PollLimiter(8, 1);
    const a = gatedTask(log, 'a');
    const b = gatedTask(log, 'b');
    const done = [limiter.run('https://same.example/a.rss', a.run), limiter.run('https://SAME.example/b.rss', b.run)];
    await tick();
    expect(log).toEqual(['start a']);
    a.finish();
    await done[0];
    await tick();
    expect(log).toEqual(['start a', 'end a', 'start b']);
    b.finish();
    await Promise.all(done);
  });

  it('runs polls against different hosts side by side', async () => {
    const log: string[] = [];
    const limiter = new PollLimiter(8, 1);
    const a = gatedTask(log, 'a');
    const b = gatedTask(log, 'b');
    const done = [limiter.run('https://one.example/feed', a.run), limiter.run('https://two.example/feed', b.run)];
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    a.finish();
    b.finish();
    await Promise.all(done);
  });

  it('holds the global limit across hosts', async () => {
    const log: string[] = [];
    const limiter = new PollLimiter(2, 2);
    const tasks = ['a', 'b', 'c'].map((name) => gatedTask(log, name));
    const done = tasks.map((task, index) => limiter.run(`https://host-${index}.example/feed`, task.run));
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    expect(limiter.active).toBe(2);
    tasks[0]!.finish();
    await done[0];
    await tick();
    expect(log).toContain('start c');
    tasks[1]!.finish();
    tasks[2]!.finish();
    await Promise.all(done);
  });

  it('takes new limits in place: polls queued before a resize count against the new limit, not beside it', async () => {
    const log: string[] = [];
    const limiter = new PollLimiter(1, 1);
    const tasks = ['a', 'b', 'c'].map((name) => gatedTask(log, name));
    const done = tasks.map((task, i) => limiter.run(`https://host-${i}.example/feed`, task.run));
    await tick();
    expect(log).toEqual(['start a']);
    limiter.resize(2, 1);
    await tick();
    // The queued b starts in the slot the resize added; c still waits: two at once, not three.
    expect(log).toEqual(['start a', 'start b']);
    expect(limiter.active).toBe(2);
    tasks[0]!.finish();
    await done[0];
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end a', 'start c']);
    tasks[1]!.finish();
    tasks[2]!.finish();
    await Promise.all(done);
  });

  it('applies a new per-host limit to a host that already has polls queued', async () => {
    const log: string[] = [];
    const limiter = new PollLimiter(8, 1);
    const tasks = ['a', 'b'].map((name) => gatedTask(log, name));
    const done = tasks.map((task, i) => limiter.run(`https://same.example/${i}.rss`, task.run));
    await tick();
    expect(log).toEqual(['start a']);
    limiter.resize(8, 2);
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    for (const task of tasks) task.finish();
    await Promise.all(done);
  });

  it('starts the next fetch against a host once the poll before it has its document in, while that one is processed', async () => {
    const log: string[] = [];
    const limiter = new PollLimiter(1, 1);
    const [a, b] = ['a', 'b'].map((name) => twoStageTask(log, name));
    const done = [limiter.run('https://same.example/a.rss', a!.run), limiter.run('https://same.example/b.rss', b!.run)];
    await tick();
    expect(log).toEqual(['fetch a']);
    a!.fetch();
    await tick();
    // a holds a processing slot now; its fetch slots went to b.
    expect(log).toEqual(['fetch a', 'process a', 'fetch b']);
    expect(limiter.active).toBe(1);
    expect(limiter.processingCount).toBe(1);
    a!.finish();
    b!.fetch();
    b!.finish();
    await Promise.all(done);
    expect(log).toEqual(['fetch a', 'process a', 'fetch b', 'end a', 'process b', 'end b']);
  });

  it('holds as many documents awaiting processing as it fetches at once: a fetched poll keeps its fetch slot until one is free', async () => {
    const log: string[] = [];
    const limiter = new PollLimiter(1, 1);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => twoStageTask(log, name));
    const done = [a!, b!, c!].map((task, i) => limiter.run(`https://host-${i}.example/feed`, task.run));
    await tick();
    a!.fetch();
    await tick();
    b!.fetch();
    await tick();
    // b is in but a still processes: b waits with its fetch slot, so c does not start fetching.
    expect(log).toEqual(['fetch a', 'process a', 'fetch b']);
    expect(limiter.active).toBe(1);
    a!.finish();
    await done[0];
    await tick();
    expect(log).toEqual(['fetch a', 'process a', 'fetch b', 'end a', 'process b', 'fetch c']);
    b!.finish();
    c!.fetch();
    c!.finish();
    await Promise.all(done);
  });

  it('gives the slots back when a task fails, before or after its document is in', async () => {
    const limiter = new PollLimiter(1, 1);
    const failing = [
      limiter.run('https://same.example/a', async () => {
        throw new Error('refused');
      }),
      limiter.run('https://same.example/b', async (fetched) => {
        await fetched();
        throw new Error('unreadable');
      }),
    ];
    await expect(failing[0]).rejects.toThrow('refused');
    await expect(failing[1]).rejects.toThrow('unreadable');
    await tick();
    expect(limiter.active).toBe(0);
    expect(limiter.processingCount).toBe(0);
    const log: string[] = [];
    const c = twoStageTask(log, 'c');
    c.fetch();
    c.finish();
    await limiter.run('https://same.example/c', c.run);
    expect(log).toEqual(['fetch c', 'process c', 'end c']);
  });
});
