// One table model for everything crm prints or writes: master-data lists now, reports
// later. Values are canonical (money in kopecks, dates ISO); renderers turn them into
// terminal text, CSV, JSON or xlsx (src/io/render/).
import type { Value } from '../model/types.js';
import { lang } from '../i18n/lang.js';
import { dateRu, groupThousands, moneyDisplay, moneyMajor, moneyPlain, numberDisplay, RU_GROUP } from './locale.js';

export type ColumnKind = 'text' | 'money' | 'number' | 'int' | 'percent' | 'date' | 'month' | 'bool';

export interface TableColumn {
  key: string;
  header: string;
  kind: ColumnKind;
  /** Width in characters for xlsx (guessed from the kind when absent). */
  width?: number;
  /**
   * The column's title in words for people (terminal, xlsx, HTML), e.g. "Average receivables"
   * for `avg_receivables`; `header` when absent. Set from a catalog (src/reports/titles.ts), so
   * another language can supply its own. CSV and JSON always use `key`.
   */
  title?: string;
  /**
   * A heading over consecutive columns with the same band (a month over its plan, fact and
   * %): a second header line on the terminal, merged cells in xlsx, a colspan in HTML.
   */
  band?: string;
  /** Overdue amounts: red when above zero (any numeric column is red below zero). */
  alertAbove?: number;
}

/** How a row is drawn: indented `depth` steps in its first column, bold when `strong` (a subtotal). */
export interface RowStyle {
  depth?: number;
  strong?: boolean;
}

export type Row = Record<string, Value>;

export interface Table {
  name: string;
  columns: TableColumn[];
  rows: Row[];
  /** A totals row (summed columns), printed last. */
  totals?: Row;
  /**
   * Headline figures: totals that are no column of the rows (an average per manager, a
   * share of stock value), their values in `totals`. Every format shows them (SPEC §6): a
   * footer on the terminal, lines under the totals row in xlsx, extra columns of the
   * trailing totals row in CSV, `totals` in JSON.
   */
  headlines?: TableColumn[];
  /**
   * Headline figures JSON carries as an object or a list where the other formats print a line
   * of text (the funnel's `lost_by_reason` {code: count}): they replace those totals in JSON.
   */
  jsonTotals?: Record<string, unknown>;
  /**
   * The kind of one cell when a column mixes kinds (a manager plan: revenue is money,
   * orders a count); the column's kind otherwise.
   */
  cellKind?: (row: Row, column: TableColumn) => ColumnKind;
  /**
   * Rows fall into sections by this column (plan-fact: sales, managers, cash_in …): xlsx
   * writes a sheet for each and the terminal a table for each, with only the columns the
   * section uses. CSV and JSON keep one list with the column.
   */
  sectionBy?: string;
  /** A section's name for people ("Cash in" for `cash_in`): sheet names, headings. The value itself when absent. */
  sectionTitle?: (value: string) => string;
  /** The look of a row for people (group tree indentation, bold subtotals); plain when absent. */
  style?: (row: Row) => RowStyle | undefined;
  /** The month columns, in order, a terminal may draw a sparkline of (month layouts). */
  trend?: string[];
  /**
   * Headline figures that are lists (the funnel's lost reasons, backward moves): xlsx writes
   * each as a sheet of its own with typed columns, where the other formats print a line of text.
   */
  listSheets?: Table[];
}

/** The words over a column for people. */
export const columnTitle = (c: TableColumn): string => c.title ?? c.header;

export const isNumeric = (kind: ColumnKind): boolean => kind !== 'text' && kind !== 'date' && kind !== 'month';

/** The kind of a cell of `row` in `column` (see `Table.cellKind`). */
export function kindOf(table: Pick<Table, 'cellKind'>, row: Row, column: TableColumn): ColumnKind {
  return table.cellKind?.(row, column) ?? column.kind;
}

/** Headline figures as label, kind and value (from `totals`), for the renderers. */
export function headlineFigures(table: Table): { column: TableColumn; value: Value }[] {
  return (table.headlines ?? []).map((column) => ({ column, value: table.totals?.[column.key] ?? null }));
}

/** A cell as text for the terminal and HTML, in the language of the run (Russian: `1 234,5`, `31.12.2026`). */
export function displayCell(kind: ColumnKind, value: Value): string {
  if (value === null || value === undefined) return '';
  const language = lang();
  if (typeof value === 'string') return language === 'ru' && kind === 'date' ? dateRu(value) : value;
  switch (kind) {
    case 'money':
      return moneyDisplay(value, language);
    case 'percent': {
      // always two decimals: 12.50 % beside 13.74 %, in every report (xlsx: #,##0.00)
      const [whole, fraction] = value.toFixed(2).replace(/^-(0\.00)$/, '$1').split('.');
      return `${groupThousands(whole!, language === 'ru' ? RU_GROUP : ' ')}${language === 'ru' ? ',' : '.'}${fraction} %`;
    }
    case 'bool':
      return language === 'ru' ? (value ? 'да' : 'нет') : value ? 'yes' : 'no';
    default:
      return numberDisplay(value, 3, language);
  }
}

/** A cell for CSV: machine-readable, `.` decimals, money with 2 decimals. */
export function plainCell(kind: ColumnKind, value: Value): string | number | null {
  if (value === null || value === undefined) return null;
  if (kind === 'money' && typeof value === 'number') return moneyPlain(value);
  return typeof value === 'number' ? withoutFloatNoise(value) : value;
}

/** A cell for JSON: money as a number in major units (SPEC §1). */
export function jsonCell(kind: ColumnKind, value: Value): Value {
  if (kind === 'money' && typeof value === 'number') return moneyMajor(value);
  return typeof value === 'number' ? withoutFloatNoise(value) : (value ?? null);
}

/**
 * A fraction as people and programs expect to read it: `11.25`, not the `11.250000000000002` of
 * binary arithmetic. Only noise goes: a value within 12 significant digits of a decimal of at most
 * 10 becomes that decimal; any other (`66.66666666666667`, `1/3`) is kept to the last digit.
 */
export function withoutFloatNoise(value: number): number {
  if (Number.isInteger(value) || !Number.isFinite(value)) return value;
  const near = Number(value.toPrecision(12));
  return Number(near.toPrecision(10)) === near ? near : value;
}

/** A column whose header is its key (the JSON field name, SPEC §6). */
export const column = (key: string, kind: ColumnKind = 'text'): TableColumn => ({ key, header: key, kind });

/**
 * The sections of a table (`sectionBy`), in the order they first occur: each named by its
 * value, without the section column, and with only the columns its rows carry (a key a row
 * leaves out does not apply to it; null is an empty cell of a column that does). A table
 * without sections is its own single section.
 */
export function splitSections(table: Table): Table[] {
  const by = table.sectionBy;
  // no rows: one empty sheet still (a workbook needs one)
  if (by === undefined || table.rows.length === 0) return [table];
  const rowsOf = new Map<string, Row[]>();
  for (const row of table.rows) {
    const value = String(row[by] ?? '');
    let rows = rowsOf.get(value);
    if (!rows) rowsOf.set(value, (rows = []));
    rows.push(row);
  }
  return [...rowsOf].map(([value, rows]) => ({
    name: table.sectionTitle?.(value) ?? value,
    columns: table.columns.filter((c) => c.key !== by && rows.some((r) => r[c.key] !== undefined)),
    rows,
    cellKind: table.cellKind,
    style: table.style,
    trend: table.trend,
  }));
}

/**
 * The long ("tidy") layout for pivot tables: the text, date and month columns identify a
 * row, and each numeric column becomes a row of its own with `measure` and `value`. The
 * totals row is left out: a pivot makes its own.
 */
export function tidyTable(table: Table): Table {
  const ids = table.columns.filter((c) => !isNumeric(c.kind));
  const measures = table.columns.filter((c) => isNumeric(c.kind));
  const rows: Row[] = [];
  for (const row of table.rows) {
    for (const m of measures) {
      const id = Object.fromEntries(ids.map((c) => [c.key, row[c.key] ?? null]));
      // money in major units with 2 decimals, as every other CSV column of money
      const value = row[m.key] ?? null;
      rows.push({ ...id, measure: m.key, value: kindOf(table, row, m) === 'money' && typeof value === 'number' ? moneyMajor(value) : value });
    }
  }
  return { name: table.name, columns: [...ids, column('measure'), column('value', 'number')], rows };
}
