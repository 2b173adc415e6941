// The bulk path of `crm import` on PostgreSQL (SPEC §8 "Bulk load"): documents and single
// records whose keys are new are gathered into batches and written with one COPY per table
// and batch (pg-copy-streams, in the worker) instead of one round trip per row (~0.45 ms
// each through the worker). What the row-by-row writer does for them stays: each gets the
// table's next id (taken from its sequence in one statement, so the journal's range of
// fresh ids is the same), the sales summaries take the same sums (SalesSummaryWriter.
// applyNewBatch), the lines go in file order (their ids as one by one). A record whose key
// is stored already needs its before-image journaled and its old lines dropped: the batch
// is written first, then that record row by row, so the order of the writes is the file's.
import type { EntitySpec } from '../model/entities.js';
import { REFS } from '../model/entities.js';
import type { Rec, Value } from '../model/types.js';
import type { PgDatabase } from './pg/facade.js';
import { resolver, type ApplyWriter, type RefMaps } from './importStore.js';
import type { Journal } from './journal.js';
import type { SalesSummaryWriter } from './salesSummary.js';
import type { Sqlite } from './sqlite.js';

/** Rows (headers and lines) gathered before one COPY per table: ~5 MB of text a batch. */
export const bulkTuning = { batchRows: Number(process.env.CRM_PG_COPY_BATCH_ROWS ?? 50_000) };

/** Whether an entity's new records can go the bulk way: documents and singles with no field naming a row of their own table. */
export function bulkWritable(spec: EntitySpec): boolean {
  if (spec.kind !== 'document' && spec.kind !== 'single') return false;
  return !Object.values(spec.table.fields).some((f) => f.ref !== undefined && REFS[f.ref].table === spec.table.table);
}

/** One value in COPY's text format: \N for NULL, backslash escapes for the separators. */
export function copyField(value: Value | boolean | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? '1' : '0';
  const text = typeof value === 'string' ? value : String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}

/**
 * The import's writer on PostgreSQL: new records in batches by COPY, the others through
 * `rowWriter` (the row-by-row writer, journal and summaries included). `settle()` writes
 * the batch now (before anything reads what the import wrote).
 */
export function pgBulkWriter(
  sqlite: Sqlite,
  spec: EntitySpec,
  refMaps: RefMaps,
  journal: Journal,
  rowWriter: ApplyWriter,
  sales: SalesSummaryWriter | undefined,
): ApplyWriter & { settle(): void } {
  const pg = sqlite as unknown as PgDatabase;
  const deferred: { field: string; code: string; key: Value }[] = [];
  const header = resolver(spec.table, refMaps, deferred, spec.key[0]!);
  const lines = spec.lines ? resolver(spec.lines, refMaps, deferred, spec.key[0]!) : undefined;
  const table = spec.table.table;
  const nextIds = sqlite.prepare(`SELECT nextval(pg_get_serial_sequence('${table}', 'id')) FROM generate_series(1, ?)`).pluck();
  let batch: { header: Rec; lines: Rec[] }[] = [];
  let rows = 0;

  const settle = () => {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    rows = 0;
    const ids = nextIds.all(items.length) as number[];
    const written = items.map((item, i) => ({ id: Number(ids[i]), header: item.header, lines: item.lines }));
    for (const { id } of written) journal.inserted(table, id);
    // the summaries read the stored shipments of the same orders: before the batch is there
    if (sales) sales.applyNewBatch(written);
    let headText = '';
    let lineText = '';
    for (const { id, header: rec, lines: recLines } of written) {
      headText += `${id}\t${header.values(rec).map(copyField).join('\t')}\n`;
      if (lines) for (const line of recLines) lineText += `${id}\t${lines.values(line).map(copyField).join('\t')}\n`;
    }
    if (deferred.length > 0) throw new Error(`${spec.name}: ${deferred[0]!.field} "${deferred[0]!.code}" could not be resolved`);
    // not waited for: the file's next rows are read meanwhile; the next request to the server waits for it
    pg.copyIn(
      [
        { table, columns: ['id', ...header.columns], data: headText },
        ...(lines && spec.lines ? [{ table: spec.lines.table, columns: [spec.lines.parent, ...lines.columns], data: lineText }] : []),
      ],
      { wait: false },
    );
  };

  return {
    write(rec, recLines, isNew = false) {
      if (!isNew) {
        settle();
        rowWriter.write(rec, recLines, isNew);
        return;
      }
      batch.push({ header: rec, lines: recLines ?? [] });
      rows += 1 + (recLines?.length ?? 0);
      if (rows >= bulkTuning.batchRows) settle();
    },
    writeMaster(changes) {
      settle();
      rowWriter.writeMaster(changes);
    },
    finish() {
      settle();
      rowWriter.finish();
    },
    settle,
  };
}

/**
 * Add `rows` (key values, then measures) to a summary table set-based: one COPY into a
 * staging table, one INSERT … ON CONFLICT DO UPDATE adding the measures — what the row by
 * row upserts do, one round trip per few thousand rows instead of one per row.
 */
export function upsertSumsByCopy(sqlite: Sqlite, table: string, key: readonly string[], measures: readonly string[], rows: Value[][]): void {
  if (rows.length === 0) return;
  const pg = sqlite as unknown as PgDatabase;
  const staging = `crm_staging_${table}`;
  const columns = [...key, ...measures].join(', ');
  pg.connection.request({
    type: 'exec',
    sql: `DROP TABLE IF EXISTS pg_temp.${staging}; CREATE TEMP TABLE ${staging} ON COMMIT DROP AS SELECT ${columns} FROM ${table} WHERE false`,
  });
  pg.copyIn([{ table: staging, columns: [...key, ...measures], data: rows.map((r) => `${r.map(copyField).join('\t')}\n`).join('') }]);
  pg.connection.request({
    type: 'exec',
    sql: `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM pg_temp.${staging}
      ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${measures.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(', ')}; DROP TABLE pg_temp.${staging}`,
  });
}
