import { realpathSync } from 'node:fs';
import cron from 'node-cron';

/** The zone a line that names only minutes is read in, when that fires it at the same instants. */
export const UTC = 'Etc/UTC';

let zone: { name: string | undefined } | undefined;

/**
 * The time zone cron lines are read in: the process's own (TZ, or the system's), as it was before
 * pinProcessClockToUtc; undefined when it has no name (an empty TZ, `GMT+2`), and lines are then
 * read on the process's clock as it is.
 */
export function scheduleZone(): string | undefined {
  zone ??= { name: zoneOfPath(process.env.TZ) ?? usableZone(new Intl.DateTimeFormat().resolvedOptions().timeZone) };
  return zone.name;
}

/**
 * The zone a TZ of the C library's path form names (`:/etc/localtime`, set to spare the library a
 * look at that file, or `:/usr/share/zoneinfo/Europe/Berlin`), which Intl does not read (it names
 * no zone, or UTC): the name after `zoneinfo/` in the path the file resolves to.
 */
function zoneOfPath(tz: string | undefined): string | undefined {
  if (tz === undefined || !tz.startsWith(':/')) return undefined;
  try {
    const file = realpathSync(tz.slice(1));
    const at = file.lastIndexOf('/zoneinfo/');
    return at === -1 ? undefined : usableZone(file.slice(at + '/zoneinfo/'.length));
  } catch {
    return undefined;
  }
}

function usableZone(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}

/**
 * Notes the zone schedules are read in (scheduleZone), then sets the process's own clock to UTC;
 * every cron task is then given its zone explicitly (cronTimeZone). A zone Intl cannot name is left
 * as it is.
 *
 * Why: node-cron's heartbeat reads the current second from the local clock (`Date#setMilliseconds`),
 * and in the hour a local clock repeats when summer time ends that reading is an hour early: each
 * task re-arms its timer at once, again and again, a core spinning for the hour, and polls nothing
 * until the hour is over (node-cron issue 509). A clock without summer time never repeats an hour.
 * Only the scheduler reads the local clock; logs and outputs write UTC.
 */
export function pinProcessClockToUtc(): void {
  if (scheduleZone() !== undefined && process.env.TZ !== 'UTC') process.env.TZ = 'UTC';
}

/**
 * The time zone a cron line is read in: UTC for a line that names only its minutes (and seconds),
 * such as every quarter of an hour, when reading it in UTC fires at the same instants as the schedule
 * zone does in both its winter and summer offsets (whole hours, or offsets that move its minutes onto
 * themselves); the schedule zone for every other line (undefined, the process clock, when it has none).
 *
 * Why: read on a clock with summer time, node-cron takes the hour repeated when summer time ends
 * for one already past: a quarter-hourly line went 75 minutes without a poll. A line that names
 * hours or days means that zone's clock (`0 9 * * *` is nine in the morning where the daemon runs)
 * and keeps it, with the clock's jumps. Every reading of a line (the scheduler, the fleet's last due
 * time, `status`'s next poll) asks here, so they agree.
 */
export function cronTimeZone(expression: string, offsets?: readonly number[]): string | undefined {
  let fields: ReturnType<typeof cron.parse>;
  try {
    fields = cron.parse(expression);
  } catch {
    return scheduleZone();
  }
  const everyHourAndDay = fields.hour.length === 24 && fields.dayOfMonth.length === 31 && fields.month.length === 12 && new Set(fields.dayOfWeek.map((day) => Number(day) % 7)).size === 7;
  if (!everyHourAndDay) return scheduleZone();
  const minutes = new Set(fields.minute.map(Number));
  const zoneName = scheduleZone();
  const sameMinutes = (offsets ?? (zoneName === undefined ? localOffsets() : zoneOffsets(zoneName))).every((offset) =>
    [...minutes].every((minute) => minutes.has((((minute + offset) % 60) + 60) % 60)),
  );
  return sameMinutes ? UTC : scheduleZone();
}

/** The process clock's offsets from UTC in minutes, winter and summer, this year. */
function localOffsets(now = new Date()): number[] {
  const year = now.getFullYear();
  return [-new Date(year, 0, 1).getTimezoneOffset(), -new Date(year, 6, 1).getTimezoneOffset()];
}

/** A zone's offsets from UTC in minutes, winter and summer, this year. */
export function zoneOffsets(timeZone: string, now = new Date()): number[] {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const year = now.getUTCFullYear();
  return [Date.UTC(year, 0, 1), Date.UTC(year, 6, 1)].map((instant) => offsetMinutes(format, new Date(instant)));
}

/** `GMT`, `GMT+05:30`, `GMT-04:00` as minutes east of UTC. */
function offsetMinutes(format: Intl.DateTimeFormat, date: Date): number {
  const name = format.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}
