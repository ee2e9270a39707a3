import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/fetcher/retry-after.js';

const NOW = new Date('2025-07-01T10:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta-seconds as milliseconds', () => {
    expect(parseRetryAfter('90', NOW)).toBe(90_000);
  });

  it('reads an IMF-fixdate as the time left until it', () => {
    expect(parseRetryAfter('Tue, 01 Jul 2025 10:01:30 GMT', NOW)).toBe(90_000);
  });

  it('reads the obsolete RFC 850 date form too', () => {
    expect(parseRetryAfter('Tuesday, 01-Jul-25 10:01:30 GMT', NOW)).toBe(90_000);
  });

  it('reads the asctime date form', () => {
    expect(parseRetryAfter('Tue Jul  1 10:01:30 2025', NOW)).toBe(90_000);
  });

  it('gives 0 for a date already past', () => {
    expect(parseRetryAfter('Tue, 01 Jul 2025 09:00:00 GMT', NOW)).toBe(0);
  });

  it('gives undefined for an absent, negative, fractional or unreadable value', () => {
    for (const value of [undefined, '', '-5', '1.5', 'soon', 'Tue, 99 Foo 2025', 'x 1', 'Tomorrow 1', '2030-01-01']) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeUndefined();
    }
  });

  it('gives undefined for a number of seconds too large to count', () => {
    expect(parseRetryAfter('9'.repeat(400), NOW)).toBeUndefined();
  });
});
