// Every report × every filter it takes changes the answer, on one small company whose numbers
// are worked out in the comments; every filter a report does not take, and every unknown
// code, is refused (exit 2) — never silently ignored.
import { beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../src/commands/report.js';
import { CrmError } from '../src/errors.js';
import { FILTERS, REPORTS } from '../src/reports/definitions.js';
import { companyDb, crm, testCtx } from './helpers.js';

// Two managers, a group tree TOP > SUB and a group OTHER, two suppliers, two clients.
//   A: group SUB, supplier S1, manager M1, cost 10 — B: group OTHER, supplier S2, manager M2, cost 10
//   K1 (manager M1, potential 10 000, discount 0) — K2 (manager M2, potential 5 000, credit limit 50)
// Orders: O1 K1 A 10 × 20 (no manager → K1's M1; discount 5 % over the card's 0; shipped 4 days late)
//         O2 K2 B 5 × 20, manager M2 (over K2's credit limit 50; shipped 2 days late)
//         O3 K1 refused R1, manager M2: A 2 × 20 + B 3 × 20 — O4 K2 refused R2: B 1 × 20
// Shipments: T1 Jan 10 K1 O1 A 10 → 200 (cost 100); T2 Jan 12 K2 O2 B 5 → 100 (cost 50). K1 pays 150 on Jan 20.
// Stock counted Jan 1: A 50, B 20. Reserved: O1 A 10 Jan 5 → released Jan 10; O2 B 5 from Jan 5.
// Plans for January: sales TOP 1 000, OTHER 500; managers: M1 revenue 300, M2 revenue 100.
const FILES: [string, string][] = [
  ['managers', 'code,name\nM1,Анна\nM2,Борис\n'],
  ['groups', 'code,name,parent_code\nTOP,Верх,\nSUB,Низ,TOP\nOTHER,Другое,\n'],
  ['suppliers', 'code,name\nS1,Первый\nS2,Второй\n'],
  ['products', 'sku,name,group_code,price,cost,supplier_code,manager_code,illiquid_after_days\nA,Товар А,SUB,20,10,S1,M1,5\nB,Товар Б,OTHER,20,10,S2,M2,5\n'],
  ['clients', 'code,name,manager_code,purchase_potential,discount_pct,credit_limit\nK1,Клиент 1,M1,10000,0,\nK2,Клиент 2,M2,5000,0,50\n'],
  ['reasons', 'code,name\nR1,Дорого\nR2,Нет в наличии\n'],
  [
    'orders',
    'order_no,date,client_code,sku,qty,price,manager_code,discount_pct,planned_ship_date,actual_ship_date,status,refusal_reason\n' +
      'O1,2026-01-05,K1,A,10,20,,5,2026-01-06,2026-01-10,shipped,\n' +
      'O2,2026-01-05,K2,B,5,20,M2,,2026-01-10,2026-01-12,shipped,\n' +
      'O3,2026-01-07,K1,A,2,20,M2,,,,,R1\nO3,2026-01-07,K1,B,3,20,M2,,,,,R1\n' +
      'O4,2026-01-08,K2,B,1,20,,,,,,R2\n',
  ],
  ['shipments', 'shipment_no,date,client_code,sku,qty,amount,cost,order_no\nT1,2026-01-10,K1,A,10,200,100,O1\nT2,2026-01-12,K2,B,5,100,50,O2\n'],
  ['payments', 'payment_no,date,client_code,amount\nP1,2026-01-20,K1,150\n'],
  ['stock', 'date,sku,qty\n2026-01-01,A,50\n2026-01-01,B,20\n'],
  ['reservations', 'order_no,sku,qty,reserved_date,released_date\nO1,A,10,2026-01-05,2026-01-10\nO2,B,5,2026-01-05,\n'],
  ['plan-sales', 'month,group_code,amount\n2026-01,TOP,1000\n2026-01,OTHER,500\n'],
  ['plan-managers', 'month,manager_code,indicator,value\n2026-01,M1,revenue,300\n2026-01,M2,revenue,100\n'],
  // issue 14: T1 and T2 delivered (10 and 5); 10 % of revenue for both managers
  ['deliveries', 'delivery_no,date,shipment_no,carrier,cost\nD1,2026-01-10,T1,ПЭК,10\nD2,2026-01-12,T2,СДЭК,5\n'],
  ['commission-rules', 'manager_code,from_date,base,pct\nM1,2026-01-01,revenue,10\nM2,2026-01-01,revenue,10\n'],
  // SPEC §9: deals DL1 (K1, direct, K1's M1), DL2 (K2, dealers, M2), DL3 (K2, direct, M2); an interaction, a claim
  // (C1 on T1/A for K1, C2 on T2/B for K2) and a negotiation for each client
  ['stages', 'channel,stage,position,outcome\ndirect,lead,1,\ndirect,won,,won\ndealers,ask,1,\ndealers,won,,won\n'],
  ['deals', 'deal_no,date,client_code,channel,manager_code\nDL1,2026-01-05,K1,direct,\nDL2,2026-01-06,K2,dealers,M2\nDL3,2026-01-07,K2,direct,M2\n'],
  ['interactions', 'date,client_code,kind,manager_code\n2026-01-10,K1,call,M1\n2026-01-11,K2,email,M2\n2026-01-12,K2,call,M2\n'],
  ['claim-causes', 'code,name\nDEF,Брак\n'],
  ['claims', 'claim_no,date,client_code,cause_code,status,shipment_no,sku,qty,amount,manager_code\nC1,2026-01-15,K1,DEF,new,T1,A,1,20,M1\nC2,2026-01-16,K2,DEF,new,T2,B,2,40,M2\n'],
  ['negotiation-templates', 'template_code,position,item\nT,1,x\n'],
  ['negotiations', 'negotiation_no,date,client_code,template_code,manager_code,result\nN1,2026-01-10,K1,T,M1,agreed\nN2,2026-01-11,K2,T,M2,refused\n'],
];

let db: string;
beforeAll(() => {
  db = companyDb(FILES);
});

type Json = { params: Record<string, unknown>; rows: Record<string, unknown>[]; totals: Record<string, unknown> };

/** `crm report NAME --flag value …` in-process (flags as commander gives them: --group → group). */
async function call(name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const opts: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i += 2) opts[args[i]!.replace(/^--/, '')] = args[i + 1]!;
  const ctx = testCtx(db, { asOf: '2026-01-31' });
  try {
    await runReport(name, opts, ctx);
    return { code: 0, stdout: ctx.out(), stderr: ctx.err() };
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    return { code: error.exitCode, stdout: ctx.out(), stderr: error.message };
  }
}

async function report(name: string, ...args: string[]): Promise<Json> {
  const run = await call(name, [...args, '--json', 'true']);
  if (run.code !== 0) throw new Error(`${name} ${args.join(' ')}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Json;
}
const col = (r: Json, key: string) => r.rows.map((row) => row[key]);

describe('every report × every filter it takes changes the answer', () => {
  it('plan-fact: --group keeps the group tree’s sales rows, --manager that manager’s plan rows', async () => {
    const all = await report('plan-fact');
    expect(all.rows.map((r) => [r.section, r.group ?? r.manager, r.plan, r.fact])).toEqual([
      ['sales', 'OTHER', 500, 100], // B
      ['sales', 'TOP', 1000, 200], // A is in SUB, below TOP
      ['managers', 'M1', 300, 200], // T1: O1 has no manager → K1's M1
      ['managers', 'M2', 100, 100], // T2: O2's manager
    ]);
    expect((await report('plan-fact', '--group', 'TOP')).rows.map((r) => [r.section, r.group, r.fact])).toEqual([['sales', 'TOP', 200]]);
    expect((await report('plan-fact', '--manager', 'M1')).rows.map((r) => [r.section, r.manager, r.fact])).toEqual([['managers', 'M1', 200]]);
  });

  it('sales: --group (with descendants), --manager (the order’s), --client', async () => {
    expect((await report('sales')).totals).toMatchObject({ amount: 300, qty: 15, margin: 150 });
    expect((await report('sales', '--group', 'TOP')).totals).toMatchObject({ amount: 200, qty: 10, margin: 100 });
    expect((await report('sales', '--manager', 'M2')).totals).toMatchObject({ amount: 100, qty: 5, margin: 50 });
    expect((await report('sales', '--client', 'K1')).totals).toMatchObject({ amount: 200 });
  });

  it('receivables-turnover: --manager keeps the card’s clients, --client one', async () => {
    // K1: 200 on Jan 10–19 (10 days), 50 on Jan 20–31 (12 days) → 2 600 / 31; K2: 100 on Jan 12–31 (20 days) → 2 000 / 31
    const all = await report('receivables-turnover', '--from', '2026-01', '--to', '2026-01');
    expect(col(all, 'client')).toEqual(['K1', 'K2']);
    expect(all.totals.revenue).toBe(300);
    expect(all.totals.avg_receivables).toBeCloseTo(4600 / 31, 2);
    const m1 = await report('receivables-turnover', '--from', '2026-01', '--to', '2026-01', '--manager', 'M1');
    expect(col(m1, 'client')).toEqual(['K1']);
    expect(m1.totals.avg_receivables).toBeCloseTo(2600 / 31, 2);
    expect((await report('receivables-turnover', '--from', '2026-01', '--to', '2026-01', '--client', 'K2')).totals.revenue).toBe(100);
  });

  it('stock: --group, --manager and --supplier of the product', async () => {
    // at Jan 31: A 50 − 10 = 40 (value 400, nothing reserved); B 20 − 5 = 15 (value 150), 5 reserved → 10 free
    const all = await report('stock', '--date', '2026-01-31');
    expect(all.rows.map((r) => [r.sku, r.qty, r.value, r.reserved, r.free])).toEqual([['A', 40, 400, 0, 40], ['B', 15, 150, 5, 10]]);
    expect(col(await report('stock', '--group', 'TOP'), 'sku')).toEqual(['A']);
    expect(col(await report('stock', '--manager', 'M2'), 'sku')).toEqual(['B']);
    expect((await report('stock', '--supplier', 'S1')).totals).toMatchObject({ qty: 40, value: 400 });
  });

  it('illiquid: --group, --manager, --supplier; the share is of the stock the filters keep', async () => {
    // threshold 5 days: A idle since Jan 10 (21 days), B since Jan 12 (19 days): both illiquid, 100 % of 550
    const all = await report('illiquid', '--date', '2026-01-31');
    expect(all.rows.map((r) => [r.sku, r.days_idle, r.value])).toEqual([['A', 21, 400], ['B', 19, 150]]);
    expect(all.totals).toMatchObject({ value: 550, share_pct: 100 });
    expect((await report('illiquid', '--group', 'TOP')).totals).toMatchObject({ value: 400 });
    expect(col(await report('illiquid', '--manager', 'M2'), 'sku')).toEqual(['B']);
    expect(col(await report('illiquid', '--supplier', 'S1'), 'sku')).toEqual(['A']);
  });

  it('illiquid-sales: --group, --manager (the line’s), --client', async () => {
    // T1 (A): 9 days since the count of Jan 1 ≥ 5 → illiquid when sold, manager M1; T2 (B): 11 days, manager M2
    const all = await report('illiquid-sales', '--from', '2026-01', '--to', '2026-01');
    expect(all.rows.map((r) => [r.manager, r.lines, r.amount, r.margin])).toEqual([['M1', 1, 200, 100], ['M2', 1, 100, 50]]);
    expect(col(await report('illiquid-sales', '--group', 'TOP'), 'manager')).toEqual(['M1']);
    expect(col(await report('illiquid-sales', '--manager', 'M2'), 'manager')).toEqual(['M2']);
    expect((await report('illiquid-sales', '--client', 'K1')).totals).toMatchObject({ amount: 200 });
  });

  it('reserve-turnover: --group, --manager (the order’s), --client (the order’s)', async () => {
    // O1/A: 100 held Jan 5–9 (5 days) → 500, released Jan 10 and shipped → 100 from reserve (group SUB)
    // O2/B: 50 held Jan 5–31 (27 days) → 1 350, still reserved (group OTHER)
    const all = await report('reserve-turnover', '--from', '2026-01', '--to', '2026-01');
    expect(all.rows.map((r) => [r.group, r.shipped_from_reserve])).toEqual([['OTHER', 0], ['SUB', 100]]);
    expect(all.totals.avg_reserved_value).toBeCloseTo(1850 / 31, 2);
    expect(col(await report('reserve-turnover', '--group', 'TOP'), 'group')).toEqual(['SUB']);
    expect(col(await report('reserve-turnover', '--manager', 'M2'), 'group')).toEqual(['OTHER']);
    expect((await report('reserve-turnover', '--client', 'K1')).totals.avg_reserved_value).toBeCloseTo(500 / 31, 2);
  });

  it('low-profit-stock: --group, --manager, --supplier of the product', async () => {
    // A: 50 units Jan 1–9, 40 units Jan 10–31 → 1 330 unit-days × 10 / 31; margin 100 → 0.233
    // B: 20 units Jan 1–11, 15 units Jan 12–31 → 520 unit-days × 10 / 31; margin 50 → 0.298
    // average 150 / (18 500 / 31) = 0.251: A is below
    const all = await report('low-profit-stock', '--from', '2026-01', '--to', '2026-01');
    expect(col(all, 'sku')).toEqual(['A']);
    expect(all.totals.stock_margin).toBe(150);
    expect(all.totals.below_average_share_pct).toBeCloseTo((13300 * 100) / 18500, 6);
    // alone in its universe a SKU is never below its own average
    expect((await report('low-profit-stock', '--group', 'OTHER')).totals).toMatchObject({ stock_margin: 50, below_average_share_pct: 0 });
    expect((await report('low-profit-stock', '--manager', 'M1')).totals).toMatchObject({ stock_margin: 100 });
    expect((await report('low-profit-stock', '--supplier', 'S2')).totals).toMatchObject({ stock_margin: 50 });
  });

  it('refusals: --group counts that group’s lines, --manager is the order’s before the client’s, --client', async () => {
    // O3: R1, A 40 + B 60 = 100; O4: R2, B 20
    expect((await report('refusals')).rows.map((r) => [r.reason, r.orders, r.amount])).toEqual([['R1', 1, 100], ['R2', 1, 20]]);
    expect((await report('refusals', '--group', 'TOP')).rows.map((r) => [r.reason, r.amount])).toEqual([['R1', 40]]);
    // O3 is K1's (manager M1) but has its own manager M2
    expect((await report('refusals', '--manager', 'M1')).rows).toEqual([]);
    expect((await report('refusals', '--client', 'K2')).rows.map((r) => [r.reason, r.amount])).toEqual([['R2', 20]]);
  });

  it('potential: --manager (the card’s), --client', async () => {
    const all = await report('potential', '--date', '2026-01-31');
    expect(all.rows.map((r) => [r.client, r.purchases, r.utilization_pct])).toEqual([['K1', 200, 2], ['K2', 100, 2]]);
    expect(col(await report('potential', '--manager', 'M2'), 'client')).toEqual(['K2']);
    expect(col(await report('potential', '--client', 'K1'), 'client')).toEqual(['K1']);
  });

  it('managers: --manager', async () => {
    const all = await report('managers');
    expect(all.rows.map((r) => [r.manager, r.revenue, r.orders])).toEqual([['M1', 200, 1], ['M2', 100, 1]]);
    expect(all.totals.avg_revenue_per_manager).toBe(150);
    expect((await report('managers', '--manager', 'M2')).totals).toMatchObject({ revenue: 100, avg_revenue_per_manager: 100 });
  });

  it('terms: --manager (the order’s), --client', async () => {
    // O1: discount 5 % over the card's 0 %; O2: 100 over K2's credit limit 50 (refused orders are not checked)
    expect(col(await report('terms'), 'order_no')).toEqual(['O1', 'O2']);
    expect(col(await report('terms', '--manager', 'M1'), 'order_no')).toEqual(['O1']);
    expect(col(await report('terms', '--client', 'K2'), 'order_no')).toEqual(['O2']);
  });

  it('delays: --manager (the order’s), --client', async () => {
    expect((await report('delays')).rows.map((r) => [r.order_no, r.days_late])).toEqual([['O1', 4], ['O2', 2]]);
    expect(col(await report('delays', '--manager', 'M2'), 'order_no')).toEqual(['O2']);
    expect(col(await report('delays', '--client', 'K1'), 'order_no')).toEqual(['O1']);
  });

  it('deliveries, commissions, order-profitability, originals: --manager (the order’s, else the client’s), --client', async () => {
    expect((await report('deliveries', '--from', '2026-01', '--to', '2026-01')).totals).toMatchObject({ revenue: 300, delivery_cost: 15 });
    expect((await report('deliveries', '--from', '2026-01', '--to', '2026-01', '--manager', 'M2')).totals).toMatchObject({ revenue: 100, delivery_cost: 5 });
    expect(col(await report('deliveries', '--from', '2026-01', '--to', '2026-01', '--client', 'K1'), 'client')).toEqual(['K1']);
    // P1 (150) settles 150 of T1 (M1's): 15; K2 paid nothing, so M2 accrued nothing
    const commissions = await report('commissions', '--from', '2026-01', '--to', '2026-01');
    expect(commissions.rows.map((r) => [r.manager, r.accrued])).toEqual([['M1', 15], ['M2', 0]]);
    expect((await report('commissions', '--from', '2026-01', '--to', '2026-01', '--manager', 'M2')).rows.map((r) => r.manager)).toEqual(['M2']);
    expect(col(await report('order-profitability', '--from', '2026-01', '--to', '2026-01'), 'order_no')).toEqual(['O1', 'O2']);
    expect(col(await report('order-profitability', '--from', '2026-01', '--to', '2026-01', '--manager', 'M2'), 'order_no')).toEqual(['O2']);
    expect(col(await report('order-profitability', '--from', '2026-01', '--to', '2026-01', '--client', 'K1'), 'order_no')).toEqual(['O1']);
    // --days 10 at Jan 31: shipped on or before Jan 21 → T1 and T2
    expect(col(await report('originals', '--date', '2026-01-31', '--days', '10'), 'shipment_no')).toEqual(['T1', 'T2']);
    expect(col(await report('originals', '--date', '2026-01-31', '--days', '10', '--manager', 'M1'), 'shipment_no')).toEqual(['T1']);
    expect(col(await report('originals', '--date', '2026-01-31', '--days', '10', '--client', 'K2'), 'shipment_no')).toEqual(['T2']);
  });

  it('funnel: --channel, --manager (the deal\'s, else its client\'s)', async () => {
    expect((await report('funnel')).totals).toMatchObject({ deals: 3 });
    expect((await report('funnel', '--channel', 'direct')).rows.map((r) => [r.channel, r.reached])).toEqual([['direct', 2]]);
    expect((await report('funnel', '--manager', 'M1')).totals).toMatchObject({ deals: 1 }); // DL1 through K1
  });

  it('interactions: --manager, --client', async () => {
    expect((await report('interactions')).totals).toMatchObject({ interactions: 3 });
    expect((await report('interactions', '--manager', 'M2')).totals).toMatchObject({ interactions: 2 });
    expect((await report('interactions', '--client', 'K1')).totals).toMatchObject({ interactions: 1 });
  });

  it('negotiations: --manager, --client', async () => {
    expect((await report('negotiations')).totals).toMatchObject({ negotiations: 2 });
    expect((await report('negotiations', '--manager', 'M2')).totals).toMatchObject({ negotiations: 1, refused_pct: 100 });
    expect((await report('negotiations', '--client', 'K1')).totals).toMatchObject({ negotiations: 1, agreed_pct: 100 });
  });

  it('claims: --group (of the product), --manager, --client, --supplier', async () => {
    expect((await report('claims')).totals).toMatchObject({ claims: 2, amount: 60 });
    expect((await report('claims', '--group', 'TOP')).totals).toMatchObject({ claims: 1, amount: 20 }); // A is in SUB
    expect((await report('claims', '--manager', 'M2')).totals).toMatchObject({ claims: 1, amount: 40 });
    expect((await report('claims', '--client', 'K1')).totals).toMatchObject({ claims: 1, amount: 20 });
    expect((await report('claims', '--supplier', 'S2')).totals).toMatchObject({ claims: 1, amount: 40 });
  });

  it('covers every report and every filter it declares', async () => {
    // the cases above, by report: a new report or filter needs a case here
    const covered: Record<string, string[]> = {
      'plan-fact': ['group', 'manager'], sales: ['group', 'manager', 'client'], 'receivables-turnover': ['manager', 'client'],
      stock: ['group', 'manager', 'supplier'], illiquid: ['group', 'manager', 'supplier'], 'illiquid-sales': ['group', 'manager', 'client'],
      'reserve-turnover': ['group', 'manager', 'client'], 'low-profit-stock': ['group', 'manager', 'supplier'],
      refusals: ['group', 'manager', 'client'], potential: ['manager', 'client'], managers: ['manager'], terms: ['manager', 'client'],
      deliveries: ['manager', 'client'], commissions: ['manager'], 'order-profitability': ['manager', 'client'], originals: ['manager', 'client'],
      delays: ['manager', 'client'], funnel: ['channel', 'manager'], interactions: ['manager', 'client'], negotiations: ['manager', 'client'],
      claims: ['group', 'manager', 'client', 'supplier'],
    };
    expect(Object.fromEntries(REPORTS.map((r) => [r.name, r.filters]))).toEqual(covered);
  });
});

describe('filters a report does not take, and unknown codes, are refused', () => {
  const CODES: Record<string, string> = { group: 'TOP', manager: 'M1', client: 'K1', supplier: 'S1', channel: 'direct' };
  const refused = REPORTS.flatMap((r) =>
    Object.keys(FILTERS)
      .filter((f) => !r.filters.includes(f as never))
      .map((f) => ({ report: r.name, filter: f, takes: r.filters })),
  );

  it.each(refused)('$report --$filter → exit 2 naming the filters it takes', async ({ report: name, filter, takes }) => {
    const run = await call(name, [`--${filter}`, CODES[filter]!]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`report ${name} has no --${filter} filter`);
    if (takes.length > 0) expect(run.stderr).toContain(takes.map((t) => `--${t}`).join(', '));
    expect(run.stdout).toBe('');
  });

  const unknown = REPORTS.flatMap((r) => r.filters.map((f) => ({ report: r.name, filter: f })));
  it.each(unknown)('$report --$filter NOPE → exit 2', async ({ report: name, filter }) => {
    const run = await call(name, [`--${filter}`, 'NOPE']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--${filter} NOPE: no such`);
    expect(run.stdout).toBe('');
  });

  it('a period option the report does not take, --by where it has none, --json with another --format', async () => {
    expect(crm(['--db', db, 'report', 'illiquid', '--from', '2026-01']).stderr).toContain('is at one day: use --date');
    expect(crm(['--db', db, 'report', 'sales', '--date', '2026-01-31']).stderr).toContain('covers a period: use --from/--to');
    expect(crm(['--db', db, 'report', 'refusals', '--by', 'client']).stderr).toContain('report refusals takes no --by');
    expect(crm(['--db', db, 'report', 'sales', '--by', 'supplier']).stderr).toContain('--by supplier: report sales is by group, manager, client');
    const both = crm(['--db', db, 'report', 'sales', '--json', '--format', 'csv']);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('--json and --format csv contradict')]);
  });
});
