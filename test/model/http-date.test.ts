import { describe, expect, it } from 'vitest';
import { parseHttpDate } from '../../src/model/http-date.js';

const AT = Date.parse('1994-11-06T08:49:37Z');

describe('parseHttpDate', () => {
  it('reads the three forms of an HTTP-date', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(AT);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(AT);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(AT);
  });

  it('ignores what is not one, though Date.parse would read it', () => {
    for (const value of ['2030', '1', 'x 1', 'Tomorrow 1', '2030-01-01T00:00:00Z', 'Sun, 06 Nov 1994 08:49:37 +0100', '']) {
      expect(parseHttpDate(value), value).toBeUndefined();
    }
  });
});
