// Opening the one SQLite file (SPEC §1 database; the rules in docs/database.md): look at
// the file before SQLite touches it, open it read-only, for writing or to create it (WAL,
// busy_timeout, foreign keys), check the schema version; only `crm init` creates or
// migrates (drizzle's committed migrations).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { CrmError, RefusedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { protectDatabase } from '../io/outputPath.js';
import { rebuildSalesSummaries } from './salesSummary.js';
import { rebuildStageMoves } from './stageMoves.js';
import { makeDb, type Db } from './handle.js';
import { checkDbLocation, isPostgresUrl, openPostgres, pgOpenError } from './pg/open.js';
import { migrateServerForward } from './pgMigrate.js';
import { BUSY_TIMEOUT_MS, type BetterSqlite as Sqlite } from './sqlite.js';

export { BUSY_TIMEOUT_MS, beginWrite, withWriteLock, type Sqlite } from './sqlite.js';

/** The schema version that brought the sales summaries: older files get them computed once. */
/** The schema version that brought the last of the derived sales tables (src/db/salesSummary.ts, productFacts.ts). */
const PRODUCT_FACTS_SINCE = 11;
/** The schema version that brought deal_stage_moves (src/db/stageMoves.ts): older files get it computed once. */
const STAGE_MOVES_SINCE = 12;



export type { Db } from './handle.js';

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
  if (knownVersion === undefined) {
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    knownVersion = journal.entries.length;
  }
  return knownVersion;
}
let knownVersion: number | undefined;

/** The rows drizzle's migrator keeps in __drizzle_migrations for the committed migrations (hash = SHA-256 of the file). */
export function migrationRecords(): { hash: string; createdAt: number }[] {
  const folder = migrationsFolder();
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
  return journal.entries.map((e) => ({ hash: createHash('sha256').update(fs.readFileSync(path.join(folder, `${e.tag}.sql`))).digest('hex'), createdAt: e.when }));
}

/**
 * Apply the missing committed migrations; drizzle runs them in one transaction of its own.
 * drizzle is loaded here only, at run time from node_modules rather than from the bundle:
 * every other start-up (a report in a cron job) saves the ~20 ms it takes to load.
 */
function migrateForward(sqlite: Sqlite, folder = migrationsFolder()): void {
  const load = createRequire(import.meta.url);
  const { drizzle } = load('drizzle-orm/better-sqlite3') as typeof import('drizzle-orm/better-sqlite3');
  const { migrate } = load('drizzle-orm/better-sqlite3/migrator') as typeof import('drizzle-orm/better-sqlite3/migrator');
  migrate(drizzle(sqlite), { migrationsFolder: folder });
}

/**
 * A new SQLite file at schema `version` exactly (the first `version` committed migrations), as
 * the crm of that version made it, unmarked: a server's older schema is migrated forward
 * through one (src/db/pgMigrate.ts). `scratch` is a folder of the caller's for the migrations.
 */
export function createAtVersion(file: string, version: number, scratch: string): Db {
  const folder = migrationsFolder();
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  fs.mkdirSync(path.join(scratch, 'meta'), { recursive: true });
  const entries = journal.entries.slice(0, version);
  for (const e of entries) fs.copyFileSync(path.join(folder, `${e.tag}.sql`), path.join(scratch, `${e.tag}.sql`));
  fs.writeFileSync(path.join(scratch, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  const sqlite = new Database(file);
  try {
    migrateForward(sqlite, scratch);
    sqlite.pragma(`user_version = ${version}`);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return makeDb(file, sqlite);
}

/**
 * How a command uses the database (docs/database.md):
 * - `read`: never writes, never migrates; works on a read-only file or folder.
 * - `write`: the file must be a crm database at this crm's schema version, writable.
 * - `create`: `crm init` and `crm demo`: create a missing file, migrate an older crm
 *   database forward, mark it with our application_id.
 */
/**
 * `preview`: a write that is rolled back (--dry-run, a check): on a file crm may write it
 * runs there under the write lock like the real thing; on a read-only file it runs on a
 * private copy in memory, so a dry run works wherever the file can be read.
 */
export type DbMode = 'read' | 'write' | 'create' | 'preview';

/** `PRAGMA application_id` of every database crm creates or migrates: "crm1". */
export const CRM_APPLICATION_ID = 0x63726d31;

/** The tables that tell an unmarked crm database (made before the application_id) from another application's. */
const CRM_TABLES = ['__drizzle_migrations', 'managers', 'product_groups', 'products', 'clients', 'shipments', 'operations'];

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** What the first 100 bytes of an SQLite file say (https://sqlite.org/fileformat.html §1.3). */
interface Header {
  /** Bytes 18–19 = 2: WAL mode, readers need the -shm (wal-index). */
  walMode: boolean;
  applicationId: number;
  userVersion: number;
}

const dirOf = (file: string) => path.dirname(path.resolve(file));
const errorCode = (error: unknown) => String((error as { code?: unknown } | undefined)?.code ?? '');

function canWrite(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function readOnly(file: string, reason: string): RefusedError {
  return new RefusedError(t('files.readOnly', file, reason));
}

function notCrm(file: string): UsageError {
  return new UsageError(t('files.foreignSqlite', file));
}

/**
 * Look at the file before SQLite does: a missing file is `undefined`; a folder, an empty
 * file, a file that is not SQLite or a truncated one is refused (exit 2) with nothing
 * opened, so nothing (not even a -wal or -shm) can be written beside it.
 */
function readHeader(file: string): Header | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
    if (errorCode(error) === 'EACCES') throw new RefusedError(t('files.dbPermission', file));
    throw error;
  }
  if (stat.isDirectory()) throw new UsageError(t('files.dbIsFolder', file));
  if (!stat.isFile()) throw new UsageError(t('files.dbNotRegular', file));
  if (stat.size === 0) {
    throw new UsageError(t('files.dbEmpty', file));
  }
  const bytes = Buffer.alloc(100);
  let read: number;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      read = fs.readSync(fd, bytes, 0, 100, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if (errorCode(error) === 'EACCES') throw new RefusedError(t('files.dbPermission', file));
    throw error;
  }
  if (read < 100 || !bytes.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw new UsageError(t('files.notSqlite', file));
  }
  const damaged = (what: string) => new UsageError(t('files.damagedHeader', file, what));
  const rawPageSize = bytes.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw damaged(`invalid page size ${rawPageSize} in its header`);
  if (![1, 2].includes(bytes[18]!) || ![1, 2].includes(bytes[19]!)) throw damaged('unknown file format version in its header');
  // While a -wal exists a checkpoint may be copying pages into the file (page 1 first):
  // only a file nobody has open is measured against the size its header promises.
  if (!fs.existsSync(`${file}-wal`)) {
    const pages = bytes.readUInt32BE(28);
    const countValid = pages > 0 && bytes.readUInt32BE(24) === bytes.readUInt32BE(92);
    if (stat.size % pageSize !== 0 || (countValid && stat.size < pages * pageSize)) {
      throw damaged(`truncated: ${stat.size} bytes${countValid ? ` where its header promises ${pages * pageSize}` : `, not a whole number of ${pageSize}-byte pages`}`);
    }
  }
  return { walMode: bytes[19] === 2, applicationId: bytes.readInt32BE(68), userVersion: bytes.readUInt32BE(60) };
}

/**
 * A connection that cannot write and leaves nothing beside the file:
 * - a rollback-journal file, or a WAL file that already has its -wal and -shm (another
 *   process has it open): SQLite's read-only connection, which sees the other's commits;
 * - a WAL file we may write to, with its folder: a normal connection with query_only on
 *   (it makes the -wal/-shm a WAL reader needs and removes them when it closes);
 * - otherwise (a read-only file or folder, nobody has it open): SQLite can neither create
 *   the -shm nor use the `immutable` URI parameter (better-sqlite3 is built without URI
 *   filenames), so crm reads a snapshot of the file into memory.
 */
function openForReading(file: string, header: Header): Sqlite {
  const wal = `${file}-wal`;
  if (!header.walMode || (fs.existsSync(wal) && fs.existsSync(`${file}-shm`))) {
    return new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  }
  if (canWrite(file) && canWrite(dirOf(file))) {
    const sqlite = new Database(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    sqlite.pragma('query_only = ON');
    return sqlite;
  }
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) {
    throw new RefusedError(t('server.walPending', file, path.basename(wal)));
  }
  return readSnapshot(file);
}

/** A dry run on a file crm may not write: a private, writable copy in memory (the file is untouched). */
function privateCopy(file: string): Db {
  const snapshot = readSnapshot(file);
  const bytes = snapshot.serialize();
  snapshot.close();
  const sqlite = new Database(bytes);
  sqlite.pragma('foreign_keys = ON');
  return makeDb(file, sqlite);
}

/** The whole file in memory, read while nobody checkpointed into it (same size, mtime and inode before and after). */
function readSnapshot(file: string): Sqlite {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = fs.statSync(file);
    const bytes = fs.readFileSync(file);
    const after = fs.statSync(file);
    if (before.size !== after.size || before.mtimeMs !== after.mtimeMs || before.ino !== after.ino) continue;
    // a private copy: the in-memory database is read in rollback mode
    bytes[18] = 1;
    bytes[19] = 1;
    return new Database(bytes, { readonly: true });
  }
  throw new RefusedError(t('files.keptChanging', file));
}

/** Why crm cannot write `file` in WAL mode, or undefined when it can. */
function notWritable(file: string): string | undefined {
  const dir = dirOf(file);
  if (!canWrite(file)) return 'the file is not writable';
  if (!canWrite(dir) && !(fs.existsSync(`${file}-wal`) && fs.existsSync(`${file}-shm`))) {
    return `its folder ${dir} is not writable (SQLite keeps ${path.basename(file)}-wal and -shm beside the file)`;
  }
  return undefined;
}

const writable = (file: string) => notWritable(file) === undefined;

/** A read-write connection, or exit 3 naming why the file cannot be written. */
function openForWriting(file: string): Sqlite {
  const why = notWritable(file);
  if (why) throw readOnly(file, why);
  const sqlite = new Database(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  if (sqlite.readonly) {
    sqlite.close();
    throw readOnly(file, 'SQLite could open it only for reading');
  }
  return sqlite;
}

/** The settings of SPEC §1 for a connection that writes; only ever on a crm database. */
function prepareForWriting(sqlite: Sqlite): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
}

/** PRAGMA user_version, after reading the schema: a damaged schema is found here, before anything is written. */
function schemaVersion(sqlite: Sqlite): number {
  sqlite.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get();
  return sqlite.pragma('user_version', { simple: true }) as number;
}

function hasCrmTables(sqlite: Sqlite): boolean {
  const found = sqlite
    .prepare(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN (${CRM_TABLES.map(() => '?').join(', ')})`)
    .pluck()
    .get(...CRM_TABLES) as number;
  return found === CRM_TABLES.length;
}

/** Migrate forward to `known` and mark the file as crm's; `from` = the file's schema version. */
function migrateAndMark(sqlite: Sqlite, from: number, known: number): void {
  if (from < known) {
    migrateForward(sqlite); // forward only
    // the summaries (schema 5) and the per-SKU facts and client × group summary (schema 11) start from the lines
    if (from < PRODUCT_FACTS_SINCE) sqlite.transaction(() => rebuildSalesSummaries(sqlite))();
    if (from < STAGE_MOVES_SINCE) sqlite.transaction(() => rebuildStageMoves(sqlite))();
  }
  sqlite.transaction(() => {
    sqlite.pragma(`application_id = ${CRM_APPLICATION_ID}`);
    sqlite.pragma(`user_version = ${known}`);
  })();
}

/** `crm init` on a missing file: its folders, the file, every migration, our mark. */
function createDb(file: string): Db {
  const dir = dirOf(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    const denied = ['EACCES', 'EPERM', 'EROFS'].includes(errorCode(error));
    // no permission is a refusal; a path through a file (ENOTDIR, EEXIST) is bad usage
    const why = denied ? 'permission denied' : ['EEXIST', 'ENOTDIR'].includes(errorCode(error)) ? `a part of ${dir} is a file, not a folder` : (error as Error).message;
    throw new (denied ? RefusedError : UsageError)(`cannot create ${file}: ${why}; nothing was written`);
  }
  if (!canWrite(dir)) throw new RefusedError(t('files.folderNotWritable', file, dir));
  const sqlite = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    prepareForWriting(sqlite);
    migrateAndMark(sqlite, 0, knownSchemaVersion());
  } catch (error) {
    sqlite.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true }); // ours: leave no half-made database
    throw error;
  }
  return makeDb(file, sqlite, { created: true, from: 0 });
}

/** A crm database carries our application_id; an older one has none but a schema version (and crm's tables: see hasCrmTables). */
const mayBeCrm = (header: Header) => header.applicationId === CRM_APPLICATION_ID || (header.applicationId === 0 && header.userVersion > 0);

/** Exit 2 unless `file` is a crm database of any schema version (`crm demo --force` replaces only such a file); writes nothing. */
export function checkCrmDatabase(file: string): void {
  try {
    const header = readHeader(file);
    if (!header) throw new UsageError(t('files.noDatabase', file));
    if (!mayBeCrm(header)) throw notCrm(file);
    if (header.applicationId === CRM_APPLICATION_ID) return;
    const sqlite = openForReading(file, header);
    try {
      if (!hasCrmTables(sqlite)) throw notCrm(file);
    } finally {
      sqlite.close();
    }
  } catch (error) {
    throw databaseError(file, error);
  }
}

export interface OpenOptions {
  /** `read` only: accept a database of an older schema too (backup and db info look at it as it is). */
  olderSchema?: boolean;
}

/**
 * The one way commands open the database. Nothing is written before the file is known to
 * be a crm database at the right version; `read` writes nothing at all.
 */
export function openDb(file: string, mode: DbMode, options: OpenOptions = {}): Db {
  checkDbLocation(file);
  if (isPostgresUrl(file)) return openPostgres(file, mode, { known: knownSchemaVersion(), migrations: migrationRecords, checkVersion, migrate: (db, from) => migrateServerForward(db, from, { createAtVersion, openDb, migrationRecords, knownSchemaVersion }) }, options.olderSchema === true && mode === 'read');
  protectDatabase(file); // no output of this process may replace it (io/outputPath.ts)
  try {
    const header = readHeader(file);
    if (!header) {
      if (mode !== 'create') throw new UsageError(t('files.noDatabase', file));
      return createDb(file);
    }
    if (!mayBeCrm(header)) throw notCrm(file);
    const marked = header.applicationId === CRM_APPLICATION_ID;
    if (mode === 'preview' && !writable(file)) {
      lookInside(file, header, 'read')?.close(); // a crm database at this crm's version
      return privateCopy(file);
    }
    // Look first through a connection that cannot write: always for reads and init, at the
    // tables of an unmarked file, and at the version of a file crm may not write.
    if (mode !== 'write' || !marked || !writable(file)) {
      const db = lookInside(file, header, mode, options.olderSchema === true && mode === 'read');
      if (db) return db;
    }
    return openToWrite(file, mode, marked);
  } catch (error) {
    throw databaseError(file, error);
  }
}

/** The checks through a read connection; the connection itself when it is all the command needs. */
function lookInside(file: string, header: Header, mode: DbMode, olderSchema = false): Db | undefined {
  const sqlite = openForReading(file, header);
  try {
    if (header.applicationId !== CRM_APPLICATION_ID && !hasCrmTables(sqlite)) throw notCrm(file);
    const version = checkVersion(file, schemaVersion(sqlite), olderSchema ? 'create' : mode);
    if (mode === 'read') return makeDb(file, sqlite);
    // init on an up-to-date database it may not write: nothing to do (the mark waits for write access)
    if (mode === 'create' && version === knownSchemaVersion() && !writable(file)) {
      return makeDb(file, sqlite, { created: false, from: version });
    }
  } catch (error) {
    sqlite.close();
    throw error;
  }
  sqlite.close();
  return undefined;
}

function openToWrite(file: string, mode: DbMode, marked: boolean): Db {
  const sqlite = openForWriting(file);
  try {
    if (!marked && !hasCrmTables(sqlite)) throw notCrm(file);
    const version = checkVersion(file, schemaVersion(sqlite), mode);
    prepareForWriting(sqlite);
    if (mode !== 'create') return makeDb(file, sqlite);
    if (version < knownSchemaVersion() || !marked) migrateAndMark(sqlite, version, knownSchemaVersion());
    return makeDb(file, sqlite, { created: false, from: version });
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/** Newer: exit 3 for every command. Older: exit 3 except for init, which migrates. */
function checkVersion(file: string, version: number, mode: DbMode): number {
  const known = knownSchemaVersion();
  if (version > known) throw new RefusedError(t('files.newerSchema', file, version, known));
  if (version < known && mode !== 'create') {
    throw new RefusedError(t('server.olderSchema', file, version, known, isPostgresUrl(file)));
  }
  return version;
}

/**
 * SQLite's failures on the database as the refusals of docs/database.md. Only SQLite's:
 * an ENOSPC or EACCES inside a command may be about its output file (io/write.ts says so).
 */
export function databaseError(file: string, error: unknown): unknown {
  if (error instanceof CrmError) return error;
  if (isPostgresUrl(file)) return pgOpenError(file, error);
  const code = errorCode(error);
  const message = (error as Error | undefined)?.message ?? String(error);
  if (code === 'SQLITE_FULL') return new RefusedError(t('files.diskFullDb', file));
  if (code.startsWith('SQLITE_READONLY')) return readOnly(file, message);
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new UsageError(t('files.damagedSqlite', file, message));
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) return new RefusedError(t('files.cannotOpen', file, message));
  return error;
}

/** Open the database in `mode`, run `fn`, and close it again whatever happens. */
export async function withDb<T>(file: string, mode: DbMode, fn: (db: Db) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const db = openDb(file, mode, options);
  try {
    return await fn(db);
  } catch (error) {
    throw databaseError(file, error);
  } finally {
    db.close();
  }
}
