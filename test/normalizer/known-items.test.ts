import { describe, expect, it } from 'vitest';
import type { KnownItems } from '../../src/normalizer/known-items.js';
import type { NormalizeContext } from '../../src/normalizer/normalize-context.js';
import { normalizeFeed, type NormalizedFeed } from '../../src/normalizer/normalize-feed.js';
import type { ParsedFeed, ParsedItem } from '../../src/parser/parsed-feed.js';

const context: NormalizeContext = { source: { key: 'src', name: 'Source', tags: [] }, type: 'RSS', feedUrl: 'https://example.com/feed.xml', now: new Date('2026-01-15T12:00:00.000Z') };
const options = { maxItems: 100, descriptionLength: 300 };
const item = (n: number, fields: Partial<ParsedItem> = {}): ParsedItem => ({
  guid: `id-${n}`,
  title: `Story ${n}`,
  summary: `<p>About ${n}</p>`,
  categories: [],
  enclosures: [],
  images: [],
  ...fields,
});
const feedOf = (...items: ParsedItem[]): ParsedFeed => ({ type: 'RSS', title: 'Wire', items });
const knownFrom = (result: NormalizedFeed): KnownItems => ({ digest: result.digest, items: new Map(result.fingerprints.map((f) => [f.fingerprint, f.externalId])) });

describe('normalizing with the items known from the last document', () => {
  it('normalizes only the items that are new or changed; the known ones are listed, not normalized', () => {
    const first = normalizeFeed(feedOf(item(1), item(2), item(3)), context, options);
    expect(first.items).toHaveLength(3);
    expect(first.fingerprints.every((f) => !f.known)).toBe(true);

    const second = normalizeFeed(feedOf(item(4), item(1), item(2, { title: 'Story 2, corrected' }), item(3)), context, options, knownFrom(first));
    expect(second.items.map((i) => [i.externalId, i.title])).toEqual([
      ['id-4', 'Story 4'],
      ['id-2', 'Story 2, corrected'],
    ]);
    expect(second.fingerprints.map((f) => [f.externalId, f.known])).toEqual([
      ['id-4', false],
      ['id-1', true],
      ['id-2', false],
      ['id-3', true],
    ]);
    expect(second.digest).toBe(first.digest);
  });

  it('normalizes every item again when anything else normalizing reads has changed: the source, the options, the document', () => {
    const feed = feedOf(item(1), item(2));
    const known = knownFrom(normalizeFeed(feed, context, options));
    expect(normalizeFeed(feed, context, options, known).items).toHaveLength(0);
    expect(normalizeFeed(feed, { ...context, source: { ...context.source, name: 'Renamed' } }, options, known).items).toHaveLength(2);
    expect(normalizeFeed(feed, { ...context, feedLang: 'de' }, options, known).items).toHaveLength(2);
    expect(normalizeFeed(feed, context, { ...options, descriptionLength: 100 }, known).items).toHaveLength(2);
    expect(normalizeFeed({ ...feed, lang: 'fr' }, context, options, known).items).toHaveLength(2);
    expect(normalizeFeed({ ...feed, base: 'https://example.com/news/' }, context, options, known).items).toHaveLength(2);
    expect(normalizeFeed({ ...feed, link: 'https://example.com/home' }, context, options, known).items).toHaveLength(2);
    // What items never fall back on changes as a feed gains items: it does not count.
    expect(normalizeFeed({ ...feed, updated: 'Thu, 03 Dec 2026 07:00:00 GMT', title: 'Wire, new edition', refreshMinutes: 5 }, context, options, known).items).toHaveLength(0);
    // The clock is not one of them: only undated items read it, and the store keeps their first date.
    expect(normalizeFeed(feed, { ...context, now: new Date('2026-02-01T00:00:00.000Z') }, options, known).items).toHaveLength(0);
  });

  it("still refuses a second item with a known item's id, as it refuses any repeated id", () => {
    const known = knownFrom(normalizeFeed(feedOf(item(1)), context, options));
    const result = normalizeFeed(feedOf(item(1), item(2), item(1, { title: 'Story 1 again' })), context, options, known);
    expect(result.items.map((i) => i.externalId)).toEqual(['id-2']);
    expect(result.rejected).toEqual([{ index: 2, reason: 'same externalId as item 0' }]);
    expect(result.fingerprints.map((f) => f.externalId)).toEqual(['id-1', 'id-2']);
  });

  it('lists no rejected item among the fingerprints, so a rejected item is looked at again next time', () => {
    const result = normalizeFeed(feedOf(item(1), { categories: [], enclosures: [], images: [], author: 'only an author' }), context, options);
    expect(result.rejected).toHaveLength(1);
    expect(result.fingerprints.map((f) => f.externalId)).toEqual(['id-1']);
  });

  it('puts the items the parser left out as known back at their place, so the fingerprints read as for the whole document', () => {
    const whole = { ...feedOf(item(1), item(2), item(3)), rawItems: { hashes: ['r1', 'r2', 'r3'], skipped: [false, false, false] } };
    const first = normalizeFeed(whole, context, options);
    const known = { ...knownFrom(first), raw: new Map(first.fingerprints.map((f) => [f.raw!, f.fingerprint])) };
    const reduced = { ...feedOf(item(4), item(2, { title: 'Story 2, corrected' })), rawItems: { hashes: ['r4', 'r1', 'r2b', 'r3'], skipped: [false, true, false, true] } };
    const result = normalizeFeed(reduced, context, options, known);
    expect(result.fingerprints.map((f) => [f.externalId, f.known, f.raw])).toEqual([
      ['id-4', false, 'r4'],
      ['id-1', true, 'r1'],
      ['id-2', false, 'r2b'],
      ['id-3', true, 'r3'],
    ]);
    expect(result.parsedIndexes).toEqual([0, 2]);
    // Left out of the parse, but not known under this digest: a whole parse is needed, not a guess.
    expect(() => normalizeFeed(reduced, context, { ...options, descriptionLength: 100 }, known)).toThrow(/left out of the parse/);
  });
});
