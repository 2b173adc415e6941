import { jsonCell, type Row, type Table } from '../table.js';

export function jsonRows(table: Table, rows: Row[] = table.rows): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(table.columns.map((c) => [c.key, jsonCell(c.kind, row[c.key] ?? null)])));
}

/** JSON: `{ "<name>": [ {snake_case fields} ] }`, money in major units. */
export function renderJson(table: Table, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ ...extra, [table.name]: jsonRows(table) }, null, 2)}\n`;
}
