import type { Config } from '../config/schema.js';

type Hints = { feedRefreshMinutes?: number; cacheControl?: string; expires?: string };

/**
 * No poll before this, by the hints, when the config honours them: counted from `from`, the tick the
 * poll was due for. Counted from the poll, which comes after a random jitter, an hourly feed on a
 * 15-minute line ended its hour a few seconds before or after the fourth tick's own jittered poll,
 * and was polled at 60 or 75 minutes at random. A poll can so come up to the jitter before a
 * max-age runs out (it is conditional); an Expires date is kept to the second.
 */
export function hintedHoldUntil(schedule: Config['schedule'], hints: Hints, from: Date): Date | undefined {
  if (!schedule.honourFeedHints) return undefined;
  const holdMs = hintedDelayMs(hints, from, schedule.maxHintMinutes * 60_000);
  return holdMs === undefined ? undefined : new Date(from.getTime() + holdMs);
}

/**
 * How long a source asks to be left alone after a successful poll: the longest of the feed's own
 * <ttl> / sy:updatePeriod, Cache-Control max-age, and Expires — capped at `maxMs`. Undefined when
 * it says nothing (or says no-cache / no-store). A hint only ever lengthens the interval: a poll due
 * sooner on the cron line is skipped until the hint has passed.
 */
export function hintedDelayMs(hints: Hints, now: Date, maxMs: number): number | undefined {
  const candidates: number[] = [];
  if (hints.feedRefreshMinutes !== undefined) candidates.push(hints.feedRefreshMinutes * 60_000);
  const maxAge = maxAgeMs(hints.cacheControl);
  if (maxAge !== undefined) candidates.push(maxAge);
  else if (hints.expires !== undefined && !forbidsCaching(hints.cacheControl)) {
    // HTTP: max-age wins over Expires when both are present.
    const expires = Date.parse(hints.expires);
    if (Number.isFinite(expires)) candidates.push(expires - now.getTime());
  }
  const longest = Math.max(0, ...candidates);
  return longest > 0 ? Math.min(longest, maxMs) : undefined;
}

function maxAgeMs(cacheControl: string | undefined): number | undefined {
  if (!cacheControl || forbidsCaching(cacheControl)) return undefined;
  const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  return match ? Number(match[1]) * 1000 : undefined;
}

function forbidsCaching(cacheControl: string | undefined): boolean {
  return cacheControl !== undefined && /(?:^|[,\s])(no-cache|no-store)(?:$|[,\s=])/i.test(cacheControl);
}
