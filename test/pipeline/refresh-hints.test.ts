import { describe, expect, it } from 'vitest';
import { hintedDelayMs } from '../../src/pipeline/refresh-hints.js';

const now = new Date('2026-01-05T12:00:00.000Z');
const day = 86_400_000;

describe('feed and HTTP refresh hints', () => {
  it('takes the longest of <ttl>, max-age and Expires', () => {
    expect(hintedDelayMs({ feedRefreshMinutes: 30, cacheControl: 'max-age=7200' }, now, day)).toBe(7_200_000);
    expect(hintedDelayMs({ feedRefreshMinutes: 180, cacheControl: 'max-age=60' }, now, day)).toBe(10_800_000);
  });

  it('reads Expires as a date relative to now when there is no max-age', () => {
    expect(hintedDelayMs({ expires: 'Mon, 05 Jan 2026 13:30:00 GMT' }, now, day)).toBe(5_400_000);
  });

  it('lets max-age win over Expires, as HTTP says', () => {
    expect(hintedDelayMs({ cacheControl: 'max-age=60', expires: 'Tue, 06 Jan 2026 12:00:00 GMT' }, now, day)).toBe(60_000);
  });

  it('caps the hint at the configured bound', () => {
    expect(hintedDelayMs({ feedRefreshMinutes: 10_000 }, now, 3_600_000)).toBe(3_600_000);
  });

  it('gives no hint for no-cache, no-store, an Expires in the past or garbage', () => {
    expect(hintedDelayMs({ cacheControl: 'no-cache, max-age=600' }, now, day)).toBeUndefined();
    expect(hintedDelayMs({ cacheControl: 'no-store', expires: 'Tue, 06 Jan 2026 12:00:00 GMT' }, now, day)).toBeUndefined();
    expect(hintedDelayMs({ expires: 'Mon, 05 Jan 2026 11:00:00 GMT' }, now, day)).toBeUndefined();
    expect(hintedDelayMs({ expires: 'soon', cacheControl: 'max-age=abc' }, now, day)).toBeUndefined();
    expect(hintedDelayMs({}, now, day)).toBeUndefined();
  });
});
