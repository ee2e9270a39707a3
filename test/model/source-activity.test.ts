import { describe, expect, it } from 'vitest';
import {
  addedPerDay,
  DAY_MS,
  HOUR_MS,
  HOURS_KEPT,
  hourlyTotals,
  hoursOf,
  type PollToRecord,
  pollsOf,
  RECENT_POLLS,
  recordPoll,
  SourceActivitySchema,
  type SourceActivity,
  UNCATEGORIZED,
} from '../../src/model/source-activity.js';

const START = new Date('2026-12-01T00:10:00.000Z');
const at = (ms: number) => new Date(START.getTime() + ms);
const quiet = { outcome: 'not-modified', status: 304, durationMs: 40, added: 0, updated: 0 } as const;

describe('a source activity', () => {
  it('keeps each poll in detail, the newest last, and only the last RECENT_POLLS of them', () => {
    let activity: SourceActivity | undefined;
    for (let i = 0; i < RECENT_POLLS + 5; i++) activity = recordPoll(activity, { ...quiet, durationMs: i }, at(i * 60_000));
    const polls = pollsOf(activity);
    expect(polls).toHaveLength(RECENT_POLLS);
    expect(polls[0]).toEqual({ at: at(5 * 60_000).toISOString(), outcome: 'not-modified', status: 304, durationMs: 5, added: 0, updated: 0 });
    expect(polls.at(-1)!.durationMs).toBe(RECENT_POLLS + 4);
    expect(SourceActivitySchema.parse(JSON.parse(JSON.stringify(activity)))).toEqual(activity);
  });

  it("keeps a failure's reason on one line, and a poll without an answer without status or duration", () => {
    const activity = recordPoll(undefined, { outcome: 'failed', added: 0, updated: 0, error: 'connect ECONNREFUSED\n  at 127.0.0.1:9 ,=:' }, START);
    expect(pollsOf(activity)).toEqual([{ at: START.toISOString(), outcome: 'failed', added: 0, updated: 0, error: 'connect ECONNREFUSED at 127.0.0.1:9 ,=:' }]);
  });

  it('passes over a line or hour that does not read (a hand-edited store), and the line leaves with the window', () => {
    const hour = Math.floor(START.getTime() / HOUR_MS);
    const edited: SourceActivity = { polls: 'not a poll line', hours: `??? ${hour.toString(36)},1,0,0,0`, days: '' };
    let activity = recordPoll(edited, quiet, START);
    expect(pollsOf(activity)).toEqual([{ at: START.toISOString(), ...quiet }]);
    expect(hoursOf(activity)).toEqual([{ hour, polls: { changed: 1, unchanged: 0, 'not-modified': 1, failed: 0 }, added: {} }]);
    expect(activity.hours).not.toContain('???');
    for (let i = 1; i < RECENT_POLLS; i++) activity = recordPoll(activity, quiet, at(i * 1000));
    expect(activity.polls).not.toContain('not a poll line');
    expect(pollsOf(activity)).toHaveLength(RECENT_POLLS);
  });

  it("stays small: a busy source's two days of history in under 3 KB of JSON", () => {
    let activity: SourceActivity | undefined;
    for (let i = 0; i < 4 * HOURS_KEPT; i++) {
      const poll = i % 4 === 0 ? { outcome: 'changed', status: 200, durationMs: 350, added: 3, updated: 1, addedByCategory: { BTC: 2, 'AI & ML': 1 } } : quiet;
      activity = recordPoll(activity, poll as PollToRecord, at(i * 15 * 60_000));
    }
    expect(pollsOf(activity)).toHaveLength(RECENT_POLLS);
    expect(hoursOf(activity)).toHaveLength(HOURS_KEPT);
    expect(hoursOf(activity)[0]!.added).toEqual({ BTC: 2, 'AI & ML': 1 });
    expect(JSON.stringify(activity).length).toBeLessThan(3072);
  });

  it('counts polls by outcome and new items by category per hour, and forgets hours older than two days', () => {
    let activity = recordPoll(undefined, { outcome: 'changed', status: 200, added: 3, updated: 1, addedByCategory: { BTC: 2, [UNCATEGORIZED]: 1 } }, at(0));
    activity = recordPoll(activity, { outcome: 'failed', error: 'HTTP 500', added: 0, updated: 0 }, at(10 * 60_000));
    activity = recordPoll(activity, { outcome: 'changed', added: 2, updated: 0 }, at(HOUR_MS));
    const firstHour = Math.floor(START.getTime() / HOUR_MS);
    const none = { changed: 0, unchanged: 0, 'not-modified': 0, failed: 0 };
    expect(hoursOf(activity)).toEqual([
      { hour: firstHour, polls: { ...none, changed: 1, failed: 1 }, added: { BTC: 2, [UNCATEGORIZED]: 1 } },
      { hour: firstHour + 1, polls: { ...none, changed: 1 }, added: { [UNCATEGORIZED]: 2 } },
    ]);
    const later = recordPoll(activity, quiet, at(HOURS_KEPT * HOUR_MS));
    expect(hoursOf(later).map((hour) => hour.hour)).toEqual([firstHour + 1, firstHour + HOURS_KEPT]);
  });

  it("counts a poll into its hour by the counts that change only: the hour's categories are carried as written", () => {
    const hour = Math.floor(START.getTime() / HOUR_MS).toString(36);
    // A pair without a count (it reads as 0) and a category left as a hand-edited store spelled it.
    const written: SourceActivity = { polls: '', hours: `${hour},2,0,5,0,BTC=3,oddpair,AI%20%26%20ML=1`, days: '' };
    let activity = recordPoll(written, quiet, START);
    expect(activity.hours).toBe(`${hour},2,0,6,0,BTC=3,oddpair,AI%20%26%20ML=1`);
    activity = recordPoll(activity, { outcome: 'changed', status: 200, added: 4, updated: 0, addedByCategory: { 'AI & ML': 2, 'a,b=c': 2 } }, START);
    expect(activity.hours).toBe(`${hour},3,0,6,0,BTC=3,oddpair,AI%20%26%20ML=3,a%2Cb%3Dc=2`);
    expect(hoursOf(activity)[0]!.added).toEqual({ BTC: 3, oddpair: 0, 'AI & ML': 3, 'a,b=c': 2 });
  });

  it('sums a category written in another spelling with the pair a poll adds for it', () => {
    const hour = Math.floor(START.getTime() / HOUR_MS).toString(36);
    // `&` left unescaped, as a hand-edited store may have it; a poll writes it as %26.
    const written: SourceActivity = { polls: '', hours: `${hour},1,0,0,0,AI%20&%20ML=1`, days: '' };
    const activity = recordPoll(written, { outcome: 'changed', status: 200, added: 2, updated: 0, addedByCategory: { 'AI & ML': 2 } }, START);
    expect(activity.hours).toBe(`${hour},2,0,0,0,AI%20&%20ML=1,AI%20%26%20ML=2`);
    expect(hoursOf(activity)[0]!.added).toEqual({ 'AI & ML': 3 });
  });

  it('does not change the activity it was given', () => {
    const before = recordPoll(undefined, { outcome: 'changed', added: 1, updated: 0 }, at(0));
    const copy = structuredClone(before);
    recordPoll(before, { outcome: 'changed', added: 4, updated: 0, addedByCategory: { AI: 4 } }, at(60_000));
    expect(before).toEqual(copy);
  });

  it('adds new items up per day for the sparkline, with zeros for days without any, ending today', () => {
    let activity = recordPoll(undefined, { outcome: 'changed', added: 5, updated: 0 }, at(0));
    activity = recordPoll(activity, { outcome: 'changed', added: 2, updated: 0 }, at(2 * HOUR_MS));
    activity = recordPoll(activity, { outcome: 'changed', added: 7, updated: 0 }, at(2 * DAY_MS));
    activity = recordPoll(activity, quiet, at(3 * DAY_MS));
    expect(addedPerDay(activity, at(3 * DAY_MS), 5)).toEqual([0, 7, 0, 7, 0]);
    expect(addedPerDay(undefined, START, 3)).toEqual([0, 0, 0]);
    // Two weeks on, the first days are gone from the record itself.
    const late = recordPoll(activity, quiet, at(15 * DAY_MS));
    expect(addedPerDay(late, at(15 * DAY_MS), 30).reduce((sum, n) => sum + n, 0)).toBe(7);
  });

  it('adds many sources up per hour over the last 48 hours, oldest first', () => {
    const now = at(3 * HOUR_MS);
    const a = recordPoll(recordPoll(undefined, { outcome: 'changed', added: 2, updated: 0, addedByCategory: { BTC: 2 } }, at(0)), quiet, now);
    const b = recordPoll(undefined, { outcome: 'changed', added: 1, updated: 0, addedByCategory: { BTC: 1 } }, at(0));
    const totals = hourlyTotals([a, b, undefined], now);
    expect(totals.added).toHaveLength(48);
    expect(totals.start.toISOString()).toBe(new Date((Math.floor(now.getTime() / HOUR_MS) - 47) * HOUR_MS).toISOString());
    expect(totals.added[44]).toEqual({ BTC: 3 });
    expect(totals.polls[44]).toEqual({ changed: 2, unchanged: 0, 'not-modified': 0, failed: 0 });
    expect(totals.polls[47]).toEqual({ changed: 0, unchanged: 0, 'not-modified': 1, failed: 0 });
    expect(hourlyTotals([a], at(60 * HOUR_MS)).added.every((hour) => Object.keys(hour).length === 0)).toBe(true);
  });
});
