import { CronExpressionParser } from 'cron-parser';
import cron from 'node-cron';
import { cronTimeZone } from './cron-time-zone.js';

/** Days whose firings are looked at before giving up: a Monday the 29th of February comes every 28 years. */
const MAX_DAYS_LOOKED_AT = 2_000;
/** More than any clock change: this far before a day's start counted back from its hours is surely on an earlier day. */
const PAST_CLOCK_CHANGES_MS = 3 * 3600_000;

/**
 * The latest time at or before `now` that a cron expression fires (whole seconds, as node-cron
 * fires), read in its zone (cronTimeZone), or undefined when it has not fired in years. node-cron
 * tells only the next runs; cron-parser reads the same syntax and walks back. They differ on one
 * point: given both a day of the month and a day of the week, node-cron fires on days that match
 * both (`0 9 1-7 * 1`, the first Monday of the month) where cron-parser, like Vixie cron, fires on
 * days that match either. cron-parser's firings so include node-cron's, and each day it offers is
 * checked against node-cron's own reading of the fields.
 */
export function lastDueTime(expression: string, now: Date): Date | undefined {
  const fields = cron.parse(expression);
  const tz = cronTimeZone(expression);
  const dayOf = dayReader(tz);
  let before = new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000);
  for (let days = 0; days < MAX_DAYS_LOOKED_AT; days++) {
    let firing: Date;
    try {
      firing = CronExpressionParser.parse(expression, { currentDate: before, ...(tz === undefined ? {} : { tz }) })
        .prev()
        .toDate();
    } catch {
      return undefined; // no firing before `before` that cron-parser can find
    }
    const day = dayOf(firing);
    if (allows(fields.dayOfMonth, day.date) && allows(fields.dayOfWeek, day.weekday)) return firing;
    // The next firing looked at is the last one before this day starts.
    before = new Date(startOfDay(firing, dayOf));
  }
  return undefined;
}

/**
 * The first second of the day `firing` is on, on the reader's clock. Counting back its hours,
 * minutes and seconds is off by the clock's change on a day it changes, so the start is found by
 * halving between a time surely on an earlier day and the firing.
 */
function startOfDay(firing: Date, dayOf: DayReader): number {
  const { key, secondsIntoDay } = dayOf(firing);
  let earlier = firing.getTime() - secondsIntoDay * 1000 - PAST_CLOCK_CHANGES_MS;
  let on = firing.getTime();
  while (on - earlier > 1000) {
    const middle = earlier + Math.floor((on - earlier) / 2000) * 1000;
    if (dayOf(new Date(middle)).key === key) on = middle;
    else earlier = middle;
  }
  return on;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

type DayReader = (date: Date) => { key: string; date: number; weekday: number; secondsIntoDay: number };

/** The day (as a key), day of the month, day of the week (0 Sunday) and seconds since midnight of an instant, on the clock of `timeZone` (the process's when undefined). */
function dayReader(timeZone: string | undefined): DayReader {
  const format = new Intl.DateTimeFormat('en-US', {
    ...(timeZone === undefined ? {} : { timeZone }),
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  });
  return (date) => {
    const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
    return {
      key: `${parts['year']}-${parts['month']}-${parts['day']}`,
      date: Number(parts['day']),
      weekday: WEEKDAYS.indexOf(parts['weekday'] ?? ''),
      secondsIntoDay: Number(parts['hour']) * 3600 + Number(parts['minute']) * 60 + Number(parts['second']),
    };
  };
}

/** Whether a node-cron day field allows `value` (a field with `L` or `#` is left to cron-parser). */
function allows(values: ReadonlyArray<number | string>, value: number): boolean {
  return values.some((allowed) => typeof allowed === 'string') || values.includes(value);
}
