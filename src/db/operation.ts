// Every command that writes is one operation (SPEC §7): one transaction holding the write
// lock, one row in `operations`, a journal of what it changed. `store.transaction` of the
// issue: the only way anything writes. A dry run is the same operation rolled back, so the
// preview and the real run cannot disagree; an operation that changed nothing leaves no
// trace, not even in the history.
import { sq, type Db } from './handle.js';
import { Journal, type RowChange, type TableStats } from './journal.js';
import { beginWrite, type Sqlite } from './sqlite.js';
import { refreshStageMoves } from './stageMoves.js';
import { markCommitted } from '../util/interrupt.js';

export interface OperationMeta {
  /** import, add, edit, delete, revise, plan-run, undo, restore … */
  kind: string;
  /** What the history calls it: `import shipments`, `clients edit C1`. */
  command: string;
  /** The command line as typed. */
  argv?: string;
  entity?: string | null;
  source?: string | null;
  sourceSha256?: string | null;
  user: string;
  startedAt: string;
}

/** What an import says it did, in its own terms (documents, plan cells …). */
export interface OperationCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** What the function running inside an operation can use. */
export interface Tx {
  readonly db: Db;
  readonly opId: number;
  readonly journal: Journal;
}

/** A row of the change set as a preview shows it. */
export type PreviewRow = RowChange;

export interface OperationResult<T> {
  result: T;
  /** The operation's id; none when nothing changed or it was a dry run. */
  operation?: number;
  tables: Record<string, TableStats>;
  /** A dry run with `previewRows`: the first rows of the change set, read back before the rollback. */
  preview?: PreviewRow[];
}

export interface RunOptions {
  dryRun?: boolean;
  /** A dry run keeps this many rows of its change set to show (-v). */
  previewRows?: number;
  /** An import of documents: on PostgreSQL it runs beside other such imports, locking each document it writes (SPEC §8). */
  documentLocks?: boolean;
}

/**
 * Run `fn` as one operation. `fn` returns whether to keep its work (false: roll back, as when
 * a file had problems) and its counts; everything it writes goes through `tx`.
 */
export async function runOperation<T>(
  db: Db,
  meta: OperationMeta,
  fn: (tx: Tx) => Promise<{ result: T; keep: boolean; counts?: OperationCounts }>,
  options: RunOptions = {},
): Promise<OperationResult<T>> {
  const sqlite = sq(db);
  beginWrite(sqlite, { documentLocks: options.documentLocks });
  try {
    const opId = startOperation(sqlite, meta);
    const journal = new Journal(sqlite, opId);
    const out = await fn({ db, opId, journal });
    if (!out.keep || !journal.changed() || options.dryRun) {
      const tables = journal.finish();
      const preview = options.dryRun && options.previewRows ? changeSetRows(db, opId, options.previewRows) : undefined;
      sqlite.exec('ROLLBACK');
      return { result: out.result, tables, preview };
    }
    const tables = finishOperation(sqlite, opId, journal, out.counts);
    sqlite.exec('COMMIT');
    markCommitted(`operation ${opId}`);
    return { result: out.result, operation: opId, tables };
  } finally {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
  }
}

/** The operation's row, inside the writer's transaction: its id names everything it journals. */
export function startOperation(sqlite: Sqlite, meta: OperationMeta): number {
  const { id } = sqlite
    .prepare(
      `INSERT INTO operations (kind, command, argv, entity, source, source_sha256, user, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(meta.kind, meta.command, meta.argv ?? null, meta.entity ?? null, meta.source ?? null, meta.sourceSha256 ?? null, meta.user, meta.startedAt) as { id: number };
  return id;
}

/** The journal's ranges written, the operation's end time and counts: its per-table counts. */
export function finishOperation(sqlite: Sqlite, opId: number, journal: Journal, counts?: OperationCounts): Record<string, TableStats> {
  const tables = journal.finish();
  refreshStageMoves(sqlite, opId, Object.keys(tables)); // derived from the stage changes: the deals this operation touched
  const c = counts ?? {
    inserted: Object.values(tables).reduce((s, t) => s + t.inserted, 0),
    updated: Object.values(tables).reduce((s, t) => s + t.updated, 0), // deletions are counted per table (tables), apart
    unchanged: 0,
    rejected: 0,
  };
  sqlite
    .prepare(`UPDATE operations SET finished_at = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ?, tables = ? WHERE id = ?`)
    .run(new Date().toISOString(), c.inserted, c.updated, c.unchanged, c.rejected, JSON.stringify(tables), opId);
  return tables;
}

/** The first rows of an operation's change set, from its journal and its ranges (inside its transaction: a dry run's before it rolls back). */
export function changeSetRows(db: Db, opId: number, limit: number): PreviewRow[] {
  const sqlite = sq(db);
  const out: PreviewRow[] = [];
  const parse = (text: string | null) => (text === null ? null : ((JSON.parse(text) as { row: Record<string, unknown> }).row ?? null));
  for (const j of sqlite.prepare('SELECT tbl, row_id, action, before, after FROM journal WHERE op_id = ? ORDER BY id LIMIT ?').all(opId, limit) as {
    tbl: string; row_id: number; action: PreviewRow['action']; before: string | null; after: string | null;
  }[]) {
    out.push({ table: j.tbl, id: j.row_id, action: j.action, before: parse(j.before), after: j.action === 'insert' ? rowOf(db, j.tbl, j.row_id) : parse(j.after) });
  }
  for (const r of sqlite.prepare('SELECT tbl, first_id, last_id FROM journal_ranges WHERE op_id = ? ORDER BY id').all(opId) as { tbl: string; first_id: number; last_id: number }[]) {
    for (const row of sqlite.prepare(`SELECT * FROM "${r.tbl}" WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?`).all(r.first_id, r.last_id, Math.max(0, limit - out.length)) as Record<string, unknown>[]) {
      out.push({ table: r.tbl, id: Number(row.id), action: 'insert', before: null, after: row });
    }
  }
  return out.slice(0, limit);
}

function rowOf(db: Db, table: string, id: number): Record<string, unknown> | null {
  return (sq(db).prepare(`SELECT * FROM "${table}" WHERE id = ?`).get(id) as Record<string, unknown> | undefined) ?? null;
}
