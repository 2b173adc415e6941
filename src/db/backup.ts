// Backup and restore at the level of SQLite (SPEC §7). A backup is a page copy made with
// SQLite's online backup API from a connection that holds one read transaction for the
// whole copy: in WAL mode that transaction is a snapshot, so another process may commit
// meanwhile and the copy still equals one moment of the database — the same moment the
// row counts are taken in. (VACUUM INTO is a snapshot too, but it cannot run inside a
// transaction, so its counts could not be taken in the same one.) A restore replaces the
// rows of every table inside ONE write transaction on the live file: a crash at any moment
// leaves the old database or the new one, and other processes keep their connections.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CrmError, RefusedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { CRM_APPLICATION_ID, knownSchemaVersion, openDb } from './connection.js';
import { copyDatabase, copyRows, emptyAllTables, inSnapshot, raiseSequence } from './copy.js';
import { sq, type Db } from './handle.js';
import { startOperation, type OperationMeta } from './operation.js';
import { beginWrite, isPostgres, sqliteOnly, type Sqlite } from './sqlite.js';
import { quoteIdent } from './tables.js';
import { markCommitted } from '../util/interrupt.js';

/** What a database holds: counts per table and the newest operation, read in one transaction. */
export interface Contents {
  schemaVersion: number;
  applicationId: number;
  /** Row count of every table (SQLite's own excepted), by name. */
  tables: Record<string, number>;
  lastOperation: LastOperation | null;
}

export interface LastOperation {
  id: number;
  kind: string | null;
  command: string;
  argv: string | null;
  user: string;
  started_at: string;
  finished_at: string | null;
}

/** The tables crm keeps rows in: every table but SQLite's own (sqlite_sequence is copied on its own). */
function tablesOf(sqlite: Sqlite, schema = 'main'): string[] {
  return sqlite
    .prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`)
    .pluck()
    .all() as string[];
}

function columnsIn(sqlite: Sqlite, table: string, schema = 'main'): string[] {
  return (sqlite.prepare(`PRAGMA ${schema}.table_info(${quoteIdent(table)})`).all() as { name: string }[]).map((c) => c.name);
}

/** The newest operation; a database of an older schema lacks some of the columns. */
function lastOperationOf(sqlite: Sqlite): LastOperation | null {
  const has = new Set(columnsIn(sqlite, 'operations'));
  if (has.size === 0) return null;
  const column = (name: string) => (has.has(name) ? quoteIdent(name) : `NULL AS ${name}`);
  const row = sqlite
    .prepare(`SELECT id, ${column('kind')}, command, ${column('argv')}, user, started_at, ${column('finished_at')} FROM operations ORDER BY id DESC LIMIT 1`)
    .get() as LastOperation | undefined;
  return row ?? null;
}

function contentsOf(sqlite: Sqlite): Contents {
  const tables: Record<string, number> = {};
  for (const t of tablesOf(sqlite)) tables[t] = sqlite.prepare(`SELECT COUNT(*) FROM ${quoteIdent(t)}`).pluck().get() as number;
  return {
    schemaVersion: sqlite.pragma('user_version', { simple: true }) as number,
    applicationId: sqlite.pragma('application_id', { simple: true }) as number,
    tables,
    lastOperation: lastOperationOf(sqlite),
  };
}

/**
 * The restore's own operation, then the commit: no journal and no counts per table (every
 * row was replaced; the kept copy is the way back).
 */
function commitRestore(sqlite: Sqlite, meta: Omit<OperationMeta, 'kind'>, replaced: Contents) {
  const opId = startOperation(sqlite, { ...meta, kind: 'restore' });
  sqlite.prepare("UPDATE operations SET finished_at = ?, tables = '{}' WHERE id = ?").run(new Date().toISOString(), opId);
  const restored = contentsOf(sqlite);
  sqlite.exec('COMMIT');
  markCommitted(`the restore (operation ${opId})`);
  return { operation: opId, replaced, restored };
}

/** What the open database holds now (one read transaction). */
export function databaseContents(db: Db): Contents {
  const sqlite = sq(db);
  if (sqlite.inTransaction) return contentsOf(sqlite);
  sqlite.exec('BEGIN');
  try {
    return contentsOf(sqlite);
  } finally {
    sqlite.exec('COMMIT');
  }
}

/**
 * Copy the database to `target` (a new file) as one snapshot, and return the counts taken in
 * that same snapshot. The copy is turned into a single self-contained file (rollback journal,
 * no -wal), so it can be copied, hashed and opened read-only like any file.
 */
export async function copySnapshot(db: Db, target: string): Promise<Contents> {
  if (isPostgres(sq(db))) return copyServerSnapshot(db, target);
  const sqlite = sqliteOnly(sq(db), 'crm backup');
  if (sqlite.inTransaction) throw new Error('copySnapshot: the connection must not be in a transaction (the copy takes its own)');
  sqlite.exec('BEGIN');
  let contents: Contents;
  try {
    contents = contentsOf(sqlite); // starts the read transaction: the snapshot
    // one transaction for the whole copy: the backup API reuses it, so it never restarts
    await sqlite.backup(target, { progress: () => 0x7fffffff }).catch((error: unknown) => {
      // the target, not the database, is what could not be opened (a folder like /proc, a full disk)
      if (String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_CANTOPEN')) {
        throw new UsageError(t('backups.cannotWrite', path.dirname(target)));
      }
      throw error;
    });
  } finally {
    if (sqlite.inTransaction) sqlite.exec('COMMIT');
  }
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  return contents;
}

/**
 * A PostgreSQL database as an SQLite snapshot (SPEC §8): its read transaction is one
 * REPEATABLE READ snapshot; the counts and the copy (crm db copy's, verified by checksums)
 * both come from it.
 */
async function copyServerSnapshot(db: Db, target: string): Promise<Contents> {
  const contents = databaseContents(db);
  const file = openDb(target, 'create');
  try {
    copyDatabase(db, file);
  } finally {
    file.close();
  }
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  return contents;
}

/**
 * What a look at a database file found: its contents; `problems`, damage that makes it
 * unusable; `warnings`, rows that refer to missing rows — the database is whole, only its data
 * is inconsistent (a backup keeps such a database as it is: that is what it held).
 */
export interface Inspection {
  contents?: Contents;
  problems: string[];
  warnings: string[];
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** The file's header: SQLite's, and crm's mark (application_id) or an older crm's schema version. */
function readHeader(file: string, shown: string): { applicationId: number; userVersion: number; walMode: boolean } {
  const bytes = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, bytes, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < 100 || !bytes.subarray(0, 16).equals(SQLITE_MAGIC)) throw new UsageError(t('backups.notSqlite', shown));
  return { applicationId: bytes.readInt32BE(68), userVersion: bytes.readUInt32BE(60), walMode: bytes[18] === 2 || bytes[19] === 2 };
}

/**
 * Open a backup (or a fresh copy) read-only and check it as a whole: SQLite's integrity and
 * foreign-key checks, crm's mark, its schema version (newer than this crm: refused, exit 3),
 * and its counts. Never writes to the file.
 */
export function inspectDatabaseFile(file: string, shown = file): Inspection {
  const header = readHeader(file, shown);
  const known = knownSchemaVersion();
  if (header.applicationId !== CRM_APPLICATION_ID && !(header.applicationId === 0 && header.userVersion > 0)) {
    throw new UsageError(t('backups.foreignSqlite', shown));
  }
  if (header.userVersion > known) {
    throw new RefusedError(t('backups.newerSchema', shown, header.userVersion, known));
  }
  if (header.walMode) throw new UsageError(t('backups.walMode', shown));
  let sqlite: Sqlite;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { problems: [t('backups.cannotOpen', (error as Error).message)], warnings: [] };
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  try {
    const integrity = sqlite.pragma('integrity_check') as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok') {
      problems.push(...integrity.slice(0, 5).map((r) => t('backups.integrity', r.integrity_check)));
      return { problems, warnings };
    }
    const fk = sqlite.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[];
    warnings.push(...fk.slice(0, 5).map((r) => `${r.table} row ${r.rowid ?? '?'} refers to a missing ${r.parent} row`));
    if (fk.length > 5) warnings.push(`… and ${fk.length - 5} more`);
    const names = new Set(tablesOf(sqlite));
    const missing = ['operations', 'products', 'clients', 'shipments', '__drizzle_migrations'].filter((t) => !names.has(t));
    if (missing.length > 0) throw new UsageError(t('backups.missingTables', shown, missing));
    sqlite.exec('BEGIN');
    try {
      return { contents: contentsOf(sqlite), problems, warnings };
    } finally {
      sqlite.exec('COMMIT');
    }
  } catch (error) {
    if (error instanceof CrmError) throw error;
    const code = String((error as { code?: unknown }).code ?? '');
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return { problems: [...problems, t('backups.damaged', (error as Error).message)], warnings };
    throw error;
  } finally {
    sqlite.close();
  }
}

/** Differences between the counts a file holds and the counts it should hold (a manifest, a snapshot). */
export function countDifferences(expected: Record<string, number>, found: Record<string, number>): string[] {
  const out: string[] = [];
  for (const table of [...new Set([...Object.keys(expected), ...Object.keys(found)])].sort()) {
    if (expected[table] === found[table]) continue;
    const want = expected[table];
    const have = found[table];
    if (have === undefined) out.push(t('backups.tableMissing', table, want!));
    else if (want === undefined) out.push(t('backups.tableUnexpected', table, have));
    else out.push(t('backups.tableCount', table, have, want));
  }
  return out;
}

export interface RestoreResult {
  /** The operation recording the restore. */
  operation: number;
  /** What the database held before, and holds now. */
  replaced: Contents;
  restored: Contents;
}

/**
 * Replace every row of the database with the rows of `source` (a verified copy of a backup at
 * this crm's schema version): one write transaction, so a kill at any moment leaves either
 * the old contents or the new. `keepReplaced` runs once the write lock is held and before
 * anything changes (it copies the database as it is then: nobody else can commit meanwhile).
 * The restore is recorded as an operation of kind `restore` without a journal: restoring the
 * kept copy undoes it.
 */
export async function restoreFrom(
  db: Db,
  source: string,
  options: { keepReplaced: () => Promise<void>; meta: Omit<OperationMeta, 'kind'> },
): Promise<RestoreResult> {
  const sqlite = sq(db);
  // the rows of every table are replaced in any order: foreign keys are checked in the
  // verified backup, not row by row here (and no ON DELETE CASCADE fires meanwhile)
  sqlite.prepare('ATTACH DATABASE ? AS backup').run(source);
  try {
    sqlite.pragma('foreign_keys = OFF');
    const ours = tablesOf(sqlite);
    const theirs = tablesOf(sqlite, 'backup');
    if (ours.join() !== theirs.join()) {
      throw new CrmError(t('backups.tablesDiffer', [...ours.filter((x) => !theirs.includes(x)), ...theirs.filter((x) => !ours.includes(x))]));
    }
    beginWrite(sqlite);
    try {
      const replaced = contentsOf(sqlite);
      await options.keepReplaced();
      for (const table of ours) {
        const columns = columnsIn(sqlite, table, 'backup').map(quoteIdent).join(', ');
        sqlite.exec(`DELETE FROM main.${quoteIdent(table)}; INSERT INTO main.${quoteIdent(table)} (${columns}) SELECT ${columns} FROM backup.${quoteIdent(table)}`);
      }
      // AUTOINCREMENT counters: new rows continue from the backup's, as they would have there —
      // but operation numbers never come back: one printed before the restore ("crm undo 34
      // redoes it") must not name another operation after it
      const lastOp = sqlite.prepare("SELECT seq FROM main.sqlite_sequence WHERE name = 'operations'").pluck().get() as number | undefined;
      sqlite.exec('DELETE FROM main.sqlite_sequence; INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM backup.sqlite_sequence');
      if (lastOp !== undefined) {
        sqlite.prepare("UPDATE main.sqlite_sequence SET seq = ? WHERE name = 'operations' AND seq < ?").run(lastOp, lastOp);
        sqlite.prepare("INSERT INTO main.sqlite_sequence (name, seq) SELECT 'operations', ? WHERE NOT EXISTS (SELECT 1 FROM main.sqlite_sequence WHERE name = 'operations')").run(lastOp);
      }
      return commitRestore(sqlite, options.meta, replaced);
    } finally {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    }
  } finally {
    sqlite.exec('DETACH DATABASE backup');
    sqlite.pragma('foreign_keys = ON');
  }
}

/**
 * `crm restore` into a PostgreSQL server (SPEC §8): every row replaced by the rows of
 * `source` (a verified SQLite copy of a backup at this crm's schema version) in one write
 * transaction holding the write lock alone; `keepReplaced` runs once the lock is held and
 * before anything changes. The rows go in as `crm db copy` puts them (ids and id counters
 * kept), verified by count and checksum per table before the commit; operation numbers
 * never come back, as on SQLite.
 */
export async function restoreServer(
  db: Db,
  source: string,
  options: { keepReplaced: () => Promise<void>; meta: Omit<OperationMeta, 'kind'> },
): Promise<RestoreResult> {
  const sqlite = sq(db);
  const backup = openDb(source, 'read');
  try {
    beginWrite(sqlite);
    try {
      const replaced = contentsOf(sqlite);
      await options.keepReplaced();
      const lastOp = (sqlite.prepare('SELECT MAX(id) FROM operations').pluck().get() as number | null) ?? 0;
      emptyAllTables(db);
      inSnapshot(backup, db, () => copyRows(backup, db));
      if (lastOp > 0) raiseSequence(db, 'operations', lastOp);
      return commitRestore(sqlite, options.meta, replaced);
    } finally {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    }
  } finally {
    backup.close();
  }
}
