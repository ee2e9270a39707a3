/**
 * How long a source asks to be left alone after a successful poll: the longest of the feed's own
 * <ttl> / sy:updatePeriod, Cache-Control max-age, and Expires — capped at `maxMs`. Undefined when
 * it says nothing (or says no-cache / no-store). A hint only ever lengthens the interval: a poll due
 * sooner on the cron line is skipped until the hint has passed.
 */
export function hintedDelayMs(hints: { feedRefreshMinutes?: number; cacheControl?: string; expires?: string }, now: Date, maxMs: number): number | undefined {
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
