import { afterAll, afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { nextCronRun } from '../../src/commands/next-run.js';
import { parseConfig } from '../../src/config/load-config.js';
import { cronTimeZone, scheduleZone, UTC, zoneOffsets } from '../../src/scheduler/cron-time-zone.js';
import { lastDueTime } from '../../src/scheduler/last-due-time.js';
import { SourceScheduler } from '../../src/scheduler/source-scheduler.js';

// The process's zone, as an operator in New York runs the daemon: read once, at the first schedule.
const processZone = process.env.TZ;
process.env.TZ = 'America/New_York';
afterAll(() => {
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
});

const NEW_YORK = [-300, -240];

describe('cronTimeZone', () => {
  it("reads schedules in the process's zone, whose offsets it knows", () => {
    expect(scheduleZone()).toBe('America/New_York');
    expect(zoneOffsets('America/New_York', new Date('2026-05-01T00:00:00Z'))).toEqual(NEW_YORK);
    expect(zoneOffsets('Asia/Kathmandu')).toEqual([345, 345]);
  });

  it.each([
    ['*/15 * * * *', NEW_YORK],
    ['5 * * * *', NEW_YORK],
    ['*/10 * * * * *', NEW_YORK],
    ['0,30 * * * *', [330]],
    ['*/15 * * * *', [345]],
    ['*/15 * * * 0-7', [60, 120]],
  ])('reads %s in UTC under offsets %j: it fires at the same instants', (expression, offsets) => {
    expect(cronTimeZone(expression, offsets)).toBe(UTC);
  });

  it.each([
    ['0 9 * * *', [0], 'it names an hour'],
    ['*/15 * * * 1-5', NEW_YORK, 'it names days of the week'],
    ['*/15 * 1 * *', NEW_YORK, 'it names a day of the month'],
    ['*/20 * * * *', [330], 'half-hour offsets move its minutes'],
    ['0 * * * *', [0, 30], 'a half-hour summer shift moves its minutes'],
    ['not cron', NEW_YORK, 'it is not a cron line'],
  ])("reads %s in the schedule's zone under offsets %j: %s", (expression, offsets) => {
    expect(cronTimeZone(expression, offsets)).toBe('America/New_York');
  });
});

function sources(schedule: string) {
  return parseConfig('test', JSON.stringify({ output: { title: 't', id: 'urn:t' }, sources: [{ key: 'q', name: 'q', url: 'https://q.example/feed', schedule }] })).sources;
}

/** A scheduler of one source on `schedule` from `now`, and the due times it has polled at. */
async function scheduled(schedule: string, now: string): Promise<string[]> {
  vi.useFakeTimers({ now: new Date(now) });
  const due: string[] = [];
  const scheduler = new SourceScheduler({ defaultSchedule: schedule, jitterMs: 0, random: () => 0, onDue: (_source, dueAt) => due.push(dueAt.toISOString()) });
  onTestFinished(() => scheduler.stop());
  await scheduler.schedule(sources(schedule));
  return due;
}

describe('schedules where summer time ends and starts, in New York (2026-11-01, 2026-03-08)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls a quarter-hourly line every 15 minutes through the repeated hour, and the other readings of the line agree', async () => {
    // 01:40 EDT; at 02:00 EDT (06:00Z) the clock goes back to 01:00 EST.
    const due = await scheduled('*/15 * * * *', '2026-11-01T05:40:00.000Z');
    expect(process.env.TZ).toBe('UTC');
    expect(nextCronRun('*/15 * * * *', new Date('2026-11-01T06:05:00.000Z'))?.toISOString()).toBe('2026-11-01T06:15:00.000Z');
    const timers = vi.spyOn(globalThis, 'setTimeout');
    await vi.advanceTimersByTimeAsync(2 * 60 * 60_000);
    expect(due.map((at) => at.slice(11, 16))).toEqual(['05:45', '06:00', '06:15', '06:30', '06:45', '07:00', '07:15', '07:30']);
    // node-cron's heartbeat sets a timer for each tick: it does not spin through the hour re-arming itself.
    expect(timers.mock.calls.length).toBeLessThan(20);
    expect(lastDueTime('*/15 * * * *', new Date('2026-11-01T06:20:00.000Z'))?.toISOString()).toBe('2026-11-01T06:15:00.000Z');
  });

  it('polls a line that names an hour on the local clock: nine in the morning, summer time or not', async () => {
    const due = await scheduled('0 9 * * *', '2026-10-31T12:00:00.000Z');
    await vi.advanceTimersByTimeAsync(2 * 24 * 60 * 60_000);
    expect(due).toEqual(['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z']);
    expect(nextCronRun('0 9 * * *', new Date('2026-11-02T10:00:00.000Z'))?.toISOString()).toBe('2026-11-02T14:00:00.000Z');
    expect(lastDueTime('0 9 * * *', new Date('2026-11-02T13:59:00.000Z'))?.toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });

  it('polls a line at 01:30 once on the day the hour repeats, and a line at 02:30 on the day that time never comes', async () => {
    const fallBack = await scheduled('30 1 * * *', '2026-11-01T04:00:00.000Z');
    await vi.advanceTimersByTimeAsync(6 * 60 * 60_000);
    expect(fallBack).toEqual(['2026-11-01T05:30:00.000Z']);
    vi.useRealTimers();
    const springForward = await scheduled('30 2 * * *', '2026-03-08T05:00:00.000Z');
    await vi.advanceTimersByTimeAsync(30 * 60 * 60_000);
    // node-cron's reading: a time the clock skips does not come that day.
    expect(springForward).toEqual(['2026-03-09T06:30:00.000Z']);
  });

  it('finds the last first Monday of the month on the local clock, late in the evening too', () => {
    expect(lastDueTime('0 9 1-7 * 1', new Date('2026-12-10T12:00:00.000Z'))?.toISOString()).toBe('2026-12-07T14:00:00.000Z');
    expect(lastDueTime('0 23 1-7 * 1', new Date('2026-12-10T12:00:00.000Z'))?.toISOString()).toBe('2026-12-08T04:00:00.000Z');
    expect(lastDueTime('0 22 1-7 * 1', new Date('2026-06-03T12:00:00.000Z'))?.toISOString()).toBe('2026-06-02T02:00:00.000Z');
    // Sunday 6 December, 23:45 EST: the last quarter of the day before the walk steps back from.
    expect(lastDueTime('*/15 * 1-7 * 0', new Date('2026-12-08T12:00:00.000Z'))?.toISOString()).toBe('2026-12-07T04:45:00.000Z');
    // Sunday 1 November, the day the hour repeats: its last quarter, 23:45 EST.
    expect(lastDueTime('*/15 * 1-7 * 0', new Date('2026-11-03T12:00:00.000Z'))?.toISOString()).toBe('2026-11-02T04:45:00.000Z');
  });
});
