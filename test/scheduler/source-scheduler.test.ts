import cron from 'node-cron';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { SourceScheduler } from '../../src/scheduler/source-scheduler.js';

const config = parseConfig(
  'test',
  JSON.stringify({
    output: { title: 't', id: 'urn:t' },
    sources: [
      { key: 'every-second', name: 'a', url: 'https://a.example/feed', schedule: '* * * * * *' },
      { key: 'off', name: 'b', url: 'https://b.example/feed', schedule: '* * * * * *', enabled: false },
    ],
  }),
);

/** Enabled sources, one per key, all on `schedule`. */
function sourcesOnSchedule(keys: string[], schedule: string) {
  return parseConfig('test', JSON.stringify({ output: { title: 't', id: 'urn:t' }, sources: keys.map((key) => ({ key, name: key, url: `https://${key}.example/feed`, schedule })) })).sources;
}

describe('the source scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires a due source after its random jitter, and never a disabled one', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-05T12:00:00.000Z') });
    const due: string[] = [];
    const scheduler = new SourceScheduler({ defaultSchedule: '*/15 * * * *', jitterMs: 10_000, random: () => 0.5, onDue: (source) => due.push(source.key) });
    await scheduler.schedule(config.sources);
    await vi.advanceTimersByTimeAsync(1_000);
    // The cron tick has come; the poll waits out its 5 s of jitter.
    await vi.advanceTimersByTimeAsync(4_900);
    expect(due).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(due).toEqual(['every-second']);
    await scheduler.stop();
  });

  it('reschedules on a new config: removed sources stop firing, added ones start', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-05T12:00:00.000Z') });
    const due: string[] = [];
    const scheduler = new SourceScheduler({ defaultSchedule: '*/15 * * * *', jitterMs: 0, random: () => 0, onDue: (source) => due.push(source.key) });
    expect(await scheduler.schedule(config.sources)).toEqual(['every-second']);
    const next = parseConfig(
      'test',
      JSON.stringify({
        output: { title: 't', id: 'urn:t' },
        sources: [{ key: 'newcomer', name: 'c', url: 'https://c.example/feed', schedule: '* * * * * *' }],
      }),
    );
    expect(await scheduler.schedule(next.sources)).toEqual(['newcomer']);
    expect(scheduler.size).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(due).toEqual(['newcomer', 'newcomer']);
    await scheduler.stop();
  });

  it('keeps an unchanged source scheduled across a reload, and replaces a changed one', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-05T12:00:00.000Z') });
    const scheduler = new SourceScheduler({ defaultSchedule: '*/15 * * * *', jitterMs: 0, random: () => 0, onDue: () => {} });
    await scheduler.schedule(config.sources);
    expect(await scheduler.schedule(config.sources)).toEqual([]);
    const changed = config.sources.map((source) => ({ ...source, schedule: '*/5 * * * * *' }));
    expect(await scheduler.schedule(changed)).toEqual(['every-second']);
    await scheduler.stop();
  });

  it('reschedules, on a new schedule.default, only the sources on it', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-05T12:00:00.000Z') });
    const { sources } = parseConfig(
      'test',
      JSON.stringify({
        output: { title: 't', id: 'urn:t' },
        sources: [
          { key: 'hourly', name: 'a', url: 'https://a.example/feed', schedule: '0 * * * *' },
          { key: 'on-default', name: 'b', url: 'https://b.example/feed' },
        ],
      }),
    );
    const scheduler = new SourceScheduler({ defaultSchedule: '*/15 * * * *', jitterMs: 0, random: () => 0, onDue: () => {} });
    await scheduler.schedule(sources);
    const rescheduled = await scheduler.schedule(sources, { defaultSchedule: '*/30 * * * *', jitterMs: 0 });
    await scheduler.stop();
    expect(rescheduled).toEqual(['on-default']);
  });

  it('polls for a tick its timer reached seconds late (a stalled event loop), not a whole cycle later', async () => {
    // Local times: node-cron reads the schedule in the process's time zone.
    vi.useFakeTimers({ now: new Date(2026, 0, 5, 5, 59, 58) });
    const due: string[] = [];
    const scheduler = new SourceScheduler({ defaultSchedule: '0 6 * * *', jitterMs: 0, random: () => 0, onDue: (source, dueAt) => due.push(`${source.key}@${dueAt.toISOString()}`) });
    onTestFinished(() => scheduler.stop());
    await scheduler.schedule(sourcesOnSchedule(['daily'], '0 6 * * *'));
    // The event loop is held for 5 s just before 06:00, so the tick's timer runs at 06:00:05.
    vi.setSystemTime(new Date(2026, 0, 5, 6, 0, 3));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(due).toEqual([`daily@${new Date(2026, 0, 5, 6).toISOString()}`]);
  });

  it('after the host slept through several ticks, polls once, for the latest of them', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-05T12:14:58.000Z') });
    const due: string[] = [];
    const scheduler = new SourceScheduler({ defaultSchedule: '*/15 * * * *', jitterMs: 0, random: () => 0, onDue: (source, dueAt) => due.push(`${source.key}@${dueAt.toISOString()}`) });
    onTestFinished(() => scheduler.stop());
    await scheduler.schedule(sourcesOnSchedule(['a'], '*/15 * * * *'));
    // Suspended for 40 minutes: the clock has stepped past 12:15, 12:30 and 12:45 when timers run again.
    vi.setSystemTime(new Date('2026-01-05T12:54:58.000Z'));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(due).toEqual(['a@2026-01-05T12:45:00.000Z']);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(due).toEqual(['a@2026-01-05T12:45:00.000Z', 'a@2026-01-05T13:00:00.000Z']);
  });

  it('cancels polls still waiting out their jitter when stopped', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-05T12:00:00.000Z') });
    const due: string[] = [];
    const scheduler = new SourceScheduler({ defaultSchedule: '*/15 * * * *', jitterMs: 10_000, random: () => 0.5, onDue: (source) => due.push(source.key) });
    await scheduler.schedule(config.sources);
    await vi.advanceTimersByTimeAsync(1_500);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(due).toEqual([]);
  });

  it('runs one cron task per schedule, shared by every source on it, and ends it with the last of them', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-05T12:00:00.000Z') });
    const due: string[] = [];
    const scheduler = new SourceScheduler({ defaultSchedule: '*/15 * * * *', jitterMs: 0, random: () => 0, onDue: (source) => due.push(source.key) });
    const sourcesOn = sourcesOnSchedule;
    const tasks = () => [...cron.getTasks().values()].map((task) => task.name).filter((name) => name?.startsWith('sources:'));

    await scheduler.schedule([...sourcesOn(['a', 'b', 'c'], '* * * * * *'), ...sourcesOn(['d'], '*/2 * * * * *')]);
    expect(tasks().sort()).toEqual(['sources:* * * * * *', 'sources:*/2 * * * * *']);
    await vi.advanceTimersByTimeAsync(2_000);
    // Every source on the shared line fires at each of its ticks, in the order scheduled.
    expect(due.filter((key) => key !== 'd')).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(due.filter((key) => key === 'd')).toHaveLength(1);

    // b and d go: d's line has no source left and its task ends; a and c keep theirs.
    await scheduler.schedule(sourcesOn(['a', 'c'], '* * * * * *'));
    expect(tasks()).toEqual(['sources:* * * * * *']);
    due.length = 0;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(due).toEqual(['a', 'c']);

    await scheduler.stop();
    expect(tasks()).toEqual([]);
  });
});
