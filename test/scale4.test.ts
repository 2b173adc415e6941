// Issue 16 at 10,000,000 lines: plan-fact (sales facts by group), managers (revenue and margin
// by manager) and receivables-turnover (opening balances) read the monthly sales summaries
// for whole months and the shipment lines only for the months a period cuts. On random small
// companies, after imports, re-imports, deletes, undos and changes of managers, the summaries
// equal a recomputation from the lines and every read equals its full-scan reference — on
// SQLite and, with a server (CRM_TEST_PG), on PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientBalancesBefore } from '../src/db/balances.js';
import { openDb, type Db } from '../src/db/connection.js';
import { deleteRecords } from '../src/db/delete.js';
import { sq } from '../src/db/handle.js';
import { managerFacts, managerRows, salesFactsByGroup, type FactSource } from '../src/db/reportQueries.js';
import { compareSalesSummaries, summaryTuning } from '../src/db/salesSummary.js';
import { undoOperations } from '../src/db/undo.js';
import { importFile, importSpec } from '../src/import/importer.js';
import type { Cell } from '../src/io/locale.js';
import { addDays } from '../src/planning/calendar.js';
import Database from 'better-sqlite3';
import { crm, downgradeDb, tempDir, writeFile } from './helpers.js';
import { PG_AVAILABLE, scratchDatabase } from './pgServer.js';

const NOW = new Date('2027-01-10T00:00:00Z');
const SKUS = ['A', 'B', 'C', 'D'];
const CLIENTS = ['K1', 'K2', 'K3'];
const MANAGERS = ['M1', 'M2', null];
const ORDERS = ['O1', 'O2', 'O3'];

async function load(db: Db, entity: string, header: Cell[], rows: Cell[][]): Promise<void> {
  if (rows.length === 0) return;
  const s = await importFile(db, { entity, file: entity, memory: { header, rows }, user: 't', now: NOW });
  if (s.problems.length > 0) throw new Error(`${entity}: ${s.problems[0]!.message}`);
}

// days from 2025-01-01 over two years, month ends and starts often
const arbDay = fc.oneof(fc.integer({ min: 0, max: 729 }), fc.constantFrom(0, 30, 31, 58, 59, 180, 364, 365, 400, 729));
const arbLine = fc.record({ sku: fc.integer({ min: 0, max: SKUS.length - 1 }), qty: fc.integer({ min: 1, max: 9 }), amount: fc.integer({ min: 0, max: 900 }), cost: fc.integer({ min: 0, max: 500 }) });
const arbShipment = fc.record({
  no: fc.integer({ min: 0, max: 9 }),
  day: arbDay,
  client: fc.integer({ min: 0, max: CLIENTS.length - 1 }),
  order: fc.option(fc.integer({ min: 0, max: ORDERS.length - 1 }), { nil: null }),
  lines: fc.array(arbLine, { minLength: 1, maxLength: 3 }),
});
const arbManager = fc.integer({ min: 0, max: MANAGERS.length - 1 });
const arbOperation = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('shipments' as const), docs: fc.array(arbShipment, { minLength: 1, maxLength: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), no: fc.integer({ min: 0, max: 9 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('undo' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('client' as const), client: fc.integer({ min: 0, max: CLIENTS.length - 1 }), manager: arbManager }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('order' as const), order: fc.integer({ min: 0, max: ORDERS.length - 1 }), manager: arbManager }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('payment' as const), no: fc.integer({ min: 0, max: 5 }), day: arbDay, client: fc.integer({ min: 0, max: CLIENTS.length - 1 }), amount: fc.integer({ min: 1, max: 2000 }) }) },
);
type Operation = typeof arbOperation extends fc.Arbitrary<infer T> ? T : never;

const arbCompany = fc.record({
  clientManagers: fc.array(arbManager, { minLength: CLIENTS.length, maxLength: CLIENTS.length }),
  orderManagers: fc.array(arbManager, { minLength: ORDERS.length, maxLength: ORDERS.length }),
  orderClients: fc.array(fc.integer({ min: 0, max: CLIENTS.length - 1 }), { minLength: ORDERS.length, maxLength: ORDERS.length }),
  ops: fc.array(arbOperation, { minLength: 1, maxLength: 7 }),
  /** The import writes its pending rows after every shipment (as a long one does). */
  flushOften: fc.boolean(),
});
type Company = typeof arbCompany extends fc.Arbitrary<infer T> ? T : never;

const dayOf = (n: number) => addDays('2025-01-01', n);

function orderRows(c: Company, managers: number[]): Cell[][] {
  return ORDERS.map((o, i) => [o, '2025-01-01', CLIENTS[c.orderClients[i]!]!, 'A', 1, 10, MANAGERS[managers[i]!]!, 'confirmed']);
}

async function apply(db: Db, c: Company, orderManagers: number[], op: Operation, setup: number): Promise<void> {
  const meta = { user: 't', startedAt: NOW.toISOString() };
  if (op.kind === 'shipments') {
    // one date, client and order per document: its first occurrence in the file
    const first = new Map<number, (typeof op.docs)[number]>();
    for (const d of op.docs) if (!first.has(d.no)) first.set(d.no, d);
    const rows = op.docs.flatMap((d) => {
      const h = first.get(d.no)!;
      // a shipment of an order is that order's client's (a shipment naming another client's order is refused)
      const client = h.order === null ? h.client : c.orderClients[h.order]!;
      return d.lines.map((l) => [`S${d.no}`, dayOf(h.day), CLIENTS[client]!, SKUS[l.sku]!, l.qty, l.amount, l.cost, h.order === null ? null : ORDERS[h.order]!]);
    });
    await load(db, 'shipments', ['shipment_no', 'date', 'client_code', 'sku', 'qty', 'amount', 'cost', 'order_no'], rows);
  } else if (op.kind === 'delete') {
    if (sq(db).prepare('SELECT 1 FROM shipments WHERE shipment_no = ?').get(`S${op.no}`)) await deleteRecords(db, importSpec('shipments'), [`S${op.no}`], meta);
  } else if (op.kind === 'undo') {
    // the newest operation after the company's master data and orders
    const last = sq(db).prepare('SELECT MAX(id) FROM operations WHERE undone_by IS NULL AND undoes IS NULL AND id > ?').pluck().get(setup) as number | null;
    if (last !== null) undoOperations(db, last, { cascade: true, dryRun: false, meta });
  } else if (op.kind === 'client') {
    await load(db, 'clients', ['code', 'name', 'manager_code'], [[CLIENTS[op.client]!, `Клиент ${op.client}`, MANAGERS[op.manager]!]]);
  } else if (op.kind === 'order') {
    orderManagers[op.order] = op.manager;
    await load(db, 'orders', ['order_no', 'date', 'client_code', 'sku', 'qty', 'price', 'manager_code', 'status'], orderRows(c, orderManagers));
  } else {
    await load(db, 'payments', ['payment_no', 'date', 'client_code', 'amount'], [[`P${op.no}`, dayOf(op.day), CLIENTS[op.client]!, op.amount]]);
  }
}

async function build(c: Company, file: string): Promise<Db> {
  const db = openDb(file, 'create');
  await load(db, 'managers', ['code', 'name'], [['M1', 'Первый'], ['M2', 'Второй']]);
  await load(db, 'groups', ['code', 'name', 'parent_code'], [['TOP', 'Верх', null], ['SUB', 'Низ', 'TOP']]);
  await load(db, 'products', ['sku', 'name', 'group_code', 'price', 'cost'], SKUS.map((s, i) => [s, `Товар ${s}`, i % 2 ? 'SUB' : 'TOP', 100, 10]));
  await load(db, 'clients', ['code', 'name', 'manager_code'], CLIENTS.map((k, i) => [k, `Клиент ${i}`, MANAGERS[c.clientManagers[i]!]!]));
  const orderManagers = [...c.orderManagers];
  await load(db, 'orders', ['order_no', 'date', 'client_code', 'sku', 'qty', 'price', 'manager_code', 'status'], orderRows(c, orderManagers));
  const setup = sq(db).prepare('SELECT MAX(id) FROM operations').pluck().get() as number;
  for (const op of c.ops) await apply(db, c, orderManagers, op, setup);
  return db;
}

const PERIODS: [string, string][] = [
  ['2025-01-01', '2026-12-31'],
  ['2025-03-01', '2025-08-31'],
  ['2025-02-10', '2026-01-20'],
  ['2025-06-05', '2025-06-25'],
  ['2026-01-31', '2026-03-01'],
  ['2025-12-15', '2025-12-31'],
];

/** Rows in one order (the summaries and the scan group alike, but need not return rows in the same order). */
const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();

async function expectReadsEqualScan(db: Db): Promise<void> {
  expect(compareSalesSummaries(sq(db)).samples).toEqual([]);
  for (const [from, to] of PERIODS) {
    const both = async <T>(read: (s: FactSource) => Promise<T[]>) => [sorted(await read('auto')), sorted(await read('scan'))];
    const [groups, groupsScan] = await both((s) => salesFactsByGroup(db, from, to, s));
    expect(groups, `sales facts ${from}…${to}`).toEqual(groupsScan);
    const [revenue, revenueScan] = await both(async (s) => (await managerFacts(db, from, to, s)).revenue);
    expect(revenue, `manager revenue ${from}…${to}`).toEqual(revenueScan);
    expect(await managerRows(db, from, to, 'auto'), `managers ${from}…${to}`).toEqual(await managerRows(db, from, to, 'scan'));
    for (const day of [from, to, addDays(to, 1)]) {
      expect([...(await clientBalancesBefore(db, day, 'auto'))].sort(), `balances before ${day}`).toEqual([...(await clientBalancesBefore(db, day, 'scan'))].sort());
    }
  }
}

async function property(file: () => Promise<string>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbCompany, async (c) => {
      summaryTuning.flushAbove = c.flushOften ? 0 : 100_000;
      const db = await build(c, await file());
      try {
        await expectReadsEqualScan(db);
      } finally {
        db.close();
      }
    }),
    { numRuns },
  );
  summaryTuning.flushAbove = 100_000;
}

describe('plan-fact, managers and receivables-turnover read the summaries (issue 16, 10M lines)', () => {
  it('SQLite: the summaries equal a recomputation and each read equals its full scan after imports, re-imports, deletes, undos and new managers', async () => {
    const dir = tempDir();
    let n = 0;
    await property(async () => {
      const file = path.join(dir, `crm${++n}.db`);
      fs.rmSync(file, { force: true });
      return file;
    }, 60);
  });

  it.skipIf(!PG_AVAILABLE)('PostgreSQL: the same', async () => {
    await property(() => scratchDatabase('scale4.test'), 5);
  }, 600_000);

  it('a period that cuts months reads the lines of the cut parts only: by hand', async () => {
    // K1 (manager M1): 2025-01-31 A 100 (cost 40), 2025-02-01 B 50 (cost 20), 2025-02-28 A 7; order O1 of M2 for the last.
    // plan-fact facts of 2025-01-15…2025-02-27: January's 100 (TOP) and February's 50 (SUB) — not the 7 of the 28th
    const dir = tempDir();
    const db = await build({ clientManagers: [0, 1, 2], orderManagers: [1, 0, 2], orderClients: [0, 1, 2], ops: [], flushOften: false }, path.join(dir, 'crm.db'));
    try {
      await load(db, 'shipments', ['shipment_no', 'date', 'client_code', 'sku', 'qty', 'amount', 'cost', 'order_no'], [
        ['S1', '2025-01-31', 'K1', 'A', 1, 100, 40, null],
        ['S2', '2025-02-01', 'K1', 'B', 1, 50, 20, null],
        ['S3', '2025-02-28', 'K1', 'A', 1, 7, 1, 'O1'],
      ]);
      await load(db, 'payments', ['payment_no', 'date', 'client_code', 'amount'], [['P1', '2025-02-10', 'K1', 30]]);
      expect(sorted(await salesFactsByGroup(db, '2025-01-15', '2025-02-27'))).toEqual(sorted([
        { group: 'TOP', month: '2025-01', amount: 10000 },
        { group: 'SUB', month: '2025-02', amount: 5000 },
      ]));
      // the order's manager (M2) before the client's (M1)
      expect(sorted((await managerFacts(db, '2025-01-01', '2025-02-28')).revenue)).toEqual(sorted([
        { manager: 'M1', month: '2025-01', amount: 10000, cost: 4000 },
        { manager: 'M1', month: '2025-02', amount: 5000, cost: 2000 },
        { manager: 'M2', month: '2025-02', amount: 700, cost: 100 },
      ]));
      // before 2025-02-28: 100 + 50 − 30 = 120 roubles; K2 and K3 owe nothing
      expect(await clientBalancesBefore(db, '2025-02-28')).toEqual(new Map([['K1', 12000], ['K2', 0], ['K3', 0]]));
      expect(await clientBalancesBefore(db, '2025-03-01')).toEqual(new Map([['K1', 12700], ['K2', 0], ['K3', 0]]));
    } finally {
      db.close();
    }
  });

  it('schema 13: a schema-12 database gets the covering indexes of the daily movements and the minimum-stock plan, and the reads use them', () => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    expect(crm(['--db', db, 'init']).code).toBe(0);
    for (const [entity, text] of [
      ['groups', 'code,name\nG,Группа\n'],
      ['products', 'sku,name,group_code,price,cost\nA,Товар,G,10,5\n'],
      ['clients', 'code,name\nK1,Клиент\n'],
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nS1,2026-01-10,K1,A,1,10\n'],
    ]) {
      expect(crm(['--db', db, 'import', entity!, writeFile(dir, `${entity}.csv`, text!)]).code).toBe(0);
    }
    const look = (sql: string) => {
      const raw = new Database(db, { readonly: true });
      try {
        return raw.prepare(sql).all();
      } finally {
        raw.close();
      }
    };
    const indexes = "SELECT name, sql FROM sqlite_master WHERE name IN ('shipments_date', 'plan_min_stock_cover') ORDER BY name";
    const expected = [
      { name: 'plan_min_stock_cover', sql: 'CREATE INDEX `plan_min_stock_cover` ON `plan_min_stock` (`version_id`,`month`,`product_id`,`qty`)' },
      { name: 'shipments_date', sql: 'CREATE INDEX `shipments_date` ON `shipments` (`date`,`client_id`,`amount`)' },
    ];
    expect(look(indexes)).toEqual(expected);
    downgradeDb(db, 12);
    expect(look(indexes)).toEqual([{ name: 'shipments_date', sql: 'CREATE INDEX shipments_date ON shipments (date)' }]);
    expect(crm(['--db', db, 'init']).code).toBe(0); // migrates
    expect(look(indexes)).toEqual(expected);
    const plan = (sql: string) => look(`EXPLAIN QUERY PLAN ${sql}`).map((r) => (r as { detail: string }).detail).join('; ');
    expect(plan("SELECT client_id, date, amount FROM shipments WHERE date >= '2026-01-01' AND date <= '2026-12-31'")).toContain('COVERING INDEX shipments_date');
    expect(plan("SELECT product_id, month, qty FROM plan_min_stock WHERE version_id = 1 AND month >= '2026-01' AND month <= '2026-12'")).toContain('COVERING INDEX plan_min_stock_cover');
  });
});
