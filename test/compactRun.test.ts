// A stored run keeps the per-SKU inputs of the derivation, not its rows (issue 16): what it
// gives back must equal, to the last bit, what the chain computed — every demand, inventory
// and purchase row and every SKU's trace — on random inputs.
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChain } from '../src/planning/chain.js';
import { packRun, StoredRun } from '../src/planning/compactRun.js';
import { buildTraces } from '../src/planning/trace.js';
import type { PlanningInputs } from '../src/planning/types.js';
import { runsPlanFactUses } from '../src/db/planRuns.js';
import { crm, dbFingerprint, downgradeDb, query, tempDir } from './helpers.js';

const months = ['2027-01', '2027-02', '2027-03', '2027-04'];
const groups = [
  { code: 'TOP', parent: null },
  { code: 'A', parent: 'TOP' },
  { code: 'B', parent: 'TOP' },
];

const arbInputs: fc.Arbitrary<PlanningInputs> = fc
  .record({
    products: fc.array(
      fc.record({
        group: fc.constantFrom('A', 'B'),
        active: fc.boolean(),
        price: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100_000 })),
        cost: fc.integer({ min: 0, max: 100_000 }),
        supplier: fc.constantFrom('S1', 'S2', 'S9', null),
        leadTimeDays: fc.integer({ min: 0, max: 90 }),
        orderMultiple: fc.constantFrom(1, 5, 12, 0.5, 0),
        opening: fc.option(fc.record({ qty: fc.double({ min: -50, max: 500, noNaN: true }), countDate: fc.option(fc.constantFrom('2026-11-30', '2026-12-15')) }), { nil: undefined }),
        history: fc.option(fc.record({ amount: fc.integer({ min: -1000, max: 1_000_000 }), qty: fc.double({ min: 0, max: 1000, noNaN: true }) }), { nil: undefined }),
        minStock: fc.array(fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }), { minLength: 4, maxLength: 4 }),
        scheduled: fc.array(fc.record({ qty: fc.double({ min: 0.001, max: 300, noNaN: true }), date: fc.constantFrom('2026-12-20', '2027-01-05', '2027-03-31', '2027-09-01'), lead: fc.boolean() }), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 7 },
    ),
    plan: fc.array(fc.record({ group: fc.constantFrom('A', 'B', 'TOP'), month: fc.constantFrom(...months), amount: fc.integer({ min: -1000, max: 10_000_000 }) }), { maxLength: 8 }),
    suppliers: fc.array(fc.record({ deferralDays: fc.integer({ min: -30, max: 90 }), creditLine: fc.option(fc.integer({ min: 0, max: 1_000_000 })) }), { minLength: 2, maxLength: 2 }),
    payables: fc.array(fc.record({ supplier: fc.constantFrom('S1', 'S2'), day: fc.integer({ min: 1, max: 28 }), amount: fc.integer({ min: 1, max: 100_000 }), deferral: fc.integer({ min: -10, max: 90 }) }), { maxLength: 4 }),
  })
  .map(({ products, plan, suppliers, payables }) => {
    // one cell per group and month, and never a group with its ancestor in the same month
    const cells = new Map<string, { group: string; month: string; amount: number }>();
    for (const c of plan) {
      const clash = [...cells.values()].some((o) => o.month === c.month && o.amount !== 0 && c.amount !== 0 && (o.group === 'TOP') !== (c.group === 'TOP'));
      if (!clash) cells.set(`${c.group}|${c.month}`, c);
    }
    return {
      from: '2027-01',
      months,
      lookback: 12,
      lookbackStart: '2026-01-01',
      lookbackEnd: '2026-12-31',
      groups,
      products: products.map((p, i) => ({ sku: `p${i}`, group: p.group, active: p.active, price: p.price, cost: p.cost, supplier: p.supplier, leadTimeDays: p.leadTimeDays, orderMultiple: p.orderMultiple })),
      history: products.flatMap((p, i) => (p.history ? [{ sku: `p${i}`, amount: p.history.amount, qty: p.history.qty }] : [])),
      clientHistory: [],
      clients: [],
      salesPlan: [...cells.values()],
      minStock: products.flatMap((p, i) => p.minStock.flatMap((qty, m) => (qty === undefined ? [] : [{ sku: `p${i}`, month: months[m]!, qty }]))),
      opening: products.flatMap((p, i) =>
        p.opening ? [{ sku: `p${i}`, qty: p.opening.qty, countDate: p.opening.countDate, countQty: p.opening.countDate ? p.opening.qty + 1 : 0, receiptsAfterCount: 2, shippedAfterCount: 3 }] : [],
      ),
      scheduled: products.flatMap((p, i) =>
        p.scheduled.map((r, k) => ({ sku: `p${i}`, po: `PO${i}-${k}`, qty: r.qty, expectedDate: r.date, dateSource: r.lead ? ('lead_time' as const) : ('expected_date' as const) })),
      ),
      suppliers: suppliers.map((s, i) => ({ code: `S${i + 1}`, deferralDays: s.deferralDays, creditLine: s.creditLine })),
      receiptsBeforeFrom: payables.map((r, i) => ({
        party: r.supplier, document: `R${i}`, date: `2026-12-${String(r.day).padStart(2, '0')}`, amount: r.amount,
        dueDate: new Date(Date.UTC(2026, 11, r.day + r.deferral)).toISOString().slice(0, 10),
      })),
      supplierPaidBeforeFrom: [],
      shipmentsBeforeFrom: [],
      clientPaidBeforeFrom: [],
      salesOrders: [],
      purchaseOrders: [],
    };
  });

describe('a stored run (compact)', () => {
  it('gives back every row and trace of the chain, to the last bit', () => {
    fc.assert(
      fc.property(arbInputs, (inputs) => {
        const result = runChain(inputs);
        const stored = new StoredRun(packRun(inputs, result));
        const all = [...stored.all()];
        expect(all.flatMap((s) => s.inventory)).toEqual(result.inventory);
        expect(all.flatMap((s) => s.purchases)).toEqual(result.purchases);
        // the chain lists demand by month and plan row; a stored run by SKU
        const bySku = (rows: { sku: string }[]) => [...rows].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
        expect(all.flatMap((s) => s.demand)).toEqual(bySku(result.demand));
        expect(all.map((s) => s.trace)).toEqual(buildTraces(inputs, result));
        expect([...stored.balances()].flatMap((s) => s.inventory)).toEqual(result.inventory);
      }),
      { numRuns: 300 },
    );
  });

  it('reads one SKU alone, and knows which SKUs it has', () => {
    const inputs = fc.sample(arbInputs, { numRuns: 1, seed: 7 })[0]!;
    const result = runChain(inputs);
    const stored = new StoredRun(packRun(inputs, result));
    const first = result.inventory[0]!.sku;
    expect(stored.sku(first)!.inventory).toEqual(result.inventory.filter((r) => r.sku === first));
    expect(stored.sku('nope')).toBeUndefined();
  });
});

describe('a run stored before the compact format', () => {
  it('crm init migrates it: plan show, plan explain and plan-fact give what they gave', () => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    expect(crm(['--db', db, 'demo']).code).toBe(0);
    const outputs = ['demand', 'inventory', 'purchases', 'supplier-payments', 'cash-in', 'order-cash'];
    const look = () => ({
      show: outputs.map((what) => crm(['--db', db, 'plan', 'show', '1', '--what', what, '--format', 'json']).stdout),
      explain: ['A0001', 'A0002'].map((sku) => crm(['--db', db, 'plan', 'explain', '1', sku, '--json']).stdout),
      words: crm(['--db', db, 'plan', 'explain', '1', 'A0001', '2027-02']).stdout,
      planFact: crm(['--db', db, '--as-of', '2027-03-15', 'report', 'plan-fact', '--from', '2027-01', '--to', '2027-03', '--format', 'json']).stdout,
    });
    const before = look();
    expect(before.show[1]).toContain('"sku": "A0001"');
    expect(before.planFact).toContain('"section": "purchases"');

    // the run as the crm of schema 7 stored it: rows and JSON traces
    const raw = new Database(db);
    const data = raw.prepare('SELECT data FROM plan_run_skus WHERE run_id = 1').pluck().get() as string;
    raw.close();
    const run = [...new StoredRun(data).all()];
    downgradeDb(db, 7);
    const old = new Database(db);
    const ids = (sql: string) => new Map(old.prepare(sql).raw().all() as [string, number][]);
    const products = ids('SELECT sku, id FROM products');
    const groups = ids('SELECT code, id FROM product_groups');
    const suppliers = ids('SELECT code, id FROM suppliers');
    old.transaction(() => {
      const demand = old.prepare('INSERT INTO plan_run_demand VALUES (1, ?, ?, ?, ?, ?)');
      const inventory = old.prepare('INSERT INTO plan_run_inventory VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const purchases = old.prepare('INSERT INTO plan_run_purchases VALUES (1, ?, ?, ?, ?, ?, ?, ?)');
      const traces = old.prepare('INSERT INTO plan_run_traces VALUES (1, ?, ?)');
      for (const s of run) {
        const product = products.get(s.product.sku)!;
        for (const d of s.demand) demand.run(product, groups.get(d.group)!, d.month, d.amount, d.qty);
        for (const i of s.inventory) inventory.run(product, i.month, i.opening, i.scheduled, i.planned, i.demand, i.closing, i.minStock, i.need, i.closingValue);
        for (const p of s.purchases) purchases.run(product, p.supplier === null ? null : suppliers.get(p.supplier)!, p.receiptMonth, p.orderDate, p.qty, p.amount, p.late ? 1 : 0);
        traces.run(product, JSON.stringify(s.trace));
      }
    })();
    old.close();

    const init = crm(['--db', db, 'init']);
    expect(init.code).toBe(0);
    expect(query(db, "SELECT name FROM sqlite_master WHERE name LIKE 'plan_run%' AND type = 'table' ORDER BY name")).toEqual(
      ['plan_run_cash_in', 'plan_run_order_cash', 'plan_run_skus', 'plan_run_supplier_payments', 'plan_runs'].map((name) => ({ name })),
    );
    expect(query<{ data: string }>(db, 'SELECT data FROM plan_run_skus')[0]!.data.startsWith('{')).toBe(true);
    expect(look()).toEqual(before);
  });
});

describe('runsPlanFactUses: the newest run covering each month', () => {
  const arbRuns = fc.array(fc.record({ from: fc.integer({ min: 0, max: 30 }), months: fc.integer({ min: 1, max: 12 }) }), { maxLength: 8 }).map((list) =>
    list.map((r, i) => ({ id: i + 1, from: `${2026 + Math.floor(r.from / 12)}-${String((r.from % 12) + 1).padStart(2, '0')}`, months: r.months, start: r.from })),
  );
  it('is exactly the set runCovering can pick, month by month', () => {
    fc.assert(
      fc.property(arbRuns, (runs) => {
        const picked = new Set<number>();
        for (let m = 0; m < 50; m++) {
          const newest = [...runs].reverse().find((r) => m >= r.start && m < r.start + r.months);
          if (newest) picked.add(newest.id);
        }
        expect(runsPlanFactUses(runs)).toEqual(picked);
      }),
    );
  });
});

describe('crm plan runs --prune --keep N', () => {
  const plans = (db: string) =>
    JSON.stringify(query(db, 'SELECT * FROM plan_runs ORDER BY id')) +
    ['plan_run_skus', 'plan_run_cash_in', 'plan_run_supplier_payments', 'plan_run_order_cash'].map((t) => JSON.stringify(query(db, `SELECT * FROM ${t} ORDER BY run_id, 2, 3`))).join();

  it('removes the runs no plan-fact uses beyond the N newest, as one operation that undo puts back', () => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    expect(crm(['--db', db, 'demo']).code).toBe(0); // run 1: 2027-01 × 12
    for (const [from, months] of [['2027-01', '12'], ['2027-11', '2'], ['2027-03', '2'], ['2027-05', '1']] as const) {
      expect(crm(['--db', db, 'plan', 'run', '--from', from, '--months', months]).code).toBe(0);
    }
    // plan-fact uses run 5 (2027-05), 4 (03, 04), 3 (11, 12) and 2 (the other months); run 1 none
    const planFact = () => crm(['--db', db, '--as-of', '2027-12-31', 'report', 'plan-fact', '--from', '2027-01', '--to', '2027-12', '--format', 'json']).stdout;
    const factBefore = planFact();
    const before = plans(db);
    const preview = crm(['--db', db, 'plan', 'runs', '--prune', '--keep', '1', '--dry-run']);
    expect(preview.stdout).toContain('would remove 1 run: 1; kept 2, 3, 4, 5');
    expect(plans(db)).toBe(before);

    const pruned = crm(['--db', db, 'plan', 'runs', '--prune', '--keep', '1']);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('removed 1 run: 1; kept 2, 3, 4, 5 (the 1 newest run and every run plan-fact uses)');
    expect(query(db, 'SELECT id FROM plan_runs ORDER BY id')).toEqual([2, 3, 4, 5].map((id) => ({ id })));
    expect(query(db, 'SELECT run_id FROM plan_run_skus ORDER BY run_id')).toEqual([2, 3, 4, 5].map((run_id) => ({ run_id })));
    expect(planFact()).toBe(factBefore);
    expect(crm(['--db', db, 'plan', 'runs', '--prune', '--keep', '4']).stdout).toContain('nothing to remove; kept 2, 3, 4, 5');

    // a newer full-year run makes the others unused
    expect(crm(['--db', db, 'plan', 'run', '--from', '2027-01', '--months', '12']).code).toBe(0);
    const second = crm(['--db', db, 'plan', 'runs', '--prune', '--keep', '2']);
    expect(second.stdout).toContain('removed 3 runs: 2, 3, 4; kept 5, 6');
    const op = Number(/operation (\d+)/.exec(second.stdout)![1]);
    expect(crm(['--db', db, 'plan', 'show', '2', '--what', 'demand']).code).toBe(2);
    expect(crm(['--db', db, 'undo', String(op)]).code).toBe(0);
    expect(query(db, 'SELECT id FROM plan_runs ORDER BY id')).toEqual([2, 3, 4, 5, 6].map((id) => ({ id })));
    expect(crm(['--db', db, 'plan', 'explain', '2', 'A0001', '--json']).code).toBe(0);
    expect(crm(['--db', db, 'db', 'check']).code).toBe(0);
  });

  it.each([
    [['--prune'], '--prune needs --keep N'],
    [['--keep', '2'], '--keep goes with --prune'],
    [['--prune', '--keep', '-1'], '--keep -1: expected a whole number'],
    [['--prune', '--keep', 'two'], '--keep two: expected a whole number'],
    [['--dry-run'], '--dry-run goes with --prune'],
    [['--prune', '--keep', '1', '--json'], '--json and --prune'],
  ])('plan runs %j → exit 2, nothing written', (args, message) => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    expect(crm(['--db', db, 'init']).code).toBe(0);
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'plan', 'runs', ...args]);
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(2);
    expect(dbFingerprint(db)).toBe(before);
  });
});
