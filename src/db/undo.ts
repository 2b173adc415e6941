// `crm undo OP` (SPEC §7): a new operation that puts back every row OP touched — what OP
// inserted goes, what it changed or deleted comes back from its before-image — journaled like
// any write, so undoing the undo redoes OP. Refused (exit 3) when a later operation changed
// any of the same rows, or still refers to a row that would go, naming those operations and a
// few rows; `--cascade` undoes them first, newest first, all in one transaction.
import { RefusedError, UsageError } from '../errors.js';
import { sq, type Db } from './handle.js';
import { Journal, type RowChange, type TableStats } from './journal.js';
import { changeSetRows, finishOperation, startOperation, type OperationMeta } from './operation.js';
import { SalesSummaryWriter } from './salesSummary.js';
import { beginWrite, isPostgres, type Sqlite } from './sqlite.js';
import { columnsOf, JOURNALED, keyColumnsOf, quoteIdent, referencing, rowLabel } from './tables.js';
import { markCommitted } from '../util/interrupt.js';
import { t } from '../i18n/index.js';
import type { BlockerKind } from '../i18n/areas/undo.js';
import { recheckAfterUndo } from './undoRules.js';

export interface OperationRow {
  id: number;
  kind: string;
  command: string;
  entity: string | null;
  user: string;
  started_at: string;
  undoes: number | null;
  undone_by: number | null;
  tables: string | null;
}

interface Range {
  tbl: string;
  first_id: number;
  last_id: number;
}

interface Entry {
  id: number;
  tbl: string;
  row_id: number;
  action: 'insert' | 'update' | 'delete';
  before: string | null;
}

interface Image {
  row: Record<string, unknown>;
  children?: Record<string, Record<string, unknown>[]>;
}

/** A later operation that stands in the way, with a few of the rows it touched. */
export interface Blocker {
  op: number;
  command: string;
  /** What it did that stands in the way: changed the same rows … */
  why: BlockerKind;
  rows: string[];
  /** How many more rows than `rows` it has in the way. */
  moreRows: number;
}

export interface UndoResult {
  /** Undone operation → the undo operation that did it, newest first. */
  undone: { op: number; undo: number | undefined; tables: Record<string, TableStats>; preview?: RowChange[] }[];
  dryRun: boolean;
}

const SAMPLE = 5;

function operation(sqlite: Sqlite, id: number): OperationRow | undefined {
  return sqlite.prepare('SELECT id, kind, command, entity, user, started_at, undoes, undone_by, tables FROM operations WHERE id = ?').get(id) as OperationRow | undefined;
}

/**
 * Operations after `id` whose effect still stands. An operation is alive unless undone by an
 * undo that is itself alive (undo, redo, undo again …). An alive undo of an operation after
 * `id` cancels that operation: neither stands (their rows are as they were between).
 */
function standingAfter(sqlite: Sqlite, id: number): Map<number, OperationRow> {
  const all = new Map((sqlite.prepare('SELECT id, kind, command, entity, user, started_at, undoes, undone_by, tables FROM operations').all() as OperationRow[]).map((o) => [o.id, o]));
  const alive = (o: OperationRow | undefined): boolean => (o === undefined ? false : o.undone_by === null || !alive(all.get(o.undone_by)));
  // an operation undone and redone is carried by its redo: that is what an undo must take back
  const carrier = (o: OperationRow): OperationRow => (o.undone_by === null ? o : carrier(all.get(all.get(o.undone_by)!.undone_by!)!));
  const later = [...all.values()].filter((o) => o.id > id && alive(o) && !(o.undoes !== null && o.undoes > id));
  return new Map(later.map((o) => [o.id, carrier(o)]));
}

/** Later standing operations that changed rows `id` touched (the same row, or a row it inserted). */
function overlapping(sqlite: Sqlite, id: number): Blocker[] {
  const standing = standingAfter(sqlite, id);
  if (standing.size === 0) return [];
  const hits = sqlite
    .prepare(
      `SELECT j.op_id, j.tbl, j.row_id FROM journal j JOIN journal_ranges r ON r.op_id = ? AND r.tbl = j.tbl AND j.row_id BETWEEN r.first_id AND r.last_id WHERE j.op_id > ?
       UNION SELECT j2.op_id, j2.tbl, j2.row_id FROM journal j1 JOIN journal j2 ON j2.tbl = j1.tbl AND j2.row_id = j1.row_id AND j2.op_id > j1.op_id WHERE j1.op_id = ?
       ORDER BY 1, 2, 3`,
    )
    .all(id, id, id) as { op_id: number; tbl: string; row_id: number }[];
  return blockers(sqlite, hits.filter((h) => standing.has(h.op_id)), standing, 'overlap');
}

/**
 * Rows `id` removed that an undo would put back, whose key (a code, a document number) a later
 * standing operation has given to a new row since: the newcomer's operation stands in the way.
 */
function keyClashes(sqlite: Sqlite, id: number): Blocker[] {
  const standing = standingAfter(sqlite, id);
  if (standing.size === 0) return [];
  const hits: { op_id: number; tbl: string; row_id: number }[] = [];
  const tables = sqlite.prepare("SELECT DISTINCT tbl FROM journal WHERE op_id = ? AND action = 'delete'").pluck().all(id) as string[];
  for (const table of tables) {
    const key = keyColumnsOf(table);
    if (key.length === 0) continue;
    // compared as text: a key may be a number (a plan version's), and PostgreSQL compares no bigint with JSON text
    const same = key.map((c) => `CAST(t.${quoteIdent(c)} AS TEXT) = CAST(json_extract(j.before, '$.row.${c}') AS TEXT)`).join(' AND ');
    const rows = sqlite
      .prepare(`SELECT t.id FROM journal j JOIN ${quoteIdent(table)} t ON ${same} AND t.id <> j.row_id WHERE j.op_id = ? AND j.tbl = ? AND j.action = 'delete' LIMIT 20`)
      .pluck()
      .all(id, table) as number[];
    for (const rowId of rows) hits.push({ op_id: writerOf(sqlite, table, rowId), tbl: table, row_id: rowId });
  }
  return blockers(sqlite, hits.filter((h) => standing.has(h.op_id)), standing, 'keys');
}

/**
 * Rows `id` removed or changed that an undo would put back pointing at rows a later standing
 * operation deleted since (a shipment's client, a line's product): that operation stands in
 * the way (undoing it first brings the row back).
 */
function missingReferences(sqlite: Sqlite, id: number): Blocker[] {
  const standing = standingAfter(sqlite, id);
  const hits: { op_id: number; tbl: string; row_id: number }[] = [];
  const missing: string[] = [];
  const tables = sqlite.prepare("SELECT DISTINCT tbl FROM journal WHERE op_id = ? AND action IN ('delete', 'update')").pluck().all(id) as string[];
  for (const table of tables) {
    // the row itself, then the rows that travel inside its image (a document's lines)
    const sources: { path: (fk: string) => string; from: string; fks: { table: string; from: string }[] }[] = [
      // (rows the same undo puts back, a group's parent, are there by then)
      { path: (fk) => `json_extract(j.before, '$.row.${fk}')`, from: 'journal j', fks: foreignKeys(sqlite, table) },
      ...(JOURNALED[table] ?? []).map((c) => ({
        path: (fk: string) => `json_extract(e.value, '$.${fk}')`,
        from: `journal j, json_each(j.before, '$.children.${c.table}') e`,
        fks: foreignKeys(sqlite, c.table).filter((k) => k.from !== c.fk),
      })),
    ];
    for (const source of sources) {
      for (const fk of source.fks) {
        const refs = sqlite
          .prepare(
            `SELECT DISTINCT ${source.path(fk.from)} AS ref FROM ${source.from}
             WHERE j.op_id = ? AND j.tbl = ? AND j.action IN ('delete', 'update') AND ${source.path(fk.from)} IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(fk.table)} t WHERE t.id = CAST(${source.path(fk.from)} AS INTEGER))
               AND NOT EXISTS (SELECT 1 FROM journal o WHERE o.op_id = j.op_id AND o.tbl = '${fk.table}' AND o.row_id = CAST(${source.path(fk.from)} AS INTEGER) AND o.action = 'delete') LIMIT 20`,
          )
          .pluck()
          .all(id, table) as number[];
        for (const ref of refs) {
          const deleter = sqlite.prepare("SELECT MAX(op_id) FROM journal WHERE tbl = ? AND row_id = ? AND action = 'delete' AND op_id > ?").pluck().get(fk.table, ref, id) as number | null;
          if (deleter !== null && standing.has(deleter)) hits.push({ op_id: deleter, tbl: fk.table, row_id: ref });
          else missing.push(`${fk.table} #${ref}`);
        }
      }
    }
  }
  if (missing.length > 0) {
    throw new RefusedError(t('undo.rowsGone', id, someRows(missing)));
  }
  return blockers(sqlite, hits, standing, 'deleted');
}

/** The foreign keys of a table: column → referenced table. */
function foreignKeys(sqlite: Sqlite, table: string): { table: string; from: string }[] {
  return sqlite.prepare(`PRAGMA foreign_key_list(${quoteIdent(table)})`).all() as { table: string; from: string }[];
}

/** The blocking operations of `hits`, each under the operation that carries its rows now (`ops`: id → it). */
function blockers(sqlite: Sqlite, hits: { op_id: number; tbl: string; row_id: number }[], ops: Map<number, OperationRow>, why: BlockerKind): Blocker[] {
  const by = new Map<number, Blocker>();
  const seen = new Map<number, Set<string>>(); // operation → its rows in the way (counted, a few named)
  for (const h of hits) {
    const op = ops.get(h.op_id);
    const id = op?.id ?? h.op_id;
    const b = by.get(id) ?? { op: id, command: op?.command ?? '?', why, rows: [], moreRows: 0 };
    const rows = seen.get(id) ?? seen.set(id, new Set()).get(id)!;
    const key = `${h.tbl}\u0001${h.row_id}`;
    if (!rows.has(key)) {
      rows.add(key);
      if (b.rows.length < SAMPLE) {
        const row = `${h.tbl} ${labelOf(sqlite, h.tbl, h.row_id)}`;
        if (!b.rows.includes(row)) b.rows.push(row);
      } else b.moreRows++;
    }
    by.set(id, b);
  }
  return [...by.values()].sort((a, b) => b.op - a.op);
}

/** A few rows of a list for a message, and how many more there are. */
function someRows(rows: string[]): string {
  const unique = [...new Set(rows)];
  return unique.length <= SAMPLE ? unique.join(', ') : `${unique.slice(0, SAMPLE).join(', ')} ${t('changes.moreRows', unique.length - SAMPLE)}`;
}

/** A row's key for messages, also when it is gone (from its last journaled image). */
function labelOf(sqlite: Sqlite, table: string, id: number): string {
  const label = rowLabel(sqlite, table, null, id);
  if (!label.startsWith('#')) return label;
  const image = sqlite.prepare('SELECT before FROM journal WHERE tbl = ? AND row_id = ? AND before IS NOT NULL ORDER BY id DESC LIMIT 1').pluck().get(table, id) as string | undefined;
  return image === undefined ? label : rowLabel(undefined, table, (JSON.parse(image) as Image).row, id);
}

/** Why an operation cannot be undone at all (not what stands in its way). */
function unundoable(sqlite: Sqlite, op: OperationRow | undefined, id: number): Error | undefined {
  if (!op) return new UsageError(t('undo.noOperation', id));
  const why = stateRefusal(sqlite, op, id);
  return why === undefined ? undefined : new RefusedError(why);
}

/** Why the state of an operation does not allow undoing it (undone already, no journal). */
function stateRefusal(sqlite: Sqlite, op: OperationRow, id: number): string | undefined {
  if (op.kind === 'restore') {
    const kept = /kept as ([^)]+)\)/.exec(op.command)?.[1];
    return t('undo.restoreOp', id, kept);
  }
  if (op.undone_by !== null) {
    const undo = operation(sqlite, op.undone_by);
    if (undo?.undone_by === null) return t('undo.undoneAlready', id, op.command, op.undone_by);
    if (!undo) return t('undo.undoneByMissing', id, op.command, op.undone_by);
    return t('undo.undoneAndRedone', id, op.command, op.undone_by, undo.undone_by!);
  }
  const journaled = sqlite.prepare('SELECT EXISTS (SELECT 1 FROM journal WHERE op_id = ?) OR EXISTS (SELECT 1 FROM journal_ranges WHERE op_id = ?)').pluck().get(id, id);
  if (!journaled && op.tables === null) return t('undo.beforeJournal', id, op.command);
  return undefined;
}

/** The operations to undo, newest first: `id`, and with --cascade every later one standing in its way (and in theirs). */
function chainOf(sqlite: Sqlite, id: number, cascade: boolean): number[] {
  const chain = new Set<number>([id]);
  const queue = [id];
  while (queue.length > 0) {
    const next = queue.shift()!;
    const found = [...overlapping(sqlite, next), ...dependents(sqlite, next), ...keyClashes(sqlite, next), ...missingReferences(sqlite, next)];
    if (found.length > 0 && !cascade) throw refusal(next, found);
    // a cascade's undos were one command: redoing one of them with --cascade redoes them all, as
    // the cascade's own summary says (a sibling touching other rows would otherwise stay undone)
    const siblings = cascade ? cascadeSiblings(sqlite, next) : [];
    for (const op of [...found.map((b) => b.op), ...siblings]) {
      if (!chain.has(op)) {
        chain.add(op);
        queue.push(op);
      }
    }
  }
  return [...chain].sort((a, b) => b - a);
}

/** The other standing undos made by the same `crm undo … --cascade` as undo operation `id` (same command line, user and start). */
function cascadeSiblings(sqlite: Sqlite, id: number): number[] {
  return sqlite
    .prepare(
      `SELECT o.id FROM operations o JOIN operations me ON me.id = ?
       WHERE me.kind = 'undo' AND o.kind = 'undo' AND o.id <> me.id AND o.argv = me.argv AND o.user = me.user AND o.started_at = me.started_at AND o.undone_by IS NULL`,
    )
    .pluck()
    .all(id) as number[];
}

/** Operations named in a refusal; the rest are counted. */
const BLOCKERS_SHOWN = 10;

function refusal(id: number, found: Blocker[]): RefusedError {
  const shown = found.slice(0, BLOCKERS_SHOWN).map((b) => ({ op: b.op, command: b.command, kind: b.why, rows: b.rows, moreRows: b.moreRows }));
  return new RefusedError(t('undo.blocked', id, shown, found.length - shown.length));
}

/**
 * Undo `id` (and, with `cascade`, the later operations in its way, newest first) in one
 * transaction; each undo is an operation of its own. A dry run rolls it all back.
 */
export function undoOperations(
  db: Db,
  id: number,
  options: { cascade: boolean; dryRun: boolean; meta: Omit<OperationMeta, 'kind' | 'command'>; /** a dry run keeps this many rows of each change set (-v) */ previewRows?: number },
): UndoResult {
  const sqlite = sq(db);
  beginWrite(sqlite);
  try {
    const why = unundoable(sqlite, operation(sqlite, id), id);
    if (why) throw why;
    const chain = chainOf(sqlite, id, options.cascade);
    sqlite.pragma('defer_foreign_keys = ON'); // rows come and go in any order; checked before the end
    const undone: UndoResult['undone'] = [];
    for (const target of chain) {
      const op = operation(sqlite, target)!;
      const why2 = unundoable(sqlite, op, target);
      if (why2) throw why2;
      const undoId = startOperation(sqlite, { ...options.meta, kind: 'undo', command: `undo ${target}`, entity: op.entity });
      const journal = new Journal(sqlite, undoId);
      try {
        undoInto(sqlite, target, journal);
      } catch (error) {
        // a safety net behind the checks above: a constraint the rows put back would break
        if (!String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_CONSTRAINT')) throw error;
        throw new RefusedError(t('undo.clash', target, (error as Error).message));
      }
      referencesLeft(sqlite, target, journal, chain);
      recheckAfterUndo(db, target, journal);
      sqlite.prepare('UPDATE operations SET undone_by = ? WHERE id = ?').run(undoId, target);
      sqlite.prepare('UPDATE operations SET undoes = ? WHERE id = ?').run(target, undoId);
      const tables = finishOperation(sqlite, undoId, journal);
      const preview = options.dryRun && options.previewRows ? changeSetRows(db, undoId, options.previewRows) : undefined;
      undone.push({ op: target, undo: options.dryRun ? undefined : undoId, tables, preview });
    }
    if (options.dryRun) {
      sqlite.exec('ROLLBACK');
      return { undone, dryRun: true };
    }
    try {
      sqlite.exec('COMMIT');
      markCommitted(`the undo (operation ${undone.at(-1)!.undo})`);
    } catch (error) {
      // the deferred foreign keys: a safety net behind missingReferences
      if (!String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_CONSTRAINT')) throw error;
      throw new RefusedError(t('undo.rowsGone', id, (error as Error).message));
    }
    return { undone, dryRun: false };
  } finally {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
  }
}

/** Journal entries are read a page at a time, newest first: a million-line undo never holds them all. */
const PAGE = 2000;

function* entriesOf(sqlite: Sqlite, id: number): Generator<Entry> {
  const page = sqlite.prepare('SELECT id, tbl, row_id, action, before FROM journal WHERE op_id = ? AND id < ? ORDER BY id DESC LIMIT ?');
  let below = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = page.all(id, below, PAGE) as Entry[];
    yield* rows;
    if (rows.length < PAGE) return;
    below = rows[rows.length - 1]!.id;
  }
}

/** Put back every row operation `id` touched, journaling it all under `journal`. */
function undoInto(sqlite: Sqlite, id: number, journal: Journal): void {
  const ranges = sqlite.prepare('SELECT tbl, first_id, last_id FROM journal_ranges WHERE op_id = ? ORDER BY id DESC').all(id) as Range[];
  const summaries = new SalesSummaryWriter(sqlite);
  summaries.around(touchedShipments(sqlite, id, ranges), () => {
    for (const r of ranges) {
      journal.deleteRange(r.tbl, r.first_id, r.last_id);
      for (const c of JOURNALED[r.tbl] ?? []) {
        sqlite.prepare(`DELETE FROM ${quoteIdent(c.table)} WHERE ${quoteIdent(c.fk)} BETWEEN ? AND ?`).run(r.first_id, r.last_id);
      }
      sqlite.prepare(`DELETE FROM ${quoteIdent(r.tbl)} WHERE id BETWEEN ? AND ?`).run(r.first_id, r.last_id);
    }
    for (const e of entriesOf(sqlite, id)) {
      if (e.action === 'insert') {
        journal.before(e.tbl, e.row_id, 'delete');
        deleteRow(sqlite, e.tbl, e.row_id);
      } else if (e.action === 'update') {
        journal.before(e.tbl, e.row_id, 'update');
        writeImage(sqlite, e.tbl, JSON.parse(e.before!) as Image, true);
        journal.after(e.tbl, e.row_id);
      } else {
        writeImage(sqlite, e.tbl, JSON.parse(e.before!) as Image, false);
        journal.restored(e.tbl, e.row_id);
      }
    }
  });
  summaries.flush();
}

function deleteRow(sqlite: Sqlite, table: string, id: number): void {
  for (const c of JOURNALED[table] ?? []) sqlite.prepare(`DELETE FROM ${quoteIdent(c.table)} WHERE ${quoteIdent(c.fk)} = ?`).run(id);
  sqlite.prepare(`DELETE FROM ${quoteIdent(table)} WHERE id = ?`).run(id);
}

/** A row (and the rows that belong to it) as an image has it: updated in place, or put back with its id. */
function writeImage(sqlite: Sqlite, table: string, image: Image, existing: boolean): void {
  const known = new Set(columnsOf(sqlite, table));
  const columns = Object.keys(image.row).filter((c) => known.has(c));
  const values = columns.map((c) => image.row[c]);
  if (existing) {
    const set = columns.filter((c) => c !== 'id');
    sqlite.prepare(`UPDATE ${quoteIdent(table)} SET ${set.map((c) => `${quoteIdent(c)} = ?`).join(', ')} WHERE id = ?`).run(...set.map((c) => image.row[c]), image.row.id);
    for (const c of JOURNALED[table] ?? []) sqlite.prepare(`DELETE FROM ${quoteIdent(c.table)} WHERE ${quoteIdent(c.fk)} = ?`).run(image.row.id);
  } else {
    sqlite.prepare(`INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values);
  }
  for (const [child, rows] of Object.entries(image.children ?? {})) {
    if (rows.length === 0) continue;
    const childKnown = new Set(columnsOf(sqlite, child));
    const cols = Object.keys(rows[0]!).filter((c) => childKnown.has(c));
    const insert = sqlite.prepare(`INSERT INTO ${quoteIdent(child)} (${cols.map(quoteIdent).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    for (const r of rows) insert.run(...cols.map((c) => r[c]));
  }
}

/** The shipments whose place in the sales summaries an undo can change: its own, and those of the products and orders it changes. */
function touchedShipments(sqlite: Sqlite, id: number, ranges: Range[]): Set<number> {
  const out = new Set<number>();
  const add = (ids: number[]) => ids.forEach((x) => out.add(x));
  for (const r of ranges) {
    if (r.tbl === 'shipments') for (let i = r.first_id; i <= r.last_id; i++) out.add(i);
    if (r.tbl === 'products' || r.tbl === 'sales_orders') {
      const column = r.tbl === 'products' ? 'l.product_id' : 's.order_id';
      add(sqlite.prepare(`SELECT DISTINCT s.id FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id WHERE ${column} BETWEEN ? AND ?`).pluck().all(r.first_id, r.last_id) as number[]);
    }
  }
  const journaled = (tbl: string) => `SELECT row_id FROM journal WHERE op_id = ? AND tbl = '${tbl}'`;
  add(sqlite.prepare(journaled('shipments')).pluck().all(id) as number[]);
  add(sqlite.prepare(`SELECT DISTINCT shipment_id FROM shipment_lines WHERE product_id IN (${journaled('products')})`).pluck().all(id) as number[]);
  add(sqlite.prepare(`SELECT id FROM shipments WHERE order_id IN (${journaled('sales_orders')})`).pluck().all(id) as number[]);
  return out;
}

/** Rows of other tables still pointing at a row the undo removed: refused, naming who wrote them (a safety net: `dependents` looked first). */
function referencesLeft(sqlite: Sqlite, id: number, journal: Journal, chain: number[]): void {
  const removed = sqlite
    .prepare(`SELECT tbl, MIN(row_id) AS lo, MAX(row_id) AS hi FROM journal WHERE op_id = ? AND action = 'delete' GROUP BY tbl`)
    .all(journal.opId) as { tbl: string; lo: number; hi: number }[];
  const hits = removed.flatMap((r) =>
    pointingAt(sqlite, r.tbl, r.lo, r.hi, "SELECT row_id FROM journal WHERE op_id = ? AND tbl = ? AND action = 'delete'", [journal.opId, r.tbl]),
  );
  if (hits.length === 0) return;
  const ops = new Map((sqlite.prepare('SELECT id, kind, command, entity, user, started_at, undoes, undone_by, tables FROM operations').all() as OperationRow[]).map((o) => [o.id, o]));
  const found = blockers(sqlite, hits, ops, 'left').filter((b) => !chain.includes(b.op));
  if (found.length > 0) throw refusal(id, found);
}

/** Rows (as their writers see them: a line as its document) that point at rows of `table` within [lo, hi] in `ids`. */
function pointingAt(sqlite: Sqlite, table: string, lo: number, hi: number, idsSql: string | undefined, args: unknown[]): { op_id: number; tbl: string; row_id: number }[] {
  const hits: { op_id: number; tbl: string; row_id: number }[] = [];
  for (const ref of referencing(sqlite, table)) {
    // a line is named by its document; a record by its id; the few tables without one (plan rows) by SQLite's rowid
    // — PostgreSQL has none, and there the deferred foreign keys refuse such a removal at commit instead
    const hasId = ref.owner !== undefined || columnsOf(sqlite, ref.table).includes('id');
    if (!hasId && isPostgres(sqlite)) continue;
    const who = ref.owner ? `t.${quoteIdent(ref.owner.fk)}` : hasId ? 't.id' : 't.rowid';
    const rows = sqlite
      .prepare(
        `SELECT DISTINCT ${who} FROM ${quoteIdent(ref.table)} t WHERE t.${quoteIdent(ref.column)} BETWEEN ? AND ?${idsSql ? ` AND t.${quoteIdent(ref.column)} IN (${idsSql})` : ''} LIMIT 20`,
      )
      .pluck()
      .all(lo, hi, ...args) as number[];
    const tbl = ref.owner?.table ?? ref.table;
    for (const rowId of rows) hits.push({ op_id: writerOf(sqlite, tbl, rowId), tbl, row_id: rowId });
  }
  return hits;
}

/** Later standing operations whose rows point at rows operation `id` inserted (they would be left dangling). */
function dependents(sqlite: Sqlite, id: number): Blocker[] {
  const standing = standingAfter(sqlite, id);
  if (standing.size === 0) return [];
  const hits: { op_id: number; tbl: string; row_id: number }[] = [];
  for (const r of sqlite.prepare('SELECT tbl, first_id, last_id FROM journal_ranges WHERE op_id = ?').all(id) as Range[]) {
    hits.push(...pointingAt(sqlite, r.tbl, r.first_id, r.last_id, undefined, []));
  }
  for (const e of sqlite.prepare("SELECT tbl, MIN(row_id) lo, MAX(row_id) hi FROM journal WHERE op_id = ? AND action = 'insert' GROUP BY tbl").all(id) as { tbl: string; lo: number; hi: number }[]) {
    hits.push(...pointingAt(sqlite, e.tbl, e.lo, e.hi, "SELECT row_id FROM journal WHERE op_id = ? AND tbl = ? AND action = 'insert'", [id, e.tbl]));
  }
  return blockers(sqlite, hits.filter((h) => standing.has(h.op_id)), standing, 'dependents');
}

/** The operation that wrote a row as it is: its latest journal entry, else the range it was inserted in (0: before the journal). */
function writerOf(sqlite: Sqlite, table: string, rowId: number): number {
  const last = sqlite.prepare('SELECT MAX(op_id) FROM journal WHERE tbl = ? AND row_id = ?').pluck().get(table, rowId) as number | null;
  if (last !== null) return last;
  return (sqlite.prepare('SELECT op_id FROM journal_ranges WHERE tbl = ? AND ? BETWEEN first_id AND last_id').pluck().get(table, rowId) as number | undefined) ?? 0;
}
