// Per-SKU monthly sales facts (schema.ts `product_month_sales`): what the illiquid reports,
// low-profit-stock and the plan's history need from the shipment lines, a few rows per SKU
// instead of every line — the last sale before a day, the first sale of each month, the
// month's qty, amount and cost, and Σ qty × day of month (the month's stock-days moved out).
//
// Kept by the sales summaries' writer (src/db/salesSummary.ts) in the same transaction:
// a shipment written adds to its SKUs' months (sums add up, first and last days merge);
// a shipment taken out (changed, deleted, undone) cannot be subtracted from a first or last
// day, so its SKU-months are recomputed from the stored lines when the writer flushes.
import { isPostgres, type Sqlite } from './sqlite.js';
import { upsertByCopy } from './pgCopy.js';
import { writesUnderRights } from './rights.js';

/** The facts of shipment lines by SKU and month; `WHERE` and `GROUP BY` added by the caller. */
const FACTS_OF_LINES = `SELECT l.product_id AS product_id, substr(s.date, 1, 7) AS month, SUM(l.amount) AS amount, SUM(l.qty) AS qty, SUM(l.cost) AS cost,
  COUNT(*) AS lines, SUM(l.qty * CAST(substr(s.date, 9, 2) AS INTEGER)) AS qty_days, MIN(s.date) AS first_date, MAX(s.date) AS last_date
  FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id`;
const GROUPED = 'GROUP BY l.product_id, substr(s.date, 1, 7)';
const COLUMNS = 'product_id, month, amount, qty, cost, lines, qty_days, first_date, last_date';

/** Recompute every fact from the shipment lines (`crm db rebuild-summaries`, migrations, big moves). */
export function rebuildProductFacts(sqlite: Sqlite): number {
  sqlite.exec('DELETE FROM product_month_sales');
  return sqlite.prepare(`INSERT INTO product_month_sales (${COLUMNS}) ${FACTS_OF_LINES} ${GROUPED}`).run().changes;
}

// qty is REAL: sums in another order may differ in the last bits
const CANONICAL = 'product_id, month, amount, round(qty, 6), cost, lines, round(qty_days, 6), first_date, last_date';
const SCANNED = `SELECT product_id, month, amount, round(qty, 6), cost, lines, round(qty_days, 6), first_date, last_date
  FROM (${FACTS_OF_LINES} ${GROUPED}) f`;

/** A fact that differs from a full scan of the shipment lines. */
export interface FactDifference {
  sku: string;
  month: string;
  /** `stored`: the fact is wrong or should not be there; `missing`: the scan has a fact the table lacks. */
  kind: 'stored' | 'missing';
}

/** Compare the facts with a full scan of the shipment lines, reading only: how many differ, and the first few. */
export function compareProductFacts(sqlite: Sqlite, sample = 5): { rows: number; differed: number; samples: FactDifference[] } {
  const stored = `SELECT ${CANONICAL} FROM product_month_sales`;
  let differed = 0;
  const samples: FactDifference[] = [];
  for (const [kind, a, b] of [['stored', stored, SCANNED], ['missing', SCANNED, stored]] as const) {
    const found = sqlite
      .prepare(`SELECT COALESCE(p.sku, CAST(d.product_id AS TEXT)) AS sku, d.month FROM (${a} EXCEPT ${b}) d LEFT JOIN products p ON p.id = d.product_id ORDER BY 1, 2`)
      .all() as { sku: string; month: string }[];
    differed += found.length;
    for (const f of found.slice(0, Math.max(0, sample - samples.length))) samples.push({ ...f, kind });
  }
  return { rows: sqlite.prepare('SELECT COUNT(*) FROM product_month_sales').pluck().get() as number, differed, samples };
}

/** How a new SKU-month merges into a stored one: sums add up, first and last days merge. */
const MERGE = `amount = product_month_sales.amount + excluded.amount, qty = product_month_sales.qty + excluded.qty, cost = product_month_sales.cost + excluded.cost,
  lines = product_month_sales.lines + excluded.lines, qty_days = product_month_sales.qty_days + excluded.qty_days,
  first_date = CASE WHEN excluded.first_date < product_month_sales.first_date THEN excluded.first_date ELSE product_month_sales.first_date END,
  last_date = CASE WHEN excluded.last_date > product_month_sales.last_date THEN excluded.last_date ELSE product_month_sales.last_date END`;

/** Dirty SKU-months of one month above this are recomputed as the whole month from the date index. */
const WHOLE_MONTH_ABOVE = 100;

interface Pending {
  productId: number;
  month: string;
  amount: number;
  qty: number;
  cost: number;
  lines: number;
  qtyDays: number;
  first: string;
  last: string;
}

/** Changes to the facts gathered during a write and written once by `flush`. */
export class ProductFactsWriter {
  /** month → product id → sums (no key text built per line). */
  private readonly pending = new Map<string, Map<number, Pending>>();
  private pendingCount = 0;
  /** month → SKUs whose stored lines changed in ways a sum cannot follow: recomputed at flush. */
  private readonly dirty = new Map<string, Set<number>>();

  constructor(private readonly sqlite: Sqlite) {}

  /** SKU-months pending. */
  get size(): number {
    return this.pendingCount;
  }

  /** A shipment's lines of one SKU on `date`, just written. */
  add(productId: number, date: string, amount: number, qty: number, cost: number, lines: number, qtyDays: number): void {
    const month = date.slice(0, 7);
    let byProduct = this.pending.get(month);
    if (!byProduct) this.pending.set(month, (byProduct = new Map()));
    const p = byProduct.get(productId);
    if (!p) {
      byProduct.set(productId, { productId, month, amount, qty, cost, lines, qtyDays, first: date, last: date });
      this.pendingCount++;
      return;
    }
    p.amount += amount;
    p.qty += qty;
    p.cost += cost;
    p.lines += lines;
    p.qtyDays += qtyDays;
    if (date < p.first) p.first = date;
    if (date > p.last) p.last = date;
  }

  /** Stored lines of this SKU and month are about to change or go. */
  retract(productId: number, month: string): void {
    let set = this.dirty.get(month);
    if (!set) this.dirty.set(month, (set = new Set()));
    set.add(productId);
  }

  /** Forget everything pending (the caller rebuilt the facts). */
  clear(): void {
    this.pending.clear();
    this.pendingCount = 0;
    this.dirty.clear();
  }

  flush(): void {
    const whole = new Set([...this.dirty].filter(([, skus]) => skus.size > WHOLE_MONTH_ABOVE).map(([month]) => month));
    const upsert = this.sqlite.prepare(`INSERT INTO product_month_sales AS t (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (product_id, month) DO UPDATE SET ${MERGE.replaceAll('product_month_sales.', 't.')}`);
    // a recomputed SKU-month reads the stored lines, these included
    const added = [...this.pending.values()].flatMap((m) => [...m.values()]).filter((p) => !whole.has(p.month) && !this.dirty.get(p.month)?.has(p.productId));
    if (isPostgres(this.sqlite) && !writesUnderRights(this.sqlite)) {
      // PostgreSQL: the same upsert set-based, one COPY and one statement (a round trip per SKU-month costs ~0.5 ms there)
      const rows = added.map((p) => [p.productId, p.month, p.amount, p.qty, p.cost, p.lines, p.qtyDays, p.first, p.last]);
      upsertByCopy(this.sqlite, 'product_month_sales', ['product_id', 'month'], ['amount', 'qty', 'cost', 'lines', 'qty_days', 'first_date', 'last_date'], MERGE, rows);
    } else for (const p of added) upsert.run(p.productId, p.month, p.amount, p.qty, p.cost, p.lines, p.qtyDays, p.first, p.last);
    const deleteOne = this.sqlite.prepare('DELETE FROM product_month_sales WHERE product_id = ? AND month = ?');
    const insertOne = this.sqlite.prepare(`INSERT INTO product_month_sales (${COLUMNS}) ${FACTS_OF_LINES} WHERE l.product_id = ? AND s.date >= ? AND s.date <= ? ${GROUPED}`);
    const deleteMonth = this.sqlite.prepare('DELETE FROM product_month_sales WHERE month = ?');
    const insertMonth = this.sqlite.prepare(`INSERT INTO product_month_sales (${COLUMNS}) ${FACTS_OF_LINES} WHERE s.date >= ? AND s.date <= ? ${GROUPED}`);
    for (const [month, skus] of this.dirty) {
      const [first, last] = [`${month}-01`, `${month}-31`];
      if (whole.has(month)) {
        deleteMonth.run(month);
        insertMonth.run(first, last);
        continue;
      }
      for (const productId of skus) {
        deleteOne.run(productId, month);
        insertOne.run(productId, first, last);
      }
    }
    this.clear();
  }
}
