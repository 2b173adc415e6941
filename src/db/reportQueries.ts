// The SQL behind src/reports/: set-based reads returning plain rows.
import type { Db } from './connection.js';
import { withDescendants } from './masterData.js';

export interface SalesFilter {
  from: string;
  to: string;
  by: 'group' | 'manager' | 'client';
  group?: string;
  manager?: string;
  client?: string;
}

export interface SalesCell {
  month: string;
  key: string | null;
  amount: number;
  qty: number;
  cost: number;
  orders: number;
}

const DIMENSION = { group: 'g.code', manager: 'm.code', client: 'c.code' } as const;

/** Groups of `code` and its descendants (for --group filters). */
export async function groupWithDescendants(db: Db, code: string): Promise<Set<string> | undefined> {
  const rows = db.sqlite.prepare('SELECT g.code, p.code FROM product_groups g LEFT JOIN product_groups p ON p.id = g.parent_id').raw().all() as [string, string | null][];
  const parentOf = new Map(rows);
  return parentOf.has(code) ? withDescendants(code, parentOf) : undefined;
}

/** Shipment lines summed by month × dimension (and, with `total`, over the whole period). */
export async function salesCells(db: Db, f: SalesFilter, groups: Set<string> | undefined, total = false): Promise<SalesCell[]> {
  const where = ['s.date >= ?', 's.date <= ?'];
  const args: unknown[] = [f.from, f.to];
  if (groups) {
    where.push(`g.code IN (${[...groups].map(() => '?').join(', ')})`);
    args.push(...groups);
  }
  if (f.manager) {
    where.push('m.code = ?');
    args.push(f.manager);
  }
  if (f.client) {
    where.push('c.code = ?');
    args.push(f.client);
  }
  const month = total ? "'total'" : 'substr(s.date, 1, 7)';
  const key = total ? 'NULL' : DIMENSION[f.by];
  return db.sqlite
    .prepare(
      `SELECT ${month} AS month, ${key} AS key, SUM(l.amount) AS amount, SUM(l.qty) AS qty, SUM(l.cost) AS cost,
              COUNT(DISTINCT CASE WHEN s.order_id IS NULL THEN -s.id ELSE s.order_id END) AS orders
       FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id
       JOIN products p ON p.id = l.product_id JOIN product_groups g ON g.id = p.group_id
       JOIN clients c ON c.id = s.client_id LEFT JOIN sales_orders o ON o.id = s.order_id
       LEFT JOIN managers m ON m.id = COALESCE(o.manager_id, c.manager_id)
       WHERE ${where.join(' AND ')}
       ${total ? '' : 'GROUP BY month, key ORDER BY month, key'}`,
    )
    .all(...args) as SalesCell[];
}

export interface IlliquidProduct {
  sku: string;
  name: string;
  group: string;
  manager: string | null;
  cost: number;
  ownThreshold: number | null;
  lastSale: string | null;
  firstSeen: string | null;
}

/** Every product with its last sale and first receipt or count on or before `day`. */
export async function illiquidCandidates(db: Db, day: string): Promise<IlliquidProduct[]> {
  return db.sqlite
    .prepare(
      `WITH last_sale AS (SELECT l.product_id, MAX(s.date) AS date FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id WHERE s.date <= ? GROUP BY l.product_id),
       first_receipt AS (SELECT l.product_id, MIN(r.date) AS date FROM receipts r JOIN receipt_lines l ON l.receipt_id = r.id WHERE r.date <= ? GROUP BY l.product_id),
       first_count AS (SELECT product_id, MIN(date) AS date FROM stock_counts WHERE date <= ? GROUP BY product_id)
       SELECT p.sku, p.name, g.code AS "group", m.code AS manager, p.cost, p.illiquid_after_days AS ownThreshold, ls.date AS lastSale,
              CASE WHEN fr.date IS NULL THEN fc.date WHEN fc.date IS NULL OR fr.date < fc.date THEN fr.date ELSE fc.date END AS firstSeen
       FROM products p JOIN product_groups g ON g.id = p.group_id LEFT JOIN managers m ON m.id = p.manager_id
       LEFT JOIN last_sale ls ON ls.product_id = p.id LEFT JOIN first_receipt fr ON fr.product_id = p.id LEFT JOIN first_count fc ON fc.product_id = p.id
       ORDER BY p.sku`,
    )
    .all(day, day, day) as IlliquidProduct[];
}

export async function groupThresholds(db: Db): Promise<{ code: string; parent: string | null; days: number | null }[]> {
  return db.sqlite
    .prepare('SELECT g.code, p.code AS parent, g.illiquid_after_days AS days FROM product_groups g LEFT JOIN product_groups p ON p.id = g.parent_id')
    .all() as { code: string; parent: string | null; days: number | null }[];
}

export async function setting(db: Db, key: string): Promise<string | undefined> {
  return (db.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export async function clientNames(db: Db): Promise<Map<string, string>> {
  return new Map(db.sqlite.prepare('SELECT code, name FROM clients').raw().all() as [string, string][]);
}
