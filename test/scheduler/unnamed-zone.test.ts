import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { nextCronRun } from '../../src/commands/next-run.js';
import { parseConfig } from '../../src/config/load-config.js';
import { cronTimeZone, scheduleZone, UTC } from '../../src/scheduler/cron-time-zone.js';
import { lastDueTime } from '../../src/scheduler/last-due-time.js';
import { SourceScheduler } from '../../src/scheduler/source-scheduler.js';

// An empty TZ, as `TZ: ${TZ}` in a compose file gives when the host has none: the C library reads
// it as UTC, and Intl cannot name it.
const processZone = process.env.TZ;
process.env.TZ = '';
afterAll(() => {
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
});

describe('a process time zone Intl cannot name', () => {
  it('is left as it is, and every reading of a line uses the process clock', async () => {
    expect(scheduleZone()).toBeUndefined();
    expect(cronTimeZone('0 9 * * *')).toBeUndefined();
    expect(cronTimeZone('*/15 * * * *')).toBe(UTC);
    const scheduler = new SourceScheduler({ defaultSchedule: '0 9 * * *', jitterMs: 0, random: () => 0, onDue: () => undefined });
    onTestFinished(() => scheduler.stop());
    const sources = parseConfig('test', JSON.stringify({ output: { title: 't', id: 'urn:t' }, sources: [{ key: 'd', name: 'd', url: 'https://d.example/feed' }] })).sources;
    expect(await scheduler.schedule(sources)).toEqual(['d']);
    expect(process.env.TZ).toBe('');
    const next = nextCronRun('0 9 * * *', new Date());
    expect(next?.getUTCHours()).toBe(9);
    expect(lastDueTime('0 9 * * *', new Date('2026-12-10T12:00:00.000Z'))?.toISOString()).toBe('2026-12-10T09:00:00.000Z');
  });
});
