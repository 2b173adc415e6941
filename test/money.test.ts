// Issue 14 / SPEC §9, the money side of a deal: commissions accrued on payment, deliveries,
// originals, order and offer profitability, checked against calculations done on paper; the
// properties that tie them together; every misuse refused with nothing written; every write undone.
import { createHash } from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runOfferEvaluate, runSettingsSet, runShipmentOriginals } from '../src/commands/money.js';
import { runDelete } from '../src/commands/delete.js';
import { runImport } from '../src/commands/import.js';
import { runReport } from '../src/commands/report.js';
import { runUndo } from '../src/commands/undo.js';
import { accruals, commissionBalances, type Accrual } from '../src/reports/commissions.js';
import { evaluateDeal, settle, type CommissionRule } from '../src/reports/money.js';
import type { MoneyPayment, MoneyShipment } from '../src/db/moneyQueries.js';
import { companyDb, copyDb, crm, dbFingerprint, demoCompany, lastOperation, openReader, query, ROOT, tempDir, testCtx, writeFile } from './helpers.js';

// The small company of the paper calculations.
//   G1 ⊃ G11 (P1: price 100, cost 60), G2 (P2: price 100, cost 80). C1: manager M1, deferral 0.
//   C2: manager M1, prepays 10 days (deferral −10), credit limit 500, price type опт.
//   S1 2026-01-10: P1 10 × = 1000 (cost 600) + P2 5 × = 500 (cost 400): A = 1500
//   S2 2026-02-05: P1 5 × = 500 (cost 300), originals back 2026-02-20
//   S3 2026-03-01: P2 10 × = 1000 (cost 800)
//   PAY1 2026-02-01 1200, PAY2 2026-03-15 1000 (both C1)
//   M1's rules: general revenue 2 % from 2026-01-01, general margin 10 % from 2026-03-01,
//   G1 revenue 3 % from 2026-01-01 (P1 is in G11 under G1: the nearest group rule wins).
const FILES: [string, string][] = [
  ['managers', 'code,name\nM1,Менеджер Один\nM2,Менеджер Два\n'],
  ['groups', 'code,name,parent_code\nG1,Группа один,\nG11,Группа один-один,G1\nG2,Группа два,\n'],
  ['products', 'sku,name,group_code,price,cost\nP1,Товар один,G11,100,60\nP2,Товар два,G2,100,80\n'],
  ['clients', 'code,name,manager_code,deferral_days,credit_limit,price_type\nC1,Клиент один,M1,0,,\nC2,Клиент два,M1,-10,500,опт\n'],
  [
    'shipments',
    'shipment_no,date,client_code,sku,qty,amount,cost,originals_date\nS1,2026-01-10,C1,P1,10,1000,600,\nS1,2026-01-10,C1,P2,5,500,400,\n' +
      'S2,2026-02-05,C1,P1,5,500,300,2026-02-20\nS3,2026-03-01,C1,P2,10,1000,800,\n',
  ],
  ['payments', 'payment_no,date,client_code,amount\nPAY1,2026-02-01,C1,1200\nPAY2,2026-03-15,C1,1000\n'],
  ['commission-rules', 'manager_code,from_date,base,pct,group_code\nM1,2026-01-01,revenue,2,\nM1,2026-03-01,margin,10,\nM1,2026-01-01,revenue,3,G1\n'],
  ['commission-payments', 'payment_no,date,manager_code,amount\nCP1,2026-02-20,M1,20\n'],
  ['deliveries', 'delivery_no,date,shipment_no,carrier,cost\nD1,2026-01-10,S1,ПЭК,30\nD2,2026-01-11,S1,СДЭК,10\nD3,2026-02-05,S2,ПЭК,20\n'],
  ['prices', 'sku,price_type,price,from_date\nP1,опт,90,2026-01-01\nP1,опт,95,2026-05-01\n'],
];

let template: string;
beforeAll(() => {
  template = companyDb(FILES, '2026-04-01');
}, 120_000);

async function reportJson(db: string, name: string, raw: Record<string, unknown>, asOf = '2026-04-01') {
  const ctx = testCtx(db, { asOf });
  await runReport(name, { ...raw, json: true }, ctx);
  return JSON.parse(ctx.out()) as { rows: Record<string, unknown>[]; totals: Record<string, unknown>; params: Record<string, unknown> };
}

async function offerJson(db: string, file: string, opts: Record<string, string>, asOf = '2026-04-01') {
  const ctx = testCtx(db, { asOf });
  await runOfferEvaluate(file, { ...opts, json: true }, ctx);
  return { ...(JSON.parse(ctx.out()) as { rows: Record<string, unknown>[]; totals: Record<string, unknown>; warnings: string[] }), err: ctx.err() };
}

describe('commissions: accrual on payment, by hand', () => {
  // PAY1 (02-01) settles 1200 of S1 (A = 1500): P1 part 1200 × 1000/1500 = 800, P2 part 400.
  //   P1 (G11 → G1 rule, revenue 3 %): 800 × 3 % = 24.00; P2 (general rule on 02-01, revenue 2 %): 400 × 2 % = 8.00 → 32.00
  // PAY2 (03-15) settles the 300 left of S1, all 500 of S2, 200 of S3:
  //   S1: P1 200 × 3 % = 6.00; P2 100 × (100/500 margin) × 10 % (the general rule changed on 03-01) = 2.00
  //   S2: 500 × 3 % = 15.00;  S3: 200 × (200/1000) × 10 % = 4.00 → 27.00
  // CP1 pays 20.00 on 02-20.
  it('January–February: accrued 32, paid 20, closing 12', async () => {
    const { db } = copyDb(template);
    const r = await reportJson(db, 'commissions', { from: '2026-01', to: '2026-02' });
    expect(r.rows).toEqual([{ manager: 'M1', name: 'Менеджер Один', opening: 0, accrued: 32, paid: 20, closing: 12 }]);
  });

  it('March: opening 12 (32 − 20), accrued 27 under the changed rule, closing 39', async () => {
    const { db } = copyDb(template);
    const r = await reportJson(db, 'commissions', { from: '2026-03', to: '2026-03' });
    expect(r.rows).toEqual([{ manager: 'M1', name: 'Менеджер Один', opening: 12, accrued: 27, paid: 0, closing: 39 }]);
    expect(r.totals).toMatchObject({ opening: 12, accrued: 27, paid: 0, closing: 39 });
  });

  it('the whole quarter: accrued 59, paid 20, closing 39; M2 (no rule, no sale) is not listed', async () => {
    const { db } = copyDb(template);
    const r = await reportJson(db, 'commissions', { from: '2026-01', to: '2026-03' });
    expect(r.rows.map((x) => [x.manager, x.opening, x.accrued, x.paid, x.closing])).toEqual([['M1', 0, 59, 20, 39]]);
  });

  it('an advance settles a later shipment on that shipment\'s date, at the rule of that date', () => {
    // 1000 paid on 02-01 before anything is shipped; S on 03-10 (after the rule changed to margin 10 %)
    const shipments: MoneyShipment[] = [{ id: 1, shipmentNo: 'S', date: '2026-03-10', client: 'C', manager: 'M', deferralDays: 0, amount: 1000, lines: [{ group: 'G', amount: 1000, cost: 700 }] }];
    const payments: MoneyPayment[] = [{ id: 1, client: 'C', date: '2026-02-01', amount: 1000 }];
    expect(settle(shipments, payments)).toEqual([{ shipment: 1, payment: 1, date: '2026-03-10', amount: 1000 }]);
    const rules: CommissionRule[] = [
      { manager: 'M', from: '2026-01-01', base: 'revenue', pct: 2, group: null },
      { manager: 'M', from: '2026-03-01', base: 'margin', pct: 10, group: null },
    ];
    // 1000 × (300 / 1000) × 10 % = 30
    expect(accruals({ shipments, payments, rules, parentOf: new Map([['G', null]]) }).map((a) => a.amount)).toEqual([30]);
  });
});

describe('deliveries: two carriers, by hand', () => {
  // S1: revenue 1500, margin 500, deliveries ПЭК 30 + СДЭК 10 = 40 (shares 0.75 / 0.25); S2: revenue 500, margin 200, ПЭК 20.
  it('by carrier: a shipment two carriers delivered is split by what each was paid', async () => {
    const { db } = copyDb(template);
    const r = await reportJson(db, 'deliveries', { from: '2026-01', to: '2026-02', by: 'carrier' });
    // ПЭК: revenue 1125 + 500 = 1625, cost 50, margin 375 + 200 = 575 → after 525;  СДЭК: 375, 10, 125 → 115
    expect(r.rows.map((x) => [x.carrier, x.revenue, x.delivery_cost, x.margin, x.margin_after_delivery])).toEqual([
      ['ПЭК', 1625, 50, 575, 525],
      ['СДЭК', 375, 10, 125, 115],
    ]);
    expect(r.rows[0]!.cost_pct).toBeCloseTo((50 / 1625) * 100, 9);
    expect(r.totals).toMatchObject({ shipments: 2, deliveries: 3, revenue: 2000, delivery_cost: 60, cost_pct: 3, margin: 700, margin_after_delivery: 640, margin_after_delivery_pct: 32 });
  });

  it('by month and by client the same totals; S3 (no delivery) is not in it', async () => {
    const { db } = copyDb(template);
    const months = await reportJson(db, 'deliveries', { from: '2026-01', to: '2026-03', by: 'month' });
    expect(months.rows.map((x) => [x.month, x.revenue, x.delivery_cost])).toEqual([['2026-01', 1500, 40], ['2026-02', 500, 20]]);
    const clients = await reportJson(db, 'deliveries', { from: '2026-01', to: '2026-03' });
    expect(clients.rows.map((x) => [x.client, x.revenue, x.delivery_cost, x.cost_pct])).toEqual([['C1', 2000, 60, 3]]);
  });
});

describe('originals: the --days boundary, by hand', () => {
  it('a shipment exactly --days old is listed, one a day younger is not; originals back after --date still count as out', async () => {
    const { db } = copyDb(template);
    // --date 03-31 --days 30: shipped on or before 03-01 → S1 and S3 (S2 is back since 02-20)
    const at30 = await reportJson(db, 'originals', { date: '2026-03-31', days: '30' });
    expect(at30.rows.map((x) => [x.shipment_no, x.days_out, x.amount])).toEqual([['S1', 80, 1500], ['S3', 30, 1000]]);
    expect(at30.totals).toMatchObject({ shipments: 2, amount: 2500 });
    const at31 = await reportJson(db, 'originals', { date: '2026-03-31', days: '31' });
    expect(at31.rows.map((x) => x.shipment_no)).toEqual(['S1']);
    // on 02-15 S2's originals (back 02-20) were still out
    const early = await reportJson(db, 'originals', { date: '2026-02-15', days: '5' });
    expect(early.rows.map((x) => x.shipment_no)).toEqual(['S1', 'S2']);
    const byClient = await reportJson(db, 'originals', { date: '2026-03-31', by: 'client' });
    expect(byClient.rows).toEqual([{ client: 'C1', name: 'Клиент один', manager: 'M1', shipments: 2, amount: 2500, oldest: '2026-01-10', max_days_out: 80 }]);
  });

  it('crm shipments originals records the day, the report follows, and undo takes it back', async () => {
    const { db } = copyDb(template);
    const before = dataDump(db);
    await runShipmentOriginals('S3', { date: '2026-03-20' }, testCtx(db, { asOf: '2026-04-01' }));
    expect(query(db, "SELECT originals_date FROM shipments WHERE shipment_no = 'S3'")).toEqual([{ originals_date: '2026-03-20' }]);
    expect((await reportJson(db, 'originals', { date: '2026-03-31' })).rows.map((x) => x.shipment_no)).toEqual(['S1']);
    await runUndo(String(lastOperation(db)), {}, testCtx(db));
    expect(dataDump(db)).toEqual(before);
  });
});

describe('shipments list and show: instructions, originals, deliveries', () => {
  it('list --originals out, show with lines and deliveries', () => {
    const { dir, db } = copyDb(template);
    const file = writeFile(dir, 's.csv', 'shipment_no,date,client_code,sku,qty,amount,cost,instructions\nS3,2026-03-01,C1,P2,10,1000,800,До 12:00; пропуск на охране\n');
    expect(crm(['--db', db, 'import', 'shipments', file]).code).toBe(0);
    const list = crm(['--db', db, 'shipments', 'list', '--originals', 'out', '--json']);
    expect(JSON.parse(list.stdout).shipments.map((r: Record<string, unknown>) => [r.shipment_no, r.delivery_cost, r.originals_date, r.instructions])).toEqual([
      ['S1', 40, null, null],
      ['S3', 0, null, 'До 12:00; пропуск на охране'],
    ]);
    const show = JSON.parse(crm(['--db', db, 'shipments', 'show', 'S1', '--json']).stdout);
    expect(show).toMatchObject({ shipment_no: 'S1', amount: 1500, cost: 1000, delivery_cost: 40, client_code: 'C1', manager_code: 'M1' });
    expect(show.lines.map((l: Record<string, unknown>) => [l.sku, l.amount])).toEqual([['P1', 1000], ['P2', 500]]);
    expect(show.deliveries.map((d: Record<string, unknown>) => [d.delivery_no, d.carrier, d.cost])).toEqual([['D1', 'ПЭК', 30], ['D2', 'СДЭК', 10]]);
    // and the export carries the instructions, so the file imports back unchanged
    const out = path.join(dir, 'out.csv');
    expect(crm(['--db', db, 'export', 'shipments', '-o', out]).code).toBe(0);
    expect(crm(['--db', db, 'import', 'shipments', out]).stdout).toContain('0 inserted, 0 updated, 3 unchanged');
  });
});

describe('offer evaluate, by hand', () => {
  // C2 has no history (no shipments, no claims): payment delay 0, claims 0. --rate 18.25 → 0.05 % a day.
  it('a prepayment (negative deferral) gives a credit: cost of money below zero', async () => {
    const { dir, db } = copyDb(template);
    const file = writeFile(dir, 'offer.csv', 'Артикул;Количество;Цена\nP1;10;100,00\n');
    // revenue 1000, cost 600, margin 400; commission: G1 rule revenue 3 % = 30;
    // cost of money 1000 × 18.25 % × (−10) / 365 = −5 (a credit); delivery 50, other 20
    // net = 400 − 50 − 20 − 30 − (−5) − 0 = 305; 30.5 %
    const r = await offerJson(db, file, { client: 'C2', rate: '18,25', delivery: '50', otherCosts: '20' });
    expect(r.totals).toMatchObject({ revenue: 1000, cost: 600, margin: 400, commission: 30, cost_of_money: -5, expected_claims: 0, delivery_cost: 50, other_costs: 20, net_margin: 305, net_margin_pct: 30.5, deferral_days: -10 });
    expect(r.warnings).toEqual(['credit limit of client C2 exceeded: balance 0.00 + offer 1 000.00 > limit 500.00']);
  });

  it('a price below cost, a deferral beyond the card, a price from the client\'s price type, the credit limit', async () => {
    const { dir, db } = copyDb(template);
    const file = writeFile(dir, 'offer.csv', 'sku,qty,price\nP2,2,70\nP1,5,\n');
    // P2: revenue 140, cost 160, margin −20, commission (general margin 10 % at 04-01) −2,
    //     cost of money 140 × 18.25 % × 30 / 365 = 2.10 → net −20 + 2 − 2.10 = −20.10
    // P1: price опт in force at 04-01 = 90 (95 only from 05-01): revenue 450, cost 300, margin 150,
    //     commission 450 × 3 % = 13.50, cost of money 450 × 0.015 = 6.75 → net 129.75
    const r = await offerJson(db, file, { client: 'C2', deferralDays: '30', rate: '18.25' });
    expect(r.rows.map((x) => [x.sku, x.price, x.revenue, x.margin, x.commission, x.cost_of_money, x.net_margin])).toEqual([
      ['P2', 70, 140, -20, -2, 2.1, -20.1],
      ['P1', 90, 450, 150, 13.5, 6.75, 129.75],
    ]);
    expect(r.totals).toMatchObject({ revenue: 590, net_margin: 109.65 });
    expect(r.warnings).toEqual([
      'row 2: P2 priced 70.00 below its cost 80.00',
      "deferral 30 days is beyond client C2's card (-10 days)",
      'credit limit of client C2 exceeded: balance 0.00 + offer 590.00 > limit 500.00',
    ]);
  });

  it('C1\'s history: payment delay weighted by the amounts settled before the day', async () => {
    const { dir, db } = copyDb(template);
    const file = writeFile(dir, 'offer.csv', 'sku,qty,price\nP1,1,100\n');
    // 12 months before 04-01: S1, S2, S3 (3000). Settled before 04-01, days past due (deferral 0):
    // 1200 on 02-01 of S1 (22), 300 on 03-15 of S1 (64), 500 of S2 (38), 200 of S3 (14) → 67 400 / 2 200
    const r = await offerJson(db, file, { client: 'C1', rate: '0' });
    expect(r.totals.payment_delay_days).toBeCloseTo(67_400 / 2_200, 9);
    // margin of those months: 400 + 100 (S1) + 200 (S2) + 200 (S3) = 900 of 3000 = 30 %
    expect(r.totals.client_margin_pct).toBeCloseTo(30, 9);
  });
});

describe('offer evaluate: a line given away', () => {
  it('a line of price 0 accrues no commission (it is never paid for), on either base', () => {
    // P1: 10 × 0, cost 60 → margin −600; P3: 5 × 100, cost 50 → margin 250; 20 % of margin
    // commission: P1 0 (not −120: nothing is paid for it), P3 250 × 20 % = 50
    for (const base of ['margin', 'revenue'] as const) {
      const rule: CommissionRule = { manager: 'M1', from: '2026-01-01', base, pct: 20, group: null };
      const { lines, total } = evaluateDeal(
        [
          { sku: 'P1', group: 'G', qty: 10, price: 0, cost: 6000 },
          { sku: 'P3', group: 'G', qty: 5, price: 10000, cost: 5000 },
        ],
        { rule: () => rule, deferralDays: 0, paymentDelayDays: 0, ratePct: 0, claimsRatio: 0, delivery: 0, otherCosts: 0 },
      );
      expect(lines[0]!.commission).toBe(0);
      expect(lines[1]!.commission).toBe(base === 'margin' ? 5000 : 10000);
      expect(total.netMargin).toBe(-60000 + 25000 - total.commission);
    }
  });
});

describe('order-profitability, by hand', () => {
  it('an order of C1 on 04-01: commission at the G1 rule, cost of money for the granted deferral plus C1\'s usual delay', async () => {
    const { dir, db } = copyDb(template);
    const orders = writeFile(dir, 'o.csv', 'order_no,date,client_code,sku,qty,price,deferral_days\nO1,2026-04-01,C1,P1,10,100,5\n');
    expect(crm(['--db', db, '--as-of', '2026-04-01', 'import', 'orders', orders]).code).toBe(0);
    expect(crm(['--db', db, 'settings', 'set', 'money_rate_pct', '18,25']).code).toBe(0);
    // revenue 10 × 100 = 1000, cost 10 × 60 (card) = 600, margin 400; no shipment, so no delivery;
    // commission: no order manager → C1's M1, P1 in G11 → G1 rule revenue 3 % = 30;
    // C1's usual delay before 04-01 = 67 400 / 2 200 days (see the offer test above);
    // cost of money = 1000 × 18.25 % × (5 + 67 400 / 2 200) / 365 = 0.5 × (5 + 30.636…) = 17.818…
    const delay = 67_400 / 2_200;
    const costOfMoney = 0.5 * (5 + delay);
    const r = await reportJson(db, 'order-profitability', { from: '2026-04-01', to: '2026-04-01' });
    expect(r.rows).toHaveLength(1);
    const row = r.rows[0]!;
    expect(row).toMatchObject({ order_no: 'O1', client: 'C1', manager: 'M1', deferral_days: 5, revenue: 1000, cost: 600, margin: 400, delivery_cost: 0, commission: 30, expected_claims: 0 });
    expect(row.payment_delay_days).toBeCloseTo(delay, 9);
    expect(row.cost_of_money).toBe(Math.round(costOfMoney * 100) / 100);
    expect(row.net_margin).toBe(Math.round((400 - 30 - costOfMoney) * 100) / 100);
    expect(r.params.money_rate_pct).toBe(18.25);
  });
});

describe('properties', () => {
  const day = fc.integer({ min: 0, max: 80 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
  const money = fc.integer({ min: 1, max: 1_000_000 });

  it('Σ accrued over managers = Σ over payments of settled amount × pct (one revenue rate a manager)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ client: fc.constantFrom('A', 'B'), manager: fc.constantFrom('M1', 'M2'), date: day, lines: fc.array(fc.record({ group: fc.constantFrom('G', 'H'), amount: money, cost: money }), { minLength: 1, maxLength: 3 }) }), { maxLength: 8 }),
        fc.array(fc.record({ client: fc.constantFrom('A', 'B'), date: day, amount: money }), { maxLength: 8 }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        (shipmentsIn, paymentsIn, pct1, pct2) => {
          const shipments: MoneyShipment[] = shipmentsIn.map((s, i) => ({ id: i + 1, shipmentNo: `S${i}`, deferralDays: 0, amount: s.lines.reduce((t, l) => t + l.amount, 0), ...s }));
          const payments: MoneyPayment[] = paymentsIn.map((p, i) => ({ id: i + 1, ...p }));
          const pct: Record<string, number> = { M1: pct1, M2: pct2 };
          const rules: CommissionRule[] = Object.entries(pct).map(([manager, p]) => ({ manager, from: '2020-01-01', base: 'revenue', pct: p, group: null }));
          const settlements = settle(shipments, payments);
          const byId = new Map(shipments.map((s) => [s.id, s]));
          const expected = settlements.reduce((t, x) => t + (x.amount * pct[byId.get(x.shipment)!.manager!]!) / 100, 0);
          const got = accruals({ shipments, payments, rules, parentOf: new Map([['G', null], ['H', null]]) }, settlements).reduce((t, a) => t + a.amount, 0);
          // each settlement accrues whole kopecks (docs/money.md): at most half a kopeck off each
          expect(Math.abs(got - expected)).toBeLessThanOrEqual(settlements.length * 0.5 + 1e-6);
          // and nothing is settled beyond what was shipped or paid
          const settled = settlements.reduce((t, x) => t + x.amount, 0);
          expect(settled).toBeLessThanOrEqual(Math.min(shipments.reduce((t, s) => t + s.amount, 0), payments.reduce((t, p) => t + p.amount, 0)));
        },
      ),
    );
  });

  it('closing = opening + accrued − paid, and the closing of one period is the opening of the next', () => {
    const accrual = fc.record({ manager: fc.constantFrom('M1', 'M2', 'M3'), date: day, amount: fc.double({ min: -1000, max: 100_000, noNaN: true }) });
    const payout = fc.record({ manager: fc.constantFrom('M1', 'M2', 'M3'), date: day, amount: money });
    fc.assert(
      fc.property(fc.array(accrual, { maxLength: 20 }), fc.array(payout, { maxLength: 10 }), day, day, day, (acc, paid, a, b, c) => {
        const [from, mid, to] = [a, b, c].sort();
        const list = acc.map((x): Accrual => ({ ...x, shipment: 0, payment: 0, settled: 0 }));
        const first = commissionBalances(list, paid, from!, mid!);
        for (const r of first) expect(r.closing).toBeCloseTo(r.opening + r.accrued - r.paid, 6);
        const next = new Date(Date.parse(`${mid}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        if (next > to!) return;
        const second = new Map(commissionBalances(list, paid, next, to!).map((r) => [r.manager, r]));
        for (const r of first) expect(second.get(r.manager)?.opening ?? 0).toBeCloseTo(r.closing, 6);
      }),
    );
  });

  describe('offer evaluate of an order\'s own lines equals its row in order-profitability (the demo company)', () => {
    let demo: string;
    beforeAll(() => {
      demo = demoCompany({ money_rate_pct: '16' });
    }, 240_000);

    it('for sampled orders, with and without deliveries', async () => {
      const orders = query<{ order_no: string; date: string }>(
        demo,
        `SELECT o.order_no, o.date FROM sales_orders o WHERE o.status <> 'refused' AND o.date >= '2026-03-01'
         ORDER BY (SELECT COUNT(*) FROM deliveries d JOIN shipments s ON s.id = d.shipment_id WHERE s.order_id = o.id) DESC, o.order_no`,
      );
      const withDelivery = orders.slice(0, 5);
      const picks = fc.sample(fc.constantFrom(...orders.slice(5)), { numRuns: 7, seed: 14 });
      const dir = tempDir();
      for (const o of [...withDelivery, ...picks]) {
        const row = (await reportJson(demo, 'order-profitability', { from: o.date, to: o.date }, '2026-11-27')).rows.find((r) => r.order_no === o.order_no)!;
        const lines = query<{ sku: string; qty: number; price: number }>(
          demo,
          'SELECT p.sku, l.qty, l.price FROM sales_order_lines l JOIN products p ON p.id = l.product_id JOIN sales_orders o ON o.id = l.order_id WHERE o.order_no = ? ORDER BY l.id',
          o.order_no,
        );
        const file = writeFile(dir, `${o.order_no}.csv`, `sku,qty,price\n${lines.map((l) => `${l.sku},${l.qty},${(l.price / 100).toFixed(2)}`).join('\n')}\n`);
        const offer = await offerJson(demo, file, {
          client: String(row.client), manager: String(row.manager), deferralDays: String(row.deferral_days), delivery: String(row.delivery_cost),
        }, o.date);
        for (const k of ['revenue', 'cost', 'margin', 'delivery_cost', 'commission', 'cost_of_money', 'expected_claims', 'net_margin']) {
          expect(offer.totals[k], `${o.order_no} ${k}`).toBe(row[k]);
        }
        expect(offer.totals.payment_delay_days, `${o.order_no} payment delay`).toBeCloseTo(Number(row.payment_delay_days), 6);
      }
      expect(withDelivery.length).toBe(5);
    }, 120_000);

    it('the sample offer of the demo (title lines, ;, decimal commas, an empty price) evaluates with its warning', () => {
      const run = crm(['--db', demo, '--as-of', '2026-11-27', 'offer', 'evaluate', path.join(ROOT, 'fixtures', 'offer.csv'), '--client', 'C005', '--deferral-days', '45', '--json']);
      expect(run.code).toBe(0);
      const r = JSON.parse(run.stdout);
      expect(r.rows).toHaveLength(6);
      expect(r.params).toMatchObject({ client: 'C005', deferral_days: 45, money_rate_pct: 16 });
      // the empty price took C005's price type in force, less C005's card discount
      const typed = query<{ price: number; discount: number | null }>(
        demo,
        `SELECT x.price, c.discount_pct AS discount FROM prices x JOIN products p ON p.id = x.product_id JOIN clients c ON c.price_type = x.price_type
         WHERE c.code = 'C005' AND p.sku = ? AND x.from_date <= '2026-11-27' ORDER BY x.from_date DESC LIMIT 1`,
        r.rows[2].sku,
      );
      expect(r.rows[2].price).toBe(Math.round((typed[0]!.price * (100 - (typed[0]!.discount ?? 0))) / 100) / 100);
      expect(r.warnings.some((w: string) => w.includes('below its cost'))).toBe(true);
      expect(run.stderr).toContain('warning:');
    });
  });
});

// ── misuse: exit code, message, nothing written ─────────────────────────────

describe('misuse is refused, naming what is wrong, and writes nothing', () => {
  const files: Record<string, string> = {
    'unknown-sku.csv': 'sku,qty,price\nNOPE,1,10\n',
    'bad-qty.csv': 'sku,qty,price\nP1,0,10\nP2,абв,10\n',
    'no-lines.csv': 'sku,qty,price\n',
    'rule-base.csv': 'manager_code,from_date,base,pct\nM1,2026-01-01,bonus,2\n',
    'rule-pct.csv': 'manager_code,from_date,base,pct\nM1,2026-01-01,revenue,150\n',
    'rule-group.csv': 'manager_code,from_date,base,pct,group_code\nM1,2026-01-01,revenue,2,NOPE\n',
    'delivery-shipment.csv': 'delivery_no,date,shipment_no,cost\nD9,2026-01-10,NOPE,10\n',
    'delivery-cost.csv': 'delivery_no,date,shipment_no,cost\nD9,2026-01-10,S1,\n',
    'price-sku.csv': 'sku,price_type,price,from_date\nNOPE,опт,10,2026-01-01\n',
    'price-date.csv': 'sku,price_type,price,from_date\nP1,опт,10,31.02.2026\n',
    'payout-zero.csv': 'payment_no,date,manager_code,amount\nCP9,2026-03-01,M1,0\n',
    'payout-manager.csv': 'payment_no,date,manager_code,amount\nCP9,2026-03-01,NOPE,10\n',
  };
  let dir: string;
  let db: string;
  beforeAll(() => {
    ({ dir, db } = copyDb(template));
    for (const [name, text] of Object.entries(files)) writeFile(dir, name, text);
  });
  const f = (name: string) => path.join(dir, name);

  it.each([
    [['settings', 'set', 'money_rate', '16'], 2, 'unknown setting'],
    [['settings', 'set', 'money_rate_pct', 'много'], 2, 'expected a percent from 0 to 100'],
    [['settings', 'set', 'money_rate_pct', '150'], 2, 'expected a percent from 0 to 100'],
    [['settings', 'set', 'illiquid_after_days', '0'], 2, 'a whole number of days, 1 or more'],
    [['shipments', 'originals', 'NOPE', '--date', '2026-03-01'], 2, 'no shipment with shipment_no "NOPE"'],
    [['shipments', 'originals', 'S3', '--date', '2026-02-01'], 2, 'before shipment S3 itself'],
    [['shipments', 'originals', 'S3', '--date', '2026-05-01'], 2, 'after today'],
    [['shipments', 'originals', 'S3', '--date', '2026-02-30'], 2, '--date'],
    [['shipments', 'originals', 'S3', '--date', '2026-03-20', '--clear'], 2, 'contradict'],
    [['offer', 'evaluate', 'missing.csv'], 2, 'no such file'],
    [['offer', 'evaluate', 'unknown-sku.csv'], 2, 'NOPE'],
    [['offer', 'evaluate', 'bad-qty.csv'], 2, 'qty'],
    [['offer', 'evaluate', 'no-lines.csv'], 2, 'no offer lines'],
    [['offer', 'evaluate', 'unknown-sku.csv', '--client', 'NOPE'], 2, '--client NOPE: no such client'],
    [['offer', 'evaluate', 'no-lines.csv', '--manager', 'NOPE'], 2, '--manager NOPE: no such manager'],
    [['offer', 'evaluate', 'no-lines.csv', '--deferral-days', 'долго'], 2, '--deferral-days'],
    [['offer', 'evaluate', 'no-lines.csv', '--rate', '200'], 2, '--rate 200'],
    [['offer', 'evaluate', 'no-lines.csv', '--delivery', '-5'], 2, '--delivery -5'],
    [['offer', 'evaluate', 'no-lines.csv', '--json', '--format', 'csv'], 2, 'contradict'],
    [['shipments', 'list', '--originals', 'maybe'], 2, '--originals maybe: expected out or back'],
    [['shipments', 'list', '--client', 'NOPE'], 2, '--client NOPE: no such client'],
    [['shipments', 'show', 'NOPE'], 2, 'no shipment with shipment_no "NOPE"'],
    [['report', 'originals', '--days', 'много'], 2, '--days'],
    [['report', 'originals', '--from', '2026-01'], 2, 'use --date'],
    [['report', 'commissions', '--client', 'C1'], 2, 'has no --client filter'],
    [['report', 'commissions', '--manager', 'NOPE'], 2, '--manager NOPE: no such manager'],
    [['report', 'deliveries', '--by', 'truck'], 2, 'is by client, manager, month, carrier'],
    [['report', 'order-profitability', '--group', 'G1'], 2, 'has no --group filter'],
    [['import', 'commission-rules', 'rule-base.csv'], 2, 'bonus'],
    [['import', 'commission-rules', 'rule-pct.csv'], 2, '150'],
    [['import', 'commission-rules', 'rule-group.csv'], 2, 'NOPE'],
    [['import', 'deliveries', 'delivery-shipment.csv'], 2, 'NOPE'],
    [['import', 'deliveries', 'delivery-cost.csv'], 2, 'required'],
    [['import', 'prices', 'price-sku.csv'], 2, 'NOPE'],
    [['import', 'prices', 'price-date.csv'], 2, '31.02.2026'],
    [['import', 'commission-payments', 'payout-zero.csv'], 2, 'greater than'],
    [['import', 'commission-payments', 'payout-manager.csv'], 2, 'NOPE'],
  ] as [string[], number, string][])('crm %j → exit %i, "%s"', (args, code, message) => {
    const before = dbFingerprint(db);
    const run = crm(['--db', db, '--as-of', '2026-04-01', ...args.map((a) => (a in files || a === 'missing.csv' ? f(a) : a))]);
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(code);
    expect(run.stderr).not.toContain('unexpected failure');
    expect(dbFingerprint(db)).toBe(before);
  });
});

// ── every write of issue 14 undoes row for row ──────────────────────────────

const BOOKKEEPING = new Set(['operations', 'journal', 'journal_ranges', 'sqlite_sequence', '__drizzle_migrations']);

/** Every data table as a hash of its rows in id order (the operation log left out). */
function dataDump(file: string): Record<string, string> {
  const sqlite = openReader(file);
  try {
    const out: Record<string, string> = {};
    for (const t of sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]) {
      if (BOOKKEEPING.has(t)) continue;
      const columns = (sqlite.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name);
      const order = columns.includes('id') ? 'id' : columns.map((_, i) => i + 1).join(', ');
      const rows = sqlite.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).raw().all();
      out[t] = createHash('sha256').update(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v))).digest('hex').slice(0, 16);
    }
    return out;
  } finally {
    sqlite.close();
  }
}


describe('undo: op → undo → equal, for every new entity and command', () => {
  const cases: [string, (dir: string, db: string) => Promise<unknown>][] = [
    ['import prices (a new price and a changed one)', (dir, db) => runImport({ entity: 'prices', file: writeFile(dir, 'p.csv', 'sku,price_type,price,from_date\nP1,опт,91,2026-01-01\nP2,дилер,70,2026-02-01\n') }, testCtx(db))],
    ['import deliveries', (dir, db) => runImport({ entity: 'deliveries', file: writeFile(dir, 'd.csv', 'delivery_no,date,shipment_no,carrier,cost\nD1,2026-01-10,S1,ПЭК,35\nD4,2026-03-01,S3,СДЭК,12\n') }, testCtx(db))],
    ['import commission-rules (a group rule changed, a general one added)', (dir, db) => runImport({ entity: 'commission-rules', file: writeFile(dir, 'r.csv', 'manager_code,from_date,base,pct,group_code\nM1,2026-01-01,revenue,4,G1\nM2,2026-01-01,margin,5,\n') }, testCtx(db))],
    ['import commission-payments', (dir, db) => runImport({ entity: 'commission-payments', file: writeFile(dir, 'c.csv', 'payment_no,date,manager_code,amount\nCP1,2026-02-20,M1,25\nCP2,2026-03-20,M1,10\n') }, testCtx(db))],
    ['import clients with a price type', (dir, db) => runImport({ entity: 'clients', file: writeFile(dir, 'k.csv', 'code,name,price_type\nC1,Клиент один,дилер\n') }, testCtx(db))],
    ['settings set (new)', (_dir, db) => runSettingsSet('money_rate_pct', '16', testCtx(db))],
    ['shipments originals', (_dir, db) => runShipmentOriginals('S1', { date: '2026-03-01' }, testCtx(db, { asOf: '2026-04-01' }))],
    ['delete a delivery', async (_dir, db) => {
      const ctx = testCtx(db);
      await runDelete('deliveries', ['D3'], {}, ctx);
      expect(ctx.err() + ctx.out()).toContain('1 delivery');
    }],
  ];
  it.each(cases)('%s', async (_what, op) => {
    const { dir, db } = copyDb(template);
    const before = dataDump(db);
    const ops = lastOperation(db);
    await op(dir, db);
    expect(lastOperation(db)).toBeGreaterThan(ops);
    const after = dataDump(db);
    expect(after).not.toEqual(before);
    await runUndo(String(lastOperation(db)), {}, testCtx(db));
    expect(dataDump(db)).toEqual(before);
  });

  it('re-importing the same commission rules (one without a group) changes nothing', async () => {
    const { dir, db } = copyDb(template);
    const file = writeFile(dir, 'r.csv', FILES.find(([e]) => e === 'commission-rules')![1]);
    const before = dataDump(db);
    const run = crm(['--db', db, 'import', 'commission-rules', file]);
    expect(run.stdout + run.stderr).toContain('0 inserted, 0 updated, 3 unchanged');
    expect(dataDump(db)).toEqual(before);
  });

  it('settings set twice: the second changes it, undo of the second gives the first value back', async () => {
    const { db } = copyDb(template);
    await runSettingsSet('money_rate_pct', '16', testCtx(db));
    const first = dataDump(db);
    await runSettingsSet('money_rate_pct', '12,5', testCtx(db));
    expect(query(db, "SELECT value FROM settings WHERE key = 'money_rate_pct'")).toEqual([{ value: '12.5' }]);
    await runUndo(String(lastOperation(db)), {}, testCtx(db));
    expect(dataDump(db)).toEqual(first);
  });
});
