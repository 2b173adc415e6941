// Writers and readers at once on PostgreSQL (SPEC §1, §8): processes of bin/crm started
// together against one scratch database. Two writers importing different documents both
// succeed (one waits for the other's lock); a report during a long import returns the numbers
// from before it; a writer that waits longer than the busy timeout is refused with exit 3
// and writes nothing. Skipped with one line when no server is reachable.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE, BIN, crm, ROOT, tempDir, writeFile, type Run } from './helpers.js';
import { PG_AVAILABLE, pgQuery, scratchDatabase } from './pgServer.js';

function crmAsync(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', CRM_USER: 'tester', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const ORDERS = 'order_no,date,client_code,sku,qty,price,status\n';
const order = (no: string, qty: number) => `${ORDERS}${no},2026-02-01,C1,A1,${qty},95,open\n${no},2026-02-01,C1,A2,${qty},60,open\n`;

describe.skipIf(!PG_AVAILABLE)('PostgreSQL: two writers and a reader at once', () => {
  let db = '';
  const dir = tempDir();

  beforeAll(async () => {
    db = await scratchDatabase('pgConcurrency.test');
    expect(crm(['--db', db, 'init']).code).toBe(0);
    for (const [entity, file] of [
      ['managers', 'managers.csv'],
      ['groups', 'groups.csv'],
      ['suppliers', 'suppliers.csv'],
      ['products', 'products.csv'],
      ['clients', 'clients.csv'],
      ['reasons', 'reasons.csv'],
      ['orders', 'orders.csv'],
    ] as [string, string][]) {
      const r = crm(['--db', db, 'import', entity, path.join(BASE, file)]);
      if (r.code !== 0) throw new Error(`${file}: ${r.stderr}`);
    }
  }, 120_000);

  const orderNumbers = async () => (await pgQuery<{ order_no: string }>(db, 'SELECT order_no FROM sales_orders ORDER BY order_no')).map((r) => r.order_no);

  it('two processes importing different documents while a third reads: all three succeed', async () => {
    const [a, b, reader] = await Promise.all([
      crmAsync(['--db', db, 'import', 'orders', writeFile(dir, 'o10.csv', order('O10', 5))]),
      crmAsync(['--db', db, 'import', 'orders', writeFile(dir, 'o11.csv', order('O11', 7))]),
      crmAsync(['--db', db, 'report', 'sales', '--from', '2026-01', '--to', '2026-12', '--json']),
    ]);
    expect(a.stderr + a.stdout).toContain('documents: 1 inserted');
    expect(b.stderr + b.stdout).toContain('documents: 1 inserted');
    expect([a.code, b.code, reader.code]).toEqual([0, 0, 0]);
    expect(await orderNumbers()).toEqual(expect.arrayContaining(['O10', 'O11']));
    const ops = await pgQuery<{ command: string }>(db, "SELECT command FROM operations WHERE command = 'import orders' ORDER BY id");
    expect(ops).toHaveLength(3); // the base orders and the two
    expect(JSON.parse(reader.stdout)).toBeTruthy();
  }, 120_000);

  // crm's advisory locks in this database only: other databases of the same server have their own
  const HELD_LOCKS =
    "SELECT COUNT(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()";

  it('a report during a long import gives the numbers from before it; a writer waiting past the busy timeout gets exit 3 and writes nothing', async () => {
    const rows = ['payment_no,date,client_code,amount,order_no'];
    for (let i = 1; i <= 20_000; i++) rows.push(`P${i},2026-03-${String((i % 28) + 1).padStart(2, '0')},C${(i % 2) + 1},${(i % 900) + 100}.50,`);
    const big = writeFile(dir, 'payments.csv', `${rows.join('\n')}\n`);
    const report = ['--db', db, '--as-of', '2026-12-31', 'report', 'receivables-turnover', '--json'];
    const before = crm(report);
    expect(before.code).toBe(0);

    const importing = crmAsync(['--db', db, 'import', 'payments', big]);
    // wait until the import holds the write lock (an advisory lock of crm's key)
    const started = Date.now();
    while ((await pgQuery<{ n: number }>(db, HELD_LOCKS))[0]!.n === 0) {
      if (Date.now() - started > 30_000) throw new Error('the import never took the write lock');
      await new Promise((r) => setTimeout(r, 50));
    }
    const [during, blocked] = await Promise.all([
      crmAsync(report),
      crmAsync(['--db', db, 'import', 'orders', writeFile(dir, 'o12.csv', order('O12', 3))], { CRM_BUSY_TIMEOUT_MS: '500' }),
    ]);
    const stillRunning = (await pgQuery<{ n: number }>(db, HELD_LOCKS))[0]!.n;
    expect(stillRunning).toBe(1); // the proof ran while the import was still open
    expect(during.code).toBe(0);
    expect(during.stdout).toBe(before.stdout);
    expect(blocked.stderr).toContain('locked by another writer');
    expect(blocked.stderr.trim().split('\n')).toHaveLength(1);
    expect(blocked.code).toBe(3);

    const done = await importing;
    expect(done.code, done.stderr).toBe(0);
    expect(await orderNumbers()).not.toContain('O12');
    const after = crm(report);
    expect(after.stdout).not.toBe(before.stdout);
    expect((await pgQuery<{ n: number }>(db, 'SELECT COUNT(*)::int AS n FROM client_payments'))[0]!.n).toBe(20_000);
  }, 300_000);
});
