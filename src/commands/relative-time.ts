const UNITS: ReadonlyArray<[limitSeconds: number, unitSeconds: number, suffix: string]> = [
  [60, 1, 's'],
  [60 * 60, 60, 'm'],
  [48 * 60 * 60, 60 * 60, 'h'],
  [Number.POSITIVE_INFINITY, 24 * 60 * 60, 'd'],
];

/**
 * `iso` as a person reads it next to `now`: "5m ago", "in 3h", "now". One unit, rounded down,
 * hours up to two days. Undefined in, "never" out. Pure.
 */
export function formatRelativeTime(iso: string | undefined, now: Date): string {
  if (iso === undefined) return 'never';
  const deltaSeconds = Math.round((Date.parse(iso) - now.getTime()) / 1000);
  const distance = Math.abs(deltaSeconds);
  if (distance < 1) return 'now';
  const [, unit, suffix] = UNITS.find(([limit]) => distance < limit)!;
  const amount = `${Math.floor(distance / unit)}${suffix}`;
  return deltaSeconds < 0 ? `${amount} ago` : `in ${amount}`;
}
