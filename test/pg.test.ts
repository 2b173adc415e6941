// The PostgreSQL backend (SPEC §8): the demo company loaded into an SQLite file and into a
// scratch PostgreSQL database gives the same output for every report, listing and export;
// the same writes on both (imports with rejects, edits, deletes, undo, a plan run) leave the
// same data; a wrong URL or database is one line with the right exit code. Skipped with one
// line when no server is reachable (test/pgServer.ts).
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crm, loadBase, dbFingerprint, query, tempDir, writeFile, type Run } from './helpers.js';
import { PG_AVAILABLE, pgQuery, scratchDatabase } from './pgServer.js';

const AS_OF = '2026-11-27';

/**
 * The same command on both backends; the output with each database's name replaced by DB.
 * An argument `OUT.csv` is a new file per backend, its contents appended to stdout.
 */
function both(lite: string, pg: string, args: string[]): { lite: Run; pg: Run } {
  const run = (db: string) => {
    const dir = tempDir();
    const files: string[] = [];
    const resolved = args.map((a) => (a.startsWith('OUT.') ? (files.push(path.join(dir, a)), files.at(-1)!) : a));
    const r = crm(['--as-of', AS_OF, '--db', db, ...resolved]);
    const clean = (s: string) => s.split(db).join('DB').split(dir).join('DIR');
    return { code: r.code, stdout: clean(r.stdout + files.map((f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '')).join('')), stderr: clean(r.stderr) };
  };
  return { lite: run(lite), pg: run(pg) };
}

/** Each report's filters (crm report NAME --help), each on its own and a period: the SQL of each filter runs on both. */
const FILTERS: Record<string, string[]> = {
  'plan-fact': ['group', 'manager', 'period'],
  sales: ['group', 'manager', 'client', 'period'],
  'receivables-turnover': ['manager', 'client', 'period'],
  stock: ['group', 'manager', 'supplier'],
  illiquid: ['group', 'manager', 'supplier'],
  'illiquid-sales': ['group', 'manager', 'client', 'period'],
  'reserve-turnover': ['group', 'manager', 'client', 'period'],
  'low-profit-stock': ['group', 'manager', 'supplier', 'period'],
  refusals: ['group', 'manager', 'client', 'period'],
  potential: ['manager', 'client'],
  managers: ['manager', 'period'],
  terms: ['manager', 'client', 'period'],
  delays: ['manager', 'client', 'period'],
  funnel: ['manager', 'period'],
  interactions: ['manager', 'client', 'period'],
  negotiations: ['manager', 'client', 'period'],
  claims: ['group', 'manager', 'client', 'supplier', 'period'],
  deliveries: ['manager', 'client', 'period'],
  commissions: ['manager', 'period'],
  'order-profitability': ['manager', 'client', 'period'],
  originals: ['manager', 'client'],
};
const FILTER_ARGS: Record<string, string[]> = {
  group: ['--group', 'G2'],
  manager: ['--manager', 'M02'],
  client: ['--client', 'C005'],
  supplier: ['--supplier', 'S02'],
  period: ['--from', '2025-03', '--to', '2025-09-15'],
};
const FILTERED = Object.entries(FILTERS).flatMap(([report, filters]) => filters.map((f) => ['report', report, ...FILTER_ARGS[f]!, '--json']));

/** Every report (crm report list) and the listings a user reads: output equal on both. */
const READS: string[][] = [
  ['report', 'plan-fact', '--json'],
  ['report', 'plan-fact', '--cumulative', '--json'],
  ['report', 'sales', '--json'],
  ['report', 'sales', '--by', 'manager', '--json'],
  ['report', 'sales', '--by', 'client', '--from', '2025-01', '--to', '2025-12', '--json'],
  ['report', 'sales', '--group', 'G1', '--json'],
  ['report', 'receivables-turnover', '--json'],
  ['report', 'stock', '--json'],
  ['report', 'illiquid', '--json'],
  ['report', 'illiquid-sales', '--json'],
  ['report', 'reserve-turnover', '--json'],
  ['report', 'low-profit-stock', '--json'],
  ['report', 'refusals', '--json'],
  ['report', 'potential', '--json'],
  ['report', 'managers', '--json'],
  ['report', 'terms', '--json'],
  ['report', 'delays', '--json'],
  ['report', 'funnel', '--json'],
  ['report', 'funnel', '--channel', 'прямые продажи', '--json'],
  ['report', 'interactions', '--silent-days', '60', '--json'],
  ['report', 'negotiations', '--json'],
  ['report', 'claims', '--json'],
  ['report', 'deliveries', '--by', 'carrier', '--json'],
  ['report', 'commissions', '--json'],
  ['report', 'order-profitability', '--json'],
  ['report', 'originals', '--days', '10', '--json'],
  ['report', 'sales'],
  ...FILTERED,
  ['plan', 'show', '1', '--what', 'demand', '--json'],
  ['plan', 'show', '1', '--what', 'cash-in', '--json'],
  ['plan', 'show', '1', '--what', 'inventory', '--format', 'csv'],
  ['plan', 'show', '1', '--what', 'purchases', '--by', 'supplier'],
  ['plan', 'explain', '1', 'A0010', '2027-03'],
  ['plan', 'diff', 'sales', '1', '1'],
  ['products', 'duplicates'],
  ['clients', 'duplicates'],
  ['clients', 'list', '--json'],
  ['clients', 'show', 'C001'],
  ['products', 'list', '--json'],
  ['managers', 'list'],
  ['groups', 'list'],
  ['suppliers', 'list'],
  ['export', 'clients', '-o', 'OUT.csv'],
  ['export', 'shipments', '-o', 'OUT.csv'],
  ['export', 'orders', '-o', 'OUT.json'],
  ['import', 'shipments', 'fixtures/shipments-1c.csv', '--dry-run'],
];

/** What the writes leave behind, read the same way on both. */
const AFTER_WRITES: string[][] = [
  ['export', 'payments', '-o', 'OUT.csv'],
  ['export', 'clients', '-o', 'OUT.csv'],
  ['export', 'shipments', '-o', 'OUT.csv'],
  ['report', 'receivables-turnover', '--json'],
  ['report', 'sales', '--by', 'client', '--json'],
  ['plan', 'runs', '--json'],
  ['plan', 'show', '2', '--what', 'purchases', '--json'],
];

describe.skipIf(!PG_AVAILABLE)('PostgreSQL: the demo company on both backends', () => {
  let lite = '';
  let pg = '';

  beforeAll(async () => {
    lite = path.join(tempDir(), 'demo.db');
    pg = await scratchDatabase('pg.test');
    for (const db of [lite, pg]) {
      const run = crm(['--as-of', AS_OF, '--db', db, 'demo'], { timeout: 600_000 });
      if (run.code !== 0) throw new Error(`demo on ${db}: ${run.stderr}`);
    }
  }, 600_000);

  it('lists every report of crm report list here, with every filter it takes', () => {
    const listed = crm(['report', 'list']).stdout.split('\n').map((l) => /^([a-z-]+)\s{2,}/.exec(l)?.[1]).filter((n): n is string => !!n);
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.filter((name) => !READS.some((a) => a[0] === 'report' && a[1] === name))).toEqual([]);
    for (const name of listed) {
      const help = crm(['report', name, '--help']).stdout;
      const takes = ['group', 'manager', 'client', 'supplier'].filter((f) => help.includes(`--${f} <`));
      if (help.includes('--from <')) takes.push('period');
      expect(FILTERS[name]?.slice().sort(), name).toEqual(takes.sort());
    }
  });

  it.each(READS.map((a) => [a.join(' '), a] as const))('%s: the same output on both', (_name, args) => {
    const { lite: a, pg: b } = both(lite, pg, args);
    expect(a.code).toBe(0);
    expect(b.stderr).toBe(a.stderr);
    expect(b.stdout).toBe(a.stdout);
    expect(b.code).toBe(a.code);
    expect(a.stdout.length).toBeGreaterThan(10);
  });

  it('the same writes give the same answers and leave the same data', () => {
    const dir = tempDir();
    const payments = writeFile(
      dir,
      'payments.csv',
      'payment_no,date,client_code,amount,order_no\nT-1,2026-11-20,C001,1000.50,\nT-2,2026-11-21,C002,"2 000,25",\nT-3,2026-11-22,NOPE,5,\nT-4,2026-11-23,C003,77,\n',
    );
    // the demo's operations, the last its plan run; then the import (+1), the edit (+2), the delete (+3)
    const demoOps = Number(query<{ n: number }>(lite, 'SELECT MAX(id) AS n FROM operations')[0]!.n);
    const steps: [string[], number][] = [
      [['import', 'payments', payments, '--skip-invalid'], 4],
      [['import', 'payments', payments], 2],
      [['clients', 'edit', 'C001', '--name', 'ООО «Новое имя»', '--credit-limit', '150 000'], 0],
      [['delete', 'payments', 'T-2'], 0],
      [['undo', String(demoOps + 3)], 0],
      [['history', '--json'], 0],
      [['plan', 'run', '--from', '2027-01', '--months', '6'], 0],
      [['undo', String(demoOps), '--dry-run'], 0],
      [['import', 'payments', payments, '--skip-invalid', '--dry-run'], 4],
    ];
    const times = (s: string) => s.replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?Z?/g, 'TIME').replace(/\(\d+(\.\d+)? s\)/g, '(N s)');
    for (const [args, code] of steps) {
      const { lite: a, pg: b } = both(lite, pg, args);
      expect(a.code, `${args.join(' ')}: ${a.stderr}`).toBe(code);
      expect(times(b.stderr), args.join(' ')).toBe(times(a.stderr));
      expect(times(b.stdout), args.join(' ')).toBe(times(a.stdout));
      expect(b.code).toBe(a.code);
    }
    for (const args of AFTER_WRITES) {
      const { lite: a, pg: b } = both(lite, pg, args);
      expect(a.code, `${args.join(' ')}: ${a.stderr}`).toBe(0);
      expect(times(b.stdout), args.join(' ')).toBe(times(a.stdout));
    }
  }, 300_000);

  it('db copy SQLite → PostgreSQL → SQLite: the same checksums, the same reports, the next operation number', async () => {
    const up = await scratchDatabase('pg.test.copy');
    const down = path.join(tempDir(), 'back.db');
    const first = crm(['db', 'copy', lite, up, '--json']);
    expect(first.stderr).toContain('counts and checksums agree');
    expect(first.code).toBe(0);
    const second = crm(['db', 'copy', up, down, '--json']);
    expect(second.code).toBe(0);
    const sums = (r: Run) => (JSON.parse(r.stdout) as { tables: unknown[] }).tables;
    expect(sums(second)).toEqual(sums(first));
    expect((sums(first) as { rows: number }[]).reduce((n, t) => n + t.rows, 0)).toBeGreaterThan(80_000);
    for (const args of [...READS.filter((a) => a[0] === 'report' || a[0] === 'plan'), ...AFTER_WRITES]) {
      const a = both(lite, up, args);
      expect(a.pg.stdout, `${args.join(' ')} on the copy`).toBe(a.lite.stdout);
      const b = both(lite, down, args);
      expect(b.pg.stdout, `${args.join(' ')} on the copy of the copy`).toBe(b.lite.stdout);
    }
    // the id counters came along: the next operation has the number it has in the original
    const next = [lite, up, down].map((db) => crm(['--db', db, 'import', 'managers', 'fixtures/managers.csv', '--dry-run']).stdout);
    const one = writeFile(tempDir(), 'one.csv', 'payment_no,date,client_code,amount,order_no\nT-9,2026-11-25,C004,10,\n');
    const ops = [lite, up, down].map((db) => {
      const r = crm(['--db', db, 'import', 'payments', one]);
      return (r.stdout + r.stderr).split(db).join('DB');
    });
    expect(new Set(next).size).toBe(1);
    expect(new Set(ops).size).toBe(1);
    expect(ops[0]).toMatch(/operation \d+/);
  }, 600_000);

  it.each([
    ['into a database that holds data', () => [lite, pg], 2, 'already holds data'],
    ['into an existing file', () => [pg, lite], 2, 'already exists'],
    ['onto itself', () => [pg, pg], 2, 'the same database'],
    ['from a database that does not exist', () => [pg.replace(/\/[^/]*$/, '/crm_no_such_db'), path.join(tempDir(), 'x.db')], 2, 'create the database first'],
  ] as [string, () => string[], number, string][])('db copy %s: refused, nothing written', (_name, dbs, code, message) => {
    const [from, to] = dbs();
    const before = dbFingerprint(lite);
    const history = crm(['--db', pg, 'history', '--json']).stdout;
    const run = crm(['db', 'copy', from!, to!]);
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(code);
    expect(dbFingerprint(lite)).toBe(before);
    expect(crm(['--db', pg, 'history', '--json']).stdout).toBe(history);
    if (!/^postgres/.test(to!) && to !== lite) expect(fs.existsSync(to!)).toBe(false);
  });

  it('db check passes and db info names the server', () => {
    const check = crm(['--db', pg, 'db', 'check']);
    expect(check.stderr).toContain('passed 8 checks');
    expect(check.code).toBe(0);
    const info = crm(['--db', pg, 'db', 'info']);
    expect(info.stdout).toContain(`database ${new URL(pg).pathname.slice(1)}, user`);
    expect(info.stdout).toContain('server: PostgreSQL');
    expect(info.code).toBe(0);
  });
});

describe.skipIf(!PG_AVAILABLE)('PostgreSQL: init and the wrong database', () => {
  let empty = '';
  let foreign = '';

  beforeAll(async () => {
    empty = await scratchDatabase('pg.test.empty');
    foreign = await scratchDatabase('pg.test.foreign');
    await pgQuery(foreign, 'CREATE TABLE invoices (id int)');
  });

  it('crm init creates the schema; a second init finds it up to date', async () => {
    const db = await scratchDatabase('pg.test.init');
    const first = crm(['--db', db, 'init']);
    expect(first.stdout + first.stderr).toContain('schema version');
    expect(first.code).toBe(0);
    const version = /schema version (\d+)/.exec(first.stdout + first.stderr)![1];
    expect(await pgQuery(db, "SELECT value FROM crm_meta WHERE key = 'schema_version'")).toEqual([{ value: version }]);
    const again = crm(['--db', db, 'init']);
    expect(again.code).toBe(0);
    const report = crm(['--db', db, 'report', 'sales', '--json']);
    expect(report.code).toBe(0);
  });

  it.each([
    ['a database that does not exist', () => empty.replace(/\/[^/]*$/, '/crm_no_such_database_at_all'), ['report', 'sales'], 2, 'create the database first'],
    ['an empty database', () => empty, ['report', 'sales'], 2, 'no crm database at'],
    ['an empty database, a write', () => empty, ['import', 'managers', 'fixtures/managers.csv'], 2, 'crm init'],
    ['another application\'s tables', () => foreign, ['init'], 2, "another application's tables"],
    ['no server listening', () => 'postgres://crm@127.0.0.1:1/crm', ['report', 'sales'], 3, 'cannot connect to the PostgreSQL server'],
    ['a wrong password', () => 'postgres://crm_nobody:wrong@127.0.0.1:5432/postgres', ['report', 'sales'], 3, 'PostgreSQL refused the login'],
    ['no password at all', () => 'postgres://crm_nobody@127.0.0.1:5432/postgres', ['report', 'sales'], 3, 'no password given'],
    ['a port that is not a number', () => 'postgres://crm_nobody:wrong@127.0.0.1:abc/postgres', ['db', 'info'], 2, 'not a valid PostgreSQL URL'],
  ] as [string, () => string, string[], number, string][])('%s: refused with one line', (_name, url, args, code, message) => {
    const run = crm(['--db', url(), ...args]);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toContain('wrong@'); // never the password
    expect(run.code).toBe(code);
  });

  it('crm backup on a server writes a verified SQLite snapshot; crm restore loads it back in one transaction, keeping what it replaced', async () => {
    const db = await scratchDatabase('pg.test.backup');
    loadBase(db);
    const file = path.join(tempDir(), 'snapshot.db');
    const backup = crm(['--db', db, 'backup', file, '--json']);
    expect(backup.code, backup.stderr).toBe(0);
    const manifest = JSON.parse(backup.stdout) as { tables: Record<string, number>; database: string };
    expect(manifest.database).toBe(db);
    expect(manifest.tables.sales_orders).toBe(2); // O1 and O2 of the base orders
    expect(crm(['--db', file, 'db', 'check']).code).toBe(0);
    expect(crm(['--db', file, 'history', '--json']).stdout).toBe(crm(['--db', db, 'history', '--json']).stdout);
    for (const args of [['export', 'orders', '-o', 'OUT.csv'], ['clients', 'list', '--json'], ['report', 'sales', '--json']]) {
      const { lite: a, pg: b } = both(file, db, args);
      expect(a.code).toBe(0);
      expect(b.stdout, args.join(' ')).toBe(a.stdout);
    }
    const payment = writeFile(tempDir(), 'pay.csv', 'payment_no,date,client_code,amount\nR-1,2026-04-02,C1,5\n');
    const paid = crm(['--db', db, 'import', 'payments', payment]);
    expect(paid.code, paid.stderr).toBe(0);
    const payments = async () => (await pgQuery<{ n: number }>(db, 'SELECT COUNT(*)::int AS n FROM client_payments'))[0]!.n;
    expect(await payments()).toBe(1);

    // a backup changed since it was made: refused, nothing written
    const damaged = path.join(tempDir(), 'damaged.db');
    fs.copyFileSync(file, damaged);
    fs.copyFileSync(`${file}.manifest.json`, `${damaged}.manifest.json`);
    fs.appendFileSync(damaged, 'x');
    const refused = crm(['--db', db, 'restore', damaged]);
    expect(refused.stderr).toContain('does not match its manifest');
    expect(refused.code).toBe(3);
    expect(await payments()).toBe(1);

    const restore = crm(['--db', db, 'restore', file]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`restored ${file} into ${db} as operation 9`); // 8 was the payment's: never reused
    expect(await payments()).toBe(0);
    const { lite: a, pg: b } = both(file, db, ['export', 'orders', '-o', 'OUT.csv']);
    expect(b.stdout).toBe(a.stdout);
    expect(crm(['--db', db, 'db', 'check']).code).toBe(0);
    const kept = /kept as (\S+?):/.exec(restore.stdout)![1]!;
    expect(path.dirname(kept)).toBe(path.dirname(file)); // beside the snapshot
    const back = crm(['--db', db, 'restore', kept]);
    expect(back.code, back.stderr).toBe(0);
    expect(await payments()).toBe(1);
  });

  it('the wrong database is left as it was', async () => {
    expect(await pgQuery(foreign, "SELECT COUNT(*)::int AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")).toEqual([{ n: 1 }]);
    expect(await pgQuery(empty, "SELECT COUNT(*)::int AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")).toEqual([{ n: 0 }]);
  });
});

// an SQLite file stays SQLite: nothing of this file's servers touches it
it('an SQLite path is never taken for a server', () => {
  const db = path.join(tempDir(), 'postgres.db');
  expect(crm(['--db', db, 'init']).code).toBe(0);
  const before = dbFingerprint(db);
  expect(crm(['--db', db, 'report', 'sales', '--json']).code).toBe(0);
  expect(dbFingerprint(db)).toBe(before);
});

// a mistyped scheme is a mistake, not a file to create (it made folders named after the URL, password and all)
it.each([['pg://ann:wrong@localhost/crm'], ['postgress://ann:wrong@localhost/crm'], ['postgres:/crm']])('--db %s: exit 2, nothing created, no password shown', (url) => {
  const cwd = tempDir();
  for (const args of [['init'], ['demo'], ['report', 'sales']]) {
    const run = crm(['--db', url, ...args], { cwd, env: { PGPASSWORD: '' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a database crm knows');
    expect(run.stderr).not.toContain('wrong@');
  }
  expect(fs.readdirSync(cwd)).toEqual([]);
});
