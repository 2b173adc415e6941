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
import { copyField } from './pgCopy.js';
import { RefusedError } from '../errors.js';
import { t } from '../i18n/index.js';

/** Rows (headers and lines) gathered before one COPY per table: ~5 MB of text a batch. */
export const bulkTuning = { batchRows: Number(process.env.CRM_PG_COPY_BATCH_ROWS ?? 50_000) };

/** Whether an entity's new records can go the bulk way: documents and singles with no field naming a row of their own table. */
export function bulkWritable(spec: EntitySpec): boolean {
  if (spec.kind !== 'document' && spec.kind !== 'single') return false;
  return !Object.values(spec.table.fields).some((f) => f.ref !== undefined && REFS[f.ref].table === spec.table.table);
}

/** Another writer holds (or held, after this import read it) a document this import writes: exit 3, nothing written. */
function refusal(what: string): RefusedError {
  return new RefusedError(t('server.documentBusy', what));
}

/**
 * Lock a stored row this import is about to change (SPEC §8: two writers of the same
 * document), before its before-image is read: free, it is taken at once; held by another
 * writer, that one is waited for (up to the busy timeout, then exit 3) and this import is
 * refused even when the wait ends, as what it compared the file with is stale — never a lost
 * update. Row locks, not advisory ones: a million documents fit in no lock table.
 */
export function lockStoredRow(sqlite: Sqlite, table: string, id: number, name: () => string): void {
  const free = sqlite.prepare(`SELECT id FROM ${table} WHERE id = ? FOR UPDATE SKIP LOCKED`).pluck().get(id);
  if (free !== undefined) return;
  sqlite.prepare(`SELECT id FROM ${table} WHERE id = ? FOR UPDATE`).pluck().get(id); // 55P03 after the busy timeout: exit 3
  throw refusal(name());
}

/**
 * The summaries count an order once per client and month: a writer of its shipments holds the
 * order's row (FOR NO KEY UPDATE, which foreign keys do not wait for) until it commits, and a
 * second one waits for it (up to the busy timeout) before it counts.
 */
export function lockOrders(sqlite: Sqlite, orderIds: number[]): [id: number, managerId: number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < orderIds.length; i += 1000) {
    const chunk = orderIds.slice(i, i + 1000);
    out.push(...(sqlite.prepare(`SELECT id, COALESCE(manager_id, 0) FROM sales_orders WHERE id IN (${chunk.map(() => '?').join(', ')}) ORDER BY id FOR NO KEY UPDATE`).raw().all(...chunk) as [number, number][]));
  }
  return out; // each order's manager as it is now: another import may have changed it since this one began
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
  // beside other writers (SPEC §8): a key another import inserts meanwhile is a unique violation
  const concurrent = sqlite.concurrentWriters === true;
  /** The last batch's COPY has gone in: its failure is thrown here, as a refusal when another writer wrote one of its keys first. */
  const drain = () => {
    try {
      pg.connection.drain();
    } catch (error) {
      const e = error as { sqlstate?: string };
      if (concurrent && e?.sqlstate === '23505') {
        throw new RefusedError(t('server.documentChanged', spec.name, (error as { detail?: string }).detail ?? (error as Error).message));
      }
      throw error;
    }
  };

  const settle = () => {
    drain();
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
      drain();
      rowWriter.finish();
    },
    settle,
  };
}
