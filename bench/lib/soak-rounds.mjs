import { pollsOf } from './soak-metrics.mjs';

/*
 * Following the daemon's poll rounds from outside. Every source is on one cron line firing every
 * `periodS` seconds with no jitter, so all of them are polled at each tick and the daemon is idle
 * between the end of a round and the next tick: the quiet window, where the soak changes the
 * fixture and reads memory. Polls in flight = fixture requests - polls the daemon counted that
 * make a request (the fixture's counters are reset before the daemon starts; every poll of a
 * fixture feed is exactly one request).
 */

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The cron line and its tick times. Ticks fall on multiples of periodS seconds of the epoch,
 * which is where node-cron's second field fires when periodS divides 60.
 * @param {number} periodS
 */
export function createTicks(periodS) {
  if (!Number.isInteger(periodS) || periodS < 5 || 60 % periodS !== 0) throw new Error(`SOAK_PERIOD_S must divide 60 and be at least 5 (got ${periodS})`);
  const periodMs = periodS * 1000;
  return {
    periodS,
    cron: periodS === 60 ? '0 * * * * *' : `*/${periodS} * * * * *`,
    /** @param {number} now */
    lastTickAt: (now) => now - (now % periodMs),
    /** @param {number} now */
    nextTickAt: (now) => now - (now % periodMs) + periodMs,
  };
}

/**
 * @typedef {{ metrics: () => Promise<ReturnType<typeof import('./soak-metrics.mjs').parseMetrics>> }} MetricsSource
 * @typedef {{ control: (path: string, method?: string) => Promise<any> }} FixtureControl
 */

/**
 * The config of a daemon every source of which is polled at each tick with no jitter, serving
 * /metrics on a free port: the fixture's workspace `extra`, with `more` merged in.
 * @param {ReturnType<typeof createTicks>} ticks @param {Record<string, unknown>} [more]
 */
export function tickedDaemonConfig(ticks, more = {}) {
  return {
    schedule: { default: ticks.cron, jitterSeconds: 0, honourFeedHints: false },
    server: { enabled: true, host: '127.0.0.1', port: 0 },
    ...more,
  };
}

/**
 * Waits for a quiet moment: no fixture request for a second, no poll in flight, at least 2 s past
 * the last tick (its polls have started) and `minLeftMs` before the next one. Returns the scrape
 * taken at that moment. If requests stay still for 5 s while the counts disagree (a poll that
 * crashed is never counted), that is taken as quiet too, and `inFlight` says by how much.
 * @param {{ daemon: MetricsSource, fixture: FixtureControl, ticks: ReturnType<typeof createTicks>, minLeftMs: number, timeoutMs: number }} options
 */
export async function waitQuiet({ daemon, fixture, ticks, minLeftMs, timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  let lastRequests = -1;
  let stableSince = Date.now();
  for (;;) {
    const { requests } = await fixture.control('stats', 'GET');
    const now = Date.now();
    if (requests !== lastRequests) {
      lastRequests = requests;
      stableSince = now;
    }
    const stableMs = now - stableSince;
    if (stableMs >= 1000 && now - ticks.lastTickAt(now) >= 2000 && ticks.nextTickAt(now) - now >= minLeftMs) {
      const samples = await daemon.metrics();
      const polls = pollsOf(samples);
      const inFlight = requests - polls.requesting;
      if (inFlight <= 0 || stableMs >= 5000) return { at: Date.now(), samples, polls, requests, inFlight };
    }
    if (Date.now() > deadline) throw new Error(`no quiet moment within ${timeoutMs / 1000} s (fixture requests ${requests})`);
    await sleep(250);
  }
}

/**
 * Waits until every source has been polled since `since` (its per-source counts). Scrapes
 * /metrics once the fixture has had a request per source since `sinceRequests` (and every 5 s
 * regardless, in case a source makes no request: backing off after failures).
 * @param {{ daemon: MetricsSource, fixture: FixtureControl, sources: readonly string[], since: Map<string, number>, sinceRequests: number, timeoutMs: number }} options
 */
export async function waitRound({ daemon, fixture, sources, since, sinceRequests, timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  let scrapedAt = Date.now();
  /** @type {string[]} */
  let behind = [...sources];
  for (;;) {
    const { requests } = await fixture.control('stats', 'GET');
    if (requests - sinceRequests >= sources.length || Date.now() - scrapedAt >= 5000) {
      scrapedAt = Date.now();
      const samples = await daemon.metrics();
      const polls = pollsOf(samples);
      behind = sources.filter((key) => (polls.perSource.get(key) ?? 0) <= (since.get(key) ?? 0));
      if (behind.length === 0) return { doneAt: scrapedAt, samples, polls };
    }
    if (Date.now() > deadline) throw new Error(`${behind.length} sources not polled within ${timeoutMs / 1000} s (e.g. ${behind.slice(0, 5).join(', ')})`);
    await sleep(250);
  }
}
