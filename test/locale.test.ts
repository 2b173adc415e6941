import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moneyPlain, parseDate, parseMoney, parseMonth, parseNumber, parsePercent, parseText, roundHalfAway } from '../src/io/locale.js';

describe('money (SPEC §1: kopecks, half away from zero)', () => {
  it.each([
    ['1234.56', 123456],
    ['1 234,56', 123456],
    ['1\u00a0234,56', 123456],
    ['1\u202f234,56', 123456],
    ['1234,5', 123450],
    ['1,234.56', 123456],
    ['1.234,56', 123456],
    ['-15,005', -1501], // half away from zero
    ['0,004', 0],
    ['12 500 руб.', 1250000],
    ['  7  ', 700],
  ])('%s → %i kopecks', (text, kopecks) => {
    expect(parseMoney(text)).toBe(kopecks);
  });

  it('reads Excel numbers through their shown digits (1.005 is 1.01, not 1.00)', () => {
    expect(parseMoney(1.005)).toBe(101);
    expect(parseMoney(1234.56)).toBe(123456);
    expect(parseMoney(-0.015)).toBe(-2);
  });

  it.each(['abc', '1,234,567', '12.34.56', '1 2x'])('refuses %s', (text) => {
    expect(parseMoney(text)).toHaveProperty('bad');
  });

  it('prints what it parses (round trip for any kopecks)', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (k) => parseMoney(moneyPlain(k)) === k));
  });
});

describe('numbers, percents, text', () => {
  it('parses quantities with decimal comma', () => {
    expect(parseNumber('2,5')).toBe(2.5);
    expect(parseNumber('1 000')).toBe(1000);
    expect(parseNumber('x')).toHaveProperty('bad');
  });
  it('parses percents as 5, 5%, 5,5', () => {
    expect(parsePercent('5')).toBe(5);
    expect(parsePercent('5%')).toBe(5);
    expect(parsePercent('5,5')).toBe(5.5);
    expect(parsePercent(0.05, true)).toBe(5);
  });
  it('keeps formula-looking text as text and strips the export guard', () => {
    expect(parseText('=SUM(A1)')).toBe('=SUM(A1)');
    expect(parseText("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(parseText("'quoted")).toBe("'quoted");
  });
  it('rounds half away from zero', () => {
    expect(roundHalfAway(2.5)).toBe(3);
    expect(roundHalfAway(-2.5)).toBe(-3);
    expect(roundHalfAway(1.005, 2)).toBe(1.01);
  });
});

describe('dates and months', () => {
  it.each([
    ['2026-12-31', '2026-12-31'],
    ['31.12.2026', '2026-12-31'],
    ['31.12.26', '2026-12-31'],
    ['05.01.2026 0:00:00', '2026-01-05'],
    ['2026-01-05T00:00:00', '2026-01-05'],
    ['29.02.2028', '2028-02-29'],
    ['45658', '2025-01-01'],
  ])('%s → %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });
  it('reads Excel serials and Date cells', () => {
    expect(parseDate(45658)).toBe('2025-01-01');
    expect(parseDate(new Date(Date.UTC(2026, 1, 28)))).toBe('2026-02-28');
  });
  it.each(['31.02.2026', '29.02.2026', '2026-13-01', '00.01.2026', 'вчера'])('refuses %s', (text) => {
    expect(parseDate(text)).toHaveProperty('bad');
  });
  it.each([
    ['2027-01', '2027-01'],
    ['янв.27', '2027-01'],
    ['январь 2027', '2027-01'],
    ['Февраль 2027 г.', '2027-02'],
    ['мая 2027', '2027-05'],
    ['12.2027', '2027-12'],
    ['Dec 2027', '2027-12'],
  ])('month %s → %s', (text, month) => {
    expect(parseMonth(text)).toBe(month);
  });
  it.each(['2027-13', 'абв 27', '2027'])('refuses month %s', (text) => {
    expect(parseMonth(text)).toHaveProperty('bad');
  });
});
