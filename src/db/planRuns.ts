// Stored plan runs (SPEC §4): parameters, input versions, the money outputs by supplier,
// client, group and document as rows, and the per-SKU part compactly (issue 16): the inputs of
// each SKU's derivation as of the run, from which src/planning/compactRun.ts derives its
// demand, inventory, purchases and `plan explain` with the chain's own functions. Written in
// one transaction with prepared statements; read back with set-based queries.
import { packRun, readRun, type RunSkus } from '../planning/compactRun.js';
import type { SkuTrace } from '../planning/trace.js';
import type { DemandRow, InventoryRow, PlanningInputs, PlanResult, PurchaseRow } from '../planning/types.js';
import type { Db } from './connection.js';
import { sq } from './handle.js';
import { runOperation } from './operation.js';
import { JOURNALED } from './tables.js';

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

/**
 * Insert `rows` in statements of up to 100 rows each: on PostgreSQL every statement is a round
 * trip to the worker and the server (~0.5 ms, far more on a busy machine); on SQLite the same.
 */
function insertRows(s: ReturnType<typeof sq>, table: string, columns: string[], rows: unknown[][]): void {
  const CHUNK = 100;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const statement = (n: number) => s.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: n }, () => tuple).join(', ')}`);
  const full = rows.length >= CHUNK ? statement(CHUNK) : undefined;
  let i = 0;
  for (; i + CHUNK <= rows.length; i += CHUNK) full!.run(...rows.slice(i, i + CHUNK).flat());
  if (i < rows.length) statement(rows.length - i).run(...rows.slice(i).flat());
}

function idMap(db: Db, sql: string): Map<string, number> {
  return new Map(sq(db).prepare(sql).raw().all() as [string, number][]);
}

/** A plan run is an operation of its own (`plan-run`): undoing it removes the run and its outputs. */
export async function storeRun(db: Db, run: NewRun, inputs: PlanningInputs, result: PlanResult, meta?: { argv?: string }): Promise<number> {
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
    insertRows(s, 'plan_run_supplier_payments', ['run_id', 'supplier_id', 'month', 'source', 'amount'], result.supplierPayments.map((p) => [runId, id(suppliers, p.supplier), p.month, p.source, p.amount]));
    insertRows(s, 'plan_run_cash_in', ['run_id', 'month', 'source', 'group_id', 'client_id', 'amount'], result.cashIn.map((c) => [runId, c.month, c.source, id(groups, c.group), id(clients, c.client), c.amount]));
    insertRows(
      s,
      'plan_run_order_cash',
      ['run_id', 'month', 'direction', 'document', 'party_id', 'amount'],
      result.orderCash.map((o) => [runId, o.month, o.direction, o.document, id(o.direction === 'in' ? clients : suppliers, o.party), o.amount]),
    );
    s.prepare('INSERT INTO plan_run_skus (run_id, data) VALUES (?, ?)').run(runId, packRun(inputs, result));
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

/** The outputs kept as rows; demand, inventory and purchases come from the run's SKUs. */
const OUTPUT_SQL: Record<'supplier-payments' | 'cash-in' | 'order-cash', string> = {
  'supplier-payments': `SELECT s.code AS supplier, x.month, x.amount, x.source
    FROM plan_run_supplier_payments x LEFT JOIN suppliers s ON s.id = x.supplier_id WHERE x.run_id = ? ORDER BY s.code, x.month, x.source`,
  'cash-in': `SELECT x.month, x.amount, x.source, g.code AS "group", c.code AS client
    FROM plan_run_cash_in x LEFT JOIN product_groups g ON g.id = x.group_id LEFT JOIN clients c ON c.id = x.client_id
    WHERE x.run_id = ? ORDER BY x.month, x.source, g.code, c.code`,
  'order-cash': `SELECT x.month, x.direction, x.document, COALESCE(c.code, s.code) AS party, x.amount
    FROM plan_run_order_cash x LEFT JOIN clients c ON x.direction = 'in' AND c.id = x.party_id
    LEFT JOIN suppliers s ON x.direction = 'out' AND s.id = x.party_id WHERE x.run_id = ? ORDER BY x.month, x.direction, x.document, party, x.amount`,
};

/** The per-SKU part of a run, unpacked (undefined: no such run). */
export async function storedRun(db: Db, runId: number): Promise<RunSkus | undefined> {
  const data = sq(db).prepare('SELECT data FROM plan_run_skus WHERE run_id = ?').pluck().get(runId) as string | undefined;
  return data === undefined ? undefined : readRun(data);
}

/** Today's group and supplier of every product (the outputs are shown by them, as the reports do). */
function currentProducts(db: Db): Map<string, { group: string; supplier: string | null }> {
  const rows = sq(db)
    .prepare('SELECT p.sku, g.code, s.code FROM products p JOIN product_groups g ON g.id = p.group_id LEFT JOIN suppliers s ON s.id = p.supplier_id')
    .raw()
    .all() as [string, string, string | null][];
  return new Map(rows.map(([sku, group, supplier]) => [sku, { group, supplier }]));
}

type OutputRow = Record<string, string | number | null>;

type Now = { group: string; supplier: string | null };

const demandRow = (d: DemandRow, now: Now): OutputRow => ({ sku: d.sku, group: d.group, month: d.month, amount: d.amount, qty: d.qty, product_group: now.group, supplier: now.supplier });

const inventoryRow = (i: InventoryRow, now: Now): OutputRow => ({
  sku: i.sku, month: i.month, opening: i.opening, scheduled: i.scheduled, planned: i.planned, demand: i.demand, closing: i.closing,
  min_stock: i.minStock, need: i.need, closing_value: i.closingValue, group: now.group, supplier: now.supplier,
});

const purchaseRow = (p: PurchaseRow, now: Now): OutputRow => ({
  sku: p.sku, supplier: p.supplier, receipt_month: p.receiptMonth, order_date: p.orderDate, qty: p.qty, amount: p.amount, late: p.late ? 1 : 0, group: now.group, month: p.receiptMonth,
});

/** One output of a run as rows: money flows from their tables; demand, inventory and purchases derived from the run's SKUs. */
export async function runRows(db: Db, runId: number, output: RunOutput): Promise<OutputRow[]> {
  if (output === 'supplier-payments' || output === 'cash-in' || output === 'order-cash') return sq(db).prepare(OUTPUT_SQL[output]).all(runId) as OutputRow[];
  const run = await storedRun(db, runId);
  if (!run) return [];
  const products = currentProducts(db);
  const out: OutputRow[] = [];
  for (const s of run.balances()) {
    // a product deleted since the run keeps the group and supplier it had
    const now = products.get(s.product.sku) ?? s.product;
    if (output === 'demand') for (const d of s.demand) out.push(demandRow(d, now));
    else if (output === 'inventory') for (const i of s.inventory) out.push(inventoryRow(i, now));
    else for (const p of s.purchases) out.push(purchaseRow(p, now));
  }
  return out;
}

/** One SKU of a run, as of the run: its trace for `plan explain`, its inventory and purchase rows. */
export async function runSku(db: Db, runId: number, sku: string): Promise<{ trace: SkuTrace; inventory: OutputRow[]; purchases: OutputRow[] } | undefined> {
  const plan = (await storedRun(db, runId))?.sku(sku);
  if (!plan) return undefined;
  const now = currentProducts(db).get(sku) ?? plan.trace;
  return { trace: plan.trace, inventory: plan.inventory.map((i) => inventoryRow(i, now)), purchases: plan.purchases.map((p) => purchaseRow(p, now)) };
}

/**
 * The runs `report plan-fact` can use: for every month some run covers, the newest run covering
 * it (runCovering). Pure: `runs` as id, first month and number of months.
 */
export function runsPlanFactUses(runs: { id: number; from: string; months: number }[]): Set<number> {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const covered = new Set<number>();
  const used = new Set<number>();
  for (const r of [...runs].sort((a, b) => b.id - a.id)) {
    const first = index(r.from);
    for (let m = first; m < first + r.months; m++) {
      if (covered.has(m)) continue;
      covered.add(m);
      used.add(r.id);
    }
  }
  return used;
}

/**
 * `crm plan runs --prune --keep N`: removes every run but the N newest and those plan-fact
 * uses, as one operation (`plan-prune`; undo puts them back). Returns the removed and the kept.
 */
export async function pruneRuns(db: Db, keep: number, meta: { argv?: string; user: string; startedAt: string }, dryRun = false): Promise<{ removed: number[]; kept: number[]; operation?: number }> {
  const s = sq(db);
  const runs = s.prepare('SELECT id, from_month AS "from", months FROM plan_runs ORDER BY id DESC').all() as { id: number; from: string; months: number }[];
  const used = runsPlanFactUses(runs);
  const kept = runs.filter((r, i) => i < keep || used.has(r.id)).map((r) => r.id);
  const removed = runs.filter((r) => !kept.includes(r.id)).map((r) => r.id);
  const done = await runOperation(
    db,
    { kind: 'plan-prune', command: 'plan runs --prune', argv: meta.argv, user: meta.user, startedAt: meta.startedAt },
    async (tx) => {
      const children = JOURNALED.plan_runs!.map((c) => s.prepare(`DELETE FROM ${c.table} WHERE ${c.fk} = ?`));
      const run = s.prepare('DELETE FROM plan_runs WHERE id = ?');
      for (const id of removed) {
        tx.journal.before('plan_runs', id, 'delete');
        for (const child of children) child.run(id);
        run.run(id);
      }
      return { result: removed.length, keep: true };
    },
    { dryRun },
  );
  return { removed: removed.sort((a, b) => a - b), kept: kept.sort((a, b) => a - b), operation: done.operation };
}
