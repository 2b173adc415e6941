// More edges of a PostgreSQL server (issue 12): two installs of rights at once (crm init,
// crm users …) on one database are serialized — both succeed, or the second waits and says so;
// crm's functions that write the sales summaries are refused to the roles that could put them
// out of step with the shipments by calling them by hand.
// Each case: real crm processes, the exit code, the message fragment, what the server holds.
// Skipped with one line when no server is reachable (test/pgServer.ts).
import { spawn, spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, crm, loadBase, tempDir, writeFile, type Run } from './helpers.js';
import { clientConfig } from '../src/db/pg/config.js';
import { PG_ADMIN_URL, PG_AVAILABLE, pgQuery, scratchDatabase } from './pgServer.js';

const ROLES = ['admin', 'analyst', 'manager', 'warehouse'];

/** crm as a process of its own, not waited for: two of them run at once. */
function crmAsync(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', CRM_USER: 'tester', CRM_LANG: 'en', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Databases and logins this file made: roles are the server's, so they are dropped by name. */
const databases: string[] = [];
const logins: string[] = [];

async function newDatabase(hint: string): Promise<string> {
  const url = await scratchDatabase(hint, 's4pg');
  databases.push(new URL(url).pathname.slice(1));
  return url;
}

/** A session of the tests holding an advisory lock (as another crm would) until released. */
async function holdLock(url: string, sql: string): Promise<() => Promise<void>> {
  const client = new pg.Client(clientConfig(url));
  await client.connect();
  await client.query(sql);
  return async () => {
    await client.end();
  };
}

const INSTALL_LOCK = 0x63726d32; // src/db/rights.ts
const WRITE_LOCK = 0x63726d31; // src/db/pg/facade.ts

afterAll(async () => {
  if (!PG_AVAILABLE) return;
  for (const d of databases) await pgQuery(PG_ADMIN_URL, `DROP DATABASE IF EXISTS "${d}" WITH (FORCE)`);
  for (const l of logins) await pgQuery(PG_ADMIN_URL, `DROP ROLE IF EXISTS "${l}"`);
  for (const d of databases) for (const r of ROLES) await pgQuery(PG_ADMIN_URL, `DROP ROLE IF EXISTS "${d}_${r}"`);
});

describe.skipIf(!PG_AVAILABLE)('two installs of rights at once', () => {
  it('two crm init at once on one new database: both succeed, one creates, the other finds it made', async () => {
    // before: "tuple concurrently updated", a duplicate key in pg_class or a deadlock (exit 1) about one time in two
    for (let round = 0; round < 3; round++) {
      const url = await newDatabase(`init${round}`);
      const [a, b] = await Promise.all([crmAsync(['--db', url, 'init']), crmAsync(['--db', url, 'init'])]);
      expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
      const said = [a.stdout + a.stderr, b.stdout + b.stderr];
      expect(said.filter((s) => s.includes('created')).length).toBe(1);
      expect(said.filter((s) => s.includes('schema is at version')).length).toBe(1);
      const groups = await pgQuery<{ n: number }>(PG_ADMIN_URL, 'SELECT COUNT(*)::int AS n FROM pg_roles WHERE rolname LIKE $1', [`${new URL(url).pathname.slice(1)}\\_%`]);
      expect(groups[0]!.n).toBe(4);
    }
  });

  it('two crm init at once on an existing database (refreshing the rights) and two crm users add at once: all succeed', async () => {
    const url = await newDatabase('users');
    expect(crm(['--db', url, 'init']).code).toBe(0);
    const database = new URL(url).pathname.slice(1);
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([crmAsync(['--db', url, 'init']), crmAsync(['--db', url, 'init'])]);
      expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
      const x = `${database}_x${round}`.slice(0, 63);
      const y = `${database}_y${round}`.slice(0, 63);
      logins.push(x, y);
      const [c, d] = await Promise.all([crmAsync(['--db', url, 'users', 'add', x, '--role', 'analyst']), crmAsync(['--db', url, 'users', 'add', y, '--role', 'warehouse'])]);
      expect([c.code, d.code], c.stderr + d.stderr).toEqual([0, 0]);
    }
    const users = JSON.parse(crm(['--db', url, 'users', 'list', '--json']).stdout) as { login: string }[];
    expect(users).toHaveLength(6);
  });

  it('an install running elsewhere: crm init and crm users add wait for it, then exit 3 with one line, nothing changed', async () => {
    const url = await newDatabase('busy');
    expect(crm(['--db', url, 'init']).code).toBe(0);
    const login = `${new URL(url).pathname.slice(1)}_late`.slice(0, 63);
    logins.push(login);
    const release = await holdLock(url, `SELECT pg_advisory_lock(${INSTALL_LOCK})`);
    try {
      const env = { CRM_INSTALL_TIMEOUT_MS: '1000' };
      for (const args of [['init'], ['users', 'add', login, '--role', 'analyst']]) {
        const r = crm(['--db', url, ...args], { env });
        expect(r.code, r.stderr).toBe(3);
        expect(r.stderr).toContain('is busy: another crm init, crm users change or write holds it; waited 1 s, nothing was changed');
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }
      expect(await pgQuery(PG_ADMIN_URL, 'SELECT 1 FROM pg_roles WHERE rolname = $1', [login])).toEqual([]);
    } finally {
      await release();
    }
    // the other install ended: the same command goes through
    expect(crm(['--db', url, 'users', 'add', login, '--role', 'analyst']).code).toBe(0);
  });

  it("a write in progress: crm init's refresh of the rights waits for crm's write lock, then exit 3, nothing changed", async () => {
    const url = await newDatabase('writer');
    expect(crm(['--db', url, 'init']).code).toBe(0);
    const policies = async () => pgQuery(url, 'SELECT tablename, policyname FROM pg_policies ORDER BY 1, 2');
    await pgQuery(url, 'DROP POLICY crm_manager ON clients'); // an install would put it back
    const before = await policies();
    const release = await holdLock(url, `BEGIN; SELECT pg_advisory_xact_lock_shared(${WRITE_LOCK})`); // an import under way
    try {
      const r = crm(['--db', url, 'init'], { env: { CRM_BUSY_TIMEOUT_MS: '1000' } });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain('is busy');
      expect(await policies()).toEqual(before);
    } finally {
      await release();
    }
    expect(crm(['--db', url, 'init']).code).toBe(0);
    expect((await policies()).length).toBe(before.length + 1);
  });
});

describe.skipIf(!PG_AVAILABLE)("crm's summary functions called by hand", () => {
  const AS_OF = '2026-11-27';
  const dir = tempDir();
  let owner = '';
  let database = '';
  const password = 'pw-Сводка-1';
  const login = (role: string) => `${database}_${role.slice(0, 2)}`.slice(0, 63);
  const urlOf = (role: string) => {
    const admin = new URL(PG_ADMIN_URL);
    const u = new URL(`postgres://${admin.hostname || 'localhost'}${admin.port ? `:${admin.port}` : ''}/${database}`);
    u.username = login(role);
    u.password = password;
    return u.toString();
  };
  const as = (role: string, args: string[]) => crm(['--as-of', AS_OF, '--db', role === 'owner' ? owner : urlOf(role), ...args]);
  /** A call by hand as `role`, through the server only (psql would do the same). */
  const callAs = async (role: string, sql: string) => {
    const client = new pg.Client(clientConfig(urlOf(role)));
    await client.connect();
    try {
      await client.query(sql);
      return 'done';
    } catch (error) {
      return (error as Error).message;
    } finally {
      await client.end();
    }
  };
  const check = () => crm(['--db', owner, 'db', 'check']);
  /** The three summaries' rows, as the owner reads them. */
  const summaries = async () =>
    Promise.all(['sales_summary', 'sales_summary_client', 'sales_summary_client_group'].map((t) => pgQuery(owner, `SELECT * FROM ${t} ORDER BY 1, 2, 3`)));

  it('set up: a company, one user of each role', async () => {
    owner = await newDatabase('sums');
    database = new URL(owner).pathname.slice(1);
    loadBase(owner);
    for (const role of ROLES) {
      logins.push(login(role));
      const r = spawnSync(process.execPath, [BIN, '--db', owner, 'users', 'add', login(role), '--role', role, ...(role === 'manager' ? ['--manager', 'M1'] : []), '--password-stdin'], {
        cwd: ROOT,
        input: `${password}\n`,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', CRM_LANG: 'en' },
      });
      expect(r.status, r.stderr).toBe(0);
    }
  }, 120_000);

  // before: every group could EXECUTE them, and `crm db check` found the summaries out of step afterwards
  it.each([
    ['manager', 'crm_add_sales_summary_client', "SELECT crm_add_sales_summary_client('2026-01', 1, 1, 100000, 1, 0, 1, 1)"],
    ['warehouse', 'crm_add_sales_summary', "SELECT crm_add_sales_summary('2026-01', 1, 100000, 1, 0, 1, 1)"],
    ['warehouse', 'crm_add_sales_summary_client_group', "SELECT crm_add_sales_summary_client_group('2026-01', 1, 1, 100000, 1, 0, 1, 1)"],
    ['analyst', 'crm_add_sales_summary_client', "SELECT crm_add_sales_summary_client('2026-01', 1, 1, 100000, 1, 0, 1, 1)"],
  ])('%s calling %s by hand is refused by the server; the summaries stay right', async (role, fn, sql) => {
    const before = await summaries();
    expect(await callAs(role, sql)).toBe(`permission denied for function ${fn}`);
    expect(await summaries()).toEqual(before);
    expect(check().code).toBe(0);
  });

  it("what they may call instead only recomputes a row from the shipments: a call by hand can't put it out of step", async () => {
    const before = await summaries();
    // the keys to recompute, as JSON: rows of the shipments, and keys no shipment has (no row is left for them)
    expect(await callAs('manager', `SELECT crm_sync_sales_summary_client('[["2026-01", 1, 1], ["2020-01", 1, 0]]')`)).toBe('done');
    expect(await callAs('warehouse', `SELECT crm_sync_sales_summary('[["2026-03", 1], ["2026-01", 1], ["2019-05", 2]]')`)).toBe('done');
    expect(await callAs('warehouse', `SELECT crm_sync_sales_summary_client_group('[["2026-01", 1, 1]]')`)).toBe('done');
    expect(await summaries()).toEqual(before);
    const c = check();
    expect(c.code, c.stdout + c.stderr).toBe(0);
    // the admin (like the schema's owner) may write the summaries anyway: its crm adds the sums
    expect(await callAs('admin', "SELECT crm_add_sales_summary_client('2020-01', 1, 1, 1, 1, 0, 1, 1)")).toBe('done');
    expect(check().code).not.toBe(0);
    expect(crm(['--db', owner, 'db', 'rebuild-summaries']).code).toBe(0);
  });

  it("a manager's and a warehouse user's shipments, edits and undos still keep the summaries, as the owner's", () => {
    const shipments = (no: string, client: string, qty: number) =>
      writeFile(dir, `${no}-${qty}.csv`, `shipment_no,date,client_code,sku,qty,amount,cost,order_no\n${no},2026-04-02,${client},A1,${qty},${qty * 95},${qty * 80},\n${no},2026-04-02,${client},L1,2,280,180,\n`);
    for (const [role, no, client] of [['manager', 'SM1', 'C1'], ['warehouse', 'SW1', 'C2'], ['owner', 'SO1', 'C1']] as const) {
      let op = '';
      for (const qty of [10, 30]) {
        const r = as(role, ['import', 'shipments', shipments(no, client, qty)]);
        expect(r.code, r.stderr).toBe(0);
        op = /operation (\d+)/.exec(r.stdout + r.stderr)?.[1] ?? '';
        const c = check();
        expect(c.code, `${role} ${qty}: ${c.stdout}${c.stderr}`).toBe(0);
      }
      const u = as(role, ['undo', op]);
      expect(u.code, u.stderr).toBe(0);
      expect(check().code).toBe(0);
    }
    const report = JSON.parse(as('owner', ['report', 'sales', '--from', '2026-04-01', '--to', '2026-04-30', '--json']).stdout) as { totals: { amount: number } };
    expect(report.totals.amount).toBe(3 * (10 * 95 + 280));
  });
});
