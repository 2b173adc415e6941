import { headlineFigures, jsonCell, kindOf, type Row, type Table } from '../table.js';

export function jsonRows(table: Table, rows: Row[] = table.rows): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(table.columns.map((c) => [c.key, jsonCell(kindOf(table, row, c), row[c.key] ?? null)])));
}

/** The totals of a table with its headline figures, each in its own kind. */
export function jsonTotals(table: Table): Record<string, unknown> {
  if (!table.totals) return {};
  const kinds = new Map(table.columns.map((c) => [c.key, kindOf(table, table.totals!, c)]));
  for (const h of headlineFigures(table)) kinds.set(h.column.key, h.column.kind);
  return { ...Object.fromEntries(Object.entries(table.totals).map(([k, v]) => [k, jsonCell(kinds.get(k) ?? 'number', v)])), ...table.jsonTotals };
}

/** JSON: `{ "<name>": [ {snake_case fields} ] }`, money in major units. */
export function renderJson(table: Table, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ ...extra, [table.name]: jsonRows(table) }, null, 2)}\n`;
}

/** SPEC §6: `{"report": NAME, "params": {…}, "rows": [{…}], "totals": {…}}`. */
export function reportJson(name: string, params: Record<string, unknown>, table: Table): string {
  return `${JSON.stringify({ report: name, params, rows: jsonRows(table), totals: jsonTotals(table) }, null, 2)}\n`;
}
