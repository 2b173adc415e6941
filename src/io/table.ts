// One table model for everything crm prints or writes: master-data lists now, reports
// later. Values are canonical (money in kopecks, dates ISO); renderers turn them into
// terminal text, CSV, JSON or xlsx (src/io/render/).
import type { Value } from '../import/columns.js';
import { moneyDisplay, moneyMajor, moneyPlain } from './locale.js';

export type ColumnKind = 'text' | 'money' | 'number' | 'int' | 'percent' | 'date' | 'month' | 'bool';

export interface TableColumn {
  key: string;
  header: string;
  kind: ColumnKind;
  /** Width in characters for xlsx (guessed from the kind when absent). */
  width?: number;
}

export type Row = Record<string, Value>;

export interface Table {
  name: string;
  columns: TableColumn[];
  rows: Row[];
  /** A totals row (summed columns), printed last. */
  totals?: Row;
  /** Totals that are no column of the rows (an average per manager): their kinds, for JSON. */
  totalColumns?: TableColumn[];
}

export const isNumeric = (kind: ColumnKind): boolean => kind !== 'text' && kind !== 'date' && kind !== 'month';

/** Numbers as people read them: up to 3 decimals, thousands grouped. */
function numberDisplay(n: number, decimals = 3): string {
  const fixed = Number.isInteger(n) ? String(n) : String(Number(n.toFixed(decimals)));
  const [whole, fraction] = fixed.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/** A cell as text for the terminal. */
export function displayCell(kind: ColumnKind, value: Value): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'money':
      return moneyDisplay(value);
    case 'percent':
      return `${numberDisplay(value, 2)} %`;
    case 'bool':
      return value ? 'yes' : 'no';
    default:
      return numberDisplay(value);
  }
}

/** A cell for CSV: machine-readable, `.` decimals, money with 2 decimals. */
export function plainCell(kind: ColumnKind, value: Value): string | number | null {
  if (value === null || value === undefined) return null;
  if (kind === 'money' && typeof value === 'number') return moneyPlain(value);
  return value;
}

/** A cell for JSON: money as a number in major units (SPEC §1). */
export function jsonCell(kind: ColumnKind, value: Value): Value {
  if (kind === 'money' && typeof value === 'number') return moneyMajor(value);
  return value ?? null;
}

/** A column whose header is its key (the JSON field name, SPEC §6). */
export const column = (key: string, kind: ColumnKind = 'text'): TableColumn => ({ key, header: key, kind });
