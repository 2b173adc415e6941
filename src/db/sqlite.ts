// The SQLite handle's type, and the write lock of SPEC §1 (a second writer waits busy_timeout,
// then is refused): what every module of src/db that writes needs, apart from opening files.
import type Database from 'better-sqlite3';
import { RefusedError } from '../errors.js';
import { markCommitted } from '../util/interrupt.js';

export const BUSY_TIMEOUT_MS = Number(process.env.CRM_BUSY_TIMEOUT_MS ?? 5000);

export type Sqlite = Database.Database;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

/** BEGIN IMMEDIATE, or exit 3 when another writer holds the lock past busy_timeout. */
export function beginWrite(sqlite: Sqlite): void {
  try {
    sqlite.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if (isBusy(error)) {
      throw new RefusedError(
        `the database ${sqlite.name} is locked by another writer; waited ${BUSY_TIMEOUT_MS / 1000} s, nothing was written`,
      );
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

