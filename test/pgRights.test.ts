// Users and rights on PostgreSQL (SPEC §8): each role logs in with its password and does what
// its policy (src/db/rightsPolicy.ts) allows; what it may not is refused by the server, exit 3
// with one line, nothing written. A manager's sales report lists only the manager's clients,
// its totals theirs alone. Skipped with one line when no server is reachable (test/pgServer.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, BIN, ROOT, crm, loadBase, tempDir, writeFile, type Run } from './helpers.js';
import { PG_ADMIN_URL, PG_AVAILABLE, pgQuery, scratchDatabase } from './pgServer.js';

const AS_OF = '2026-11-27';
const ROLES = ['admin', 'analyst', 'manager', 'warehouse'] as const;
type Who = (typeof ROLES)[number] | 'owner';

let owner = '';
let database = '';
const password = (role: string) => `pw-${role}-Секрет`;
const login = (role: string) => `${database}_u_${role}`.slice(0, 63);

/** The URL a user logs in with: TCP to the tests' server, the password in it. */
function urlOf(who: Who): string {
  if (who === 'owner') return owner;
  const admin = new URL(PG_ADMIN_URL);
  const u = new URL(`postgres://${admin.hostname || 'localhost'}${admin.port ? `:${admin.port}` : ''}/${database}`);
  u.username = login(who);
  u.password = password(who);
  return u.toString();
}

function as(who: Who, args: string[], input?: string): Run {
  if (input === undefined) return crm(['--as-of', AS_OF, '--db', urlOf(who), ...args]);
  const r = spawnSync(process.execPath, [BIN, '--as-of', AS_OF, '--db', urlOf(who), ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CRM_USER: 'tester' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Every row of every crm table, hashed by the server: equal = nothing written. */
async function fingerprint(): Promise<string> {
  const tables = (await pgQuery<{ name: string }>(owner, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).map((t) => t.name);
  const sums = await pgQuery<{ t: string; h: string }>(
    owner,
    tables.map((t) => `SELECT '${t}' AS t, md5(COALESCE(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`).join(' UNION ALL '),
  );
  return sums.map((s) => `${s.t}:${s.h}`).join(',');
}

const dir = tempDir();
const file = (name: string, text: string) => writeFile(dir, name, text);
const sumOf = (rows: { amount: number }[]) => Math.round(rows.reduce((s, r) => s + r.amount, 0) * 100) / 100;

describe.skipIf(!PG_AVAILABLE)('users and rights on PostgreSQL', () => {
  beforeAll(async () => {
    owner = await scratchDatabase('rights', 'rights');
    database = new URL(owner).pathname.slice(1);
    loadBase(owner);
    const shipments = file(
      'shipments.csv',
      'shipment_no,date,client_code,sku,qty,amount,cost,order_no\nS1,2026-01-12,C1,A1,100,9500,8000,O1\nS1,2026-01-12,C1,L1,10,1400,900,O1\nS2,2026-02-03,C2,L1,5,750,450,O2\nS3,2026-03-05,C1,A2,200,14000,11000,\nS4,2026-03-06,C2,A1,100,10000,8000,\n',
    );
    expect(crm(['--db', owner, 'import', 'shipments', shipments]).code).toBe(0);
    for (const role of ROLES) {
      const r = as('owner', ['users', 'add', login(role), '--role', role, ...(role === 'manager' ? ['--manager', 'M1'] : []), '--password-stdin'], `${password(role)}\n`);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(password(role)); // never echoed
    }
  }, 120_000);

  afterAll(async () => {
    if (!database) return;
    // roles belong to the server, not the database: drop the database, then its users and groups
    await pgQuery(PG_ADMIN_URL, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    for (const role of [...ROLES, 'extra']) await pgQuery(PG_ADMIN_URL, `DROP ROLE IF EXISTS "${login(role)}"`);
    for (const role of ROLES) {
      await pgQuery(PG_ADMIN_URL, `DROP ROLE IF EXISTS "${database}_${role}"`);
    }
  });

  it('crm users list shows each user with role and manager; the server keeps no password in clear', async () => {
    const users = JSON.parse(as('owner', ['users', 'list', '--json']).stdout) as { login: string; role: string; manager: string | null; active: boolean }[];
    expect(users.map((u) => [u.role, u.manager, u.active])).toEqual([
      ['admin', null, true],
      ['analyst', null, true],
      ['manager', 'M1', true],
      ['warehouse', null, true],
    ]);
    const stored = await pgQuery<{ p: string }>(PG_ADMIN_URL, 'SELECT rolpassword AS p FROM pg_authid WHERE rolname = $1', [login('manager')]);
    expect(stored[0]!.p).toMatch(/^SCRAM-SHA-256\$4096:/);
  });

  it("a manager's sales report lists only the manager's clients, and its totals are theirs alone", () => {
    const all = JSON.parse(as('owner', ['report', 'sales', '--by', 'client', '--json']).stdout) as { rows: { client: string; amount: number }[]; totals: { amount: number } };
    const mine = JSON.parse(as('manager', ['report', 'sales', '--by', 'client', '--json']).stdout) as typeof all;
    expect(new Set(all.rows.map((r) => r.client))).toEqual(new Set(['C1', 'C2']));
    expect(new Set(mine.rows.map((r) => r.client))).toEqual(new Set(['C1'])); // M1's client only
    // S1 (9500 + 1400) and S3 (14000) went to C1
    expect(mine.totals.amount).toBe(24900);
    expect(sumOf(mine.rows)).toBe(mine.totals.amount);
    expect(mine.rows).toEqual(all.rows.filter((r) => r.client === 'C1'));
    // the group summary sums every client: a manager's report by group reads the client × group summary the server shows
    const groups = JSON.parse(as('manager', ['report', 'sales', '--json']).stdout) as typeof all;
    expect(groups.totals.amount).toBe(24900);
    // …the same cells as the owner's of M1's one client
    expect(groups.rows).toEqual((JSON.parse(as('owner', ['report', 'sales', '--client', 'C1', '--json']).stdout) as typeof all).rows);
  });

  it('what each role may do, it does; the operation is recorded under its login (current_user)', async () => {
    const ok: [Who, string[]][] = [
      ['manager', ['import', 'payments', file('p-c1.csv', 'payment_no,date,client_code,amount\nP-M,2026-11-20,C1,500\n')]],
      ['manager', ['clients', 'edit', 'C1', '--name', 'ООО Альфа-М']],
      ['warehouse', ['import', 'stock', file('stock.csv', 'date,sku,qty\n2026-11-01,A1,40\n')]],
      ['warehouse', ['import', 'shipments', file('s-wh.csv', 'shipment_no,date,client_code,sku,qty,amount,cost\nS-W,2026-11-02,C2,A1,1,100,80\n')]],
      ['analyst', ['import', 'plan-sales', file('plan.csv', 'month,group_code,amount\n2026-12,PWR,100000\n')]],
      ['admin', ['import', 'plan-sales', file('plan-past.csv', 'month,group_code,amount\n2026-01,PWR,90000\n'), '--force', '--note', 'fix']],
    ];
    for (const [who, args] of ok) {
      const r = as(who, args);
      expect(r.code, `${who} ${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const users = await pgQuery<{ user: string; command: string }>(owner, 'SELECT "user", command FROM operations ORDER BY id DESC LIMIT 6');
    expect(users.map((u) => u.user).reverse()).toEqual(['manager', 'manager', 'warehouse', 'warehouse', 'analyst', 'admin'].map(login));
    // the summaries the writers kept through crm's functions equal a full scan
    expect(as('owner', ['db', 'check']).code).toBe(0);
    // a manager's history shows the manager's own operations only
    const history = JSON.parse(as('manager', ['history', '--json']).stdout) as { operations: { user: string; argv: string }[] };
    expect(new Set(history.operations.map((h) => h.user))).toEqual(new Set([login('manager')]));
    // the command line kept with each operation never holds the password of the URL
    expect(history.operations[0]!.argv).toContain(`${login('manager')}:***@`);
    const argvs = await pgQuery<{ argv: string }>(owner, 'SELECT argv FROM operations');
    for (const role of ROLES) expect(argvs.some((a) => a.argv.includes(password(role)))).toBe(false);
  });

  it.each([
    ['manager', ['import', 'plan-sales', 'PLAN'], 'permission denied for table plan_versions'],
    ['manager', ['clients', 'edit', 'C1', '--manager-code', 'M2'], 'row-level security policy for table "clients"'],
    ['manager', ['users', 'add', 'rights_nobody', '--role', 'analyst'], 'may create roles (CREATEROLE)'],
    ['warehouse', ['import', 'payments', 'PAYMENT'], 'permission denied for table client_payments'],
    ['warehouse', ['report', 'plan-fact', '--json'], 'permission denied'],
    ['analyst', ['import', 'payments', 'PAYMENT'], 'permission denied for table client_payments'],
    ['analyst', ['clients', 'edit', 'C2', '--name', 'X'], 'permission denied for table clients'],
    ['analyst', ['import', 'plan-sales', 'PAST', '--force', '--note', 'why'], 'past and frozen'],
  ] as [Who, string[], string][])('%s %j: refused, exit 3, one line, nothing written', async (who, args, message) => {
    const inputs: Record<string, string> = {
      PLAN: file('plan-m.csv', 'month,group_code,amount\n2026-12,PWR,1\n'),
      PAYMENT: file('p-x.csv', 'payment_no,date,client_code,amount\nP-X,2026-11-20,C1,500\n'),
      PAST: file('plan-p.csv', 'month,group_code,amount\n2026-02,PWR,1\n'),
    };
    const before = await fingerprint();
    const r = as(who, args.map((a) => inputs[a] ?? a));
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('crm:'))).toHaveLength(1);
    expect(r.code).toBe(3);
    expect(await fingerprint()).toBe(before);
  });

  it("a manager sees no other manager's client: writing to one is as to a client that does not exist", async () => {
    const before = await fingerprint();
    const r = as('manager', ['import', 'payments', file('p-c2.csv', 'payment_no,date,client_code,amount\nP-2,2026-11-20,C2,500\n')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('unknown client');
    expect(await fingerprint()).toBe(before);
  });

  it('crm users explain says whether a user reads and changes a record, and by which rule', () => {
    const explain = (who: string, entity: string, key: string) => JSON.parse(as('owner', ['users', 'explain', login(who), entity, key, '--json']).stdout) as { read: { allowed: boolean; rule: string }; change: { allowed: boolean; rule: string }; hidden: string[] };
    const own = explain('manager', 'clients', 'C1');
    expect([own.read.allowed, own.change.allowed]).toEqual([true, true]);
    expect(own.read.rule).toContain('"own clients"');
    const other = explain('manager', 'orders', 'O2');
    expect([other.read.allowed, other.change.allowed]).toEqual([false, false]);
    expect(other.read.rule).toContain('not so for this record');
    const wh = explain('warehouse', 'clients', 'C2');
    expect([wh.read.allowed, wh.change.allowed]).toEqual([true, false]);
    expect(wh.hidden).toContain('credit_limit');
    const text = as('owner', ['users', 'explain', login('analyst'), 'shipments', 'S1']);
    expect(text.stdout).toContain('read:   yes');
    expect(text.stdout).toContain('change: no — the analyst role may not change shipments');
  });

  it('users edit and disable: a disabled user cannot log in (exit 3); on SQLite crm users is exit 2', () => {
    expect(as('owner', ['users', 'disable', login('analyst')]).code).toBe(0);
    const refused = as('analyst', ['report', 'sales', '--json']);
    expect(refused.code).toBe(3);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).not.toContain(password('analyst'));
    expect(as('owner', ['users', 'edit', login('analyst'), '--enable']).code).toBe(0);
    expect(as('analyst', ['report', 'sales', '--json']).code).toBe(0);
    // an admin user (not the owner) adds users too: its login may create roles
    expect(as('admin', ['users', 'add', login('extra'), '--role', 'warehouse']).code).toBe(0);
    expect(as('owner', ['users', 'disable', 'nobody_at_all']).code).toBe(2);
    const lite = crm(['--db', path.join(dir, 'crm.db'), 'users', 'list']);
    expect(lite.code).toBe(2);
    expect(lite.stderr).toContain('users and rights need PostgreSQL');
  });

  it('the password of the URL shows nowhere: not in messages of success, hints, the history or a backup', () => {
    const dir2 = tempDir();
    const runs = [as('admin', ['db', 'check']), as('admin', ['history', '--json']), as('admin', ['backup', path.join(dir2, 'b.db')])];
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(password('admin'));
    }
    expect(runs[0]!.stderr).toContain(':***@');
    for (const f of fs.readdirSync(dir2)) expect(fs.readFileSync(path.join(dir2, f)).includes(password('admin'))).toBe(false);
  });
});
