// `crm db copy FROM TO` (SPEC §8): a whole crm database from one backend to the other (or
// the same), read in one snapshot, written in one transaction under the write lock into a new
// SQLite file or an empty PostgreSQL database, then verified inside that transaction: the rows
// of every table counted and hashed on both sides; any difference rolls the copy back.
// Rows keep their ids, and the id counters (sqlite_sequence / the identity sequences) keep
// their places, so the next operation gets the number it would have got in FROM.
import { markCommitted } from '../util/interrupt.js';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { CrmError, UsageError } from '../errors.js';
import { SEQUENCE_POSITIONS, setSequenceSql } from './dialect/pg.js';
import { sq, type Db } from './handle.js';
import { beginWrite, isPostgres, type Sqlite } from './sqlite.js';
import { quoteIdent } from './tables.js';
import { t } from '../i18n/index.js';

export interface CopiedTable {
  table: string;
  rows: number;
  /** SHA-256 of the rows in id order (hex), the same on both sides. */
  checksum: string;
}

/** Made by `crm init` on each side: not copied (both hold the same). */
const INIT_MADE = new Set(['__drizzle_migrations']);
/** Rows read and written at a time: bounded memory for a million-line table. */
const PAGE = 5000;

function tablesOf(sqlite: Sqlite): string[] {
  return (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").pluck().all() as string[]).filter(
    (t) => !INIT_MADE.has(t),
  );
}

function columnsOf(sqlite: Sqlite, table: string): string[] {
  return (sqlite.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as { name: string }[]).map((c) => c.name).sort();
}

/** Every row of `table`, a page at a time, in one order on both backends (id, else every column). */
function* rowsOf(sqlite: Sqlite, table: string, columns: string[]): Generator<unknown[][]> {
  const list = columns.map(quoteIdent).join(', ');
  if (columns.includes('id')) {
    let last = -Infinity;
    for (;;) {
      const page = sqlite
        .prepare(`SELECT ${list} FROM ${quoteIdent(table)} WHERE id > ? ORDER BY id LIMIT ${PAGE}`)
        .raw()
        .all(last === -Infinity ? -9007199254740991 : last) as unknown[][];
      if (page.length === 0) return;
      yield page;
      last = page[page.length - 1]![columns.indexOf('id')] as number;
    }
  }
  yield sqlite.prepare(`SELECT ${list} FROM ${quoteIdent(table)} ORDER BY ${list}`).raw().all() as unknown[][];
}

function hashRows(hash: ReturnType<typeof createHash>, rows: unknown[][]): void {
  for (const row of rows) hash.update(`${JSON.stringify(row.map((v) => (typeof v === 'bigint' ? Number(v) : v)))}\n`);
}

/** Where each table's id counter stands: the next id is one more. */
function sequencePositions(sqlite: Sqlite): Map<string, number> {
  const rows = isPostgres(sqlite)
    ? (sqlite.prepare(SEQUENCE_POSITIONS).raw().all() as [string, number][])
    : (sqlite.prepare('SELECT name, seq FROM sqlite_sequence').raw().all() as [string, number][]);
  return new Map(rows.filter(([, seq]) => seq !== null && seq > 0));
}

function setSequence(sqlite: Sqlite, table: string, position: number): void {
  if (isPostgres(sqlite)) {
    sqlite.prepare(setSequenceSql()).get(table, position);
  } else {
    sqlite.prepare('DELETE FROM sqlite_sequence WHERE name = ?').run(table);
    sqlite.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(table, BigInt(position)); // an integer, as SQLite keeps it
  }
}

/** Nothing but what `crm init` makes: the only kind of crm database a copy may go into. */
export function assertEmpty(db: Db, where: string): void {
  const sqlite = sq(db);
  for (const table of tablesOf(sqlite)) {
    if (sqlite.prepare(`SELECT 1 FROM ${quoteIdent(table)} LIMIT 1`).get() !== undefined) {
      throw new UsageError(t('backups.copyHoldsData', where, table));
    }
  }
}

/** Whether every table of crm's data is empty (only what `crm init` makes). */
export function isEmptyDatabase(db: Db): boolean {
  const sqlite = sq(db);
  return tablesOf(sqlite).every((table) => sqlite.prepare(`SELECT 1 FROM ${quoteIdent(table)} LIMIT 1`).get() === undefined);
}

/**
 * Every row of the server database `to` replaced by the rows of `from` (`crm demo --force` on a
 * server): one write transaction, the ids and id counters as in `from` (numbers start again as
 * in a new file), verified by count and checksum; users and rights stay.
 */
export function replaceServerRows(to: Db, from: Db): void {
  const target = sq(to);
  inSnapshot(from, to, () => {
    beginWrite(target);
    try {
      emptyAllTables(to, { restartIds: true });
      copyRows(from, to);
      target.exec('COMMIT');
      markCommitted('the demo');
    } catch (error) {
      if (target.inTransaction) target.exec('ROLLBACK');
      throw error;
    }
  });
}

/** Copy every row of `from` into the empty `to`, verify counts and checksums, commit. */
export function copyDatabase(from: Db, to: Db, progress?: (table: string, rows: number) => void): CopiedTable[] {
  const target = sq(to);
  return inSnapshot(from, to, () => {
    beginWrite(target);
    try {
      const copied = copyRows(from, to, progress);
      target.exec('COMMIT');
      markCommitted('the copy'); // a Ctrl-C from now on finds the copy written, and says so
      return copied;
    } catch (error) {
      if (target.inTransaction) target.exec('ROLLBACK');
      throw error;
    }
  });
}

/** `fn` with FROM read in one snapshot, once both are known to have the same tables. */
export function inSnapshot<T>(from: Db, to: Db, fn: () => T): T {
  const source = sq(from);
  const target = sq(to);
  const ownSnapshot = !source.inTransaction;
  if (ownSnapshot) source.exec('BEGIN'); // one snapshot of FROM for the whole copy
  try {
    const tables = tablesOf(source);
    const theirs = new Set(tablesOf(target));
    const missing = tables.filter((t) => !theirs.has(t));
    if (missing.length > 0 || theirs.size !== tables.length) {
      throw new CrmError(t('backups.copyNoTables', to.path, from.path, missing));
    }
    return fn();
  } finally {
    if (ownSnapshot && source.inTransaction) source.exec('COMMIT');
  }
}

/**
 * Copy every row of `from` into `to`, emptied, inside `to`'s write transaction (the caller
 * began it and commits it): the ids, the id counters, then the proof — every table of `to`
 * read back and compared with `from` by count and checksum (a difference throws).
 */
export function copyRows(from: Db, to: Db, progress?: (table: string, rows: number) => void): CopiedTable[] {
  const source = sq(from);
  const target = sq(to);
  const tables = tablesOf(source);
  target.pragma('defer_foreign_keys = ON'); // tables in name order; references are checked at the end
  const copied: CopiedTable[] = [];
  for (const table of tables) {
    const columns = columnsOf(source, table);
    const same = columnsOf(target, table);
    if (same.join() !== columns.join()) throw new CrmError(t('backups.copyColumns', table, to.path, from.path));
    const perInsert = Math.max(1, Math.min(500, Math.floor(30000 / columns.length)));
    const insert = (n: number) =>
      target.prepare(`INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) VALUES ${Array.from({ length: n }, () => `(${columns.map(() => '?').join(', ')})`).join(', ')}`);
    const hash = createHash('sha256');
    let rows = 0;
    for (const page of rowsOf(source, table, columns)) {
      hashRows(hash, page);
      for (let i = 0; i < page.length; i += perInsert) {
        const chunk = page.slice(i, i + perInsert);
        insert(chunk.length).run(...chunk.flat());
      }
      rows += page.length;
      progress?.(table, rows);
    }
    copied.push({ table, rows, checksum: hash.digest('hex') });
  }
  for (const [table, position] of sequencePositions(source)) if (tables.includes(table)) setSequence(target, table, position);
  // the proof: read back what the target now holds, inside its transaction
  for (const c of copied) {
    const hash = createHash('sha256');
    let rows = 0;
    for (const page of rowsOf(target, c.table, columnsOf(target, c.table))) {
      hashRows(hash, page);
      rows += page.length;
    }
    const checksum = hash.digest('hex');
    if (rows !== c.rows || checksum !== c.checksum) {
      throw new CrmError(t('backups.copyMismatch', c.table, from.path, c.rows, c.checksum.slice(0, 12), rows, checksum.slice(0, 12)));
    }
  }
  return copied;
}

/** Empty every table of a server database (inside the caller's write transaction): one statement. */
export function emptyAllTables(db: Db, options: { restartIds?: boolean } = {}): void {
  const sqlite = sq(db);
  sqlite.exec(`TRUNCATE ${tablesOf(sqlite).map(quoteIdent).join(', ')}${options.restartIds ? ' RESTART IDENTITY' : ''}`);
}

/** A table's id counter at `position` (the next id is one more), unless it stands further already. */
export function raiseSequence(db: Db, table: string, position: number): void {
  const positions = sequencePositions(sq(db));
  if ((positions.get(table) ?? 0) < position) setSequence(sq(db), table, position);
}

/** A new SQLite file that the copy failed to fill: gone, as if never made. */
export function removeNewFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}
