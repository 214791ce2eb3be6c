/**
 * Working days in the Chinese calendar (R41: `【决定日期】起7个工作日`).
 *
 * A day is a working day when it is an adjusted working day (调休上班, e.g. Saturday
 * 2023-10-07), or a Monday–Friday that is not a statutory holiday (法定节假日及调休放假).
 * The holiday arrangements come from the `chinese-days` package's published data file
 * (`dist/chinese-days.json`, one entry per 国务院办公厅关于…年部分节假日安排的通知).
 *
 * Dates are ISO text `yyyy-mm-dd`. All arithmetic is on day numbers, never on `Date` in local
 * time, so results do not depend on the machine's time zone. (The package's own functions
 * do: in a time zone west of UTC, its `isWorkday('2023-10-09')` answers for 2023-10-08.)
 *
 * Outside the years the data covers there is no answer: `isWorkday` and `addWorkdays` throw
 * `CalendarRangeError` rather than guess from weekdays alone.
 */
import holidayData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** A date outside the years the holiday data covers (see `calendarYears`). */
export class CalendarRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarRangeError';
  }
}

// ---- day numbers (days since 1970-01-01, proleptic Gregorian) -------------------------------

/** Days from 1970-01-01 to y-m-d (H. Hinnant, days_from_civil). */
function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of `dayNumber` (civil_from_days). */
function civil(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? era * 400 + yoe + 1 : era * 400 + yoe, m, d];
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
function weekday(dn: number): number {
  return (((dn + 4) % 7) + 7) % 7;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]!;
}

function pad2(x: number): string {
  return x < 10 ? `0${x}` : String(x);
}

function isoOf(dn: number): string {
  const [y, m, d] = civil(dn);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

const MIN_DN = dayNumber(1, 1, 1);
const MAX_DN = dayNumber(9999, 12, 31);

// ---- parsing --------------------------------------------------------------------------------

const ISO_STRICT = /^(\d{4})-(\d{2})-(\d{2})$/;
const FORMS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/, // 2023-1-5
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, // 2023/1/5
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/, // 2023.1.5
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/, // 2023年1月5日
];

function toDayNumber(y: number, m: number, d: number, text: string): number {
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new RangeError(`不存在的日期「${text}」`);
  }
  return dayNumber(y, m, d);
}

/** Day number of a date in any form `parseDate` accepts; RangeError otherwise. */
function dnOf(text: string): number {
  if (typeof text !== 'string') throw new TypeError(`日期应为文本，收到 ${typeof text}`);
  const s = ISO_STRICT.exec(text);
  if (s) return toDayNumber(+s[1]!, +s[2]!, +s[3]!, text);
  const t = text.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  for (const re of FORMS) {
    const m = re.exec(t);
    if (m) return toDayNumber(+m[1]!, +m[2]!, +m[3]!, text);
  }
  throw new RangeError(`无法识别的日期「${text}」：应为 yyyy-mm-dd，如 2023-01-05`);
}

/**
 * Validates a date and returns it as `yyyy-mm-dd`: "2023-1-5" → "2023-01-05".
 * Also accepted: `2023/1/5`, `2023.1.5`, `2023年1月5日`, full-width digits, surrounding
 * white space. The year has four digits (0001–9999). Throws RangeError for an impossible
 * date ("2023-02-30", "2023-13-01") or anything else ("", "20230105", "2023-01-05T08:00").
 */
export function parseDate(text: string): string {
  return isoOf(dnOf(text));
}

// ---- the holiday data -----------------------------------------------------------------------

interface HolidayData {
  /** date → "English,中文,days": a statutory holiday or 调休放假 day (not a working day). */
  holidays: Record<string, string>;
  /** date → "English,中文,days": an adjusted working day (调休上班), usually a weekend. */
  workdays: Record<string, string>;
}

/** Covered years and, for each day of them, 1 = working day, 2 = not. */
interface Calendar {
  from: number;
  to: number;
  firstDn: number;
  flags: Uint8Array;
}

let calendar: Calendar | undefined;

function loadCalendar(): Calendar {
  if (calendar) return calendar;
  const data = holidayData as HolidayData;
  // A year is covered when its notice is in the data. Every notice gives 元旦 (1 January) as
  // a holiday (《全国年节及纪念日放假办法》), so the years are those whose 1 January is listed.
  // (Other entries may fall in a neighbouring year: the 2023 notice makes 2022-12-31 a holiday.)
  const years: number[] = [];
  for (const date of Object.keys(data.holidays)) {
    if (date.endsWith('-01-01')) years.push(Number(date.slice(0, 4)));
  }
  if (years.length === 0) throw new Error('chinese-days 的节假日数据为空');
  years.sort((a, b) => a - b);
  const covered = new Set(years);
  const from = years[0]!;
  let to = from;
  while (covered.has(to + 1)) to++; // the contiguous run from the first year

  const firstDn = dayNumber(from, 1, 1);
  const lastDn = dayNumber(to, 12, 31);
  const flags = new Uint8Array(lastDn - firstDn + 1);
  for (let dn = firstDn; dn <= lastDn; dn++) {
    const w = weekday(dn);
    flags[dn - firstDn] = w >= 1 && w <= 5 ? 1 : 2;
  }
  for (const date of Object.keys(data.holidays)) {
    const i = dnOf(date) - firstDn;
    if (i >= 0 && i < flags.length) flags[i] = 2;
  }
  for (const date of Object.keys(data.workdays)) {
    const i = dnOf(date) - firstDn;
    if (i >= 0 && i < flags.length) flags[i] = 1;
  }
  calendar = { from, to, firstDn, flags };
  return calendar;
}

function outOfRange(date: string, cal: Calendar): CalendarRangeError {
  return new CalendarRangeError(`日期 ${date} 超出节假日数据覆盖的年份（${cal.from}–${cal.to} 年），无法确定是否为工作日`);
}

/**
 * The years the holiday data covers, e.g. { from: 2004, to: 2026 } for chinese-days 1.5.7:
 * read from the package's data, not fixed here.
 *
 * Caution for the last year: a later notice can still change its final days (the 2019
 * notice made Saturday 2018-12-29 a working day and Monday 2018-12-31 a holiday).
 */
export function calendarYears(): { from: number; to: number } {
  const cal = loadCalendar();
  return { from: cal.from, to: cal.to };
}

/**
 * True for a working day: an adjusted working day, or Monday–Friday that is not a holiday.
 * Throws CalendarRangeError outside `calendarYears()`.
 */
export function isWorkday(date: string): boolean {
  const dn = dnOf(date);
  const cal = loadCalendar();
  const f = cal.flags[dn - cal.firstDn];
  if (f === undefined) throw outOfRange(parseDate(date), cal);
  return f === 1;
}

/**
 * The n-th working day after `date`; the start day itself is not counted, whether or not it
 * is a working day (期间开始的日，不计算在内). n = 0 returns `date` (normalised).
 * 2023-09-28 + 1 → 2023-10-07 (国庆 9.29–10.6 off, Saturday 10.7 worked).
 * Throws RangeError unless n is a non-negative integer, and CalendarRangeError when the
 * count needs a day outside `calendarYears()`.
 */
export function addWorkdays(date: string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`工作日数应为非负整数，收到 ${String(n)}`);
  }
  let dn = dnOf(date);
  if (n === 0) return isoOf(dn);
  const cal = loadCalendar();
  const { flags, firstDn } = cal;
  let left = n;
  while (left > 0) {
    dn++;
    const f = flags[dn - firstDn];
    if (f === undefined) throw outOfRange(isoOf(dn), cal);
    if (f === 1) left--;
  }
  return isoOf(dn);
}

/** `date` plus n calendar days (n may be negative). RangeError beyond years 0001–9999. */
export function addDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`天数应为整数，收到 ${String(n)}`);
  const dn = dnOf(date) + n;
  if (dn < MIN_DN || dn > MAX_DN) throw new RangeError(`日期超出 0001–9999 年：${date} 加 ${n} 天`);
  return isoOf(dn);
}

/** 1–4: January–March is 1, …, October–December is 4. */
export function quarterOf(date: string): number {
  const [, m] = civil(dnOf(date));
  return Math.floor((m - 1) / 3) + 1;
}
