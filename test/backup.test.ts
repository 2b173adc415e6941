// Issue 11, SPEC §7 (docs/safety.md): crm backup, crm restore, crm db check, crm db info.
// A backup is a verified snapshot with a manifest; a restore checks it against the manifest,
// keeps the replaced database and replaces every row in one transaction; a backup taken
// while another process imports holds the database before or after that import, and a
// restore killed at any moment leaves the old database or the new one.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { knownSchemaVersion } from '../src/db/connection.js';
import type { Manifest } from '../src/commands/backup.js';
import { BIN, ROOT, baseDb, copyDb, crm, dbFingerprint, downgradeDb, query, tempDir, writeFile, type Run } from './helpers.js';

const SHIPMENTS = `shipment_no,date,client_code,sku,qty,amount,cost
S1,2026-01-15,C1,A1,100,9500,8000
S1,2026-01-15,C1,L1,10,1400,900
S2,2026-02-03,C2,A2,50,3500,2750
`;
const MORE_SHIPMENTS = `shipment_no,date,client_code,sku,qty,amount,cost
S3,2026-03-01,C1,A2,5,350,275
`;

/** The base company with two shipments (so the sales summaries have rows). */
let template: string;
beforeAll(() => {
  template = baseDb();
  const run = crm(['--db', template, 'import', 'shipments', writeFile(path.dirname(template), 'shipments.csv', SHIPMENTS)]);
  if (run.code !== 0) throw new Error(run.stderr);
});


const manifestOf = (file: string): Manifest => JSON.parse(fs.readFileSync(`${file}.manifest.json`, 'utf8')) as Manifest;
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Rows per table, SQLite's own tables excepted (what a manifest lists). */
function counts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

/**
 * Every row of every table, except what a restore adds: its own operation (kind 'restore')
 * and the AUTOINCREMENT counters. Equal = the same data, history included.
 */
function contentFingerprint(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const hash = createHash('sha256');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence' ORDER BY name").pluck().all() as string[];
    for (const t of tables) {
      hash.update(t);
      const where = t === 'operations' ? " WHERE kind <> 'restore'" : '';
      for (const row of db.prepare(`SELECT * FROM "${t}"${where} ORDER BY rowid`).raw().iterate()) hash.update(JSON.stringify(row));
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

/** The names of everything in a folder, sorted (what a refused command must leave as it was). */
const listing = (dir: string) => fs.readdirSync(dir).sort();

/** crm as a child process that does not block this one (the tests poll while it runs). */
function crmAsync(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', CRM_USER: 'tester' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Root ignores permission bits: the read-only cases run crm as nobody then. */
const AS_ROOT = process.getuid?.() === 0;
function crmAsNobody(args: string[], cwd: string): Run {
  if (!AS_ROOT) return crm(args, { cwd });
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', CRM_USER: 'tester', HOME: '/tmp' },
    encoding: 'utf8',
    uid: 65534,
    gid: 65534,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('crm backup', () => {
  it('writes a verified snapshot to backups/crm-YYYYMMDD-HHMMSS.db beside the database, with a manifest saying what it holds', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'backup']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const names = listing(path.join(dir, 'backups'));
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^crm-\d{8}-\d{6}\.db$/);
    expect(names[1]).toBe(`${names[0]}.manifest.json`);
    const file = path.join(dir, 'backups', names[0]!);
    const m = manifestOf(file);
    const ops = query<{ id: number; kind: string; argv: string; finished_at: string }>(db, 'SELECT id, kind, argv, finished_at FROM operations ORDER BY id DESC LIMIT 1')[0]!;
    expect(m).toMatchObject({
      application: 'crm',
      crm_version: '0.1.0',
      file: names[0],
      bytes: fs.statSync(file).size,
      sha256: sha256(file),
      schema_version: knownSchemaVersion(),
      database: path.resolve(db),
      tables: counts(db),
      last_operation: { id: ops.id, kind: 'import', argv: ops.argv, finished_at: ops.finished_at },
    });
    expect(Date.now() - Date.parse(m.created_at)).toBeLessThan(60_000);
    expect(m.tables).toMatchObject({ clients: 2, shipments: 2, shipment_lines: 3 });
    // the copy holds the same rows, as one file (rollback journal: no -wal needed beside it)
    expect(counts(file)).toEqual(m.tables);
    expect(contentFingerprint(file)).toBe(contentFingerprint(db));
    expect(fs.readFileSync(file).subarray(18, 20)).toEqual(Buffer.from([1, 1]));
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    // what it prints: the file, the last operation, the counts
    expect(run.stdout).toContain(`backup of ${db}: ${path.join(dir, 'backups', names[0]!)} (`);
    expect(run.stdout).toContain(`schema version ${knownSchemaVersion()}, sha256 ${m.sha256.slice(0, 16)}…`);
    expect(run.stdout).toContain(`last operation: ${ops.id}, import shipments by tester`);
    expect(run.stdout).toMatch(/│ shipment_lines\s+│\s+3 │/);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('--json prints the manifest with the paths', () => {
    const { dir, db } = copyDb(template);
    const file = path.join(dir, 'b.db');
    const run = crm(['--db', db, 'backup', file, '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Manifest & { backup: string; manifest: string; removed: string[] };
    expect(out).toMatchObject({ backup: file, manifest: `${file}.manifest.json`, removed: [] });
    expect(out.sha256).toBe(sha256(file));
    expect(out.tables).toEqual(manifestOf(file).tables);
  });

  it('--keep N deletes our older backups beyond the newest N and nothing else', () => {
    const { dir, db } = copyDb(template);
    const folder = path.join(dir, 'backups');
    fs.mkdirSync(folder);
    for (const name of ['crm-20000101-020000.db', 'crm-20000102-020000.db', 'crm-20000103-020000.db']) {
      expect(crm(['--db', db, 'backup', path.join(folder, name)]).code).toBe(0);
    }
    // look-alikes that are not ours: no manifest, another application's manifest, another name
    writeFile(folder, 'crm-19990101-020000.db', 'not a backup');
    writeFile(folder, 'crm-19990102-020000.db', 'not ours either');
    writeFile(folder, 'crm-19990102-020000.db.manifest.json', JSON.stringify({ application: 'other', file: 'crm-19990102-020000.db' }));
    writeFile(folder, 'crm-1999-01-03.db', 'a similar name');
    writeFile(folder, 'notes.txt', 'keep me');
    const run = crm(['--db', db, 'backup', '--keep', '2']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('--keep 2: removed 2 older backups: crm-20000102-020000.db, crm-20000101-020000.db\n');
    const newest = listing(folder).find((n) => /^crm-2\d{7}-\d{6}\.db$/.test(n) && !n.startsWith('crm-2000'))!;
    expect(listing(folder)).toEqual(
      [
        'crm-1999-01-03.db',
        'crm-19990101-020000.db',
        'crm-19990102-020000.db',
        'crm-19990102-020000.db.manifest.json',
        'crm-20000103-020000.db',
        'crm-20000103-020000.db.manifest.json',
        newest,
        `${newest}.manifest.json`,
        'notes.txt',
      ].sort(),
    );
    // --keep 1 with an explicit FILE of another name: that folder's crm-… backups go down to one
    expect(crm(['--db', db, 'backup', path.join(folder, 'weekly.db'), '--keep', '1']).code).toBe(0);
    expect(listing(folder).filter((n) => /^crm-2\d{7}-\d{6}\.db/.test(n))).toEqual([newest, `${newest}.manifest.json`]);
    expect(listing(folder)).toContain('weekly.db');
  });

  it("--keep N counts and removes only this database's backups: another database's in the same folder stay", () => {
    const { dir, db } = copyDb(template);
    const other = copyDb(template);
    const folder = path.join(dir, 'backups');
    fs.mkdirSync(folder);
    for (const name of ['crm-20000101-020000.db', 'crm-20000102-020000.db']) expect(crm(['--db', other.db, 'backup', path.join(folder, name)]).code).toBe(0);
    expect(crm(['--db', db, 'backup', path.join(folder, 'crm-20000103-020000.db')]).code).toBe(0);
    const run = crm(['--db', db, 'backup', '--keep', '1']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('--keep 1: removed 1 older backup: crm-20000103-020000.db\n');
    const left = listing(folder).filter((n) => n.endsWith('.db'));
    expect(left.slice(0, 2)).toEqual(['crm-20000101-020000.db', 'crm-20000102-020000.db']);
    expect(left).toHaveLength(3);
  });

  it('backups started in the same second never replace one another: each gets its own name and a manifest that matches it', async () => {
    const { dir, db } = copyDb(template);
    const runs = await Promise.all([0, 1, 2, 3].map(() => crmAsync(['--db', db, 'backup', '--json'])));
    for (const run of runs) expect([run.code, run.stderr]).toEqual([0, '']);
    const files = runs.map((run) => (JSON.parse(run.stdout) as { backup: string }).backup);
    expect(new Set(files).size).toBe(4);
    expect(listing(path.join(dir, 'backups'))).toHaveLength(8);
    for (const file of files) expect(manifestOf(file)).toMatchObject({ file: path.basename(file), sha256: sha256(file) });
  }, 60_000);

  it('a database with rows that refer to missing rows is backed up as it is, with a warning, and its backup restores', () => {
    const { dir, db } = copyDb(template);
    const raw = new Database(db);
    raw.pragma('foreign_keys = OFF');
    raw.exec("DELETE FROM clients WHERE code = 'C2'"); // shipment S2 now refers to a missing client
    raw.close();
    const broken = dbFingerprint(db);
    const backup = path.join(dir, 'b.db');
    const run = crm(['--db', db, 'backup', backup]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning: the database has rows that refer to missing rows, copied as they are \(crm db check lists them\): .*shipments row \d+ refers to a missing clients row\n$/);
    expect(manifestOf(backup).warnings).toContainEqual(expect.stringMatching(/^shipments row \d+ refers to a missing clients row$/));
    expect(dbFingerprint(db)).toBe(broken);
    const target = copyDb(template).db;
    const restore = crm(['--db', target, '--yes', 'restore', backup]);
    expect(restore.code).toBe(0);
    expect(contentFingerprint(target)).toBe(contentFingerprint(db));
  });

  it('backs up a database of an older schema as it is (what to do before crm init migrates it)', () => {
    const { dir, db } = copyDb(template);
    downgradeDb(db, 6);
    const run = crm(['--db', db, 'backup', path.join(dir, 'old.db')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(manifestOf(path.join(dir, 'old.db'))).toMatchObject({ schema_version: 6, tables: counts(db) });
    expect(manifestOf(path.join(dir, 'old.db')).last_operation).toMatchObject({ kind: null, finished_at: null });
  });

  it('backs up a read-only database, and refuses a folder it may not write', () => {
    const { dir, db } = copyDb(template);
    // compared with a copy: opening the database itself would leave a -wal and -shm beside it
    const reference = path.join(tempDir(), 'reference.db');
    fs.copyFileSync(db, reference);
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.chmodSync(out, 0o777);
    fs.chmodSync(db, 0o444);
    fs.chmodSync(dir, 0o755); // nobody may not write beside the database
    const bytes = fs.readFileSync(db);
    const run = crmAsNobody(['--db', db, 'backup', path.join(out, 'b.db')], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(listing(dir)).toEqual(['crm.db', 'out']);
    // the default folder cannot be made beside it, an explicit folder may not be written
    const refused = crmAsNobody(['--db', db, 'backup'], dir);
    expect(refused.stderr).toContain(`cannot create the folder ${path.join(dir, 'backups')} for the backup: permission denied`);
    expect(refused.code).toBe(2);
    fs.chmodSync(out, 0o755);
    const readOnlyFolder = crmAsNobody(['--db', db, 'backup', path.join(out, 'c.db')], dir);
    expect(readOnlyFolder.stderr).toMatch(/folder \S+\/out is not writable/);
    expect(readOnlyFolder.code).toBe(2);
    expect(listing(dir)).toEqual(['crm.db', 'out']);
    expect(listing(out)).toEqual(['b.db', 'b.db.manifest.json']);
    expect(fs.readFileSync(db).equals(bytes)).toBe(true);
    expect(contentFingerprint(path.join(out, 'b.db'))).toBe(contentFingerprint(reference));
  });

  it.each([
    ['an existing FILE', (dir: string) => ['backup', writeFile(dir, 'taken.db', 'mine')], 2, 'taken.db exists: crm backup never replaces a file'],
    ['an existing manifest of FILE', (dir: string) => (writeFile(dir, 'b.db.manifest.json', '{}'), ['backup', path.join(dir, 'b.db')]), 2, 'b.db.manifest.json exists'],
    ['FILE = the database', (dir: string) => ['backup', path.join(dir, 'crm.db')], 2, 'that is the database'],
    ['FILE = its -wal', (dir: string) => ['backup', path.join(dir, 'crm.db-wal')], 2, 'that is the -wal file of the database'],
    ['FILE = its -shm', (dir: string) => ['backup', path.join(dir, 'crm.db-shm')], 2, 'that is the -shm file of the database'],
    ['a FILE in a missing folder', (dir: string) => ['backup', path.join(dir, 'nowhere', 'b.db')], 2, `folder ${'DIR'}/nowhere does not exist`],
    ['a folder as FILE', (dir: string) => (fs.mkdirSync(path.join(dir, 'sub')), ['backup', path.join(dir, 'sub')]), 2, 'that is a folder, not a file'],
    ['--keep 0', () => ['backup', '--keep', '0'], 2, '--keep 0: expected a whole number of backups to keep, 1 or more'],
    ['--keep 1.5', () => ['backup', '--keep', '1.5'], 2, '--keep 1.5: expected a whole number'],
    ['--keep x', () => ['backup', '--keep', 'x'], 2, '--keep x: expected a whole number'],
    ['an empty FILE', () => ['backup', ''], 2, 'the file name is empty'],
    ['a --keep beyond any count', () => ['backup', '--keep', '99999999999999999999999'], 2, '--keep 99999999999999999999999: expected a whole number'],
  ].map((c) => {
    const [what, args, code, message] = c as [string, (dir: string) => string[], number, string];
    return [what, code, message, args] as const;
  }))('backup refuses %s: exit %i, nothing written', (_case, code, message, args) => {
    const { dir, db } = copyDb(template);
    const argv = args(dir);
    const before = dbFingerprint(db);
    const files = listing(dir);
    const run = crm(['--db', db, ...argv]);
    expect(run.stderr).toContain(message.replace('DIR', fs.realpathSync(dir)));
    expect(run.code).toBe(code);
    expect(dbFingerprint(db)).toBe(before);
    expect(listing(dir)).toEqual(files);
    if (argv[1]?.endsWith('taken.db')) expect(fs.readFileSync(argv[1], 'utf8')).toBe('mine');
  });

  it('backup of a missing database: exit 2, no backups folder made', () => {
    const dir = tempDir();
    const run = crm(['--db', path.join(dir, 'crm.db'), 'backup']);
    expect(run.stderr).toContain('no database at');
    expect(run.code).toBe(2);
    expect(listing(dir)).toEqual([]);
  });
});

describe('crm restore', () => {
  it('round trip: restore puts back every row as it was at the backup, keeps the replaced database, and restoring that undoes it', () => {
    const { dir, db } = copyDb(template);
    const backup = path.join(dir, 'b.db');
    expect(crm(['--db', db, 'backup', backup]).code).toBe(0);
    const atBackup = contentFingerprint(db);
    // later work: an edit, an import, a new client
    expect(crm(['--db', db, 'clients', 'edit', 'C1', '--deferral-days', '45']).code).toBe(0);
    expect(crm(['--db', db, 'import', 'shipments', writeFile(dir, 'more.csv', MORE_SHIPMENTS)]).code).toBe(0);
    expect(crm(['--db', db, 'clients', 'add', '--code', 'C9', '--name', 'ООО Новый']).code).toBe(0);
    const beforeRestore = dbFingerprint(db);
    const contentBeforeRestore = contentFingerprint(db);
    const opsBefore = query<{ n: number }>(db, 'SELECT MAX(id) n FROM operations')[0]!.n;

    const run = crm(['--db', db, 'restore', backup]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(contentFingerprint(db)).toBe(atBackup);
    expect(contentFingerprint(db)).toBe(contentFingerprint(backup));
    const kept = listing(dir).find((n) => /^crm\.db\.before-restore-\d{8}-\d{6}$/.test(n))!;
    expect(kept).toBeDefined();
    // the replaced database, row for row, with a manifest of its own
    expect(dbFingerprint(path.join(dir, kept))).toBe(beforeRestore);
    expect(manifestOf(path.join(dir, kept))).toMatchObject({ application: 'crm', sha256: sha256(path.join(dir, kept)), last_operation: { id: opsBefore } });
    // the restore is an operation of its own, after those of the backup
    const restoreOp = query<{ id: number; kind: string; source: string; source_sha256: string; finished_at: string | null; tables: string }>(
      db,
      "SELECT id, kind, source, source_sha256, finished_at, tables FROM operations WHERE kind = 'restore'",
    );
    // numbered after every operation the replaced database had: a number printed before never names another one
    expect(restoreOp).toEqual([
      { id: opsBefore + 1, kind: 'restore', source: backup, source_sha256: manifestOf(backup).sha256, finished_at: expect.any(String), tables: '{}' },
    ]);
    expect(run.stdout).toContain(`restored ${backup} into ${db} as operation ${restoreOp[0]!.id}`);
    expect(run.stdout).toContain(`the replaced database is kept as ${path.join(dir, kept)}: to undo this restore, crm restore ${path.join(dir, kept)}`);
    expect(run.stdout).toMatch(/│ clients\s+│\s+3 │\s+2 │/);
    expect(crm(['--db', db, 'history', '--limit', '1']).stdout).toMatch(/restore \(the replaced database kept as .*every row replaced/);
    expect(crm(['--db', db, 'db', 'check']).code).toBe(0);
    // crm undo of a restore is refused, pointing at the kept copy
    const afterRestore = dbFingerprint(db);
    const refused = crm(['--db', db, 'undo', String(restoreOp[0]!.id)]);
    expect([refused.code, refused.stderr]).toEqual([3, expect.stringContaining(`crm restore ${kept}`)]);
    expect(dbFingerprint(db)).toBe(afterRestore);

    // undoing the restore = restoring the kept copy
    const undo = crm(['--db', db, 'restore', path.join(dir, kept)]);
    expect(undo.code).toBe(0);
    expect(contentFingerprint(db)).toBe(contentBeforeRestore);
    expect(query(db, "SELECT deferral_days FROM clients WHERE code = 'C1'")).toEqual([{ deferral_days: 45 }]);
    expect(crm(['--db', db, 'db', 'check']).code).toBe(0);
  });

  it("another database's backup is restored only with --yes; a preview says so", () => {
    const { dir, db } = copyDb(template);
    const other = copyDb(template);
    const backup = path.join(dir, 'b.db');
    expect(crm(['--db', other.db, 'backup', backup]).code).toBe(0);
    const what = `${backup} is a backup of ${path.resolve(other.db)}, not of ${path.resolve(db)}`;
    const preview = crm(['--db', db, 'restore', backup, '--preview']);
    expect([preview.code, preview.stderr]).toEqual([0, `warning: ${what}: restoring it would replace every row of this database with that one's (it takes --yes)\n`]);
    const before = dbFingerprint(db);
    const files = listing(dir);
    const refused = crm(['--db', db, 'restore', backup]);
    expect([refused.code, refused.stderr]).toEqual([3, `crm: ${what}: to replace every row of this database with that one's, run again with --yes (crm --yes restore ${backup}); nothing was written\n`]);
    expect(dbFingerprint(db)).toBe(before);
    expect(listing(dir)).toEqual(files);
    const run = crm(['--db', db, '--yes', 'restore', backup]);
    expect([run.code, run.stderr]).toEqual([0, `warning: ${what}: restored with --yes\n`]);
  });

  it('--preview shows rows per table now and in the backup and the last operation of each; writes nothing', () => {
    const { dir, db } = copyDb(template);
    const backup = path.join(dir, 'b.db');
    expect(crm(['--db', db, 'backup', backup]).code).toBe(0);
    expect(crm(['--db', db, 'clients', 'add', '--code', 'C9', '--name', 'ООО Новый']).code).toBe(0);
    const before = dbFingerprint(db);
    const files = listing(dir);
    const run = crm(['--db', db, 'restore', backup, '--preview']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`preview: restoring ${backup} into ${db} would replace every row; nothing was written`);
    expect(run.stdout).toMatch(/last operation now: \d+, clients add by tester/);
    expect(run.stdout).toMatch(/last operation of the backup: \d+, import \w+ by tester/);
    expect(run.stdout).toMatch(/│ clients\s+│\s+3 │\s+2 │/);
    const json = JSON.parse(crm(['--db', db, 'restore', backup, '--preview', '--json']).stdout) as { now: { tables: Record<string, number> }; backup: { tables: Record<string, number> } };
    expect([json.now.tables.clients, json.backup.tables.clients]).toEqual([3, 2]);
    expect(dbFingerprint(db)).toBe(before);
    expect(listing(dir)).toEqual(files);
  });

  it('a backup of an older schema is migrated forward by the committed migrations as it is restored', () => {
    const { dir, db } = copyDb(template);
    const old = path.join(dir, 'old.db');
    fs.copyFileSync(db, old);
    downgradeDb(old, 5);
    expect(crm(['--db', old, 'backup', path.join(dir, 'old-backup.db')]).code).toBe(0);
    expect(manifestOf(path.join(dir, 'old-backup.db')).schema_version).toBe(5);
    expect(crm(['--db', db, 'clients', 'add', '--code', 'C9', '--name', 'ООО Новый']).code).toBe(0);
    const run = crm(['--db', db, '--yes', 'restore', path.join(dir, 'old-backup.db')]);
    expect(run.stderr).toContain(`is a backup of ${old}, not of ${db}: restored with --yes`); // a copy, as far as crm can tell
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`(migrated from schema version 5 to ${knownSchemaVersion()})`);
    expect(query(db, 'PRAGMA user_version')).toEqual([{ user_version: knownSchemaVersion() }]);
    expect(query(db, 'SELECT code FROM clients ORDER BY code')).toEqual([{ code: 'C1' }, { code: 'C2' }]);
    expect(query(db, 'SELECT COUNT(*) n FROM shipment_lines')).toEqual([{ n: 3 }]);
    const check = crm(['--db', db, 'db', 'check']);
    expect(check.stdout).not.toContain('FAILED');
    expect(check.code).toBe(0);
  });

  it('waits for the write lock, then refuses: exit 3, nothing written, no copy kept', () => {
    const { dir, db } = copyDb(template);
    const backup = path.join(dir, 'b.db');
    expect(crm(['--db', db, 'backup', backup]).code).toBe(0);
    const before = dbFingerprint(db);
    const files = listing(dir);
    const writer = new Database(db);
    writer.exec('BEGIN IMMEDIATE');
    try {
      const run = crm(['--db', db, 'restore', backup], { env: { CRM_BUSY_TIMEOUT_MS: '300' } });
      expect(run.stderr).toContain('is locked by another writer; waited 0.3 s, nothing was written');
      expect(run.code).toBe(3);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    expect(dbFingerprint(db)).toBe(before);
    expect(listing(dir)).toEqual(files);
  });

  /** A verified backup `b.db` in `dir`, and a copy of it changed by `change` (the manifest copied along, or rewritten by `manifest`). */
  function alteredBackup(dir: string, db: string, change: (copy: string) => void, manifest?: (m: Manifest, copy: string) => Manifest): string {
    const backup = path.join(dir, 'b.db');
    if (!fs.existsSync(backup)) expect(crm(['--db', db, 'backup', backup]).code).toBe(0);
    const copy = path.join(dir, 'altered.db');
    fs.copyFileSync(backup, copy);
    change(copy);
    const m = manifestOf(backup);
    fs.writeFileSync(`${copy}.manifest.json`, JSON.stringify(manifest ? manifest(m, copy) : m));
    return copy;
  }
  const sqlite = (file: string, sql: string) => {
    const raw = new Database(file);
    raw.exec(sql);
    raw.close();
  };

  it.each([
    ['a missing FILE', (dir: string) => path.join(dir, 'none.db'), 2, 'no backup at'],
    ['a file without a manifest', (dir: string) => writeFile(dir, 'clients.csv', 'code,name\nC1,x\n'), 2, 'has no manifest (clients.csv.manifest.json beside it): crm restores only backups made by crm backup'],
    ['a plain copy of the database (no manifest)', (dir: string, db: string) => (fs.copyFileSync(db, path.join(dir, 'copy.db')), path.join(dir, 'copy.db')), 2, 'to restore a plain copy of a database, make a backup of it first: crm --db COPY backup'],
    ['a manifest that is not JSON', (dir: string, db: string) => alteredBackup(dir, db, () => {}, () => 'nonsense' as unknown as Manifest), 2, 'is not a crm backup manifest'],
    ['a manifest of JSON null', (dir: string, db: string) => alteredBackup(dir, db, () => {}, () => null as unknown as Manifest), 2, 'is not a crm backup manifest (not a JSON object)'],
    ['an empty FILE', () => '', 2, "the backup file name is empty"],
    [
      "another application's SQLite file with a manifest",
      (dir: string, db: string) =>
        alteredBackup(
          dir,
          db,
          (copy) => (fs.rmSync(copy), sqlite(copy, 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)')),
          (m, copy) => ({ ...m, sha256: sha256(copy) }),
        ),
      2,
      "altered.db is another application's SQLite database, not a crm backup",
    ],
    ['a truncated backup', (dir: string, db: string) => alteredBackup(dir, db, (copy) => fs.truncateSync(copy, Math.floor(fs.statSync(copy).size / 2))), 3, 'altered.db does not match its manifest (sha256'],
    ['a backup changed since', (dir: string, db: string) => alteredBackup(dir, db, (copy) => sqlite(copy, "UPDATE clients SET name = 'changed' WHERE code = 'C1'")), 3, 'does not match its manifest (sha256'],
    [
      'a backup whose rows differ from its manifest',
      (dir: string, db: string) => alteredBackup(dir, db, () => {}, (m) => ({ ...m, tables: { ...m.tables, clients: 5 } })),
      3,
      'does not hold what its manifest says: clients: 2 rows, expected 5',
    ],
    [
      'a backup of a newer schema',
      (dir: string, db: string) =>
        alteredBackup(
          dir,
          db,
          (copy) => sqlite(copy, `PRAGMA user_version = ${knownSchemaVersion() + 1}`),
          (m, copy) => ({ ...m, sha256: sha256(copy), schema_version: knownSchemaVersion() + 1 }),
        ),
      3,
      `its manifest says schema version ${knownSchemaVersion() + 1}, newer than this crm understands (${knownSchemaVersion()}): restore it with a newer crm`,
    ],
    [
      'a newer schema the manifest does not admit',
      (dir: string, db: string) =>
        alteredBackup(dir, db, (copy) => sqlite(copy, `PRAGMA user_version = ${knownSchemaVersion() + 1}`), (m, copy) => ({ ...m, sha256: sha256(copy) })),
      3,
      'newer than this crm understands',
    ],
    ['the database itself', (dir: string) => path.join(dir, 'crm.db'), 2, 'is the database'],
  ].map((c) => {
    const [what, file, code, message] = c as [string, (dir: string, db: string) => string, number, string];
    return [what, code, message, file] as const;
  }))('restore refuses %s: exit %i, the database unchanged', (_case, code, message, file) => {
    const { dir, db } = copyDb(template);
    const backup = file(dir, db);
    const before = dbFingerprint(db);
    const files = listing(dir);
    for (const args of [['restore', backup], ['restore', backup, '--preview']]) {
      const run = crm(['--db', db, ...args]);
      expect(run.stderr).toContain(message);
      expect(run.code).toBe(code);
    }
    expect(dbFingerprint(db)).toBe(before);
    expect(listing(dir)).toEqual(files); // no kept copy, no temp file
  });

  it('restore into a missing database: exit 2 saying to copy the backup there instead; nothing made', () => {
    const { dir, db } = copyDb(template);
    expect(crm(['--db', db, 'backup', path.join(dir, 'b.db')]).code).toBe(0);
    const empty = tempDir();
    const run = crm(['--db', path.join(empty, 'crm.db'), 'restore', path.join(dir, 'b.db')]);
    expect(run.stderr).toContain(`no database at ${path.join(empty, 'crm.db')}: restore replaces the contents of an existing database; to start one from this backup, copy it there`);
    expect(run.code).toBe(2);
    expect(listing(empty)).toEqual([]);
  });
});

describe('crm db check and crm db info', () => {
  it('a good database passes every check: exit 0, each check named', () => {
    const { db } = copyDb(template);
    const run = crm(['--db', db, 'db', 'check']);
    expect(run.code).toBe(0);
    for (const name of ['integrity', 'foreign keys', 'schema', 'sales summaries', 'product facts', 'deal stage moves', 'journal', 'record rules']) expect(run.stdout).toMatch(new RegExp(`^ok +${name}: `, 'm'));
    expect(run.stderr).toBe(`db check: ${db} passed 8 checks\n`);
    const json = JSON.parse(crm(['--db', db, 'db', 'check', '--json']).stdout) as { ok: boolean; checks: { check: string; ok: boolean }[] };
    expect(json.ok).toBe(true);
    expect(json.checks.map((c) => c.check)).toEqual(['integrity', 'foreign keys', 'schema', 'sales summaries', 'product facts', 'deal stage moves', 'journal', 'record rules']);
  });

  it.each([
    ['a summary row changed', 'UPDATE sales_summary SET amount = amount + 1 WHERE month = \'2026-01\'', 'sales summaries', /sales_summary month 2026-01, group_id \d+: differs from the shipment lines/],
    ['a summary row missing', "DELETE FROM sales_summary_client WHERE month = '2026-02'", 'sales summaries', /sales_summary_client month 2026-02, client_id \d+, manager_id \d+: missing/],
    ['a product fact changed', "UPDATE product_month_sales SET last_date = '2026-01-31' WHERE month = '2026-01'", 'product facts', /product_month_sales [AL]\d 2026-01: differs from the shipment lines/],
    ['a product fact missing', "DELETE FROM product_month_sales WHERE month = '2026-02'", 'product facts', /product_month_sales A2 2026-02: missing/],
    ['a journal row of no operation', "INSERT INTO journal (op_id, tbl, row_id, action, before) VALUES (999, 'clients', 1, 'update', '{}')", 'journal', /journal row \d+ names operation 999, which does not exist/],
    ['a journal range of no operation', "INSERT INTO journal_ranges (op_id, tbl, first_id, last_id) VALUES (998, 'clients', 1, 2)", 'journal', /journal_ranges row \d+ names operation 998, which does not exist/],
    ['a journal row of a table crm does not journal', "INSERT INTO journal (op_id, tbl, row_id, action, before) VALUES (1, 'sales_summary', 1, 'update', '{}')", 'journal', /journal row \d+ names table sales_summary, which crm does not journal/],
    ['an undo that its operation does not name', 'UPDATE operations SET undoes = 1 WHERE id = 2', 'journal', /operation 2 undoes operation 1, but that one says it was undone by nothing/],
    ['an undone_by pointing nowhere', 'UPDATE operations SET undone_by = 77 WHERE id = 1', 'journal', /operation 1 was undone by operation 77, which does not exist/],
    ['counts per table that are not JSON', "UPDATE operations SET tables = 'oops' WHERE id = 1", 'journal', /operation 1: its counts per table \(operations.tables\) are not valid JSON/],
    ['an operation without its end time', 'UPDATE operations SET finished_at = NULL WHERE id = 1', 'journal', /operation 1 has a journal but no end time/],
    ['a reference to a missing row', "UPDATE clients SET manager_id = 99 WHERE code = 'C1'", 'foreign keys', /clients row \d+ refers to a managers row that does not exist/],
  ])('%s: exit 1 naming the finding', (_case, sql, check, finding) => {
    const { db } = copyDb(template);
    const raw = new Database(db);
    raw.pragma('foreign_keys = OFF'); // the damage goes in as it is
    raw.exec(sql);
    raw.close();
    const run = crm(['--db', db, 'db', 'check']);
    expect(run.stdout).toMatch(new RegExp(`^FAILED +${check}: `, 'm'));
    expect(run.stdout).toMatch(finding);
    expect(run.stderr).toContain(`db check: ${db} failed`);
    expect(run.stderr).toContain(check);
    expect(run.code).toBe(1);
    const json = JSON.parse(crm(['--db', db, 'db', 'check', '--json']).stdout) as { ok: boolean; checks: { check: string; ok: boolean; findings: string[] }[] };
    expect(json.ok).toBe(false);
    expect(json.checks.find((c) => c.check === check)!.findings.join('\n')).toMatch(finding);
  });

  it('a database older than this crm is refused by db check (exit 3) and described by db info', () => {
    const { db } = copyDb(template);
    downgradeDb(db, 6);
    const check = crm(['--db', db, 'db', 'check']);
    expect(check.stderr).toContain('has schema version 6, older than this crm');
    expect(check.code).toBe(3);
    const info = crm(['--db', db, 'db', 'info']);
    expect(info.code).toBe(0);
    expect(info.stdout).toContain(`schema version: 6 (older than this crm's ${knownSchemaVersion()}: crm init migrates it), not marked as crm's yet`);
  });

  it('db info: file, schema version, size, pages, operations and journal, last operation, rows per table', () => {
    const { db } = copyDb(template);
    const run = crm(['--db', db, 'db', 'info']);
    expect(run.code).toBe(0);
    const ops = query<{ n: number; last: number }>(db, 'SELECT COUNT(*) n, MAX(id) last FROM operations')[0]!;
    const ranges = query<{ n: number }>(db, 'SELECT COUNT(*) n FROM journal_ranges')[0]!.n;
    expect(run.stdout).toContain(`file: ${db}\n`);
    expect(run.stdout).toContain(`schema version: ${knownSchemaVersion()} (current)\n`);
    expect(run.stdout).toMatch(/^size: [\d.]+ (KB|MB) \(file [\d.]+ (KB|MB), -wal \d+ bytes\); journal mode: wal$/m);
    expect(run.stdout).toMatch(/^pages: [\d,]+ of 4\.0 KB, \d+ free$/m);
    expect(run.stdout).toContain(`operations: ${ops.n}; journal: 0 rows, ${ranges} ranges of inserted rows\n`);
    expect(run.stdout).toContain(`last operation: ${ops.last}, import shipments by tester, `);
    expect(run.stdout).toMatch(/│ shipment_lines\s+│\s+3 │/);
    const json = JSON.parse(crm(['--db', db, 'db', 'info', '--json']).stdout) as { schemaVersion: number; operations: number; fileBytes: number; contents: { tables: Record<string, number> } };
    expect(json).toMatchObject({ schemaVersion: knownSchemaVersion(), operations: ops.n, fileBytes: fs.statSync(db).size });
    expect(json.contents.tables).toEqual(counts(db));
  });
});

/** `lines` shipment lines of the base company, four to a document. */
function bigShipments(dir: string, lines: number): string {
  const skus = ['A1', 'A2', 'L1'];
  const out = ['shipment_no,date,client_code,sku,qty,amount,cost'];
  for (let i = 0; i < lines; i++) {
    const doc = Math.floor(i / 4);
    out.push(`B${doc},2025-${String(1 + (doc % 12)).padStart(2, '0')}-${String(1 + (doc % 28)).padStart(2, '0')},C${1 + (doc % 2)},${skus[i % 3]},${1 + (i % 9)},${10 + (i % 500)}.50,${8 + (i % 400)}.25`);
  }
  return writeFile(dir, 'big.csv', `${out.join('\n')}\n`);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const withoutOperations = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([t]) => t !== 'operations'));

describe('while another process writes, and when killed', () => {
  /** The template after a 200,000-line import (the big database of the second test). */
  let bigDb: string | undefined;

  it('backups taken during a 200,000-line import hold the database before or after it, never between; each restores and passes db check', async () => {
    const { dir, db } = copyDb(template);
    const csv = bigShipments(dir, 200_000);
    const before = counts(db);
    const importing = crmAsync(['--db', db, 'import', 'shipments', csv]);
    let running = true;
    void importing.then(() => (running = false));
    // the import has opened the database (its -wal appears) and holds its write transaction until it commits
    while (!fs.existsSync(`${db}-wal`) && running) await pause(5);
    await pause(200);
    const backups: { file: string; duringImport: boolean }[] = [];
    while (running) {
      const file = path.join(dir, `during-${backups.length}.db`);
      const run = await crmAsync(['--db', db, 'backup', file]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      backups.push({ file, duringImport: running });
    }
    const imported = await importing;
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const after = counts(db);
    expect(after.shipment_lines).toBe(before.shipment_lines! + 200_000);
    const last = path.join(dir, 'after.db');
    expect(crm(['--db', db, 'backup', last]).code).toBe(0);
    backups.push({ file: last, duringImport: false });
    // at least one was made while the import was still running: the test saw a writer
    expect(backups.filter((b) => b.duringImport).length).toBeGreaterThan(0);

    for (const { file, duringImport } of backups) {
      const held = manifestOf(file).tables;
      expect([before, after]).toContainEqual(held);
      if (duringImport) expect(held).toEqual(before); // the import commits once, at its end
      const scratch = copyDb(template).db;
      const restore = crm(['--db', scratch, '--yes', 'restore', file]);
      expect(restore.code).toBe(0);
      const check = crm(['--db', scratch, 'db', 'check']);
      expect(check.stdout).not.toContain('FAILED');
      expect(check.code).toBe(0);
      expect(withoutOperations(counts(scratch))).toEqual(withoutOperations(held));
      expect(counts(scratch).operations).toBe(held.operations! + 1); // and the restore's own
    }
    expect(manifestOf(last).tables).toEqual(after);
    bigDb = db;
  }, 180_000);

  it('SIGTERM or Ctrl-C during a restore: exit 143 / 130, the database unchanged, no copy left beside it', async () => {
    if (!bigDb) {
      bigDb = copyDb(template).db;
      expect(crm(['--db', bigDb, 'import', 'shipments', bigShipments(path.dirname(bigDb), 200_000)]).code).toBe(0);
    }
    const backup = path.join(tempDir(), 'big.db');
    expect(crm(['--db', bigDb, 'backup', backup]).code).toBe(0);
    for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
      const { dir, db } = copyDb(template);
      const before = dbFingerprint(db);
      const files = listing(dir);
      const child = spawn(process.execPath, [BIN, '--db', db, '--yes', 'restore', backup], { env: { ...process.env, NO_COLOR: '1', CRM_USER: 'tester' } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
      const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      // the copy of the backup beside the database has begun
      const temp = path.join(dir, `.crm.db.restore-${child.pid}.tmp`);
      while (!fs.existsSync(temp)) await new Promise((resolve) => setImmediate(resolve));
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(stderr).toContain(`interrupted (${signal})`);
      expect(listing(dir)).toEqual(files);
      expect(dbFingerprint(db)).toBe(before);
    }
  }, 120_000);

  it('Ctrl-C at any moment of an undo or a restore: exit 130 and nothing written, or the change committed, said so, exit 0', async () => {
    if (!bigDb) {
      bigDb = copyDb(template).db;
      expect(crm(['--db', bigDb, 'import', 'shipments', bigShipments(path.dirname(bigDb), 200_000)]).code).toBe(0);
    }
    const backup = path.join(tempDir(), 'big.db');
    expect(crm(['--db', bigDb, 'backup', backup]).code).toBe(0);
    const importOp = String(manifestOf(backup).last_operation!.id);
    const commands: [string, string, string[]][] = [
      ['undo', bigDb, ['undo', importOp]],
      ['restore', template, ['--yes', 'restore', backup]],
    ];
    for (const [what, source, args] of commands) {
      const whole = copyDb(source).db;
      const started = Date.now();
      expect((await crmAsync(['--db', whole, ...args])).code).toBe(0);
      const duration = Date.now() - started;
      const outcomes = new Set<string>();
      for (const f of [0.2, 0.5, 0.8, 0.9, 0.95, 1.0, 1.1]) {
        const db = copyDb(source).db;
        const before = dbFingerprint(db);
        const child = spawn(process.execPath, [BIN, '--db', db, ...args], { env: { ...process.env, NO_COLOR: '1', CRM_USER: 'tester' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
        child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
        const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
        await pause(Math.round(f * duration));
        child.kill('SIGINT');
        const code = await exited;
        const changed = dbFingerprint(db) !== before;
        // a signal in the first instant, before crm's handler is installed, ends node by its default action: nothing written either
        if (code === 130 || (code === null && !changed)) {
          expect(changed, `${what} at ${f}: exit 130 but the database changed`).toBe(false);
          if (code === 130) expect(stderr).toContain('interrupted (SIGINT): nothing was written');
        } else {
          // 0, or killed by the signal (null) in the last instant of its exit, after it had said what it did
          expect([code === null ? 0 : code, changed], `${what} at ${f}: ${stderr}`).toEqual([0, true]);
          expect(stdout).toMatch(what === 'undo' ? /^undid operation/ : /^restored /);
          if (stderr.includes('interrupted')) expect(stderr).toMatch(/interrupted \(SIGINT\) after .* was committed: it stands/);
        }
        expect(crm(['--db', db, 'db', 'check']).code).toBe(0);
        outcomes.add(code === 130 || !changed ? 'stopped' : 'finished');
      }
      expect(outcomes.size, `${what}: the moments tried`).toBeGreaterThan(0);
    }
  }, 240_000);

  it('kill -9 at any moment of a restore leaves the old database or the new one, never half; db check passes', async () => {
    if (!bigDb) {
      bigDb = copyDb(template).db;
      expect(crm(['--db', bigDb, 'import', 'shipments', bigShipments(path.dirname(bigDb), 200_000)]).code).toBe(0);
    }
    const dir = tempDir();
    const backup = path.join(dir, 'big.db');
    expect(crm(['--db', bigDb, 'backup', backup]).code).toBe(0);
    const oldFull = dbFingerprint(template);
    const oldContent = contentFingerprint(template);
    const newContent = contentFingerprint(backup);
    expect(newContent).not.toBe(oldContent);

    // one restore to the end: how long it takes, and what "new" is
    const whole = copyDb(template).db;
    const started = Date.now();
    expect((await crmAsync(['--db', whole, '--yes', 'restore', backup])).code).toBe(0);
    const duration = Date.now() - started;
    expect(contentFingerprint(whole)).toBe(newContent);

    // killed in the middle of its write transaction (its -wal growing), and at fractions of its run time
    const moments: ({ walOver: number } | { afterMs: number })[] = [{ walOver: 1 << 20 }, ...[0.1, 0.3, 0.5, 0.7, 0.85, 0.95].map((f) => ({ afterMs: Math.round(f * duration) }))];
    const outcomes: { moment: string; walAtKill: number; outcome: 'old' | 'new' }[] = [];
    for (const moment of moments) {
      const db = copyDb(template).db;
      const child = spawn(process.execPath, [BIN, '--db', db, '--yes', 'restore', backup], { env: { ...process.env, NO_COLOR: '1', CRM_USER: 'tester' }, stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      let done = false;
      void exited.then(() => (done = true));
      const wal = () => (fs.existsSync(`${db}-wal`) ? fs.statSync(`${db}-wal`).size : 0);
      if ('walOver' in moment) {
        while (!done && wal() <= moment.walOver) await new Promise((resolve) => setImmediate(resolve));
      } else {
        await pause(moment.afterMs);
      }
      const walAtKill = wal();
      child.kill('SIGKILL');
      await exited;
      const check = crm(['--db', db, 'db', 'check']);
      expect(check.stdout).not.toContain('FAILED');
      expect(check.code).toBe(0);
      const content = contentFingerprint(db);
      expect([oldContent, newContent]).toContain(content);
      if (content === oldContent) expect(dbFingerprint(db)).toBe(oldFull); // not a row changed, not even the history
      outcomes.push({ moment: JSON.stringify(moment), walAtKill, outcome: content === oldContent ? 'old' : 'new' });
    }
    // the kill inside the write transaction hit a half-written -wal and left the old database
    expect(outcomes[0]).toMatchObject({ walAtKill: expect.any(Number), outcome: 'old' });
    expect(outcomes[0]!.walAtKill).toBeGreaterThan(1 << 20);
  }, 180_000);
});
