/**
 * Feed dates as written in the wild: RFC 822/1123 (RSS), RFC 3339/ISO 8601 (Atom, JSON Feed) and
 * their usual mistakes. Everything is computed in UTC; a date without a zone is taken as UTC, never
 * as the machine's local time.
 */

const MONTHS: Record<string, number> = {
  jan: 0,
  january: 0,
  feb: 1,
  february: 1,
  mar: 2,
  march: 2,
  apr: 3,
  april: 3,
  may: 4,
  jun: 5,
  june: 5,
  jul: 6,
  july: 6,
  aug: 7,
  august: 7,
  sep: 8,
  sept: 8,
  september: 8,
  oct: 9,
  october: 9,
  nov: 10,
  november: 10,
  dec: 11,
  december: 11,
  // Localized abbreviations that don't clash with the English ones (German, French, Spanish,
  // Portuguese, Italian).
  jän: 0,
  janv: 0,
  ene: 0,
  gen: 0,
  févr: 1,
  fév: 1,
  fev: 1,
  mär: 2,
  märz: 2,
  mars: 2,
  avr: 3,
  abr: 3,
  mai: 4,
  mag: 4,
  juin: 5,
  giu: 5,
  juil: 6,
  lug: 6,
  août: 7,
  ago: 7,
  set: 8,
  okt: 9,
  out: 9,
  ott: 9,
  dez: 11,
  déc: 11,
  dic: 11,
};

/** Offsets in minutes of the zone names feeds use. */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  bst: 60,
  west: 60,
  cet: 60,
  met: 60,
  cest: 120,
  mest: 120,
  eet: 120,
  eest: 180,
  mez: 60,
  mesz: 120,
  msk: 180,
  ist: 330,
  sgt: 480,
  hkt: 480,
  awst: 480,
  jst: 540,
  kst: 540,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
};

const ISO_DATE = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?)?)?)?\s*(z|[a-z]{2,5}|(?:[a-z]{2,3})?[+-]\d{1,2}(?::?\d{2})?)?$/i;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(am|pm)?$/i;
const NUMERIC_ZONE = /^(?:gmt|utc|ut)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number;
}

/**
 * A feed date, or undefined when it can't be read or is absurd (before 1970, or more than a year
 * after `now`). Never throws.
 */
export function parseDate(raw: string | undefined, now: Date): Date | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim().replace(/\s+/g, ' ');
  if (text === '') return undefined;
  const fields = readIsoDate(text) ?? readWrittenDate(text);
  if (!fields) return undefined;
  return toDate(fields, now);
}

/**
 * publishedAt and updatedAt of an item as ISO strings: published ?? updated ?? now; updated ??
 * published, never before it; a date in the future is clamped to now.
 */
export function resolveItemDates(published: string | undefined, updated: string | undefined, now: Date): { publishedAt: string; updatedAt: string } {
  const updatedDate = parseDate(updated, now);
  const publishedMs = Math.min((parseDate(published, now) ?? updatedDate ?? now).getTime(), now.getTime());
  const updatedMs = Math.min(Math.max(updatedDate?.getTime() ?? publishedMs, publishedMs), now.getTime());
  return { publishedAt: new Date(publishedMs).toISOString(), updatedAt: new Date(updatedMs).toISOString() };
}

function readIsoDate(text: string): Fields | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  // An unknown zone name after a time is UTC, as in readWrittenDate; a bad numeric offset is no date.
  const unknownName = zone !== undefined && hour !== undefined && /^[a-z]+$/i.test(zone);
  const offsetMinutes = zone === undefined ? 0 : (readZone(zone) ?? (unknownName ? 0 : undefined));
  if (offsetMinutes === undefined) return undefined;
  return {
    year: Number(year),
    month: month === undefined ? 0 : Number(month) - 1,
    day: day === undefined ? 1 : Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    millisecond: fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000),
    offsetMinutes,
  };
}

/**
 * RFC 822 and its relatives, read token by token: `[weekday,] 16 Dec 2025 15:34:37 +0000`,
 * `Dec 16, 2025 3:34 PM EST`, `Tue Dec 16 15:34:37 2025`, `16-Dec-25`. The weekday may be in any
 * language or missing; a missing time is midnight; a missing or unknown zone is UTC.
 */
function readWrittenDate(text: string): Fields | undefined {
  const tokens = text
    // A leading weekday is a word before a comma, in any language; dropped first, since some are
    // also month names elsewhere (French and Spanish `mar.`/`mar` is Tuesday, not March).
    .replace(/^[^\d\s,]+\.?,/, ' ')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\b(\d{1,2})-([^\d\s-]{3,})-(\d{2,4})\b/g, '$1 $2 $3')
    .replace(/,/g, ' ')
    // A zone glued to the time: `13:30:33+0900`.
    .replace(/(\d:\d{2})([+-]\d{2}:?\d{2}|Z)\b/gi, '$1 $2')
    .split(' ')
    .filter((token) => token !== '');
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  let time: RegExpExecArray | undefined;
  let meridiem: string | undefined;
  let offsetMinutes = 0;
  for (const [index, token] of tokens.entries()) {
    const lower = token.toLowerCase().replace(/\.$/, '');
    const monthIndex = MONTHS[lower];
    const timeMatch = TIME.exec(token);
    if (monthIndex !== undefined && month === undefined) month = monthIndex;
    else if (timeMatch && time === undefined) time = timeMatch;
    else if (/^\d{1,2}$/.test(token) && day === undefined && Number(token) >= 1) day = Number(token);
    else if (/^(\d{2}|\d{4})$/.test(token) && year === undefined) year = readYear(token);
    else if (lower === 'am' || lower === 'pm') meridiem = lower;
    else if (index > 0 && readZone(token) !== undefined) offsetMinutes = readZone(token) ?? 0;
    else if (/^[^\d\s]+$/.test(token) && (index === 0 || day === undefined))
      continue; // a weekday
    else if (lower === 'at') continue;
    else if (/^[a-z]{1,5}$/i.test(token) && time !== undefined)
      continue; // an unknown zone name: UTC
    else return undefined;
  }
  if (day === undefined || month === undefined || year === undefined) return undefined;
  let hour = Number(time?.[1] ?? 0);
  const suffix = (time?.[4] ?? meridiem)?.toLowerCase();
  if (suffix !== undefined && (hour < 1 || hour > 12)) return undefined;
  if (suffix === 'pm' && hour < 12) hour += 12;
  if (suffix === 'am' && hour === 12) hour = 0;
  return {
    year,
    month,
    day,
    hour,
    minute: Number(time?.[2] ?? 0),
    second: Number(time?.[3] ?? 0),
    millisecond: 0,
    offsetMinutes,
  };
}

/** Two-digit years, as RFC 822 allowed: 00–49 are 20xx, 50–99 are 19xx. */
function readYear(token: string): number {
  const year = Number(token);
  if (token.length === 4) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

function readZone(zone: string): number | undefined {
  const named = ZONES[zone.toLowerCase()];
  if (named !== undefined) return named;
  const match = NUMERIC_ZONE.exec(zone);
  if (!match) return undefined;
  const [, sign, hours, minutes] = match;
  const offset = Number(hours) * 60 + Number(minutes ?? 0);
  if (Number(hours) > 14 || Number(minutes ?? 0) > 59) return undefined;
  return sign === '-' ? -offset : offset;
}

function toDate(fields: Fields, now: Date): Date | undefined {
  const { year, month, day, hour, minute, millisecond, offsetMinutes } = fields;
  // A leap second is read as the second before it.
  const second = fields.second === 60 ? 59 : fields.second;
  if (month < 0 || month > 11 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const calendarDay = new Date(Date.UTC(year, month, day));
  if (calendarDay.getUTCDate() !== day) return undefined; // 31 February and the like
  const ms = Date.UTC(year, month, day, hour, minute, second, millisecond) - offsetMinutes * 60_000;
  if (!Number.isFinite(ms) || ms < 0 || ms > now.getTime() + YEAR_MS) return undefined;
  return new Date(ms);
}
