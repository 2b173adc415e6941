// Issue 10: a manager plan mixes money (revenue, margin, avg_order, collected) and counts
// (orders, new_clients) in one column. Money is kopecks in the database like all money, roubles
// in files; each indicator renders in its own kind everywhere.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseDb, copyDb, crm, query, tempDir, writeFile } from './helpers.js';

let template: string;
const dir = tempDir(); // not beside the database: on PostgreSQL it is a URL
beforeAll(() => {
  template = baseDb();
  const run = crm(['--db', template, '--as-of', '2027-01-01', 'import', 'plan-managers',
    writeFile(dir, 'pm.csv', 'month,manager_code,indicator,value\n2027-01,M1,revenue,"1 234,56"\n2027-01,M1,orders,50\n2027-02,M1,revenue,2000\n')]);
  if (run.code !== 0) throw new Error(run.stderr);
});

describe('manager plan', () => {
  it('stores money indicators in kopecks and counts as they are', () => {
    expect(query(template, 'SELECT month, indicator, value FROM plan_managers ORDER BY month, indicator')).toEqual([
      { month: '2027-01', indicator: 'orders', value: 50 },
      { month: '2027-01', indicator: 'revenue', value: 123456 },
      { month: '2027-02', indicator: 'revenue', value: 200000 },
    ]);
  });

  it('exports roubles, imports back unchanged (long CSV and the wide xlsx)', async () => {
    const { dir, db } = copyDb(template);
    const csv = path.join(dir, 'pm.csv');
    expect(crm(['--db', db, 'export', 'plan-managers', '-o', csv]).code).toBe(0);
    expect(fs.readFileSync(csv, 'utf8')).toBe('month,manager_code,indicator,value\n2027-01,M1,orders,50\n2027-01,M1,revenue,1234.56\n2027-02,M1,revenue,2000.00\n');
    expect(crm(['--db', db, '--as-of', '2027-01-01', 'import', 'plan-managers', csv]).stdout).toContain('0 inserted, 0 updated, 3 unchanged');
    const wide = path.join(dir, 'pm.xlsx');
    expect(crm(['--db', db, 'plan', 'export', 'managers', '-o', wide]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(wide);
    const ws = wb.worksheets[0]!;
    const rows = [2, 3].map((r) => (ws.getRow(r).values as unknown[]).slice(1));
    expect(rows).toEqual([['M1', 'orders', 50], ['M1', 'revenue', 1234.56, 2000]]);
    expect(ws.getRow(3).getCell(3).numFmt).toBe('#,##0.00'); // money
    expect(crm(['--db', db, '--as-of', '2027-01-01', 'import', 'plan-managers', wide]).stdout).toContain('0 inserted, 0 updated, 3 unchanged');
  });

  it('plan diff shows money as money and totals by month and indicator, never money plus counts', () => {
    const { dir, db } = copyDb(template);
    expect(crm(['--db', db, '--as-of', '2027-01-01', 'import', 'plan-managers', writeFile(dir, 'v2.csv', 'month,manager_code,indicator,value\n2027-01,M1,revenue,1500\n2027-01,M1,orders,55\n')]).code).toBe(0);
    const diff = JSON.parse(crm(['--db', db, 'plan', 'diff', 'managers', '1', '2', '--json']).stdout);
    expect(diff.changes).toEqual([
      { cell: 'M1 + orders', month: '2027-01', old: 50, new: 55, change: 5 },
      { cell: 'M1 + revenue', month: '2027-01', old: 1234.56, new: 1500, change: 265.44 },
    ]);
    expect(diff.totals).toEqual([
      { month: '2027-01', indicator: 'orders', old: 50, new: 55, change: 5 },
      { month: '2027-01', indicator: 'revenue', old: 1234.56, new: 1500, change: 265.44 },
      { month: '2027-02', indicator: 'revenue', old: 2000, new: 2000, change: 0 },
    ]);
    expect(crm(['--db', db, 'plan', 'diff', 'managers', '1', '2']).stdout).toMatch(/M1 \+ revenue\s+│ 2027-01 │\s+1 234\.56 │\s+1 500\.00 │\s+265\.44/);
  });
});
