// Issue 9, "Databases": only crm init creates or migrates a database; anything else given as
// --db is refused before SQLite writes a byte (not even a -wal or -shm beside it); a
// read-only database can be read; a full disk is a refusal, not a crash (docs/database.md).
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { CRM_APPLICATION_ID, databaseError, knownSchemaVersion, openDb } from '../src/db/connection.js';
import { sq } from '../src/db/handle.js';
import { importFile } from '../src/import/importer.js';
import { BIN, ROOT, baseDb, crm, dbFingerprint, downgradeDb, query, tempDir, writeFile, type Run } from './helpers.js';

/** Root ignores permission bits: read-only cases run crm as nobody then. */
const AS_ROOT = process.getuid?.() === 0;

function crmAs(args: string[], unprivileged: boolean): Run {
  if (!unprivileged || !AS_ROOT) return crm(args);
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', CRM_USER: 'tester', HOME: '/tmp' },
    encoding: 'utf8',
    timeout: 120_000,
    uid: 65534,
    gid: 65534,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A temp folder others may enter (tempDir() makes 700 folders); `writable` lets nobody write in it. */
function openDir(writable = false): string {
  const dir = tempDir();
  fs.chmodSync(dir, writable ? 0o777 : 0o755);
  return dir;
}

/** Every byte of the --db path and the names of everything beside it. */
function snapshot(db: string): string {
  const hash = createHash('sha256');
  const dir = path.dirname(db);
  hash.update(fs.existsSync(dir) ? fs.readdirSync(dir).sort().join('\n') : '(no folder)');
  if (fs.existsSync(db) && fs.statSync(db).isFile()) hash.update(fs.readFileSync(db));
  if (fs.existsSync(db) && fs.statSync(db).isDirectory()) hash.update(`dir:${fs.readdirSync(db).sort().join('\n')}`);
  return hash.digest('hex');
}

const version = knownSchemaVersion();
let base: string; // a crm database with the base company, made by this crm
let older: string; // the same as the crm before the sales summaries (schema 4) left it
let inputs: string; // a folder anyone can read: the file to import
let clientsCsv: string;

/** Undo migration 0004 the way a file made by the older crm looked: no summaries, no application_id. */
function makeOlder(file: string): void {
  downgradeDb(file, version - 1);
}

function foreignSqlite(file: string, setup: (db: Database.Database) => void): void {
  const db = new Database(file);
  setup(db);
  db.close();
}

beforeAll(() => {
  base = baseDb();
  older = path.join(tempDir(), 'older.db');
  fs.copyFileSync(base, older);
  makeOlder(older);
  inputs = openDir();
  clientsCsv = writeFile(inputs, 'clients.csv', 'code,name\nC900,Новый клиент\n');
});

interface DbKind {
  make: () => string;
  /** run crm as an unprivileged user (read-only files and folders) */
  unprivileged?: boolean;
}

const KINDS: Record<string, DbKind> = {
  'missing file': { make: () => path.join(openDir(), 'crm.db') },
  'missing file in a missing folder': { make: () => path.join(openDir(), 'typo', 'sub', 'crm.db') },
  directory: {
    make: () => {
      const dir = path.join(openDir(), 'crm.db');
      fs.mkdirSync(dir);
      return dir;
    },
  },
  '0-byte file': { make: () => writeFile(openDir(), 'crm.db', '') },
  'truncated crm database (whole pages)': {
    make: () => {
      const bytes = fs.readFileSync(base);
      return writeFile(openDir(), 'crm.db', bytes.subarray(0, Math.floor(bytes.length / 2 / 4096) * 4096));
    },
  },
  'crm database cut mid-page': { make: () => writeFile(openDir(), 'crm.db', fs.readFileSync(base).subarray(0, 10_000)) },
  'crm database with its schema page overwritten': {
    make: () => {
      const bytes = Buffer.from(fs.readFileSync(base));
      randomBytes(4096 - 100).copy(bytes, 100); // page 1 after the file header: the root of the schema
      return writeFile(openDir(), 'crm.db', bytes);
    },
  },
  'random bytes': { make: () => writeFile(openDir(), 'crm.db', Buffer.concat([Buffer.from([0]), randomBytes(20_000)])) },
  'CSV file': { make: () => writeFile(openDir(), 'crm.db', 'code,name\nC1,ООО "Ромашка"\n') },
  "another application's SQLite database (WAL, with a clients table)": {
    make: () => {
      const file = path.join(openDir(), 'app.db');
      foreignSqlite(file, (db) => {
        db.pragma('journal_mode = WAL');
        db.exec("CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO clients (name) VALUES ('x')");
        db.pragma('user_version = 7');
      });
      return file;
    },
  },
  "another application's SQLite database (its own application_id)": {
    make: () => {
      const file = path.join(openDir(), 'app.db');
      foreignSqlite(file, (db) => {
        db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
        db.pragma('application_id = 1234');
      });
      return file;
    },
  },
  'an empty SQLite database (no tables)': {
    make: () => {
      const file = path.join(openDir(), 'crm.db');
      foreignSqlite(file, (db) => db.exec('CREATE TABLE t (x); DROP TABLE t'));
      return file;
    },
  },
  'older-schema crm database': {
    make: () => {
      const file = path.join(openDir(), 'crm.db');
      fs.copyFileSync(older, file);
      return file;
    },
  },
  'read-only crm database in a read-only folder': {
    unprivileged: true,
    make: () => {
      const dir = openDir();
      const file = path.join(dir, 'crm.db');
      fs.copyFileSync(base, file);
      fs.chmodSync(file, 0o444);
      if (!AS_ROOT) fs.chmodSync(dir, 0o555);
      return file;
    },
  },
  'read-only crm database in a writable folder': {
    unprivileged: true,
    make: () => {
      const file = path.join(openDir(true), 'crm.db');
      fs.copyFileSync(base, file);
      fs.chmodSync(file, 0o444);
      return file;
    },
  },
  'writable crm database in a read-only folder': {
    unprivileged: true,
    make: () => {
      const dir = openDir();
      const file = path.join(dir, 'crm.db');
      fs.copyFileSync(base, file);
      if (AS_ROOT) fs.chownSync(file, 65534, 65534);
      else fs.chmodSync(dir, 0o555);
      return file;
    },
  },
};

type Command = 'report' | 'export' | 'list' | 'import' | 'init';
const COMMANDS: Command[] = ['report', 'export', 'list', 'import', 'init'];

function args(command: Command, db: string): string[] {
  const out = openDir(true);
  switch (command) {
    case 'report':
      return ['--db', db, 'report', 'sales', '--as-of', '2026-11-30', '--format', 'csv'];
    case 'export':
      return ['--db', db, 'export', 'clients', '-o', path.join(out, 'clients.csv')];
    case 'list':
      return ['--db', db, 'clients', 'list'];
    case 'import':
      return ['--db', db, 'import', 'clients', clientsCsv];
    case 'init':
      return ['--db', db, 'init'];
  }
}

/** [exit code, message fragment] by command ({db}, {dir}: the path and its folder). */
type Row = Record<Command, [number, string]>;
const notSqlite = [2, 'is not a crm database (not an SQLite file)'] as [number, string];
const foreign = [2, "is another application's SQLite database, not a crm database"] as [number, string];
const damaged = [2, 'is damaged'] as [number, string];
const missing = [2, 'no database at {db} — create it with crm init'] as [number, string];
const same = (cell: [number, string]): Row => ({ report: cell, export: cell, list: cell, import: cell, init: cell });
const readOnlyRow = (why: string): Row => ({
  report: [0, ''],
  export: [0, ''],
  list: [0, ''],
  import: [3, `read-only database {db}: ${why}`],
  init: [0, `schema is at version ${version}`],
});

const EXPECTED: Record<string, Row> = {
  'missing file': { ...same(missing), init: [0, 'created'] },
  'missing file in a missing folder': { ...same(missing), init: [0, 'created'] },
  directory: same([2, 'is a folder, not a database file']),
  '0-byte file': same([2, 'is an empty file (0 bytes), not a crm database']),
  'truncated crm database (whole pages)': same(damaged),
  'crm database cut mid-page': same(damaged),
  'crm database with its schema page overwritten': same(damaged),
  'random bytes': same(notSqlite),
  'CSV file': same(notSqlite),
  "another application's SQLite database (WAL, with a clients table)": same(foreign),
  "another application's SQLite database (its own application_id)": same(foreign),
  'an empty SQLite database (no tables)': same(foreign),
  'older-schema crm database': {
    ...same([3, `has schema version ${version - 1}, older than this crm's (${version}): run "crm init" on it to migrate it forward (make a backup copy of the file first)`]),
    init: [0, `migrated from schema version ${version - 1} to ${version}`],
  },
  'read-only crm database in a read-only folder': readOnlyRow('the file is not writable'),
  'read-only crm database in a writable folder': readOnlyRow('the file is not writable'),
  'writable crm database in a read-only folder': readOnlyRow('its folder {dir} is not writable'),
};

const CASES = Object.keys(KINDS).flatMap((kind) => COMMANDS.map((command) => [kind, command] as const));

describe('--db is checked before anything is written', () => {
  it.each(CASES)('%s × %s', (kind, command) => {
    const target = KINDS[kind]!.make();
    const before = snapshot(target);
    const run = crmAs(args(command, target), Boolean(KINDS[kind]!.unprivileged));
    const [code, fragment] = EXPECTED[kind]![command];
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toContain(fragment.replace('{db}', target).replace('{dir}', path.dirname(target)));
    if (code !== 0) expect(run.stderr.trim().split('\n')).toHaveLength(1); // one line
    if (code === 3 && command === 'import') expect(run.stderr).toContain('nothing was written');
    if (code === 0) expect(run.stderr).not.toContain('crm:');
    const creates = command === 'init' && kind.startsWith('missing');
    const migrates = command === 'init' && kind === 'older-schema crm database';
    if (creates) {
      expect(query(target, 'PRAGMA application_id')).toEqual([{ application_id: CRM_APPLICATION_ID }]);
    } else if (migrates) {
      expect(query(target, 'PRAGMA application_id')).toEqual([{ application_id: CRM_APPLICATION_ID }]);
      expect(query(target, 'PRAGMA user_version')).toEqual([{ user_version: version }]);
      expect(crm(['--db', target, 'report', 'sales']).code).toBe(0);
    } else {
      // byte-identical, and nothing beside it: no -wal, -shm, journal or folder
      expect(snapshot(target)).toBe(before);
      if (kind.startsWith('missing')) expect(fs.existsSync(path.dirname(target)), 'no folder made').toBe(kind === 'missing file');
    }
    if (code === 0 && command === 'report') expect(run.stdout).toContain('month,group,amount');
    if (code === 0 && command === 'list') expect(run.stdout).toContain('C1');
  });
});

describe('a read-only database', () => {
  let demo: string;
  let demoDir: string;
  let out: string;
  let client: string;
  let sku: string;
  beforeAll(() => {
    const made = path.join(tempDir(), 'demo.db');
    const run = crm(['--db', made, 'demo', '--as-of', '2026-11-30']);
    if (run.code !== 0) throw new Error(run.stderr);
    client = query<{ code: string }>(made, 'SELECT code FROM clients ORDER BY code LIMIT 1')[0]!.code;
    sku = query<{ sku: string }>(made, 'SELECT sku FROM products ORDER BY sku LIMIT 1')[0]!.sku;
    demoDir = openDir(); // read-only for nobody (and 555 below when not root)
    demo = path.join(demoDir, 'crm.db');
    fs.copyFileSync(made, demo);
    fs.chmodSync(demo, 0o444);
    if (!AS_ROOT) fs.chmodSync(demoDir, 0o555);
    out = openDir(true);
  }, 60_000);

  const READS: [string, () => string[]][] = [
    ['report sales', () => ['report', 'sales', '--as-of', '2026-11-30']],
    ['report plan-fact -o', () => ['report', 'plan-fact', '--as-of', '2026-11-30', '-o', path.join(out, 'pf.xlsx')]],
    ['export', () => ['export', 'shipments', '-o', path.join(out, 'shipments.csv')]],
    ['clients list', () => ['clients', 'list']],
    ['clients show', () => ['clients', 'show', client]],
    ['products duplicates', () => ['products', 'duplicates']],
    ['plan versions', () => ['plan', 'versions']],
    ['plan runs', () => ['plan', 'runs']],
    ['plan show', () => ['plan', 'show', '1', '--what', 'purchases', '--by', 'supplier']],
    ['plan explain', () => ['plan', 'explain', '1', sku]],
    ['plan diff', () => ['plan', 'diff', 'sales', '1', 'latest']],
    ['plan export', () => ['plan', 'export', 'sales', '-o', path.join(out, 'plan.xlsx')]],
    // a dry run and a check write nothing: on a read-only file they run on a private copy in memory
    ['import --dry-run', () => ['import', 'clients', clientsCsv, '--dry-run']],
    ['db rebuild-summaries --check', () => ['db', 'rebuild-summaries', '--check']],
  ];
  it.each(READS)('%s works, and leaves the file as it was', (_name, argv) => {
    const before = snapshot(demo);
    expect(fs.readdirSync(demoDir)).toEqual(['crm.db']);
    const run = crmAs(['--db', demo, ...argv()], true);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('crm:');
    expect(snapshot(demo)).toBe(before);
  });

  const WRITES: [string, () => string[]][] = [
    ['import', () => ['import', 'clients', clientsCsv]],
    ['clients add', () => ['clients', 'add', '--code', 'C999', '--name', 'Новый', '--manager-code', 'M1']],
    ['clients edit', () => ['clients', 'edit', client, '--name', 'Другое имя']],
    ['plan run', () => ['plan', 'run', '--from', '2027-01', '--as-of', '2026-11-30']],
    ['plan revise', () => ['plan', 'revise', 'sales', path.join(ROOT, 'fixtures', 'plan-sales.xlsx'), '--from', '2027-01', '--as-of', '2026-11-30']],
    ['db rebuild-summaries', () => ['db', 'rebuild-summaries']],
  ];
  it.each(WRITES)('%s is refused: exit 3, nothing written', (_name, argv) => {
    const before = snapshot(demo);
    expect(fs.readdirSync(demoDir)).toEqual(['crm.db']);
    const run = crmAs(['--db', demo, ...argv()], true);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toBe(`crm: read-only database ${demo}: the file is not writable; nothing was written\n`);
    expect(snapshot(demo)).toBe(before);
  });

  it.skipIf(!AS_ROOT)('a reader without write access sees what another process committed a moment ago (WAL, its -shm in place)', () => {
    const dir = openDir();
    const db = path.join(dir, 'crm.db');
    fs.copyFileSync(base, db);
    const writer = new Database(db); // root: keeps crm.db-wal and -shm open with the new row not yet in crm.db
    try {
      writer.exec("INSERT INTO managers (code, name) VALUES ('M77', 'Только что')");
      expect(fs.existsSync(`${db}-shm`)).toBe(true);
      const before = snapshot(db);
      const run = crmAs(['--db', db, 'managers', 'list'], true);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('M77');
      expect(snapshot(db)).toBe(before);
    } finally {
      writer.close();
    }
  });
});

describe('a full disk', () => {
  /** 40,000 clients with long names: about 6 MB in the database. */
  function bigClients(dir: string): string {
    const lines = ['code,name'];
    for (let i = 0; i < 40_000; i++) lines.push(`Z${i},ООО «Очень длинное название клиента номер ${i} для заполнения диска»`);
    return writeFile(dir, 'big.csv', `${lines.join('\n')}\n`);
  }

  it('SQLITE_FULL in the middle of an import is exit 3 "disk full", nothing written (in process: max_page_count)', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    fs.copyFileSync(base, db);
    const before = dbFingerprint(db);
    const file = bigClients(dir);
    const importing = withDbFull(db, file);
    await expect(importing).rejects.toThrow(`disk full while writing ${db}: nothing was written`);
    await importing.catch((error: { exitCode?: number }) => expect(error.exitCode).toBe(3));
    expect(dbFingerprint(db)).toBe(before);
  });

  /** The import service on a real connection that may not grow the file by more than 20 pages. */
  async function withDbFull(db: string, file: string) {
    const { withDb } = await import('../src/db/connection.js');
    return withDb(db, 'write', async (handle) => {
      const pages = sq(handle).pragma('page_count', { simple: true }) as number;
      sq(handle).pragma(`max_page_count = ${pages + 20}`);
      return importFile(handle, { entity: 'clients', file, user: 'tester', now: new Date() });
    });
  }

  /** Write zeros until the disk refuses another byte. */
  function fillUp(file: string): void {
    const fd = fs.openSync(file, 'w');
    const chunk = Buffer.alloc(4096);
    try {
      for (;;) fs.writeSync(fd, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      fs.closeSync(fd);
    }
  }

  function mountSmallDisk(): string | undefined {
    const dir = tempDir();
    return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]).status === 0 ? dir : undefined;
  }
  /** Whether this sandbox lets the tests mount a tmpfs (root with CAP_SYS_ADMIN); otherwise only the in-process case runs. */
  const canMount = AS_ROOT && ((dir) => dir !== undefined && spawnSync('umount', [dir]).status === 0)(mountSmallDisk());

  it.skipIf(!canMount)('on a 2 MB tmpfs: the import and an export are exit 3 "disk full", the database as it was, no temp file left', () => {
    const mnt = mountSmallDisk()!;
    try {
      const db = path.join(mnt, 'crm.db');
      fs.copyFileSync(base, db);
      const before = snapshot(db);
      const run = crm(['--db', db, 'import', 'clients', bigClients(tempDir())]);
      expect(run.code, run.stderr + run.stdout).toBe(3);
      expect(run.stderr).toBe(`crm: disk full while writing ${db}: nothing was written\n`);
      expect(snapshot(db)).toBe(before); // byte for byte, and the -wal that filled the disk is gone
      expect(crm(['--db', db, 'clients', 'list']).stdout).toContain('C1');

      // an export from a database elsewhere to the full disk: ENOSPC
      fs.rmSync(db);
      fillUp(path.join(mnt, 'filler'));
      const exported = crm(['--db', base, 'export', 'clients', '-o', path.join(mnt, 'clients.csv')]);
      expect(exported.code, exported.stderr).toBe(3);
      expect(exported.stderr).toContain(`crm: disk full while writing ${path.join(mnt, 'clients.csv')}: nothing was written`);
      expect(fs.readdirSync(mnt)).toEqual(['filler']);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

describe('only crm init (and demo) create or change what --db names', () => {
  it('a typo in --db and in the entity: exit 2 for the entity, no file, no folder', () => {
    const dir = openDir();
    const db = path.join(dir, 'tpyo', 'crm.db');
    const run = crm(['--db', db, 'import', 'client', clientsCsv]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown entity "client"');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it.each([
    ['in a folder crm may not write: exit 3', 3, 'the folder {dir} is not writable', (dir: string) => path.join(dir, 'crm.db')],
    ['in a missing folder under one crm may not write: exit 3', 3, 'permission denied', (dir: string) => path.join(dir, 'new', 'crm.db')],
    ['under a file: exit 2', 2, 'is a file, not a folder', (dir: string) => path.join(writeFile(dir, 'notes.txt', 'x'), 'crm.db')],
  ])('crm init %s, nothing made', (_name, code, fragment, where) => {
    const dir = openDir();
    if (!AS_ROOT) fs.chmodSync(dir, 0o555);
    const db = where(dir);
    const before = fs.readdirSync(dir);
    const run = crmAs(['--db', db, 'init'], true);
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toContain(fragment.replace('{dir}', dir));
    expect(fs.readdirSync(dir)).toEqual(before);
  });

  it('a crm database made before the application_id is recognized; crm init marks it and changes no row', () => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    fs.copyFileSync(base, db);
    const raw = new Database(db);
    raw.pragma('application_id = 0');
    raw.close();
    const before = dbFingerprint(db);
    expect(crm(['--db', db, 'clients', 'list']).code).toBe(0);
    expect(crm(['--db', db, 'import', 'clients', clientsCsv, '--dry-run']).code).toBe(0);
    expect(query(db, 'PRAGMA application_id')).toEqual([{ application_id: 0 }]);
    const init = crm(['--db', db, 'init']);
    expect(init.code).toBe(0);
    expect(query(db, 'PRAGMA application_id')).toEqual([{ application_id: CRM_APPLICATION_ID }]);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('a newer-schema crm database is refused by every command, init included: exit 3, file as it was', () => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    fs.copyFileSync(base, db);
    const raw = new Database(db);
    raw.pragma(`user_version = ${version + 1}`);
    raw.close();
    const before = snapshot(db);
    for (const command of COMMANDS) {
      const run = crm(args(command, db));
      expect(run.code, command).toBe(3);
      expect(run.stderr).toContain(`newer than this crm understands (${version})`);
    }
    expect(snapshot(db)).toBe(before);
  });

  it.each([
    ['a CSV file', (dir: string) => writeFile(dir, 'x.db', 'code,name\n')],
    ["another application's database", (dir: string) => {
      const file = path.join(dir, 'x.db');
      foreignSqlite(file, (db) => db.exec('CREATE TABLE notes (x)'));
      return file;
    }],
  ])('crm demo --force never replaces %s: exit 2, file as it was', (_name, make) => {
    const db = make(openDir());
    const before = snapshot(db);
    const run = crm(['--db', db, 'demo', '--force']);
    expect(run.code).toBe(2);
    expect(snapshot(db)).toBe(before);
  });

  it('the disk-full and read-only translations leave other errors alone', () => {
    const error = new Error('x');
    expect(databaseError('crm.db', error)).toBe(error);
    expect(() => openDb(path.join(tempDir(), 'none.db'), 'read')).toThrow('no database at');
  });
});
