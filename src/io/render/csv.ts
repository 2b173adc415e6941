import { stringify } from 'csv-stringify/sync';
import { headlineFigures, kindOf, plainCell, type Row, type Table } from '../table.js';
import { csvSafe } from '../write.js';

/**
 * CSV: header of column keys, raw numbers with `.` decimals, money with its 2 decimals, ISO
 * dates. A table with totals ends with a totals row (first cell `total`); headline figures
 * (SPEC §6) are extra columns of that row, empty in the rows above (but for a headline that is one
 * of the table's columns: its figure is the totals row's own cell, so header names never repeat).
 */
/** `headerName`: the header row in words (`--headers ru`) instead of the keys; the cells stay machine-readable. */
export function renderCsv(table: Table, headerName?: (key: string) => string): string {
  const name = (key: string) => (headerName ? headerName(key) : key);
  // a headline that is a column already is in the totals row's own cell: no second column of that name
  const keys = new Set(table.columns.map((c) => c.key));
  const headlines = headlineFigures(table).filter((h) => !keys.has(h.column.key));
  const cells = (row: Row) => table.columns.map((c) => csvSafe(plainCell(kindOf(table, row, c), row[c.key] ?? null)));
  const header = [...table.columns.map((c) => name(c.key)), ...headlines.map((h) => name(h.column.key))];
  const rows = table.rows.map((row) => [...cells(row), ...headlines.map(() => null)]);
  if (table.totals) {
    const totals = cells(table.totals);
    if (table.columns.length > 0 && table.totals[table.columns[0]!.key] === undefined) totals[0] = name('total');
    rows.push([...totals, ...headlines.map((h) => plainCell(h.column.kind, h.value))]);
  }
  return stringify([header, ...rows]);
}
