// Header matching and typed cell parsing for imports (SPEC §3); the column specs are the model's.
import { t } from '../i18n/index.js';
import type { NumberKind } from '../i18n/areas/expected.js';
import type { Problem } from '../errors.js';
import { choiceGroups } from '../model/entities.js';
import type { ColumnSpec, ColumnType, Value } from '../model/types.js';
import {
  isBad,
  isUnreadable,
  MAX_MONEY_KOPECKS,
  MAX_NUMBER,
  parseBoolean,
  parseDate,
  parseDateTime,
  parseInteger,
  parseMoney,
  parseMonth,
  parseNumber,
  parsePercent,
  parseText,
  type Bad,
  type Cell,
} from '../io/locale.js';

/** Header matching ignores case, spaces, `_`/`-`, dots, `*`, `№` and ё/е. */
export function headerKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s_\-.*№#()"',:]/g, '');
}

export interface HeaderMatch {
  /** Column name → index in the row. */
  index: Map<string, number>;
  unknown: string[];
  missing: string[];
  duplicated: string[];
}

export function matchHeader(header: Cell[], columns: ColumnSpec[]): HeaderMatch {
  const byKey = new Map<string, string>();
  for (const c of columns) {
    byKey.set(headerKey(c.name), c.name);
    for (const alias of c.aliases ?? []) byKey.set(headerKey(alias), c.name);
  }
  const index = new Map<string, number>();
  const unknown: string[] = [];
  const duplicated: string[] = [];
  header.forEach((cell, i) => {
    const text = parseText(cell);
    if (text === null) return;
    const name = byKey.get(headerKey(text));
    if (name === undefined) unknown.push(text);
    else if (index.has(name)) duplicated.push(text);
    else index.set(name, i);
  });
  const missing = columns.filter((c) => c.required && !index.has(c.name)).map((c) => c.name);
  return { index, unknown, missing, duplicated };
}

const PARSERS: Record<ColumnType, (cell: Cell) => Value | Bad> = {
  text: (cell) => parseText(cell),
  money: parseMoney,
  number: parseNumber,
  int: parseInteger,
  percent: (cell) => parsePercent(cell),
  date: parseDate,
  datetime: parseDateTime,
  month: parseMonth,
  bool: (cell) => {
    const b = parseBoolean(cell);
    return b === null || isBad(b) ? b : b ? 1 : 0;
  },
};

/**
 * Bounds every column of a type has, whatever its own min and max say (in stored units:
 * kopecks for money). The parsers in io/locale.ts refuse values beyond them; a column's
 * narrower min/max is named instead when it has one.
 */
export const TYPE_BOUNDS: Partial<Record<ColumnType, number>> = {
  money: MAX_MONEY_KOPECKS,
  number: MAX_NUMBER,
  int: MAX_NUMBER,
  percent: MAX_NUMBER,
};

/** The range of a column, its own min/max within the bounds of its type: `expected a number greater than 0 and at most 1 000 000 000`. */
function describeRange(c: ColumnSpec): string {
  const bound = TYPE_BOUNDS[c.type] ?? Infinity;
  const scale = c.type === 'money' ? 100 : 1;
  const low = c.min !== undefined && c.min > -bound ? c.min : -bound;
  const high = c.max !== undefined && c.max < bound ? c.max : bound;
  return t('expected.range', numberKind(c, true), low / scale, high / scale, c.type === 'percent', c.min !== undefined && Boolean(c.exclusive));
}

/** A number below (or above) the column's own min/max. */
function describeMin(c: ColumnSpec): string {
  if (c.max !== undefined) return t('expected.range', numberKind(c, false), c.min ?? 0, c.max, c.type === 'percent', false);
  return t('expected.atLeast', numberKind(c, false), c.min ?? 0, Boolean(c.exclusive));
}

/** How a range names its column's numbers (a whole-number column's own minimum says only "a number", as it always did). */
const numberKind = (c: ColumnSpec, whole: boolean): NumberKind => (c.type === 'money' ? 'money' : whole && c.type === 'int' ? 'int' : 'number');

/** What is wrong with one cell (file and row are added by the caller). */
export class CellProblem {
  constructor(readonly problem: Omit<Problem, 'file' | 'row'>) {}
}

/**
 * Parse one cell of a column: its canonical value, or a CellProblem when it is not
 * acceptable. (A plain return value, not a wrapper object: this runs for every cell of a
 * million-row file.)
 */
export function parseCell(c: ColumnSpec, cell: Cell): Value | CellProblem {
  if (isUnreadable(cell)) return new CellProblem({ column: c.name, message: String(cell).slice(1) });
  if (typeof cell === 'string' && c.type !== 'text' && cell.trim() === '') cell = null;
  const parsed = PARSERS[c.type](cell);
  if (isBad(parsed)) return new CellProblem({ column: c.name, value: cell, message: parsed.outOfRange ? describeRange(c) : t('cell.expected', parsed.bad) });
  if (parsed === null) {
    if (c.required) return new CellProblem({ column: c.name, value: cell ?? '', message: t('cell.required') });
    return c.default ?? null;
  }
  if (typeof parsed === 'number') {
    const tooSmall = c.min !== undefined && (c.exclusive ? parsed <= c.min : parsed < c.min);
    const tooBig = c.max !== undefined && parsed > c.max;
    if (tooSmall || tooBig) {
      const scale = c.type === 'money' ? 100 : 1;
      const range = { ...c, min: (c.min ?? 0) / scale, max: c.max === undefined ? undefined : c.max / scale };
      return new CellProblem({ column: c.name, value: cell, message: describeMin(range) });
    }
  }
  if (c.choices && typeof parsed === 'string') {
    const choice = c.choices[parsed.toLowerCase().replace(/ё/g, 'е')];
    if (choice === undefined) {
      const groups = choiceGroups(c.choices);
      const words = groups.filter(([, w]) => w.length > 0).map(([value, w]) => `${w.join(', ')} (${value})`).join('; ');
      return new CellProblem({ column: c.name, value: cell, message: t('cell.oneOf', groups.map(([value]) => value).join(', '), words) });
    }
    return choice;
  }
  return parsed;
}
