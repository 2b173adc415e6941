// The one module that parses and prints money, quantities, percents, dates and months
// in every form SPEC §1 accepts. Nothing else in crm parses or formats these.
//
// Each parser returns a value or a `Bad` with what was expected, so callers can collect
// every problem of a file instead of stopping at the first.
import { UsageError } from '../errors.js';
import { roundHalfAway } from '../util/round.js';
import { t } from '../i18n/index.js';
import type { OptionValue } from '../i18n/areas/expected.js';

export { roundHalfAway };

export interface Bad {
  bad: string; // what was expected
  /** The value is a number, but beyond the bounds below (callers may name a narrower range). */
  outOfRange?: true;
}
export const isBad = (v: unknown): v is Bad => typeof v === 'object' && v !== null && 'bad' in v;

/** A raw cell as the readers deliver it. */
export type Cell = string | number | boolean | Date | null;

/**
 * A cell a reader could not read as a value (an Excel error, a formula saved without its
 * result) is a string starting with this character, which no CSV line (refused as not text)
 * and no xlsx string (XML forbids it) can hold: it survives the worker thread, and every
 * column refuses it with the reason that follows (never read as empty).
 */
export const UNREADABLE = '\u0000';

export function unreadableCell(reason: string): string {
  return `${UNREADABLE}${reason}`;
}

export function isUnreadable(cell: Cell): boolean {
  return typeof cell === 'string' && cell.startsWith(UNREADABLE);
}

// ── bounds ───────────────────────────────────────────────────────────────────
// Money is integer kopecks: 10^12 roubles = 10^14 kopecks stays far inside 2^53 (≈ 9·10^15),
// where every integer is exact, so no amount is ever rounded by the double that holds it.
/** Largest amount of money accepted, in roubles, either sign. */
export const MAX_MONEY_ROUBLES = 1e12;
export const MAX_MONEY_KOPECKS = MAX_MONEY_ROUBLES * 100;
/** Largest quantity or other number accepted (number and whole-number columns), either sign. */
export const MAX_NUMBER = 1e9;

const range = (what: string, max: number): Bad => ({
  bad: `${what} from -${groupThousands(String(max))} to ${groupThousands(String(max))}`,
  outOfRange: true,
});
const MONEY_RANGE = range('an amount of money', MAX_MONEY_ROUBLES);
const NUMBER_RANGE = range('a number', MAX_NUMBER);
const WHOLE_RANGE = range('a whole number', MAX_NUMBER);

const SPACES = /[\s\u00a0\u202f\u2009']/g; // spaces, NBSP, narrow NBSP, thin space, apostrophe groupings
const MINUS = /^[-\u2212]/;

/**
 * Normalize a decimal text: drop thousands separators, make `.` the decimal point.
 * `1 234,56` → `1234.56`; `1,234.56` → `1234.56`; `1.234,56` → `1234.56`; `1234,5` → `1234.5`.
 */
function decimalText(raw: string): string | null {
  let s = raw.replace(SPACES, '');
  let negative = false;
  if (MINUS.test(s)) {
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // both: the later one is the decimal separator, the other groups thousands
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma >= 0) {
    if (s.indexOf(',') !== lastComma) return null; // 1,234,567 is ambiguous in our locale: refuse
    s = s.replace(',', '.');
  }
  if (!/^(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  return negative ? `-${s}` : s;
}

/** Minor units from a decimal string, rounding half away from zero at the 2nd decimal. */
function kopecksFromDecimal(text: string): number {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const padded = `${fraction}000`;
  let kopecks = Number(whole || '0') * 100 + Number(padded.slice(0, 2));
  if (Number(padded[2]) >= 5) kopecks += 1;
  return negative ? -kopecks : kopecks;
}

const SIMPLE_MONEY = /^(-?)(\d{1,13})(?:[.,](\d{1,2}))?$/;
const CURRENCY = /\s*(₽|руб\.?|р\.|rub)\s*$/i;

/** Money in kopecks from `1234.56`, `1 234,56`, `1 234,56`, `1234,5`, an Excel number. */
export function parseMoney(cell: Cell): number | Bad | null {
  const kopecks = parseKopecks(cell);
  return typeof kopecks === 'number' && Math.abs(kopecks) > MAX_MONEY_KOPECKS ? MONEY_RANGE : kopecks;
}

function parseKopecks(cell: Cell): number | Bad | null {
  if (cell === null) return null;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return { bad: 'an amount of money' };
    if (Math.abs(cell) > MAX_MONEY_ROUBLES) return MONEY_RANGE; // toFixed would print 1e+21 as text
    // Excel doubles carry binary noise (1.005 → 1.00499…): go through 15 significant digits.
    return kopecksFromDecimal(Number(cell.toPrecision(15)).toFixed(6).replace(/0+$/, ''));
  }
  if (typeof cell !== 'string') return { bad: 'an amount of money' };
  // fast path for the common machine form `1234.56` / `1234,5` / `1234`
  const simple = SIMPLE_MONEY.exec(cell);
  if (simple) {
    const fraction = simple[3] ?? '';
    const kopecks = Number(simple[2]) * 100 + (fraction.length === 2 ? Number(fraction) : fraction.length === 1 ? Number(fraction) * 10 : 0);
    return simple[1] ? -kopecks : kopecks;
  }
  const text = cell.trim().replace(CURRENCY, '');
  if (text === '') return null;
  const decimal = decimalText(text);
  if (decimal === null) return { bad: 'an amount of money like 1234.56 or 1 234,56' };
  return kopecksFromDecimal(decimal);
}

/** A quantity or any plain number: `12`, `1 234,5`, `0.25`, an Excel number; |x| ≤ MAX_NUMBER. */
export function parseNumber(cell: Cell): number | Bad | null {
  const n = parsePlainNumber(cell);
  return typeof n === 'number' && Math.abs(n) > MAX_NUMBER ? NUMBER_RANGE : n;
}

function parsePlainNumber(cell: Cell): number | Bad | null {
  if (cell === null) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : { bad: 'a number' };
  if (typeof cell !== 'string') return { bad: 'a number' };
  const text = cell.trim();
  if (text === '') return null;
  const decimal = decimalText(text);
  if (decimal === null) return { bad: 'a number' };
  return Number(decimal);
}

export function parseInteger(cell: Cell): number | Bad | null {
  const n = parsePlainNumber(cell);
  if (n === null || isBad(n)) return n;
  if (Math.abs(n) > MAX_NUMBER) return WHOLE_RANGE;
  return Number.isInteger(n) ? n : { bad: 'a whole number' };
}

/** Percent as REAL percent: `5`, `5%`, `5,5`. A cell formatted as % in Excel holds 0.05. */
export function parsePercent(cell: Cell, excelPercentFormat = false): number | Bad | null {
  if (typeof cell === 'number' && excelPercentFormat) return Math.round(cell * 100 * 1e9) / 1e9;
  if (typeof cell === 'string') {
    const text = cell.trim().replace(/\s*%$/, '');
    return parseNumber(text) ?? null;
  }
  return parseNumber(cell);
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 'да', 'д', '+', 'истина', 'active', 'активен']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', 'нет', 'н', '-', 'ложь', 'inactive', 'неактивен']);

export function parseBoolean(cell: Cell): boolean | Bad | null {
  if (cell === null) return null;
  if (typeof cell === 'boolean') return cell;
  if (typeof cell === 'number') return cell === 1 ? true : cell === 0 ? false : { bad: 'yes/no (1/0, да/нет)' };
  if (typeof cell !== 'string') return { bad: 'yes/no (1/0, да/нет)' };
  const text = cell.trim().toLowerCase();
  if (text === '') return null;
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return { bad: 'yes/no (1/0, да/нет)' };
}

/** Text: trimmed; a `'` that guards a formula character on export is stripped (SPEC §1). */
export function parseText(cell: Cell): string | null {
  if (cell === null) return null;
  let text: string;
  if (typeof cell === 'string') text = cell;
  else if (cell instanceof Date) text = isoDate(cell);
  else text = String(cell);
  text = text.trim();
  if (text.length > 1 && text[0] === "'" && '=+-@\t\r'.includes(text[1]!)) text = text.slice(1);
  return text === '' ? null : text;
}

// ── dates ────────────────────────────────────────────────────────────────────

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function ymd(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** The calendar date of a Date as Excel and exceljs mean it (UTC midnight). */
export function isoDate(date: Date): string {
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/** Excel serial day number → ISO date (1900 system; 60 is Excel's fictitious 1900-02-29). */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  const days = Math.floor(serial);
  const ms = Date.UTC(1899, 11, 30) + days * 86_400_000;
  return isoDate(new Date(ms));
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const RU_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const dateCache = new Map<string, string | null>();

/** Date from ISO, `dd.mm.yyyy`, `dd.mm.yy` (1C exports add ` 0:00:00`), Excel dates and serials. */
export function parseDate(cell: Cell): string | Bad | null {
  const expected = { bad: 'a real date like 2026-12-31 or 31.12.2026' };
  if (cell === null) return null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? expected : isoDate(cell);
  if (typeof cell === 'number') return excelSerialToIso(cell) ?? expected;
  if (typeof cell !== 'string') return expected;
  const text = cell.trim();
  if (text === '') return null;
  let result = dateCache.get(text);
  if (result === undefined) {
    let m = ISO_DATE.exec(text);
    if (m) result = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    else if ((m = RU_DATE.exec(text))) {
      const y = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
      result = ymd(y, Number(m[2]), Number(m[1]));
    } else if (/^\d{5}(\.\d+)?$/.test(text)) result = excelSerialToIso(Number(text));
    else result = null;
    if (dateCache.size > 100_000) dateCache.clear();
    dateCache.set(text, result);
  }
  return result ?? expected;
}

const ISO_DATE_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const RU_DATE_TIME = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::\d{2})?)?$/;

/** `2026-03-05` or `2026-03-05 14:30` (midnight, as 1C writes a plain day, is the day alone). */
function dayAndTime(day: string | null, hours: number, minutes: number): string | null {
  if (day === null || hours > 23 || minutes > 59) return null;
  return hours === 0 && minutes === 0 ? day : `${day} ${pad2(hours)}:${pad2(minutes)}`;
}

/**
 * A day, or a day and a time (SPEC §9 interactions): `2026-03-05`, `2026-03-05 14:30`,
 * `05.03.2026 14:30`, an Excel date or date-time cell or serial. Seconds and a time zone
 * are dropped: the time is the wall clock as written.
 */
export function parseDateTime(cell: Cell): string | Bad | null {
  const expected = { bad: 'a real date like 2026-12-31 or 31.12.2026, optionally with a time: 2026-12-31 14:30' };
  if (cell === null) return null;
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return expected;
    return dayAndTime(isoDate(cell), cell.getUTCHours(), cell.getUTCMinutes()) ?? expected;
  }
  if (typeof cell === 'number') {
    const minutes = Math.round((cell - Math.floor(cell)) * 1440);
    const day = excelSerialToIso(minutes === 1440 ? Math.floor(cell) + 1 : cell);
    return dayAndTime(day, Math.floor((minutes % 1440) / 60), minutes % 60) ?? expected;
  }
  if (typeof cell !== 'string') return expected;
  const text = cell.trim();
  if (text === '') return null;
  let m = ISO_DATE_TIME.exec(text);
  if (m) return dayAndTime(ymd(Number(m[1]), Number(m[2]), Number(m[3])), Number(m[4] ?? 0), Number(m[5] ?? 0)) ?? expected;
  if ((m = RU_DATE_TIME.exec(text))) {
    const y = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return dayAndTime(ymd(y, Number(m[2]), Number(m[1])), Number(m[4] ?? 0), Number(m[5] ?? 0)) ?? expected;
  }
  const day = parseDate(text); // an Excel serial written as text
  return typeof day === 'string' ? day : expected;
}

const MONTH_NAMES: [string, number][] = [
  ['январ', 1], ['янв', 1], ['феврал', 2], ['фев', 2], ['март', 3], ['мар', 3], ['апрел', 4], ['апр', 4],
  ['мая', 5], ['май', 5], ['июн', 6], ['июл', 7], ['август', 8], ['авг', 8], ['сентябр', 9], ['сен', 9],
  ['октябр', 10], ['окт', 10], ['ноябр', 11], ['ноя', 11], ['декабр', 12], ['дек', 12],
  ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['may', 5], ['jun', 6], ['jul', 7], ['aug', 8],
  ['sep', 9], ['oct', 10], ['nov', 11], ['dec', 12],
];

/** Month `YYYY-MM` from `2027-01`, `01.2027`, `янв.27`, `январь 2027`, `Jan 2027`, an Excel date. */
export function parseMonth(cell: Cell): string | Bad | null {
  const expected = { bad: 'a month like 2027-01, янв.27 or январь 2027' };
  if (cell === null) return null;
  if (cell instanceof Date) return isoDate(cell).slice(0, 7);
  if (typeof cell !== 'string') return expected;
  const text = cell.trim().toLowerCase();
  if (text === '') return null;
  let m = /^(\d{4})-(\d{1,2})$/.exec(text) ?? null;
  if (m) return ymd(Number(m[1]), Number(m[2]), 1)?.slice(0, 7) ?? expected;
  if ((m = /^(\d{1,2})[./](\d{4})$/.exec(text))) return ymd(Number(m[2]), Number(m[1]), 1)?.slice(0, 7) ?? expected;
  const iso = parseDate(text);
  if (typeof iso === 'string') return iso.slice(0, 7);
  if ((m = /^([a-zа-яё]+)\.?\s*'?(\d{2}|\d{4})(?:\s*г\.?)?$/.exec(text))) {
    const word = m[1]!.replace('ё', 'е');
    const found = MONTH_NAMES.find(([prefix]) => word.startsWith(prefix));
    if (!found) return expected;
    const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
    return ymd(year, found[1], 1)?.slice(0, 7) ?? expected;
  }
  return expected;
}

// ── command-line options ─────────────────────────────────────────────────────
// Stricter than file cells: an option is typed by a person on purpose, so only the two
// written forms of a day and the one form of a month are taken, and a bad one is exit 2
// naming the option and the value (never a silent fallback to another date).

const ISO_DAY_OPTION = /^(\d{4})-(\d{2})-(\d{2})$/;
const RU_DAY_OPTION = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/;
const MONTH_OPTION = /^(\d{4})-(\d{2})$/;
const shown = (value: string) => (/^\S+$/.test(value) ? value : JSON.stringify(value));

/**
 * A day option (`--as-of`, `--date`, `--from`, `--to`): a real calendar day written
 * `2026-11-30` or `30.11.2026`, as ISO. With `month`, a month `2026-11` is taken too and
 * stands for its first or last day (report periods).
 */
export function parseDayOption(option: string, value: string, month?: 'first' | 'last'): string {
  const text = value.trim();
  const expected = month ? 'dayOrMonth' : 'day';
  if (month && MONTH_OPTION.test(text)) {
    const whole = parseMonthOption(option, value, expected);
    return month === 'first' ? `${whole}-01` : `${whole}-${pad2(daysInMonth(Number(whole.slice(0, 4)), Number(whole.slice(5, 7))))}`;
  }
  let day: string | null = null;
  let parts: [number, number, number] | undefined;
  let m = ISO_DAY_OPTION.exec(text);
  if (m) parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  // dd.mm.yy as in import files: 20yy
  else if ((m = RU_DAY_OPTION.exec(text))) parts = [m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]), Number(m[2]), Number(m[1])];
  if (parts) day = ymd(...parts);
  if (!day && parts && parts[0] >= 1900 && parts[0] <= 2999 && parts[1] >= 1 && parts[1] <= 12 && parts[2] >= 1) {
    // the shape of a date, a day its month does not have (31.02): say so, not what a date looks like
    const [y, mo, d] = parts;
    throw new UsageError(t('expected.noSuchDay', option, shown(value), `${y}-${pad2(mo)}`, daysInMonth(y, mo), d));
  }
  if (!day) throw new UsageError(t('expected.option', option, shown(value), expected));
  return day;
}

/** A month option (`plan run --from`, `plan explain … MONTH`): `2027-01`, a real month. */
export function parseMonthOption(option: string, value: string, expected: OptionValue = 'month'): string {
  const m = MONTH_OPTION.exec(value.trim());
  const month = m ? ymd(Number(m[1]), Number(m[2]), 1)?.slice(0, 7) : undefined;
  if (!month) throw new UsageError(t('expected.option', option, shown(value), expected));
  return month;
}

// ── printing ─────────────────────────────────────────────────────────────────

/**
 * A stored moment (ISO, UTC) as local time `2026-11-27 17:43:58` — the clock the backup file
 * names use, so a history line and a backup name of the same moment read the same.
 */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Kopecks → `1234.56` (plain, for CSV and machine formats). */
export function moneyPlain(kopecks: number): string {
  const rounded = roundHalfAway(kopecks);
  const negative = rounded < 0;
  const abs = Math.abs(rounded);
  const text = `${Math.floor(abs / 100)}.${pad2(abs % 100)}`;
  return negative ? `-${text}` : text;
}

/** Kopecks → major units as a JSON number rounded to 2 decimals (SPEC §1). */
export function moneyMajor(kopecks: number): number {
  return Number(moneyPlain(kopecks));
}

/**
 * Kopecks → `1 234 567.89` with thin groups, for terminal tables; in Russian output
 * `1 234 567,89`: a decimal comma and no-break spaces (U+00A0) between the groups, as Excel
 * and 1C print Russian numbers (SPEC §10).
 */
export function moneyDisplay(kopecks: number, lang: 'en' | 'ru' = 'en'): string {
  const [whole, fraction] = moneyPlain(kopecks).split('.');
  return lang === 'ru' ? `${groupThousands(whole!, RU_GROUP)},${fraction}` : `${groupThousands(whole!)}.${fraction}`;
}

/** The Russian thousands separator: a no-break space, so `1 234` never breaks across lines. */
export const RU_GROUP = '\u00a0';

/** A number as people read it: up to `decimals` decimals, thousands grouped (Russian: `1 234,5`). */
export function numberDisplay(n: number, decimals = 3, lang: 'en' | 'ru' = 'en'): string {
  const fixed = Number.isInteger(n) ? String(n) : String(Number(n.toFixed(decimals)));
  const [whole, fraction] = fixed.split('.');
  const grouped = groupThousands(whole!, lang === 'ru' ? RU_GROUP : ' ');
  return fraction ? `${grouped}${lang === 'ru' ? ',' : '.'}${fraction}` : grouped;
}

/** `2026-12-31` → `31.12.2026`, as a Russian analyst writes a date (anything else as it is). */
export function dateRu(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(.*)$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}${m[4]}` : iso;
}

export function groupThousands(digits: string, separator = ' '): string {
  const negative = digits.startsWith('-');
  const body = negative ? digits.slice(1) : digits;
  const grouped = body.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  return negative ? `-${grouped}` : grouped;
}

/** A file size as people read it: `812 bytes`, `4.2 MB` (powers of 1024). */
export function bytesDisplay(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
