// Issue 14, a new user's trial of the money side: each finding as a case that failed before its
// fix. Misuse and bad input: message fragment, exit code, database unchanged (dbFingerprint).
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { companyDb, copyDb, crm, dbFingerprint, ROOT, writeFile } from './helpers.js';

// A small company, today 2026-04-01.
//   P1: price 100, cost 60; P2: price 100, cost 80. C1: manager M1, deferral 0. C2: deferral 10, credit limit 500, price type опт.
//   C3: price type опт, card discount 10 %. Price list опт: P1 90 from 2026-01-01.
//   S1 2026-01-10 (C1), S2 2026-02-05 (C1).
const TODAY = '2026-04-01';
const FILES: [string, string][] = [
  ['managers', 'code,name\nM1,Менеджер Один\n'],
  ['groups', 'code,name,parent_code\nG1,Группа один,\n'],
  ['products', 'sku,name,group_code,price,cost\nP1,Товар один,G1,100,60\nP2,Товар два,G1,100,80\n'],
  ['clients', 'code,name,manager_code,deferral_days,credit_limit,price_type,discount_pct\nC1,Клиент один,M1,0,,,\nC2,Клиент два,M1,10,500,опт,\nC3,Клиент три,M1,0,,опт,10\n'],
  ['shipments', 'shipment_no,date,client_code,sku,qty,amount,cost\nS1,2026-01-10,C1,P1,10,1000,600\nS2,2026-02-05,C1,P2,5,500,400\n'],
  ['payments', 'payment_no,date,client_code,amount\nPAY1,2026-02-01,C1,1200\n'],
  ['prices', 'sku,price_type,price,from_date\nP1,опт,90,2026-01-01\n'],
];

let template: string;
beforeAll(() => {
  template = companyDb(FILES, TODAY);
}, 120_000);

/** The misuse cases: file name → its text (written next to the database). */
const INPUTS: Record<string, string> = {
  // 1. originals_date through the import: the rule of crm shipments originals
  'originals-before.csv': 'shipment_no,date,client_code,sku,qty,amount,originals_date\nS9,2026-03-10,C1,P1,1,100,2026-03-01\n',
  'originals-future.csv': 'shipment_no,date,client_code,sku,qty,amount,originals_date\nS9,2026-03-10,C1,P1,1,100,2026-04-02\n',
  // 3. implausible money records: refused when they cannot have happened
  'delivery-early.csv': 'delivery_no,date,shipment_no,carrier,cost\nD9,2026-01-09,S1,ПЭК,30\n',
  'delivery-future.csv': 'delivery_no,date,shipment_no,carrier,cost\nD9,2026-04-02,S1,ПЭК,30\n',
  'payout-future.csv': 'payment_no,date,manager_code,amount\nCP9,2026-04-02,M1,100\n',
};

describe('trial findings: misuse refused, nothing written', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    ({ dir, db } = copyDb(template));
    for (const [name, text] of Object.entries(INPUTS)) writeFile(dir, name, text);
  });

  it.each([
    [['import', 'shipments', 'originals-before.csv'], 2, 'before shipment S9 itself (2026-03-10)'],
    [['import', 'shipments', 'originals-future.csv'], 2, 'after today (2026-04-01)'],
    [['shipments', 'originals', 'S1', '--date', '2026-01-09'], 2, 'before shipment S1 itself (2026-01-10)'],
    [['import', 'deliveries', 'delivery-early.csv'], 2, 'before shipment S1 itself (2026-01-10): a delivery cannot be dated before the goods are shipped'],
    [['import', 'deliveries', 'delivery-future.csv'], 2, 'after today (2026-04-01): record the delivery when it is made'],
    [['import', 'commission-payments', 'payout-future.csv'], 2, 'after today (2026-04-01): record the payment when it is made'],
    // 4. smaller findings
    [['report', 'deliveries', '--from', '2026-01', '--to', '2026-03', '--layout', 'wide'], 2, '--layout wide: report deliveries has no month columns'],
    [['report', 'commissions', '--from', '2026-01', '--to', '2026-03', '--layout', 'wide'], 2, '--layout wide: report commissions has no month columns'],
    [['report', 'order-profitability', '--from', '2026-01', '--to', '2026-03', '--layout', 'wide'], 2, '--layout wide: report order-profitability has no month columns'],
    [['report', 'originals', '--date', '2026-03-31', '--layout', 'wide'], 2, '--layout wide: report originals has no month columns'],
    [['shipments', 'originals', 'S1', '--date', '31.02.2026'], 2, '--date 31.02.2026: the day does not exist (2026-02 has 28 days, not 31)'],
    [['report', 'originals', '--date', '31.02.2026'], 2, '--date 31.02.2026: the day does not exist (2026-02 has 28 days, not 31)'],
    [['report', 'deliveries', '--from', '2026-01', '--to', '2026-02-30'], 2, '--to 2026-02-30: the day does not exist'],
  ] as [string[], number, string][])('crm %j → exit %i, "%s"', (args, code, message) => {
    const before = dbFingerprint(db);
    const run = crm(['--db', db, '--as-of', TODAY, ...args.map((a) => (a in INPUTS ? path.join(dir, a) : a))]);
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(code);
    expect(run.stderr).not.toContain('unexpected failure');
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('the rules that need today hold in a file big enough for the parsing worker', () => {
  it('an originals date after today at the end of a 1.3 MB shipments file is refused, nothing written', () => {
    const { dir, db } = copyDb(template);
    const rows = Array.from({ length: 40_000 }, (_, i) => `BIG${i},2026-03-10,C1,P1,1,100,${i === 39_999 ? '2026-04-02' : ''}`);
    const file = writeFile(dir, 'big.csv', `shipment_no,date,client_code,sku,qty,amount,originals_date\n${rows.join('\n')}\n`);
    expect(fs.statSync(file).size).toBeGreaterThan(1_000_000);
    const before = dbFingerprint(db);
    const run = crm(['--db', db, '--as-of', TODAY, 'import', 'shipments', file]);
    expect(run.stderr).toContain('column originals_date "2026-04-02": after today (2026-04-01)');
    expect(run.code).toBe(2);
    expect(dbFingerprint(db)).toBe(before);
  }, 120_000);
});

describe('a price of 0: imported, with a warning naming it', () => {
  it('names the SKU, the price type and the day; a plausible price says nothing', () => {
    const { dir, db } = copyDb(template);
    const file = writeFile(dir, 'prices.csv', 'sku,price_type,price,from_date\nP2,опт,0,2026-03-01\nP1,опт,95,2026-03-01\n');
    const run = crm(['--db', db, '--as-of', TODAY, 'import', 'prices', file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: a price of 0: P2 опт from 2026-03-01');
    const fine = crm(['--db', db, '--as-of', TODAY, 'import', 'prices', writeFile(dir, 'fine.csv', 'sku,price_type,price,from_date\nP1,опт,96,2026-03-02\n')]);
    expect(fine.stderr).not.toContain('of 0');
  });
});

describe('smaller findings', () => {
  it('crm shipments originals says how to take it back, as the other writes do', () => {
    const { db } = copyDb(template);
    const run = crm(['--db', db, '--as-of', TODAY, 'shipments', 'originals', 'S1', '--date', '2026-02-01']);
    expect(run.code).toBe(0);
    expect(run.stderr + run.stdout).toMatch(/operation (\d+); crm undo \1 takes it back/);
  });

  it('settings list --json gives a number setting as a number', () => {
    const { db } = copyDb(template);
    expect(crm(['--db', db, 'settings', 'set', 'money_rate_pct', '16,5']).code).toBe(0);
    const settings = JSON.parse(crm(['--db', db, 'settings', 'list', '--json']).stdout).settings as { key: string; value: unknown }[];
    expect(settings.find((s) => s.key === 'money_rate_pct')?.value).toBe(16.5);
    expect(settings.find((s) => s.key === 'illiquid_after_days')?.value).toEqual(expect.any(Number));
  });

  it('percents have two decimals in every money report on the terminal (12.50 %, not 12.5 %)', () => {
    const { dir, db } = copyDb(template);
    const offer = writeFile(dir, 'offer.csv', 'sku;qty;price\nP1;3;100\nP2;1;90\n');
    const outputs = [
      crm(['--db', db, '--as-of', TODAY, 'report', 'order-profitability', '--from', '2026-01', '--to', '2026-03']),
      crm(['--db', db, '--as-of', TODAY, 'report', 'deliveries', '--from', '2026-01', '--to', '2026-03']),
      crm(['--db', db, '--as-of', TODAY, 'offer', 'evaluate', offer, '--client', 'C1']),
    ];
    for (const run of outputs) expect(run.code).toBe(0);
    const percents = outputs.flatMap((run) => run.stdout.match(/-?[\d ]*\d(?:\.\d+)? %/g) ?? []);
    expect(percents.length).toBeGreaterThan(3);
    for (const p of percents) expect(p).toMatch(/\.\d\d %$/);
  });
});

describe('offer files: SKUs in any case; an unpriced line gets the card discount', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    ({ dir, db } = copyDb(template));
  });
  const evaluate = (name: string, text: string, ...args: string[]) => {
    const run = crm(['--db', db, '--as-of', TODAY, 'offer', 'evaluate', writeFile(dir, name, text), '--json', ...args]);
    return { ...run, json: run.code === 0 ? (JSON.parse(run.stdout) as { rows: Record<string, unknown>[]; totals: Record<string, unknown>; params: Record<string, unknown>; warnings: string[] }) : undefined };
  };

  it('p1 is P1 (1C exports vary in case): the same evaluation', () => {
    const upper = evaluate('upper.csv', 'sku;qty;price\nP1;5;100\nP2;1;90\n', '--client', 'C1');
    const lower = evaluate('lower.csv', 'sku;qty;price\np1;5;100\np2;1;90\n', '--client', 'C1');
    expect(lower.stderr).not.toContain('unknown');
    expect(lower.code).toBe(0);
    expect(lower.json!.rows.map((r) => r.sku)).toEqual(['P1', 'P2']);
    expect(lower.json!.totals).toEqual(upper.json!.totals);
  });

  it('two SKUs equal but for case: the exact one is taken; another spelling is refused naming both', () => {
    const { dir: own, db: twins } = copyDb(template);
    expect(crm(['--db', twins, 'import', 'products', writeFile(own, 'p.csv', 'sku,name,group_code,price,cost\nAb1,Двойник один,G1,10,5\naB1,Двойник два,G1,20,5\n')]).code).toBe(0);
    const exact = crm(['--db', twins, '--as-of', TODAY, 'offer', 'evaluate', writeFile(own, 'exact.csv', 'sku;qty;price\naB1;1;30\n'), '--json']);
    expect(JSON.parse(exact.stdout).rows[0].sku).toBe('aB1');
    const before = dbFingerprint(twins);
    const vague = crm(['--db', twins, '--as-of', TODAY, 'offer', 'evaluate', writeFile(own, 'vague.csv', 'sku;qty;price\nab1;1;30\n')]);
    expect(vague.stderr).toContain('matches the SKUs Ab1, aB1 but for case: write the SKU exactly');
    expect(vague.code).toBe(2);
    expect(dbFingerprint(twins)).toBe(before);
  });

  it("C3's card discount of 10 % comes off the price list (опт P1 90 → 81) and the list price (P2 100 → 90); a given price stays", () => {
    const run = evaluate('c3.csv', 'sku;qty;price\nP1;2;\nP2;1;\nP1;1;95\n', '--client', 'C3');
    expect(run.code).toBe(0);
    expect(run.json!.rows.map((r) => r.price)).toEqual([81, 90, 95]);
    expect(run.json!.params.card_discount_pct).toBe(10);
    expect(run.json!.warnings.join('\n')).toContain("P2 has no price of type опт at the day: the product's list price 100.00 is taken, less the card's discount 10 %");
  });
});

describe('the demo passes its own rules', () => {
  it('no originals_date in the demo shipments is after the last day of its history (2026-11-25)', () => {
    const text = iconv.decode(fs.readFileSync(path.join(ROOT, 'fixtures', 'shipments-1c.csv')), 'cp1251');
    const late = text
      .split('\n')
      .slice(1)
      .map((line) => line.split(';')[8]?.trim() ?? '')
      .filter((d) => d !== '')
      .map((d) => d.split('.').reverse().join('-'))
      .filter((d) => d > '2026-11-25');
    expect(late).toEqual([]);
  });
});

describe('offer evaluate -o: the terms and warnings go into the file, and the file is an offer again', () => {
  // C2: card deferral 10, credit limit 500. P2 at 70 is below its cost 80; 30 days are beyond the card;
  // 5 × 100 + 2 × 70 = 640 > 500 (nothing owed): the three warnings.
  const OFFER = 'Артикул;Количество;Цена\nP1;5;100\nP2;2;70\n';
  const ARGS = ['--client', 'C2', '--deferral-days', '30', '--rate', '12'];
  let dir: string;
  let db: string;
  let offer: string;
  const evaluate = (file: string, ...more: string[]) => crm(['--db', db, '--as-of', TODAY, 'offer', 'evaluate', file, ...ARGS, ...more]);
  beforeAll(() => {
    ({ dir, db } = copyDb(template));
    offer = writeFile(dir, 'offer.csv', OFFER);
  });
  const WARNINGS = ['P2 priced 70.00 below its cost 80.00', 'deferral 30 days is beyond client C2', 'credit limit of client C2 exceeded'];

  it.each(['xlsx', 'csv'])('%s: terms (client, day, rate, deferral) and warnings are in the file; evaluating it again gives the same totals', async (ext) => {
    const direct = evaluate(offer, '--json');
    expect(direct.code).toBe(0);
    const out = path.join(dir, `evaluated.${ext}`);
    const before = dbFingerprint(db);
    expect(evaluate(offer, '-o', out).code).toBe(0);
    let terms: string[][];
    if (ext === 'xlsx') {
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const sheet = wb.getWorksheet('terms');
      expect(sheet).toBeDefined();
      terms = [];
      sheet!.eachRow((r) => terms.push((r.values as unknown[]).slice(1).map(String)));
    } else {
      terms = fs.readFileSync(out, 'utf8').split('\n').map((line) => line.split(/,(.*)/s).slice(0, 2));
    }
    const term = (key: string) => terms.find((t) => t[0] === key)?.[1];
    expect([term('client'), term('as_of'), term('deferral_days'), term('money_rate_pct')]).toEqual(['C2', TODAY, '30', '12']);
    const warned = terms.filter((t) => t[0] === 'warning').map((t) => t[1]).join('\n');
    for (const w of WARNINGS) expect(warned).toContain(w);
    const again = evaluate(out, '--json');
    expect(again.stderr).not.toContain('problem');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).totals).toEqual(JSON.parse(direct.stdout).totals);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('json: the terms are the params, the warnings a list', () => {
    const run = evaluate(offer, '--json');
    const json = JSON.parse(run.stdout) as { params: Record<string, unknown>; warnings: string[] };
    expect([json.params.client, json.params.as_of, json.params.deferral_days, json.params.money_rate_pct]).toEqual(['C2', TODAY, 30, 12]);
    for (const w of WARNINGS) expect(json.warnings.join('\n')).toContain(w);
  });
});
