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
});
