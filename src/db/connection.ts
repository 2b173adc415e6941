// Opening the one SQLite file (SPEC §1 database): WAL, busy_timeout, foreign keys,
// schema version check, forward migration with drizzle's committed migrations.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { RefusedError, UsageError } from '../errors.js';
import { protectDatabase } from '../io/outputPath.js';
import { rebuildSalesSummaries } from './salesSummary.js';

/** The schema version that brought the sales summaries: older files get them computed once. */
const SALES_SUMMARIES_SINCE = 5;

export const BUSY_TIMEOUT_MS = Number(process.env.CRM_BUSY_TIMEOUT_MS ?? 5000);

export type Sqlite = Database.Database;

export interface Db {
  path: string;
  sqlite: Sqlite;
  close(): void;
}

/** The committed drizzle migrations ship next to dist/ (bundle) and src/ (tests). */
function migrationsFolder(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'drizzle');
    if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('drizzle migrations folder not found next to the crm installation');
}

/** Schema version = number of committed migrations (the entries of drizzle's journal); kept in PRAGMA user_version. */
export function knownSchemaVersion(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

/**
 * Apply the missing committed migrations; drizzle runs them in one transaction of its own.
 * drizzle is loaded here only, at run time from node_modules rather than from the bundle:
 * every other start-up (a report in a cron job) saves the ~20 ms it takes to load.
 */
function migrateForward(sqlite: Sqlite): void {
  const load = createRequire(import.meta.url);
  const { drizzle } = load('drizzle-orm/better-sqlite3') as typeof import('drizzle-orm/better-sqlite3');
  const { migrate } = load('drizzle-orm/better-sqlite3/migrator') as typeof import('drizzle-orm/better-sqlite3/migrator');
  migrate(drizzle(sqlite), { migrationsFolder: migrationsFolder() });
}

export interface OpenOptions {
  /** Create the file when it does not exist (writing commands); otherwise exit 2. */
  create?: boolean;
  readonly?: boolean;
}

export function openDb(file: string, options: OpenOptions = {}): Db {
  protectDatabase(file); // no output of this process may replace it (io/outputPath.ts)
  const exists = fs.existsSync(file);
  if (!exists && !options.create) {
    throw new UsageError(`no database at ${file}: run "crm init" (or "crm demo") first, or pass --db PATH`);
  }
  if (!exists) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    const fileVersion = sqlite.pragma('user_version', { simple: true }) as number;
    const known = knownSchemaVersion();
    if (fileVersion > known) {
      throw new RefusedError(
        `${file} has schema version ${fileVersion}, newer than this crm understands (${known}): upgrade crm to open it`,
      );
    }
    if (fileVersion < known) {
      migrateForward(sqlite); // forward only
      if (fileVersion < SALES_SUMMARIES_SINCE) sqlite.transaction(() => rebuildSalesSummaries(sqlite))();
      sqlite.pragma(`user_version = ${known}`);
    }
    return { path: file, sqlite, close: () => sqlite.close() };
  } catch (error) {
    sqlite.close();
    // a file that is not SQLite (a CSV passed as --db, a truncated copy) is bad input, not a crash
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new UsageError(`${file} is not a crm database (not an SQLite file): pass the right --db PATH`);
    throw error;
  }
}

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
    return result;
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

/** Open the database, run `fn`, and close it again whatever happens. */
export async function withDb<T>(file: string, fn: (db: Db) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const db = openDb(file, options);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
