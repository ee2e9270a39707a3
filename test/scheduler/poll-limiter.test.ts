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
});
