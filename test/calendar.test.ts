import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dayNumber, daysInMonth, isoOfDay } from '../src/planning/calendar.js';

describe('calendar arithmetic', () => {
  it('agrees with Date for every day from 1900 to 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25567, max: 84000 }), (day) => {
        const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
        return isoOfDay(day) === iso && dayNumber(iso) === day;
      }),
      { numRuns: 5000 },
    );
  });
  it('adds days and months across year ends and leap days', () => {
    expect(addDays('2027-01-01', -14)).toBe('2026-12-18');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-01', 30)).toBe('2027-03-03');
    expect(addMonths('2027-11', 3)).toBe('2028-02');
    expect(addMonths('2027-01', -13)).toBe('2025-12');
    expect(daysInMonth('2028-02')).toBe(29);
    expect(daysInMonth('2100-02')).toBe(28);
  });
});
