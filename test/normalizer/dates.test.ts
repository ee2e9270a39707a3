import { describe, expect, it } from 'vitest';
import { parseDate, resolveItemDates } from '../../src/normalizer/dates.js';

const NOW = new Date('2026-01-15T12:00:00.000Z');

describe('parseDate', () => {
  it.each([
    // RFC 822 / RFC 1123
    ['Tue, 16 Dec 2025 15:34:37 +0000', '2025-12-16T15:34:37.000Z'],
    ['Tue, 16 Dec 2025 15:34:37 GMT', '2025-12-16T15:34:37.000Z'],
    ['Tue, 16 Dec 2025 15:34:37 UT', '2025-12-16T15:34:37.000Z'],
    ['Tue, 16 Dec 2025 15:34:37 Z', '2025-12-16T15:34:37.000Z'],
    ['Tue, 16 Dec 2025 10:34:37 -0500', '2025-12-16T15:34:37.000Z'],
    ['Tue, 16 Dec 2025 10:34:37 EST', '2025-12-16T15:34:37.000Z'],
    ['Tue, 16 Dec 2025 08:34:37 PDT', '2025-12-16T15:34:37.000Z'],
    ['Tue, 16 Dec 2025 17:34:37 CEST', '2025-12-16T15:34:37.000Z'],
    ['Tue, 16 Dec 2025 15:34 GMT', '2025-12-16T15:34:00.000Z'],
    ['Tue, 6 Jan 2026 01:02:03 +0000', '2026-01-06T01:02:03.000Z'],
    // RFC 3339 / ISO 8601
    ['2025-12-16T15:34:37Z', '2025-12-16T15:34:37.000Z'],
    ['2025-12-16T15:34:37.985Z', '2025-12-16T15:34:37.985Z'],
    ['2025-12-16T16:34:37+01:00', '2025-12-16T15:34:37.000Z'],
    ['2025-12-16T16:34:37+0100', '2025-12-16T15:34:37.000Z'],
    ['2025-12-16T10:34:37-05', '2025-12-16T15:34:37.000Z'],
    ['2025-12-16', '2025-12-16T00:00:00.000Z'],
    ['2025-12', '2025-12-01T00:00:00.000Z'],
    // Broken variants met in real feeds
    ['2025-12-16 15:34:37', '2025-12-16T15:34:37.000Z'],
    ['2025-12-16T15:34:37', '2025-12-16T15:34:37.000Z'],
    ['Tue, 16 Dec 2025 15:34:37', '2025-12-16T15:34:37.000Z'],
    ['16 Dec 2025 15:34:37 +0000', '2025-12-16T15:34:37.000Z'],
    ['  Tue,   16  Dec   2025  15:34:37   +0000  ', '2025-12-16T15:34:37.000Z'],
    ['Tue,16 Dec 2025 15:34:37 +0000', '2025-12-16T15:34:37.000Z'],
    ['Tue, 16 Dec 25 15:34:37 GMT', '2025-12-16T15:34:37.000Z'],
    ['Thu, 01 Jan 98 00:00:00 GMT', '1998-01-01T00:00:00.000Z'],
    ['Di, 16 Dez 2025 16:34:37 +0100', '2025-12-16T15:34:37.000Z'],
    ['Seg, 15 Set 2025 12:00:00 -0300', '2025-09-15T15:00:00.000Z'],
    ['mar., 16 déc. 2025 16:34:37 +0100', '2025-12-16T15:34:37.000Z'],
    ['mar, 16 dic 2025 16:34:37 +0100', '2025-12-16T15:34:37.000Z'],
    ['Di, 16 Dez 2025 16:34:37 MEZ', '2025-12-16T15:34:37.000Z'],
    ['Mar 16, 2025 3:34 PM', '2025-03-16T15:34:00.000Z'],
    ['Tuesday, 16 December 2025 15:34:37 GMT', '2025-12-16T15:34:37.000Z'],
    ['Wed, 17 Dec 2025 00:34:37+0900', '2025-12-16T15:34:37.000Z'],
    ['Tue, 16 Dec 2025 15:34:37 +0000 (UTC)', '2025-12-16T15:34:37.000Z'],
    ['Dec 16, 2025 3:34 PM', '2025-12-16T15:34:00.000Z'],
    ['December 16, 2025 at 3:34pm EST', '2025-12-16T20:34:00.000Z'],
    ['Tue Dec 16 15:34:37 2025', '2025-12-16T15:34:37.000Z'],
    ['16-Dec-2025 15:34:37', '2025-12-16T15:34:37.000Z'],
    ['Tue, 16 Dec 2025', '2025-12-16T00:00:00.000Z'],
    ['2006-01-17T12:35:9+01:00', '2006-01-17T11:35:09.000Z'],
    // A zone name it does not know is UTC, ISO-style as in the written form.
    ['Wed, 10 Dec 2025 10:00:00 WIB', '2025-12-10T10:00:00.000Z'],
    ['2025-12-10 10:00:00 WIB', '2025-12-10T10:00:00.000Z'],
    ['2025-12-10T10:00:00WIB', '2025-12-10T10:00:00.000Z'],
    ['Tue, 31 Dec 2025 23:59:60 GMT', '2025-12-31T23:59:59.000Z'],
  ])('reads %j as %s', (raw, iso) => {
    expect(parseDate(raw, NOW)?.toISOString()).toBe(iso);
  });

  it.each([
    [''],
    ['   '],
    ['yesterday'],
    ['not a date at all'],
    ['2025-13-01T00:00:00Z'],
    ['2025-02-30'],
    ['Tue, 31 Feb 2025 10:00:00 GMT'],
    ['Tue, 16 Dec 2025 25:00:00 GMT'],
    ['1969-12-31T23:59:59Z'],
    ['Mon, 01 Jan 1900 00:00:00 GMT'],
    ['2099-01-01T00:00:00Z'],
    ['2027-01-16T00:00:00Z'],
    ['2025-12-16T15:34:37+99:00'],
    ['2025-12-16T15:34:37 GMT+99'],
    ['2025-12-16 WIB'],
    ['พฤ., 03 พ.ย. 2005 21:24:18 +0000'],
  ])('rejects %j', (raw) => {
    expect(parseDate(raw, NOW)).toBeUndefined();
  });

  it('accepts a date less than a year after now (it is clamped later, not dropped)', () => {
    expect(parseDate('2026-06-01T00:00:00Z', NOW)?.toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it('returns undefined for an absent date', () => {
    expect(parseDate(undefined, NOW)).toBeUndefined();
  });
});

describe('resolveItemDates', () => {
  it.each([
    ['uses published, and updated for updatedAt', '2025-12-01T00:00:00Z', '2025-12-02T00:00:00Z', '2025-12-01T00:00:00.000Z', '2025-12-02T00:00:00.000Z'],
    ['uses published for both when there is no updated', '2025-12-01T00:00:00Z', undefined, '2025-12-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z'],
    ['falls back to updated when there is no published', undefined, '2025-12-02T00:00:00Z', '2025-12-02T00:00:00.000Z', '2025-12-02T00:00:00.000Z'],
    ['falls back to updated when published is unreadable', 'soon', '2025-12-02T00:00:00Z', '2025-12-02T00:00:00.000Z', '2025-12-02T00:00:00.000Z'],
    ['falls back to now when neither is there', undefined, undefined, '2026-01-15T12:00:00.000Z', '2026-01-15T12:00:00.000Z'],
    ['clamps a published date in the future to now', '2026-02-01T00:00:00Z', undefined, '2026-01-15T12:00:00.000Z', '2026-01-15T12:00:00.000Z'],
    ['clamps an updated date in the future to now', '2025-12-01T00:00:00Z', '2026-02-01T00:00:00Z', '2025-12-01T00:00:00.000Z', '2026-01-15T12:00:00.000Z'],
    ['never puts updatedAt before publishedAt', '2025-12-02T00:00:00Z', '2025-12-01T00:00:00Z', '2025-12-02T00:00:00.000Z', '2025-12-02T00:00:00.000Z'],
  ] as const)('%s', (_name, published, updated, publishedAt, updatedAt) => {
    expect(resolveItemDates(published, updated, NOW)).toEqual({ publishedAt, updatedAt });
  });
});
