import { stringify } from 'csv-stringify/sync';
import { plainCell, type Table } from '../table.js';
import { csvSafe } from '../write.js';

/** CSV: header of column keys, raw numbers with `.` decimals, ISO dates. */
export function renderCsv(table: Table): string {
  const rows = table.rows.map((row) => table.columns.map((c) => csvSafe(plainCell(c.kind, row[c.key] ?? null))));
  return stringify([table.columns.map((c) => c.key), ...rows]);
}
