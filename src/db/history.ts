// Reading the history (SPEC §7): operations newest first, what one operation changed row by
// row (field by field for updates), and the timeline of one record.
import type { EntitySpec } from '../model/entities.js';
import { sq, type Db } from './handle.js';
import type { RowChange, TableStats } from './journal.js';
import { DEPENDENTS, quoteIdent, rowLabel } from './tables.js';

export interface OperationInfo {
  id: number;
  kind: string;
  command: string;
  argv: string | null;
  entity: string | null;
  source: string | null;
  source_sha256: string | null;
  user: string;
  started_at: string;
  finished_at: string | null;
  inserted: number;
  updated: number;
  /** Rows deleted, over every table (from `tables`). */
  deleted: number;
  unchanged: number;
  rejected: number;
  tables: Record<string, TableStats> | null;
  undoes: number | null;
  undone_by: number | null;
}

type OperationRowRaw = Omit<OperationInfo, 'tables' | 'deleted'> & { tables: string | null };
function parse(r: OperationRowRaw): OperationInfo {
  const tables = r.tables ? (JSON.parse(r.tables) as Record<string, TableStats>) : null;
  const deleted = Object.values(tables ?? {}).reduce((sum, t) => sum + (t.deleted ?? 0), 0);
  // before deletions were counted apart, a delete's rows were counted as updated
  const updated = r.kind === 'delete' && r.updated === deleted ? 0 : r.updated;
  return { ...r, updated, deleted, tables };
}
const OPERATION_COLUMNS = 'id, kind, command, argv, entity, source, source_sha256, user, started_at, finished_at, inserted, updated, unchanged, rejected, tables, undoes, undone_by';

export interface HistoryFilter {
  entity?: string;
  user?: string;
  /** Operations started on or after this day. */
  since?: string;
  limit?: number;
}

/** Operations, newest first. */
export function listOperations(db: Db, f: HistoryFilter = {}): OperationInfo[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.entity !== undefined) {
    where.push('entity = ?');
    args.push(f.entity);
  }
  if (f.user !== undefined) {
    where.push('user = ?');
    args.push(f.user);
  }
  if (f.since !== undefined) {
    where.push('started_at >= ?');
    args.push(f.since);
  }
  const sql = `SELECT ${OPERATION_COLUMNS} FROM operations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC ${f.limit ? 'LIMIT ?' : ''}`;
  return (sq(db).prepare(sql).all(...args, ...(f.limit ? [f.limit] : [])) as OperationRowRaw[]).map(parse);
}

export function findOperation(db: Db, id: number): OperationInfo | undefined {
  const row = sq(db).prepare(`SELECT ${OPERATION_COLUMNS} FROM operations WHERE id = ?`).get(id) as OperationRowRaw | undefined;
  return row ? parse(row) : undefined;
}

/** The newest operation: what a database holds as of (db info, backups). */
export function lastOperation(db: Db): OperationInfo | undefined {
  return listOperations(db, { limit: 1 })[0];
}

export type { RowChange } from './journal.js';

/** What an operation changed, row by row (at most `limit` rows). */
export function operationRows(db: Db, opId: number, limit: number): { rows: RowChange[]; more: number } {
  const sqlite = sq(db);
  const rows: RowChange[] = [];
  let total = 0;
  const entries = sqlite.prepare('SELECT tbl, row_id, action, before, after FROM journal WHERE op_id = ? ORDER BY id').all(opId) as {
    tbl: string; row_id: number; action: RowChange['action']; before: string | null; after: string | null;
  }[];
  const image = (text: string | null) => (text === null ? null : (JSON.parse(text) as { row: Record<string, unknown>; children?: Record<string, unknown[]> }));
  for (const e of entries) {
    total++;
    if (rows.length >= limit) continue;
    const before = image(e.before);
    const now = e.action === 'insert' ? ((sqlite.prepare(`SELECT * FROM ${quoteIdent(e.tbl)} WHERE id = ?`).get(e.row_id) as Record<string, unknown> | undefined) ?? null) : null;
    rows.push({
      table: e.tbl,
      id: e.row_id,
      action: e.action,
      before: before?.row ?? null,
      after: e.action === 'insert' ? now : (image(e.after)?.row ?? null),
      childrenBefore: before?.children ? Object.fromEntries(Object.entries(before.children).map(([t, list]) => [t, list.length])) : undefined,
    });
  }
  for (const r of sqlite.prepare('SELECT tbl, first_id, last_id FROM journal_ranges WHERE op_id = ? ORDER BY id').all(opId) as { tbl: string; first_id: number; last_id: number }[]) {
    const count = sqlite.prepare(`SELECT COUNT(*) FROM ${quoteIdent(r.tbl)} WHERE id BETWEEN ? AND ?`).pluck().get(r.first_id, r.last_id) as number;
    total += count;
    if (rows.length >= limit) continue;
    for (const row of sqlite.prepare(`SELECT * FROM ${quoteIdent(r.tbl)} WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?`).all(r.first_id, r.last_id, limit - rows.length) as Record<string, unknown>[]) {
      rows.push({ table: r.tbl, id: Number(row.id), action: 'insert', before: null, after: row });
    }
  }
  return { rows, more: Math.max(0, total - rows.length) };
}

/**
 * The id of a record by its natural key (an entity's table), or undefined; a record deleted
 * since is found by the image its deletion journaled (the newest one, when the key was reused).
 */
export function recordId(db: Db, spec: EntitySpec, key: string): { id: number; deleted: boolean } | undefined {
  const column = spec.table.fields[spec.key[0]!]!.column;
  const sqlite = sq(db);
  const id = sqlite.prepare(`SELECT id FROM ${quoteIdent(spec.table.table)} WHERE ${quoteIdent(column)} = ?`).pluck().get(key) as number | undefined;
  if (id !== undefined) return { id, deleted: false };
  const deletions = sqlite.prepare("SELECT row_id, before FROM journal WHERE tbl = ? AND action = 'delete' ORDER BY id DESC").raw().iterate(spec.table.table) as Iterable<[number, string | null]>;
  for (const [rowId, before] of deletions) {
    const row = before === null ? undefined : (JSON.parse(before) as { row?: Record<string, unknown> }).row;
    if (row && String(row[column]) === key) return { id: rowId, deleted: true };
  }
  return undefined;
}

/** Every operation that touched one row: the one that inserted it, and each change since (oldest first). */
export function rowTimeline(db: Db, table: string, id: number): { op: OperationInfo; change: RowChange }[] {
  const sqlite = sq(db);
  const out: { op: OperationInfo; change: RowChange }[] = [];
  const inserted = sqlite.prepare('SELECT op_id FROM journal_ranges WHERE tbl = ? AND ? BETWEEN first_id AND last_id').pluck().all(table, id) as number[];
  for (const opId of inserted) {
    const op = findOperation(db, opId);
    if (op) out.push({ op, change: { table, id, action: 'insert', before: null, after: null } });
  }
  const image = (text: string | null) => (text === null ? null : ((JSON.parse(text) as { row: Record<string, unknown> }).row ?? null));
  for (const e of sqlite.prepare('SELECT op_id, action, before, after FROM journal WHERE tbl = ? AND row_id = ? ORDER BY id').all(table, id) as {
    op_id: number; action: RowChange['action']; before: string | null; after: string | null;
  }[]) {
    const op = findOperation(db, e.op_id);
    if (op) out.push({ op, change: { table, id, action: e.action, before: image(e.before), after: image(e.after) } });
  }
  return out.sort((a, b) => a.op.id - b.op.id);
}

/**
 * The rows that go with a record (DEPENDENTS: a deal's stage changes), now or in the journal:
 * their table, id and a label (their date, when they have one) for `crm history record`.
 */
export function dependentRows(db: Db, table: string, id: number): { table: string; id: number; label: string }[] {
  const sqlite = sq(db);
  const out: { table: string; id: number; label: string }[] = [];
  for (const c of DEPENDENTS[table] ?? []) {
    const rows = new Map<number, Record<string, unknown>>();
    for (const row of sqlite.prepare(`SELECT * FROM ${quoteIdent(c.table)} WHERE ${quoteIdent(c.fk)} = ?`).all(id) as Record<string, unknown>[]) rows.set(Number(row.id), row);
    // the ones changed or deleted since: by the images the journal kept (parsed here, portable)
    for (const [rowId, before] of sqlite.prepare('SELECT row_id, before FROM journal WHERE tbl = ? AND before IS NOT NULL').raw().iterate(c.table) as Iterable<[number, string]>) {
      const row = (JSON.parse(before) as { row?: Record<string, unknown> }).row;
      if (row && Number(row[c.fk]) === id && !rows.has(rowId)) rows.set(rowId, row);
    }
    for (const [rowId, row] of [...rows].sort((a, b) => a[0] - b[0])) out.push({ table: c.table, id: rowId, label: `${c.table} ${row.date ?? `#${rowId}`}` });
  }
  return out;
}

/** The natural keys of rows, for messages: `clients 12` → `C001`. */
export function naturalKey(db: Db | undefined, table: string, row: Record<string, unknown> | null, id: number): string {
  return rowLabel(db ? sq(db) : undefined, table, row, id);
}
