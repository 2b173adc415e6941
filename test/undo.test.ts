// Issue 11 / SPEC §7: every write is an operation that `crm undo` takes back row for row.
// Each case: dump every table, run the operation, undo it, dump again: equal. Undoing the
// undo gives back the operation's state. Conflicts are refused (exit 3) naming the later
// operation, --cascade undoes the chain; after every step the database passes its checks.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDbCheck } from '../src/commands/db.js';
import { runDelete } from '../src/commands/delete.js';
import { DEMO_FILES, fixturesDir } from '../src/commands/demo.js';
import { runImport } from '../src/commands/import.js';
import { runAdd, runEdit } from '../src/commands/master.js';
import { runPlanRun, runRevise } from '../src/commands/plan.js';
import { runUndo } from '../src/commands/undo.js';
import { RefusedError } from '../src/errors.js';
import { BIN, companyDb, copyDb, crm, query, tempDir, testCtx, writeFile, lastOperation } from './helpers.js';

/** The operation log and its journal grow with every write, undo included: not part of "the data". */
const BOOKKEEPING = new Set(['operations', 'journal', 'journal_ranges', 'sqlite_sequence', '__drizzle_migrations']);

/**
 * Derived data (SPEC §7: never journaled, recomputed for what changed): compared by content in
 * key order, quantities to a millionth (sums taken out and put back again in floating point).
 */
const DERIVED = new Set(['sales_summary', 'sales_summary_client']);

/** Every data table (sales summaries included) as a hash of its rows: equal = row for row equal. */
function dataDump(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true });
  try {
    const out: Record<string, string> = {};
    for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]) {
      if (BOOKKEEPING.has(t)) continue;
      const hash = createHash('sha256');
      let rows = 0;
      const derived = DERIVED.has(t);
      // rows with an id are compared in id order; rows without one (plan cells) by content
      const columns = (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name);
      const order = columns.includes('id') ? 'id' : columns.map((_, i) => i + 1).join(', ');
      for (const row of db.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).raw().iterate() as Iterable<unknown[]>) {
        hash.update(JSON.stringify(derived ? row.map((v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v)) : row));
        rows++;
      }
      out[t] = `${rows} rows ${hash.digest('hex').slice(0, 16)}`;
    }
    return out;
  } finally {
    db.close();
  }
}

/** `crm db check`: integrity, foreign keys, schema, summaries equal to a full scan, the journal consistent (throws, exit 1, on any finding). */
async function checkDb(file: string): Promise<void> {
  const ctx = testCtx(file);
  await runDbCheck({}, ctx).catch((error: unknown) => {
    throw new Error(`crm db check failed on ${file}: ${String(error)}\n${ctx.out()}`);
  });
}


async function undo(file: string, op: number, opts: { cascade?: boolean; dryRun?: boolean } = {}) {
  const ctx = testCtx(file);
  await runUndo(String(op), opts, ctx);
  return ctx.out();
}

/** op → undo → as before; undo of the undo → as after the op (left in that state). */
async function roundTrip(file: string, op: () => Promise<unknown>, what: string): Promise<void> {
  const before = dataDump(file);
  const opsBefore = lastOperation(file);
  await op();
  const after = dataDump(file);
  const id = lastOperation(file);
  expect(id, `${what} made no operation`).toBeGreaterThan(opsBefore);
  expect(after, `${what} changed nothing`).not.toEqual(before);
  await checkDb(file);
  await undo(file, id);
  expect(dataDump(file), `undo of ${what}`).toEqual(before);
  await checkDb(file);
  await undo(file, lastOperation(file));
  const redone = dataDump(file);
  expect(Object.keys(redone).filter((t) => redone[t] !== after[t]), `redo of ${what}: tables that differ`).toEqual([]);
  await checkDb(file);
}

const importOpts = (entity: string, file: string, extra: Record<string, unknown> = {}) => ({ entity, file, ...extra });

describe('every import of the demo company undoes row for row, and its undo redoes it', () => {
  it('each entity in turn, on the database the earlier ones built', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    expect(crm(['--db', db, 'init']).code).toBe(0);
    for (const [entity, file] of DEMO_FILES) {
      await roundTrip(db, () => runImport(importOpts(entity, path.join(fixturesDir(), file)), testCtx(db)), `import ${entity}`);
    }
    // and the plan run the demo ends with
    await roundTrip(db, () => runPlanRun({ from: '2027-01' }, testCtx(db)), 'plan run');
  }, 240_000);
});

describe('changes to stored rows', () => {
  let demo: string;
  beforeAll(() => {
    const dir = tempDir();
    demo = path.join(dir, 'demo.db');
    const run = crm(['--db', demo, 'demo']);
    if (run.code !== 0) throw new Error(run.stderr);
  }, 120_000);

  const fresh = () => copyDb(demo);

  it('an import that updates clients and adds one', async () => {
    const { dir, db } = fresh();
    const file = writeFile(dir, 'c.csv', 'code,name,deferral_days\nC001,Renamed Client,45\nC999,New Client,10\n');
    await roundTrip(db, () => runImport(importOpts('clients', file), testCtx(db)), 'clients import');
  });

  it('a shipments import that replaces the lines of a stored document and adds another (summaries follow)', async () => {
    const { dir, db } = fresh();
    const [s] = query<{ shipment_no: string; date: string; client: string; order_no: string | null }>(
      db,
      'SELECT s.shipment_no, s.date, c.code AS client, o.order_no FROM shipments s JOIN clients c ON c.id = s.client_id LEFT JOIN sales_orders o ON o.id = s.order_id ORDER BY s.id LIMIT 1',
    );
    const skus = query<{ sku: string }>(db, 'SELECT sku FROM products ORDER BY sku LIMIT 2').map((r) => r.sku);
    const order = s!.order_no ?? '';
    const file = writeFile(
      dir,
      's.csv',
      `shipment_no,date,client_code,order_no,sku,qty,amount\n${s!.shipment_no},${s!.date},${s!.client},${order},${skus[0]},3,999.99\n` +
        `NEW-1,${s!.date},${s!.client},${order},${skus[1]},2,100\n`,
    );
    await roundTrip(db, () => runImport(importOpts('shipments', file), testCtx(db)), 'shipments import');
  });

  it('products moved to another group take their sales along, and back', async () => {
    const { dir, db } = fresh();
    const groups = query<{ code: string }>(db, 'SELECT code FROM product_groups ORDER BY code').map((g) => g.code);
    const sold = query<{ sku: string; name: string; price: number; cost: number; group_code: string }>(
      db,
      'SELECT p.sku, p.name, p.price, p.cost, g.code AS group_code FROM products p JOIN product_groups g ON g.id = p.group_id WHERE p.id IN (SELECT product_id FROM shipment_lines) ORDER BY p.sku LIMIT 5',
    );
    const moved = sold.map((p) => `${p.sku},"${p.name.replace(/"/g, '""')}",${p.price / 100},${p.cost / 100},${groups.find((g) => g !== p.group_code)}`).join('\n');
    const file = writeFile(dir, 'p.csv', `sku,name,price,cost,group_code\n${moved}\n`);
    await roundTrip(db, () => runImport(importOpts('products', file), testCtx(db)), 'products regrouped');
  });

  it('orders given another manager (the per-client summaries follow)', async () => {
    const { dir, db } = fresh();
    const managers = query<{ code: string }>(db, 'SELECT code FROM managers ORDER BY code').map((m) => m.code);
    const ctx = testCtx(db);
    const out = path.join(dir, 'orders.csv');
    expect(crm(['--db', db, 'export', 'orders', '-o', out]).code).toBe(0);
    const [header, ...lines] = fs.readFileSync(out, 'utf8').trim().split('\n');
    const managerAt = header!.split(',').indexOf('manager_code');
    const first = lines[0]!.split(',')[0];
    const changed = lines
      .filter((l) => l.split(',')[0] === first)
      .map((l) => {
        const cells = l.split(',');
        cells[managerAt] = managers.find((m) => m !== cells[managerAt])!;
        return cells.join(',');
      });
    const file = writeFile(dir, 'o.csv', `${header}\n${changed.join('\n')}\n`);
    await roundTrip(db, () => runImport(importOpts('orders', file), ctx), 'orders manager change');
  });

  it('add, edit, archive and delete of master data; delete of a document', async () => {
    const { db } = fresh();
    await roundTrip(db, () => runAdd('clients', { code: 'C900', name: 'Added Client', deferralDays: '14' }, testCtx(db)), 'clients add');
    await roundTrip(db, () => runEdit('clients', 'C001', { deferralDays: '60', name: 'Edited' }, testCtx(db)), 'clients edit');
    await roundTrip(db, () => runEdit('clients', 'C002', { active: 'false' }, testCtx(db)), 'clients archive');
    await roundTrip(db, () => runDelete('clients', ['C900'], {}, testCtx(db)), 'delete of an unreferenced client');
    const shipment = query<{ shipment_no: string }>(db, 'SELECT shipment_no FROM shipments ORDER BY id DESC LIMIT 1')[0]!.shipment_no;
    await roundTrip(db, () => runDelete('shipments', [shipment], {}, testCtx(db)), 'delete of a shipment');
    const order = query<{ order_no: string }>(db, 'SELECT order_no FROM sales_orders WHERE id NOT IN (SELECT order_id FROM shipments WHERE order_id IS NOT NULL) AND id NOT IN (SELECT order_id FROM client_payments WHERE order_id IS NOT NULL) AND id NOT IN (SELECT order_id FROM reservations) LIMIT 1')[0];
    if (order) await roundTrip(db, () => runDelete('orders', [order.order_no], {}, testCtx(db)), 'delete of an order');
  });

  it('a plan revision, and the plan run after it', async () => {
    const { dir, db } = fresh();
    // groups the demo plans already (leaves): a plan of one level
    const groups = query<{ code: string }>(db, 'SELECT DISTINCT g.code FROM plan_sales p JOIN product_groups g ON g.id = p.group_id ORDER BY g.code LIMIT 2').map((g) => g.code);
    const file = writeFile(dir, 'rev.csv', `month,group_code,amount\n2027-06,${groups[0]},123456.78\n2027-07,${groups[1]},5000\n`);
    const ctx = testCtx(db, { asOf: '2026-11-27' });
    await roundTrip(db, () => runRevise('sales', file, { from: '2027-06' }, ctx), 'plan revise');
    await roundTrip(db, () => runPlanRun({ from: '2027-01' }, testCtx(db)), 'plan run');
  });

  it('a dry run of an undo writes nothing and says what it would do', async () => {
    const { dir, db } = fresh();
    await runImport(importOpts('clients', writeFile(dir, 'c.csv', 'code,name\nC001,Dry\n')), testCtx(db));
    const before = dataDump(db);
    const ops = lastOperation(db);
    const out = await undo(db, ops, { dryRun: true });
    expect(out).toContain(`dry run, nothing written: would undo operation ${ops}: clients ~1`);
    expect(dataDump(db)).toEqual(before);
    expect(lastOperation(db)).toBe(ops);
  });
});

describe('reading the history: rows by their codes, money in roubles', () => {
  let demo: string;
  beforeAll(() => {
    demo = path.join(tempDir(), 'demo.db');
    const run = crm(['--db', demo, 'demo']);
    if (run.code !== 0) throw new Error(run.stderr);
  }, 120_000);

  it('an edit reads field by field as the import files name them; its file column stays empty', async () => {
    const { db } = copyDb(demo);
    const [c] = query<{ manager: string; limit: number | null }>(db, "SELECT m.code AS manager, c.credit_limit AS \"limit\" FROM clients c JOIN managers m ON m.id = c.manager_id WHERE c.code = 'C001'");
    const other = query<{ code: string }>(db, 'SELECT code FROM managers WHERE code <> ? ORDER BY code LIMIT 1', c!.manager)[0]!.code;
    await runEdit('clients', 'C001', { managerCode: other, creditLimit: '150 000,50' }, testCtx(db));
    const op = lastOperation(db);
    const was = c!.limit === null ? 'null' : (c!.limit / 100).toFixed(2);
    const change = `~ clients C001: manager_code: "${c!.manager}" → "${other}"; credit_limit: ${was} → 150000.50`;
    const show = crm(['--db', db, 'history', 'show', String(op), '--rows']);
    expect(show.stdout).toContain(change);
    expect(show.stdout).not.toContain('file:');
    const record = crm(['--db', db, 'history', 'record', 'clients', 'C001']);
    expect(record.stdout).toContain(`op ${op}  tester  clients edit: manager_code: "${c!.manager}" → "${other}"; credit_limit: ${was} → 150000.50`);
    const listed = JSON.parse(crm(['--db', db, 'history', '--limit', '1', '--json']).stdout) as { operations: { id: number; source: string | null }[] };
    expect(listed.operations).toEqual([expect.objectContaining({ id: op, source: null })]);
  });

  it('a deleted record keeps its timeline; a delete counts deleted rows, not updated ones', async () => {
    const { db } = copyDb(demo);
    await runAdd('clients', { code: 'C900', name: 'Short-lived' }, testCtx(db));
    const added = lastOperation(db);
    await runDelete('clients', ['C900'], {}, testCtx(db));
    const deleted = lastOperation(db);
    const record = crm(['--db', db, 'history', 'record', 'clients', 'C900']);
    expect(record.code).toBe(0);
    expect(record.stdout).toMatch(new RegExp(`op ${added} .*: created\\n.*op ${deleted} .*delete clients: deleted\\n$`));
    expect(JSON.parse(crm(['--db', db, 'history', 'record', 'clients', 'C900', '--json']).stdout)).toMatchObject({ deleted: true, changes: [{ action: 'insert' }, { action: 'delete' }] });
    const show = crm(['--db', db, 'history', 'show', String(deleted)]);
    expect(show.stdout).toContain('0 inserted, 0 updated, 1 deleted, 0 unchanged, 0 rejected');
    const none = crm(['--db', db, 'history', 'record', 'clients', 'C901']);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('no client "C901", now or in the journal')]);
  });

  it('dry runs of a delete and of an undo list their rows with -v', async () => {
    const { db } = copyDb(demo);
    await runAdd('clients', { code: 'C900', name: 'Short-lived', creditLimit: '1000' }, testCtx(db));
    const before = dataDump(db);
    const del = crm(['--db', db, '-v', 'delete', 'clients', 'C900', '--dry-run']);
    expect(del.stdout).toBe('dry run, nothing written: would delete 1 client\nwould change: clients −1\n  − clients C900\n');
    const undone = crm(['--db', db, '-v', 'undo', String(lastOperation(db)), '--dry-run']);
    expect(undone.stdout).toBe(`dry run, nothing written: would undo operation ${lastOperation(db)}: clients −1\n  − clients C900\n`);
    expect(dataDump(db)).toEqual(before);
  });

  it('filters that match nothing, and numbers out of range, say so', () => {
    const { db } = copyDb(demo);
    const before = dataDump(db);
    expect(crm(['--db', db, 'history', '--user', 'nobody']).stdout).toBe('no operations match\n');
    const cases: [string[], string][] = [
      [['history', '--limit', '0'], '--limit 0: expected a whole number, 1 or more'],
      [['history', 'show', '1', '--rows', '--limit', 'x'], '--limit x: expected a whole number, 1 or more'],
      [['undo', '100000000000000000000000'], 'OP 100000000000000000000000: expected an operation number'],
      [['history', 'show', '100000000000000000000000'], 'OP 100000000000000000000000: expected an operation number'],
    ];
    for (const [args, message] of cases) {
      const run = crm(['--db', db, ...args]);
      expect([run.code, run.stderr], args.join(' ')).toEqual([2, expect.stringContaining(message)]);
    }
    expect(dataDump(db)).toEqual(before);
  });
});

describe('conflicts: a later operation on the same rows', () => {
  const COMPANY: [string, string][] = [
    ['managers', 'code,name\nM1,Anna\n'],
    ['groups', 'code,name\nG1,Cables\n'],
    ['products', 'sku,name,group_code,price,cost\nA1,Cable 1,G1,100,60\nA2,Cable 2,G1,200,120\n'],
    ['clients', 'code,name,manager_code,deferral_days\nC1,Alpha,M1,10\nC2,Beta,M1,20\n'],
  ];

  it('undo of the first is refused (exit 3) naming the second; --cascade undoes both, newest first', async () => {
    const db = companyDb(COMPANY);
    const dir = path.dirname(db);
    const start = dataDump(db);
    await runImport(importOpts('clients', writeFile(dir, 'c1.csv', 'code,name,deferral_days\nC1,Alpha,30\n')), testCtx(db));
    const first = lastOperation(db);
    await runEdit('clients', 'C1', { deferralDays: '45' }, testCtx(db));
    const second = lastOperation(db);
    const afterBoth = dataDump(db);
    const error = await undo(db, first).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).exitCode).toBe(3);
    expect((error as Error).message).toContain(`operation ${second}`);
    expect(dataDump(db)).toEqual(afterBoth);
    // the same through the binary: exit 3, the later operation named, nothing written
    const run = crm(['--db', db, 'undo', String(first)]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(String(second));
    expect(dataDump(db)).toEqual(afterBoth);

    const out = await undo(db, first, { cascade: true });
    expect(out.indexOf(`operation ${second}`)).toBeLessThan(out.indexOf(`operation ${first}`));
    expect(dataDump(db)).toEqual(start);
    await checkDb(db);
    // the redo the output names works: the first undo with --cascade takes the later undo back first
    const redo = /crm undo (\d+) --cascade redoes them all/.exec(out)![1]!;
    await undo(db, Number(redo), { cascade: true });
    expect(dataDump(db)).toEqual(afterBoth);
    await checkDb(db);
  });

  it('operations on other rows do not stand in the way', async () => {
    const db = companyDb(COMPANY);
    const dir = path.dirname(db);
    await runEdit('clients', 'C1', { deferralDays: '31' }, testCtx(db));
    const first = lastOperation(db);
    const afterFirst = dataDump(db);
    await runEdit('clients', 'C2', { deferralDays: '32' }, testCtx(db));
    await runImport(importOpts('products', writeFile(dir, 'p.csv', 'sku,name,group_code,price,cost\nA3,Cable 3,G1,10,5\n')), testCtx(db));
    await undo(db, first);
    const rows = query<{ code: string; deferral_days: number }>(db, 'SELECT code, deferral_days FROM clients ORDER BY code');
    expect(rows).toEqual([{ code: 'C1', deferral_days: 10 }, { code: 'C2', deferral_days: 32 }]);
    expect(dataDump(db)).not.toEqual(afterFirst);
    await checkDb(db);
  });

  it('a deleted document whose number a later import gave to a new one: undo refused naming the import; --cascade puts the old one back', async () => {
    const db = companyDb([...COMPANY, ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nS1,2026-10-05,C1,A1,5,500\n']]);
    const dir = path.dirname(db);
    const before = dataDump(db);
    await runDelete('shipments', ['S1'], {}, testCtx(db));
    const deleted = lastOperation(db);
    await runImport(importOpts('shipments', writeFile(dir, 's.csv', 'shipment_no,date,client_code,sku,qty,amount\nS1,2026-11-05,C2,A2,1,200\n')), testCtx(db));
    const reimport = lastOperation(db);
    const after = dataDump(db);
    const run = crm(['--db', db, 'undo', String(deleted)]);
    expect([run.code, run.stderr]).toEqual([3, expect.stringContaining(`operation ${reimport} (import shipments) gave their codes to new rows: shipments S1`)]);
    expect(dataDump(db)).toEqual(after);
    await undo(db, deleted, { cascade: true });
    expect(dataDump(db)).toEqual(before);
    await checkDb(db);
  });

  it('a plan import used by a stored run: undo refused, --cascade removes the run too', async () => {
    const db = companyDb([
      ...COMPANY,
      ['stock', 'date,sku,qty\n2026-11-01,A1,50\n2026-11-01,A2,10\n'],
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nS1,2026-10-05,C1,A1,5,500\nS2,2026-11-05,C2,A2,2,400\n'],
    ]);
    const dir = path.dirname(db);
    const before = dataDump(db);
    await runImport(importOpts('plan-sales', writeFile(dir, 'ps.csv', 'month,group_code,amount\n2027-01,G1,10000\n2027-02,G1,12000\n')), testCtx(db));
    const planOp = lastOperation(db);
    await runPlanRun({ from: '2027-01', months: '2' }, testCtx(db));
    const run = crm(['--db', db, 'undo', String(planOp)]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/plan run/);
    await undo(db, planOp, { cascade: true });
    expect(query(db, 'SELECT COUNT(*) AS n FROM plan_runs')[0]).toEqual({ n: 0 });
    expect(query(db, 'SELECT COUNT(*) AS n FROM plan_versions')[0]).toEqual({ n: 0 });
    expect(dataDump(db)).toEqual(before);
    await checkDb(db);
  });

  it('misuse: an operation that does not exist, one undone already, not a number', async () => {
    const db = companyDb(COMPANY);
    const before = dataDump(db);
    const cases: [string[], number, string][] = [
      [['undo', '999'], 2, 'there is no operation 999'],
      [['undo', 'abc'], 2, 'expected an operation number'],
      [['undo', '0'], 2, 'expected an operation number'],
    ];
    for (const [args, code, message] of cases) {
      const run = crm(['--db', db, ...args]);
      expect([run.code, run.stderr], args.join(' ')).toEqual([code, expect.stringContaining(message)]);
    }
    const op = lastOperation(db);
    expect(crm(['--db', db, 'undo', String(op)]).code).toBe(0);
    const again = crm(['--db', db, 'undo', String(op)]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('undone already');
    expect(dataDump(db)).not.toEqual(before); // the first undo did its work …
    expect(crm(['--db', db, 'undo', String(lastOperation(db))]).code).toBe(0); // … and its undo put it back
    expect(dataDump(db)).toEqual(before);
  });
});

describe('property: random writes and undos keep the database exact', () => {
  const COMPANY: [string, string][] = [
    ['managers', 'code,name\nM1,Anna\nM2,Boris\n'],
    ['groups', 'code,name\nG1,Cables\nG2,Lamps\n'],
    ['products', 'sku,name,group_code,price,cost\nA1,Cable 1,G1,100,60\nA2,Cable 2,G1,200,120\nL1,Lamp 1,G2,50,20\n'],
    ['clients', 'code,name,manager_code,deferral_days\nC1,Alpha,M1,10\nC2,Beta,M2,20\nC3,Gamma,M1,0\n'],
    ['orders', 'order_no,date,client_code,manager_code,sku,qty,price\nO1,2026-09-01,C1,M1,A1,5,100\nO2,2026-09-02,C2,M2,L1,3,50\n'],
    ['shipments', 'shipment_no,date,client_code,order_no,sku,qty,amount\nS1,2026-09-03,C1,O1,A1,5,500\nS2,2026-09-04,C2,O2,L1,3,150\n'],
  ];
  let template: string;
  /** The operations that built the company: the property undoes only its own. */
  let base: number;
  beforeAll(() => {
    template = companyDb(COMPANY);
    base = lastOperation(template);
  }, 60_000);

  type Action =
    | { kind: 'clients'; code: string; deferral: number }
    | { kind: 'edit'; code: string; deferral: number }
    | { kind: 'ship'; no: string; client: string; sku: string; qty: number }
    | { kind: 'regroup'; sku: string; group: string }
    | { kind: 'manager'; order: string; manager: string }
    | { kind: 'delete'; no: string }
    | { kind: 'add'; code: string }
    | { kind: 'drop'; code: string }
    | { kind: 'undo-last' }
    | { kind: 'undo-any'; pick: number; cascade: boolean };

  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ kind: fc.constant('clients' as const), code: fc.constantFrom('C1', 'C2', 'C4'), deferral: fc.integer({ min: 0, max: 90 }) }),
    fc.record({ kind: fc.constant('edit' as const), code: fc.constantFrom('C1', 'C2', 'C3'), deferral: fc.integer({ min: 0, max: 90 }) }),
    fc.record({
      kind: fc.constant('ship' as const), no: fc.constantFrom('S1', 'S3', 'S4'), client: fc.constantFrom('C1', 'C2', 'C3'),
      sku: fc.constantFrom('A1', 'A2', 'L1'), qty: fc.integer({ min: 1, max: 9 }),
    }),
    fc.record({ kind: fc.constant('regroup' as const), sku: fc.constantFrom('A1', 'L1'), group: fc.constantFrom('G1', 'G2') }),
    fc.record({ kind: fc.constant('manager' as const), order: fc.constantFrom('O1', 'O2'), manager: fc.constantFrom('M1', 'M2') }),
    fc.record({ kind: fc.constant('delete' as const), no: fc.constantFrom('S1', 'S2', 'S3') }),
    fc.record({ kind: fc.constant('add' as const), code: fc.constantFrom('C4', 'C5') }),
    fc.record({ kind: fc.constant('drop' as const), code: fc.constantFrom('C3', 'C4', 'C5') }),
    fc.constant({ kind: 'undo-last' as const }),
    fc.record({ kind: fc.constant('undo-any' as const), pick: fc.nat(), cascade: fc.boolean() }),
  );

  /** Run one action; a refusal or an invalid input must leave the database as it was. */
  async function apply(db: string, dir: string, a: Action, step: number): Promise<void> {
    const ctx = testCtx(db);
    const file = (text: string) => writeFile(dir, `f${step}.csv`, text);
    switch (a.kind) {
      case 'clients':
        return runImport(importOpts('clients', file(`code,name,deferral_days\n${a.code},Client ${a.code},${a.deferral}\n`)), ctx);
      case 'edit':
        return runEdit('clients', a.code, { deferralDays: String(a.deferral) }, ctx);
      case 'ship':
        return runImport(importOpts('shipments', file(`shipment_no,date,client_code,sku,qty,amount\n${a.no},2026-10-0${a.qty},${a.client},${a.sku},${a.qty},${a.qty * 10}\n`)), ctx);
      case 'regroup':
        return runImport(importOpts('products', file(`sku,name,price,cost,group_code\n${a.sku},Item ${a.sku},100,60,${a.group}\n`)), ctx);
      case 'manager': {
        const client = a.order === 'O1' ? 'C1' : 'C2';
        const line = a.order === 'O1' ? 'A1,5,100' : 'L1,3,50';
        return runImport(importOpts('orders', file(`order_no,date,client_code,manager_code,sku,qty,price\n${a.order},2026-09-0${a.order === 'O1' ? 1 : 2},${client},${a.manager},${line}\n`)), ctx);
      }
      case 'delete':
        return runDelete('shipments', [a.no], {}, ctx);
      case 'add':
        return runAdd('clients', { code: a.code, name: `Added ${a.code}` }, ctx);
      case 'drop':
        return runDelete('clients', [a.code], {}, ctx);
      default:
        throw new Error('not a write');
    }
  }

  it('after each step the checks pass; undoing the newest standing operation gives the state before it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 14 }), async (actions) => {
        const { dir, db } = copyDb(template);
        // states before each standing operation of ours, newest last: undo-last pops one
        const stack: { op: number; before: Record<string, string> }[] = [];
        for (const [step, a] of actions.entries()) {
          const before = dataDump(db);
          const opsBefore = lastOperation(db);
          if (a.kind === 'undo-last') {
            const top = stack.pop();
            if (!top) continue;
            await undo(db, top.op);
            expect(dataDump(db)).toEqual(top.before);
          } else if (a.kind === 'undo-any') {
            const ops = query<{ id: number }>(db, 'SELECT id FROM operations WHERE undone_by IS NULL AND id > ? ORDER BY id', base).map((o) => o.id);
            if (ops.length === 0) continue;
            const op = ops[a.pick % ops.length]!;
            try {
              await undo(db, op, { cascade: a.cascade });
            } catch (error) {
              // refused: nothing written
              expect(error).toBeInstanceOf(RefusedError);
              expect(dataDump(db)).toEqual(before);
              expect(lastOperation(db)).toBe(opsBefore);
              continue;
            }
            // the undos it made (one per operation with --cascade) undo in turn, newest first: back to the state before
            const undos = query<{ id: number }>(db, 'SELECT id FROM operations WHERE id > ? ORDER BY id DESC', opsBefore).map((o) => o.id);
            expect(undos.length).toBeGreaterThan(0);
            for (const u of undos) await undo(db, u);
            expect(dataDump(db)).toEqual(before);
            // the undo of the undo is the newest operation now; the stack's states are no longer ours to pop
            stack.length = 0;
          } else {
            try {
              await apply(db, dir, a, step);
            } catch (error) {
              expect(dataDump(db)).toEqual(before); // refused or invalid: nothing written
              expect(lastOperation(db)).toBe(opsBefore);
              continue;
            }
            if (lastOperation(db) > opsBefore) stack.push({ op: lastOperation(db), before });
            else expect(dataDump(db)).toEqual(before); // nothing changed, no operation
          }
          await checkDb(db);
        }
      }),
      { numRuns: 30 },
    );
  }, 300_000);
});

describe('kill -9 in the middle of an undo', () => {
  it('leaves the database as it was before the undo or after it, never between', async () => {
    const db = companyDb([
      ['managers', 'code,name\nM1,Anna\n'],
      ['groups', 'code,name\nG1,Cables\n'],
      ['products', 'sku,name,group_code,price,cost\nA1,Cable 1,G1,100,60\nA2,Cable 2,G1,200,120\n'],
      ['clients', 'code,name,manager_code\nC1,Alpha,M1\nC2,Beta,M1\n'],
    ]);
    const dir = path.dirname(db);
    // 60,000 two-line shipments: an undo of a second or so
    const lines = ['shipment_no,date,client_code,sku,qty,amount'];
    for (let i = 0; i < 60_000; i++) {
      const date = `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      lines.push(`S${i},${date},C${1 + (i % 2)},A1,2,200`, `S${i},${date},C${1 + (i % 2)},A2,1,200`);
    }
    const before = dataDump(db);
    expect(crm(['--db', db, 'import', 'shipments', writeFile(dir, 's.csv', `${lines.join('\n')}\n`)]).code).toBe(0);
    const op = lastOperation(db);
    const imported = dataDump(db);
    let killedMidway = 0;
    for (const delay of [150, 400, 800, 1200]) {
      const copy = path.join(dir, `kill-${delay}.db`);
      fs.copyFileSync(db, copy);
      const child = spawn(process.execPath, [BIN, '--db', copy, 'undo', String(op)], { stdio: 'ignore', env: { ...process.env, CRM_USER: 'tester' } });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      if ((await exited) === 'SIGKILL') killedMidway++;
      const now = dataDump(copy);
      expect([imported, before]).toContainEqual(now);
      await checkDb(copy);
    }
    expect(killedMidway, 'no undo was killed before it finished: make the import bigger').toBeGreaterThan(0);
  }, 180_000);
});

describe('undo of rows that refer to rows deleted since', () => {
  it('refused naming the delete (exit 3, also in a dry run); --cascade undoes the delete first', async () => {
    const db = companyDb([
      ['managers', 'code,name\nM1,Anna\n'],
      ['groups', 'code,name\nG1,Cables\n'],
      ['products', 'sku,name,group_code,price,cost\nA1,Cable 1,G1,100,60\n'],
      ['clients', 'code,name,manager_code\nC1,Alpha,M1\nC2,Beta,M1\n'],
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nS1,2026-10-01,C1,A1,1,100\nS2,2026-10-02,C2,A1,1,100\n'],
    ]);
    const before = dataDump(db);
    await runDelete('shipments', ['S1', 'S2'], {}, testCtx(db));
    const shipmentsGone = lastOperation(db);
    await runDelete('clients', ['C1', 'C2'], {}, testCtx(db));
    const clientsGone = lastOperation(db);
    const after = dataDump(db);
    for (const args of [[], ['--dry-run']]) {
      const run = crm(['--db', db, 'undo', String(shipmentsGone), ...args]);
      expect([run.code, run.stderr]).toEqual([3, `crm: cannot undo operation ${shipmentsGone}: operation ${clientsGone} (delete clients) deleted rows they refer to: clients C1, clients C2; undo that one first, or use --cascade; nothing was written\n`]);
      expect(dataDump(db)).toEqual(after);
    }
    await undo(db, shipmentsGone, { cascade: true });
    expect(dataDump(db)).toEqual(before);
    await checkDb(db);
  });
});
