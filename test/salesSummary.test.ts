// The monthly sales summaries: kept by every write in the same transaction, they must equal
// a full scan of the shipment lines after any sequence of imports (new, changed and split
// shipments, products moving between groups, orders changing manager).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../src/db/connection.js';
import { sq } from '../src/db/handle.js';
import { compareProductFacts } from '../src/db/productFacts.js';
import { checkSalesSummaries, summaryTuning } from '../src/db/salesSummary.js';
import { salesData, type SalesFilter } from '../src/db/salesQueries.js';
import { importFile } from '../src/import/importer.js';
import { addDays } from '../src/planning/calendar.js';
import { crm, dbFingerprint, downgradeDb, tempDir } from './helpers.js';

const NOW = new Date('2026-11-26T00:00:00Z');

const MASTER: Record<string, string> = {
  managers: 'code,name\nM1,Анна\nM2,Игорь\n',
  groups: 'code,name,parent_code\nG1,Кабель,\nG2,Силовой,G1\nG3,Свет,\n',
  products: 'sku,name,group_code,price,cost\nP1,Кабель один,G1,10,5\nP2,Кабель два,G2,10,5\nP3,Лампа,G3,10,5\nP4,Люстра,G3,10,5\n',
  clients: 'code,name,manager_code\nC1,Альфа,M1\nC2,Бета,M2\nC3,Гамма,\n',
  orders: 'order_no,date,client_code,sku,qty,price,manager_code\nO1,2026-01-01,C1,P1,1,10,M2\nO2,2026-01-01,C2,P1,1,10,\nO3,2026-01-01,C3,P1,1,10,M1\nO4,2026-01-01,C1,P1,1,10,\n',
};

async function importText(db: Db, dir: string, entity: string, text: string): Promise<void> {
  const file = path.join(dir, `${entity}-${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, text);
  await importFile(db, { entity, file, user: 't', now: NOW });
}

/** A database with the master data and `shipments` (CSV text) imported through the CLI. */
function companyWith(shipments: string): { dir: string; db: string } {
  const dir = tempDir();
  const db = path.join(dir, 'crm.db');
  crm(['--db', db, 'init']);
  for (const [entity, text] of [...Object.entries(MASTER), ['shipments', shipments]]) {
    fs.writeFileSync(path.join(dir, `${entity}.csv`), text!);
    const run = crm(['--db', db, 'import', entity!, path.join(dir, `${entity}.csv`)]);
    if (run.code !== 0) throw new Error(`${entity}: ${run.stderr}`);
  }
  return { dir, db };
}

const line = fc.record({ sku: fc.constantFrom('P1', 'P2', 'P3', 'P4'), qty: fc.integer({ min: 1, max: 5 }), amount: fc.integer({ min: 1, max: 999 }) });
const shipmentDoc = fc.record({
  no: fc.constantFrom('S1', 'S2', 'S3', 'S4', 'S5', 'S6'),
  // few days, clients and orders: shipments of one order, client and month meet often
  day: fc.constantFrom(0, 9, 31, 45, 70),
  client: fc.constantFrom('C1', 'C2', 'C3'),
  order: fc.constantFrom('', 'O1', 'O2', 'O2', 'O3'),
  lines: fc.array(line, { minLength: 1, maxLength: 3 }),
});
const operation = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('shipments' as const), docs: fc.array(shipmentDoc, { minLength: 1, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('regroup' as const), sku: fc.constantFrom('P1', 'P2', 'P3', 'P4'), group: fc.constantFrom('G1', 'G2', 'G3') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('manager' as const), order: fc.constantFrom('O1', 'O2', 'O3', 'O4'), manager: fc.constantFrom('', 'M1', 'M2') }) },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

async function apply(db: Db, dir: string, op: Operation): Promise<void> {
  if (op.kind === 'shipments') {
    const rows = op.docs.flatMap((d) => d.lines.map((l) => `${d.no},${addDays('2026-01-01', d.day)},${d.client},${d.order},${l.sku},${l.qty},${l.amount}`));
    await importText(db, dir, 'shipments', `shipment_no,date,client_code,order_no,sku,qty,amount\n${rows.join('\n')}\n`);
  } else if (op.kind === 'regroup') {
    const name = new RegExp(`^${op.sku},([^,]+)`, 'm').exec(MASTER.products!)![1];
    await importText(db, dir, 'products', `sku,name,group_code,price,cost\n${op.sku},${name},${op.group},10,5\n`);
  } else {
    const client = new RegExp(`^${op.order},[^,]+,([^,]+)`, 'm').exec(MASTER.orders!)![1];
    await importText(db, dir, 'orders', `order_no,date,client_code,sku,qty,price,manager_code\n${op.order},2026-01-01,${client},P1,1,10,${op.manager}\n`);
  }
}

const FILTERS: SalesFilter[] = [
  { from: '2026-01-01', to: '2026-03-31', by: 'group' },
  { from: '2026-01-01', to: '2026-03-31', by: 'manager' },
  { from: '2026-01-01', to: '2026-03-31', by: 'client' },
  { from: '2026-01-01', to: '2026-03-31', by: 'group', manager: 'M1' },
  { from: '2026-01-01', to: '2026-03-31', by: 'group', client: 'C3' },
  { from: '2026-01-15', to: '2026-03-10', by: 'group' },
  { from: '2026-02-01', to: '2026-02-28', by: 'manager', client: 'C1' },
];

async function expectSummaryEqualsScan(db: Db): Promise<void> {
  expect(compareProductFacts(sq(db)).samples).toEqual([]);
  expect(checkSalesSummaries(sq(db)).differed).toBe(0);
  for (const f of FILTERS) {
    for (const groups of [undefined, new Set(['G1', 'G2'])]) {
      const fast = await salesData(db, f, groups);
      const slow = await salesData(db, f, groups, 'scan');
      expect(fast.totalOrders).toBe(slow.totalOrders);
      expect(fast.cells.map((c) => ({ ...c, qty: Math.round(c.qty * 1e6) }))).toEqual(slow.cells.map((c) => ({ ...c, qty: Math.round(c.qty * 1e6) })));
    }
  }
}

describe('monthly sales summaries', () => {
  it('equal a full scan after any sequence of imports', async () => {
    await fc.assert(
      // sometimes every regroup or manager change takes the rebuild path of a big move
      // and sometimes an import writes its pending rows after every shipment (as a long one does)
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 8 }), fc.boolean(), fc.boolean(), async (ops, rebuild, flushOften) => {
        summaryTuning.rebuildAbove = rebuild ? 0 : 200_000;
        summaryTuning.flushAbove = flushOften ? 0 : 100_000;
        const dir = tempDir();
        const db = openDb(path.join(dir, 'crm.db'), 'create');
        try {
          for (const [entity, text] of Object.entries(MASTER)) await importText(db, dir, entity, text);
          for (const op of ops) await apply(db, dir, op);
          await expectSummaryEqualsScan(db);
        } finally {
          db.close();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('counts orders per client and month, by hand', async () => {
    // O1 (client C1, manager M2): Jan 10 lines in G1 and G3, Jan 20 one more line in G1, Mar 5 in G3.
    // S9 (no order, C2): Jan 12 in G3.
    //   Jan G1: amount 100 + 50 = 150, orders 1 (O1 twice in one cell is one order)
    //   Jan G3: amount 30 + 7 = 37, orders 2 (O1 and S9)
    //   Mar G3: amount 40, orders 1
    //   total orders: Jan {O1, S9} + Mar {O1} = 3 (an order counts in each month it ships in)
    const { dir, db } = companyWith(
      'shipment_no,date,client_code,order_no,sku,qty,amount\nA,2026-01-10,C1,O1,P1,1,100\nA,2026-01-10,C1,O1,P3,1,30\nB,2026-01-20,C1,O1,P1,1,50\nS9,2026-01-12,C2,,P4,1,7\nC,2026-03-05,C1,O1,P4,2,40\n',
    );
    const report = JSON.parse(crm(['--db', db, 'report', 'sales', '--from', '2026-01', '--to', '2026-03', '--format', 'json']).stdout);
    expect(report.rows).toEqual([
      { month: '2026-01', group: 'G1', amount: 150, qty: 2, margin: 140, orders: 1 },
      { month: '2026-01', group: 'G3', amount: 37, qty: 2, margin: 27, orders: 2 },
      { month: '2026-03', group: 'G3', amount: 40, qty: 2, margin: 30, orders: 1 },
    ]);
    expect(report.totals).toMatchObject({ amount: 227, orders: 3 });
    // by manager: O1 is M2's (the order's manager), S9 is C2's manager M2 too → Jan 2 orders, Mar 1
    const managers = JSON.parse(crm(['--db', db, 'report', 'sales', '--from', '2026-01', '--to', '2026-03', '--by', 'manager', '--format', 'json']).stdout);
    expect(managers.rows.map((r: { month: string; manager: string; orders: number }) => [r.month, r.manager, r.orders])).toEqual([
      ['2026-01', 'M2', 2],
      ['2026-03', 'M2', 1],
    ]);
    // moving P4 to G1 moves its sales: Jan G1 gets S9 (7), Mar G1 gets O1's 40
    fs.writeFileSync(path.join(dir, 'regroup.csv'), 'sku,name,group_code,price,cost\nP4,Люстра,G1,10,5\n');
    expect(crm(['--db', db, 'import', 'products', path.join(dir, 'regroup.csv')]).code).toBe(0);
    const moved = JSON.parse(crm(['--db', db, 'report', 'sales', '--from', '2026-01', '--to', '2026-03', '--format', 'json']).stdout);
    expect(moved.rows.map((r: { month: string; group: string; amount: number; orders: number }) => [r.month, r.group, r.amount, r.orders])).toEqual([
      ['2026-01', 'G1', 157, 2],
      ['2026-01', 'G3', 30, 1],
      ['2026-03', 'G1', 40, 1],
    ]);
    const check = crm(['--db', db, 'db', 'rebuild-summaries', '--check', '--json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ checked: true, differed: 0 });
  });

  it('the sales report runs while another process is in the middle of a write, and sees what was committed', () => {
    const { db } = companyWith('shipment_no,date,client_code,sku,qty,amount\nA,2026-01-10,C1,P1,1,100\n');
    const writer = new Database(db);
    writer.exec('BEGIN IMMEDIATE');
    writer.exec("UPDATE sales_summary SET amount = amount + 99900 WHERE month = '2026-01'"); // not committed
    try {
      // a writer would wait 300 ms and give up; a reader does not wait at all (WAL)
      const run = crm(['--db', db, 'report', 'sales', '--from', '2026-01', '--to', '2026-01', '--format', 'json'], { env: { CRM_BUSY_TIMEOUT_MS: '300' } });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).totals.amount).toBe(100);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });

  it('rebuild-summaries repairs drifted rows, and --check finds them without writing', () => {
    const { db } = companyWith('shipment_no,date,client_code,sku,qty,amount\nA,2026-01-10,C1,P1,1,100\nB,2026-02-10,C2,P3,1,30\n');
    const raw = new Database(db);
    raw.exec("UPDATE sales_summary SET amount = amount + 1 WHERE month = '2026-01'; DELETE FROM sales_summary_client WHERE month = '2026-02'");
    raw.close();
    const before = dbFingerprint(db);
    const check = crm(['--db', db, 'db', 'rebuild-summaries', '--check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      'sales summaries checked: sales_summary 2 month × group rows, sales_summary_client 2 month × client rows, sales_summary_client_group 2 month × client × group rows, product_month_sales 2 SKU × month rows; 3 rows differ from the shipments',
    );
    expect(dbFingerprint(db)).toBe(before);
    const rebuild = crm(['--db', db, 'db', 'rebuild-summaries']);
    expect(rebuild.code).toBe(0);
    expect(rebuild.stderr).toContain('sales summaries rebuilt: sales_summary 2 month × group rows');
    expect(rebuild.stderr).toContain('product_month_sales 2 SKU × month rows; 3 rows differed');
    const json = JSON.parse(crm(['--db', db, 'db', 'rebuild-summaries', '--json']).stdout);
    expect(json).toMatchObject({ checked: false, differed: 0, tables: { sales_summary: 2, sales_summary_client: 2, sales_summary_client_group: 2, product_month_sales: 2 } });
    const russian = crm(['--db', db, '--lang', 'ru', 'db', 'rebuild-summaries']);
    expect(russian.stderr).toContain('сводки продаж пересчитаны: sales_summary 2 строки (месяц × группа)');
    expect(crm(['--db', db, 'db', 'rebuild-summaries', '--check']).code).toBe(0);
  });

  it('are computed when an older database is migrated', () => {
    const { db } = companyWith('shipment_no,date,client_code,order_no,sku,qty,amount\nA,2026-01-10,C1,O1,P1,1,100\nA,2026-01-10,C1,O1,P3,1,30\nB,2026-02-10,C2,,P3,1,30\n');
    const expected = new Database(db).prepare('SELECT * FROM sales_summary ORDER BY 1, 2, 3, 4').all();
    // back to schema version 4: no summary tables, migration 0004 not applied
    downgradeDb(db, 4);
    expect(crm(['--db', db, 'init']).code).toBe(0);
    const migrated = new Database(db, { readonly: true });
    expect(migrated.prepare('SELECT * FROM sales_summary ORDER BY 1, 2, 3, 4').all()).toEqual(expected);
    expect(migrated.prepare('SELECT COUNT(*) FROM sales_summary_client').pluck().get()).toBe(2);
    migrated.close();
  });
});
