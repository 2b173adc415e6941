// The edges a new user meets on a PostgreSQL server (issue 12): what a role may not read is
// left out instead of failing the listing, `db info` describes the server, an older crm schema
// is migrated forward by `crm init`, `demo --force` replaces, `restore --preview` works,
// Ctrl-C during an import rolls back at once, a delete refusal lists referrers in one order.
// Each case: the message fragment, the exit code, and the data unchanged where refused.
// Skipped with one line when no server is reachable (test/pgServer.ts).
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, crm, loadBase, tempDir, writeFile, type Run } from './helpers.js';
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
  return sums.map((s) => `${s.t}:${s.h}`).join(',');
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
  }, 120_000);

  afterAll(async () => {
    if (!database) return;
    await pgQuery(PG_ADMIN_URL, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await pgQuery(PG_ADMIN_URL, `DROP ROLE IF EXISTS "${warehouse()}"`);
    for (const role of ['admin', 'analyst', 'manager', 'warehouse']) await pgQuery(PG_ADMIN_URL, `DROP ROLE IF EXISTS "${database}_${role}"`);
  });

  describe('1. the warehouse lists the clients without their money', () => {
    beforeAll(() => {
      const r = spawnSync(process.execPath, [BIN, '--db', base, 'users', 'add', warehouse(), '--role', 'warehouse', '--password-stdin'], {
        cwd: ROOT,
        input: `${password}\n`,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', CRM_LANG: 'en' },
      });
      expect(r.status, r.stderr).toBe(0);
    });

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
    expect(r.stdout).toContain('schema version: 11 (current)');
    expect(r.stdout).toMatch(/size: database [\d.]+ MB on the server; crm's tables [\d.]+ [KM]B with their indexes/);
    expect(r.stdout).toMatch(/│ products +│ +3 │ +[\d.]+ KB │/);
    for (const wrong of ['file:', '-wal', 'pages:', password]) expect(r.stdout).not.toContain(wrong);
    const json = JSON.parse(on(warehouseUrl(), ['db', 'info', '--json']).stdout) as { file: string; server: { database: string; user: string; databaseBytes: number; tableBytes: Record<string, number> } };
    expect([json.server.database, json.server.user]).toEqual([database, warehouse()]);
    expect(json.file).toContain(':***@');
    expect(json.server.tableBytes.products).toBeGreaterThan(0);
    expect(await fingerprint(base)).toBe(before);
  });
});
