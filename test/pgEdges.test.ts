// The edges a new user meets on a PostgreSQL server (issue 12): what a role may not read is
// left out instead of failing the listing, `db info` describes the server, an older crm schema
// is migrated forward by `crm init`, `demo --force` replaces, `restore --preview` works,
// Ctrl-C during an import rolls back at once, a delete refusal lists referrers in one order.
// Each case: the message fragment, the exit code, and the data unchanged where refused.
// Skipped with one line when no server is reachable (test/pgServer.ts).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, UNDO_MIGRATION, crm, loadBase, tempDir, writeFile, type Run } from './helpers.js';
import { clientConfig } from '../src/db/pg/config.js';
import { knownSchemaVersion } from '../src/db/connection.js';

const CURRENT = knownSchemaVersion();
import { PG_ADMIN_URL, PG_AVAILABLE, pgQuery, scratchDatabase } from './pgServer.js';

const AS_OF = '2026-11-27';
const dir = tempDir();
const file = (name: string, text: string) => writeFile(dir, name, text);

/** Every row of every crm table of `url`, hashed by the server: equal = nothing written. */
async function fingerprint(url: string): Promise<string> {
  const tables = (await pgQuery<{ name: string }>(url, "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")).map((t) => t.name);
  const sums = await pgQuery<{ t: string; h: string }>(
    url,
    tables.map((t) => `SELECT '${t}' AS t, md5(COALESCE(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`).join(' UNION ALL '),
  );
  return sums.map((s) => `${s.t}:${s.h}`).sort().join(','); // UNION ALL keeps no order
}

const on = (url: string, args: string[], env?: Record<string, string>): Run => crm(['--as-of', AS_OF, '--db', url, ...args], { env });

describe.skipIf(!PG_AVAILABLE)('a server’s edges', () => {
  let base = '';
  let database = '';
  const password = 'pw-склад';
  const warehouse = () => `${database}_wh`.slice(0, 63);
  /** The warehouse user's URL: TCP with its password. */
  const warehouseUrl = () => {
    const admin = new URL(PG_ADMIN_URL);
    const u = new URL(`postgres://${admin.hostname || 'localhost'}${admin.port ? `:${admin.port}` : ''}/${database}`);
    u.username = warehouse();
    u.password = password;
    return u.toString();
  };

  beforeAll(async () => {
    base = loadBase(await scratchDatabase('edges', 'edges'));
    database = new URL(base).pathname.slice(1);
    const r = spawnSync(process.execPath, [BIN, '--db', base, 'users', 'add', warehouse(), '--role', 'warehouse', '--password-stdin'], {
      cwd: ROOT,
      input: `${password}\n`,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CRM_LANG: 'en' },
    });
    expect(r.status, r.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    if (!database) return;
    await pgQuery(PG_ADMIN_URL, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await pgQuery(PG_ADMIN_URL, `DROP ROLE IF EXISTS "${warehouse()}"`);
    for (const role of ['admin', 'analyst', 'manager', 'warehouse']) await pgQuery(PG_ADMIN_URL, `DROP ROLE IF EXISTS "${database}_${role}"`);
  });

  describe('1. the warehouse lists the clients without their money', () => {

    it.each([
      [['clients', 'list'], ['C1', 'ООО Альфа', 'manager_code'], 'not shown: discount_pct, deferral_days, credit_limit, purchase_potential'],
      [['clients', 'list', '--json'], ['"code": "C1"', '"inn"'], 'not shown: discount_pct'],
      [['clients', 'show', 'C1'], ['ООО Альфа', 'balance'], ''],
    ])('%j: exit 0, the columns it may read, none it may not', async (args, shown, note) => {
      const before = await fingerprint(base);
      const r = on(warehouseUrl(), args);
      expect(r.code, r.stderr).toBe(0);
      for (const s of shown) expect(r.stdout).toContain(s);
      for (const hidden of ['discount_pct', 'credit_limit', '500 000', 'purchase_potential']) expect(r.stdout).not.toContain(hidden);
      expect(r.stderr).toContain(note);
      expect(await fingerprint(base)).toBe(before);
    });

    it('the owner still sees every column', () => {
      const r = on(base, ['clients', 'list']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('credit_limit');
      expect(r.stderr).not.toContain('not shown');
    });
  });

  it('2. db info on a server names the server, database and user (never the password), the schema version and the sizes the server keeps', async () => {
    const before = await fingerprint(base);
    const r = on(warehouseUrl(), ['db', 'info']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^server: PostgreSQL \\d+\\.\\d+.* at [^;]+:\\d+; database ${database}, user ${warehouse()}\n`));
    expect(r.stdout).toContain(`schema version: ${CURRENT} (current)`);
    expect(r.stdout).toMatch(/size: database [\d.]+ MB on the server; crm's tables [\d.]+ [KM]B with their indexes/);
    expect(r.stdout).toMatch(/│ products +│ +3 │ +[\d.]+ KB │/);
    for (const wrong of ['file:', '-wal', 'pages:', password]) expect(r.stdout).not.toContain(wrong);
    const json = JSON.parse(on(warehouseUrl(), ['db', 'info', '--json']).stdout) as { file: string; server: { database: string; user: string; databaseBytes: number; tableBytes: Record<string, number> } };
    expect([json.server.database, json.server.user]).toEqual([database, warehouse()]);
    expect(json.file).toContain(':***@');
    expect(json.server.tableBytes.products).toBeGreaterThan(0);
    expect(await fingerprint(base)).toBe(before);
  });

  describe('3. crm init migrates an older crm schema on a server forward, as on SQLite', () => {
    /** What the crm of schema `version` left on a server: the newer migrations undone (test/helpers.ts UNDO_MIGRATION). */
    async function downgradePg(url: string, version: number): Promise<void> {
      const current = Number((await pgQuery<{ n: string }>(url, 'SELECT COUNT(*) AS n FROM __drizzle_migrations'))[0]!.n);
      for (let v = current; v > version; v--) {
        await pgQuery(url, `BEGIN; ${UNDO_MIGRATION[v]}; DELETE FROM __drizzle_migrations WHERE created_at = (SELECT MAX(created_at) FROM __drizzle_migrations); COMMIT`);
      }
      await pgQuery(url, "UPDATE crm_meta SET value = $1 WHERE key = 'schema_version'", [String(version)]);
    }
    const shipments = () => file('s-mig.csv', 'shipment_no,date,client_code,sku,qty,amount,cost\nS1,2026-01-12,C1,A1,100,9500,8000\nS2,2026-02-03,C2,L1,5,750,450\n');

    it.each([10, 9])('from schema version %i: every row kept, the new tables filled, the next operation numbered on', async (version) => {
      const url = loadBase(await scratchDatabase(`edges_mig_${version}`, 'edges'));
      expect(on(url, ['import', 'shipments', shipments()]).code).toBe(0);
      const report = on(url, ['report', 'sales', '--by', 'client', '--json']).stdout;
      const clients = await pgQuery(url, 'SELECT * FROM clients ORDER BY id');
      await downgradePg(url, version);
      const refused = on(url, ['report', 'sales']);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(`has schema version ${version}, older than this crm's (${CURRENT}): run "crm init" on it to migrate it forward (make a backup first: crm backup)`);

      const init = on(url, ['init']);
      expect(init.stderr).toContain(`migrated from schema version ${version} to ${CURRENT}`);
      expect(init.code).toBe(0);
      expect(await pgQuery(url, 'SELECT * FROM clients ORDER BY id')).toEqual(clients);
      expect((await pgQuery<{ n: string }>(url, 'SELECT COUNT(*) AS n FROM product_month_sales'))[0]!.n).toBe('2'); // schema 11's facts, computed
      expect(on(url, ['report', 'sales', '--by', 'client', '--json']).stdout).toBe(report);
      const check = on(url, ['db', 'check']);
      expect(check.code, check.stdout).toBe(0);
      const next = on(url, ['import', 'shipments', file('s-next.csv', 'shipment_no,date,client_code,sku,qty,amount,cost\nS3,2026-03-03,C2,L1,1,150,90\n')]);
      expect(next.stdout + next.stderr).toContain('operation 9'); // 7 imports of the base, 1 of shipments, then this
      expect(on(url, ['init']).code).toBe(0); // nothing more to do
    }, 120_000);

    it('a user who does not own the tables cannot migrate them: exit 3, the older schema and every row kept', async () => {
      await downgradePg(base, 10);
      const older = await fingerprint(base);
      const r = on(warehouseUrl(), ['init']);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain('nothing was written');
      expect(await fingerprint(base)).toBe(older);
      expect(on(base, ['init']).code).toBe(0); // the owner can
      expect(await fingerprint(base)).not.toBe(older);
      expect((await pgQuery<{ value: string }>(base, "SELECT value FROM crm_meta WHERE key = 'schema_version'"))[0]!.value).toBe(String(CURRENT));
    }, 60_000);
  });

  it('4. crm demo on a server holding data is refused without --force; --force replaces every row with the demo, as on SQLite', async () => {
    const before = await fingerprint(base);
    const refused = on(base, ['demo']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('already holds a crm database: pass --force to replace its rows');
    expect(await fingerprint(base)).toBe(before);

    const lite = path.join(tempDir(), 'demo.db');
    expect(crm(['--as-of', AS_OF, '--db', lite, 'demo'], { timeout: 300_000 }).code).toBe(0);
    const r = crm(['--as-of', AS_OF, '--db', base, 'demo', '--force'], { timeout: 300_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`The demo company is in ${base}`);
    for (const args of [['clients', 'list', '--json'], ['report', 'sales', '--by', 'client', '--json']]) expect(on(base, args).stdout, args.join(' ')).toBe(on(lite, args).stdout);
    // the same operations (the argv and the times are the runs')
    const ops = (db: string) => (JSON.parse(on(db, ['history', '--json']).stdout) as { operations: Record<string, unknown>[] }).operations.map((o) => [o.id, o.command, o.tables]);
    expect(ops(base)).toEqual(ops(lite));
    expect(on(base, ['clients', 'list', '--json']).stdout).not.toContain('"C1"'); // the base company is gone
    const next = on(base, ['import', 'shipments', file('s-demo.csv', 'shipment_no,date,client_code,sku,qty,amount,cost\nS-D1,2026-11-20,C001,A0010,1,100,80\n')]);
    const liteNext = on(lite, ['import', 'shipments', file('s-demo.csv', 'shipment_no,date,client_code,sku,qty,amount,cost\nS-D1,2026-11-20,C001,A0010,1,100,80\n')]);
    expect(next.stdout.match(/operation \d+/)?.[0]).toBe(liteNext.stdout.match(/operation \d+/)?.[0]); // numbers go on as in the file
    expect(on(warehouseUrl(), ['clients', 'list']).code).toBe(0); // users and rights stay
  }, 600_000);

  it('5. crm restore SNAPSHOT --preview on a server says what would change and writes nothing', async () => {
    const snapshot = path.join(tempDir(), 'snap.db');
    expect(on(base, ['backup', snapshot]).code).toBe(0);
    expect(on(base, ['import', 'reasons', file('r-after.csv', 'code,name\nR-PREVIEW,Made after the backup\n')]).code).toBe(0);
    const before = await fingerprint(base);
    const r = on(base, ['restore', snapshot, '--preview']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`preview: restoring ${snapshot} into ${base} would replace every row; nothing was written`);
    const [, now, then] = /│ refusal_reasons +│ +(\d[\d ]*) │ +(\d[\d ]*) │/.exec(r.stdout) ?? [];
    expect(Number(now!.replace(/ /g, '')) - Number(then!.replace(/ /g, ''))).toBe(1); // the reason made since
    const json = JSON.parse(on(base, ['restore', snapshot, '--preview', '--json']).stdout) as { preview: boolean; now: { tables: Record<string, number> }; backup: { tables: Record<string, number> } };
    expect(json.preview).toBe(true);
    expect(json.now.tables.refusal_reasons! - json.backup.tables.refusal_reasons!).toBe(1);
    expect(await fingerprint(base)).toBe(before);
  }, 120_000);

  it('6. Ctrl-C while the server runs a statement of an import stops it at once: exit 130, nothing written, the lock free; history explains the used-up number', async () => {
    const url = loadBase(await scratchDatabase('edges_sigint', 'edges'));
    const lines = ['shipment_no,date,client_code,sku,qty,amount,cost'];
    for (let i = 0; i < 30_000; i++) for (const sku of ['A1', 'A2', 'L1']) lines.push(`SB${i},2026-0${1 + (i % 9)}-1${i % 9},${i % 2 ? 'C1' : 'C2'},${sku},1,100,80`);
    const big = file('big.csv', `${lines.join('\n')}\n`);
    const before = await fingerprint(url);
    // a statement that takes as long as the test likes: the shipments are locked by another session
    const holder = new pg.Client(clientConfig(url));
    await holder.connect();
    await holder.query('BEGIN; LOCK TABLE shipment_lines IN ACCESS EXCLUSIVE MODE');
    try {
      // its own process group, as a terminal's Ctrl-C signals crm's whole group
      const child = spawn(process.execPath, [BIN, '--db', url, 'import', 'shipments', big], { cwd: ROOT, detached: true, env: { ...process.env, NO_COLOR: '1', CRM_LANG: 'en' } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      for (let i = 0; i < 600; i++) {
        const waiting = await pgQuery(url, "SELECT 1 FROM pg_stat_activity WHERE application_name = 'crm' AND wait_event_type = 'Lock'");
        if (waiting.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      const sent = Date.now();
      process.kill(-child.pid!, 'SIGINT');
      const code = await exited;
      expect(Date.now() - sent, stderr).toBeLessThan(1000);
      expect(code).toBe(130);
      expect(stderr).toContain('crm: interrupted (SIGINT): nothing was written');
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect(await fingerprint(url)).toBe(before);
    // the next write is not kept waiting by the dead one, and history says where its number went
    const next = on(url, ['import', 'reasons', file('r-next.csv', 'code,name\nR-NEXT,After Ctrl-C\n')]);
    expect(next.code, next.stderr).toBe(0);
    const ops = (JSON.parse(on(url, ['history', '--json']).stdout) as { operations: { id: number }[] }).operations.map((o) => o.id);
    expect(ops[0]).toBe(9); // 7 imports of the base, 8 used up by the interrupted import
    const history = on(url, ['history']);
    expect(history.stderr).toContain('no operation 8: on a PostgreSQL server a write that was interrupted or failed uses up its number and writes nothing');
  }, 120_000);

  describe('7. a delete refusal names the referring records in one order on both backends', () => {
    let url = '';
    let lite = '';
    beforeAll(async () => {
      url = loadBase(await scratchDatabase('edges_refs', 'edges'));
      expect(on(url, ['import', 'shipments', file('s-refs.csv', 'shipment_no,date,client_code,sku,qty,amount,cost,order_no\nS1,2026-01-12,C1,A1,100,9500,8000,O1\nS2,2026-02-03,C1,L1,5,750,450,\n')]).code).toBe(0);
      expect(on(url, ['import', 'payments', file('p-refs.csv', 'payment_no,date,client_code,amount\nP1,2026-02-10,C1,500\n')]).code).toBe(0);
      expect(on(url, ['import', 'stock', file('st-refs.csv', 'date,sku,qty\n2026-11-01,A1,40\n')]).code).toBe(0); // the server listed stock counts first
      lite = path.join(tempDir(), 'copy.db');
      expect(crm(['db', 'copy', url, lite]).code).toBe(0);
    }, 120_000);

    it.each([
      [['clients', 'C1'], 'cannot delete C1: referred to by 1 client payments (P1), 1 sales orders (O1), 2 shipments (S1, S2)'],
      [['products', 'A1'], 'cannot delete A1: referred to by 1 sales order lines (O1), 1 shipment lines (S1), 1 stock counts;'],
      [['managers', 'M1'], 'cannot delete M1: referred to by 1 clients (C1)'],
    ])('delete %j: exit 3, the same line on both, nothing deleted', async (args, message) => {
      const before = await fingerprint(url);
      const server = on(url, ['delete', ...args]);
      const file = on(lite, ['delete', ...args]);
      expect(server.code).toBe(3);
      expect(server.stderr).toContain(message);
      expect(server.stderr).toBe(file.stderr);
      expect(await fingerprint(url)).toBe(before);
    });
  });

  it.each([
    ['db info', () => base, ['db', 'info'], 0, new RegExp(`^сервер: PostgreSQL .*; база \\w+, пользователь \\w+\\nверсия схемы: ${CURRENT} \\(текущая\\)\\nразмер: база `), 'stdout'],
    ['db check', () => base, ['db', 'check'], 0, /db check: .* прошла 8 проверок/, 'stderr'],
    ['users list', () => base, ['users', 'list'], 0, /^логин +роль +менеджер +статус\n/, 'stdout'],
    ['users add without --role', () => base, ['users', 'add', 'x_nobody'], 2, /crm users add x_nobody: нужна --role: admin \| analyst \| manager \| warehouse/, 'stderr'],
    ['users on a file', () => path.join(tempDir(), 'none.db'), ['users', 'list'], 2, /пользователи и права есть только в PostgreSQL: .* — файл SQLite/, 'stderr'],
    ['the warehouse’s clients', () => warehouseUrl(), ['clients', 'list'], 0, /не показаны: discount_pct, deferral_days, credit_limit, purchase_potential \(вашей роли они недоступны\)/, 'stderr'],
  ] as [string, () => string, string[], number, RegExp, 'stdout' | 'stderr'][])('8. in Russian: %s', async (_name, db, args, code, message, stream) => {
    const before = await fingerprint(base);
    const r = crm(['--db', db(), ...args], { env: { CRM_LANG: 'ru' } });
    expect(r[stream]).toMatch(message);
    expect(r.code).toBe(code);
    expect(await fingerprint(base)).toBe(before);
  });
});
