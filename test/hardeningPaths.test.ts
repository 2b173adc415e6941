// Issue #9, paths and outputs: one rule for every file crm writes (export, template,
// report, plan show/export, list -o, import --errors). Each refusal is exit 2 with the
// flag and path named, the database unchanged, and the folder exactly as it was: the
// protected file byte-identical, no new file, no temp file left.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/connection.js';
import { UsageError } from '../src/errors.js';
import { outputTable } from '../src/io/render/index.js';
import { writeAtomically } from '../src/io/write.js';
import { BIN, baseDb, copyDb, crm, dbFingerprint, tempDir, writeFile, type Run } from './helpers.js';

let template: string;
beforeAll(() => {
  const dir = tempDir();
  template = baseDb(dir);
  // a sales plan and one plan run, so `plan export` and `plan show` have something to write
  for (const args of [
    ['import', 'plan-sales', writeFile(dir, 'plan-sales.csv', 'group_code,2027-01\nPWR,16000\nLIT,3000\n')],
    ['plan', 'run', '--from', '2027-01', '--months', '1'],
  ]) {
    const run = crm(['--db', template, ...args]);
    if (run.code !== 0) throw new Error(`${args.join(' ')}: ${run.stderr}`);
  }
});

/**
 * A copy of the company in a fresh folder, with the ways to name its database another way:
 * a symlink, a hard link, a folder `x` (for `x/../crm.db`), a folder named like a file, a
 * pipe, and an import file with one bad row and one good one.
 */
function workspace(): { dir: string; db: string } {
  const { dir, db } = copyDb(template);
  fs.symlinkSync('crm.db', path.join(dir, 'link.csv'));
  fs.symlinkSync('crm.db', path.join(dir, 'link.xlsx'));
  fs.linkSync(db, path.join(dir, 'hard.csv'));
  fs.mkdirSync(path.join(dir, 'x'));
  fs.mkdirSync(path.join(dir, 'folder.csv'));
  spawnSync('mkfifo', [path.join(dir, 'pipe.csv')]);
  writeFile(dir, 'bad.csv', 'code,name\nM9,\nM8,Новый менеджер\n');
  writeFile(dir, 'good.csv', 'code,name\nM8,Новый менеджер\n');
  return { dir, db };
}

/** Every entry of the folder: symlink target, or the bytes and mode of a file. Equal = nothing written, nothing left behind. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.endsWith('-wal') || name.endsWith('-shm')) continue; // SQLite's own, while a connection is open
    const file = path.join(dir, name);
    const stat = fs.lstatSync(file);
    if (stat.isSymbolicLink()) out[name] = `-> ${fs.readlinkSync(file)}`;
    else if (stat.isFile()) out[name] = `${(stat.mode & 0o7777).toString(8)} ${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`;
    else out[name] = stat.isDirectory() ? `folder ${fs.readdirSync(file).join(',')}` : 'other';
  }
  return out;
}

/** Run crm in the workspace (relative paths as a user types them); the folder and the database must not change. */
function refused(args: string[], options: { uid?: number } = {}): { run: Run; dir: string } {
  const { dir, db } = workspace();
  const fingerprint = dbFingerprint(db);
  const before = snapshot(dir);
  const run = options.uid === undefined ? crm(args, { cwd: dir }) : crmAs(options.uid, args, dir);
  expect(snapshot(dir)).toEqual(before);
  expect(dbFingerprint(db)).toBe(fingerprint);
  return { run, dir };
}

function crmAs(uid: number, args: string[], cwd: string): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    uid,
    gid: uid,
    env: { ...process.env, NO_COLOR: '1', CRM_USER: 'tester', HOME: '/tmp' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const DB = ['--db', 'crm.db'];

describe('an output that is the database or the input file is refused before anything is written', () => {
  it.each([
    [[...DB, 'export', 'managers', '-o', 'crm.db', '--format', 'csv'], '-o crm.db: that is the database crm.db'],
    [['export', 'managers', '-o', 'crm.db', '--format', 'csv'], '-o crm.db: that is the database crm.db'], // the default ./crm.db
    [[...DB, 'export', 'managers', '-o', './x/../crm.db', '--format', 'csv'], '-o ./x/../crm.db: that is the database'],
    [[...DB, 'export', 'managers', '-o', 'link.csv'], '-o link.csv: that is the database'],
    [[...DB, 'export', 'managers', '-o', 'hard.csv'], '-o hard.csv: that is the database'],
    [['--db', 'link.xlsx', 'export', 'managers', '-o', 'crm.db', '--format', 'csv'], '-o crm.db: that is the database link.xlsx'],
    [[...DB, 'export', 'managers', '-o', 'crm.db-wal', '--format', 'csv'], '-o crm.db-wal: that is the -wal file of the database crm.db'],
    [[...DB, 'export', 'managers', '-o', 'crm.db-shm', '--format', 'csv'], '-o crm.db-shm: that is the -shm file'],
    [[...DB, 'export', 'managers', '-o', 'crm.db-journal', '--format', 'json'], '-o crm.db-journal: that is the -journal file'],
    [[...DB, 'template', 'managers', '-o', 'link.xlsx'], '-o link.xlsx: that is the database'],
    [[...DB, 'report', 'sales', '-o', 'crm.db', '--format', 'csv'], '-o crm.db: that is the database'],
    [[...DB, 'report', 'sales', '-o', 'link.xlsx'], '-o link.xlsx: that is the database'],
    [[...DB, 'plan', 'show', '1', '--what', 'demand', '-o', 'crm.db', '--format', 'csv'], '-o crm.db: that is the database'],
    [[...DB, 'plan', 'show', '1', '-o', 'link.xlsx'], '-o link.xlsx: that is the database'],
    [[...DB, 'plan', 'export', 'sales', '-o', 'hard.csv'], '-o hard.csv: that is the database'],
    [[...DB, 'clients', 'list', '-o', 'crm.db', '--format', 'csv'], '-o crm.db: that is the database'],
    [[...DB, 'products', 'list', '-o', 'link.csv'], '-o link.csv: that is the database'],
    [[...DB, 'import', 'managers', 'bad.csv', '--errors', 'crm.db'], '--errors crm.db: that is the database'],
    [[...DB, 'import', 'managers', 'bad.csv', '--skip-invalid', '--errors', 'link.csv'], '--errors link.csv: that is the database'],
    [[...DB, 'import', 'managers', 'bad.csv', '--errors', 'bad.csv'], '--errors bad.csv: that is the file being imported'],
    [[...DB, 'import', 'managers', 'bad.csv', '--skip-invalid', '--errors', './x/../bad.csv'], '--errors ./x/../bad.csv: that is the file being imported'],
  ])('crm %j', (args, message) => {
    const { run } = refused(args);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('nothing was written');
    expect(run.code).toBe(2);
  });

  it('the safety net: writeAtomically refuses the database this process opened, whichever writer asks', async () => {
    const { dir, db } = workspace();
    const before = snapshot(dir);
    openDb(db, 'read').close();
    await expect(writeAtomically(db, async (temp) => fs.writeFileSync(temp, 'x'))).rejects.toThrow(/cannot write .*crm\.db: that is the database/);
    await expect(writeAtomically(path.join(dir, 'hard.csv'), async (temp) => fs.writeFileSync(temp, 'x'))).rejects.toThrow(UsageError);
    const table = { name: 't', columns: [{ key: 'a', header: 'a', kind: 'text' as const }], rows: [{ a: 'x' }] };
    await expect(outputTable(table, { output: `${db}-wal`, format: 'csv' }, { stdout: process.stdout, color: false })).rejects.toThrow(/-wal file of the database/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('an output that is a folder, a device, or in a folder that is missing: exit 2 naming the path', () => {
  it.each([
    [[...DB, 'export', 'managers', '-o', 'x', '--format', 'csv'], '-o x: that is a folder, not a file'],
    [[...DB, 'export', 'managers', '-o', 'folder.csv'], '-o folder.csv: that is a folder'],
    [[...DB, 'report', 'sales', '-o', 'folder.csv'], '-o folder.csv: that is a folder'],
    [[...DB, 'import', 'managers', 'bad.csv', '--errors', 'folder.csv'], '--errors folder.csv: that is a folder'],
    [[...DB, 'export', 'managers', '-o', 'pipe.csv'], '-o pipe.csv: not a regular file'],
    [[...DB, 'export', 'managers', '-o', 'nope/m.csv'], '-o nope/m.csv: folder'],
    [[...DB, 'template', 'managers', '-o', 'nope/t.xlsx'], '-o nope/t.xlsx: folder'],
    [[...DB, 'report', 'sales', '-o', 'nope/s.xlsx'], '-o nope/s.xlsx: folder'],
    [[...DB, 'plan', 'export', 'sales', '-o', 'nope/p.xlsx'], '-o nope/p.xlsx: folder'],
    [[...DB, 'plan', 'show', '1', '-o', 'nope/run.xlsx'], '-o nope/run.xlsx: folder'],
    [[...DB, 'clients', 'list', '-o', 'nope/c.csv'], '-o nope/c.csv: folder'],
    [[...DB, 'import', 'managers', 'bad.csv', '--skip-invalid', '--errors', 'nope/e.csv'], '--errors nope/e.csv: folder'],
    [[...DB, 'export', 'managers', '-o', 'bad.csv/m.csv'], 'bad.csv is not a folder'],
  ])('crm %j', (args, message) => {
    const { run } = refused(args);
    expect(run.stderr).toContain(message);
    if (message.endsWith(': folder')) expect(run.stderr).toMatch(/folder \/\S+\/nope does not exist/);
    expect(run.code).toBe(2);
  });

  it.each([
    [[...DB, 'import', 'managers', 'folder.csv'], 'folder.csv: that is a folder, not a file'],
    [[...DB, 'import', 'managers', 'x'], 'x: that is a folder, not a file: give one file of it'], // not "unsupported file type (none)"
    [[...DB, 'plan', 'revise', 'sales', 'folder.csv', '--from', '2027-01'], 'folder.csv: that is a folder, not a file'],
  ])('an input that is a folder: crm %j', (args, message) => {
    const { run } = refused(args);
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(2);
  });

  // Root ignores permission bits, so as root crm runs as nobody (65534) here: the folder
  // `ro` (555) is then really not writable for it. The check comes before the database is
  // opened, so nobody needs no access to the database.
  const asUser = process.getuid?.() === 0 ? 65534 : undefined;
  it.each([
    [[...DB, 'export', 'managers', '-o', 'ro/m.csv'], '-o ro/m.csv: folder'],
    [[...DB, 'template', 'managers', '-o', 'ro/t.xlsx'], '-o ro/t.xlsx: folder'],
    [[...DB, 'report', 'sales', '-o', 'ro/s.csv'], '-o ro/s.csv: folder'],
    [[...DB, 'import', 'managers', 'bad.csv', '--skip-invalid', '--errors', 'ro/e.xlsx'], '--errors ro/e.xlsx: folder'],
  ])('in a folder that is not writable: crm %j', (args, message) => {
    const { dir, db } = workspace();
    fs.mkdirSync(path.join(dir, 'ro'));
    fs.chmodSync(path.join(dir, 'ro'), 0o555);
    fs.chmodSync(dir, 0o755);
    const fingerprint = dbFingerprint(db);
    const run = asUser === undefined ? crm(args, { cwd: dir }) : crmAs(asUser, args, dir);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/folder \/\S+\/ro is not writable/);
    expect(run.code).toBe(2);
    expect(fs.readdirSync(path.join(dir, 'ro'))).toEqual([]);
    expect(dbFingerprint(db)).toBe(fingerprint);
  });
});

describe('replacing a file keeps its permission bits; a symlink is written through', () => {
  it.each([
    [['export', 'managers', '-o', 'out.csv'], 0o600],
    [['export', 'managers', '-o', 'out.xlsx'], 0o640],
    [['export', 'managers', '-o', 'out.json'], 0o604],
    [['report', 'sales', '-o', 'out.csv'], 0o600],
    [['plan', 'show', '1', '-o', 'out.xlsx'], 0o600],
    [['import', 'managers', 'bad.csv', '--errors', 'out.csv'], 0o600],
  ])('crm %j over a %o file', (args, mode) => {
    const { dir } = workspace();
    const out = path.join(dir, args.includes('--errors') ? args.at(-1)! : args[args.indexOf('-o') + 1]!);
    fs.writeFileSync(out, 'old');
    fs.chmodSync(out, mode);
    const run = crm([...DB, ...args], { cwd: dir });
    expect(run.code, run.stderr).toBe(args[0] === 'import' ? 2 : 0);
    expect(fs.readFileSync(out, 'utf8')).not.toBe('old');
    expect(fs.statSync(out).mode & 0o777).toBe(mode);
  });

  it('a symlink to a report file stays a link, and the file it points to is replaced', () => {
    const { dir } = workspace();
    fs.mkdirSync(path.join(dir, 'reports'));
    fs.writeFileSync(path.join(dir, 'reports', 'sales-2026.csv'), 'old');
    fs.symlinkSync('reports/sales-2026.csv', path.join(dir, 'latest.csv'));
    expect(crm([...DB, 'report', 'sales', '-o', 'latest.csv'], { cwd: dir }).code).toBe(0);
    expect(fs.readlinkSync(path.join(dir, 'latest.csv'))).toBe('reports/sales-2026.csv');
    expect(fs.readFileSync(path.join(dir, 'reports', 'sales-2026.csv'), 'utf8')).toMatch(/^month,group,/);
    expect(fs.readdirSync(path.join(dir, 'reports'))).toEqual(['sales-2026.csv']);
  });
});

describe('Ctrl-C or SIGTERM during an export: no temp file left, the old file untouched', () => {
  let big: string;
  beforeAll(() => {
    // 200,000 payments: exporting them to xlsx takes seconds, long enough to interrupt
    const dir = tempDir();
    big = path.join(dir, 'crm.db');
    fs.copyFileSync(template, big);
    const lines = ['payment_no,date,client_code,amount'];
    for (let i = 0; i < 200_000; i++) lines.push(`P${i},2026-${String(1 + (i % 9)).padStart(2, '0')}-${String(10 + (i % 18))},C${1 + (i % 2)},${(i % 1000) + 0.5}`);
    const run = crm(['--db', big, 'import', 'payments', writeFile(dir, 'payments.csv', `${lines.join('\n')}\n`)]);
    if (run.code !== 0) throw new Error(run.stderr);
  });

  it.each([
    ['SIGTERM', 143, 'out.xlsx'],
    ['SIGINT', 130, 'out.xlsx'],
    ['SIGTERM', 143, 'out.csv'],
  ] as const)('%s: exit %i, while writing %s', async (signal, code, name) => {
    const { dir, db } = copyDb(big);
    const out = path.join(dir, name);
    fs.writeFileSync(out, 'the old export');
    const child = spawn(process.execPath, [BIN, '--db', db, 'export', 'payments', '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (c, s) => resolve({ code: c, signal: s })));
    let sawTemp = false;
    const temps = () => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    const poll = setInterval(() => {
      if (!sawTemp && temps().length > 0) {
        sawTemp = true;
        child.kill(signal);
      }
    }, 2);
    const result = await exited;
    clearInterval(poll);
    expect(sawTemp, 'the temp file never appeared').toBe(true);
    expect(result).toEqual({ code, signal: null });
    expect(stderr).toContain(`interrupted (${signal})`);
    expect(temps()).toEqual([]);
    expect(fs.readFileSync(out, 'utf8')).toBe('the old export');
  });
});

describe('--format that contradicts the file extension is refused; no extension takes --format', () => {
  it.each([
    [[...DB, 'export', 'managers', '--format', 'csv', '-o', 'm.xlsx'], '--format csv and -o m.xlsx disagree: csv goes to a .csv file'],
    [[...DB, 'export', 'managers', '--format', 'xlsx', '-o', 'm.csv'], '--format xlsx and -o m.csv disagree'],
    [[...DB, 'export', 'managers', '--format', 'json', '-o', 'm.xlsx'], '--format json and -o m.xlsx disagree'],
    [[...DB, 'export', 'managers', '--format', '1c', '-o', 'm.xlsx'], '--format 1c and -o m.xlsx disagree: 1c goes to a .csv file'],
    [[...DB, 'export', 'managers', '--format', '1c', '-o', 'm.json'], '--format 1c and -o m.json disagree'],
    [[...DB, 'export', 'managers', '--format', 'csv', '-o', 'm.tsv'], '--format csv and -o m.tsv disagree'],
    [[...DB, 'export', 'managers', '--format', 'csv', '-o', 'backup.db'], '--format csv and -o backup.db disagree'],
    [[...DB, 'report', 'sales', '--format', 'csv', '-o', 's.xlsx'], '--format csv and -o s.xlsx disagree'],
    [[...DB, 'report', 'sales', '--format', 'xlsx', '-o', 's.json'], '--format xlsx and -o s.json disagree'],
    [[...DB, 'clients', 'list', '--format', 'csv', '-o', 'c.xlsx'], '--format csv and -o c.xlsx disagree'],
    [[...DB, 'clients', 'list', '--json', '-o', 'c.csv'], '--json and -o c.csv disagree'],
    [[...DB, 'plan', 'show', '1', '--what', 'demand', '--format', 'json', '-o', 'd.csv'], '--format json and -o d.csv disagree'],
  ])('crm %j', (args, message) => {
    const { run } = refused(args);
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(2);
  });

  it.each([
    [['export', 'managers', '--format', '1c', '-o', 'm.csv'], 'm.csv', /^Код;/],
    [['export', 'managers', '--format', 'csv', '-o', 'managers'], 'managers', /^code,name,email,active\r?\n/],
    [['export', 'managers', '--format', 'json', '-o', 'managers.2026-11'], 'managers.2026-11', /^\[\n\{"code":"M1"/],
    [['report', 'sales', '--format', 'csv', '-o', 'sales'], 'sales', /^month,group,/],
  ])('accepted: crm %j', (args, name, start) => {
    const { dir } = workspace();
    const run = crm([...DB, ...args], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const bytes = fs.readFileSync(path.join(dir, name));
    expect(args.includes('1c') ? new TextDecoder('windows-1251').decode(bytes) : bytes.toString('utf8')).toMatch(start);
  });
});

describe('a refused --errors names --errors, and is refused before the import writes anything', () => {
  it.each([
    [['import', 'managers', 'bad.csv', '--errors', 'e.db'], '--errors e.db: the problems go to an .xlsx or .csv file'],
    [['import', 'managers', 'bad.csv', '--skip-invalid', '--errors', 'e.db'], '--errors e.db:'],
    [['import', 'managers', 'bad.csv', '--skip-invalid', '--errors', 'e.json'], '--errors e.json:'],
    [['import', 'managers', 'bad.csv', '--skip-invalid', '--errors', 'errors'], '--errors errors:'],
    [['import', 'managers', 'good.csv', '--errors', 'e.db'], '--errors e.db:'], // even when the file turns out to have no problems
  ])('crm %j', (args, message) => {
    const { run } = refused([...DB, ...args]);
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(2);
  });
});
