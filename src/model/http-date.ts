const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must read too (RFC 9110 §5.6.7). */
const HTTP_DATE = new RegExp(
  `^(?:${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} ${TIME} GMT|${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4})$`,
);

/**
 * The time an HTTP-date names, in ms since the epoch; undefined for anything else. The form is
 * checked before Date.parse, which reads far more (`x 1` as 2001, `2030` as that year), and an
 * HTTP recipient ignores a date it cannot read as one.
 */
export function parseHttpDate(value: string): number | undefined {
  const trimmed = value.trim();
  if (!HTTP_DATE.test(trimmed)) return undefined;
  // asctime has no zone: it is GMT.
  const at = Date.parse(/GMT$/.test(trimmed) ? trimmed : `${trimmed} GMT`);
  return Number.isNaN(at) ? undefined : at;
}
