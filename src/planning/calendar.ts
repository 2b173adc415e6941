// Day and month arithmetic on ISO strings through epoch-day numbers (UTC, no time zones):
// the planning chain does it millions of times, so it stays this small and this fast.

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of an ISO date `YYYY-MM-DD`. */
export function dayNumber(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY;
}

export function isoOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
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

export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}
