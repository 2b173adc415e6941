import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameKey } from '../src/model/normalize.js';

describe('duplicate nomenclature normalization (SPEC §3)', () => {
  it.each([
    ['Кабель ВВГ 3х2,5', 'кабель  ввг 3x2.5'],
    ['Кабель ВВГ 3х2,5', 'КАБЕЛЬ ВВГ 3×2.5'],
    ['Ёлочная гирлянда', 'елочная гирлянда'],
    ['Кабель BBГ 3x2,5', 'кабель ввг 3х2,5'], // Latin B in a Cyrillic word
    ['Розетка (белая), 2-м', 'розетка белая 2 м'],
    ['Лaмпa 10 Вт', 'лампа 10 вт'], // Latin a inside a Cyrillic word
    ['0x!0', '0×0'], // punctuation gone, the sign between digits is a dimension (found by fast-check)
  ])('%s ≡ %s', (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });

  it.each([
    ['Кабель ВВГ 3х2,5', 'Кабель ВВГ 3х1,5'],
    ['Cable 3x2.5', 'Кабель 3x2.5'],
    ['Лампа 10 Вт', 'Лампа 100 Вт'],
  ])('%s ≢ %s', (a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });

  it('leaves Latin-only words alone', () => {
    expect(nameKey('Cable PVC extra')).toBe('cable pvc extra');
  });

  it('is idempotent and ignores case and spacing', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const k = nameKey(s);
        return nameKey(k) === k && nameKey(`  ${s.toUpperCase()}  `) === nameKey(s.toLowerCase());
      }),
    );
  });
});
