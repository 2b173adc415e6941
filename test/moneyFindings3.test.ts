// Issue 14, a third trial of the money side: each finding as a case that failed before its fix.
// Rounding of a deal's figures (whole kopecks, Σ of the rows), messages and help, price types
// in other letters, `crm settings reset`, and the Russian words of the money area.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateDeal, type CommissionRule } from '../src/reports/money.js';
import { splitByLargestRemainder } from '../src/util/split.js';
import { ENTITY_NAMES } from '../src/model/entities.js';
import { companyDb, copyDb, crm, dbFingerprint, demoCompany, query, tempDir, writeFile } from './helpers.js';

// A small company, today 2026-04-01.
//   P1: price 100, cost 60; P2: price 33.33, cost 20.01; P3 price 10, cost 7. C1: manager M1, deferral 0.
//   M1: revenue 3 % (general). C2: price type Опт (P1 at 90). S1 2026-03-01 (C1), delivered by D1 (ПЭК, 15) and D2 (no carrier, 5).
const TODAY = '2026-04-01';
const FILES: [string, string][] = [
  ['managers', 'code,name\nM1,Менеджер Один\n'],
  ['groups', 'code,name,parent_code\nG1,Группа один,\n'],
  ['products', 'sku,name,group_code,price,cost\nP1,Товар один,G1,100,60\nP2,Товар два,G1,33.33,20.01\nP3,Товар три,G1,10,7\n'],
  ['clients', 'code,name,manager_code,deferral_days,price_type\nC1,Клиент один,M1,0,\nC2,Клиент два,M1,0,Опт\n'],
  ['commission-rules', 'manager_code,from_date,base,pct,group_code\nM1,2026-01-01,revenue,3,\n'],
  ['prices', 'sku,price_type,price,from_date\nP1,Опт,90,2026-01-01\n'],
  ['shipments', 'shipment_no,date,client_code,sku,qty,amount,cost\nS1,2026-03-01,C1,P1,2,200,120\n'],
  ['deliveries', 'delivery_no,date,shipment_no,carrier,cost\nD1,2026-03-02,S1,ПЭК,15\nD2,2026-03-03,S1,,5\n'],
];

let template: string;
beforeAll(() => {
  template = companyDb(FILES, TODAY);
}, 120_000);

/** A money cell of a CSV ("1234.56") in kopecks, exactly. */
const kop = (cell: string): number => {
  const m = /^(-?)(\d+)\.(\d\d)$/.exec(cell);
  if (!m) throw new Error(`not money: ${cell}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};

function csvRows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\n');
  const keys = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
}

const FIGURES = ['revenue', 'cost', 'margin', 'delivery_cost', 'commission', 'cost_of_money', 'expected_claims', 'net_margin'];

describe('1. a deal in whole kopecks', () => {
  it('splitByLargestRemainder: the parts add up to the whole, each within a kopeck of its share', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.array(fc.integer({ min: -1_000_000, max: 100_000_000 }), { minLength: 1, maxLength: 12 }), (whole, weights) => {
        const parts = splitByLargestRemainder(whole, weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((s, p) => s + p, 0)).toBe(whole);
        const sum = weights.reduce((s, w) => s + w, 0);
        parts.forEach((p, i) => {
          expect(Number.isInteger(p)).toBe(true);
          const share = sum === 0 ? whole / weights.length : (whole * weights[i]!) / sum;
          expect(Math.abs(p - share)).toBeLessThan(1 + 1e-6);
        });
      }),
    );
    expect(splitByLargestRemainder(100_000, [1, 1, 1])).toEqual([33_334, 33_333, 33_333]);
    expect(splitByLargestRemainder(100, [0, 0])).toEqual([50, 50]);
    expect(splitByLargestRemainder(5, [])).toEqual([]);
    expect(splitByLargestRemainder(10, [1.5, 1.5, 3])).toEqual([3, 2, 5]);
  });

  it('evaluateDeal: every figure whole kopecks, net = its parts exactly, the total = Σ lines', () => {
    const line = fc.record({ qty: fc.integer({ min: 1, max: 4000 }).map((q) => q / 4), price: fc.integer({ min: 0, max: 1_000_000 }), cost: fc.integer({ min: 0, max: 1_000_000 }), group: fc.constantFrom('G', 'H') });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 8 }),
        fc.record({ delivery: fc.integer({ min: 0, max: 10_000_000 }), otherCosts: fc.integer({ min: 0, max: 1_000_000 }), ratePct: fc.double({ min: 0, max: 40, noNaN: true }), days: fc.integer({ min: -30, max: 120 }), delay: fc.double({ min: -10, max: 60, noNaN: true }), claims: fc.double({ min: 0, max: 0.2, noNaN: true }), pct: fc.double({ min: 0, max: 20, noNaN: true }) }),
        (lines, t) => {
          const rule = (group: string): CommissionRule => ({ manager: 'M', from: '2020-01-01', base: group === 'G' ? 'revenue' : 'margin', pct: t.pct, group: null });
          const { lines: figures, total } = evaluateDeal(lines.map((l, i) => ({ sku: `S${i}`, ...l })), {
            rule, deferralDays: t.days, paymentDelayDays: t.delay, ratePct: t.ratePct, claimsRatio: t.claims, delivery: t.delivery, otherCosts: t.otherCosts,
          });
          for (const f of [...figures, total]) {
            for (const v of Object.values(f)) expect(Number.isInteger(v)).toBe(true);
            expect(f.margin).toBe(f.revenue - f.cost);
            expect(f.netMargin).toBe(f.revenue - f.cost - f.delivery - f.otherCosts - f.commission - f.costOfMoney - f.expectedClaims);
          }
          for (const k of Object.keys(total) as (keyof typeof total)[]) expect(total[k]).toBe(figures.reduce((s, f) => s + f[k], 0));
          expect(total.delivery).toBe(t.delivery);
          expect(total.otherCosts).toBe(t.otherCosts);
        },
      ),
    );
  });

  it('by hand: fractional kopecks of every component are rounded before the net margin is taken', () => {
    // P2 3 × 33.33 = 99.99, cost 60.03, margin 39.96; P3 1.5 × 10 = 15.00, cost 10.50, margin 4.50
    // delivery 10.00 by revenue: 99.99 / 114.99 × 10 = 8.6955… → 8.70, 15 / 114.99 × 10 = 1.3044… → 1.30
    // commission 3 %: 2.9997 → 3.00, 0.45; cost of money 36.5 % × 10 days / 365 = 1 %: 0.9999 → 1.00, 0.15
    // net: 39.96 − 8.70 − 3.00 − 1.00 = 27.26; 4.50 − 1.30 − 0.45 − 0.15 = 2.60; total 29.86
    const rule: CommissionRule = { manager: 'M1', from: '2026-01-01', base: 'revenue', pct: 3, group: null };
    const { lines, total } = evaluateDeal(
      [
        { sku: 'P2', group: 'G1', qty: 3, price: 3333, cost: 2001 },
        { sku: 'P3', group: 'G1', qty: 1.5, price: 1000, cost: 700 },
      ],
      { rule: () => rule, deferralDays: 10, paymentDelayDays: 0, ratePct: 36.5, claimsRatio: 0, delivery: 1000, otherCosts: 0 },
    );
    expect(lines.map((f) => [f.revenue, f.cost, f.margin, f.delivery, f.commission, f.costOfMoney, f.netMargin])).toEqual([
      [9999, 6003, 3996, 870, 300, 100, 2726],
      [1500, 1050, 450, 130, 45, 15, 260],
    ]);
    expect(total).toMatchObject({ revenue: 11499, commission: 345, costOfMoney: 115, delivery: 1000, netMargin: 2986 });
  });

  it('crm offer evaluate spreads a delivery of 1 000 over three equal lines as 333.34 + 333.33 + 333.33', () => {
    const { dir, db } = copyDb(template);
    const file = writeFile(dir, 'o.csv', 'sku,qty,price\nP1,1,100\nP1,1,100\nP1,1,100\n');
    const run = crm(['--db', db, '--as-of', TODAY, 'offer', 'evaluate', file, '--client', 'C1', '--delivery', '1000', '--format', 'csv']);
    expect(run.code).toBe(0);
    const rows = csvRows(run.stdout);
    expect(rows.map((r) => r.delivery_cost)).toEqual(['333.34', '333.33', '333.33', '1000.00']);
  });

  describe('the demo company (money_rate_pct 16)', () => {
    let demo: string;
    beforeAll(() => {
      demo = demoCompany({ money_rate_pct: '16' });
    }, 240_000);

    it('order-profitability: each printed row adds up to its net margin, the totals line is Σ of the printed rows', () => {
      const run = crm(['--db', demo, '--as-of', '2026-11-27', 'report', 'order-profitability', '--from', '2026-01', '--format', 'csv']);
      expect(run.code).toBe(0);
      const rows = csvRows(run.stdout);
      const total = rows.pop()!;
      expect(total.order_no).toBe('total');
      expect(rows.length).toBeGreaterThan(100);
      for (const r of rows) {
        const v = Object.fromEntries(FIGURES.map((k) => [k, kop(r[k]!)]));
        expect(v.margin, r.order_no).toBe(v.revenue! - v.cost!);
        expect(v.net_margin, r.order_no).toBe(v.revenue! - v.cost! - v.delivery_cost! - v.commission! - v.cost_of_money! - v.expected_claims!);
      }
      for (const k of FIGURES) expect(kop(total[k]!), k).toBe(rows.reduce((s, r) => s + kop(r[k]!), 0));
    }, 60_000);

    it('offer evaluate of an order\'s own lines prints that order\'s row exactly', () => {
      const orders = query<{ order_no: string; date: string }>(
        demo,
        `SELECT o.order_no, o.date FROM sales_orders o WHERE o.status <> 'refused' AND o.date >= '2026-06-01'
         ORDER BY (SELECT COUNT(*) FROM deliveries d JOIN shipments s ON s.id = d.shipment_id WHERE s.order_id = o.id) DESC, o.order_no`,
      );
      const picks = [...orders.slice(0, 4), ...fc.sample(fc.constantFrom(...orders.slice(4)), { numRuns: 4, seed: 3 })];
      const dir = tempDir();
      for (const o of picks) {
        const report = crm(['--db', demo, '--as-of', '2026-11-27', 'report', 'order-profitability', '--from', o.date, '--to', o.date, '--format', 'csv']);
        const row = csvRows(report.stdout).find((r) => r.order_no === o.order_no)!;
        const lines = query<{ sku: string; qty: number; price: number }>(
          demo,
          'SELECT p.sku, l.qty, l.price FROM sales_order_lines l JOIN products p ON p.id = l.product_id JOIN sales_orders o ON o.id = l.order_id WHERE o.order_no = ? ORDER BY l.id',
          o.order_no,
        );
        const file = writeFile(dir, `${o.order_no}.csv`, `sku,qty,price\n${lines.map((l) => `${l.sku},${l.qty},${(l.price / 100).toFixed(2)}`).join('\n')}\n`);
        const offer = crm([
          '--db', demo, '--as-of', o.date, 'offer', 'evaluate', file, '--client', row.client!, '--manager', row.manager!, '--deferral-days', row.deferral_days!,
          '--delivery', row.delivery_cost!, '--format', 'csv',
        ]);
        expect(offer.code, offer.stderr).toBe(0);
        const total = csvRows(offer.stdout).find((r) => r.row === 'total')!;
        for (const k of FIGURES) expect(total[k], `${o.order_no} ${k}`).toBe(row[k]);
      }
    }, 120_000);
  });
});

describe('2. messages and help', () => {
  let dir: string;
  let db: string;
  const OFFER = 'o.csv';
  beforeAll(() => {
    ({ dir, db } = copyDb(template));
    writeFile(dir, OFFER, 'sku,qty,price\nP1,1,100\n');
    writeFile(dir, 'rule-base.csv', 'manager_code,from_date,base,pct\nM1,2026-02-01,bonus,3\n');
  });
  const at = (a: string) => (a === OFFER || a.startsWith('out.') || a.endsWith('.csv') ? path.join(dir, a) : a);

  it.each([
    // --json is named as typed, not as the --format json it stands for
    [['report', 'order-profitability', '--json', '-o', 'out.xlsx'], '--json and -o '],
    [['offer', 'evaluate', OFFER, '--json', '-o', 'out.xlsx'], '--json and -o '],
    [['shipments', 'list', '--json', '-o', 'out.xlsx'], '--json and -o '],
    [['shipments', 'list', '--json', '--format', 'csv'], '--json and --format csv contradict each other'],
    // the offer file is not "the file being imported"
    [['offer', 'evaluate', OFFER, '-o', OFFER], 'that is the offer file being evaluated: the output would overwrite it'],
    // the words a choice column takes, in the message
    [['import', 'commission-rules', 'rule-base.csv'], 'expected one of: revenue, margin; also accepted: выручка, оборот, продажи, сумма (revenue); маржа, валоваяприбыль, доход, наценка (margin)'],
    // the day came from --as-of: named so
    [['--as-of', '2026-02-01', 'shipments', 'originals', 'S1'], '--as-of 2026-02-01 is before shipment S1 itself'],
  ] as [string[], string][])('crm %j → exit 2, "%s", nothing written', (args, message) => {
    const before = dbFingerprint(db);
    const offerBefore = fs.readFileSync(path.join(dir, OFFER), 'utf8');
    const run = crm(['--db', db, ...args.map(at)]);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('--format json');
    expect(run.stderr).not.toContain('being imported');
    expect(run.code).toBe(2);
    expect(dbFingerprint(db)).toBe(before);
    expect(fs.readFileSync(path.join(dir, OFFER), 'utf8')).toBe(offerBefore);
  });

  it('the --json clash says which option to leave out', () => {
    const run = crm(['--db', db, 'report', 'order-profitability', '--json', '-o', path.join(dir, 'out.xlsx')]);
    expect(run.stderr).toContain('json goes to a .json file; rename the file or leave out --json');
    const ru = crm(['--db', db, '--lang', 'ru', 'report', 'order-profitability', '--json', '-o', path.join(dir, 'out.xlsx')]);
    expect(ru.stderr).toContain('--json и -o');
    expect(ru.stderr).toContain('уберите --json');
  });

  it('crm help formats lists the values of a choice column and the words for each', () => {
    const run = crm(['help', 'formats']);
    expect(run.stdout).toContain('values: revenue (выручка, оборот, продажи, сумма); margin (маржа, валоваяприбыль, доход, наценка)');
    expect(crm(['--lang', 'ru', 'help', 'formats']).stdout).toContain('значения: revenue (выручка, оборот, продажи, сумма)');
  });

  it('the 1C export of deliveries calls the cost what it is, and imports back', () => {
    const out = path.join(dir, 'deliveries-1c.csv');
    expect(crm(['--db', db, 'export', 'deliveries', '--format', '1c', '-o', out]).code).toBe(0);
    const header = iconv.decode(fs.readFileSync(out), 'win1251').split(/\r?\n/)[0];
    expect(header).toContain('Стоимость доставки');
    expect(header).not.toContain('Себестоимость');
    const { db: other } = copyDb(template);
    const back = crm(['--db', other, 'import', 'deliveries', out]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('0 inserted, 0 updated, 2 unchanged');
  });

  it('crm import --help lists every entity crm imports, in both languages', () => {
    const en = crm(['import', '--help']).stdout.replace(/\s+/g, ' ');
    const ru = crm(['--lang', 'ru', 'import', '--help']).stdout.replace(/\s+/g, ' ');
    for (const name of ENTITY_NAMES) {
      expect(en, name).toMatch(new RegExp(`[ ,]${name}[,: ]`));
      expect(ru, name).toMatch(new RegExp(`[ ,]${name}[,: ]`));
    }
    expect(ru).toContain('что загружается');
  });

  it('crm offer evaluate --help names html (it writes it)', () => {
    expect(crm(['offer', 'evaluate', '--help']).stdout).toContain('table | csv | json | xlsx | html');
    expect(crm(['--lang', 'ru', 'offer', 'evaluate', '--help']).stdout).toContain('xlsx | html (по умолчанию');
    const out = path.join(dir, 'offer.html');
    expect(crm(['--db', db, '--as-of', TODAY, 'offer', 'evaluate', path.join(dir, OFFER), '-o', out]).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('<html');
  });
});

describe('3. price types in other letters; crm settings reset', () => {
  const offerCsv = (dir: string) => writeFile(dir, 'empty-price.csv', 'sku,qty,price\nP1,1,\n');
  const priceOf = (run: { stdout: string }) => csvRows(run.stdout)[0]!.price;

  it('a client\'s price type takes the price list spelled exactly so, else the one equal but for case; two such are refused', () => {
    const { dir, db } = copyDb(template);
    const file = offerCsv(dir);
    const offer = () => crm(['--db', db, '--as-of', TODAY, 'offer', 'evaluate', file, '--client', 'C2', '--format', 'csv']);
    expect(priceOf(offer())).toBe('90.00');
    // the card says "опт", the price list "Опт": the same list (before: the list price 100 and a warning)
    expect(crm(['--db', db, 'clients', 'edit', 'C2', '--price-type', 'опт']).code).toBe(0);
    const lower = offer();
    expect(priceOf(lower)).toBe('90.00');
    expect(lower.stderr).not.toContain('has no price of type');
    // a second list "ОПТ": "опт" is either, so it is refused; "ОПТ" is exactly one of them
    const prices = writeFile(dir, 'prices2.csv', 'sku,price_type,price,from_date\nP1,ОПТ,80,2026-01-01\n');
    expect(crm(['--db', db, '--as-of', TODAY, 'import', 'prices', prices]).code).toBe(0);
    const before = dbFingerprint(db);
    const ambiguous = offer();
    expect(ambiguous.stderr).toContain('client C2\'s price type "опт" matches the price types "ОПТ", "Опт", which differ only in case');
    expect(ambiguous.code).toBe(2);
    expect(dbFingerprint(db)).toBe(before);
    expect(crm(['--db', db, 'clients', 'edit', 'C2', '--price-type', 'ОПТ']).code).toBe(0);
    expect(priceOf(offer())).toBe('80.00');
    // a price in the file needs no price list: no refusal
    const given = writeFile(dir, 'given.csv', 'sku,qty,price\nP1,1,95\n');
    expect(crm(['--db', db, 'clients', 'edit', 'C2', '--price-type', 'опт']).code).toBe(0);
    expect(crm(['--db', db, '--as-of', TODAY, 'offer', 'evaluate', given, '--client', 'C2', '--format', 'csv']).code).toBe(0);
  });

  it('crm settings reset KEY: back to the default, one operation, undone by crm undo', () => {
    const { db } = copyDb(template);
    const stored = () => query<{ key: string; value: string }>(db, 'SELECT key, value FROM settings ORDER BY key');
    expect(crm(['--db', db, 'settings', 'set', 'money_rate_pct', '16']).code).toBe(0);
    const set = stored();
    const reset = crm(['--db', db, 'settings', 'reset', 'money_rate_pct']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stderr + reset.stdout).toContain('money_rate_pct = 0, its default (was 16)');
    expect(stored().find((r) => r.key === 'money_rate_pct')).toBeUndefined();
    expect(crm(['--db', db, 'settings', 'list']).stdout).toMatch(/money_rate_pct\s+0 \(default\)/);
    const op = query<{ id: number; command: string }>(db, 'SELECT id, command FROM operations ORDER BY id DESC LIMIT 1')[0]!;
    expect(op.command).toBe('settings reset money_rate_pct');
    // again: nothing to do, nothing written
    const before = dbFingerprint(db);
    const again = crm(['--db', db, 'settings', 'reset', 'money_rate_pct']);
    expect(again.code).toBe(0);
    expect(again.stderr + again.stdout).toContain('money_rate_pct is at its default (0) already');
    expect(dbFingerprint(db)).toBe(before);
    // undone: the value is back
    expect(crm(['--db', db, 'undo', String(op.id), '--yes']).code).toBe(0);
    expect(stored()).toEqual(set);
  });

  it.each([
    [['settings', 'reset', 'money_rate'], 'unknown setting "money_rate": the known settings are money_rate_pct, illiquid_after_days'],
    [['settings', 'reset'], "missing required argument 'key'"],
  ] as [string[], string][])('crm %j → exit 2, "%s", nothing written', (args, message) => {
    const { db } = copyDb(template);
    const before = dbFingerprint(db);
    const run = crm(['--db', db, ...args]);
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(2);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('crm settings --help names reset, in both languages', () => {
    expect(crm(['settings', '--help']).stdout).toContain('put a setting back to its default');
    expect(crm(['--lang', 'ru', 'settings', '--help']).stdout).toContain('вернуть настройке значение по умолчанию');
  });
});

describe('4. the money area in Russian (--lang ru)', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    ({ dir, db } = copyDb(template));
  });
  const ru = (...args: string[]) => crm(['--db', db, '--lang', 'ru', '--as-of', TODAY, ...args]);

  it('settings list describes each setting in Russian', () => {
    const run = ru('settings', 'list');
    expect(run.stdout).toContain('годовая стоимость денег в %');
    expect(run.stdout).toContain('дней без продаж');
    expect(run.stdout).not.toContain('yearly cost of money');
  });

  it('an offer\'s columns and summary are titled in Russian (the CSV keeps its keys)', () => {
    const file = writeFile(dir, 'o.csv', 'sku,qty,price\nP1,2,100\n');
    const table = ru('offer', 'evaluate', file, '--client', 'C1');
    expect(table.code).toBe(0);
    for (const words of ['Артикул', 'Чистая маржа', 'Маржа клиента, %', 'Отсрочка, дней', 'Задержка оплаты, дней']) expect(table.stdout).toContain(words);
    for (const key of ['net_margin', 'client_margin_pct', 'payment_delay_days']) expect(table.stdout).not.toContain(key);
    expect(ru('offer', 'evaluate', file, '--client', 'C1', '--format', 'csv').stdout.split('\n')[0]).toContain('net_margin');
  });

  it('products show prints the prices and their days as Russian writes them', () => {
    const run = ru('products', 'show', 'P1');
    expect(run.stdout).toContain('цены на 01.04.2026:');
    expect(run.stdout).toMatch(/Опт\s+90,00\s+с 01\.01\.2026/);
  });

  it('shipments show dates its deliveries as its own fields (02.03.2026), a delivery without a carrier in Russian', () => {
    const run = ru('shipments', 'show', 'S1');
    expect(run.stdout).toMatch(/D1\s+02\.03\.2026\s+ПЭК\s+15,00/);
    expect(run.stdout).toMatch(/D2\s+03\.03\.2026\s+\(перевозчик не указан\)/);
  });

  it('a delivery without a carrier is named in Russian in the deliveries report', () => {
    const run = ru('report', 'deliveries', '--by', 'carrier', '--from', '2026-01');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(перевозчик не указан)');
    expect(run.stdout).not.toContain('(no carrier)');
  });

  it('a file named .xlsx that is no workbook is said so in Russian', () => {
    const junk = writeFile(dir, 'junk.xlsx', 'sku,qty,price\nP1,1,1\n');
    const run = ru('offer', 'evaluate', junk);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('не книга .xlsx');
  });
});
