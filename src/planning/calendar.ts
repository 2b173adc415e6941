// Day and month arithmetic on ISO strings through epoch-day numbers (UTC, no time zones):
// the planning chain does it millions of times, so it stays this small and this fast.

// Civil-calendar ⇄ day-number conversions in integer arithmetic (proleptic Gregorian, the
// well-known era/day-of-era method): several times faster than going through Date objects.

// A plan asks for the same few hundred days over and over (receipt days, order days): both
// conversions remember what they computed, up to a bound.
const CACHED = 20_000;
const dayNumbers = new Map<string, number>();
const isoDays = new Map<number, string>();

/** Days since 1970-01-01 of an ISO date `YYYY-MM-DD`. */
export function dayNumber(iso: string): number {
  let n = dayNumbers.get(iso);
  if (n === undefined) {
    n = computeDayNumber(iso);
    if (dayNumbers.size < CACHED) dayNumbers.set(iso, n);
  }
  return n;
}

function computeDayNumber(iso: string): number {
  let y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function isoOfDay(day: number): string {
  let iso = isoDays.get(day);
  if (iso === undefined) {
    iso = computeIsoOfDay(day);
    if (isoDays.size < CACHED) isoDays.set(day, iso);
  }
  return iso;
}

function computeIsoOfDay(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function addDays(iso: string, days: number): string {
  return days === 0 ? iso : isoOfDay(dayNumber(iso) + days);
}

/** `2027-01` + 2 → `2027-03`. */
export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthRange(from: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(from, i));
}

export const firstDay = (month: string): string => `${month}-01`;
export const monthOf = (iso: string): string => iso.slice(0, 7);

export function daysInMonth(month: string): number {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

/** The last day of a month, ISO. */
export const lastDay = (month: string): string => `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;

export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

/** The months a period of days [from, to] touches. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addMonths(m, 1)) out.push(m);
  return out;
}
