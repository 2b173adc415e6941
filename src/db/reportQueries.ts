// The SQL behind src/reports/: set-based reads returning plain rows.
import type { Db } from './connection.js';
import { sq } from './handle.js';
import { withDescendants } from './masterData.js';
import { storedRun } from './planRuns.js';
import { rowsFiltered } from './rights.js';
import { parts } from './salesQueries.js';

/**
 * Where the sales facts of plan-fact and managers come from: `auto` = the monthly summaries
 * (src/db/salesSummary.ts) for whole months and the lines of cut months; `scan` = every
 * shipment line of the period (the reference the tests compare with).
 */
export type FactSource = 'auto' | 'scan';

/**
 * Rows of `scan(from, to)` (a query grouped by month over the shipment lines of [from, to]),
 * the whole months read by `summary(fromMonth, toMonth)` instead: months never straddle parts,
 * so the rows of the parts are the rows of the scan.
 */
function byMonthParts<T>(db: Db, from: string, to: string, source: FactSource, scan: (from: string, to: string) => T[], summary: (from: string, to: string) => T[]): T[] {
  if (source === 'scan') return scan(from, to);
  const out: T[] = [];
  for (const part of parts(sq(db), from, to)) out.push(...(part.summary ? summary(part.from, part.to) : scan(part.from, part.to)));
  return out;
}

/** Groups of `code` and its descendants (for --group filters). */
export async function groupWithDescendants(db: Db, code: string): Promise<Set<string> | undefined> {
  const rows = sq(db).prepare('SELECT g.code, p.code FROM product_groups g LEFT JOIN product_groups p ON p.id = g.parent_id').raw().all() as [string, string | null][];
  const parentOf = new Map(rows);
  return parentOf.has(code) ? withDescendants(code, parentOf) : undefined;
}

const CODE_COLUMN = { managers: 'code', clients: 'code', suppliers: 'code', products: 'sku' } as const;

/** Whether a manager, client, supplier or product with this code exists. */
export async function codeExists(db: Db, table: keyof typeof CODE_COLUMN, code: string): Promise<boolean> {
  return sq(db).prepare(`SELECT 1 FROM ${table} WHERE ${CODE_COLUMN[table]} = ?`).get(code) !== undefined;
}

export interface IlliquidProduct {
  sku: string;
  name: string;
  group: string;
  manager: string | null;
  supplier: string | null;
  cost: number;
  ownThreshold: number | null;
  lastSale: string | null;
  firstSeen: string | null;
}

/**
 * Where the reports read sales by SKU from: `facts` = the per-SKU monthly facts (whole months)
 * and the lines of partial months; `scan` = every shipment line (the reference the tests and
 * `crm db check` compare with).
 */
export type SalesSource = 'facts' | 'scan';

/**
 * The last sale on or before `day` per product: from the facts, the months before day's month
 * and the lines of its first days (the date index); or by scanning every line up to `day`.
 */
function lastSaleCte(source: SalesSource, day: string): { sql: string; params: string[] } {
  if (source === 'scan') {
    return { sql: 'SELECT l.product_id, MAX(s.date) AS date FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id WHERE s.date <= ? GROUP BY l.product_id', params: [day] };
  }
  const month = day.slice(0, 7);
  return {
    sql: `SELECT product_id, MAX(date) AS date FROM (
            SELECT product_id, last_date AS date FROM product_month_sales WHERE month < ?
            UNION ALL SELECT l.product_id, s.date FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id WHERE s.date >= ? AND s.date <= ?) x
          GROUP BY product_id`,
    params: [month, `${month}-01`, day],
  };
}

/** Every product with its last sale and first receipt or count on or before `day`. */
export async function illiquidCandidates(db: Db, day: string, source: SalesSource = 'facts'): Promise<IlliquidProduct[]> {
  const lastSale = lastSaleCte(source, day);
  return sq(db)
    .prepare(
      `WITH last_sale AS (${lastSale.sql}),
       first_receipt AS (SELECT l.product_id, MIN(r.date) AS date FROM receipts r JOIN receipt_lines l ON l.receipt_id = r.id WHERE r.date <= ? GROUP BY l.product_id),
       first_count AS (SELECT product_id, MIN(date) AS date FROM stock_counts WHERE date <= ? GROUP BY product_id)
       SELECT p.sku, p.name, g.code AS "group", m.code AS manager, su.code AS supplier, p.cost, p.illiquid_after_days AS ownThreshold, ls.date AS lastSale,
              CASE WHEN fr.date IS NULL THEN fc.date WHEN fc.date IS NULL OR fr.date < fc.date THEN fr.date ELSE fc.date END AS firstSeen
       FROM products p JOIN product_groups g ON g.id = p.group_id LEFT JOIN managers m ON m.id = p.manager_id LEFT JOIN suppliers su ON su.id = p.supplier_id
       LEFT JOIN last_sale ls ON ls.product_id = p.id LEFT JOIN first_receipt fr ON fr.product_id = p.id LEFT JOIN first_count fc ON fc.product_id = p.id
       ORDER BY p.sku`,
    )
    .all(...lastSale.params, day, day) as IlliquidProduct[];
}

/** Every group with its parent's code. */
export async function groupParents(db: Db): Promise<{ code: string; parent: string | null }[]> {
  return sq(db).prepare('SELECT g.code, p.code AS parent FROM product_groups g LEFT JOIN product_groups p ON p.id = g.parent_id').all() as { code: string; parent: string | null }[];
}

export async function groupThresholds(db: Db): Promise<{ code: string; parent: string | null; days: number | null }[]> {
  return sq(db)
    .prepare('SELECT g.code, p.code AS parent, g.illiquid_after_days AS days FROM product_groups g LEFT JOIN product_groups p ON p.id = g.parent_id')
    .all() as { code: string; parent: string | null; days: number | null }[];
}

export async function setting(db: Db, key: string): Promise<string | undefined> {
  return (sq(db).prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

/** Every client with its name and the card's manager. */
export async function clientCards(db: Db): Promise<{ code: string; name: string; manager: string | null }[]> {
  return sq(db)
    .prepare('SELECT c.code, c.name, m.code AS manager FROM clients c LEFT JOIN managers m ON m.id = c.manager_id ORDER BY c.code')
    .all() as { code: string; name: string; manager: string | null }[];
}

/** The version of a plan kind a plan-fact compares with: latest, baseline (the first version with cells in `year`) or a number. */
export async function planVersionFor(db: Db, kind: string, version: 'latest' | 'baseline' | number, year: string): Promise<{ id: number; number: number } | undefined> {
  const table = kind === 'sales' ? 'plan_sales' : kind === 'managers' ? 'plan_managers' : 'plan_min_stock';
  const sql =
    version === 'latest'
      ? 'SELECT id, number FROM plan_versions WHERE kind = ? ORDER BY number DESC LIMIT 1'
      : version === 'baseline'
        ? `SELECT v.id, v.number FROM plan_versions v WHERE v.kind = ? AND EXISTS (SELECT 1 FROM ${table} c WHERE c.version_id = v.id AND c.month LIKE ?) ORDER BY v.number LIMIT 1`
        : 'SELECT id, number FROM plan_versions WHERE kind = ? AND number = ?';
  const args = version === 'latest' ? [kind] : version === 'baseline' ? [kind, `${year}-%`] : [kind, version];
  return sq(db).prepare(sql).get(...args) as { id: number; number: number } | undefined;
}

/** Sales-plan cells of a version within [fromMonth, toMonth]. */
export async function salesPlanCells(db: Db, versionId: number, fromMonth: string, toMonth: string): Promise<{ group: string; month: string; amount: number }[]> {
  return sq(db)
    .prepare(
      `SELECT g.code AS "group", c.month, c.amount FROM plan_sales c JOIN product_groups g ON g.id = c.group_id
       WHERE c.version_id = ? AND c.month >= ? AND c.month <= ? ORDER BY g.code, c.month`,
    )
    .all(versionId, fromMonth, toMonth) as { group: string; month: string; amount: number }[];
}

/** Shipment amounts by the product's own group and month within [from, to] (days). */
export async function salesFactsByGroup(db: Db, from: string, to: string, source: FactSource = 'auto'): Promise<{ group: string; month: string; amount: number }[]> {
  type Cell = { group: string; month: string; amount: number };
  // a user the server shows some clients only reads the client × group summary (the group one sums all clients)
  const summary = rowsFiltered(db) ? 'sales_summary_client_group' : 'sales_summary';
  return byMonthParts<Cell>(
    db,
    from,
    to,
    source,
    (a, b) =>
      sq(db)
        .prepare(
          `SELECT g.code AS "group", substr(s.date, 1, 7) AS month, SUM(l.amount) AS amount
           FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id JOIN products p ON p.id = l.product_id JOIN product_groups g ON g.id = p.group_id
           WHERE s.date >= ? AND s.date <= ? GROUP BY g.code, month`,
        )
        .all(a, b) as Cell[],
    (a, b) =>
      sq(db)
        .prepare(`SELECT g.code AS "group", x.month, SUM(x.amount) AS amount FROM ${summary} x JOIN product_groups g ON g.id = x.group_id WHERE x.month >= ? AND x.month <= ? GROUP BY g.code, x.month`)
        .all(a, b) as Cell[],
  );
}

export async function managerPlanCells(db: Db, versionId: number, fromMonth: string, toMonth: string): Promise<{ manager: string; indicator: string; month: string; value: number }[]> {
  return sq(db)
    .prepare(
      `SELECT m.code AS manager, c.indicator, c.month, c.value FROM plan_managers c JOIN managers m ON m.id = c.manager_id
       WHERE c.version_id = ? AND c.month >= ? AND c.month <= ? ORDER BY m.code, c.indicator, c.month`,
    )
    .all(versionId, fromMonth, toMonth) as { manager: string; indicator: string; month: string; value: number }[];
}

/** SPEC §5 manager facts by manager and month within [from, to] (days); money in kopecks. */
export async function managerFacts(db: Db, from: string, to: string, source: FactSource = 'auto') {
  const q = <T>(sql: string) => sq(db).prepare(sql).all(from, to) as T[];
  // revenue and margin: the order's manager, else the client's manager (null: neither has one —
  // those sales are still the company's, in a row of their own); whole months from the client
  // summary, whose manager_id is the order's (0: none)
  type Revenue = { manager: string | null; month: string; amount: number; cost: number };
  const revenue = byMonthParts<Revenue>(
    db,
    from,
    to,
    source,
    (a, b) =>
      sq(db)
        .prepare(
          `SELECT m.code AS manager, substr(s.date, 1, 7) AS month, SUM(l.amount) AS amount, SUM(l.cost) AS cost
           FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id JOIN clients c ON c.id = s.client_id
           LEFT JOIN sales_orders o ON o.id = s.order_id LEFT JOIN managers m ON m.id = COALESCE(o.manager_id, c.manager_id)
           WHERE s.date >= ? AND s.date <= ? GROUP BY m.code, month`,
        )
        .all(a, b) as Revenue[],
    (a, b) =>
      sq(db)
        .prepare(
          `SELECT m.code AS manager, x.month, SUM(x.amount) AS amount, SUM(x.cost) AS cost
           FROM sales_summary_client x JOIN clients c ON c.id = x.client_id LEFT JOIN managers m ON m.id = COALESCE(NULLIF(x.manager_id, 0), c.manager_id)
           WHERE x.month >= ? AND x.month <= ? GROUP BY m.code, x.month`,
        )
        .all(a, b) as Revenue[],
  );
  // orders dated in the month, not refused, and their amount
  const orders = q<{ manager: string | null; month: string; orders: number; amount: number }>(
    `SELECT m.code AS manager, substr(o.date, 1, 7) AS month, COUNT(DISTINCT o.id) AS orders, SUM(l.qty * l.price) AS amount
     FROM sales_orders o JOIN sales_order_lines l ON l.order_id = o.id JOIN clients c ON c.id = o.client_id
     LEFT JOIN managers m ON m.id = COALESCE(o.manager_id, c.manager_id)
     WHERE o.date >= ? AND o.date <= ? AND o.status <> 'refused' GROUP BY m.code, month`,
  );
  // clients whose first ever shipment falls in the month, by the client's manager
  const newClients = q<{ manager: string | null; month: string; clients: number }>(
    `WITH first AS (SELECT client_id, MIN(date) AS date FROM shipments GROUP BY client_id)
     SELECT m.code AS manager, substr(f.date, 1, 7) AS month, COUNT(*) AS clients
     FROM first f JOIN clients c ON c.id = f.client_id LEFT JOIN managers m ON m.id = c.manager_id
     WHERE f.date >= ? AND f.date <= ? GROUP BY m.code, month`,
  );
  const collected = q<{ manager: string | null; month: string; amount: number }>(
    `SELECT m.code AS manager, substr(p.date, 1, 7) AS month, SUM(p.amount) AS amount
     FROM client_payments p JOIN clients c ON c.id = p.client_id LEFT JOIN managers m ON m.id = c.manager_id
     WHERE p.date >= ? AND p.date <= ? GROUP BY m.code, month`,
  );
  return { revenue, orders, newClients, collected };
}

/** Lines of refused orders dated in [from, to], with reason, group, client and manager (the order's, else the client's). */
export async function refusalLines(db: Db, from: string, to: string) {
  return sq(db)
    .prepare(
      `SELECT o.order_no, COALESCE(r.code, '(none)') AS reason, r.name, g.code AS "group", c.code AS client, m.code AS manager, l.qty * l.price AS amount
       FROM sales_orders o JOIN sales_order_lines l ON l.order_id = o.id LEFT JOIN refusal_reasons r ON r.id = o.refusal_reason_id
       JOIN products p ON p.id = l.product_id JOIN product_groups g ON g.id = p.group_id JOIN clients c ON c.id = o.client_id
       LEFT JOIN managers m ON m.id = COALESCE(o.manager_id, c.manager_id)
       WHERE o.status = 'refused' AND o.date >= ? AND o.date <= ?`,
    )
    .all(from, to) as { order_no: string; reason: string; name: string | null; group: string; client: string; manager: string | null; amount: number }[];
}

export async function potentialRows(db: Db, from: string, to: string) {
  return sq(db)
    .prepare(
      `SELECT c.code AS client, c.name, m.code AS manager, c.purchase_potential AS potential,
              COALESCE((SELECT SUM(s.amount) FROM shipments s WHERE s.client_id = c.id AND s.date >= ? AND s.date <= ?), 0) AS purchases
       FROM clients c LEFT JOIN managers m ON m.id = c.manager_id ORDER BY c.code`,
    )
    .all(from, to) as { client: string; name: string; manager: string | null; potential: number | null; purchases: number }[];
}

export async function managerRows(db: Db, from: string, to: string, source: FactSource = 'auto') {
  const facts = await managerFacts(db, from, to, source);
  const names = new Map(sq(db).prepare('SELECT code, name FROM managers').raw().all() as [string, string][]);
  const out = new Map<string | null, { manager: string | null; name: string | null; revenue: number; cost: number; orders: number; order_amount: number }>();
  const row = (manager: string | null) => {
    let r = out.get(manager);
    if (!r) out.set(manager, (r = { manager, name: manager === null ? '(no manager)' : (names.get(manager) ?? null), revenue: 0, cost: 0, orders: 0, order_amount: 0 }));
    return r;
  };
  for (const r of facts.revenue) {
    row(r.manager).revenue += r.amount;
    row(r.manager).cost += r.cost;
  }
  for (const r of facts.orders) {
    row(r.manager).orders += r.orders;
    row(r.manager).order_amount += r.amount;
  }
  // the sales of clients without a manager last
  return [...out.values()].sort((a, b) => (a.manager === null ? 1 : b.manager === null ? -1 : a.manager < b.manager ? -1 : 1));
}

/** Orders of the period with their granted terms, the card's, and the client's balance before the order. */
export async function termRows(db: Db, from: string, to: string) {
  return sq(db)
    .prepare(
      `WITH amounts AS (SELECT order_id, SUM(qty * price) AS amount FROM sales_order_lines GROUP BY order_id)
       SELECT o.order_no, o.date, c.code AS client, mo.code AS manager, o.discount_pct AS granted_discount, c.discount_pct AS card_discount,
              o.deferral_days AS granted_deferral, c.deferral_days AS card_deferral, c.credit_limit, a.amount,
              COALESCE((SELECT SUM(s.amount) FROM shipments s WHERE s.client_id = c.id AND s.date < o.date), 0)
              - COALESCE((SELECT SUM(p.amount) FROM client_payments p WHERE p.client_id = c.id AND p.date < o.date), 0) AS balance_before
       FROM sales_orders o JOIN clients c ON c.id = o.client_id JOIN amounts a ON a.order_id = o.id
       LEFT JOIN managers mo ON mo.id = COALESCE(o.manager_id, c.manager_id)
       WHERE o.date >= ? AND o.date <= ? AND o.status <> 'refused' ORDER BY o.date, o.order_no`,
    )
    .all(from, to) as {
    order_no: string; date: string; client: string; manager: string | null; granted_discount: number | null; card_discount: number;
    granted_deferral: number | null; card_deferral: number; credit_limit: number | null; amount: number; balance_before: number;
  }[];
}

/** Stock movements of every SKU by day within [from, to]: counts (absolute), receipts, shipments. */
export async function stockEvents(db: Db, from: string, to: string) {
  return sq(db)
    .prepare(
      `SELECT p.sku, e.date, e.kind, SUM(e.qty) AS qty FROM (
         SELECT product_id, date, 'count' AS kind, qty FROM stock_counts WHERE date >= ? AND date <= ?
         UNION ALL SELECT l.product_id, r.date, 'in', l.qty FROM receipts r JOIN receipt_lines l ON l.receipt_id = r.id WHERE r.date >= ? AND r.date <= ?
         UNION ALL SELECT l.product_id, s.date, 'out', l.qty FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id WHERE s.date >= ? AND s.date <= ?) e
       JOIN products p ON p.id = e.product_id GROUP BY p.sku, e.date, e.kind ORDER BY p.sku, e.date`,
    )
    .all(from, to, from, to, from, to) as { sku: string; date: string; kind: 'count' | 'in' | 'out'; qty: number }[];
}

type StockEventRow = { sku: string; date: string; kind: 'count' | 'in' | 'out'; qty: number };

/**
 * What low-profit-stock needs over [from, to], reading the shipment lines only where the
 * per-SKU monthly facts cannot stand in for them: `dayRanges` (the partial months at the
 * ends) and, within the whole months `[firstMonth, lastMonth]`, the months in which a SKU
 * was counted (a count resets the level mid-month). Elsewhere a SKU's month of shipments
 * comes as one `block`: its qty and Σ qty × day of month. Counts and receipts come by day.
 */
export async function lowProfitInputs(db: Db, from: string, to: string, whole: { firstMonth: string; lastMonth: string } | undefined, dayRanges: [string, string][]) {
  const s = sq(db);
  const events = s
    .prepare(
      `SELECT p.sku, e.date, e.kind, SUM(e.qty) AS qty FROM (
         SELECT product_id, date, 'count' AS kind, qty FROM stock_counts WHERE date >= ? AND date <= ?
         UNION ALL SELECT l.product_id, r.date, 'in', l.qty FROM receipts r JOIN receipt_lines l ON l.receipt_id = r.id WHERE r.date >= ? AND r.date <= ?) e
       JOIN products p ON p.id = e.product_id GROUP BY p.sku, e.date, e.kind`,
    )
    .all(from, to, from, to) as StockEventRow[];
  const margins = new Map<string, number>();
  const addMargin = (sku: string, margin: number) => margins.set(sku, (margins.get(sku) ?? 0) + margin);
  const shippedByDay = s.prepare(
    `SELECT p.sku, s.date, 'out' AS kind, SUM(l.qty) AS qty, SUM(l.amount) - SUM(l.cost) AS margin
     FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id JOIN products p ON p.id = l.product_id
     WHERE s.date >= ? AND s.date <= ? GROUP BY p.sku, s.date`,
  );
  for (const [a, b] of dayRanges) {
    for (const r of shippedByDay.all(a, b) as (StockEventRow & { margin: number })[]) {
      events.push({ sku: r.sku, date: r.date, kind: 'out', qty: r.qty });
      addMargin(r.sku, r.margin);
    }
  }
  const blocks: { sku: string; month: string; qty: number; qty_days: number }[] = [];
  if (whole) {
    const [first, last] = [`${whole.firstMonth}-01`, `${whole.lastMonth}-31`];
    for (const r of s
      .prepare('SELECT p.sku, SUM(f.amount) - SUM(f.cost) AS margin FROM product_month_sales f JOIN products p ON p.id = f.product_id WHERE f.month >= ? AND f.month <= ? GROUP BY p.sku')
      .all(whole.firstMonth, whole.lastMonth) as { sku: string; margin: number }[]) {
      addMargin(r.sku, r.margin);
    }
    const countedMonths = s.prepare('SELECT DISTINCT substr(date, 1, 7) FROM stock_counts WHERE date >= ? AND date <= ?').pluck().all(first, last) as string[];
    const countedShipments = s.prepare(
      `SELECT p.sku, s.date, 'out' AS kind, SUM(l.qty) AS qty FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id JOIN products p ON p.id = l.product_id
       WHERE s.date >= ? AND s.date <= ? AND EXISTS (SELECT 1 FROM stock_counts c WHERE c.product_id = l.product_id AND c.date >= ? AND c.date <= ?)
       GROUP BY p.sku, s.date`,
    );
    // rows pushed one by one: a month of a 10,000,000-line company is ~150,000 rows, too many
    // for push(...rows) (the arguments go on the stack: "Maximum call stack size exceeded")
    for (const month of countedMonths) for (const row of countedShipments.all(`${month}-01`, `${month}-31`, `${month}-01`, `${month}-31`) as StockEventRow[]) events.push(row);
    const wholeMonths = s
      .prepare(
        `SELECT p.sku, f.month, f.qty, f.qty_days FROM product_month_sales f JOIN products p ON p.id = f.product_id
         WHERE f.month >= ? AND f.month <= ?
           AND NOT EXISTS (SELECT 1 FROM stock_counts c WHERE c.product_id = f.product_id AND c.date >= (f.month || '-01') AND c.date <= (f.month || '-31'))`,
      )
      .all(whole.firstMonth, whole.lastMonth) as { sku: string; month: string; qty: number; qty_days: number }[];
    for (const block of wholeMonths) blocks.push(block);
  }
  return { events, blocks, margins };
}

export async function marginsBySku(db: Db, from: string, to: string) {
  return sq(db)
    .prepare(
      `SELECT p.sku, p.name, p.cost, g.code AS "group", SUM(l.amount) - SUM(l.cost) AS margin
       FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id JOIN products p ON p.id = l.product_id JOIN product_groups g ON g.id = p.group_id
       WHERE s.date >= ? AND s.date <= ? GROUP BY p.id, g.code ORDER BY p.sku`,
    )
    .all(from, to) as { sku: string; name: string; cost: number; group: string; margin: number }[];
}

export async function productCostsAndNames(db: Db) {
  return sq(db)
    .prepare(
      `SELECT p.sku, p.name, p.cost, g.code AS "group", m.code AS manager, su.code AS supplier FROM products p JOIN product_groups g ON g.id = p.group_id
       LEFT JOIN managers m ON m.id = p.manager_id LEFT JOIN suppliers su ON su.id = p.supplier_id ORDER BY p.sku`,
    )
    .all() as { sku: string; name: string; cost: number; group: string; manager: string | null; supplier: string | null }[];
}

/** Every product with what decides its illiquid threshold (its own, its group). */
export async function productThresholds(db: Db): Promise<{ id: number; sku: string; group: string; ownThreshold: number | null }[]> {
  return sq(db)
    .prepare('SELECT p.id, p.sku, g.code AS "group", p.illiquid_after_days AS ownThreshold FROM products p JOIN product_groups g ON g.id = p.group_id')
    .all() as { id: number; sku: string; group: string; ownThreshold: number | null }[];
}

/** A shipment line with what illiquid-sales needs: the same SKU's previous sale, its first receipt or count. */
export interface LineWithPreviousSale {
  sku: string; name: string; group: string; manager: string | null; client: string; product_cost: number; ownThreshold: number | null;
  date: string; qty: number; amount: number; cost: number; previous_sale: string | null; first_seen: string | null;
}

const FIRST_SEEN = `SELECT product_id, MIN(date) AS date FROM (
           SELECT l.product_id, r.date FROM receipts r JOIN receipt_lines l ON l.receipt_id = r.id
           UNION ALL SELECT product_id, date FROM stock_counts) fs GROUP BY product_id`;

/**
 * The shipment lines of [from, to] that can be sales of an illiquid SKU when every threshold
 * is at least `minThreshold` > 30 days: a gap that long between two sale days of a SKU ends
 * at the first sale day of a month (two sale days of one month are at most 30 days apart),
 * so only the lines of those days are read — found from the facts (the month's first sale,
 * the last sale of the months before), with their previous sale.
 */
export function monthFirstSaleLines(db: Db, from: string, to: string, minThreshold: number): Iterable<LineWithPreviousSale> {
  return sq(db)
    .prepare(
      `WITH months AS (
         SELECT product_id, first_date,
                MAX(last_date) OVER (PARTITION BY product_id ORDER BY month ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_sale
         FROM product_month_sales WHERE month <= ?),
       candidates AS (
         SELECT product_id, first_date, previous_sale FROM months
         WHERE first_date >= ? AND first_date <= ? AND (previous_sale IS NULL OR julianday(first_date) - julianday(previous_sale) >= ?)),
       first_seen AS (${FIRST_SEEN})
       SELECT p.sku, p.name, g.code AS "group", m.code AS manager, c.code AS client, p.cost AS product_cost, p.illiquid_after_days AS ownThreshold,
              s.date, l.qty, l.amount, l.cost, x.previous_sale, f.date AS first_seen
       FROM candidates x JOIN shipment_lines l ON l.product_id = x.product_id JOIN shipments s ON s.id = l.shipment_id AND s.date = x.first_date
       JOIN clients c ON c.id = s.client_id LEFT JOIN sales_orders o ON o.id = s.order_id
       JOIN products p ON p.id = x.product_id JOIN product_groups g ON g.id = p.group_id
       LEFT JOIN managers m ON m.id = COALESCE(o.manager_id, c.manager_id) LEFT JOIN first_seen f ON f.product_id = x.product_id`,
    )
    .iterate(to.slice(0, 7), from, to, minThreshold) as Iterable<LineWithPreviousSale>;
}

/**
 * Shipment lines of [from, to] with the date of the same SKU's previous sale: within the
 * period from the line before it, for a SKU's first line of the period from its last sale
 * before the period (one aggregate, so only the period's lines are sorted).
 */
export function linesWithPreviousSale(db: Db, from: string, to: string) {
  return sq(db)
    .prepare(
      `WITH lines AS (
         SELECT s.date, l.product_id, l.qty, l.amount, l.cost, COALESCE(o.manager_id, c.manager_id) AS manager_id, c.code AS client,
                -- the same SKU's last sale on an earlier day (two sales of one day are not each other's previous)
                MAX(s.date) OVER (PARTITION BY l.product_id ORDER BY julianday(s.date) RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_sale
         FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id JOIN clients c ON c.id = s.client_id
         LEFT JOIN sales_orders o ON o.id = s.order_id WHERE s.date >= ? AND s.date <= ?),
       before AS (
         SELECT l.product_id, MAX(s.date) AS date FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id
         WHERE s.date < ? GROUP BY l.product_id),
       first_seen AS (${FIRST_SEEN})
       SELECT p.sku, p.name, g.code AS "group", m.code AS manager, x.client, p.cost AS product_cost, p.illiquid_after_days AS ownThreshold,
              x.date, x.qty, x.amount, x.cost, COALESCE(x.previous_sale, b.date) AS previous_sale, f.date AS first_seen
       FROM lines x JOIN products p ON p.id = x.product_id JOIN product_groups g ON g.id = p.group_id
       LEFT JOIN managers m ON m.id = x.manager_id LEFT JOIN before b ON b.product_id = x.product_id
       LEFT JOIN first_seen f ON f.product_id = x.product_id`,
    )
    .iterate(from, to, from) as Iterable<LineWithPreviousSale>;
}

/** Reservations touching [from, to], valued at the product's cost, with whether their order was shipped. */
export async function reservationRows(db: Db, from: string, to: string) {
  return sq(db)
    .prepare(
      `SELECT g.code AS "group", r.qty * p.cost AS value, r.reserved_date, r.released_date,
              EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = r.order_id) AS shipped, c.code AS client, m.code AS manager
       FROM reservations r JOIN products p ON p.id = r.product_id JOIN product_groups g ON g.id = p.group_id
       JOIN sales_orders o ON o.id = r.order_id JOIN clients c ON c.id = o.client_id LEFT JOIN managers m ON m.id = COALESCE(o.manager_id, c.manager_id)
       WHERE r.reserved_date <= ? AND (r.released_date IS NULL OR r.released_date >= ?)`,
    )
    .all(to, from) as {
    group: string; value: number; reserved_date: string; released_date: string | null; shipped: number; client: string; manager: string | null;
  }[];
}

/** The newest plan run whose horizon contains `month`. */
export async function runCovering(db: Db, month: string): Promise<{ id: number; from: string; months: number } | undefined> {
  const runs = sq(db).prepare('SELECT id, from_month AS "from", months FROM plan_runs ORDER BY id DESC').all() as { id: number; from: string; months: number }[];
  return runs.find((r) => {
    const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
    return index(month) >= index(r.from) && index(month) < index(r.from) + r.months;
  });
}

export interface MoneyCell {
  key: string | null;
  month: string;
  amount: number;
}

/** The money plans of a run (SPEC §4 outputs) by dimension and month, kopecks. */
export async function runPlans(db: Db, runId: number): Promise<Record<'cash_in' | 'purchases' | 'supplier_payments' | 'inventory' | 'order_cash', MoneyCell[]>> {
  const q = (sql: string) => sq(db).prepare(sql).all(runId) as MoneyCell[];
  // purchases by the supplier of the run, closing stock value by today's group of the product
  const groupOf = new Map(sq(db).prepare('SELECT p.sku, g.code FROM products p JOIN product_groups g ON g.id = p.group_id').raw().all() as [string, string][]);
  const purchases = new Map<string, MoneyCell>();
  const inventory = new Map<string, MoneyCell>();
  const add = (cells: Map<string, MoneyCell>, key: string | null, month: string, amount: number) => {
    const k = `${key}|${month}`;
    const cell = cells.get(k);
    if (cell) cell.amount += amount;
    else cells.set(k, { key, month, amount });
  };
  for (const s of (await storedRun(db, runId))?.balances() ?? []) {
    for (const p of s.purchases) add(purchases, p.supplier, p.receiptMonth, p.amount);
    const group = groupOf.get(s.product.sku) ?? s.product.group;
    for (const i of s.inventory) add(inventory, group, i.month, i.closingValue);
  }
  return {
    cash_in: q("SELECT NULL AS key, month, SUM(amount) AS amount FROM plan_run_cash_in WHERE run_id = ? GROUP BY month"),
    purchases: [...purchases.values()],
    supplier_payments: q(
      'SELECT s.code AS key, x.month, SUM(x.amount) AS amount FROM plan_run_supplier_payments x LEFT JOIN suppliers s ON s.id = x.supplier_id WHERE x.run_id = ? GROUP BY s.code, x.month',
    ),
    inventory: [...inventory.values()],
    order_cash: q('SELECT direction AS key, month, SUM(amount) AS amount FROM plan_run_order_cash WHERE run_id = ? GROUP BY direction, month'),
  };
}

/** Facts for the run plans within [from, to] (days), kopecks. */
export async function runFacts(db: Db, from: string, to: string): Promise<Record<'cash_in' | 'purchases' | 'supplier_payments' | 'order_cash', MoneyCell[]>> {
  const q = (sql: string) => sq(db).prepare(sql).all(from, to) as MoneyCell[];
  return {
    cash_in: q('SELECT NULL AS key, substr(date, 1, 7) AS month, SUM(amount) AS amount FROM client_payments WHERE date >= ? AND date <= ? GROUP BY month'),
    purchases: q(
      'SELECT s.code AS key, substr(r.date, 1, 7) AS month, SUM(r.amount) AS amount FROM receipts r JOIN suppliers s ON s.id = r.supplier_id WHERE r.date >= ? AND r.date <= ? GROUP BY s.code, month',
    ),
    supplier_payments: q(
      'SELECT s.code AS key, substr(p.date, 1, 7) AS month, SUM(p.amount) AS amount FROM supplier_payments p JOIN suppliers s ON s.id = p.supplier_id WHERE p.date >= ? AND p.date <= ? GROUP BY s.code, month',
    ),
    order_cash: sq(db)
      .prepare(
        `SELECT 'in' AS key, substr(date, 1, 7) AS month, SUM(amount) AS amount FROM client_payments WHERE order_id IS NOT NULL AND date >= ? AND date <= ? GROUP BY month
         UNION ALL
         SELECT 'out', substr(date, 1, 7), SUM(amount) FROM supplier_payments WHERE po_id IS NOT NULL AND date >= ? AND date <= ? GROUP BY substr(date, 1, 7)`,
      )
      .all(from, to, from, to) as MoneyCell[],
  };
}

export async function productGroupsBySku(db: Db): Promise<Map<string, { group: string; cost: number }>> {
  const rows = sq(db).prepare('SELECT p.sku, g.code, p.cost FROM products p JOIN product_groups g ON g.id = p.group_id').raw().all() as [string, string, number][];
  return new Map(rows.map(([sku, group, cost]) => [sku, { group, cost }]));
}

/** Qty reserved per SKU at the end of `day` (reserved on or before it, not yet released). */
export async function reservedAt(db: Db, day: string): Promise<Map<string, number>> {
  const rows = sq(db)
    .prepare(
      `SELECT p.sku, SUM(r.qty) FROM reservations r JOIN products p ON p.id = r.product_id
       WHERE r.reserved_date <= ? AND (r.released_date IS NULL OR r.released_date > ?) GROUP BY p.sku`,
    )
    .raw()
    .all(day, day) as [string, number][];
  return new Map(rows);
}

/** Shipped qty per SKU within [from, to]. */
export async function shippedQty(db: Db, from: string, to: string): Promise<Map<string, number>> {
  const rows = sq(db)
    .prepare(
      `SELECT p.sku, SUM(l.qty) FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id JOIN products p ON p.id = l.product_id
       WHERE s.date >= ? AND s.date <= ? GROUP BY p.sku`,
    )
    .raw()
    .all(from, to) as [string, number][];
  return new Map(rows);
}
