// CSV and JSON cells without the noise of binary fractions (a trial found 11.250000000000002 in
// `report deliveries --by carrier --format csv` and 7.199999999999999 in an offer).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonCell, plainCell, withoutFloatNoise } from '../src/io/table.js';

describe('withoutFloatNoise', () => {
  it.each([
    [11.250000000000002, 11.25],
    [7.199999999999999, 7.2],
    [0.1 + 0.2, 0.3],
    [66.66666666666667, 66.66666666666667], // a real repeating fraction keeps its digits
    [1 / 3, 1 / 3],
    [5, 5],
    [-12.500000000000002, -12.5],
  ])('%s → %s', (value, expected) => {
    expect(withoutFloatNoise(value)).toBe(expected);
  });

  it('percent and number cells of CSV and JSON lose the noise; money keeps its own form', () => {
    expect(plainCell('percent', 11.250000000000002)).toBe(11.25);
    expect(jsonCell('number', 7.199999999999999)).toBe(7.2);
    expect(plainCell('money', 123456)).toBe('1234.56');
  });

  it('never moves a value by more than a part in 10^11', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), (x) => {
        const y = withoutFloatNoise(x);
        expect(Math.abs(y - x)).toBeLessThanOrEqual(Math.abs(x) * 1e-11);
      }),
    );
  });
});
