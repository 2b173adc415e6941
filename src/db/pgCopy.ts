// COPY's text format and the set-based upsert of summed rows through a staging table: the
// bulk pieces of the PostgreSQL backend that the import's writer (pgBulk.ts) and the sales
// summaries (salesSummary.ts) share.
import type { Value } from '../model/types.js';
import type { PgDatabase } from './pg/facade.js';
import type { Sqlite } from './sqlite.js';

/** One value in COPY's text format: \N for NULL, backslash escapes for the separators. */
export function copyField(value: Value | boolean | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value); // never a separator in it: no escaping to look for (most fields of a big import)
  if (typeof value === 'boolean') return value ? '1' : '0';
  const text = typeof value === 'string' ? value : String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}

/**
 * Add `rows` (key values, then measures) to a summary table set-based: one COPY into a
 * staging table, one INSERT … ON CONFLICT DO UPDATE adding the measures — what the row by
 * row upserts do, one round trip per few thousand rows instead of one per row.
 */
export function upsertSumsByCopy(sqlite: Sqlite, table: string, key: readonly string[], measures: readonly string[], rows: Value[][]): void {
  upsertByCopy(sqlite, table, key, measures, measures.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(', '), rows);
}

/**
 * Upsert `rows` (key values, then the other columns) into `table` set-based: one COPY into a
 * staging table, one INSERT … ON CONFLICT (key) DO UPDATE SET `set` (`table` names the stored
 * row, `excluded` the new one), in key order. Two requests to the worker whatever the rows.
 */
export function upsertByCopy(sqlite: Sqlite, table: string, key: readonly string[], others: readonly string[], set: string, rows: Value[][]): void {
  if (rows.length === 0) return;
  const pg = sqlite as unknown as PgDatabase;
  const staging = `crm_staging_${table}`;
  const columns = [...key, ...others].join(', ');
  pg.connection.request({
    type: 'exec',
    sql: `DROP TABLE IF EXISTS pg_temp.${staging}; CREATE TEMP TABLE ${staging} ON COMMIT DROP AS SELECT ${columns} FROM ${table} WHERE false`,
  });
  pg.copyIn([{ table: staging, columns: [...key, ...others], data: rows.map((r) => `${r.map(copyField).join('\t')}\n`).join('') }]);
  pg.connection.request({
    type: 'exec',
    // in key order: two writers adding to the same rows take their locks in the same order (no deadlock)
    sql: `INSERT INTO ${table} AS ${table} (${columns}) SELECT ${columns} FROM pg_temp.${staging} ORDER BY ${key.join(', ')}
      ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set}; DROP TABLE pg_temp.${staging}`,
  });
}
