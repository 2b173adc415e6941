// SPEC §10, issue 15: tables people read and pictures. A small company whose numbers are
// worked out below; its reports written as xlsx (read back with exceljs: formats, print setup,
// conditional formats), as HTML (the SVG bars are the report's numbers; then a real headless
// Chromium measures them), on the terminal (sparklines only on a TTY), and printed to PDF by
// LibreOffice (one page wide). Chromium and LibreOffice are optional: skipped with one line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { outputTable } from '../src/io/render/index.js';
import { REPORTS } from '../src/reports/definitions.js';
import { sparkline } from '../src/io/render/spark.js';
import { renderChartSvg } from '../src/io/render/svg.js';
import { renderTerminal } from '../src/io/render/terminal.js';
import type { Table } from '../src/io/table.js';
import { monthLayout } from '../src/reports/months.js';
import { Browser, findChromium } from './browser.js';
import { companyDb, crm, ROOT, tempDir } from './helpers.js';

export const PICTURE_COMPANY: [string, string][] = [
  ['managers', 'code,name\nM1,Анна\nM2,Борис\n'],
  ['groups', 'code,name,parent_code\nTOP,Верх,\nA,Альфа,TOP\nB,Бета,TOP\nC,Прочее,\n'],
  ['products', 'sku,name,group_code,price,cost\nPA,Товар А,A,100,60\nPB,Товар Б,B,100,60\nPC,Товар В,C,100,60\n'],
  ['clients', 'code,name,manager_code,deferral_days\nK1,Клиент один,M1,10\nK2,Клиент два,M2,0\n'],
  [
    'shipments',
    'shipment_no,date,client_code,sku,qty,amount\nS1,2026-01-10,K1,PA,10,1000\nS2,2026-01-20,K2,PB,5,500\nS3,2026-02-05,K1,PA,20,2000\nS4,2026-02-15,K2,PC,3,300\nS5,2026-03-03,K1,PB,4,400\nS6,2026-03-28,K1,PA,1,100\n',
  ],
  ['payments', 'payment_no,date,client_code,amount\nP1,2026-01-15,K1,500\n'],
  ['stock', 'date,sku,qty\n2026-01-01,PA,50\n2026-01-01,PB,20\n2026-01-01,PC,10\n'],
  ['reasons', 'code,name\nR1,Дорого\nR2,Долго\n'],
  ['orders', 'order_no,date,client_code,sku,qty,price,status,refusal_reason\nO1,2026-02-01,K1,PA,5,100,refused,R1\nO2,2026-03-01,K2,PB,2,100,refused,R2\n'],
  ['plan-sales', 'group_code,2026-01,2026-02,2026-03\nA,1200,1500,1000\nB,500,,600\nC,200,300,100\n'],
];
// plan by month (TOP = A + B, plus C):  Jan 1900, Feb 1800, Mar 1700
// fact by month:                         Jan 1500 (A 1000, B 500), Feb 2300 (A 2000, C 300), Mar 500 (B 400, A 100)
// deviation Jan −400 (TOP −200, C −200), Feb +500, Mar −1200
// receivables at 2026-03-31 (oldest first; K1 due +10 days, K2 at once):
//   not due 100 (S6), 1–30: 400 (S5), 31–60: 2000 (S3) + 300 (S4), 61–90: 500 (S1 − P1) + 500 (S2)
// illiquid at 2026-12-31 (default 180 days; all idle since March or earlier), value at cost 60:
//   A 19 × 60 = 1140, B 11 × 60 = 660, C 7 × 60 = 420
// refusals: R1 500, R2 200; managers' revenue: M1 3500, M2 800
const PLAN = [1900, 1800, 1700];
const FACT = [1500, 2300, 500];
const AGEING = [100, 400, 2300, 1000, 0];
const AS_OF = ['--as-of', '2026-03-31'];

let db: string;
let dir: string;
beforeAll(() => {
  db = companyDb(PICTURE_COMPANY);
  dir = tempDir();
});

const run = (...args: string[]) => {
  const r = crm(['--db', db, ...AS_OF, 'report', ...args]);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r;
};

async function workbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

const rowValues = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);

describe('xlsx for people', () => {
  it('plan-fact: the group tree by month with subtotals, titles in words, names, formats, red by conditional formatting, a page setup that prints', async () => {
    const file = path.join(dir, 'plan-fact.xlsx');
    run('plan-fact', '--show', 'plan,fact,pct,deviation', '-o', file);
    const wb = await workbook(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Sales']); // a sheet per plan, named in words
    const ws = wb.worksheets[0]!;
    // a band line of months over their measures (merged), then the titles in words
    expect(rowValues(ws, 1).slice(0, 3)).toEqual([undefined, undefined, 'Jan 2026']);
    expect(ws.model.merges).toEqual(expect.arrayContaining(['C1:F1', 'G1:J1', 'K1:N1', 'O1:R1']));
    expect(rowValues(ws, 1)[14]).toBe('Year to date');
    expect(rowValues(ws, 2).slice(0, 6)).toEqual(['Group', 'Group name', 'Plan', 'Fact', '% of plan', 'Deviation']);
    // rows: the tree (roots sorted by code), children indented under their bold subtotal, then the total
    const rows = [3, 4, 5, 6, 7].map((r) => rowValues(ws, r).slice(0, 6));
    expect(rows).toEqual([
      ['C', 'Прочее', 200, 0, 0, -200],
      ['TOP', 'Верх', 1700, 1500, (1500 * 100) / 1700, -200],
      ['A', 'Альфа', 1200, 1000, (1000 * 100) / 1200, -200],
      ['B', 'Бета', 500, 500, 100, 0],
      ['Total', undefined, 1900, 1500, (1500 * 100) / 1900, -400],
    ]);
    // the period's column: plan 5400, fact 4300
    expect(rowValues(ws, 7).slice(14, 18)).toEqual([5400, 4300, (4300 * 100) / 5400, -1100]);
    expect(ws.getRow(4).font?.bold).toBe(true); // TOP: a subtotal
    expect(ws.getRow(5).getCell(1).alignment?.indent).toBe(1); // A under TOP
    expect(ws.getRow(5).font?.bold).toBeFalsy();
    expect(ws.getRow(7).font?.bold).toBe(true);
    // number formats: money, percent
    expect(ws.getRow(3).getCell(3).numFmt).toBe('#,##0.00');
    expect(ws.getRow(4).getCell(5).numFmt).toBe('#,##0.00');
    // frozen: the two header lines and the code and name columns
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 2 });
    // prints: landscape A4, one page wide, the header lines on every page, the report in the page header
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2' });
    expect(ws.headerFooter.oddHeader).toContain('plan-fact: Sales');
    expect(ws.headerFooter.oddHeader).toContain('2026-03-31');
    // red below zero by conditional formatting on every numeric column (the deviation of January: F)
    const rules = (ws as unknown as { conditionalFormattings: unknown }).conditionalFormattings as { ref: string; rules: { type: string; operator: string; formulae: string[]; style: { font: { color: { argb: string } } } }[] }[];
    const deviation = rules.find((r) => r.ref === 'F3:F7');
    expect(deviation?.rules[0]).toMatchObject({ type: 'cellIs', operator: 'lessThan', formulae: ['0'] });
    expect(deviation?.rules[0]?.style.font.color.argb).toBe('FFC00000');
    expect(rules.some((r) => r.ref.startsWith('A') || r.ref.startsWith('B'))).toBe(false); // never on text
  });

  it('receivables-turnover: overdue amounts red above zero, all 15 columns on one page wide', async () => {
    const file = path.join(dir, 'receivables.xlsx');
    run('receivables-turnover', '--from', '2026-01', '--to', '2026-03', '-o', file);
    const ws = (await workbook(file)).worksheets[0]!;
    const titles = rowValues(ws, 1) as string[];
    expect(titles.slice(0, 3)).toEqual(['Client', 'Client name', 'Revenue']);
    expect(titles).toContain('Overdue 31–60 days');
    expect(titles.every((t) => !/_/.test(t))).toBe(true); // no snake_case for people
    const at = titles.indexOf('Overdue 31–60 days') + 1;
    const letter = String.fromCharCode(64 + at);
    const rules = (ws as unknown as { conditionalFormattings: unknown }).conditionalFormattings as { ref: string; rules: { operator: string; formulae: string[] }[] }[];
    expect(rules.find((r) => r.ref === `${letter}2:${letter}4`)?.rules.map((r) => [r.operator, r.formulae[0]])).toEqual([
      ['lessThan', '0'],
      ['greaterThan', '0'],
    ]);
    // "not due" is no alarm
    const notDue = String.fromCharCode(64 + titles.indexOf('Not due') + 1);
    expect(rules.find((r) => r.ref === `${notDue}2:${notDue}4`)?.rules).toHaveLength(1);
    expect(rowValues(ws, 4).slice(-5)).toEqual(AGEING); // the totals row
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, printTitlesRow: '1:1' });
  });

  it('sales: months as columns by default for people, --layout long keeps a row per month', async () => {
    const months = path.join(dir, 'sales.xlsx');
    run('sales', '--by', 'manager', '-o', months);
    const ws = (await workbook(months)).worksheets[0]!;
    expect(rowValues(ws, 1)).toEqual(['Manager', 'Manager name', 'Jan 2026', 'Feb 2026', 'Mar 2026', 'Year to date']);
    expect([2, 3, 4].map((r) => rowValues(ws, r))).toEqual([
      ['M1', 'Анна', 1000, 2000, 500, 3500],
      ['M2', 'Борис', 500, 300, undefined, 800],
      ['Total', undefined, 1500, 2300, 500, 4300],
    ]);
    const long = path.join(dir, 'sales-long.xlsx');
    run('sales', '--by', 'manager', '--layout', 'long', '-o', long);
    const ws2 = (await workbook(long)).worksheets[0]!;
    expect(rowValues(ws2, 1)).toEqual(['Month', 'Manager', 'Manager name', 'Amount', 'Qty', 'Margin', 'Orders']);
    expect(rowValues(ws2, 2).slice(0, 4)).toEqual(['2026-01', 'M1', 'Анна', 1000]);
    // CSV and JSON keep the keys and a row per month (for machines)
    expect(run('sales', '--by', 'manager', '--format', 'csv').stdout.split('\n')[0]).toBe('month,manager,amount,qty,margin,orders');
  });
});

describe('HTML pages', () => {
  const page = (report: string, ...args: string[]) => {
    const file = path.join(dir, `${report}.html`);
    run(report, ...args, '-o', file);
    return { file, html: fs.readFileSync(file, 'utf8') };
  };
  const bars = (html: string, series: string) =>
    [...html.matchAll(/<rect class="bar" data-series="([^"]+)" data-category="([^"]+)" data-value="([^"]+)"/g)].filter((m) => m[1] === series).map((m) => [m[2], Number(m[3])]);

  it('plan-fact: plan and fact bars per month are the report’s numbers; self-contained (no script, no external link)', () => {
    const { html } = page('plan-fact');
    expect(bars(html, 'plan')).toEqual([['2026-01', 1900], ['2026-02', 1800], ['2026-03', 1700]]);
    expect(bars(html, 'fact')).toEqual([['2026-01', 1500], ['2026-02', 2300], ['2026-03', 500]]);
    expect(html).toContain('data-series="cumulative_fact"');
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    // the table: the tree with names, a cell per month
    expect(html).toContain('<td data-key="group_name">Альфа</td>');
    expect(html).toContain('<th colspan="2" scope="colgroup">Jan 2026</th>');
  });

  it('receivables ageing buckets, illiquid by group, refusals by reason; an empty period draws a frame, not a broken chart', () => {
    const { html } = page('receivables-turnover', '--from', '2026-01', '--to', '2026-03');
    expect(bars(html, 'total').map(([, v]) => v)).toEqual(AGEING);
    const empty = page('sales', '--from', '2025-01', '--to', '2025-03').html;
    expect(empty).toContain('No data for this period');
    expect(empty).toContain('No rows');
    expect(empty).not.toContain('NaN');
  });

  it('a chart is right with negative values: a bar below the axis as long as its value says', () => {
    const svg = renderChartSvg({ title: 'x', categories: ['a', 'b', 'c'], bars: [{ key: 'v', title: 'v', values: [100, -50, 0] }] });
    const rects = [...svg.matchAll(/data-value="([^"]+)" x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)"/g)].map((m) => ({ v: Number(m[1]), y: Number(m[2]), h: Number(m[3]) }));
    expect(rects).toHaveLength(3);
    expect(rects[1]!.h / rects[0]!.h).toBeCloseTo(0.5, 2);
    expect(rects[1]!.y).toBeCloseTo(rects[0]!.y + rects[0]!.h, 1); // starts at the zero line and goes down
    expect(rects[2]!.h).toBe(0);
    expect(svg).not.toContain('NaN');
    const none = renderChartSvg({ title: 'x', categories: [], bars: [{ key: 'v', title: 'v', values: [] }] });
    expect(none).toContain('No data for this period');
  });

  it('every text is escaped: a name that is HTML stays text', async () => {
    const file = path.join(tempDir(), 'x.html');
    await outputTable({ name: 't', columns: [{ key: 'client', header: 'client', kind: 'text' }], rows: [{ client: '<img src=x onerror=alert(1)>' }] }, { output: file }, { stdout: process.stdout, color: false });
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });
});

describe('the month layout (pure)', () => {
  const long = (rows: Record<string, string | number | null>[]): Table => ({
    name: 't',
    columns: [
      { key: 'group', header: 'group', kind: 'text' },
      { key: 'month', header: 'month', kind: 'month' },
      { key: 'plan', header: 'plan', kind: 'money' },
      { key: 'fact', header: 'fact', kind: 'money' },
    ],
    rows,
  });
  const derive = (v: Record<string, number>) => ({ pct: v.plan ? ((v.fact ?? 0) * 100) / v.plan : null, deviation: (v.fact ?? 0) - (v.plan ?? 0) });

  it('a rolled-up tree: a parent holding more than its children shown gets an "(other)" row; % of a subtotal is of the summed plan and fact', () => {
    // P (rolled up) = A + B + what is planned on P itself: Jan plan 100 fact 90 = A 40/30 + B 20/40 + own 40/20
    const rows = [
      { group: 'P', month: '2026-01', plan: 100, fact: 90 },
      { group: 'A', month: '2026-01', plan: 40, fact: 30 },
      { group: 'B', month: '2026-01', plan: 20, fact: 40 },
      { group: 'P', month: '2026-02', plan: 50, fact: 100 },
      { group: 'A', month: '2026-02', plan: 50, fact: 100 },
    ];
    const parents = new Map<string, string | null>([['P', null], ['A', 'P'], ['B', 'P']]);
    const t = monthLayout({ name: 't', months: ['2026-01', '2026-02'], show: ['plan', 'fact', 'pct'], long: long(rows), blocks: [{ dims: ['group'], rows, base: ['plan', 'fact'], derive, tree: { parents, inclusive: true }, total: true }] });
    const line = (r: Record<string, unknown>) => [r.group, r['2026-01_plan'], r['2026-01_fact'], r['2026-02_fact'], r.total_plan, r.total_fact, r.total_pct];
    expect(t.rows.map(line)).toEqual([
      ['P', 100, 90, 100, 150, 190, (190 * 100) / 150],
      ['A', 40, 30, 100, 90, 130, (130 * 100) / 90],
      ['B', 20, 40, null, 20, 40, 200],
      ['(other)', 40, 20, 0, 40, 20, 50],
    ]);
    expect(t.rows.map((r) => t.style?.(r))).toEqual([{ depth: 0, strong: true }, { depth: 1, strong: false }, { depth: 1, strong: false }, { depth: 1 }]);
    expect(line(t.totals!)).toEqual([undefined, 100, 90, 100, 150, 190, (190 * 100) / 150]);
    expect(t.columns.map((c) => c.band ?? '')).toEqual(['', 'Jan 2026', 'Jan 2026', 'Jan 2026', 'Feb 2026', 'Feb 2026', 'Feb 2026', 'Year to date', 'Year to date', 'Year to date']);
    expect(t.trend).toEqual(['2026-01_pct', '2026-02_pct']);
  });

  it('own values (sales): a parent is its own products plus its children; ancestors without rows still shown; a level takes the last month, an average none', () => {
    const rows = [
      { group: 'P', month: '2026-01', plan: 0, fact: 5 },
      { group: 'A', month: '2026-01', plan: 0, fact: 10 },
      { group: 'A', month: '2026-02', plan: 0, fact: 20 },
    ];
    const parents = new Map<string, string | null>([['R', null], ['P', 'R'], ['A', 'P']]);
    const t = monthLayout({ name: 't', months: ['2026-01', '2026-02'], show: ['fact'], long: long(rows), blocks: [{ dims: ['group'], rows, base: ['fact'], tree: { parents, inclusive: false }, total: true }] });
    expect(t.rows.map((r) => [r.group, r['2026-01_fact'], r['2026-02_fact'], r.total_fact])).toEqual([
      ['R', 15, 20, 35],
      ['P', 15, 20, 35],
      ['A', 10, 20, 30],
      ['(other)', 5, null, 5], // P's own products, so that P's rows add up to P
    ]);
    expect(t.totals!.total_fact).toBe(35);
    const level = monthLayout({ name: 't', months: ['2026-01', '2026-02'], show: ['fact'], long: long(rows), blocks: [{ dims: ['group'], rows: rows.slice(1), base: ['fact'], period: () => 'last' }] });
    expect(level.rows[0]!.total_fact).toBe(20);
    const average = monthLayout({ name: 't', months: ['2026-01', '2026-02'], show: ['fact'], long: long(rows), blocks: [{ dims: ['group'], rows: rows.slice(1), base: ['fact'], period: () => 'none' }] });
    expect(average.rows[0]!.total_fact).toBeNull();
    // one month and one measure: the month is the column title, no band, no sparkline; not from January: "Total"
    const one = monthLayout({ name: 't', months: ['2026-02'], show: ['fact'], long: long(rows), blocks: [{ dims: ['group'], rows: rows.slice(2), base: ['fact'] }] });
    expect(one.columns.map((c) => [c.title ?? c.key, c.band])).toEqual([['group', undefined], ['Feb 2026', undefined], ['Total', undefined]]);
    expect(one.trend).toBeUndefined();
  });
});

describe('the terminal', () => {
  it('a sparkline per row on a TTY only: never piped, never in CSV or JSON', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, null, 5])).toBe('▄ ▄');
    expect(sparkline([])).toBe('');
    const table = {
      name: 's',
      columns: [
        { key: 'g', header: 'g', kind: 'text' as const },
        { key: 'm1', header: 'm1', kind: 'money' as const },
        { key: 'm2', header: 'm2', kind: 'money' as const },
      ],
      rows: [{ g: 'A', m1: 100, m2: 300 }],
      trend: ['m1', 'm2'],
    };
    expect(renderTerminal(table, { color: false, pictures: true })).toMatch(/│ A │ +1\.00 │ +3\.00 │ ▁█ +│/);
    expect(renderTerminal(table, { color: false, pictures: false })).not.toMatch(/[▁█]/);
    // bin/crm on a pipe: no sparkline, no colour
    const piped = run('plan-fact');
    expect(piped.stdout).not.toMatch(/[▁▂▃▄▅▆▇█]|\x1b\[/);
    expect(piped.stdout).toContain('Year to date');
    expect(run('sales', '--format', 'csv').stdout).not.toMatch(/[▁▂▃▄▅▆▇█]/);
  });

  it('outputTable draws the sparkline on a TTY, also without colour (NO_COLOR), and not with TERM=dumb', async () => {
    const table: Table = {
      name: 's',
      columns: [
        { key: 'g', header: 'g', kind: 'text' },
        { key: 'm1', header: 'm1', kind: 'money' },
        { key: 'm2', header: 'm2', kind: 'money' },
      ],
      rows: [{ g: 'A', m1: 100, m2: 300 }],
      trend: ['m1', 'm2'],
    };
    const tty = () => {
      let text = '';
      return { stream: { isTTY: true, columns: 200, write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream, text: () => text };
    };
    const plain = tty();
    await outputTable(table, {}, { stdout: plain.stream, color: false });
    expect(plain.text()).toContain('▁█');
    expect(plain.text()).not.toMatch(/\x1b\[/);
    const term = process.env.TERM;
    process.env.TERM = 'dumb';
    try {
      const dumb = tty();
      await outputTable(table, {}, { stdout: dumb.stream, color: false });
      expect(dumb.text()).not.toMatch(/[▁█]/);
    } finally {
      if (term === undefined) delete process.env.TERM;
      else process.env.TERM = term;
    }
  });
});

const chromium = findChromium();
describe.skipIf(!chromium)('in a real browser (headless Chromium)', () => {
  // screenshots are kept as test artifacts
  const artifacts = path.join(ROOT, 'test-artifacts', 'html');
  let browser: Browser;
  beforeAll(async () => {
    browser = await Browser.launch(chromium!);
    fs.mkdirSync(artifacts, { recursive: true });
    return () => browser.close();
  });

  it.each([
    // report, its options, the bars of its first series, strings its table prints
    ['plan-fact', [] as string[], PLAN, ['Альфа', '1 500.00', '4 300.00', '79.63 %']],
    ['sales', [], FACT, ['Верх', '2 300.00', '4 300.00']],
    ['receivables-turnover', ['--from', '2026-01', '--to', '2026-03'], AGEING, ['Клиент один', '3 500.00', '2 300.00']],
    ['illiquid', ['--date', '2026-12-31'], [1140, 660, 420], ['Товар А', '1 140.00', '2 220.00']],
    ['refusals', ['--from', '2026-01', '--to', '2026-03'], [500, 200], ['Дорого', '500.00', '700.00']],
    ['managers', ['--from', '2026-01', '--to', '2026-03'], [3500, 800], ['Борис', '3 500.00', '4 300.00']],
  ])('%s: bars in the ratio of the numbers, the table holds the report’s values, nothing fetched', async (report, args, first, texts) => {
    const file = path.join(dir, `browser-${report}.html`);
    run(report, ...args, '-o', file);
    const p = await browser.open(file);
    try {
      // the heights (widths of a horizontal chart) the browser laid out
      const laid = await p.evaluate<{ series: string; category: string; value: number; size: number }[]>(`[...document.querySelectorAll('rect.bar')].map((r) => {
          const box = r.getBoundingClientRect();
          const horizontal = r.closest('svg').querySelectorAll('text.category[text-anchor="end"]').length > 0;
          return { series: r.dataset.series, category: r.dataset.category, value: Number(r.dataset.value), size: horizontal ? box.width : box.height };
        })`);
      const cells = await p.evaluate<string[]>(`[...document.querySelectorAll('table.report td')].map((td) => td.textContent)`);
      fs.mkdirSync(artifacts, { recursive: true });
      await p.screenshot(path.join(artifacts, `${report}.png`));
      // no network: the page and nothing else
      expect(p.requests).toEqual([`file://${file}`]);
      // one bar per month (or bucket, group …) of the first series, the report's numbers in order
      const series = laid[0]!.series;
      expect(laid.filter((b) => b.series === series).map((b) => b.value)).toEqual(first);
      if (report === 'plan-fact') {
        expect(laid.filter((b) => b.series === 'plan').map((b) => [b.category, b.value])).toEqual([['2026-01', 1900], ['2026-02', 1800], ['2026-03', 1700]]);
        expect(laid.filter((b) => b.series === 'fact').map((b) => b.value)).toEqual(FACT);
      }
      // sizes in the ratio of the values, to half a pixel
      const unit = laid.reduce((a, b) => (Math.abs(b.value) > Math.abs(a.value) ? b : a));
      expect(unit.size).toBeGreaterThan(20);
      for (const b of laid) expect(b.size).toBeCloseTo((Math.abs(b.value) / Math.abs(unit.value)) * unit.size, 0);
      for (const t of texts) expect(cells).toContain(t);
    } finally {
      await p.close();
    }
  });

  // every other report: the page opens, fetches nothing, and its table has a row per JSON row (and the totals)
  const others = REPORTS.filter((r) => !['plan-fact', 'sales', 'receivables-turnover', 'illiquid', 'refusals', 'managers'].includes(r.name)).map((r) => r.name);
  it.each(others)('%s: the page’s table holds the report’s rows; nothing fetched', async (report) => {
    const args = REPORTS.find((r) => r.name === report)!.period === 'range' ? ['--from', '2026-01', '--to', '2026-03'] : ['--date', '2026-03-31'];
    const file = path.join(dir, `browser-${report}.html`);
    run(report, ...args, '-o', file);
    const json = JSON.parse(run(report, ...args, '--format', 'json').stdout) as { rows: Record<string, unknown>[]; totals?: Record<string, unknown> };
    const p = await browser.open(file);
    try {
      const rows = await p.evaluate<string[][]>(`[...document.querySelectorAll('table.report tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent))`);
      await p.screenshot(path.join(artifacts, `${report}.png`));
      expect(p.requests).toEqual([`file://${file}`]);
      if (json.rows.length === 0) expect(rows).toEqual([['No rows']]);
      else expect(rows.length).toBe(json.rows.length + (json.totals && Object.keys(json.totals).length > 0 ? 1 : 0));
      // the first column of each row is the JSON row's first field
      json.rows.forEach((r, i) => {
        const first = Object.values(r)[0];
        if (typeof first === 'string') expect(rows[i]![0]).toBe(first);
      });
    } finally {
      await p.close();
    }
  });
});
if (!chromium) console.log('reportPictures: no Chromium (apt-get install chromium): the browser tests are skipped');

const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((f) => fs.existsSync(f));
const pdftotext = fs.existsSync('/usr/bin/pdftotext');
describe.skipIf(!soffice || !pdftotext)('printed by LibreOffice', () => {
  it('receivables-turnover and plan-fact print one page wide: the last column is on the first page', () => {
    const out = tempDir();
    const files = ['plan-fact', 'receivables-turnover'].map((r) => {
      const file = path.join(out, `${r}.xlsx`);
      run(r, ...(r === 'plan-fact' ? ['--show', 'plan,fact,pct,deviation'] : ['--from', '2026-01', '--to', '2026-03']), '-o', file);
      return file;
    });
    const convert = spawnSync(soffice!, ['--headless', `-env:UserInstallation=file://${path.join(out, 'profile')}`, '--convert-to', 'pdf', '--outdir', out, ...files], { encoding: 'utf8', timeout: 120_000 });
    expect(convert.status).toBe(0);
    for (const [report, last] of [
      ['plan-fact', 'Year to date'],
      ['receivables-turnover', 'Overdue over'],
    ]) {
      const text = spawnSync('pdftotext', ['-layout', '-f', '1', '-l', '1', path.join(out, `${report}.pdf`), '-'], { encoding: 'utf8' }).stdout;
      expect(text).toContain(last);
      const info = spawnSync('pdfinfo', [path.join(out, `${report}.pdf`)], { encoding: 'utf8' }).stdout;
      expect(info).toMatch(/Page size:\s+841\.\d+ x 595\.\d+/); // A4 landscape
    }
  }, 180_000);
});
if (!soffice || !pdftotext) console.log('reportPictures: no LibreOffice or pdftotext: the print test is skipped');
