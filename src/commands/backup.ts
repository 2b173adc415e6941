// `crm backup [FILE] [--keep N]` and `crm restore FILE [--preview]` (SPEC §7; the decisions
// are in docs/safety.md). A backup is a verified snapshot with a manifest beside it; a
// restore checks the backup against its manifest, keeps the database it replaces as a
// backup of its own, and replaces the contents in one transaction.
import { t } from '../i18n/index.js';
import fs from 'node:fs';
import path from 'node:path';
import { say, type Ctx } from '../context.js';
import { copySnapshot, countDifferences, databaseContents, inspectDatabaseFile, restoreFrom, restoreServer, type Contents, type LastOperation } from '../db/backup.js';
import { knownSchemaVersion, openDb, withDb, type Db } from '../db/connection.js';
import { CrmError, RefusedError, UsageError } from '../errors.js';
import { bytesDisplay, localTime } from '../io/locale.js';
import { checkOutputPath, realPath } from '../io/outputPath.js';
import { outputTable } from '../io/render/index.js';
import { removedOnInterrupt, TargetExistsError, writeAtomically } from '../io/write.js';
import { copyWithSha256, fileSha256, syncFile } from '../util/fileHash.js';
import { VERSION } from '../version.js';

/** What `FILE.manifest.json` says about the backup FILE beside it. */
export interface Manifest {
  /** Always "crm": `--keep` deletes only backups whose manifest says so. */
  application: 'crm';
  crm_version: string;
  /** The backup's file name (the manifest sits beside it). */
  file: string;
  bytes: number;
  sha256: string;
  schema_version: number;
  created_at: string;
  /** The database it was copied from (absolute path). */
  database: string;
  /** Rows that referred to missing rows in the database when it was copied (kept as they were). */
  warnings?: string[];
  tables: Record<string, number>;
  last_operation: LastOperation | null;
}

/** The names `crm backup` gives: `crm-YYYYMMDD-HHMMSS.db` (local time). */
const BACKUP_NAME = /^crm-\d{8}-\d{6}\.db$/;

export const manifestOf = (file: string) => `${file}.manifest.json`;

/** `20261127-023000`: local time, as `date +%Y%m%d-%H%M%S` would print it. */
function stamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

function keepCount(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) throw new UsageError(t('expected.option', '--keep', text, 'backupsToKeep'));
  return Number(text);
}

const exists = (file: string) => {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
};

const isServer = (target: string) => /^postgres(ql)?:\/\//i.test(target);

/** A server's URL as its backups' manifests name it: the password hidden. */
function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** The database's name in a server URL (`postgres://host/crm` → crm): the replaced contents are kept as NAME.db.before-restore-… */
function serverName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')).replace(/[^\w.-]+/g, '_') || 'postgres';
  } catch {
    return 'postgres';
  }
}

/** An explicit FILE: a new file in a folder that exists and may be written; never the database, never replacing anything. */
function checkNewBackupFile(file: string, database: string): void {
  checkOutputPath(file, { database });
  for (const f of [file, manifestOf(file)]) {
    if (exists(f)) throw new UsageError(t('backups.fileExists', f));
  }
}

/** The folder `backups/` beside the database (for a PostgreSQL server, ./backups), made when missing. */
function backupsFolder(ctx: Ctx): string {
  const dir = isServer(ctx.dbPath) ? 'backups' : path.join(path.dirname(ctx.dbPath), 'backups');
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(t('backups.cannotCreateFolder', dir, (error as NodeJS.ErrnoException).code, (error as Error).message));
  }
  return dir;
}

const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));

/**
 * Write a backup under a name made from the time, never over another one: when that name is
 * taken (a second backup within the same second, here or by another process), wait for the
 * next second and take that name.
 */
async function writeTimestamped(db: Db, name: () => string, ctx: Ctx): Promise<{ file: string; manifest: Manifest }> {
  for (let attempt = 0; ; attempt++) {
    const file = name();
    try {
      if (!exists(file) && !exists(manifestOf(file))) {
        checkOutputPath(file, { database: ctx.dbPath });
        return { file, manifest: await writeBackup(db, file, ctx) };
      }
    } catch (error) {
      if (!(error instanceof TargetExistsError)) throw error;
    }
    if (attempt === 4) throw new RefusedError(t('backups.existsAlready', file));
    await nextSecond();
  }
}

/**
 * Copy the open database to `file` as a verified backup and write its manifest: a snapshot,
 * made single-file, checked (integrity, foreign keys, schema version, counts equal to the
 * snapshot's), hashed, flushed to disk, then renamed into place.
 */
async function writeBackup(db: Db, file: string, ctx: Ctx): Promise<Manifest> {
  let manifest: Manifest | undefined;
  const noReplace = { replace: false };
  await writeAtomically(
    file,
    async (temp) => {
    const snapshot = await copySnapshot(db, temp);
    const inspection = inspectDatabaseFile(temp);
    const problems = [...inspection.problems];
    if (inspection.contents) {
      problems.push(...countDifferences(snapshot.tables, inspection.contents.tables));
      if (inspection.contents.schemaVersion !== snapshot.schemaVersion) problems.push(t('backups.copySchema', inspection.contents.schemaVersion, snapshot.schemaVersion));
    }
    if (problems.length > 0) {
      throw new CrmError(t('backups.copyFailed', db.path, problems));
    }
    syncFile(temp);
    manifest = {
      application: 'crm',
      crm_version: VERSION,
      file: path.basename(file),
      bytes: fs.statSync(temp).size,
      sha256: await fileSha256(temp),
      schema_version: snapshot.schemaVersion,
      created_at: ctx.now().toISOString(),
      database: isServer(db.path) ? db.path : path.resolve(db.path),
      tables: snapshot.tables,
      last_operation: snapshot.lastOperation,
      ...(inspection.warnings.length > 0 ? { warnings: inspection.warnings } : {}),
    };
    },
    noReplace,
  );
  try {
    await writeAtomically(manifestOf(file), async (temp) => fs.writeFileSync(temp, `${JSON.stringify(manifest, null, 2)}\n`), noReplace);
  } catch (error) {
    fs.rmSync(file, { force: true }); // a backup without its manifest cannot be restored: keep neither
    throw error;
  }
  return manifest!;
}

/**
 * `--keep N`: delete the backups of `dir` beyond the newest N — only files named like ours whose
 * manifest says crm made them of this very database (another database's backups in the same
 * folder are not counted and not touched).
 */
function pruneBackups(dir: string, keep: number, database: string): string[] {
  const ours = fs
    .readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name) && fs.lstatSync(path.join(dir, name)).isFile() && readOwnManifest(path.join(dir, name))?.database === database)
    .sort()
    .reverse();
  const removed: string[] = [];
  for (const name of ours.slice(keep)) {
    const file = path.join(dir, name);
    fs.rmSync(file);
    fs.rmSync(manifestOf(file), { force: true });
    removed.push(file);
  }
  return removed;
}

/** The manifest of `file` when it is one crm wrote for that very file; undefined otherwise. */
function readOwnManifest(file: string): Manifest | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(manifestOf(file), 'utf8')) as Partial<Manifest>;
    return m.application === 'crm' && m.file === path.basename(file) ? (m as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

export async function runBackup(fileArg: string | undefined, opts: { keep?: string; json?: boolean }, ctx: Ctx): Promise<void> {
  const keep = opts.keep !== undefined ? keepCount(opts.keep) : undefined;
  if (fileArg !== undefined) checkNewBackupFile(fileArg, ctx.dbPath);
  const { file, manifest } = await withDb(
    ctx.dbPath,
    'read',
    async (db) => {
      if (fileArg !== undefined) return { file: fileArg, manifest: await writeBackup(db, fileArg, ctx) };
      const dir = backupsFolder(ctx);
      return writeTimestamped(db, () => path.join(dir, `crm-${stamp(ctx.now())}.db`), ctx);
    },
    { olderSchema: true }, // a backup is what to make before crm init migrates an older file
  );
  const removed = keep !== undefined ? pruneBackups(path.dirname(file), keep, manifest.database) : [];
  warnReferences(manifest.warnings, ctx);
  // said first: a reader that closes stdout early (| head -1) ends the process at the next write
  if (removed.length > 0 && !opts.json) say(ctx, t('backup.removed', String(keep), removed.length, removed.map((f) => path.basename(f)).join(', ')));
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ backup: file, manifest: manifestOf(file), ...manifest, removed }, null, 2)}\n`);
    return;
  }
  ctx.stdout.write(`${t('backup.wrote', ctx.dbPath, file, bytesDisplay(manifest.bytes), manifest.schema_version, manifest.sha256.slice(0, 16))}\n`);
  ctx.stdout.write(`${t('backup.lastOperation', describeOperation(manifest.last_operation))}\n`);
  await countsTable([{ label: t('backups.columnRows'), tables: manifest.tables }], ctx);
}

/** Rows referring to missing rows: the copy holds them as the database did; db check lists them all. */
function warnReferences(warnings: string[] | undefined, ctx: Ctx): void {
  if (!warnings || warnings.length === 0) return;
  say(ctx, t('backups.missingReferences', warnings));
}

function describeOperation(op: LastOperation | null): string {
  if (!op) return t('backups.noOperation');
  return t('backups.operation', op.id, op.command, op.user, localTime(op.finished_at ?? op.started_at), op.argv);
}

/** Row counts side by side (one column per database); tables empty everywhere are left out and counted. */
async function countsTable(columns: { label: string; tables: Record<string, number> }[], ctx: Ctx): Promise<void> {
  const names = [...new Set(columns.flatMap((c) => Object.keys(c.tables)))].sort();
  const shown = names.filter((t) => columns.some((c) => (c.tables[t] ?? 0) > 0));
  await outputTable(
    {
      name: 'tables',
      columns: [{ key: 'table', header: t('backups.columnTable'), kind: 'text' }, ...columns.map((c, i) => ({ key: `c${i}`, header: c.label, kind: 'int' as const }))],
      rows: shown.map((t) => ({ table: t, ...Object.fromEntries(columns.map((c, i) => [`c${i}`, c.tables[t] ?? null])) })),
    },
    {},
    ctx,
  );
  if (names.length > shown.length) ctx.stdout.write(`${t('db.infoEmptyTables', names.length - shown.length)}\n`);
}

/** The manifest beside a backup: refused (exit 2) when it is missing or not crm's. */
function readManifest(file: string): Manifest {
  const m = manifestOf(file);
  if (!exists(m)) {
    throw new UsageError(t('backups.noManifest', file, path.basename(m)));
  }
  let parsed: Partial<Manifest>;
  try {
    parsed = JSON.parse(fs.readFileSync(m, 'utf8')) as Partial<Manifest>;
  } catch (error) {
    throw new UsageError(t('backups.manifestNotJson', m, (error as Error).message));
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(t('backups.manifestNotObject', m));
  if (parsed.application !== 'crm' || typeof parsed.sha256 !== 'string' || typeof parsed.schema_version !== 'number' || typeof parsed.tables !== 'object' || parsed.tables === null) {
    throw new UsageError(t('backups.manifestIncomplete', m));
  }
  return parsed as Manifest;
}

/** The backup FILE of a restore: an existing file, not the database itself. */
function checkBackupFile(file: string, database: string): void {
  if (file.trim() === '') throw new UsageError(t('backups.emptyName'));
  if (!exists(file)) throw new UsageError(t('restore.noBackup', file));
  if (!fs.statSync(file).isFile()) throw new UsageError(t('backups.notAFile', file));
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    if (realPath(file) === realPath(`${database}${suffix}`)) throw new UsageError(t('backups.isTheDatabase', file, database, suffix));
  }
}

/** Check a backup (or the copy of it about to be restored) against its manifest: the bytes, then the database inside. */
function verifyAgainstManifest(file: string, shown: string, manifest: Manifest, sha256: string): Contents {
  if (sha256 !== manifest.sha256) throw new RefusedError(t('backups.damagedSha', shown, sha256.slice(0, 16), manifest.sha256.slice(0, 16)));
  const inspection = inspectDatabaseFile(file, shown);
  if (inspection.problems.length > 0 || !inspection.contents) throw new RefusedError(t('backups.damagedChecks', shown, inspection.problems));
  const unexpected = inspection.warnings.filter((w) => !(manifest.warnings ?? []).includes(w));
  if (unexpected.length > 0) throw new RefusedError(t('backups.damagedReferences', shown, unexpected));
  const differences = countDifferences(manifest.tables, inspection.contents.tables);
  if (inspection.contents.schemaVersion !== manifest.schema_version) differences.unshift(t('backups.manifestSchema', inspection.contents.schemaVersion, manifest.schema_version));
  if (differences.length > 0) throw new RefusedError(t('backups.damagedContents', shown, differences.slice(0, 5)));
  return inspection.contents;
}

function refuseNewer(file: string, version: number): void {
  const known = knownSchemaVersion();
  if (version > known) throw new RefusedError(t('backups.manifestNewer', file, version, known));
}

export async function runRestore(file: string, opts: { preview?: boolean; json?: boolean }, ctx: Ctx): Promise<void> {
  checkBackupFile(file, ctx.dbPath);
  const manifest = readManifest(file);
  refuseNewer(file, manifest.schema_version);
  if (!isServer(ctx.dbPath) && !exists(ctx.dbPath)) {
    throw new UsageError(t('backups.noDatabase', ctx.dbPath, file));
  }
  if (opts.preview) return previewRestore(file, manifest, Boolean(opts.json), ctx);

  // the backup is copied beside the database (checked and hashed as it is copied), migrated
  // there when it is older, and read from there: the backup file itself stays untouched
  // a server's: beside the backup (the replaced contents are kept there too, as an SQLite snapshot)
  const dir = path.dirname(path.resolve(isServer(ctx.dbPath) ? file : ctx.dbPath));
  const temp = path.join(dir, `.${path.basename(isServer(ctx.dbPath) ? file : ctx.dbPath)}.restore-${process.pid}.tmp`);
  const temps = ['', '-wal', '-shm', '-journal'].map((suffix) => `${temp}${suffix}`);
  const removeTemp = () => {
    for (const t of temps) fs.rmSync(t, { force: true });
  };
  removeTemp();
  const release = removedOnInterrupt(...temps); // Ctrl-C, SIGTERM or a closed pipe: no copy is left behind
  try {
    let sha256: string;
    try {
      sha256 = await copyWithSha256(file, temp);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') throw new RefusedError(t('backups.diskFull', file));
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new RefusedError(t('backups.cannotWriteBeside', dir, code));
      throw error;
    }
    const backup = verifyAgainstManifest(temp, file, manifest, sha256);
    checkSameDatabase(file, manifest, false, ctx);
    const migratedFrom = backup.schemaVersion < knownSchemaVersion() ? backup.schemaVersion : undefined;
    if (migratedFrom !== undefined) openDb(temp, 'create').close(); // the same committed migrations as crm init

    const keptAs = await beforeRestoreFile(ctx, isServer(ctx.dbPath) ? path.join(dir, `${serverName(ctx.dbPath)}.db`) : ctx.dbPath);
    const result = await withDb(ctx.dbPath, 'write', async (db) =>
      (isServer(ctx.dbPath) ? restoreServer : restoreFrom)(db, temp, {
        // under the write lock, before anything changes: nobody can commit between this copy and the restore
        keepReplaced: async () => void (await withDb(ctx.dbPath, 'read', async (current) => writeBackup(current, keptAs, ctx))),
        meta: {
          command: `restore (the replaced database kept as ${path.basename(keptAs)})`,
          argv: ctx.argv,
          source: path.resolve(file),
          sourceSha256: sha256,
          user: ctx.user,
          startedAt: ctx.now().toISOString(),
        },
      }),
    );
    if (opts.json) {
      ctx.stdout.write(
        `${JSON.stringify({ restored: file, database: ctx.dbPath, operation: result.operation, kept_as: keptAs, migrated_from: migratedFrom ?? null, replaced: result.replaced, now: result.restored }, null, 2)}\n`,
      );
      return;
    }
    ctx.stdout.write(`${t('restore.done', file, ctx.dbPath, result.operation, migratedFrom, knownSchemaVersion())}\n`);
    ctx.stdout.write(`${t('restore.kept', keptAs)}\n`);
    ctx.stdout.write(`${t('restore.lastBefore', describeOperation(result.replaced.lastOperation))}\n`);
    ctx.stdout.write(`${t('restore.lastOfBackup', describeOperation(manifest.last_operation))}\n`);
    await countsTable([{ label: t('backups.columnReplaced'), tables: result.replaced.tables }, { label: t('backups.columnNow'), tables: result.restored.tables }], ctx);
  } finally {
    removeTemp();
    release();
  }
}

/** `crm.db.before-restore-YYYYMMDD-HHMMSS` beside the database (a restore within the same second waits for the next). */
async function beforeRestoreFile(ctx: Ctx, base: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const file = `${base}.before-restore-${stamp(ctx.now())}`;
    if (!exists(file) && !exists(manifestOf(file))) return file;
    if (attempt === 2) throw new RefusedError(t('backups.existsAlready', file));
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
  }
}

/**
 * A backup of another database (its manifest names another path): restoring the office's
 * backup into the warehouse's database by a slip of the path would replace every row, so it
 * takes --yes; a preview says so.
 */
function checkSameDatabase(file: string, manifest: Manifest, preview: boolean, ctx: Ctx): void {
  const here = isServer(ctx.dbPath) ? withoutPassword(ctx.dbPath) : path.resolve(ctx.dbPath);
  if (!manifest.database || manifest.database === here) return;
  if (preview) say(ctx, t('backups.otherDatabasePreview', file, manifest.database, here));
  else if (ctx.yes) say(ctx, t('backups.otherDatabaseYes', file, manifest.database, here));
  else throw new RefusedError(t('backups.otherDatabase', file, manifest.database, here));
}

async function previewRestore(file: string, manifest: Manifest, json: boolean, ctx: Ctx): Promise<void> {
  const backup = verifyAgainstManifest(file, file, manifest, await fileSha256(file));
  checkSameDatabase(file, manifest, true, ctx);
  const current = await withDb(ctx.dbPath, 'read', async (db) => databaseContents(db), { olderSchema: true });
  const known = knownSchemaVersion();
  if (json) {
    ctx.stdout.write(`${JSON.stringify({ preview: true, restore: file, database: ctx.dbPath, backup: { ...backup, created_at: manifest.created_at, source: manifest.database }, now: current }, null, 2)}\n`);
    return;
  }
  ctx.stdout.write(`${t('restore.preview', file, ctx.dbPath)}\n`);
  ctx.stdout.write(`${t('backups.previewBackup', manifest.created_at, manifest.database, backup.schemaVersion, backup.schemaVersion < known ? known : undefined)}\n`);
  ctx.stdout.write(`${t('restore.lastNow', describeOperation(current.lastOperation))}\n`);
  ctx.stdout.write(`${t('restore.lastOfBackup', describeOperation(backup.lastOperation))}\n`);
  await countsTable([{ label: t('backups.columnNow'), tables: current.tables }, { label: t('backups.columnBackup'), tables: backup.tables }], ctx);
}
