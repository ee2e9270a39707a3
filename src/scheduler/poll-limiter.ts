import pLimit, { type LimitFunction } from 'p-limit';
import { hostOf } from '../model/host-of.js';

/**
 * Politeness: at most `concurrency` polls at once overall, and at most `perHost` against any one
 * host, so twenty feeds on one publisher's server are not fetched all at the same moment.
 */
export class PollLimiter {
  private readonly global: LimitFunction;
  private readonly hosts = new Map<string, LimitFunction>();

  constructor(
    concurrency: number,
    private perHost: number,
  ) {
    this.global = pLimit(concurrency);
  }

  /**
   * New limits, in place (a config reload): polls already queued keep their place and are counted
   * against the new limits, rather than running beside the polls of a second limiter.
   */
  resize(concurrency: number, perHost: number): void {
    this.global.concurrency = concurrency;
    this.perHost = perHost;
    for (const hostLimit of this.hosts.values()) hostLimit.concurrency = perHost;
  }

  run<T>(url: string, task: () => Promise<T>): Promise<T> {
    const host = hostOf(url, { withPort: true }) ?? url;
    let hostLimit = this.hosts.get(host);
    if (!hostLimit) {
      hostLimit = pLimit(this.perHost);
      this.hosts.set(host, hostLimit);
    }
    // Wait for the host's turn first, so a busy host's queue does not hold global slots.
    return hostLimit(() => this.global(task)).finally(() => {
      if (hostLimit.activeCount === 0 && hostLimit.pendingCount === 0) this.hosts.delete(host);
    });
  }

  get active(): number {
    return this.global.activeCount;
  }
}
