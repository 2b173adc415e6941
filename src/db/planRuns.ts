import { sq } from './handle.js';
// Stored plan runs (SPEC §4): parameters, input versions, every output row, and the
// per-SKU derivation for `crm plan explain`. Written in one transaction with prepared
// statements; read back with set-based queries.
import type { PlanningInputs, PlanResult } from '../planning/types.js';
import { buildTraces, type SkuTrace } from '../planning/trace.js';
import type { Db } from './connection.js';
import { runOperation } from './operation.js';

export interface RunMeta {
  id: number;
  from: string;
  months: number;
  lookback: number;
  salesVersion: number | null;
  stockVersion: number | null;
  user: string;
  createdAt: string;
  asOf: string;
  warnings: string[];
}

export interface NewRun {
  from: string;
  months: number;
  lookback: number;
  salesVersionId: number;
  stockVersionId: number | null;
  user: string;
  createdAt: string;
  asOf: string;
}

function idMap(db: Db, sql: string): Map<string, number> {
  return new Map(sq(db).prepare(sql).raw().all() as [string, number][]);
}

/** A plan run is an operation of its own (`plan-run`): undoing it removes the run and its outputs. */
export async function storeRun(db: Db, run: NewRun, inputs: PlanningInputs, result: PlanResult, meta?: { argv?: string }): Promise<number> {
  const products = idMap(db, 'SELECT sku, id FROM products');
  const groups = idMap(db, 'SELECT code, id FROM product_groups');
  const suppliers = idMap(db, 'SELECT code, id FROM suppliers');
  const clients = idMap(db, 'SELECT code, id FROM clients');
  const id = (map: Map<string, number>, code: string | null | undefined) => (code == null ? null : (map.get(code) ?? null));
  const s = sq(db);
  const stored = await runOperation(db, { kind: 'plan-run', command: 'plan run', argv: meta?.argv, user: run.user, startedAt: run.createdAt }, async (tx) => {
    const { id: runId } = s
      .prepare(
        `INSERT INTO plan_runs (from_month, months, lookback, sales_version_id, stock_version_id, user, created_at, as_of, warnings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(run.from, run.months, run.lookback, run.salesVersionId, run.stockVersionId, run.user, run.createdAt, run.asOf, JSON.stringify(result.warnings)) as {
      id: number;
    };
    const demand = s.prepare('INSERT INTO plan_run_demand (run_id, product_id, group_id, month, amount, qty) VALUES (?, ?, ?, ?, ?, ?)');
    for (const d of result.demand) demand.run(runId, id(products, d.sku), id(groups, d.group), d.month, d.amount, d.qty);
    const inventory = s.prepare(
      `INSERT INTO plan_run_inventory (run_id, product_id, month, opening, scheduled, planned, demand, closing, min_stock, need, closing_value)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const i of result.inventory) {
      inventory.run(runId, id(products, i.sku), i.month, i.opening, i.scheduled, i.planned, i.demand, i.closing, i.minStock, i.need, i.closingValue);
    }
    const purchases = s.prepare(
      'INSERT INTO plan_run_purchases (run_id, product_id, supplier_id, receipt_month, order_date, qty, amount, late) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const p of result.purchases) purchases.run(runId, id(products, p.sku), id(suppliers, p.supplier), p.receiptMonth, p.orderDate, p.qty, p.amount, p.late ? 1 : 0);
    const payments = s.prepare('INSERT INTO plan_run_supplier_payments (run_id, supplier_id, month, source, amount) VALUES (?, ?, ?, ?, ?)');
    for (const p of result.supplierPayments) payments.run(runId, id(suppliers, p.supplier), p.month, p.source, p.amount);
    const cash = s.prepare('INSERT INTO plan_run_cash_in (run_id, month, source, group_id, client_id, amount) VALUES (?, ?, ?, ?, ?, ?)');
    for (const c of result.cashIn) cash.run(runId, c.month, c.source, id(groups, c.group), id(clients, c.client), c.amount);
    const orderCash = s.prepare('INSERT INTO plan_run_order_cash (run_id, month, direction, document, party_id, amount) VALUES (?, ?, ?, ?, ?, ?)');
    for (const o of result.orderCash) orderCash.run(runId, o.month, o.direction, o.document, id(o.direction === 'in' ? clients : suppliers, o.party), o.amount);
    const traces = s.prepare('INSERT INTO plan_run_traces (run_id, product_id, trace) VALUES (?, ?, ?)');
    for (const t of buildTraces(inputs, result)) traces.run(runId, id(products, t.sku), JSON.stringify(t));
    tx.journal.inserted('plan_runs', runId); // the outputs belong to the run
    return { result: runId, keep: true };
  });
  return stored.result;
}

const RUN_SELECT = `SELECT r.id, r.from_month AS "from", r.months, r.lookback, sv.number AS salesVersion, mv.number AS stockVersion,
  r.user, r.created_at AS createdAt, r.as_of AS asOf, r.warnings
  FROM plan_runs r LEFT JOIN plan_versions sv ON sv.id = r.sales_version_id LEFT JOIN plan_versions mv ON mv.id = r.stock_version_id`;

type RunRow = Omit<RunMeta, 'warnings'> & { warnings: string };
const toMeta = (r: RunRow): RunMeta => ({ ...r, warnings: JSON.parse(r.warnings) as string[] });

export async function listRuns(db: Db): Promise<RunMeta[]> {
  return (sq(db).prepare(`${RUN_SELECT} ORDER BY r.id`).all() as RunRow[]).map(toMeta);
}

export async function findRun(db: Db, runId: number): Promise<RunMeta | undefined> {
  const row = sq(db).prepare(`${RUN_SELECT} WHERE r.id = ?`).get(runId) as RunRow | undefined;
  return row ? toMeta(row) : undefined;
}

export type RunOutput = 'demand' | 'inventory' | 'purchases' | 'supplier-payments' | 'cash-in' | 'order-cash';

const OUTPUT_SQL: Record<RunOutput, string> = {
  demand: `SELECT p.sku, g.code AS "group", d.month, d.amount, d.qty, pg.code AS product_group, s.code AS supplier
    FROM plan_run_demand d JOIN products p ON p.id = d.product_id JOIN product_groups g ON g.id = d.group_id
    JOIN product_groups pg ON pg.id = p.group_id LEFT JOIN suppliers s ON s.id = p.supplier_id
    WHERE d.run_id = ? ORDER BY p.sku, d.month`,
  inventory: `SELECT p.sku, i.month, i.opening, i.scheduled, i.planned, i.demand, i.closing, i.min_stock, i.need, i.closing_value,
    pg.code AS "group", s.code AS supplier
    FROM plan_run_inventory i JOIN products p ON p.id = i.product_id JOIN product_groups pg ON pg.id = p.group_id
    LEFT JOIN suppliers s ON s.id = p.supplier_id WHERE i.run_id = ? ORDER BY p.sku, i.month`,
  purchases: `SELECT p.sku, s.code AS supplier, x.receipt_month, x.order_date, x.qty, x.amount, x.late, pg.code AS "group", x.receipt_month AS month
    FROM plan_run_purchases x JOIN products p ON p.id = x.product_id JOIN product_groups pg ON pg.id = p.group_id
    LEFT JOIN suppliers s ON s.id = x.supplier_id WHERE x.run_id = ? ORDER BY p.sku, x.receipt_month`,
  'supplier-payments': `SELECT s.code AS supplier, x.month, x.amount, x.source
    FROM plan_run_supplier_payments x LEFT JOIN suppliers s ON s.id = x.supplier_id WHERE x.run_id = ? ORDER BY s.code, x.month, x.source`,
  'cash-in': `SELECT x.month, x.amount, x.source, g.code AS "group", c.code AS client
    FROM plan_run_cash_in x LEFT JOIN product_groups g ON g.id = x.group_id LEFT JOIN clients c ON c.id = x.client_id
    WHERE x.run_id = ? ORDER BY x.month, x.source, g.code, c.code`,
  'order-cash': `SELECT x.month, x.direction, x.document, COALESCE(c.code, s.code) AS party, x.amount
    FROM plan_run_order_cash x LEFT JOIN clients c ON x.direction = 'in' AND c.id = x.party_id
    LEFT JOIN suppliers s ON x.direction = 'out' AND s.id = x.party_id WHERE x.run_id = ? ORDER BY x.month, x.direction, x.document, party, x.amount`,
};

export async function runRows(db: Db, runId: number, output: RunOutput): Promise<Record<string, string | number | null>[]> {
  return sq(db).prepare(OUTPUT_SQL[output]).all(runId) as Record<string, string | number | null>[];
}

export async function runTrace(db: Db, runId: number, sku: string): Promise<SkuTrace | undefined> {
  const row = sq(db)
    .prepare('SELECT t.trace FROM plan_run_traces t JOIN products p ON p.id = t.product_id WHERE t.run_id = ? AND p.sku = ?')
    .get(runId, sku) as { trace: string } | undefined;
  return row ? (JSON.parse(row.trace) as SkuTrace) : undefined;
}
