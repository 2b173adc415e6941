// The journal of one operation (SPEC §7): written as the operation writes, in its
// transaction. Rows it inserts with fresh ids are one range per table (tagged, not copied:
// an import of a million new lines journals a handful of ranges); rows it updates keep
// their before- and after-image, rows it deletes their before-image, each with the rows
// that belong to them (a document's lines). A row the operation itself inserted is its own:
// changing it again journals nothing.
import type { Sqlite, SqliteStatement as Statement } from './sqlite.js';
import { imageSql, JOURNALED, quoteIdent } from './tables.js';

export interface TableStats {
  inserted: number;
  updated: number;
  deleted: number;
}

export type JournalAction = 'insert' | 'update' | 'delete';

/** One row of a change set: what an operation did to it, field by field. */
export interface RowChange {
  table: string;
  id: number;
  action: JournalAction;
  /** The row before (updates, deletes); inserts: none. */
  before: Record<string, unknown> | null;
  /** The row after (updates as journaled; inserts as they are now, if still there). */
  after: Record<string, unknown> | null;
  /** How many rows belong to it before (a document's lines). */
  childrenBefore?: Record<string, number>;
}


export class Journal {
  /**
   * Per table: the runs of fresh ids this operation inserted, ascending. One writer at a time
   * (SQLite; PostgreSQL's exclusive lock) gets the table's next ids: one run. Beside other
   * writers (PostgreSQL imports of documents) ids taken by others fall between: a new run
   * begins after each gap, so no range names another operation's rows.
   */
  private readonly fresh = new Map<string, { first: number; last: number }[]>();
  /** Rows put back with their old ids (not fresh, still this operation's own). */
  private readonly restoredIds = new Map<string, Set<number>>();
  /** Rows whose before-image is journaled already (a second change keeps the first before). */
  private readonly imaged = new Map<string, Set<number>>();
  readonly stats = new Map<string, TableStats>();
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly sqlite: Sqlite,
    readonly opId: number,
  ) {}

  private stat(table: string): TableStats {
    let s = this.stats.get(table);
    if (!s) this.stats.set(table, (s = { inserted: 0, updated: 0, deleted: 0 }));
    return s;
  }

  private statement(key: string, sql: () => string): Statement {
    let s = this.statements.get(key);
    if (!s) this.statements.set(key, (s = this.sqlite.prepare(sql())));
    return s;
  }

  /** Whether this operation inserted the row itself (fresh or put back). */
  owns(table: string, id: number): boolean {
    return this.ownsFresh(table, id) || (this.restoredIds.get(table)?.has(id) ?? false);
  }

  private ownsFresh(table: string, id: number): boolean {
    const runs = this.fresh.get(table);
    if (!runs) return false;
    if (runs.length === 1) return id >= runs[0]!.first;
    let lo = 0;
    let hi = runs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = runs[mid]!;
      if (id < r.first) hi = mid - 1;
      else if (id > r.last) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** A row inserted with a new id: the table's next, so one range per table holds them all (beside other writers: one per run). */
  inserted(table: string, id: number): void {
    const runs = this.fresh.get(table);
    const f = runs?.[runs.length - 1];
    if (!runs || !f) this.fresh.set(table, [{ first: id, last: id }]);
    else if (id === f.last + 1 || (id > f.last && !this.sqlite.concurrentWriters)) f.last = id;
    else if (id > f.last) runs.push({ first: id, last: id });
    else if (id < runs[0]!.first) throw new Error(`journal: ${table} row ${id} is older than this operation's first new row ${runs[0]!.first}`);
    this.stat(table).inserted++;
  }

  /** A row put back with the id it had (an undo of a delete): named one by one. */
  restored(table: string, id: number): void {
    let set = this.restoredIds.get(table);
    if (!set) this.restoredIds.set(table, (set = new Set()));
    set.add(id);
    this.statement('restored', () => "INSERT INTO journal (op_id, tbl, row_id, action) VALUES (?, ?, ?, 'insert')").run(this.opId, table, id);
    this.stat(table).inserted++;
  }

  /** Before a row of a journaled table changes (`update`) or goes (`delete`): its image, with the rows that belong to it. */
  before(table: string, id: number, action: 'update' | 'delete'): void {
    if (!(table in JOURNALED)) throw new Error(`journal: ${table} is not journaled`);
    if (this.owns(table, id)) {
      if (action === 'delete') this.forgetOwn(table, id);
      return;
    }
    let done = this.imaged.get(table);
    if (!done) this.imaged.set(table, (done = new Set()));
    if (done.has(id)) {
      // updated before, deleted now: the entry becomes a delete with the first before-image
      if (action === 'delete') {
        this.statement('toDelete', () => "UPDATE journal SET action = 'delete', after = NULL WHERE op_id = ? AND tbl = ? AND row_id = ?").run(this.opId, table, id);
        const s = this.stat(table);
        s.updated--;
        s.deleted++;
      }
      return;
    }
    done.add(id);
    this.statement(`before:${table}`, () =>
      `INSERT INTO journal (op_id, tbl, row_id, action, before) SELECT ?, '${table}', t.id, ?, ${imageSql(this.sqlite, table, 't', true)} FROM ${quoteIdent(table)} t WHERE t.id = ?`,
    ).run(this.opId, action, id);
    const s = this.stat(table);
    if (action === 'update') s.updated++;
    else s.deleted++;
  }

  /** After an update: the row's image as it is now (the history shows field by field what changed). */
  after(table: string, id: number): void {
    if (this.owns(table, id)) return;
    this.statement(`after:${table}`, () =>
      `UPDATE journal SET after = (SELECT ${imageSql(this.sqlite, table, 't', false)} FROM ${quoteIdent(table)} t WHERE t.id = journal.row_id)
       WHERE op_id = ? AND tbl = '${table}' AND row_id = ? AND action = 'update'`,
    ).run(this.opId, id);
  }

  /** Every row of a range goes (an undo of an import): journaled in one statement, with their lines. */
  deleteRange(table: string, first: number, last: number): number {
    const rows = this.statement(`range:${table}`, () =>
      `INSERT INTO journal (op_id, tbl, row_id, action, before) SELECT ?, '${table}', t.id, 'delete', ${imageSql(this.sqlite, table, 't', true)}
       FROM ${quoteIdent(table)} t WHERE t.id BETWEEN ? AND ?`,
    ).run(this.opId, first, last).changes;
    this.stat(table).deleted += rows;
    return rows;
  }

  /** A row this operation inserted and now deletes again: no trace of it stays. */
  private forgetOwn(table: string, id: number): void {
    const s = this.stat(table);
    s.inserted--;
    if (this.restoredIds.get(table)?.delete(id)) {
      this.statement('unrestore', () => "DELETE FROM journal WHERE op_id = ? AND tbl = ? AND row_id = ? AND action = 'insert'").run(this.opId, table, id);
    }
  }

  /** Whether the operation changed anything. */
  changed(): boolean {
    return [...this.stats.values()].some((s) => s.inserted + s.updated + s.deleted > 0);
  }

  /** The ranges of fresh rows go into the journal; the per-table counts are the operation's. */
  finish(): Record<string, TableStats> {
    const range = this.sqlite.prepare('INSERT INTO journal_ranges (op_id, tbl, first_id, last_id) VALUES (?, ?, ?, ?)');
    for (const [table, runs] of this.fresh) for (const f of runs) range.run(this.opId, table, f.first, f.last);
    return Object.fromEntries([...this.stats].filter(([, s]) => s.inserted + s.updated + s.deleted !== 0).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}
