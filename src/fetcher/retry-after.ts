import { parseHttpDate } from '../model/http-date.js';

/**
 * Milliseconds to wait as a `Retry-After` header asks (RFC 9110 §10.2.3): either delta-seconds
 * or an HTTP-date, the latter counted from `now`. A date in the past means "now" (0).
 * Anything unreadable gives undefined, so the caller's own back-off applies, and so does a number of
 * seconds too large to count. The caller caps what it honours: a server may ask for years.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    const ms = Number(trimmed) * 1000;
    return Number.isFinite(ms) ? ms : undefined;
  }
  const at = parseHttpDate(trimmed);
  return at === undefined ? undefined : Math.max(0, at - now.getTime());
}
