// SPEC §6 reports on small datasets whose numbers are worked out in the comments.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ageBucket } from '../src/reports/receivablesTurnover.js';
import { crm, newDb, tempDir, writeFile } from './helpers.js';

function company(files: [string, string][]): string {
  const dir = tempDir();
  const db = newDb(dir);
  crm(['--db', db, 'init']);
  for (const [entity, text] of files) {
    const run = crm(['--db', db, 'import', entity, writeFile(dir, `${entity}.csv`, text)]);
    if (run.code !== 0) throw new Error(`${entity}: ${run.stderr}`);
  }
  return db;
}

const json = (db: string, ...args: string[]) => {
  const run = crm(['--db', db, 'report', ...args, '--format', 'json']);
  if (run.code !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
};

describe('receivables-turnover', () => {
  let db: string;
  beforeAll(() => {
    db = company([
      ['managers', 'code,name\nM1,Анна\nM2,Борис\n'],
      ['groups', 'code,name\nG,Товары\n'],
      ['products', 'sku,name,group_code,price,cost\nP,Товар,G,100,60\n'],
      ['clients', 'code,name,manager_code,deferral_days\nX,Икс,M1,5\nY,Игрек,M2,0\n'],
      // X: 1000 shipped Jan 1 (due Jan 6), 600 paid Jan 5
      // Y: 500 paid in advance Jan 2, 800 shipped Jan 6 (due Jan 6)
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nS1,2026-01-01,X,P,10,1000\nS2,2026-01-06,Y,P,8,800\n'],
      ['payments', 'payment_no,date,client_code,amount\nM1,2026-01-05,X,600\nM2,2026-01-02,Y,500\n'],
    ]);
  });

  it('averages the daily balance over the period, with a payment in the middle and an advance turning into a receivable', () => {
    const r = json(db, 'receivables-turnover', '--from', '2026-01-01', '--to', '2026-01-10');
    expect(r.report).toBe('receivables-turnover');
    expect(r.params).toEqual({ from: '2026-01-01', to: '2026-01-10', as_of: expect.any(String), manager: null, client: null, days: 10 });
    expect(r.rows).toEqual([
      // X: balance 1000 on Jan 1–4 (4 days), 400 on Jan 5–10 (6 days) → Σ 6400, mean 640
      //    turnover 1000 / 640 = 1.5625; DSO 10 × 640 / 1000 = 6.4; no advances
      //    at Jan 10: 400 of S1 unpaid, due Jan 6 → 4 days late
      {
        client: 'X', revenue: 1000, avg_receivables: 640, avg_advances: 0, receivables_turnover: 1.5625, dso_days: 6.4,
        advances_turnover: null, advances_days: 0, receivables_end: 400,
        not_due: 0, overdue_1_30: 400, overdue_31_60: 0, overdue_61_90: 0, overdue_over_90: 0,
      },
      // Y: 0 on Jan 1, −500 on Jan 2–5 (advance, 4 days), +300 on Jan 6–10 (5 days)
      //    avg receivables 1500 / 10 = 150, avg advances 2000 / 10 = 200
      //    turnover 800 / 150 = 5.333…; DSO 10 × 150 / 800 = 1.875; advances 800 / 200 = 4, 10 × 200 / 800 = 2.5 days
      //    at Jan 10: 300 of S2 unpaid, due Jan 6 → 4 days late
      {
        client: 'Y', revenue: 800, avg_receivables: 150, avg_advances: 200, receivables_turnover: 800 / 150, dso_days: 1.875,
        advances_turnover: 4, advances_days: 2.5, receivables_end: 300,
        not_due: 0, overdue_1_30: 300, overdue_31_60: 0, overdue_61_90: 0, overdue_over_90: 0,
      },
    ]);
    // totals add the clients' daily receivables: 640 + 150 = 790 (no netting of Y's advance against X)
    expect(r.totals).toEqual({
      revenue: 1800, avg_receivables: 790, avg_advances: 200, receivables_turnover: 1800 / 790, dso_days: (10 * 790) / 1800,
      advances_turnover: 9, advances_days: (10 * 200) / 1800, receivables_end: 700,
      not_due: 0, overdue_1_30: 700, overdue_31_60: 0, overdue_61_90: 0, overdue_over_90: 0,
    });
  });

  it('ages by days late = end − due date', () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91].map(ageBucket)).toEqual([
      'not_due', 'overdue_1_30', 'overdue_1_30', 'overdue_31_60', 'overdue_31_60', 'overdue_61_90', 'overdue_61_90', 'overdue_over_90',
    ]);
    // on Jan 5 S1 (due Jan 6) is not due yet: 1000 − 600 = 400 not due
    const r = json(db, 'receivables-turnover', '--from', '2026-01-01', '--to', '2026-01-05', '--client', 'X');
    expect(r.rows[0]).toMatchObject({ receivables_end: 400, not_due: 400, overdue_1_30: 0 });
  });
});

describe('illiquid', () => {
  let db: string;
  beforeAll(() => {
    db = company([
      ['groups', 'code,name,parent_code,illiquid_after_days\nTOP,Верх,,100\nMID,Середина,TOP,\nLEAF,Лист,MID,\nOTHER,Прочее,,\n'],
      [
        'products',
        'sku,name,group_code,price,cost,illiquid_after_days\nP1,Товар 1,LEAF,200,100,\nP2,Товар 2,LEAF,100,50,\nP3,Товар 3,OTHER,20,10,30\nP4,Товар 4,OTHER,40,20,\nP5,Товар 5,OTHER,40,20,\n',
      ],
      ['suppliers', 'code,name\nS,Поставщик\n'],
      ['clients', 'code,name\nC,Клиент\n'],
      ['stock', 'date,sku,qty\n2026-01-01,P1,10\n2026-01-01,P2,5\n2026-01-01,P4,3\n2026-01-01,P5,0\n'],
      ['receipts', 'receipt_no,date,supplier_code,sku,qty,cost\nR1,2026-05-31,S,P3,2,10\n'],
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nT1,2026-03-22,C,P1,1,200\nT2,2026-03-23,C,P2,1,100\n'],
    ]);
  });

  it('finds idle stock by inherited, own and default thresholds, illiquid on exactly the threshold day', () => {
    const r = json(db, 'illiquid', '--date', '2026-06-30');
    expect(r.params).toEqual({ date: '2026-06-30', as_of: expect.any(String), group: null, manager: null, supplier: null, default_threshold: 180 });
    expect(r.rows).toEqual([
      // P1: LEAF → MID → TOP (100 days, inherited); last sale 2026-03-22 → 100 days idle: illiquid on the day
      { sku: 'P1', name: 'Товар 1', group: 'LEAF', manager: null, qty: 9, value: 900, last_sale: '2026-03-22', days_idle: 100, threshold: 100 },
      // (P2: last sale 2026-03-23 → 99 days: not yet)
      // P3: its own 30 days; never sold, received 2026-05-31 → 30 days idle
      { sku: 'P3', name: 'Товар 3', group: 'OTHER', manager: null, qty: 2, value: 20, last_sale: null, days_idle: 30, threshold: 30 },
      // P4: no threshold anywhere → 180; never sold, counted 2026-01-01 → 180 days
      { sku: 'P4', name: 'Товар 4', group: 'OTHER', manager: null, qty: 3, value: 60, last_sale: null, days_idle: 180, threshold: 180 },
      // (P5: no stock)
    ]);
    // all stock: P1 900 + P2 4 × 50 = 200 + P3 20 + P4 60 = 1180; illiquid 980 → 83.05 %
    expect(r.totals.qty).toBe(14);
    expect(r.totals.value).toBe(980);
    expect(r.totals.share_pct).toBe((980 * 100) / 1180);
    // a day earlier each is one day short of its threshold (99/100, 29/30, 179/180)
    expect(json(db, 'illiquid', '--date', '2026-06-29').rows).toEqual([]);
  });
});

describe('sales', () => {
  let db: string;
  beforeAll(() => {
    db = company([
      ['managers', 'code,name\nM1,Анна\nM2,Борис\n'],
      ['groups', 'code,name,parent_code\nTOP,Верх,\nA,А,TOP\nB,Б,\n'],
      ['products', 'sku,name,group_code,price,cost\nPA,Товар А,A,100,60\nPB,Товар Б,B,50,20\n'],
      ['clients', 'code,name,manager_code\nC1,Один,M1\nC2,Два,M2\n'],
      ['orders', 'order_no,date,client_code,sku,qty,price,manager_code\nO1,2026-01-05,C1,PA,2,100,M2\nO1,2026-01-05,C1,PB,4,50,M2\n'],
      // January: O1 shipped (C1, manager M2 from the order): PA 2 × 100, cost 2 × 60; PB 4 × 50, cost 4 × 20
      //          S2 without an order (C2 → manager M2): PB 1 × 50; February: S3 (C1 → M1) PA 1 × 100
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount,order_no\nS1,2026-01-10,C1,PA,2,200,O1\nS1,2026-01-10,C1,PB,4,200,O1\nS2,2026-01-20,C2,PB,1,50,\nS3,2026-02-03,C1,PA,1,100,\n'],
    ]);
  });

  it('sums amount, qty, margin and orders by month and group', () => {
    const r = json(db, 'sales', '--from', '2026-01', '--to', '2026-02');
    expect(r.rows).toEqual([
      { month: '2026-01', group: 'A', amount: 200, qty: 2, margin: 80, orders: 1 },
      { month: '2026-01', group: 'B', amount: 250, qty: 5, margin: 150, orders: 2 },
      { month: '2026-02', group: 'A', amount: 100, qty: 1, margin: 40, orders: 1 },
    ]);
    // orders overall: O1, S2 and S3 (each shipment without an order counts as one)
    expect(r.totals).toEqual({ amount: 550, qty: 8, margin: 270, orders: 3 });
  });

  it('by manager: the order’s manager, else the client’s; --group keeps descendants', () => {
    const r = json(db, 'sales', '--from', '2026-01', '--to', '2026-02', '--by', 'manager');
    expect(r.rows).toEqual([
      { month: '2026-01', manager: 'M2', amount: 450, qty: 7, margin: 230, orders: 2 },
      { month: '2026-02', manager: 'M1', amount: 100, qty: 1, margin: 40, orders: 1 },
    ]);
    expect(json(db, 'sales', '--from', '2026-01', '--to', '2026-12', '--group', 'TOP').totals).toEqual({ amount: 300, qty: 3, margin: 120, orders: 2 });
  });

  it('writes the same table as CSV and xlsx; bad options exit 2', async () => {
    const dir = tempDir();
    const csvFile = path.join(dir, 's.csv');
    const xlsxFile = path.join(dir, 's.xlsx');
    for (const file of [csvFile, xlsxFile]) {
      // xlsx is for people: months as columns by default (test/reportPictures.test.ts); the long layout here
      const run = crm(['--db', db, 'report', 'sales', '--from', '2026-01', '--to', '2026-02', '-o', file, ...(file === xlsxFile ? ['--layout', 'long'] : [])]);
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).toBe(''); // quiet on success (cron)
    }
    // the numbers of 'sums amount, qty, margin and orders by month and group' above
    const expected = [
      ['2026-01', 'A', 'А', 200, 2, 80, 1],
      ['2026-01', 'B', 'Б', 250, 5, 150, 2],
      ['2026-02', 'A', 'А', 100, 1, 40, 1],
    ];
    const csvRows = parse(fs.readFileSync(csvFile, 'utf8')) as string[][];
    expect(csvRows[0]).toEqual(['month', 'group', 'amount', 'qty', 'margin', 'orders']);
    expect(csvRows.slice(1)).toEqual([
      ['2026-01', 'A', '200.00', '2', '80.00', '1'],
      ['2026-01', 'B', '250.00', '5', '150.00', '2'],
      ['2026-02', 'A', '100.00', '1', '40.00', '1'],
      ['total', '', '550.00', '8', '270.00', '3'], // SPEC §6: a trailing totals row
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    const ws = wb.worksheets[0]!;
    const cells = (r: number) => (ws.getRow(r).values as unknown[]).slice(1, 8);
    // titles in words, the group's name beside its code
    expect(cells(1)).toEqual(['Month', 'Group', 'Group name', 'Amount', 'Qty', 'Margin', 'Orders']);
    // every value of the CSV, read back from the xlsx: text as text, numbers as numbers
    expect([2, 3, 4].map(cells)).toEqual(expected);
    expect(csvRows.slice(1, 4).map((row) => row.map((v, i) => (i < 2 ? v : Number(v))))).toEqual([2, 3, 4].map((r) => cells(r).filter((_, i) => i !== 2)));
    expect(ws.getRow(2).getCell(4).numFmt).toBe('#,##0.00');
    expect(cells(5)).toEqual(['Total', undefined, undefined, 550, 8, 270, 3]); // the same totals row
    expect(ws.rowCount).toBe(5);
    expect(crm(['--db', db, 'report', 'sales', '--by', 'colour']).code).toBe(2);
    expect(crm(['--db', db, 'report', 'sales', '--from', '2026-13']).stderr).toContain('--from 2026-13: expected a month');
    expect(crm(['--db', db, 'report', 'nope']).code).toBe(2);
    expect(crm(['--db', db, 'report', 'sales', '--help']).stdout).toContain('margin  amount − Σ line cost');
  });

  it('--layout tidy writes a row per month, group and measure, for pivot tables; not for JSON', () => {
    const dir = tempDir();
    const file = path.join(dir, 'tidy.csv');
    const run = crm(['--db', db, 'report', 'sales', '--from', '2026-01', '--to', '2026-01', '--layout', 'tidy', '-o', file, '-v']);
    expect(run.code).toBe(0);
    const rows = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('month,group,measure,value');
    // one January cell of the wide report → four rows: amount, qty, margin, orders
    const wide = json(db, 'sales', '--from', '2026-01', '--to', '2026-01').rows as Record<string, number | string>[];
    expect(wide.length).toBeGreaterThan(1);
    expect(rows.slice(1)).toEqual(wide.flatMap((r) => ['amount', 'qty', 'margin', 'orders'].map((m) => `${r.month},${r.group},${m},${r[m]}`)));
    expect(run.stderr).toContain(`wrote ${rows.length - 1} rows of sales to ${file}`); // the rows in the file, not the wide ones
    const refused = crm(['--db', db, 'report', 'sales', '--layout', 'tidy', '--format', 'json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--layout tidy is for csv and xlsx files (pivot tables), not json');
  });
});

describe('plan-fact', () => {
  let db: string;
  beforeAll(() => {
    db = company([
      ['managers', 'code,name\nM1,Анна\n'],
      ['groups', 'code,name,parent_code\nTOP,Верх,\nA,А,TOP\nB,Б,TOP\n'],
      ['products', 'sku,name,group_code,price,cost\nPA,Товар А,A,100,60\nPB,Товар Б,B,100,60\n'],
      ['clients', 'code,name,manager_code\nC1,Один,M1\n'],
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nS1,2026-01-10,C1,PA,20,2000\nS2,2026-01-20,C1,PB,12,1200\nS3,2026-02-05,C1,PA,10,1000\nS4,2026-02-20,C1,PA,10,1000\n'],
      ['plan-sales', 'group_code,2026-01,2026-02\nA,3100,2800\nB,1000,\n'],
      ['plan-managers', 'month,manager_code,indicator,value\n2026-01,M1,revenue,2000\n2026-02,M1,revenue,2800\n2026-01,M1,orders,2\n'],
    ]);
  });

  it('compares plan and fact with a pro-rata current month, rolls groups up and shows what remains', () => {
    // as of 2026-02-14: February is 14 of 28 days old → plan × 0.5; S4 (Feb 20) is not yet a fact
    const r = json(db, '--as-of', '2026-02-14', 'plan-fact');
    expect(r.params).toMatchObject({ from: '2026-01-01', to: '2026-02-14', sales_version: 1, managers_version: 1 });
    const sales = r.rows.filter((x: { section: string }) => x.section === 'sales').map((x: Record<string, unknown>) => [x.group, x.month, x.plan, x.fact, x.deviation, x.pct, x.remaining]);
    expect(sales).toEqual([
      // A: year plan 5900, fact to date 3000 → remaining 2900
      ['A', '2026-01', 3100, 2000, -1100, (2000 * 100) / 3100, 2900],
      ['A', '2026-02', 1400, 1000, -400, (1000 * 100) / 1400, 2900],
      // B: plan 1000 against 1200 → 120 %, remaining −200; no February plan → % empty
      ['B', '2026-01', 1000, 1200, 200, 120, -200],
      ['B', '2026-02', 0, 0, 0, null, -200],
      // TOP = A + B
      ['TOP', '2026-01', 4100, 3200, -900, (3200 * 100) / 4100, 2700],
      ['TOP', '2026-02', 1400, 1000, -400, (1000 * 100) / 1400, 2700],
    ]);
    // managers: revenue is shipments of orders' managers, else the client's (C1 → M1); no orders were taken
    const managers = r.rows.filter((x: { section: string }) => x.section === 'managers').map((x: Record<string, unknown>) => [x.indicator, x.month, x.plan, x.fact, x.pct]);
    expect(managers).toEqual([
      ['orders', '2026-01', 2, 0, 0],
      ['revenue', '2026-01', 2000, 3200, 160],
      ['revenue', '2026-02', 1400, 1000, (1000 * 100) / 1400],
    ]);
  });

  it('--cumulative adds year-to-date columns', () => {
    const r = json(db, '--as-of', '2026-02-14', 'plan-fact', '--group', 'A', '--cumulative');
    expect(r.rows.map((x: Record<string, unknown>) => [x.month, x.ytd_plan, x.ytd_fact, x.ytd_deviation])).toEqual([
      ['2026-01', 3100, 2000, -1100],
      ['2026-02', 4500, 3000, -1500],
    ]);
  });
});

describe('managers, terms, refusals, delays, potential', () => {
  let db: string;
  beforeAll(() => {
    db = company([
      ['managers', 'code,name\nM1,Анна\n'],
      ['groups', 'code,name\nG,Товары\n'],
      ['products', 'sku,name,group_code,price,cost\nP,Товар,G,100,60\n'],
      ['reasons', 'code,name\nR1,Дорого\n'],
      // C1: card discount 5 %, deferral 10 days, credit limit 1 000; potential 10 000 a year
      ['clients', 'code,name,manager_code,discount_pct,deferral_days,credit_limit,purchase_potential\nC1,Один,M1,5,10,1000,10000\n'],
      [
        'orders',
        'order_no,date,client_code,sku,qty,price,manager_code,discount_pct,deferral_days,planned_ship_date,actual_ship_date,planned_payment_date,status,refusal_reason\n' +
          // O1 400 (2 × 200), granted deferral 30 > card 10; shipped 2 days late, payment planned 2026-03-01 and not made
          'O1,2026-02-01,C1,P,2,200,M1,,30,2026-02-03,2026-02-05,2026-03-01,shipped,\n' +
          // O2 300, within the card's terms, paid
          'O2,2026-02-10,C1,P,3,100,M1,5,10,,,,paid,\n' +
          // O3 refused: 5000, counts in refusals only
          'O3,2026-02-15,C1,P,50,100,M1,,,,,,refused,R1\n',
      ],
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount,cost,order_no\nS1,2026-02-05,C1,P,2,400,120,O1\nS2,2026-02-12,C1,P,3,300,180,O2\n'],
      // O4 on 2026-02-20 would take the balance (700) + 400 = 1100 over the limit 1000
      ['orders', 'order_no,date,client_code,sku,qty,price,manager_code\nO4,2026-02-20,C1,P,4,100,M1\n'],
    ]);
  });

  it('managers: a refused order is not in the orders or the average order', () => {
    const r = json(db, '--as-of', '2026-03-10', 'managers', '--from', '2026-02', '--to', '2026-02');
    // orders O1 (400), O2 (300), O4 (400): 3 orders, 1100 → average 366.67; O3 (refused) left out
    // revenue: S1 400 + S2 300 = 700, margin 700 − 300 = 400
    expect(r.rows).toEqual([{ manager: 'M1', name: 'Анна', revenue: 700, margin: 400, orders: 3, avg_order: 366.67 }]);
    expect(r.totals).toMatchObject({ revenue: 700, orders: 3, avg_revenue_per_manager: 700 });
  });

  it('terms: a granted deferral above the card, and an order over the credit limit', () => {
    const r = json(db, '--as-of', '2026-03-10', 'terms', '--from', '2026-02', '--to', '2026-02');
    expect(r.rows.map((x: Record<string, unknown>) => [x.order_no, x.problems])).toEqual([
      ['O1', 'deferral 30 d > card 10 d'],
      ['O4', 'balance 1 100.00 > credit limit 1 000.00'],
    ]);
  });

  it('refusals, delays and potential', () => {
    const refusals = json(db, '--as-of', '2026-03-10', 'refusals');
    expect(refusals.rows).toEqual([{ reason: 'R1', name: 'Дорого', orders: 1, amount: 5000, share_pct: 100 }]);
    const delays = json(db, '--as-of', '2026-03-10', 'delays');
    // O1 shipped 2026-02-05 against 2026-02-03 → 2 days; payment planned 2026-03-01, still unpaid on 2026-03-10 → 9 days
    expect(delays.rows).toEqual([
      { order_no: 'O1', client: 'C1', status: 'shipped', what: 'shipment', planned: '2026-02-03', actual: '2026-02-05', days_late: 2 },
      { order_no: 'O1', client: 'C1', status: 'shipped', what: 'payment', planned: '2026-03-01', actual: null, days_late: 9 },
    ]);
    const potential = json(db, '--as-of', '2026-03-10', 'potential');
    // purchases in the 12 months up to 2026-03-10: 700 of a 10 000 potential → 7 %
    expect(potential.rows).toEqual([{ client: 'C1', name: 'Один', manager: 'M1', potential: 10000, purchases: 700, utilization_pct: 7 }]);
  });
});

describe('low-profit-stock', () => {
  it('weights the average by stock value (GMROI), not a mean of the ratios', () => {
    const db = company([
      ['groups', 'code,name\nG,Товары\n'],
      ['products', 'sku,name,group_code,price,cost\nA,Товар A,G,20,10\nB,Товар B,G,20,10\nC,Товар C,G,20,10\n'],
      ['suppliers', 'code,name\nS,Поставщик\n'],
      ['clients', 'code,name\nK,Клиент\n'],
      ['stock', 'date,sku,qty\n2026-02-28,A,100\n2026-02-28,B,10\n2026-02-28,C,10\n'],
      ['receipts', 'receipt_no,date,supplier_code,sku,qty,cost\nR1,2026-03-01,S,C,3,10\n'],
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount,cost\nT1,2026-03-10,K,A,10,200,100\nT2,2026-03-01,K,B,5,100,50\nT3,2026-03-01,K,C,3,60,30\n'],
    ]);
    const r = json(db, 'low-profit-stock', '--from', '2026-03-01', '--to', '2026-03-10');
    // 10 days. A: 100 units for 9 days, 90 on the 10th → 990 unit-days × 10.00 / 10 = 990.00; margin 100 → 0.101
    //          B: 5 units all 10 days → 50.00; margin 50 → 1.0;  C: 10 units (3 in, 3 out) → 100.00; margin 30 → 0.3
    // weighted average = 180 / 1140 = 0.158: only A is below (a mean of the ratios, 0.467, would list C too)
    expect(r.rows).toEqual([{ sku: 'A', name: 'Товар A', group: 'G', margin: 100, avg_stock_value: 990, profitability: 100 / 990 }]);
    // the totals row adds up the SKUs listed (below the average); all stock is in the headline figures
    expect(r.totals).toEqual({
      margin: 100, avg_stock_value: 990, profitability: 10000 / 99000,
      stock_margin: 180, stock_avg_value: 1140, average_profitability: 18000 / 114000, below_average_share_pct: (99000 * 100) / 114000,
    });
  });
});

describe('illiquid-sales and reserve-turnover', () => {
  let db: string;
  beforeAll(() => {
    db = company([
      ['managers', 'code,name\nM1,Анна\n'],
      ['groups', 'code,name\nG,Товары\n'],
      ['products', 'sku,name,group_code,price,cost,illiquid_after_days\nX,Товар,G,20,10,30\n'],
      ['suppliers', 'code,name\nS,Поставщик\n'],
      ['clients', 'code,name,manager_code\nC,Клиент,M1\n'],
      ['receipts', 'receipt_no,date,supplier_code,sku,qty,cost\nR1,2026-01-01,S,X,100,10\n'],
      ['orders', 'order_no,date,client_code,sku,qty,price\nO1,2026-03-01,C,X,5,20\nO2,2026-02-25,C,X,2,20\n'],
      // X sells on Jan 20 (19 days after its receipt), Mar 1 (40 days after the last sale), Mar 31 (exactly 30)
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount,cost,order_no\nT1,2026-01-20,C,X,1,20,10,\nT2,2026-03-01,C,X,2,40,20,\nT3,2026-03-05,C,X,5,100,50,O1\nT4,2026-04-04,C,X,3,60,30,\n'],
      // O1's 5 units reserved Mar 1, released Mar 5 when shipped; O2's 2 units reserved Feb 25, still held
      ['reservations', 'order_no,sku,qty,reserved_date,released_date\nO1,X,5,2026-03-01,2026-03-05\nO2,X,2,2026-02-25,\n'],
    ]);
  });

  it('illiquid-sales counts lines sold after their SKU idled for its threshold, on the day it is reached', () => {
    const r = json(db, 'illiquid-sales', '--from', '2026-01-01', '--to', '2026-04-30');
    // T1: 19 days after the receipt → no; T2: 40 days after T1 → yes; T3: 4 days → no; T4: 30 days after T3 → yes
    expect(r.rows).toEqual([{ manager: 'M1', lines: 2, qty: 5, amount: 100, margin: 50 }]);
  });

  it('reserve-turnover averages the reserved value over the days and relates it to what left the reserve', () => {
    const r = json(db, 'reserve-turnover', '--from', '2026-03-01', '--to', '2026-03-10');
    // O1: 5 × 10.00 = 50.00 held Mar 1–4 (4 days) → 200; O2: 2 × 10.00 = 20.00 held all 10 days → 200
    // average 400 / 10 = 40.00; shipped from reserve 50.00 (O1) → turnover 1.25, 10 × 40 / 50 = 8 days
    expect(r.rows).toEqual([{ group: 'G', avg_reserved_value: 40, shipped_from_reserve: 50, turnover: 1.25, avg_days_in_reserve: 8 }]);
  });
});
