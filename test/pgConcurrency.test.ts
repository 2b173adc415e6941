// Writers and readers at once on PostgreSQL (SPEC §1, §8): processes of bin/crm started
// together against one scratch database. Two writers importing different documents both
// succeed (one waits for the other's lock); a report during a long import returns the numbers
// from before it; a writer that waits longer than the busy timeout is refused with exit 3
// and writes nothing. Skipped with one line when no server is reachable.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, crm, loadBase, ROOT, tempDir, writeFile, type Run } from './helpers.js';
import pg from 'pg';
import { clientConfig } from '../src/db/pg/config.js';
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
    loadBase(db);
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
    for (let i = 1; i <= 300_000; i++) rows.push(`P${i},2026-03-${String((i % 28) + 1).padStart(2, '0')},C${(i % 2) + 1},${(i % 900) + 100}.50,`);
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
    // other documents go in beside the long import (SPEC §8)
    const beside = await crmAsync(['--db', db, 'import', 'orders', writeFile(dir, 'o12.csv', order('O12', 3))], { CRM_BUSY_TIMEOUT_MS: '500' });
    const [during, blocked] = await Promise.all([
      crmAsync(report),
      // a write that is no import of documents takes the whole database: it waits, then exit 3
      // (imports that come after it queue behind it)
      crmAsync(['--db', db, 'clients', 'edit', 'C1', '--name', 'ООО Другое'], { CRM_BUSY_TIMEOUT_MS: '500' }),
    ]);
    const stillRunning = (await pgQuery<{ n: number }>(db, HELD_LOCKS))[0]!.n;
    expect(stillRunning).toBe(1); // the proof ran while the import was still open
    expect(during.code).toBe(0);
    expect(during.stdout).toBe(before.stdout);
    expect(blocked.stderr).toContain('locked by another writer');
    expect(blocked.stderr.trim().split('\n')).toHaveLength(1);
    expect(blocked.code).toBe(3);
    expect(beside.code, beside.stderr).toBe(0);

    const done = await importing;
    expect(done.code, done.stderr).toBe(0);
    expect(await orderNumbers()).toContain('O12');
    expect((await pgQuery<{ name: string }>(db, "SELECT name FROM clients WHERE code = 'C1'"))[0]!.name).not.toBe('ООО Другое');
    const after = crm(report);
    expect(after.stdout).not.toBe(before.stdout);
    expect((await pgQuery<{ n: number }>(db, 'SELECT COUNT(*)::int AS n FROM client_payments'))[0]!.n).toBe(300_000);
  }, 300_000);

  /** Another writer (a session of the test) holding a document: it writes, holds its transaction `ms`, then commits. */
  async function holding(sql: string, ms: number): Promise<{ done: Promise<void> }> {
    const client = new pg.Client(clientConfig(db));
    await client.connect();
    await client.query('BEGIN');
    await client.query(sql);
    const done = (async () => {
      await new Promise((r) => setTimeout(r, ms));
      await client.query('COMMIT');
      await client.end();
    })();
    return { done };
  }

  const paymentAmount = async (no: string) => (await pgQuery<{ amount: string }>(db, 'SELECT amount::text FROM client_payments WHERE payment_no = $1', [no]))[0]?.amount;

  it.each([
    ['a stored payment another writer changes, finishing within the wait', "UPDATE client_payments SET amount = 4242 WHERE payment_no = 'P9'", 'P9', 4_000, '8000', 'was being written by another process', '4242'],
    ['a stored payment another writer holds past the wait', "UPDATE client_payments SET amount = 4343 WHERE payment_no = 'P10'", 'P10', 7_000, '1000', 'locked by another writer', '4343'],
    ['a new payment another writer inserts, committing within the wait', "INSERT INTO client_payments (payment_no, date, client_id, amount) SELECT 'NEW1', '2026-04-01', id, 777 FROM clients WHERE code = 'C1'", 'NEW1', 4_000, '8000', 'another process wrote payments', '777'],
    // held long enough for the second to reach the document (it reads the 300,000 stored payments first)
  ])('the same document from two writers, %s: the second waits, then exit 3, no lost update', async (_title, sql, no, holdMs, busyMs, message, kept) => {
    const file = writeFile(dir, `${no}.csv`, `payment_no,date,client_code,amount\n${no},2026-04-02,C1,1.11\n`);
    const other = await holding(sql, holdMs); // the other writer holds the row from here
    const started = Date.now();
    const second = await crmAsync(['--db', db, 'import', 'payments', file], { CRM_BUSY_TIMEOUT_MS: busyMs });
    const waited = Date.now() - started;
    await other.done;
    expect(second.stderr).toContain(message);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.code).toBe(3);
    expect(waited).toBeGreaterThan(500); // it waited for the other writer
    expect(await paymentAmount(no)).toBe(kept);
    expect((await pgQuery(db, "SELECT id FROM operations WHERE argv LIKE $1", [`%${no}.csv%`]))).toHaveLength(0);
  }, 60_000);

  it('two shipment imports at once, of the same order: both succeed, the summaries equal a full scan, the undo of one leaves the other', async () => {
    const file = (prefix: string) => {
      let text = 'shipment_no,date,client_code,sku,qty,amount,order_no\n';
      for (let i = 1; i <= 40; i++) text += `${prefix}${i},2026-0${1 + (i % 3)}-1${i % 10},C1,${i % 2 ? 'A1' : 'L1'},${i},${i * 10},O1\n${prefix}${i},2026-0${1 + (i % 3)}-1${i % 10},C1,A2,1,5,O1\n`;
      return writeFile(dir, `${prefix}.csv`, text);
    };
    const env = { CRM_PG_COPY_BATCH_ROWS: '6' }; // many batches each: the two interleave their ids
    const [a, b] = await Promise.all([crmAsync(['--db', db, 'import', 'shipments', file('SA')], env), crmAsync(['--db', db, 'import', 'shipments', file('SB')], env)]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const check = () => crm(['--db', db, 'db', 'check']);
    expect(check().stdout).toMatch(/ok\s+sales summaries/);
    const opA = /operation (\d+)/.exec(a.stdout + a.stderr)![1]!;
    const undo = crm(['--db', db, 'undo', opA]);
    expect(undo.code, undo.stderr).toBe(0);
    const count = async (prefix: string) => (await pgQuery<{ n: number }>(db, 'SELECT COUNT(*)::int AS n FROM shipments WHERE shipment_no LIKE $1', [`${prefix}%`]))[0]!.n;
    expect([await count('SA'), await count('SB')]).toEqual([0, 40]);
    const after = check();
    expect(after.stdout).toMatch(/ok\s+sales summaries/);
    expect(after.code, after.stdout).toBe(0);
  }, 120_000);
});
