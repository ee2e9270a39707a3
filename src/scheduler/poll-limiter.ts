import pLimit, { type LimitFunction } from 'p-limit';
import { hostOf } from '../model/host-of.js';

/** A poll's part in a limit: given back when it is done with it. */
interface Slot {
  give: () => void;
  /** Settles once the limit counts the slot as free again. */
  freed: Promise<void>;
}

/**
 * Politeness: at most `concurrency` fetches at once overall, and at most `perHost` against any one
 * host, so twenty feeds on one publisher's server are not fetched all at the same moment. A poll
 * holds its fetch slots while it fetches; once its document is in, it can hand them over
 * (`fetched`) for one of `concurrency` slots that bound the documents awaiting their parse and
 * commit. The next fetch then starts while the document waits for a parse thread and the store,
 * and no more than twice `concurrency` documents are held at once.
 */
export class PollLimiter {
  private readonly fetching: LimitFunction;
  private readonly processing: LimitFunction;
  private readonly hosts = new Map<string, LimitFunction>();

  constructor(
    concurrency: number,
    private perHost: number,
  ) {
    this.fetching = pLimit(concurrency);
    this.processing = pLimit(concurrency);
  }

  /**
   * New limits, in place (a config reload): polls already queued keep their place and are counted
   * against the new limits, rather than running beside the polls of a second limiter.
   */
  resize(concurrency: number, perHost: number): void {
    this.fetching.concurrency = concurrency;
    this.processing.concurrency = concurrency;
    this.perHost = perHost;
    for (const hostLimit of this.hosts.values()) hostLimit.concurrency = perHost;
  }

  /**
   * Runs `task` once its host and a fetch slot are free. The task calls `fetched` once its document
   * is in: that resolves when a processing slot is free, and gives the fetch slots back. A task that
   * never calls it holds its fetch slots to its end.
   */
  async run<T>(url: string, task: (fetched: () => Promise<void>) => Promise<T>): Promise<T> {
    const host = hostOf(url, { withPort: true }) ?? url;
    const hostLimit = this.hostLimit(host);
    // Wait for the host's turn first, so a busy host's queue does not hold global slots.
    const hostSlot = await take(hostLimit);
    const fetchSlot = await take(this.fetching);
    let fetching = true;
    const endFetch = () => {
      if (!fetching) return;
      fetching = false;
      fetchSlot.give();
      hostSlot.give();
      void hostSlot.freed.then(() => {
        if (hostLimit.activeCount === 0 && hostLimit.pendingCount === 0 && this.hosts.get(host) === hostLimit) this.hosts.delete(host);
      });
    };
    let handOver: Promise<Slot> | undefined;
    const fetched = async () => {
      handOver ??= take(this.processing);
      await handOver;
      endFetch();
    };
    try {
      return await task(fetched);
    } finally {
      endFetch();
      if (handOver) (await handOver).give();
    }
  }

  /** Polls fetching now. */
  get active(): number {
    return this.fetching.activeCount;
  }

  /** Polls whose document is in, parsing or committing now. */
  get processingCount(): number {
    return this.processing.activeCount;
  }

  private hostLimit(host: string): LimitFunction {
    let hostLimit = this.hosts.get(host);
    if (!hostLimit) {
      hostLimit = pLimit(this.perHost);
      this.hosts.set(host, hostLimit);
    }
    return hostLimit;
  }
}

/** A slot of `limit`, once its turn comes. */
async function take(limit: LimitFunction): Promise<Slot> {
  let give!: () => void;
  const held = new Promise<void>((resolve) => (give = resolve));
  let started!: () => void;
  const turn = new Promise<void>((resolve) => (started = resolve));
  const freed = limit(() => {
    started();
    return held;
  });
  await turn;
  return { give, freed };
}
