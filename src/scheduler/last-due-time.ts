import { CronExpressionParser } from 'cron-parser';
import cron from 'node-cron';

/** Days whose firings are looked at before giving up: a Monday the 29th of February comes every 28 years. */
const MAX_DAYS_LOOKED_AT = 2_000;

/**
 * The latest time at or before `now` that a cron expression fires (whole seconds, as node-cron
 * fires), or undefined when it has not fired in years. node-cron tells only the next runs;
 * cron-parser reads the same syntax and walks back. They differ on one point: given both a day of
 * the month and a day of the week, node-cron fires on days that match both (`0 9 1-7 * 1`, the
 * first Monday of the month) where cron-parser, like Vixie cron, fires on days that match either.
 * cron-parser's firings so include node-cron's, and each day it offers is checked against
 * node-cron's own reading of the fields.
 */
export function lastDueTime(expression: string, now: Date): Date | undefined {
  const fields = cron.parse(expression);
  let before = new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000);
  for (let days = 0; days < MAX_DAYS_LOOKED_AT; days++) {
    let firing: Date;
    try {
      firing = CronExpressionParser.parse(expression, { currentDate: before }).prev().toDate();
    } catch {
      return undefined; // no firing before `before` that cron-parser can find
    }
    if (firesOnDay(fields, firing)) return firing;
    before = new Date(firing.getFullYear(), firing.getMonth(), firing.getDate());
  }
  return undefined;
}

/** Whether node-cron's day fields both allow the day of `date` (a field with `L` or `#` is left to cron-parser). */
function firesOnDay(fields: ReturnType<typeof cron.parse>, date: Date): boolean {
  return allows(fields.dayOfMonth, date.getDate()) && allows(fields.dayOfWeek, date.getDay());
}

function allows(values: ReadonlyArray<number | string>, value: number): boolean {
  return values.some((allowed) => typeof allowed === 'string') || values.includes(value);
}
