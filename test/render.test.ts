// One table, four renderers (SPEC §6): terminal, CSV, JSON and xlsx agree.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync as spawnSyncTop } from 'node:child_process';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../src/io/render/csv.js';
import { outputTable } from '../src/io/render/index.js';
import { renderJson } from '../src/io/render/json.js';
import { renderTerminal } from '../src/io/render/terminal.js';
import type { Table } from '../src/io/table.js';
import { tempDir } from './helpers.js';

const TABLE: Table = {
  name: 'sample',
  columns: [
    { key: 'client', header: 'client', kind: 'text' },
    { key: 'date', header: 'date', kind: 'date' },
    { key: 'amount', header: 'amount', kind: 'money' },
    { key: 'qty', header: 'qty', kind: 'number' },
    { key: 'share', header: 'share', kind: 'percent' },
  ],
  rows: [
    { client: 'ООО «Альфа»', date: '2026-01-31', amount: 123456789, qty: 1.5, share: 12.5 },
    { client: '=HYPERLINK("x")', date: '2026-02-01', amount: -5000, qty: 1000, share: null },
  ],
  totals: { amount: 123451789, qty: 1001.5 },
};

describe('renderers', () => {
  it('terminal: right-aligned numbers with thousands separators and a totals row; colour only when allowed', () => {
    const plain = renderTerminal(TABLE, { color: false });
    expect(plain).not.toMatch(/\x1b\[/);
    expect(plain).toMatch(/│ ООО «Альфа»\s+│ 2026-01-31 │ 1 234 567.89 │\s+1\.5 │ 12\.50 % │/);
    expect(plain).toMatch(/│ Total\s+│\s+│ 1 234 517.89 │ 1 001\.5 │\s+│/);
    const coloured = renderTerminal(TABLE, { color: true });
    expect(coloured).toContain('\x1b[31m-50.00\x1b[39m'); // a negative amount in red
    expect(renderTerminal(TABLE, { color: false, width: 40 })).toContain('use --format csv, -o FILE.xlsx or -o FILE.html for the full table');
  });

  it('CSV: raw numbers with a dot, ISO dates, formula text guarded', () => {
    expect(renderCsv(TABLE)).toBe(
      'client,date,amount,qty,share\nООО «Альфа»,2026-01-31,1234567.89,1.5,12.5\n"\'=HYPERLINK(""x"")",2026-02-01,-50.00,1000,\ntotal,,1234517.89,1001.5,\n',
    );
  });

  // SPEC §6: headline figures (totals that are no column) in every format; a column that
  // mixes money and counts renders each cell in its own kind
  const HEADLINED: Table = {
    name: 'mixed',
    columns: [
      { key: 'indicator', header: 'indicator', kind: 'text' },
      { key: 'value', header: 'value', kind: 'money' },
    ],
    rows: [
      { indicator: 'revenue', value: 1234550 },
      { indicator: 'orders', value: 7 },
    ],
    cellKind: (row, column) => (column.key === 'value' && row.indicator === 'orders' ? 'number' : column.kind),
    headlines: [{ key: 'share_pct', header: 'share_pct', kind: 'percent' }, { key: 'avg', header: 'avg', kind: 'money' }],
    totals: { share_pct: 63.61, avg: 1005 },
  };

  it('headline figures and per-cell kinds in the terminal, CSV, JSON and xlsx', async () => {
    const text = renderTerminal(HEADLINED, { color: false });
    expect(text).toMatch(/│ revenue\s+│ 12 345.50 │/);
    expect(text).toMatch(/│ orders\s+│\s+7 │/);
    expect(text).toContain('share_pct: 63.61 %');
    expect(text).toContain('avg: 10.05');
    expect(renderCsv(HEADLINED)).toBe('indicator,value,share_pct,avg\nrevenue,12345.50,,\norders,7,,\ntotal,,63.61,10.05\n');
    // a headline that is a column already: its figure is the totals row's own cell, the header never repeats a name
    const overlapping = { ...HEADLINED, headlines: [{ key: 'value', header: 'value', kind: 'money' as const }, ...HEADLINED.headlines!], totals: { value: 1234550, share_pct: 63.61, avg: 1005 } };
    expect(renderCsv(overlapping)).toBe('indicator,value,share_pct,avg\nrevenue,12345.50,,\norders,7,,\ntotal,12345.50,63.61,10.05\n');
    const { reportJson } = await import('../src/io/render/json.js');
    expect(JSON.parse(reportJson('mixed', {}, HEADLINED))).toEqual({
      report: 'mixed', params: {}, rows: [{ indicator: 'revenue', value: 12345.5 }, { indicator: 'orders', value: 7 }], totals: { share_pct: 63.61, avg: 10.05 },
    });
    const file = path.join(tempDir(), 'mixed.xlsx');
    await outputTable(HEADLINED, { output: file }, { stdout: process.stdout, color: false });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('mixed')!;
    expect(ws.getRow(2).getCell(2).value).toBe(12345.5);
    expect(ws.getRow(3).getCell(2).value).toBe(7);
    expect(ws.getRow(3).getCell(2).numFmt).toBe('#,##0'); // a count, not money (a whole number: no decimals)
    const lines = [5, 6].map((r) => (ws.getRow(r).values as unknown[]).slice(1));
    expect(lines).toEqual([['share_pct', 63.61], ['avg', 10.05]]);
  });

  it('JSON: money in roubles, nulls kept', () => {
    expect(JSON.parse(renderJson(TABLE))).toEqual({
      sample: [
        { client: 'ООО «Альфа»', date: '2026-01-31', amount: 1234567.89, qty: 1.5, share: 12.5 },
        { client: '=HYPERLINK("x")', date: '2026-02-01', amount: -50, qty: 1000, share: null },
      ],
    });
  });

  it('xlsx: typed cells with number formats, frozen header, autofilter, totals; read back equal', async () => {
    const file = path.join(tempDir(), 'sample.xlsx');
    await outputTable(TABLE, { output: file }, { stdout: process.stdout, color: false });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('sample')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeDefined();
    const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['client', 'date', 'amount', 'qty', 'share']);
    expect(values(2)).toEqual(['ООО «Альфа»', new Date('2026-01-31T00:00:00Z'), 1234567.89, 1.5, 12.5]);
    expect(ws.getRow(3).getCell(1).type).toBe(ExcelJS.ValueType.String); // never a formula
    expect(ws.getRow(2).getCell(3).numFmt).toBe('#,##0.00');
    expect(ws.getRow(2).getCell(2).numFmt).toBe('yyyy-mm-dd');
    expect(values(4).slice(0, 4)).toEqual(['Total', undefined, 1234517.89, 1001.5]);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['sample.xlsx']); // no temp file left behind
  });
});

// plan-fact's shape: rows of two plans, each filling its own dimension columns
const SECTIONED: Table = {
  name: 'plan-fact',
  sectionBy: 'section',
  columns: [
    { key: 'section', header: 'plan', kind: 'text' },
    { key: 'group', header: 'group', kind: 'text' },
    { key: 'manager', header: 'manager', kind: 'text' },
    { key: 'month', header: 'month', kind: 'month' },
    { key: 'plan', header: 'plan', kind: 'number' },
    { key: 'fact', header: 'fact', kind: 'number' },
  ],
  rows: [
    // a key a row leaves out does not apply to it; null is an empty cell
    { section: 'sales', group: 'A', month: '2026-01', plan: 100, fact: null },
    { section: 'managers', manager: 'M1', month: '2026-01', plan: 5, fact: 7 },
    { section: 'sales', group: 'B', month: '2026-01', plan: 50, fact: 60 },
  ],
};

describe('sections and the tidy layout', () => {
  it('xlsx: a sheet per section, in the order they first occur, with only the columns the section fills', async () => {
    const file = path.join(tempDir(), 'plan-fact.xlsx');
    await outputTable(SECTIONED, { output: file }, { stdout: process.stdout, color: false });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['sales', 'managers']);
    const values = (sheet: string) => wb.getWorksheet(sheet)!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(values('sales')).toEqual([
      ['group', 'month', 'plan', 'fact'],
      ['A', '2026-01', 100],
      ['B', '2026-01', 50, 60],
    ]);
    expect(values('managers')).toEqual([
      ['manager', 'month', 'plan', 'fact'],
      ['M1', '2026-01', 5, 7],
    ]);
    expect(wb.getWorksheet('managers')!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('an empty sectioned table still writes one sheet (Excel opens no workbook without one)', async () => {
    const file = path.join(tempDir(), 'empty.xlsx');
    await outputTable({ ...SECTIONED, rows: [] }, { output: file }, { stdout: process.stdout, color: false });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['plan-fact']);
  });

  it('terminal: a titled table per section', async () => {
    let text = '';
    await outputTable(SECTIONED, {}, { stdout: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream, color: false });
    const [sales, managers] = text.split('plan-fact: ').slice(1);
    expect(sales).toMatch(/^sales\n/);
    expect(sales).toMatch(/│ group │ month\s+│ plan │ fact │/);
    expect(sales).not.toContain('manager');
    expect(managers).toMatch(/│ M1\s+│ 2026-01 │\s+5 │\s+7 │/);
    expect(sales).toMatch(/│ A\s+│ 2026-01 │\s+100 │\s+│/);
  });

  it('CSV tidy: one row per measure, identified by the text columns; money in roubles; no totals', async () => {
    const file = path.join(tempDir(), 'tidy.csv');
    await outputTable(TABLE, { output: file, layout: 'tidy' }, { stdout: process.stdout, color: false });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      [
        'client,date,measure,value',
        'ООО «Альфа»,2026-01-31,amount,1234567.89',
        'ООО «Альфа»,2026-01-31,qty,1.5',
        'ООО «Альфа»,2026-01-31,share,12.5',
        '"\'=HYPERLINK(""x"")",2026-02-01,amount,-50',
        '"\'=HYPERLINK(""x"")",2026-02-01,qty,1000',
        '"\'=HYPERLINK(""x"")",2026-02-01,share,',
        '',
      ].join('\n'),
    );
  });

  it('tidy is refused for the terminal and JSON (exit 2 from the CLI)', async () => {
    const ctx = { stdout: process.stdout, color: false };
    await expect(outputTable(TABLE, { layout: 'tidy' }, ctx)).rejects.toThrow('--layout tidy is for csv and xlsx files (pivot tables), not table');
    await expect(outputTable(TABLE, { format: 'json', layout: 'tidy' }, ctx)).rejects.toThrow('not json');
    await expect(outputTable(TABLE, { format: 'csv', layout: 'long' }, ctx)).rejects.toThrow('--layout long: expected wide or tidy');
  });
});

describe('the terminal, for real', () => {
  const hasScript = (() => {
    try {
      return spawnSyncTop('script', ['--version']).status === 0;
    } catch {
      return false;
    }
  })();

  it.skipIf(!hasScript)('colours on a TTY, not with NO_COLOR, not when piped', async () => {
    const { spawnSync } = await import('node:child_process');
    const { BIN } = await import('./helpers.js');
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    const { crm, writeFile } = await import('./helpers.js');
    crm(['--db', db, 'init']);
    crm(['--db', db, 'import', 'managers', writeFile(dir, 'm.csv', 'code,name\nM1,Анна\n')]);
    const onTty = (env: string) =>
      spawnSync('script', ['-qec', `${env} ${process.execPath} ${BIN} --db ${db} managers list`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined } }).stdout;
    expect(onTty('')).toMatch(/\x1b\[1mcode/);
    expect(onTty('NO_COLOR=1')).not.toMatch(/\x1b\[/);
    expect(crm(['--db', db, 'managers', 'list'], { env: { NO_COLOR: '' } }).stdout).not.toMatch(/\x1b\[/);
  });
});
