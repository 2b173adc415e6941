// The SQLite handle's type, and the write lock of SPEC §1 (a second writer waits busy_timeout,
// then is refused): what every module of src/db that writes needs, apart from opening files.
import type Database from 'better-sqlite3';
import { RefusedError } from '../errors.js';
import { markCommitted } from '../util/interrupt.js';
import { t } from '../i18n/index.js';

export const BUSY_TIMEOUT_MS = Number(process.env.CRM_BUSY_TIMEOUT_MS ?? 5000);

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A prepared statement: the part of better-sqlite3's Statement src/db uses (PostgreSQL's facade has it too). */
export interface SqliteStatement {
  pluck(toggle?: boolean): this;
  raw(toggle?: boolean): this;
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): RunResult;
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

/**
 * The database connection of src/db: better-sqlite3's Database, or the PostgreSQL facade
 * (src/db/pg/facade.ts) with the same synchronous API.
 */
export interface Sqlite {
  readonly name: string;
  readonly inTransaction: boolean;
  readonly readonly: boolean;
  /** PostgreSQL: this transaction writes beside other writers (each locking its own documents), so ids it takes need not be consecutive. */
  readonly concurrentWriters?: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): this;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction(fn: () => void): () => void;
  close(): this;
}

/** better-sqlite3 itself: what only SQLite has (serialize, backup, attach). */
export type BetterSqlite = Database.Database;

/** The SQLite connection behind `sqlite`, or a refusal naming what PostgreSQL cannot do yet. */
export function sqliteOnly(sqlite: Sqlite, what: string): BetterSqlite {
  if (isPostgres(sqlite)) throw new RefusedError(t('server.sqliteOnly', what));
  return sqlite as unknown as BetterSqlite;
}

/** Whether the connection is PostgreSQL's facade. */
export function isPostgres(sqlite: Sqlite): boolean {
  return (sqlite as { connection?: unknown }).connection !== undefined;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  // 55P03: PostgreSQL's lock_timeout ran out waiting for the other writer
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED' || code === '55P03';
}

/** BEGIN IMMEDIATE, or exit 3 when another writer holds the lock past busy_timeout. */
export function beginWrite(sqlite: Sqlite, options: { documentLocks?: boolean } = {}): void {
  try {
    // PostgreSQL: an import of documents shares the write lock with other such imports and
    // locks the documents it writes (src/db/pgBulk.ts); SQLite has one writer at a time
    sqlite.exec(options.documentLocks && isPostgres(sqlite) ? 'BEGIN IMMEDIATE DOCUMENTS' : 'BEGIN IMMEDIATE');
  } catch (error) {
    if (isBusy(error)) {
      throw new RefusedError(t('server.lockedWaited', sqlite.name, BUSY_TIMEOUT_MS));
    }
    throw error;
  }
}

/**
 * Run `fn` inside BEGIN IMMEDIATE: the writer lock of SPEC §1 cron rule. A second writer
 * waits up to busy_timeout, then gets exit 3. Rolls back on any error.
 */
export function withWriteLock<T>(sqlite: Sqlite, fn: () => T): T {
  beginWrite(sqlite);
  try {
    const result = fn();
    sqlite.exec('COMMIT');
    markCommitted('the change');
    return result;
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

