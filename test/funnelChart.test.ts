// SPEC §10: the funnel as a picture — the HTML page of `crm report funnel` draws a bar per
// open stage, channel by channel in position order, the deals that reached it beside those in
// it now; the same numbers as the report's table. And empty data draws "no data", not a crash.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderChartSvg } from '../src/io/render/svg.js';
import { column } from '../src/io/table.js';
import { chartOf } from '../src/reports/charts.js';
import { REPORTS } from '../src/reports/definitions.js';
import { companyDb, crm, tempDir } from './helpers.js';

const COMPANY: [string, string][] = [
  ['managers', 'code,name\nM1,Анна\n'],
  ['clients', 'code,name,manager_code\nX,Икс,M1\nY,Игрек,M1\n'],
  ['stages', 'channel,stage,position,outcome\ndirect,lead,1,open\ndirect,offer,2,open\ndirect,won,,won\ndealers,ask,1,open\ndealers,deal,,won\n'],
  // direct: D1 lead → offer → won, D2 lead → offer (there at --to), D3 in lead; dealers: E1 in ask
  ['deals', 'deal_no,date,client_code,channel,manager_code,amount\nD1,2026-01-01,X,direct,M1,100\nD2,2026-01-05,Y,direct,M1,200\nD3,2026-02-01,X,direct,M1,300\nE1,2026-02-01,Y,dealers,M1,50\n'],
  ['deal-stages', 'deal_no,date,stage,reason\nD1,2026-01-10,offer,\nD1,2026-01-20,won,\nD2,2026-01-15,offer,\n'],
];
// reached: direct/lead 3, direct/offer 2 (D1 won reached every open stage), dealers/ask 1
// current: direct/lead 1 (D3), direct/offer 1 (D2), dealers/ask 1 (E1)

const bars = (html: string, series: string) =>
  [...html.matchAll(/<rect class="bar" data-series="([^"]+)" data-category="([^"]+)" data-value="([^"]+)"/g)].filter((m) => m[1] === series).map((m) => [m[2], Number(m[3])]);

describe('the funnel chart', () => {
  let db: string;
  let dir: string;
  beforeAll(() => {
    db = companyDb(COMPANY);
    dir = tempDir();
  });

  it('the funnel report declares a chart', () => {
    expect(REPORTS.find((r) => r.name === 'funnel')?.chart?.kind).toBe('funnel');
  });

  it('a bar per open stage, channel by channel in position order: reached beside current, as in the table', () => {
    const file = path.join(dir, 'funnel.html');
    const run = crm(['--db', db, '--as-of', '2026-03-31', 'report', 'funnel', '-o', file]);
    expect(run.code, run.stderr).toBe(0);
    const html = fs.readFileSync(file, 'utf8');
    const json = JSON.parse(crm(['--db', db, '--as-of', '2026-03-31', 'report', 'funnel', '--json']).stdout);
    const table = (json.rows as { channel: string; stage: string; reached: number; current: number }[]).map((r) => [`${r.channel}/${r.stage}`, r.reached]);
    expect(bars(html, 'reached')).toEqual(table);
    expect(bars(html, 'reached').sort()).toEqual([['dealers/ask', 1], ['direct/lead', 3], ['direct/offer', 2]]);
    expect(bars(html, 'current').sort()).toEqual([['dealers/ask', 1], ['direct/lead', 1], ['direct/offer', 1]]);
    expect(html).toContain('Deals reaching each stage, and in it now');
    expect(html).toContain('direct: lead');
  });

  it('in Russian: the title and series in Russian words', () => {
    const file = path.join(dir, 'funnel-ru.html');
    expect(crm(['--db', db, '--as-of', '2026-03-31', '--lang', 'ru', 'report', 'funnel', '-o', file]).code).toBe(0);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain('Сделки, дошедшие до этапа, и сейчас на нём');
    expect(html).toContain('Дошли');
  });

  it('one channel: the stages without the channel; no rows: the "no data" picture', () => {
    const spec = { kind: 'funnel', title: 'F' } as const;
    const columns = [column('channel'), column('stage'), column('reached', 'int'), column('current', 'int')];
    const one = chartOf(spec, { name: 'funnel', columns, rows: [{ channel: 'direct', stage: 'lead', reached: 4, current: 1 }, { channel: 'direct', stage: 'offer', reached: 2, current: 2 }] })!;
    expect(one.categories).toEqual(['lead', 'offer']);
    expect(one.bars.map((b) => b.values)).toEqual([[4, 2], [1, 2]]);
    const empty = renderChartSvg(chartOf(spec, { name: 'funnel', columns, rows: [] })!);
    expect(empty).toContain('No data for this period');
  });
});
