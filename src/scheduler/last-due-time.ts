import { CronExpressionParser } from 'cron-parser';

/**
 * The latest time at or before `now` that a cron expression fires (whole seconds, as node-cron
 * fires). node-cron tells only the next runs; cron-parser reads the same five- or six-field syntax.
 */
export function lastDueTime(expression: string, now: Date): Date {
  const at = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const interval = CronExpressionParser.parse(expression, { currentDate: new Date(at.getTime() + 1000) });
  return interval.prev().toDate();
}
