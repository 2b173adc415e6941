// `crm plan …` end to end on a company small enough to plan on paper: every number below
// is worked out in the comments from the files written here.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { companyDb, copyDb, crm, dbFingerprint, query, writeFile, writeXlsx } from './helpers.js';

const FILES: [string, string][] = [
  ['managers', 'code,name\nM1,Анна\n'],
  ['groups', 'code,name,parent_code\nCAB,Кабель,\nPWR,Силовой,CAB\nLIT,Свет,\n'],
  // S1: 30 days, credit line 100 000; S2: prepayment 7 days, unlimited
  ['suppliers', 'code,name,deferral_days,credit_line\nS1,Кабельный завод,30,100000\nS2,Светозавод,-7,\n'],
  [
    'products',
    'sku,name,group_code,price,cost,supplier_code,lead_time_days,order_multiple\n' +
      'A1,Кабель 1,PWR,100,80,S1,14,100\nA2,Кабель 2,PWR,70,55,S1,14,100\nL1,Лампа,LIT,150,90,S2,7,10\n',
  ],
  ['clients', 'code,name,manager_code,deferral_days\nC1,Альфа,M1,30\nC2,Бета,M1,-7\n'],
  ['reasons', 'code,name\nR1,Дорого\n'],
  ['orders', 'order_no,date,client_code,sku,qty,price,status,planned_payment_date,refusal_reason\nO1,2026-12-28,C1,A1,10,95,confirmed,2027-02-15,\nO2,2026-12-29,C2,L1,1,150,refused,,R1\n'],
  // history 2026: C1 bought A1 for 1000 (10 units) and A2 for 600 (10 units); C2 bought L1 for 600 (4 units)
  ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nT1,2026-06-10,C1,A1,10,1000\nT1,2026-06-10,C1,A2,10,600\nT2,2026-12-20,C2,L1,4,600\n'],
  ['payments', 'payment_no,date,client_code,amount\nP1,2026-07-01,C1,1000\nP2,2026-12-13,C2,600\n'],
  // an open purchase order: 100 × A1 expected 2027-01-20, nothing received against it
  ['purchases', 'po_no,date,supplier_code,sku,qty,cost,expected_date\nPO1,2026-12-01,S1,A1,100,80,2027-01-20\n'],
  ['receipts', 'receipt_no,date,supplier_code,sku,qty,cost\nR1,2026-12-15,S1,A1,50,80\n'],
  ['supplier-payments', 'payment_no,date,supplier_code,amount\nSP1,2026-12-20,S1,1000\n'],
  ['stock', 'date,sku,qty\n2026-12-01,A1,50\n2026-12-01,A2,0\n2026-12-01,L1,10\n'],
  ['plan-sales', 'group_code,2027-01,2027-02\nPWR,16000,8000\nLIT,3000,0\n'],
  ['plan-min-stock', 'sku,2027-01\nL1,5\n'],
];

let template: string;
beforeAll(() => {
  template = companyDb(FILES);
});

describe('crm plan run on a company planned by hand', () => {
  it('--json gives exactly the numbers worked out on paper', () => {
    const { db } = copyDb(template);
    const run = crm(['--db', db, 'plan', 'run', '--from', '2027-01', '--months', '2', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan).toMatchObject({ run: 1, from: '2027-01', months: ['2027-01', '2027-02'], lookback: 12, inputs: { sales_version: 1, stock_version: 1 }, warnings: [] });
    // demand: PWR weights by 2026 history A1 1000 / A2 600 → 0.625 / 0.375; unit prices 100 and 60; L1 150
    //   Jan PWR 16000 → A1 10000 / 100 = 100, A2 6000 / 60 = 100; LIT 3000 → L1 20; Feb PWR 8000 → A1 50, A2 50
    expect(plan.demand).toEqual([
      { sku: 'L1', group: 'LIT', month: '2027-01', amount: 3000, qty: 20 },
      { sku: 'A1', group: 'PWR', month: '2027-01', amount: 10000, qty: 100 },
      { sku: 'A2', group: 'PWR', month: '2027-01', amount: 6000, qty: 100 },
      { sku: 'A1', group: 'PWR', month: '2027-02', amount: 5000, qty: 50 },
      { sku: 'A2', group: 'PWR', month: '2027-02', amount: 3000, qty: 50 },
    ]);
    // opening (end of 2026-12-31): A1 count 50 + receipt 50 = 100; A2 0; L1 count 10 − shipped 4 = 6
    // A1: Jan 100 + scheduled 100 − 100 = 100; Feb 100 − 50 = 50 (nothing to buy)
    // A2: Jan need 100 → 100 (multiple 100), closing 0; Feb need 50 → 100, closing 50
    // L1: Jan need min 5 + 20 − 6 = 19 → 20 (multiple 10), closing 6; Feb nothing
    expect(plan.inventory).toEqual([
      { sku: 'A1', month: '2027-01', opening: 100, scheduled: 100, planned: 0, demand: 100, closing: 100, min_stock: 0, closing_value: 8000 },
      { sku: 'A1', month: '2027-02', opening: 100, scheduled: 0, planned: 0, demand: 50, closing: 50, min_stock: 0, closing_value: 4000 },
      { sku: 'A2', month: '2027-01', opening: 0, scheduled: 0, planned: 100, demand: 100, closing: 0, min_stock: 0, closing_value: 0 },
      { sku: 'A2', month: '2027-02', opening: 0, scheduled: 0, planned: 100, demand: 50, closing: 50, min_stock: 0, closing_value: 2750 },
      { sku: 'L1', month: '2027-01', opening: 6, scheduled: 0, planned: 20, demand: 20, closing: 6, min_stock: 5, closing_value: 540 },
      { sku: 'L1', month: '2027-02', opening: 6, scheduled: 0, planned: 0, demand: 0, closing: 6, min_stock: 0, closing_value: 540 },
    ]);
    // order dates: 1st of the month − lead time; before 2027-01-01 = late
    expect(plan.purchases).toEqual([
      { sku: 'A2', supplier: 'S1', receipt_month: '2027-01', order_date: '2026-12-18', qty: 100, amount: 5500, late: true },
      { sku: 'A2', supplier: 'S1', receipt_month: '2027-02', order_date: '2027-01-18', qty: 100, amount: 5500, late: false },
      { sku: 'L1', supplier: 'S2', receipt_month: '2027-01', order_date: '2026-12-25', qty: 20, amount: 1800, late: true },
    ]);
    // S1: receipt R1 4000 − paid 1000 = 3000 open, due 2026-12-15 + 30 = 2027-01-14
    //     A2 Jan 5500: outstanding 3000, room 97000 → all deferred to 2027-01-31
    //     A2 Feb 5500: nothing due after 2027-02-01 → deferred to 2027-03-03
    // S2: L1 1800 prepaid 7 days before 2027-01-01 → 2026-12-25
    expect(plan.supplier_payments).toEqual([
      { supplier: 'S1', month: '2027-01', amount: 3000, source: 'open_payables' },
      { supplier: 'S1', month: '2027-01', amount: 5500, source: 'plan' },
      { supplier: 'S1', month: '2027-03', amount: 5500, source: 'plan' },
      { supplier: 'S2', month: '2026-12', amount: 1800, source: 'plan' },
    ]);
    // cash in: PWR is all C1 (30 days): Jan 16000/31 a day → Jan 1 day, Feb 28 days, Mar 2 days; Feb 8000 → all in March
    //          LIT is all C2 (−7 days): Jan 3000/31 a day → Dec 7 days, Jan 24 days
    //          C1 still owes 600 of T1 (1600 − 1000), due 2026-07-10: overdue → 2027-01
    const day = (amount: number, days: number, n: number) => (amount / days) * n;
    const r2 = (x: number) => Math.round(x * 100) / 100;
    expect(plan.cash_in).toEqual([
      { month: '2026-12', amount: r2(day(3000, 31, 7)), source: 'plan' },
      { month: '2027-01', amount: r2(day(16000, 31, 1) + day(3000, 31, 24)), source: 'plan' },
      { month: '2027-01', amount: 600, source: 'overdue' },
      { month: '2027-02', amount: r2(day(16000, 31, 28)), source: 'plan' },
      { month: '2027-03', amount: r2(day(16000, 31, 2) + 8000), source: 'plan' },
    ]);
  });

  it('shows order cash: the unpaid confirmed order and the open purchase order', () => {
    const { db } = copyDb(template);
    crm(['--db', db, 'plan', 'run', '--from', '2027-01', '--months', '2']);
    const rows = JSON.parse(crm(['--db', db, 'plan', 'show', '1', '--what', 'order-cash', '--format', 'json']).stdout)['order-cash'];
    // O1: 10 × 95 = 950, planned payment 2027-02-15; O2 is refused; PO1: 8000 unpaid, due 2027-01-20 + 30 = 2027-02-19
    expect(rows).toEqual([
      { month: '2027-02', direction: 'in', document: 'O1', party: 'C1', in: 950, out: 0, net: 950 },
      { month: '2027-02', direction: 'out', document: 'PO1', party: 'S1', in: 0, out: 8000, net: -8000 },
    ]);
    // by month: money in and out side by side, never added together
    const byMonth = crm(['--db', db, 'plan', 'show', '1', '--what', 'order-cash', '--by', 'month', '--format', 'csv']).stdout;
    expect(byMonth).toBe('month,in,out,net\n2027-02,950.00,8000.00,-7050.00\ntotal,950.00,8000.00,-7050.00\n');
  });

  it('stores the run and prints its summary; show groups and writes a whole-run workbook', async () => {
    const { dir, db } = copyDb(template);
    const run = crm(['--db', db, 'plan', 'run', '--from', '2027-01', '--months', '2']);
    expect(run.stdout).toContain('plan run 1: 2027-01..2027-02, lookback 12 months; 3 SKUs, 3 purchases (2 late)');
    expect(run.stdout).toMatch(/│ 2027-01 │\s+19 000\.00 │\s+7 300\.00 │\s+8 500\.00 │/);
    expect(query(db, 'SELECT from_month, months, user FROM plan_runs')).toEqual([{ from_month: '2027-01', months: 2, user: 'tester' }]);
    const bySupplier = crm(['--db', db, 'plan', 'show', '1', '--what', 'purchases', '--by', 'supplier']).stdout;
    expect(bySupplier).toMatch(/│ S1 +│ +200 │ +11 000\.00 │ +1 │/);
    const file = path.join(dir, 'run.xlsx');
    expect(crm(['--db', db, 'plan', 'show', '1', '-o', file]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['demand', 'inventory', 'purchases', 'supplier-payments', 'cash-in', 'order-cash']);
    expect(wb.getWorksheet('purchases')!.getRow(2).getCell(6).numFmt).toBe('#,##0.00');
    expect(crm(['--db', db, 'plan', 'runs', '--json']).stdout).toContain('"from": "2027-01"');
  });

  it('explain derives every number of a SKU in words', () => {
    const { db } = copyDb(template);
    crm(['--db', db, 'plan', 'run', '--from', '2027-01', '--months', '2']);
    const jan = crm(['--db', db, 'plan', 'explain', '1', 'A2', '2027-01']).stdout;
    expect(jan).toContain('unit price 60.00 = history 600.00 / 10 units');
    expect(jan).toContain('demand: sales plan of PWR for 2027-01 is 16 000.00; weight 0.37500000 = history 600.00 / 1 600.00 of the 2 active products of PWR');
    expect(jan).toContain('→ 16 000.00 × 0.37500000 = 6 000.00; / unit price 60.00 = 100 units');
    expect(jan).toContain('need = max(0, min 0 + demand 100 − opening 0 − scheduled 0) = 100');
    expect(jan).toContain('order date: 2027-01-01 − 14 days = 2026-12-18 — LATE: before 2027-01-01');
    expect(jan).toContain('payment: deferral 30 days, credit line 100 000.00, deferred and not yet due on 2027-01-01: 3 000.00');
    expect(jan).toContain('→ deferred 5 500.00 (paid 2027-01-31), paid on receipt 0.00');
    const a1 = crm(['--db', db, 'plan', 'explain', '1', 'A1']).stdout;
    expect(a1).toContain('opening stock 100 units at the end of 2026-12-31 = count 50 on 2026-12-01 + receipts 50 − shipments 0 after it');
    expect(a1).toContain('scheduled receipt: 100 open on purchase order PO1 (expected 2027-01-20)');
    expect(crm(['--db', db, 'plan', 'explain', '1', 'NOPE']).code).toBe(2);
  });
});

describe('plan versions, export, diff, revise', () => {
  it('exports the wide layout, which imports back unchanged', async () => {
    const { dir, db } = copyDb(template);
    const file = path.join(dir, 'sales.xlsx');
    expect(crm(['--db', db, 'plan', 'export', 'sales', '-o', file]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(['group_code', '2027-01', '2027-02']);
    expect((wb.worksheets[0]!.getRow(2).values as unknown[]).slice(1)).toEqual(['LIT', 3000, 0]);
    expect(crm(['--db', db, 'import', 'plan-sales', file]).stdout).toContain('plan cells: 0 inserted, 0 updated, 4 unchanged');
    expect(query(db, "SELECT COUNT(*) n FROM plan_versions WHERE kind = 'sales'")).toEqual([{ n: 1 }]);
  });

  it('revise changes the window and diff shows it; a change outside the window is refused with exit 3', async () => {
    const { dir, db } = copyDb(template);
    // window 2027-01..2027-03: PWR January 16000 → 17000 is fine
    const ok = crm(['--db', db, '--as-of', '2026-12-20', 'plan', 'revise', 'sales', writeFile(dir, 'r1.csv', 'group_code,2027-01\nPWR,17000\n'), '--from', '2027-01']);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('new plan version 2');
    const diff = JSON.parse(crm(['--db', db, 'plan', 'diff', 'sales', '1', '2', '--json']).stdout);
    expect(diff.changes).toEqual([{ cell: 'PWR', month: '2027-01', old: 16000, new: 17000, change: 1000 }]);
    expect(diff.totals).toEqual([
      { month: '2027-01', old: 19000, new: 20000, change: 1000 },
      { month: '2027-02', old: 8000, new: 8000, change: 0 },
    ]);
    // a window from 2027-02 may not touch January
    const before = dbFingerprint(db);
    const refused = crm(['--db', db, '--as-of', '2026-12-20', 'plan', 'revise', 'sales', writeFile(dir, 'r2.csv', 'group_code,2027-01,2027-02\nPWR,18000,9000\n'), '--from', '2027-02']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('r2.csv, row 2, column 2027-01 "PWR": 17000.00 → 18000.00: outside the revision window 2027-02..2027-04 (--force to change it anyway)');
    expect(refused.stderr).toContain('1 cell outside the revision window 2027-02..2027-04 or in a past month: nothing was written');
    expect(dbFingerprint(db)).toBe(before);
    // --force allows it for months not yet past; a past month stays frozen
    expect(crm(['--db', db, '--as-of', '2026-12-20', 'plan', 'revise', 'sales', path.join(dir, 'r2.csv'), '--from', '2027-02', '--force']).code).toBe(0);
    const frozen = crm(['--db', db, '--as-of', '2027-02-10', 'plan', 'revise', 'sales', writeFile(dir, 'r3.csv', 'group_code,2027-01\nPWR,1\n'), '--from', '2027-02', '--force']);
    expect(frozen.code).toBe(3);
    expect(frozen.stderr).toContain('2027-01 is past and frozen (an admin may change it with --force and a --note saying why)');
    expect(crm(['--db', db, 'plan', 'versions', 'sales', '--json']).stdout).toContain('"number": 3');
    // an admin with a reason may; the note is kept with the version
    const forced = crm(['--db', db, '--as-of', '2027-02-10', 'plan', 'revise', 'sales', path.join(dir, 'r3.csv'), '--from', '2027-02', '--force', '--note', 'audit correction']);
    expect([forced.code, forced.stdout]).toEqual([0, expect.stringContaining('new plan version 4')]);
  });

  it('crm import plan-sales keeps the same rule: a past month changes only with --force and a --note', () => {
    const { dir, db } = copyDb(template);
    const file = writeFile(dir, 'p.csv', 'group_code,2027-01,2027-02\nPWR,16500,8000\n');
    const before = dbFingerprint(db);
    // as of February 2027, January is past: the plain import would change it
    const refused = crm(['--db', db, '--as-of', '2027-02-10', 'import', 'plan-sales', file]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('p.csv, row 2, column 2027-01 "PWR": 16000.00 → 16500.00: 2027-01 is past and frozen (an admin may change it with --force and a --note saying why)');
    expect(refused.stderr).toContain('1 cell of a past month would change: nothing was written');
    expect(dbFingerprint(db)).toBe(before);
    const noNote = crm(['--db', db, '--as-of', '2027-02-10', 'import', 'plan-sales', file, '--force']);
    expect([noNote.code, noNote.stderr]).toEqual([2, 'crm: --force changes past plan months: say why with --note\n']);
    expect(crm(['--db', db, '--as-of', '2027-02-10', 'import', 'clients', file, '--force', '--note', 'x']).stderr).toContain('--force is for plans');
    expect(dbFingerprint(db)).toBe(before);
    // in January the same file is fine; with --force and a note it is fine in February too
    expect(crm(['--db', db, '--as-of', '2027-01-10', 'import', 'plan-sales', file, '--dry-run']).code).toBe(0);
    const forced = crm(['--db', db, '--as-of', '2027-02-10', 'import', 'plan-sales', file, '--force', '--note', 'January was booked late']);
    expect([forced.code, forced.stdout]).toEqual([0, expect.stringContaining('new plan version 2')]);
    expect(query(db, "SELECT note FROM plan_versions WHERE kind = 'sales' AND number = 2")).toEqual([{ note: 'January was booked late' }]);
  });
});

describe('plans that cannot run', () => {
  it('a group and its ancestor planned in the same month: exit 2, nothing stored', async () => {
    const { dir, db } = copyDb(template);
    await writeXlsx(path.join(dir, 'p.xlsx'), [
      ['group_code', '2027-01'],
      ['CAB', 1000],
    ]);
    const imported = crm(['--db', db, 'import', 'plan-sales', path.join(dir, 'p.xlsx')]);
    expect([imported.code, imported.stderr]).toEqual([0, '']); // overlay: CAB and PWR in January
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'plan', 'run', '--from', '2027-01']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('2027-01: the sales plan has both group PWR and its ancestor CAB');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('bad options and plan files are refused with exit 2', () => {
    const { dir, db } = copyDb(template);
    expect(crm(['--db', db, 'plan', 'run', '--from', '2027-13']).stderr).toContain('--from 2027-13: expected a month like 2027-01');
    expect(crm(['--db', db, 'plan', 'run', '--sales-version', '9']).stderr).toContain('--sales-version 9: no such version');
    expect(crm(['--db', db, 'plan', 'show', '42', '--what', 'demand']).code).toBe(2);
    const before = dbFingerprint(db);
    const unknown = crm(['--db', db, 'import', 'plan-sales', writeFile(dir, 'u.csv', 'month,group_code,amount\n2027-01,NOPE,5\n')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('column group_code "NOPE": unknown group code');
    const sku = crm(['--db', db, 'import', 'plan-min-stock', writeFile(dir, 'm.csv', 'month,sku,qty\n2027-01,ZZZ,5\n')]);
    expect(sku.stderr).toContain('column sku "ZZZ": unknown product code');
    const manager = crm(['--db', db, 'import', 'plan-managers', writeFile(dir, 'g.csv', 'month,manager_code,indicator,value\n2027-01,M9,revenue,5\n')]);
    expect(manager.stderr).toContain('column manager_code "M9": unknown manager code');
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('plan-fact against a plan run', () => {
  /** The company planned for 2027-01…02 (run 1), then the facts that came after. */
  function plannedWithFacts(facts: [string, string][]): { dir: string; db: string } {
    const { dir, db } = copyDb(template);
    expect(crm(['--db', db, 'plan', 'run', '--from', '2027-01', '--months', '2']).code).toBe(0);
    for (const [entity, text] of facts) expect(crm(['--db', db, 'import', entity, writeFile(dir, `${entity}.csv`, text)]).code).toBe(0);
    return { dir, db };
  }

  it('compares cash in, stock value, purchases, supplier payments and order cash with January’s facts', () => {
    const { db } = plannedWithFacts([
      ['payments', 'payment_no,date,client_code,amount,order_no\nP9,2027-01-15,C1,500,O1\n'],
      ['receipts', 'receipt_no,date,supplier_code,sku,qty,cost\nR9,2027-01-10,S1,A2,100,55\n'],
      ['supplier-payments', 'payment_no,date,supplier_code,amount\nSP9,2027-01-20,S1,3000\n'],
    ]);
    const run = crm(['--db', db, '--as-of', '2027-01-31', 'report', 'plan-fact', '--format', 'json']);
    expect(run.stderr).toBe('');
    const r = JSON.parse(run.stdout);
    expect(r.params.plan_run).toBe(1);
    const rows = r.rows.filter((x: { section: string }) => x.section !== 'sales');
    const round = (x: number) => Math.round(x * 100) / 100;
    // (every row also carries the other sections' dimension fields as null: stable field names)
    expect(rows).toMatchObject([
      // cash in: the run's January (plan part 16000/31 + 24 × 3000/31, overdue 600) against 500 received
      { section: 'cash_in', month: '2027-01', plan: round(16000 / 31 + (3000 * 24) / 31 + 600), fact: 500, deviation: round(500 - (16000 / 31 + (3000 * 24) / 31 + 600)), pct: (500 * 100) / (16000 / 31 + (3000 * 24) / 31 + 600) },
      // stock at the end of January: LIT L1 6 × 90 = 540 as planned; PWR A1 100 × 80 + A2 100 × 55 (received R9) = 13 500 against 8 000
      { section: 'inventory', group: 'LIT', month: '2027-01', plan: 540, fact: 540, deviation: 0, pct: 100 },
      { section: 'inventory', group: 'PWR', month: '2027-01', plan: 8000, fact: 13500, deviation: 5500, pct: (13500 * 100) / 8000 },
      // purchases: A2 5 500 from S1 arrived (R9); L1 1 800 from S2 did not
      { section: 'purchases', supplier: 'S1', month: '2027-01', plan: 5500, fact: 5500, deviation: 0, pct: 100 },
      { section: 'purchases', supplier: 'S2', month: '2027-01', plan: 1800, fact: 0, deviation: -1800, pct: 0 },
      // S1 owed 3 000 open + 5 500 deferred to Jan 31; paid 3 000
      { section: 'supplier_payments', supplier: 'S1', month: '2027-01', plan: 8500, fact: 3000, deviation: -5500, pct: (3000 * 100) / 8500 },
      // order cash: nothing planned in January (O1 is expected in February), 500 came in against O1
      { section: 'order_cash', direction: 'in', month: '2027-01', plan: 0, fact: 500, deviation: 500, pct: null },
    ]);
  });

  it('pro-rates the flows of the current month, compares stock at --as-of, and writes a sheet per plan', async () => {
    const { dir, db } = plannedWithFacts([
      ['receipts', 'receipt_no,date,supplier_code,sku,qty,cost\nR9,2027-01-10,S1,A2,100,55\nR10,2027-02-03,S1,A1,50,80\n'],
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nT10,2027-02-05,C1,A1,30,3000\n'],
      ['payments', 'payment_no,date,client_code,amount,order_no\nP10,2027-02-10,C1,900,O1\n'],
      ['supplier-payments', 'payment_no,date,supplier_code,amount,po_no\nSP10,2027-02-12,S1,2000,PO1\n'],
    ]);
    // as of February 14: 14 of February's 28 days, so a February flow plan counts half
    const run = crm(['--db', db, '--as-of', '2027-02-14', 'report', 'plan-fact', '--format', 'json']);
    expect(run.stderr).toBe('');
    const rows = JSON.parse(run.stdout).rows.filter((x: { section: string }) => x.section !== 'sales');
    const round = (x: number) => Math.round(x * 100) / 100;
    const row = (section: string, key: Record<string, string>, month: string, plan: number, fact: number) => ({
      section, ...key, month, plan: round(plan), fact: round(fact), deviation: round(fact - plan), pct: plan === 0 ? null : (fact * 100) / plan,
    });
    expect(rows.map((r: Record<string, unknown>) => ({ ...r, pct: r.pct === null ? null : Math.round(Number(r.pct) * 1e6) / 1e6 }))).toMatchObject(
      [
        // cash in, January whole (the month is past): plan part 16000/31 (Jan 1 + 30 days) + 24 × 3000/31 (LIT, 7 days early) + overdue 600
        row('cash_in', {}, '2027-01', 88000 / 31 + 600, 0),
        // February: PWR sold Jan 2…29 arrives Feb 1…28, 28 × 16000/31, half of it by the 14th; P10 900 came in
        row('cash_in', {}, '2027-02', (28 * 16000) / 31 / 2, 900),
        // stock is a level, never pro-rated: January's end against the plan, February at the 14th against February's closing plan
        row('inventory', { group: 'LIT' }, '2027-01', 540, 540),
        row('inventory', { group: 'LIT' }, '2027-02', 540, 540),
        // PWR end of January: A1 100 × 80 + A2 100 (R9) × 55 = 13 500; plan A1 100 × 80 + A2 0
        row('inventory', { group: 'PWR' }, '2027-01', 8000, 13500),
        // PWR Feb 14: A1 100 + 50 (R10) − 30 (T10) = 120 × 80 = 9 600 + A2 5 500 = 15 100; plan A1 50 × 80 + A2 50 × 55 = 6 750
        row('inventory', { group: 'PWR' }, '2027-02', 6750, 15100),
        row('purchases', { supplier: 'S1' }, '2027-01', 5500, 5500),
        // February's planned A2 receipt 5 500, half by the 14th; R10 brought 4 000
        row('purchases', { supplier: 'S1' }, '2027-02', 5500 / 2, 4000),
        row('purchases', { supplier: 'S2' }, '2027-01', 1800, 0),
        // S1: open 3 000 + January's receipt due Jan 31; February's receipt is due in March, so nothing planned in February
        row('supplier_payments', { supplier: 'S1' }, '2027-01', 8500, 0),
        row('supplier_payments', { supplier: 'S1' }, '2027-02', 0, 2000),
        // order cash in February: O1 950 expected Feb 15, PO1 8 000 at Jan 20 + 30 days; half of each by the 14th
        row('order_cash', { direction: 'in' }, '2027-02', 950 / 2, 900),
        row('order_cash', { direction: 'out' }, '2027-02', 8000 / 2, 2000),
      ].map((r) => ({ ...r, pct: r.pct === null ? null : Math.round(r.pct * 1e6) / 1e6 })),
    );
    expect(rows).toHaveLength(13);

    // the same report as xlsx: one sheet per plan, each with its own dimension only
    const file = path.join(dir, 'plan-fact.xlsx');
    // (the long layout: a row per month; months as columns are the default for people, test/reportPictures.test.ts)
    expect(crm(['--db', db, '--as-of', '2027-02-14', 'report', 'plan-fact', '--layout', 'long', '-o', file]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    // and a last sheet with the headline figures (plan, fact, % of each plan over the period)
    // sheets and titles in words for people
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Sales', 'Cash in', 'Inventory', 'Purchases', 'Supplier payments', 'Order cash', 'Totals']);
    const figures = wb.getWorksheet('Totals')!;
    expect((figures.getRow(2).values as unknown[]).slice(1)).toEqual(['Sales plan', expect.any(Number)]);
    const header = (name: string) => (wb.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1);
    // `remaining` (the rest of the year's plan) is a column of the sales plan only
    expect(header('Sales')).toEqual(['Group', 'Group name', 'Month', 'Plan', 'Fact', 'Deviation', '% of plan', 'Remaining this year']);
    expect(header('Purchases')).toEqual(['Supplier', 'Supplier name', 'Month', 'Plan', 'Fact', 'Deviation', '% of plan']);
    expect(header('Cash in')).toEqual(['Month', 'Plan', 'Fact', 'Deviation', '% of plan']);
    expect((wb.getWorksheet('Purchases')!.getRow(3).values as unknown[]).slice(1, 6)).toEqual(['S1', expect.any(String), '2027-02', 2750, 4000]);
  });
});
