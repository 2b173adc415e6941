// Issue 16: the per-SKU monthly sales facts behind illiquid, illiquid-sales and
// low-profit-stock. Kept by every write (imports of new and changed shipments, deletes,
// undo) in the same transaction, they must equal a full scan of the shipment lines, and the
// three reports read from them must give exactly what the full-scan reference gives.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../src/db/connection.js';
import { deleteRecords } from '../src/db/delete.js';
import { sq } from '../src/db/handle.js';
import { compareProductFacts } from '../src/db/productFacts.js';
import { summaryTuning } from '../src/db/salesSummary.js';
import type { SalesSource } from '../src/db/reportQueries.js';
import { undoOperations } from '../src/db/undo.js';
import { importFile, importSpec } from '../src/import/importer.js';
import type { Cell } from '../src/io/locale.js';
import { addDays } from '../src/planning/calendar.js';
import { illiquidReport } from '../src/reports/illiquid.js';
import { lowProfitStockReport, splitPeriod } from '../src/reports/lowProfitStock.js';
import { illiquidSalesReport } from '../src/reports/stockMovement.js';
import type { ReportOptions, ReportResult } from '../src/reports/types.js';
import Database from 'better-sqlite3';
import { crm, downgradeDb, tempDir, writeFile } from './helpers.js';

const NOW = new Date('2027-01-10T00:00:00Z');
const SKUS = ['A', 'B', 'C', 'D'];
const CLIENTS = ['K1', 'K2'];

async function load(db: Db, entity: string, header: Cell[], rows: Cell[][]): Promise<void> {
  if (rows.length === 0) return;
  const s = await importFile(db, { entity, file: entity, memory: { header, rows }, user: 't', now: NOW });
  if (s.problems.length > 0) throw new Error(`${entity}: ${s.problems[0]!.message}`);
}

const SHIPMENT_HEADER = ['shipment_no', 'date', 'client_code', 'sku', 'qty', 'amount', 'cost'];
// days from 2025-01-01 over two years, sparse enough for gaps of months
const arbDay = fc.oneof(fc.integer({ min: 0, max: 729 }), fc.constantFrom(0, 30, 31, 59, 180, 365, 400, 500, 729));
const arbLine = fc.record({ sku: fc.integer({ min: 0, max: SKUS.length - 1 }), qty: fc.integer({ min: 1, max: 9 }), amount: fc.integer({ min: 1, max: 900 }) });
const arbShipment = fc.record({ no: fc.integer({ min: 0, max: 14 }), day: arbDay, client: fc.integer({ min: 0, max: 1 }), lines: fc.array(arbLine, { minLength: 1, maxLength: 3 }) });
const arbOperation = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('shipments' as const), docs: fc.array(arbShipment, { minLength: 1, maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), no: fc.integer({ min: 0, max: 14 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undo' as const) }) },
);
type Operation = typeof arbOperation extends fc.Arbitrary<infer T> ? T : never;

const arbCompany = fc.record({
  // thresholds: small ones (reached within a month: the reports read every line) and long ones
  own: fc.array(fc.option(fc.constantFrom(1, 10, 31, 45, 90, 200), { nil: null }), { minLength: SKUS.length, maxLength: SKUS.length }),
  groupDays: fc.option(fc.constantFrom(20, 40, 120), { nil: null }),
  receipts: fc.array(fc.record({ day: arbDay, sku: fc.integer({ min: 0, max: SKUS.length - 1 }), qty: fc.integer({ min: 1, max: 30 }) }), { maxLength: 4 }),
  counts: fc.array(fc.record({ day: arbDay, sku: fc.integer({ min: 0, max: SKUS.length - 1 }), qty: fc.integer({ min: 0, max: 50 }) }), { maxLength: 4 }),
  ops: fc.array(arbOperation, { minLength: 1, maxLength: 6 }),
  /** The import writes its pending rows after every shipment (as a long one does). */
  flushOften: fc.boolean(),
});
type Company = typeof arbCompany extends fc.Arbitrary<infer T> ? T : never;

const dayOf = (n: number) => addDays('2025-01-01', n);

async function apply(db: Db, op: Operation): Promise<void> {
  if (op.kind === 'shipments') {
    const rows = op.docs.flatMap((d) => d.lines.map((l) => [`S${d.no}`, dayOf(d.day), CLIENTS[d.client]!, SKUS[l.sku]!, l.qty, l.amount, Math.floor(l.amount / 2)]));
    // one date and client per document: the first occurrence wins
    const first = new Map<string, Cell[]>();
    for (const r of rows) if (!first.has(String(r[0]))) first.set(String(r[0]), r);
    await load(db, 'shipments', SHIPMENT_HEADER, rows.map((r) => [r[0]!, first.get(String(r[0]))![1]!, first.get(String(r[0]))![2]!, ...r.slice(3)]));
  } else if (op.kind === 'delete') {
    const exists = sq(db).prepare('SELECT 1 FROM shipments WHERE shipment_no = ?').get(`S${op.no}`);
    if (exists) await deleteRecords(db, importSpec('shipments'), [`S${op.no}`], { user: 't', startedAt: NOW.toISOString() });
  } else {
    const last = sq(db).prepare("SELECT MAX(id) FROM operations WHERE undone_by IS NULL AND entity = 'shipments'").pluck().get() as number | null;
    if (last !== null) undoOperations(db, last, { cascade: true, dryRun: false, meta: { user: 't', startedAt: NOW.toISOString() } });
  }
}

async function build(c: Company, dir: string): Promise<Db> {
  const db = openDb(path.join(dir, 'crm.db'), 'create');
  await load(db, 'groups', ['code', 'name', 'parent_code', 'illiquid_after_days'], [['TOP', 'Верх', null, c.groupDays], ['SUB', 'Низ', 'TOP', null]]);
  await load(db, 'suppliers', ['code', 'name'], [['S1', 'Первый']]);
  await load(db, 'products', ['sku', 'name', 'group_code', 'price', 'cost', 'supplier_code', 'illiquid_after_days'], SKUS.map((s, i) => [s, `Товар ${s}`, i % 2 ? 'SUB' : 'TOP', 100, 10 + i, 'S1', c.own[i]!]));
  await load(db, 'clients', ['code', 'name'], CLIENTS.map((k) => [k, `Клиент ${k}`]));
  await load(db, 'stock', ['date', 'sku', 'qty'], [...new Map(c.counts.map((k) => [`${k.day}|${k.sku}`, [dayOf(k.day), SKUS[k.sku]!, k.qty]])).values()]);
  await load(db, 'receipts', ['receipt_no', 'date', 'supplier_code', 'sku', 'qty', 'cost'], c.receipts.map((r, i) => [`R${i}`, dayOf(r.day), 'S1', SKUS[r.sku]!, r.qty, 10]));
  for (const op of c.ops) await apply(db, op);
  return db;
}

const options = (from: string, to: string, date = to): ReportOptions => ({ from, to, date, asOf: '2027-01-10', version: 'latest', cumulative: false });

/** The report's rows and totals, numbers rounded to 9 significant digits (sums in another order). */
function plain(r: ReportResult): unknown {
  const round = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(9)) : v);
  const rows = r.table.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, round(v)])));
  return { rows, totals: Object.fromEntries(Object.entries(r.table.totals ?? {}).map(([k, v]) => [k, round(v)])) };
}

const PERIODS: [string, string][] = [
  ['2025-01-01', '2026-12-31'],
  ['2025-03-01', '2025-08-31'],
  ['2025-02-10', '2026-01-20'],
  ['2025-06-05', '2025-06-25'],
  ['2026-01-31', '2026-03-01'],
];

async function expectFactsEqualScan(db: Db): Promise<void> {
  expect(compareProductFacts(sq(db)).samples).toEqual([]);
  const reports: [string, (db: Db, o: ReportOptions, s: SalesSource) => Promise<ReportResult>][] = [
    ['illiquid', illiquidReport],
    ['illiquid-sales', illiquidSalesReport],
    ['low-profit-stock', lowProfitStockReport],
  ];
  for (const [from, to] of PERIODS) {
    for (const [name, report] of reports) {
      for (const date of name === 'illiquid' ? [from, to, addDays(from, 14)] : [to]) {
        const o = options(from, to, date);
        expect(plain(await report(db, o, 'facts')), `${name} ${from}…${to} at ${date}`).toEqual(plain(await report(db, o, 'scan')));
      }
    }
  }
}

describe('per-SKU monthly sales facts (issue 16)', () => {
  it('equal a full scan after any imports, deletes and undos, and the illiquid family reads the same numbers from them', async () => {
    await fc.assert(
      fc.asyncProperty(arbCompany, async (c) => {
        summaryTuning.flushAbove = c.flushOften ? 0 : 100_000;
        const dir = tempDir();
        const db = await build(c, dir);
        try {
          await expectFactsEqualScan(db);
        } finally {
          db.close();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    ['a whole year', '2025-01-01', '2025-12-31', { whole: { firstMonth: '2025-01', lastMonth: '2025-12' }, dayRanges: [] }],
    ['partial months at both ends', '2025-01-15', '2025-03-10', { whole: { firstMonth: '2025-02', lastMonth: '2025-02' }, dayRanges: [['2025-01-15', '2025-01-31'], ['2025-03-01', '2025-03-10']] }],
    ['within one month', '2025-02-02', '2025-02-27', { dayRanges: [['2025-02-02', '2025-02-27']] }],
    ['a leap February to its end', '2024-02-01', '2024-02-29', { whole: { firstMonth: '2024-02', lastMonth: '2024-02' }, dayRanges: [] }],
    ['the last day of one month to the first of the next', '2025-01-31', '2025-02-01', { dayRanges: [['2025-01-31', '2025-02-01']] }],
  ])('splitPeriod: %s', (_case, from, to, expected) => {
    expect(splitPeriod(from, to)).toEqual(expected);
  });

  it('by hand: a SKU idle 200 days sells again on 2025-07-29; the facts give the line, stock-days and margin', async () => {
    // A (threshold 180): sales 2025-01-10 (qty 2), 2025-07-29 and 2025-07-30 (qty 1 each).
    //   2025-07-29 − 2025-01-10 = 200 days ≥ 180: the line of 07-29 is an illiquid sale; 07-30 follows a day later.
    // low-profit-stock over July (31 days), count of 10 on 2025-06-30, nothing else:
    //   stock 10 from 07-01 to 07-28 (28 days), 9 on 07-29, 8 on 07-30 and 07-31 → 280 + 9 + 16 = 305 stock-days
    //   avg value = 305 × cost 10 / 31; margin = (100 − 50) + (100 − 50) = 100 (roubles; kopecks in the rows)
    const dir = tempDir();
    const db = openDb(path.join(dir, 'crm.db'), 'create');
    try {
      await load(db, 'groups', ['code', 'name'], [['TOP', 'Верх']]);
      await load(db, 'products', ['sku', 'name', 'group_code', 'price', 'cost', 'illiquid_after_days'], [['A', 'Товар A', 'TOP', 100, 10, 180], ['B', 'Товар B', 'TOP', 100, 10, 180]]);
      await load(db, 'clients', ['code', 'name'], [['K1', 'Клиент']]);
      await load(db, 'stock', ['date', 'sku', 'qty'], [['2025-06-30', 'A', 10], ['2025-06-30', 'B', 10]]);
      await load(db, 'shipments', SHIPMENT_HEADER, [
        ['S1', '2025-01-10', 'K1', 'A', 2, 200, 100],
        ['S2', '2025-07-29', 'K1', 'A', 1, 100, 50],
        ['S3', '2025-07-30', 'K1', 'A', 1, 100, 50],
        ['S4', '2025-07-15', 'K1', 'B', 1, 1000, 10],
      ]);
      const sales = await illiquidSalesReport(db, options('2025-07-01', '2025-07-31'));
      expect(sales.table.totals).toEqual({ lines: 1, qty: 1, amount: 10000, margin: 5000 }); // kopecks
      const low = await lowProfitStockReport(db, options('2025-07-01', '2025-07-31'));
      expect(low.table.rows.map((r) => [r.sku, r.margin, Number(r.avg_stock_value).toFixed(6)])).toEqual([['A', 10000, ((305 * 1000) / 31).toFixed(6)]]);
      // A has stock 8 at 2025-12-31 and last sold 2025-07-30: 154 days idle < 180; at 2026-01-26, 180 days: illiquid
      // (B, last sold 2025-07-15, 195 days by then)
      expect((await illiquidReport(db, options('2025-12-31', '2025-12-31'))).table.rows).toEqual([]);
      expect((await illiquidReport(db, options('2026-01-26', '2026-01-26'))).table.rows.map((r) => [r.sku, r.days_idle])).toEqual([['A', 180], ['B', 195]]);
    } finally {
      db.close();
    }
  });

  it('are computed from the lines when a schema-10 database is migrated (crm init)', () => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    expect(crm(['--db', db, 'init']).code).toBe(0);
    for (const [entity, text] of [
      ['groups', 'code,name\nG,Группа\n'],
      ['products', 'sku,name,group_code,price,cost\nA,Товар,G,10,5\nB,Другой,G,10,5\n'],
      ['clients', 'code,name\nK1,Клиент\nK2,Другой\n'],
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nS1,2026-01-10,K1,A,1,10\nS1,2026-01-10,K1,B,3,30\nS2,2026-02-20,K2,A,2,20\n'],
    ]) {
      expect(crm(['--db', db, 'import', entity!, writeFile(dir, `${entity}.csv`, text!)]).code).toBe(0);
    }
    const dump = () => {
      const raw = new Database(db, { readonly: true });
      try {
        return [raw.prepare('SELECT * FROM product_month_sales ORDER BY 1, 2').all(), raw.prepare('SELECT * FROM sales_summary_client_group ORDER BY 1, 2, 3').all()];
      } finally {
        raw.close();
      }
    };
    const kept = dump();
    expect(kept[0]).toHaveLength(3); // A in January and February, B in January
    expect(kept[1]).toHaveLength(2);
    downgradeDb(db, 10);
    expect(crm(['--db', db, 'init']).code).toBe(0);
    expect(dump()).toEqual(kept);
  });

  it('crm db check finds a fact that drifted; crm db rebuild-summaries repairs it', () => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    for (const [entity, text] of [
      ['groups', 'code,name\nG,Группа\n'],
      ['products', 'sku,name,group_code,price,cost\nA,Товар,G,10,5\n'],
      ['clients', 'code,name\nK1,Клиент\n'],
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nS1,2026-01-10,K1,A,1,10\nS2,2026-01-20,K1,A,2,20\n'],
    ]) {
      if (entity === 'groups') expect(crm(['--db', db, 'init']).code).toBe(0);
      expect(crm(['--db', db, 'import', entity!, writeFile(dir, `${entity}.csv`, text!)]).code).toBe(0);
    }
    const handle = openDb(db, 'write');
    sq(handle).exec("UPDATE product_month_sales SET first_date = '2026-01-20'");
    handle.close();
    const check = crm(['--db', db, 'db', 'check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^FAILED +product facts: .*\n.*product_month_sales A 2026-01: differs from the shipment lines/m);
    expect(crm(['--db', db, 'db', 'rebuild-summaries']).code).toBe(0);
    expect(crm(['--db', db, 'db', 'check']).code).toBe(0);
  });
});
