// Issue 15, tables and pictures: every misuse of --layout, --show, --format html and -o FILE.html
// is exit 2 with a message that says what to do, writes no file and leaves the database as it was.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { companyDb, crm, dbFingerprint, tempDir } from './helpers.js';

let db: string;
let dir: string;
beforeAll(() => {
  db = companyDb([
    ['groups', 'code,name\nG,Товары\n'],
    ['products', 'sku,name,group_code,price,cost\nP,Товар,G,100,60\n'],
    ['clients', 'code,name\nK,Клиент\n'],
    ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nS1,2026-01-10,K,P,1,100\n'],
    ['plan-sales', 'group_code,2026-01\nG,200\n'],
  ]);
  dir = tempDir();
  fs.mkdirSync(path.join(dir, 'folder.html'));
});

// `@` in an argument is the temp folder
const CASES: [name: string, args: string[], code: number, message: string][] = [
  ['an unknown layout', ['plan-fact', '--layout', 'sideways'], 2, '--layout sideways: expected months, long or tidy'],
  ['an unknown layout of a report without months', ['stock', '--layout', 'sideways'], 2, '--layout sideways: expected long or tidy'],
  ['the month layout of a report that has none', ['stock', '--layout', 'months'], 2, 'report stock has no month layout'],
  ['--show of a report without months', ['stock', '--show', 'fact'], 2, '--show'],
  ['--show with an unknown measure', ['plan-fact', '--show', 'plan,colour'], 2, '--show plan,colour: expected one or more of plan, fact, pct, deviation'],
  ['--show of sales with a plan-fact measure', ['sales', '--show', 'pct'], 2, 'expected one or more of amount, qty, margin, orders'],
  ['--show empty', ['plan-fact', '--show', ','], 2, 'expected one or more of plan, fact, pct, deviation'],
  ['--show with the long layout', ['plan-fact', '--show', 'plan', '--layout', 'long'], 2, '--show picks what a month shows in the month layout: not with --layout long'],
  ['--show with CSV (long by default)', ['sales', '--show', 'qty', '--format', 'csv'], 2, 'not with --format csv (add --layout months)'],
  ['the month layout in JSON', ['plan-fact', '--layout', 'months', '--format', 'json'], 2, 'JSON keeps one row per month'],
  ['tidy for an HTML page', ['sales', '--layout', 'tidy', '-o', '@/t.html'], 2, '--layout tidy is for csv and xlsx files (pivot tables), not html'],
  ['html to an xlsx file', ['sales', '--format', 'html', '-o', '@/s.xlsx'], 2, '--format html and -o @/s.xlsx disagree: html goes to a .html file'],
  ['xlsx to an html file', ['sales', '--format', 'xlsx', '-o', '@/s.html'], 2, 'disagree: xlsx goes to a .xlsx file'],
  ['a format no one knows', ['sales', '--format', 'svg'], 2, '--format svg: expected one of table, csv, json, xlsx, html'],
  ['an extension no one knows', ['sales', '-o', '@/s.pdf'], 2, 'cannot tell the format from the extension; use .csv, .json, .xlsx or .html'],
  ['a terminal table to a file', ['sales', '--format', 'table', '-o', '@/s.html'], 2, '--format table prints to the terminal'],
  ['an HTML page into a missing folder', ['sales', '-o', '@/nowhere/s.html'], 2, 'nowhere'],
  ['an HTML page onto a folder', ['sales', '-o', '@/folder.html'], 2, 'folder.html'],
];

describe('misuse of the tables and pictures of reports', () => {
  it.each(CASES)('%s: exit %i, says what to do, writes nothing', (_name, args, code, message) => {
    const before = dbFingerprint(db);
    const filesBefore = fs.readdirSync(dir).sort();
    const argv = args.map((a) => a.replace('@', dir));
    const run = crm(['--db', db, '--as-of', '2026-01-31', 'report', ...argv]);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message.replace('@', dir));
    expect(run.stderr).not.toMatch(/unexpected|at .*\.js:\d+/); // never a crash or a stack trace
    expect(run.stdout).toBe('');
    expect(fs.readdirSync(dir).sort()).toEqual(filesBefore);
    expect(dbFingerprint(db)).toBe(before);
  });
});
