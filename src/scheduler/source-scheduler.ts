import cron, { type ScheduledTask } from 'node-cron';
import { cronTimeZone, pinProcessClockToUtc } from './cron-time-zone.js';
import type { SourceConfig } from '../config/schema.js';

export interface SchedulerOptions {
  defaultSchedule: string;
  /** Upper bound of the random delay before each poll, so sources on one cron line do not fire together. */
  jitterMs: number;
  random: () => number;
  /** Called when a source is due (after its jitter), with the cron tick it is due for. */
  onDue: (source: SourceConfig, dueAt: Date) => void;
}

interface Scheduled {
  /** The cron expression it is due on. */
  expression: string;
  /** The source's config as scheduled, to tell on a reload whether it changed. */
  fingerprint: string;
  source: SourceConfig;
}

/** One node-cron task and the sources due on its expression, in the order they were scheduled. */
interface Line {
  task: ScheduledTask;
  keys: Set<string>;
}

/**
 * A node-cron task per cron expression, shared by the enabled sources on it: node-cron computes each
 * task's next run at every tick, with dates it allocates afresh, so a task per source made 1,000
 * sources on one line cost 1,000 such computations a tick. The jitter timers are ours, not
 * node-cron's `maxRandomDelay`, so that each source waits its own, stop() can cancel the ones still
 * waiting and tests can control the randomness.
 */
export class SourceScheduler {
  private readonly scheduled = new Map<string, Scheduled>();
  private readonly lines = new Map<string, Line>();
  private readonly waiting = new Map<NodeJS.Timeout, string>();
  private stopped = false;

  constructor(private options: SchedulerOptions) {
    pinProcessClockToUtc();
  }

  /**
   * Makes the schedule match `sources`: tasks of removed, disabled or changed sources go (with any
   * poll of theirs waiting out its jitter), new and changed ones come. Returns the keys now scheduled
   * that were not before, or were scheduled with another config.
   */
  async schedule(sources: readonly SourceConfig[], options?: Pick<SchedulerOptions, 'defaultSchedule' | 'jitterMs'>): Promise<string[]> {
    if (options) this.options = { ...this.options, ...options };
    const wanted = new Map(sources.filter((source) => source.enabled).map((source) => [source.key, source]));
    for (const [key, entry] of this.scheduled) {
      const source = wanted.get(key);
      if (!source || this.fingerprintOf(source) !== entry.fingerprint) await this.unschedule(key);
    }
    const added: string[] = [];
    for (const [key, source] of wanted) {
      if (this.scheduled.has(key)) continue;
      const expression = source.schedule ?? this.options.defaultSchedule;
      (await this.lineOf(expression)).keys.add(key);
      this.scheduled.set(key, { expression, fingerprint: this.fingerprintOf(source), source });
      added.push(key);
    }
    return added;
  }

  /** Stops every task and cancels polls still waiting out their jitter. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const key of [...this.scheduled.keys()]) await this.unschedule(key);
  }

  /** Sources scheduled. */
  get size(): number {
    return this.scheduled.size;
  }

  /** The task of `expression`, started on first use. */
  private async lineOf(expression: string): Promise<Line> {
    const existing = this.lines.get(expression);
    if (existing) return existing;
    const keys = new Set<string>();
    const task = cron.createTask(
      expression,
      (context) => {
        for (const key of [...keys]) this.fireWithJitter(key, context.date);
      },
      {
        name: `sources:${expression}`,
        timezone: cronTimeZone(expression),
        noOverlap: true,
        // node-cron drops a tick its timer reaches over a second late (a stalled event loop, a
        // suspended host, the clock stepped forward), leaving the sources unpolled for a whole cycle:
        // a day on a daily line. Unbounded, it runs the latest tick missed, once, and drops only
        // the earlier ones, which that poll covers.
        missedExecutionTolerance: Number.POSITIVE_INFINITY,
        suppressMissedWarning: true,
      },
    );
    const line = { task, keys };
    this.lines.set(expression, line);
    await task.start();
    return line;
  }

  private async unschedule(key: string): Promise<void> {
    const entry = this.scheduled.get(key);
    if (!entry) return;
    this.scheduled.delete(key);
    for (const [timer, waitingKey] of this.waiting) {
      if (waitingKey !== key) continue;
      clearTimeout(timer);
      this.waiting.delete(timer);
    }
    const line = this.lines.get(entry.expression);
    line?.keys.delete(key);
    if (line && line.keys.size === 0) {
      this.lines.delete(entry.expression);
      await line.task.destroy();
    }
  }

  /** A new schedule.default changes only the sources on it: the others keep their task and their next poll. */
  private fingerprintOf(source: SourceConfig): string {
    return JSON.stringify([source, source.schedule ?? this.options.defaultSchedule]);
  }

  private fireWithJitter(key: string, tick: Date): void {
    const source = this.scheduled.get(key)?.source;
    if (this.stopped || !source) return;
    // Whole seconds: the same due time whoever computes it (see lastDueTime).
    const dueAt = new Date(Math.floor(tick.getTime() / 1000) * 1000);
    const delay = Math.floor(this.options.random() * this.options.jitterMs);
    if (delay === 0) {
      this.options.onDue(source, dueAt);
      return;
    }
    const timer = setTimeout(() => {
      this.waiting.delete(timer);
      const current = this.scheduled.get(key)?.source;
      if (!this.stopped && current) this.options.onDue(current, dueAt);
    }, delay);
    this.waiting.set(timer, key);
  }
}
