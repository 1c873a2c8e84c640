/**
 * An ISO-8601 date-time in the extended format of RFC 3339: `YYYY-MM-DDTHH:MM[:SS[.fraction]]`
 * followed by `Z` or an offset `±HH:MM`. `T` and `Z` may be lower case. Seconds are optional,
 * the fraction has 1-9 digits (kept to the millisecond).
 */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysIn(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * The epoch ms of an ISO-8601 date-time that names its time zone (`2026-01-10T18:00:00Z`,
 * `2026-01-10T19:00:00.250+01:00`), or null for anything else: a date without a time, a time
 * without a zone designator (whose meaning depends on the reader's zone), bare numbers such as
 * `"1"`, and impossible dates (`2026-02-30`, `24:00`, leap second `:60`) that `Date.parse` would
 * roll over or guess at.
 */
export function parseIsoDateTime(text: string): number | null {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return null;
  const field = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  const [year, month, day] = [field(1), field(2), field(3)];
  const [hour, minute, second] = [field(4), field(5), field(6)];
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const offsetHours = field(10);
    const offsetMins = field(11);
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, ms);
  return utc.getTime() - offsetMinutes * 60_000;
}
