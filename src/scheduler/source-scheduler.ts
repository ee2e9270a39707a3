import cron, { type ScheduledTask } from 'node-cron';
import type { SourceConfig } from '../config/schema.js';

export interface SchedulerOptions {
  defaultSchedule: string;
  /** Upper bound of the random delay before each poll, so sources on one cron line do not fire together. */
  jitterMs: number;
  random: () => number;
  /** Called when a source is due (after its jitter). */
  onDue: (source: SourceConfig) => void;
}

/**
 * A node-cron task per enabled source. The jitter timers are ours, not node-cron's `maxRandomDelay`,
 * so that stop() can cancel the ones still waiting and tests can control the randomness.
 */
export class SourceScheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly waiting = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  schedule(sources: readonly SourceConfig[]): void {
    for (const source of sources) {
      if (!source.enabled) continue;
      const expression = source.schedule ?? this.options.defaultSchedule;
      const task = cron.createTask(expression, () => this.fireWithJitter(source), { name: `source:${source.key}`, noOverlap: true });
      void task.start();
      this.tasks.push(task);
    }
  }

  /** Stops every task and cancels polls still waiting out their jitter. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.waiting) clearTimeout(timer);
    this.waiting.clear();
    await Promise.all(this.tasks.map((task) => task.destroy()));
    this.tasks.length = 0;
  }

  private fireWithJitter(source: SourceConfig): void {
    if (this.stopped) return;
    const delay = Math.floor(this.options.random() * this.options.jitterMs);
    if (delay === 0) {
      this.options.onDue(source);
      return;
    }
    const timer = setTimeout(() => {
      this.waiting.delete(timer);
      if (!this.stopped) this.options.onDue(source);
    }, delay);
    this.waiting.add(timer);
  }
}
