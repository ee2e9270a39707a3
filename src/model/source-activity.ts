import { z } from 'zod';

/** How one poll ended: new or changed items, an answer with nothing new, a 304, or a failure. */
export const PollOutcomeSchema = z.enum(['changed', 'unchanged', 'not-modified', 'failed']);
export type PollOutcome = z.infer<typeof PollOutcomeSchema>;
export const POLL_OUTCOMES = PollOutcomeSchema.options;

/** One poll, as the source's page lists it. */
export interface PollRecord {
  at: string;
  outcome: PollOutcome;
  /** The HTTP status, when an answer came. */
  status?: number;
  /** From the request to the items handed to the store (or the failure). */
  durationMs?: number;
  added: number;
  updated: number;
  /** Why it failed, for a failure. */
  error?: string;
}

/** One hour (since the epoch) of a source's polls: how many ended each way, and the items added by category. */
export interface ActivityHour {
  hour: number;
  polls: Record<PollOutcome, number>;
  added: Record<string, number>;
}

/**
 * A source's recent history, kept in its fetch state (so it is saved with it, survives a restart
 * and reaches a fleet's publisher): its last RECENT_POLLS polls in detail, hourly counts over the
 * last HOURS_KEPT hours and items added per day over the last DAYS_KEPT days, whatever the poll rate.
 *
 * Written as three short strings rather than arrays of objects: every source carries this in the
 * state that the daemon holds and each poll cycle reads for all sources at once, and as objects it
 * took about 10 KB of heap per source (100 MB at 10,000 sources); as strings, about 1.5 KB.
 *   polls: one line per poll, oldest first: `<epoch s, base 36> <outcome> <status|-> <ms|-> <added> <updated>[ <error>]`
 *   hours: one token per hour with a poll, oldest first, space-separated:
 *          `<hour, base 36>,<changed>,<unchanged>,<not-modified>,<failed>[,<category, URI-encoded>=<added>…]`
 *   days:  one token per day with new items, oldest first: `<day, base 36>:<added>`
 */
export const SourceActivitySchema = z.object({ polls: z.string(), hours: z.string(), days: z.string() });
export type SourceActivity = z.infer<typeof SourceActivitySchema>;

export const RECENT_POLLS = 20;
export const HOURS_KEPT = 48;
export const DAYS_KEPT = 14;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The category a new item is counted under when it has none. */
export const UNCATEGORIZED = 'uncategorized';

export interface PollToRecord extends Omit<PollRecord, 'at'> {
  /** Items added by category (UNCATEGORIZED for none); their sum is `added`. */
  addedByCategory?: Readonly<Record<string, number>>;
}

/**
 * The activity with this poll counted; what falls out of its windows is dropped. Pure. It works on the
 * encoded strings, rewriting only the counts this poll changes: every poll of every source comes
 * through here, and decoding and writing again two days of history took 246 µs a poll, the current
 * hour alone (a dozen categories) 12 µs, and this 4.5 µs. A poll line that does not read is carried,
 * unread, until it falls out of the window.
 */
export function recordPoll(activity: SourceActivity | undefined, poll: PollToRecord, now: Date): SourceActivity {
  const nowMs = now.getTime();
  const { addedByCategory, ...record } = poll;
  const polls = activity?.polls ? activity.polls.split('\n') : [];
  polls.push(encodePoll(Math.floor(nowMs / 1000), record));

  const hour = Math.floor(nowMs / HOUR_MS);
  const hours = (activity?.hours ? activity.hours.split(' ') : []).filter((token) => {
    const at = hourOfToken(token);
    return at > hour - HOURS_KEPT && at <= hour;
  });
  const at = hours.findIndex((token) => hourOfToken(token) === hour);
  const byCategory = addedByCategory ?? (poll.added > 0 ? { [UNCATEGORIZED]: poll.added } : {});
  if (at >= 0) hours[at] = countedInHour(hours[at]!, poll.outcome, byCategory);
  else {
    hours.push(countedInHour(hour.toString(36), poll.outcome, byCategory));
    hours.sort((a, b) => hourOfToken(a) - hourOfToken(b));
  }

  const day = Math.floor(nowMs / DAY_MS);
  const days = daysOf(activity).filter(([entry]) => entry > day - DAYS_KEPT && entry <= day);
  if (poll.added > 0) {
    const today = days.find(([entry]) => entry === day);
    if (today) today[1] += poll.added;
    else days.push([day, poll.added]);
    days.sort((a, b) => a[0] - b[0]);
  }
  return {
    polls: polls.slice(-RECENT_POLLS).join('\n'),
    hours: hours.join(' '),
    days: days.map(([entry, added]) => `${entry.toString(36)}:${added}`).join(' '),
  };
}

/** The recent polls, oldest first. A line that does not read (a hand-edited store) is passed over. */
export function pollsOf(activity: SourceActivity | undefined): PollRecord[] {
  if (!activity?.polls) return [];
  return activity.polls.split('\n').flatMap((line) => {
    const [at, outcome, status, durationMs, added, updated, ...error] = line.split(' ');
    const parsedOutcome = PollOutcomeSchema.safeParse(outcome);
    const seconds = Number.parseInt(at ?? '', 36);
    if (!parsedOutcome.success || !Number.isFinite(seconds)) return [];
    const record: PollRecord = { at: new Date(seconds * 1000).toISOString(), outcome: parsedOutcome.data, added: count(added), updated: count(updated) };
    if (status !== undefined && status !== '-') record.status = count(status);
    if (durationMs !== undefined && durationMs !== '-') record.durationMs = count(durationMs);
    if (error.length > 0) record.error = error.join(' ');
    return [record];
  });
}

function encodePoll(epochSeconds: number, poll: Omit<PollRecord, 'at'>): string {
  const seconds = epochSeconds.toString(36);
  const error = poll.error ? ` ${poll.error.replace(/\s+/g, ' ').trim()}` : '';
  return `${seconds} ${poll.outcome} ${poll.status ?? '-'} ${poll.durationMs === undefined ? '-' : Math.round(poll.durationMs)} ${poll.added} ${poll.updated}${error}`;
}

/** The hours with a poll, oldest first. */
export function hoursOf(activity: SourceActivity | undefined): ActivityHour[] {
  if (!activity?.hours) return [];
  return activity.hours.split(' ').flatMap((token) => decodeHour(token) ?? []);
}

/** The hour a token of `hours` is for (NaN for one that does not read): its first field, base 36. */
function hourOfToken(token: string): number {
  return Number.parseInt(token, 36);
}

function decodeHour(token: string): ActivityHour | undefined {
  const [hour, ...fields] = token.split(',');
  const at = Number.parseInt(hour ?? '', 36);
  if (!Number.isFinite(at)) return undefined;
  const polls = noPolls();
  for (const [i, outcome] of POLL_OUTCOMES.entries()) polls[outcome] = count(fields[i]);
  const added: Record<string, number> = {};
  for (const pair of fields.slice(POLL_OUTCOMES.length)) {
    const [category, n] = pair.split('=');
    // Summed: a category spelled otherwise than encodeURIComponent spells it (a hand-edited store)
    // is not found by countedInHour, which then adds a pair of its own for the same category.
    if (!category) continue;
    const name = safeDecode(category);
    added[name] = (added[name] ?? 0) + count(n);
  }
  return { hour: at, polls, added };
}

/**
 * An hour's token with one more poll of `outcome` and the items added counted. Only the four poll
 * counts and the categories this poll adds to are rewritten: the hour's other categories are
 * carried as written, neither decoded nor encoded again (a poll with nothing new, most polls,
 * touches no category).
 */
function countedInHour(token: string, outcome: PollOutcome, addedByCategory: Readonly<Record<string, number>>): string {
  const fields = token.split(',');
  for (let i = 1; i <= POLL_OUTCOMES.length; i++) fields[i] = String(count(fields[i]));
  const at = 1 + POLL_OUTCOMES.indexOf(outcome);
  fields[at] = String(Number(fields[at]) + 1);
  for (const [category, added] of Object.entries(addedByCategory)) {
    if (!(added > 0)) continue;
    const name = `${encodeURIComponent(category)}=`;
    const pair = fields.findIndex((field, i) => i > POLL_OUTCOMES.length && field.startsWith(name));
    if (pair >= 0) fields[pair] = `${name}${count(fields[pair]!.slice(name.length)) + added}`;
    else fields.push(`${name}${added}`);
  }
  return fields.join(',');
}

function daysOf(activity: SourceActivity | undefined): Array<[number, number]> {
  if (!activity?.days) return [];
  return activity.days.split(' ').flatMap((token): Array<[number, number]> => {
    const [day, added] = token.split(':');
    const at = Number.parseInt(day ?? '', 36);
    return Number.isFinite(at) ? [[at, count(added)]] : [];
  });
}

/** Items added per day over the `days` days ending today (oldest first; 0 for a day without any). */
export function addedPerDay(activity: SourceActivity | undefined, now: Date, days = DAYS_KEPT): number[] {
  const today = Math.floor(now.getTime() / DAY_MS);
  const byDay = new Map(daysOf(activity));
  return Array.from({ length: days }, (_, i) => byDay.get(today - days + 1 + i) ?? 0);
}

/** Hourly totals over many sources, for the `hours` hours ending with the current one (oldest first). */
export interface HourlyTotals {
  /** The first hour's start. */
  start: Date;
  /** Per hour: items added by category. */
  added: Array<Record<string, number>>;
  /** Per hour: polls by outcome. */
  polls: Array<Record<PollOutcome, number>>;
}

export function hourlyTotals(activities: Iterable<SourceActivity | undefined>, now: Date, hours = HOURS_KEPT): HourlyTotals {
  const last = Math.floor(now.getTime() / HOUR_MS);
  const first = last - hours + 1;
  const added = Array.from({ length: hours }, () => ({}) as Record<string, number>);
  const polls = Array.from({ length: hours }, noPolls);
  for (const activity of activities) {
    for (const entry of hoursOf(activity)) {
      const at = entry.hour - first;
      if (at < 0 || at >= hours) continue;
      for (const [category, n] of Object.entries(entry.added)) added[at]![category] = (added[at]![category] ?? 0) + n;
      for (const outcome of POLL_OUTCOMES) polls[at]![outcome] += entry.polls[outcome];
    }
  }
  return { start: new Date(first * HOUR_MS), added, polls };
}

function noPolls(): Record<PollOutcome, number> {
  return { changed: 0, unchanged: 0, 'not-modified': 0, failed: 0 };
}

function count(field: string | undefined): number {
  const n = Number.parseInt(field ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
