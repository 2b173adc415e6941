// Issue 14, a new user's second trial of the money side: each finding as a case that failed
// before its fix. Misuse and bad input: message fragment, exit code, database unchanged.
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayIso } from '../src/context.js';
import { accruals, commissionBalances } from '../src/reports/commissions.js';
import type { MoneyPayment, MoneyShipment } from '../src/db/moneyQueries.js';
import type { CommissionRule } from '../src/reports/money.js';
import { companyDb, copyDb, crm, dbFingerprint, query, writeFile } from './helpers.js';

// A small company, today 2026-04-01.
//   P1: price 100, cost 60; P2: price 0 in the price list опт from 2026-01-01. C1: manager M1. C2: price type опт.
//   S1 2026-01-10 (C1, two lines), delivered by D1 on 2026-01-12 and D2 on 2026-01-14; S2 2026-02-05 (C1).
const TODAY = '2026-04-01';
const FILES: [string, string][] = [
  ['managers', 'code,name\nM1,Менеджер Один\n'],
  ['groups', 'code,name,parent_code\nG1,Группа один,\n'],
  ['products', 'sku,name,group_code,price,cost\nP1,Товар один,G1,100,60\nP2,Товар два,G1,100,80\n'],
  ['clients', 'code,name,manager_code,deferral_days,price_type\nC1,Клиент один,M1,0,\nC2,Клиент два,M1,0,опт\n'],
  ['shipments', 'shipment_no,date,client_code,sku,qty,amount,cost\nS1,2026-01-10,C1,P1,10,1000,600\nS1,2026-01-10,C1,P2,1,100,80\nS2,2026-02-05,C1,P2,5,500,400\n'],
  ['deliveries', 'delivery_no,date,shipment_no,carrier,cost\nD1,2026-01-12,S1,ПЭК,30\nD2,2026-01-14,S1,СДЭК,10\n'],
  ['prices', 'sku,price_type,price,from_date\nP2,опт,0,2026-01-01\n'],
];

/** The real day: what a future --as-of may not move for a write. */
const REAL_TODAY = todayIso();
const FAR = '2099-01-01';

let template: string;
beforeAll(() => {
  template = companyDb(FILES, TODAY);
}, 120_000);

const INPUTS: Record<string, string> = {
  // 1. a shipment re-imported after its own delivery
  'later-than-delivery.csv': 'shipment_no,date,client_code,sku,qty,amount,cost\nS1,2026-01-13,C1,P1,10,1000,600\nS1,2026-01-13,C1,P2,1,100,80\n',
  'after-both-deliveries.csv': 'shipment_no,date,client_code,sku,qty,amount,cost\nS1,2026-01-20,C1,P1,10,1000,600\nS1,2026-01-20,C1,P2,1,100,80\n',
  // 2. a future --as-of does not make a future day today for a write
  'delivery-far.csv': 'delivery_no,date,shipment_no,carrier,cost\nD9,2090-01-01,S1,ПЭК,30\n',
  'payout-far.csv': 'payment_no,date,manager_code,amount\nCP9,2090-01-01,M1,100\n',
  'originals-far.csv': 'shipment_no,date,client_code,sku,qty,amount,originals_date\nS9,2026-03-10,C1,P1,1,100,2090-01-01\n',
};

describe('trial findings: misuse refused, nothing written', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    ({ dir, db } = copyDb(template));
    for (const [name, text] of Object.entries(INPUTS)) writeFile(dir, name, text);
  });

  it.each([
    // 1. the shipment hook knows the deliveries, as it knows the claims
    [TODAY, ['import', 'shipments', 'later-than-delivery.csv'], 2, 'column date "2026-01-13": delivery D1 of 2026-01-12 carries this shipment: expected a date on or before it'],
    [TODAY, ['import', 'shipments', 'after-both-deliveries.csv'], 2, 'delivery D1 of 2026-01-12 (and 1 other delivery) carries this shipment'],
    // 2. writes judge "after today" by the real day, whatever --as-of says
    [FAR, ['import', 'deliveries', 'delivery-far.csv'], 2, `after today (${REAL_TODAY}): record the delivery when it is made`],
    [FAR, ['import', 'commission-payments', 'payout-far.csv'], 2, `after today (${REAL_TODAY}): record the payment when it is made`],
    [FAR, ['import', 'shipments', 'originals-far.csv'], 2, `after today (${REAL_TODAY}): record the originals when they are back`],
    [FAR, ['shipments', 'originals', 'S1', '--date', '2090-01-01'], 2, `after today (${REAL_TODAY})`],
    [FAR, ['shipments', 'originals', 'S1'], 2, `--as-of ${FAR} is after today (${REAL_TODAY})`],
  ] as [string, string[], number, string][])('--as-of %s crm %j → exit %i, "%s"', (asOf, args, code, message) => {
    const before = dbFingerprint(db);
    const run = crm(['--db', db, '--as-of', asOf, ...args.map((a) => (a in INPUTS ? path.join(dir, a) : a))]);
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(code);
    expect(run.stderr).not.toContain('unexpected failure');
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('1. a shipment and its deliveries stay in order', () => {
  it('a re-import on the day of its first delivery is fine; the deliveries export re-imports', () => {
    const { dir, db } = copyDb(template);
    const same = writeFile(dir, 'same.csv', 'shipment_no,date,client_code,sku,qty,amount,cost\nS1,2026-01-12,C1,P1,10,1000,600\nS1,2026-01-12,C1,P2,1,100,80\n');
    expect(crm(['--db', db, '--as-of', TODAY, 'import', 'shipments', same]).code).toBe(0);
    expect(crm(['--db', db, 'db', 'check']).code).toBe(0);
    const out = path.join(dir, 'deliveries.csv');
    expect(crm(['--db', db, 'export', 'deliveries', '-o', out]).code).toBe(0);
    const again = crm(['--db', db, '--as-of', TODAY, 'import', 'deliveries', out]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
  });

  it('a shipment dated after today is imported with a warning naming it; its delivery is refused until that day', () => {
    const { dir, db } = copyDb(template);
    const future = writeFile(dir, 'future.csv', 'shipment_no,date,client_code,sku,qty,amount\nS7,2026-04-05,C1,P1,1,100\nS7,2026-04-05,C1,P2,1,100\nS8,2026-03-30,C1,P1,1,100\n');
    const run = crm(['--db', db, '--as-of', TODAY, 'import', 'shipments', future]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: a shipment dated after today (2026-04-01): S7 (a typo? its deliveries and originals can be recorded only from that day)');
    expect(run.stderr).not.toContain('S8');
    expect(query(db, "SELECT shipment_no FROM shipments WHERE shipment_no = 'S7'")).toHaveLength(1);
    const before = dbFingerprint(db);
    const delivery = crm(['--db', db, '--as-of', TODAY, 'import', 'deliveries', writeFile(dir, 'd.csv', 'delivery_no,date,shipment_no,cost\nD7,2026-04-05,S7,30\n')]);
    expect(delivery.stderr).toContain('after today (2026-04-01)');
    expect(delivery.code).toBe(2);
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('3. commission rows add up as printed', () => {
  // S1 2026-01-10, 33.00 (3300 kopecks), manager M, revenue 3 %; PAY1 2026-01-20 and PAY2 2026-02-20 pay 16.50 each.
  // Each payment accrues 1650 × 3 % = 49.5 kopecks. Rounded on output only, February printed opening 0.50
  // (49.5), accrued 0.50 (49.5), closing 0.99 (99): 0.50 + 0.50 − 0 ≠ 0.99. Now each accrual is 50 kopecks.
  const shipments: MoneyShipment[] = [{ id: 1, shipmentNo: 'S1', date: '2026-01-10', client: 'C', manager: 'M', deferralDays: 0, amount: 3300, lines: [{ group: 'G', amount: 3300, cost: 2000 }] }];
  const payments: MoneyPayment[] = [
    { id: 1, client: 'C', date: '2026-01-20', amount: 1650 },
    { id: 2, client: 'C', date: '2026-02-20', amount: 1650 },
  ];
  const rules: CommissionRule[] = [{ manager: 'M', from: '2026-01-01', base: 'revenue', pct: 3, group: null }];

  it('by hand: two payments of 49.5 kopecks each accrue 50 kopecks each; February 50 + 50 − 0 = 100', () => {
    const list = accruals({ shipments, payments, rules, parentOf: new Map([['G', null]]) });
    expect(list.map((a) => [a.date, a.amount])).toEqual([['2026-01-20', 50], ['2026-02-20', 50]]);
    expect(commissionBalances(list, [], '2026-02-01', '2026-02-28')).toEqual([{ manager: 'M', opening: 50, accrued: 50, paid: 0, closing: 100 }]);
  });

  it('the lines of one settlement take the rounded whole: 3 lines of 1/3 kopeck each accrue 0 + 1 + 0 = 1 (not 0 + 0 + 0)', () => {
    // a shipment of three lines of 11 kopecks at 3 %: each line 0.33 kopecks, the settlement 0.99 → 1
    const three: MoneyShipment[] = [{ ...shipments[0]!, amount: 33, lines: [0, 1, 2].map(() => ({ group: 'G', amount: 11, cost: 5 })) }];
    const list = accruals({ shipments: three, payments: [{ id: 1, client: 'C', date: '2026-01-20', amount: 33 }], rules, parentOf: new Map([['G', null]]) });
    expect(list.map((a) => a.amount)).toEqual([0, 1, 0]);
  });

  it('property: every row is whole kopecks and opening + accrued − paid = closing, for any period', () => {
    const day = fc.integer({ min: 0, max: 80 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
    const money = fc.integer({ min: 1, max: 100_000 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ client: fc.constantFrom('A', 'B'), manager: fc.constantFrom('M1', 'M2'), date: day, lines: fc.array(fc.record({ group: fc.constantFrom('G', 'H'), amount: money, cost: money }), { minLength: 1, maxLength: 3 }) }), { maxLength: 8 }),
        fc.array(fc.record({ client: fc.constantFrom('A', 'B'), date: day, amount: money }), { maxLength: 8 }),
        fc.array(fc.record({ manager: fc.constantFrom('M1', 'M2'), date: day, amount: money }), { maxLength: 4 }),
        fc.array(fc.record({ manager: fc.constantFrom('M1', 'M2'), from: day, base: fc.constantFrom('revenue' as const, 'margin' as const), pct: fc.double({ min: 0, max: 20, noNaN: true }), group: fc.constantFrom(null, 'G') }), { maxLength: 4 }),
        day, day,
        (shipmentsIn, paymentsIn, payouts, rulesIn, a, b) => {
          const [from, to] = [a, b].sort() as [string, string];
          const ships: MoneyShipment[] = shipmentsIn.map((s, i) => ({ id: i + 1, shipmentNo: `S${i}`, deferralDays: 0, amount: s.lines.reduce((t, l) => t + l.amount, 0), ...s }));
          const pays: MoneyPayment[] = paymentsIn.map((p, i) => ({ id: i + 1, ...p }));
          const list = accruals({ shipments: ships, payments: pays, rules: rulesIn, parentOf: new Map([['G', null], ['H', null]]) });
          for (const x of list) expect(Number.isInteger(x.amount)).toBe(true);
          for (const r of commissionBalances(list, payouts, from, to)) {
            for (const v of [r.opening, r.accrued, r.paid, r.closing]) expect(Number.isInteger(v)).toBe(true);
            expect(r.opening + r.accrued - r.paid).toBe(r.closing);
          }
        },
      ),
    );
  });
});

describe('4. wording', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    ({ dir, db } = copyDb(template));
  });

  it('a price-list price of 0 in an offer says it came from the price list, not only "below its cost"', () => {
    const offer = writeFile(dir, 'zero.csv', 'sku;qty;price\nP2;2;\n');
    const run = crm(['--db', db, '--as-of', TODAY, 'offer', 'evaluate', offer, '--client', 'C2']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: row 2: P2: the price list опт gives a price of 0 (from 2026-01-01): the line is free');
    expect(run.stderr).toContain('below its cost');
  });

  it.each([
    ['a file without the header', 'sku-less.csv', 'артикул;цена\n1;2\n', 'nothing was evaluated'],
    ['an unknown SKU', 'unknown.csv', 'sku;qty\nNOPE;1\n', 'the offer unknown.csv has problems: nothing was evaluated'],
  ])('an offer evaluation never says "nothing was written": %s', (_what, name, text, message) => {
    const before = dbFingerprint(db);
    const run = crm(['--db', db, '--as-of', TODAY, 'offer', 'evaluate', writeFile(dir, name, text)]);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('nothing was written');
    expect(run.code).toBe(2);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('crm settings set nosuch 5 names the known settings', () => {
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'settings', 'set', 'nosuch', '5']);
    expect(run.stderr).toContain('unknown setting "nosuch": the known settings are money_rate_pct, illiquid_after_days (crm settings list)');
    expect(run.code).toBe(2);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('an originals problem of a three-line shipment is said once, not on every line', () => {
    const file = writeFile(dir, 'three.csv', 'shipment_no,date,client_code,sku,qty,amount,originals_date\nS9,2026-03-10,C1,P1,1,100,2026-03-01\nS9,2026-03-10,C1,P2,1,100,2026-03-01\nS9,2026-03-10,C1,P1,2,200,2026-03-01\n');
    const before = dbFingerprint(db);
    const run = crm(['--db', db, '--as-of', TODAY, 'import', 'shipments', file]);
    expect(run.stderr.split('before shipment S9 itself').length - 1).toBe(1);
    expect(run.stderr).toContain('row 2, column originals_date "2026-03-01": before shipment S9 itself (2026-03-10)');
    expect(run.code).toBe(2);
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('5. the money commands speak Russian with --lang ru', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    ({ dir, db } = copyDb(template));
  });

  it.each([
    ['offer', ['offer', 'evaluate', 'unknown.csv'], 'в предложении unknown.csv есть ошибки: ничего не рассчитано'],
    ['offer', ['offer', 'evaluate', 'unknown.csv', '--rate', '500'], '--rate 500: ожидается процент от 0 до 100'],
    ['shipments', ['shipments', 'originals', 'NOPE'], 'нет отгрузки с номером "NOPE"; ничего не записано'],
    ['shipments', ['shipments', 'originals', 'S1', '--date', '2026-01-09'], 'раньше самой отгрузки S1 (2026-01-10)'],
    ['shipments', ['shipments', 'list', '--originals', 'maybe'], 'ожидается out (не вернулись) или back (вернулись)'],
    ['settings', ['settings', 'set', 'nosuch', '5'], 'неизвестная настройка "nosuch": известные настройки: money_rate_pct, illiquid_after_days'],
    ['settings', ['settings', 'set', 'money_rate_pct', 'много'], 'ожидается процент от 0 до 100'],
    ['commissions', ['report', 'commissions', '--from', '2026-01', '--to', '2026-03', '--layout', 'wide'], 'в отчёте commissions нет столбцов по месяцам'],
    ['deliveries', ['report', 'deliveries', '--from', '2026-01', '--to', '2026-03', '--layout', 'wide'], 'в отчёте deliveries нет столбцов по месяцам'],
  ] as [string, string[], string][])('%s: crm --lang ru %j → exit 2, "%s"', (_command, args, message) => {
    writeFile(dir, 'unknown.csv', 'sku;qty\nNOPE;1\n');
    const before = dbFingerprint(db);
    const run = crm(['--db', db, '--lang', 'ru', '--as-of', TODAY, ...args.map((a) => (a === 'unknown.csv' ? path.join(dir, a) : a))]);
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(2);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('summaries and warnings too: a setting set, an offer warning, the notes of commissions and deliveries', () => {
    const set = crm(['--db', db, '--lang', 'ru', 'settings', 'set', 'money_rate_pct', '16']);
    expect(set.stderr).toMatch(/money_rate_pct = 16 \(операция \d+; crm undo \d+ отменит её\)/);
    const offer = crm(['--db', db, '--lang', 'ru', '--as-of', TODAY, 'offer', 'evaluate', writeFile(dir, 'low.csv', 'sku;qty;price\nP2;1;70\n')]);
    expect(offer.stderr).toContain('предупреждение: строка 2: P2 по цене 70,00 ниже себестоимости 80,00');
    const none = ['--from', '2020-01', '--to', '2020-02'];
    expect(crm(['--db', db, '--lang', 'ru', 'report', 'deliveries', ...none]).stderr).toContain('в периоде нет отгрузок с доставкой');
  });
});
