import cron from 'node-cron';
import { cronTimeZone } from '../scheduler/cron-time-zone.js';

/** The most runs looked ahead: a schedule every second, 24 h away, fits. */
const MAX_RUNS = 100_000;

/**
 * The first run of a cron expression at or after `notBefore`, with node-cron's own matcher, so it
 * agrees with the daemon's scheduler. node-cron only counts from the real clock, so this is not pure.
 * Undefined when the expression is invalid or never fires within MAX_RUNS runs.
 */
export function nextCronRun(expression: string, notBefore: Date): Date | undefined {
  if (!cron.validate(expression)) return undefined;
  const task = cron.createTask(expression, () => undefined, { timezone: cronTimeZone(expression) });
  try {
    for (let count = 16; count <= MAX_RUNS * 2; count *= 4) {
      const runs = task.getNextRuns(Math.min(count, MAX_RUNS));
      const found = runs.find((run) => run.getTime() >= notBefore.getTime());
      if (found) return found;
      if (count >= MAX_RUNS) return undefined;
    }
    return undefined;
  } finally {
    void task.destroy();
  }
}
