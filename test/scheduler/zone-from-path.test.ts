import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pinProcessClockToUtc, scheduleZone } from '../../src/scheduler/cron-time-zone.js';

// TZ in the C library's path form, through a link as /etc/localtime is one: Intl cannot read it.
const processZone = process.env.TZ;
const folder = mkdtempSync(path.join(tmpdir(), 'tributary-zone-'));
mkdirSync(path.join(folder, 'zoneinfo', 'America'), { recursive: true });
writeFileSync(path.join(folder, 'zoneinfo', 'America', 'New_York'), '');
symlinkSync(path.join(folder, 'zoneinfo', 'America', 'New_York'), path.join(folder, 'localtime'));
process.env.TZ = `:${path.join(folder, 'localtime')}`;
afterAll(() => {
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
  rmSync(folder, { recursive: true, force: true });
});

describe('a TZ that names a zone file', () => {
  it("reads schedules in the zone the file's path names, and sets the process clock to UTC", () => {
    expect(new Intl.DateTimeFormat().resolvedOptions().timeZone).not.toBe('America/New_York');
    expect(scheduleZone()).toBe('America/New_York');
    pinProcessClockToUtc();
    expect(process.env.TZ).toBe('UTC');
  });
});
