import { describe, expect, it } from 'vitest';
import { DEFAULT_STORY_OPTIONS, eventIdOf, sortForClustering, StoryClusterer, type StoryInput, StoryStateError, storyIdOf } from '../../src/stories/index.js';
import { clusterAll } from './evaluate.js';
import { readLabelledSet } from './labelled-set.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2025-12-12T00:00:00.000Z');

function item(source: string, id: string, hoursIn: number, title: string, description = '', lang = 'en'): StoryInput {
  return { externalId: id, source: { key: source }, publishedAt: new Date(START + hoursIn * HOUR).toISOString(), title, description, lang };
}

const DTCC_DECRYPT = item(
  'decrypt',
  'd1',
  0,
  "SEC Approves DTCC Pilot to Record US Securities on Select Blockchains Via 'Registered' Wallets",
  'The three-year program will allow the DTCC, the central clearinghouse, to create tokenized entitlements.',
);
const DTCC_BLOCK = item(
  'theblock',
  'b1',
  2,
  'DTCC subsidiary authorized to offer tokenization service for US securities beginning 2026',
  "DTCC's depository subsidiary has received an SEC No-Action Letter clearing it to offer a tokenization service.",
);
const JUVENTUS = item(
  'coindesk',
  'c1',
  3,
  'Crypto Firm Tether Says It Wants to Take Over Italian Football Club Juventus',
  'The issuer behind the most popular stablecoin said it prepares to invest in the football club.',
);
/** Items that make the stream's term weights tell common words from rare ones. */
const BACKGROUND = Array.from({ length: 40 }, (_, i) => item('wire', `w${i}`, -10 - i, `Crypto market update number ${i}: bitcoin and stocks move`, 'Prices of crypto assets moved on the day.'));

const labelled = readLabelledSet();

describe('the story clusterer', () => {
  it('puts two outlets reporting the same news in one event and one story, named after the first report', () => {
    const [decrypt, block, juventus] = clusterAll([...BACKGROUND, DTCC_DECRYPT, DTCC_BLOCK, JUVENTUS]).slice(-3);
    expect(block).toMatchObject({ eventId: decrypt!.eventId, storyId: decrypt!.storyId, event: 'joined', story: 'joined' });
    expect(decrypt).toMatchObject({ eventId: eventIdOf(DTCC_DECRYPT), storyId: storyIdOf(DTCC_DECRYPT), event: 'new', story: 'new' });
    expect(juventus!.eventId).not.toBe(decrypt!.eventId);
    expect(decrypt!.eventId).toMatch(/^ev_[0-9a-f]{16}$/);
    expect(decrypt!.storyId).toMatch(/^st_[0-9a-f]{16}$/);
  });

  it('gives the same ids when the same stream is clustered again', () => {
    expect(clusterAll(labelled)).toEqual(clusterAll(labelled));
  });

  it('gives the same clusters whatever order a batch comes in: it sorts by published time, source key, externalId', () => {
    const shuffled = [...labelled].reverse();
    const rotated = [...labelled.slice(100), ...labelled.slice(0, 100)];
    const byKey = (list: ReturnType<typeof clusterAll>) => new Map(list.map((a) => [`${a.sourceKey}\n${a.externalId}`, a]));
    expect(byKey(clusterAll(shuffled))).toEqual(byKey(clusterAll(labelled)));
    expect(byKey(clusterAll(rotated))).toEqual(byKey(clusterAll(labelled)));
  });

  it('gives the same clusters when the stream comes in several polls instead of one', () => {
    const sorted = sortForClustering(labelled);
    const whole = StoryClusterer.create().assignBatch(sorted);
    const polled = StoryClusterer.create();
    const inPolls = [sorted.slice(0, 50), sorted.slice(50, 51), sorted.slice(51, 200), sorted.slice(200)].flatMap((poll) => polled.assignBatch(poll));
    expect(inPolls).toEqual(whole);
  });

  it('goes on after a snapshot, written as JSON and restored, exactly as it would have without the restart', () => {
    const sorted = sortForClustering(labelled);
    const straight = StoryClusterer.create();
    const expected = straight.assignBatch(sorted);
    const before = StoryClusterer.create();
    const first = before.assignBatch(sorted.slice(0, 170));
    const after = StoryClusterer.restore(JSON.parse(JSON.stringify(before.snapshot())));
    expect([...first, ...after.assignBatch(sorted.slice(170))]).toEqual(expected);
    expect(after.snapshot()).toEqual(straight.snapshot());
  });

  it('goes on the same from a snapshot taken anywhere in the stream', () => {
    const sorted = sortForClustering(labelled);
    const straight = StoryClusterer.create();
    const expected = straight.assignBatch(sorted);
    for (const cut of [1, 7, 33, 96, 140, 201, 255, 319]) {
      const before = StoryClusterer.create();
      const first = before.assignBatch(sorted.slice(0, cut));
      const after = StoryClusterer.restore(JSON.parse(JSON.stringify(before.snapshot())));
      expect([...first, ...after.assignBatch(sorted.slice(cut))]).toEqual(expected);
    }
  });

  it('starts an event and a story of its own for an item with no words', () => {
    const [dtcc, empty] = clusterAll([...BACKGROUND, DTCC_DECRYPT, item('wire', 'empty', 1, '', '')]).slice(-2);
    expect(empty).toMatchObject({ eventId: eventIdOf({ source: { key: 'wire' }, externalId: 'empty' }), event: 'new', story: 'new' });
    expect(empty!.storyId).not.toBe(dtcc!.storyId);
  });

  it('gives an item it has seen before (a re-poll) its ids again, as known, and learns nothing from it', () => {
    const clusterer = StoryClusterer.create();
    const first = clusterer.assign(DTCC_DECRYPT);
    const snapshot = JSON.stringify(clusterer.snapshot());
    const again = clusterer.assign({ ...DTCC_DECRYPT, title: 'SEC approves DTCC pilot (updated)' });
    expect(again).toMatchObject({ eventId: first.eventId, storyId: first.storyId, event: 'known', story: 'known' });
    expect(JSON.stringify(clusterer.snapshot())).toBe(snapshot);
  });

  it('starts a new event for the same news past the 72-hour event window, in the same story', () => {
    const repeat = (hours: number) => ({ ...DTCC_DECRYPT, source: { key: 'wire' }, externalId: `again-${hours}`, publishedAt: new Date(START + hours * HOUR).toISOString() });
    const [original, inside, outside] = clusterAll([...BACKGROUND, DTCC_DECRYPT, repeat(40), repeat(40 + 73)]).slice(-3);
    expect(inside!.eventId).toBe(original!.eventId);
    expect(outside!.eventId).not.toBe(original!.eventId);
    expect(outside!.storyId).toBe(original!.storyId);
  });

  it('raises the bar for an event the longer ago its latest report', () => {
    const options = { eventThreshold: 0.2, eventThresholdPerDay: 0.2 };
    const later = (hours: number) => ({ ...DTCC_BLOCK, publishedAt: new Date(START + hours * HOUR).toISOString() });
    const soon = clusterAll([...BACKGROUND, DTCC_DECRYPT, later(2)], options).slice(-2);
    const late = clusterAll([...BACKGROUND, DTCC_DECRYPT, later(70)], options).slice(-2);
    expect(soon[1]!.eventId).toBe(soon[0]!.eventId);
    expect(late[1]!.eventScore).toBeUndefined();
    expect(late[1]!.eventId).not.toBe(late[0]!.eventId);
  });

  it('starts a new story past the 60-day story window', () => {
    const repeat = (days: number) => ({ ...DTCC_BLOCK, externalId: `again-${days}`, publishedAt: new Date(START + days * DAY).toISOString() });
    const [original, inside, outside] = clusterAll([...BACKGROUND, DTCC_DECRYPT, repeat(59), repeat(59 + 61)]).slice(-3);
    expect(inside!.storyId).toBe(original!.storyId);
    expect(inside!.eventId).not.toBe(original!.eventId);
    expect(outside!.storyId).not.toBe(original!.storyId);
  });

  it('compares items only within their primary language', () => {
    const german = { ...DTCC_BLOCK, externalId: 'de', lang: 'de-DE' };
    const english = { ...DTCC_BLOCK, externalId: 'en-us', lang: 'en-US' };
    const [original, inGerman, inEnglish] = clusterAll([...BACKGROUND, DTCC_DECRYPT, german, english]).slice(-3);
    expect(inGerman!.eventId).not.toBe(original!.eventId);
    expect(inEnglish!.eventId).toBe(original!.eventId);
  });

  it('keeps one template filled in for different companies apart, but merges the same release sent twice', () => {
    const alert = (company: string, ticker: string, id: string, hours: number) =>
      item(
        'prnewswire',
        id,
        hours,
        `${company} Shareholder Alert: ClaimsFiler Reminds Investors With Losses In Excess Of $100,000 Of Lead Plaintiff Deadline In Class Action Lawsuits Against ${company} - ${ticker}`,
        `ClaimsFiler, a FREE shareholder information service, reminds investors of the deadline in the lawsuit against ${company}.`,
      );
    const [carmax, stride, carmaxAgain] = clusterAll([...BACKGROUND, alert('CarMax', 'KMX', 'p1', 1), alert('Stride', 'LRN', 'p2', 1.1), alert('CarMax', 'KMX', 'p3', 1.2)]).slice(-3);
    expect(stride!.eventId).not.toBe(carmax!.eventId);
    expect(stride!.storyId).not.toBe(carmax!.storyId);
    expect(carmaxAgain!.eventId).toBe(carmax!.eventId);
  });

  it('holds no more terms than its cap, and lets go of events, stories and items past their windows', () => {
    const clusterer = StoryClusterer.create({ maxTerms: 200 });
    clusterer.assignBatch(labelled);
    expect(clusterer.counts().terms).toBeLessThanOrEqual(200);
    const last = Date.parse(sortForClustering(labelled).at(-1)!.publishedAt);
    clusterer.assign(item('wire', 'late', (last + 61 * DAY - START) / HOUR, 'Much later news'));
    expect(clusterer.counts()).toMatchObject({ events: 1, stories: 1, members: 1 });
  });

  it('refuses a snapshot of another version or shape, with a StoryStateError', () => {
    const snapshot = StoryClusterer.create().snapshot();
    expect(() => StoryClusterer.restore({ ...snapshot, version: 2 })).toThrow(StoryStateError);
    expect(() => StoryClusterer.restore('{}')).toThrow(/not an object/);
    expect(() => StoryClusterer.restore({ ...snapshot, options: { ...snapshot.options, eventThreshold: null } })).toThrow(/eventThreshold/);
    expect(() => StoryClusterer.restore({ ...snapshot, events: {} })).toThrow(/events/);
  });

  it('refuses a story window shorter than the event window, and a publishedAt that is no date', () => {
    expect(() => StoryClusterer.create({ storyWindowDays: 1, eventWindowHours: 72 })).toThrow(RangeError);
    expect(() => StoryClusterer.create().assign({ ...DTCC_DECRYPT, publishedAt: 'yesterday' })).toThrow(RangeError);
  });

  it('has defaults that JSON keeps as they are', () => {
    expect(JSON.parse(JSON.stringify(DEFAULT_STORY_OPTIONS))).toEqual(DEFAULT_STORY_OPTIONS);
  });
});

describe('sortForClustering', () => {
  it('orders by published time, then source key, then externalId (code units, not locale), and leaves its input alone', () => {
    const at = (iso: string, key: string, id: string) => ({ publishedAt: iso, source: { key }, externalId: id });
    const input = [at('2025-12-12T10:00:00.000Z', 'b', '1'), at('2025-12-12T09:00:00.000Z', 'z', '9'), at('2025-12-12T10:00:00.000Z', 'a', 'b'), at('2025-12-12T10:00:00.000Z', 'a', 'B')];
    expect(sortForClustering(input).map((i) => `${i.source.key}${i.externalId}`)).toEqual(['z9', 'aB', 'ab', 'b1']);
    expect(input[0]!.source.key).toBe('b');
  });
});
