import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { KnownItems } from '../../src/normalizer/known-items.js';
import { normalizeFeed, type NormalizedFeed } from '../../src/normalizer/normalize-feed.js';
import { parseFeed } from '../../src/parser/parse-feed.js';
import type { ParsedFeed } from '../../src/parser/parsed-feed.js';

/*
 * A document read without the items known by their raw hash must normalize to what the whole
 * document gives with the same items known: the same items, fingerprints (in order), rejections
 * and feed. Checked on every parser fixture that can be cut into items, as it is and with its items
 * written three times over (repeated ids, rejected as such), under several sets of known items.
 */
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/parser');
const FEED_URL = 'https://feeds.example.com/feed.xml';
const parseContext = { sourceKey: 'fixture', url: FEED_URL };
const options = { maxItems: 100, descriptionLength: 300 };
const normalize = (feed: ParsedFeed, known?: KnownItems) =>
  normalizeFeed(feed, { source: { key: 'fixture', name: 'Fixture', tags: [] }, type: feed.type, feedUrl: FEED_URL, now: new Date('2026-01-15T12:00:00.000Z') }, options, known);

/** The items of `normalized` that `pick` keeps, known as a record would give them (fingerprint and raw hash). */
function knownOf(normalized: NormalizedFeed, pick: (index: number) => boolean): KnownItems {
  const kept = normalized.fingerprints.filter((_, i) => pick(i));
  return {
    digest: normalized.digest,
    items: new Map(kept.map((f) => [f.fingerprint, f.externalId])),
    raw: new Map(kept.flatMap((f) => (f.raw === undefined ? [] : [[f.raw, f.fingerprint] as const]))),
  };
}

/** The document with its item region written three times over. */
function tripled(text: string): string {
  const region = /<(item|entry)[\s>][\s\S]*<\/\1\s*>/.exec(text);
  if (!region) return text;
  const end = region.index + region[0].length;
  return `${text.slice(0, end)}\n${region[0]}\n${region[0]}${text.slice(end)}`;
}

const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.xml'))
  .sort()
  .flatMap((name) => {
    const text = readFileSync(path.join(fixtures, name), 'utf8');
    return [
      [name, text],
      [`${name}, items three times over`, tripled(text)],
    ];
  });

const picks: Array<[string, (index: number) => boolean]> = [
  ['every other item known', (i) => i % 2 === 0],
  ['all but the last known', (i) => i > 0],
  ['every item known', () => true],
];

describe('a document read without its known items', () => {
  const chunked: string[] = [];

  it.each(cases)('%s normalizes as the whole document does', async (name, text) => {
    const whole = await parseFeed(text, parseContext);
    if (!whole.rawItems) return;
    chunked.push(`${whole.type} ${name}`);
    const first = normalize(whole);
    for (const [, pick] of picks) {
      const known = knownOf(first, pick);
      const expected = normalize(whole, known);
      const reduced = await parseFeed(text, parseContext, new Set(known.raw!.keys()));
      // Every item element of a known raw hash was left out of the parse.
      expect(reduced.rawItems?.skipped.filter(Boolean).length).toBe(whole.rawItems.hashes.filter((hash) => known.raw!.has(hash)).length);
      const actual = normalize(reduced, known);
      expect(actual.fingerprints).toEqual(expected.fingerprints);
      expect(actual.items).toEqual(expected.items);
      expect(actual.rejected).toEqual(expected.rejected);
      expect(actual.parsedIndexes).toEqual(expected.parsedIndexes);
      expect(actual.feed).toEqual(expected.feed);
      expect(actual.digest).toBe(expected.digest);
      // Given as UTF-8 bytes, the document is cut and read the same way.
      expect(normalize(await parseFeed(Buffer.from(text), parseContext, new Set(known.raw!.keys())), known)).toEqual(actual);
    }
    expect((await parseFeed(Buffer.from(text), parseContext)).rawItems?.hashes).toEqual(whole.rawItems.hashes);
  });

  it('was checked on RSS, RDF and Atom documents', () => {
    expect(chunked.length).toBeGreaterThanOrEqual(20);
    expect(new Set(chunked.map((name) => name.split(' ')[0]))).toEqual(new Set(['RSS', 'RDF', 'ATOM']));
  });
});

describe('reading a document whose items are known', () => {
  const item = (n: number, extra = '') => `<item><title>Story ${n}</title><guid>id-${n}</guid><description>About ${n}${extra}</description></item>`;
  const rss = (items: string) => `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Wire</title>\n${items}\n</channel></rss>`;
  const knownRawOf = async (text: string) => new Set((await parseFeed(text, parseContext)).rawItems?.hashes);

  it('reads a document of known items only as a feed without items, with nothing unread to report', async () => {
    const text = rss([1, 2, 3, 4].map((n) => item(n)).join('\n'));
    const feed = await parseFeed(text, parseContext, await knownRawOf(text));
    expect(feed.items).toEqual([]);
    expect(feed.unreadItems).toBeUndefined();
    expect(feed.rawItems?.skipped).toEqual([true, true, true, true]);
    expect(feed.title).toBe('Wire');
  });

  it('parses the item changed at the source, whose raw hash is new', async () => {
    const known = await knownRawOf(rss([1, 2, 3, 4].map((n) => item(n)).join('\n')));
    const feed = await parseFeed(rss([item(1), item(2, ', corrected'), item(3), item(4)].join('\n')), parseContext, known);
    expect(feed.rawItems?.skipped).toEqual([true, false, true, true]);
    expect(feed.items.map((parsed) => parsed.summary)).toEqual(['About 2, corrected']);
  });

  it('reads the new items of UTF-8 bytes as their text reads: a byte order mark, C1 controls', async () => {
    const known = await knownRawOf(rss([1, 2, 3, 4].map((n) => item(n)).join('\n')));
    const text = rss([item(5, ' don\u0092t &#146; — Ἀθῆναι'), item(1), item(2), item(3), item(4)].join('\n'));
    const feed = await parseFeed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), parseContext, known);
    expect(feed.rawItems?.skipped).toEqual([false, true, true, true, true]);
    expect(feed.items.map((parsed) => parsed.summary)).toEqual(['About 5 don’t ’ — Ἀθῆναι']);
  });

  it.each(['\u0001', '\uFFFE', '\uFFFF'])('does not cut a document holding a character XML forbids (%j), which can hide where a CDATA section or comment ends', async (forbidden) => {
    // Read without the forbidden characters, the first and third CDATA sections end where the scan
    // of the document as written would not see them end, and the comment opened in the third item
    // runs into the fourth: the scan and the parser would find 4 items each, in different places.
    const text = [
      '<rss version="2.0"><channel><title>t</title>',
      `<item><title>A</title><description><![CDATA[x]]${forbidden}></description></item>`,
      '<item><title>B</title><description><![CDATA[y]]></description></item>',
      `<item><title>C<![CDATA[x]]${forbidden}><!--]]></title></item>`,
      '<item><title>--></title></item>',
      '<item><title>X</title></item>',
      '</channel></rss>',
    ].join('\n');
    const whole = await parseFeed(Buffer.from(text), parseContext);
    expect(whole.items.map((parsed) => parsed.title)).toEqual(['A', 'B', 'Cx', 'X']);
    expect(whole.rawItems).toBeUndefined();
    // Given as text, the characters are the caller's to strip (decodeBody does); it is not cut either.
    expect((await parseFeed(text, parseContext)).rawItems).toBeUndefined();
  });

  it('cuts a text that begins with a byte order mark into its items as it cuts the bytes', async () => {
    const text = rss([1, 2, 3].map((n) => item(n)).join('\n'));
    expect((await parseFeed(`\uFEFF${text}`, parseContext)).rawItems?.hashes).toEqual((await parseFeed(Buffer.from(text), parseContext)).rawItems?.hashes);
  });

  it.each([
    ['repairs', item(5, ' & more'), undefined],
    ['recovers', '<item><title>Story 5</title><guid isPermaLink=false>id-5</guid></item>', /^ill-formed XML: /],
  ])('%s an ill-formed document whole, never reduced, and keeps no raw hashes of it', async (_verb, newItem, recoveredFrom) => {
    const known = await knownRawOf(rss([1, 2, 3, 4].map((n) => item(n)).join('\n')));
    const feed = await parseFeed(rss([newItem, item(1), item(2), item(3), item(4)].join('\n')), parseContext, known);
    expect(feed.recoveredFrom).toEqual(recoveredFrom === undefined ? undefined : expect.stringMatching(recoveredFrom));
    expect(feed.rawItems).toBeUndefined();
    expect(feed.items.map((parsed) => parsed.guid)).toEqual(['id-5', 'id-1', 'id-2', 'id-3', 'id-4']);
  });
});
