// Issue 10 as an analyst checked it by hand a second time: the company's sales without a
// manager stay in the managers report, two sales of one day are not each other's previous
// sale, averages are never summed, counts are whole, plan-fact has its totals.
import { beforeAll, describe, expect, it } from 'vitest';
import { companyDb, copyDb, crm, writeFile } from './helpers.js';

// A: cost 10, illiquid after 5 days, last sold Jan 2; sold again twice on Jan 20 (to K1 and K2).
// K3 has no manager: its 300 is the company's sale all the same.
const FILES: [string, string][] = [
  ['managers', 'code,name\nM1,Анна\nM2,Борис\n'],
  ['groups', 'code,name\nG,Товары\n'],
  ['products', 'sku,name,group_code,price,cost,illiquid_after_days\nA,Товар А,G,20,10,5\nB,Товар Б,G,20,10,\n'],
  ['clients', 'code,name,manager_code\nK1,Один,M1\nK2,Два,M2\nK3,Три,\n'],
  ['stock', 'date,sku,qty\n2025-12-31,A,100\n2025-12-31,B,0\n'],
  ['shipments', 'shipment_no,date,client_code,sku,qty,amount,cost\nT1,2026-01-02,K1,A,1,20,10\nT2,2026-01-20,K1,A,2,40,20\nT3,2026-01-20,K2,A,3,60,30\nT4,2026-01-21,K3,A,10,300,100\nT5,2026-01-21,K1,B,5,100,50\n'],
  ['plan-sales', 'month,group_code,amount\n2026-01,G,1000\n'],
  ['plan-managers', 'month,manager_code,indicator,value\n2026-01,M1,revenue,100\n2026-01,M1,avg_order,50\n2026-01,M2,avg_order,70\n2026-01,M1,orders,3\n'],
];

let template: string;
beforeAll(() => {
  template = companyDb(FILES, '2026-01-01');
});

const json = (db: string, ...args: string[]) => {
  const run = crm(['--db', db, '--as-of', '2026-01-31', ...args, '--json']);
  if (run.code !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
};

describe('reports, a second look', () => {
  it('managers: sales of clients without a manager are a row of their own, so the total is the company’s', () => {
    const { db } = copyDb(template);
    const r = json(db, 'report', 'managers', '--from', '2026-01', '--to', '2026-01');
    expect(r.rows.map((x: Record<string, unknown>) => [x.manager, x.name, x.revenue])).toEqual([['M1', 'Анна', 160], ['M2', 'Борис', 60], [null, '(no manager)', 300]]);
    expect(r.totals.revenue).toBe(json(db, 'report', 'sales', '--from', '2026-01', '--to', '2026-01').totals.amount);
  });

  it('illiquid-sales: two sales of one day both count; the previous sale is the last one of an earlier day', () => {
    const { db } = copyDb(template);
    // A: Jan 2 → Jan 20 is 18 days ≥ 5 for both Jan 20 lines (T2, T3); Jan 21 (T4) is 1 day after Jan 20: not illiquid
    const r = json(db, 'report', 'illiquid-sales', '--from', '2026-01-20', '--to', '2026-01-21');
    expect(r.totals).toMatchObject({ lines: 2, qty: 5, amount: 100 });
    expect(json(db, 'report', 'illiquid-sales', '--from', '2026-01-20', '--to', '2026-01-20', '--client', 'K2').totals).toMatchObject({ lines: 1, amount: 60 });
  });

  it('stock: no days of cover for stock below zero', () => {
    const { db } = copyDb(template);
    // B: counted 0 on Dec 31, 5 shipped → −5
    const b = json(db, 'report', 'stock', '--date', '2026-01-31').rows.find((x: Record<string, unknown>) => x.sku === 'B');
    expect(b).toMatchObject({ qty: -5, negative: 1, days_of_cover: null });
  });

  it('plan-fact: headline totals per plan; --cumulative covers the manager plan too; an average has no year-to-date sum', () => {
    const { db } = copyDb(template);
    const r = json(db, 'report', 'plan-fact', '--from', '2026-01', '--to', '2026-01', '--cumulative');
    // sales plan 1 000, fact 520 (all of G)
    expect(r.totals).toMatchObject({ sales_plan: 1000, sales_fact: 520, sales_pct: 52, managers_revenue_plan: 100, managers_revenue_fact: 160, managers_revenue_pct: 160 });
    const m1 = (indicator: string) => r.rows.find((x: Record<string, unknown>) => x.manager === 'M1' && x.indicator === indicator);
    expect(m1('revenue')).toMatchObject({ ytd_plan: 100, ytd_fact: 160 });
    expect(m1('avg_order')).toMatchObject({ ytd_plan: null, ytd_fact: null });
    const none = crm(['--db', db, '--as-of', '2026-01-31', 'report', 'plan-fact', '--from', '2025-01', '--to', '2025-12']);
    expect([none.code, none.stderr]).toEqual([0, expect.stringContaining('plan-fact: nothing planned for 2025-01..2025-12')]);
  });

  it('plan diff: an average (avg_order) is never summed over managers', () => {
    const { dir, db } = copyDb(template);
    expect(crm(['--db', db, '--as-of', '2026-01-01', 'import', 'plan-managers', writeFile(dir, 'v2.csv', 'month,manager_code,indicator,value\n2026-01,M1,avg_order,55\n')]).code).toBe(0);
    const diff = json(db, 'plan', 'diff', 'managers', '1', '2');
    expect(diff.changes).toEqual([{ cell: 'M1 + avg_order', month: '2026-01', old: 50, new: 55, change: 5 }]);
    expect(diff.totals.map((t: Record<string, unknown>) => t.indicator)).toEqual(['orders', 'revenue']);
  });

  it('a manager plan count is a whole number', () => {
    const { dir, db } = copyDb(template);
    const run = crm(['--db', db, '--as-of', '2026-01-01', 'import', 'plan-managers', writeFile(dir, 'o.csv', 'month,manager_code,indicator,value\n2026-01,M1,orders,45.5\n')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('row 2, column value "45.5": expected a whole number: orders counts');
  });

  it('add and edit take --allow-duplicates and warn about a name alike, as an import does', () => {
    const { db } = copyDb(template);
    expect(crm(['--db', db, 'clients', 'edit', 'K1', '--inn', '7701000001']).code).toBe(0);
    const refused = crm(['--db', db, 'clients', 'add', '--code', 'K9', '--name', 'Девять', '--inn', '7701000001']);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('--inn "7701000001": client K1 "Один" already has this INN')]);
    expect(crm(['--db', db, 'clients', 'add', '--code', 'K9', '--name', 'Девять', '--inn', '7701000001', '--allow-duplicates']).code).toBe(0);
    const alike = crm(['--db', db, 'clients', 'add', '--code', 'K10', '--name', 'ОДИН']);
    expect([alike.code, alike.stderr]).toEqual([0, expect.stringContaining('warning: client K10 "ОДИН" has the same name as client K1')]);
  });

  it('plan show and plan explain take --json', () => {
    const { db } = copyDb(template);
    expect(crm(['--db', db, '--as-of', '2026-01-31', 'plan', 'run', '--from', '2026-01', '--months', '1']).code).toBe(0);
    expect(json(db, 'plan', 'show', '1', '--what', 'demand').demand).toEqual([expect.objectContaining({ sku: 'A', month: '2026-01' }), expect.objectContaining({ sku: 'B' })]);
    const explained = json(db, 'plan', 'explain', '1', 'A');
    expect(explained).toMatchObject({ run: 1, sku: 'A', trace: expect.objectContaining({ sku: 'A' }) });
    expect(explained.inventory).toHaveLength(1);
  });
});
