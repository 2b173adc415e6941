// What the money reports of SPEC §9 read (issue 14): shipments with their lines and the
// manager they count for, client payments, commission rules and payouts, deliveries, orders,
// claims and prices. Each loader reads once into plain arrays; the reports compute.
import { sq, type Db } from './handle.js';

/** A shipment line with the product's group and the line's cost at sale (kopecks). */

/** Heads read in their order, each made a record with an empty child list, and found by id as their children are read next. */
function withChildren<H extends { id: number }, T>(heads: H[], make: (head: Omit<H, 'id'>) => T): { out: T[]; byId: Map<number, T> } {
  const out: T[] = [];
  const byId = new Map<number, T>();
  for (const { id, ...head } of heads) {
    const record = make(head);
    byId.set(id, record);
    out.push(record);
  }
  return { out, byId };
}

export interface MoneyLine {
  group: string;
  amount: number;
  cost: number;
}

export interface MoneyShipment {
  id: number;
  shipmentNo: string;
  date: string;
  client: string;
  /** The order's manager, else the client's. */
  manager: string | null;
  /** The granted deferral of its order, else the client card's (SPEC §2 due date). */
  deferralDays: number;
  amount: number;
  lines: MoneyLine[];
}

export interface MoneyPayment {
  id: number;
  client: string;
  date: string;
  amount: number;
}

/** Every shipment up to `to` with its lines, in date and entry order. */
export async function moneyShipments(db: Db, to: string): Promise<MoneyShipment[]> {
  const sqlite = sq(db);
  const out: MoneyShipment[] = [];
  const byId = new Map<number, MoneyShipment>();
  const heads = sqlite
    .prepare(
      `SELECT s.id, s.shipment_no AS shipmentNo, s.date, c.code AS client, COALESCE(om.code, cm.code) AS manager,
              COALESCE(o.deferral_days, c.deferral_days) AS deferralDays, s.amount
       FROM shipments s JOIN clients c ON c.id = s.client_id LEFT JOIN sales_orders o ON o.id = s.order_id
       LEFT JOIN managers om ON om.id = o.manager_id LEFT JOIN managers cm ON cm.id = c.manager_id
       WHERE s.date <= ? ORDER BY s.date, s.id`,
    )
    .all(to) as Omit<MoneyShipment, 'lines'>[];
  for (const h of heads) {
    const s = { ...h, lines: [] };
    out.push(s);
    byId.set(s.id, s);
  }
  const lines = sqlite
    .prepare(
      `SELECT l.shipment_id, g.code, l.amount, l.cost FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id
       JOIN products p ON p.id = l.product_id JOIN product_groups g ON g.id = p.group_id WHERE s.date <= ? ORDER BY l.id`,
    )
    .raw()
    .iterate(to) as Iterable<[number, string, number, number]>;
  for (const [id, group, amount, cost] of lines) byId.get(id)?.lines.push({ group, amount, cost });
  return out;
}

/** Every client payment up to `to`, in date and entry order. */
export async function moneyPayments(db: Db, to: string): Promise<MoneyPayment[]> {
  return sq(db)
    .prepare('SELECT p.id, c.code AS client, p.date, p.amount FROM client_payments p JOIN clients c ON c.id = p.client_id WHERE p.date <= ? ORDER BY p.date, p.id')
    .all(to) as MoneyPayment[];
}

export interface CommissionRuleRow {
  manager: string;
  from: string;
  base: 'revenue' | 'margin';
  pct: number;
  group: string | null;
}

export async function commissionRules(db: Db): Promise<CommissionRuleRow[]> {
  return sq(db)
    .prepare(
      `SELECT m.code AS manager, r.from_date AS "from", r.base, r.pct, g.code AS "group"
       FROM commission_rules r JOIN managers m ON m.id = r.manager_id LEFT JOIN product_groups g ON g.id = r.group_id
       ORDER BY m.code, r.from_date, r.id`,
    )
    .all() as CommissionRuleRow[];
}

export async function commissionPayouts(db: Db, to: string): Promise<{ manager: string; date: string; amount: number }[]> {
  return sq(db)
    .prepare('SELECT m.code AS manager, p.date, p.amount FROM commission_payments p JOIN managers m ON m.id = p.manager_id WHERE p.date <= ? ORDER BY p.date, p.id')
    .all(to) as { manager: string; date: string; amount: number }[];
}

/** Every manager's code and name. */
export async function managerNames(db: Db): Promise<Map<string, string>> {
  return new Map(sq(db).prepare('SELECT code, name FROM managers').raw().all() as [string, string][]);
}

/** Group code → parent code, for the nearest group rule. */
export async function groupParentMap(db: Db): Promise<Map<string, string | null>> {
  return new Map(
    sq(db).prepare('SELECT g.code, p.code FROM product_groups g LEFT JOIN product_groups p ON p.id = g.parent_id').raw().all() as [string, string | null][],
  );
}

// ── deliveries ───────────────────────────────────────────────────────────────

export interface DeliveredShipment {
  shipmentNo: string;
  date: string;
  client: string;
  clientName: string;
  manager: string | null;
  amount: number;
  cost: number;
  deliveries: { carrier: string | null; cost: number }[];
}

/** Shipments dated in [from, to] that have a delivery paid by the company, with their deliveries. */
export async function deliveredShipments(db: Db, from: string, to: string): Promise<DeliveredShipment[]> {
  const sqlite = sq(db);
  const heads = sqlite
    .prepare(
      `SELECT s.id, s.shipment_no AS shipmentNo, s.date, c.code AS client, c.name AS clientName, COALESCE(om.code, cm.code) AS manager, s.amount,
              (SELECT COALESCE(SUM(l.cost), 0) FROM shipment_lines l WHERE l.shipment_id = s.id) AS cost
       FROM shipments s JOIN clients c ON c.id = s.client_id LEFT JOIN sales_orders o ON o.id = s.order_id
       LEFT JOIN managers om ON om.id = o.manager_id LEFT JOIN managers cm ON cm.id = c.manager_id
       WHERE s.date >= ? AND s.date <= ? AND EXISTS (SELECT 1 FROM deliveries d WHERE d.shipment_id = s.id)
       ORDER BY s.date, s.id`,
    )
    .all(from, to) as (Omit<DeliveredShipment, 'deliveries'> & { id: number })[];
  const { out, byId } = withChildren(heads, (h): DeliveredShipment => ({ ...h, deliveries: [] }));
  const rows = sqlite
    .prepare(
      `SELECT d.shipment_id, d.carrier, d.cost FROM deliveries d JOIN shipments s ON s.id = d.shipment_id
       WHERE s.date >= ? AND s.date <= ? ORDER BY d.id`,
    )
    .raw()
    .all(from, to) as [number, string | null, number][];
  for (const [id, carrier, cost] of rows) byId.get(id)?.deliveries.push({ carrier, cost });
  return out;
}

// ── orders, offers ───────────────────────────────────────────────────────────

export interface ProfitOrder {
  orderNo: string;
  date: string;
  client: string;
  manager: string | null;
  /** Granted, else the client card's. */
  deferralDays: number;
  status: string;
  lines: { sku: string; group: string; qty: number; price: number; cost: number }[];
  /** Deliveries paid for the order's shipments. */
  delivery: number;
}

/** The orders dated in [from, to] that are not refused, their lines at the product's cost, and their deliveries. */
export async function profitOrders(db: Db, from: string, to: string): Promise<ProfitOrder[]> {
  const sqlite = sq(db);
  const heads = sqlite
    .prepare(
      `SELECT o.id, o.order_no AS orderNo, o.date, c.code AS client, COALESCE(om.code, cm.code) AS manager,
              COALESCE(o.deferral_days, c.deferral_days) AS deferralDays, o.status,
              (SELECT COALESCE(SUM(d.cost), 0) FROM deliveries d JOIN shipments s ON s.id = d.shipment_id WHERE s.order_id = o.id) AS delivery
       FROM sales_orders o JOIN clients c ON c.id = o.client_id LEFT JOIN managers om ON om.id = o.manager_id LEFT JOIN managers cm ON cm.id = c.manager_id
       WHERE o.date >= ? AND o.date <= ? AND o.status <> 'refused' ORDER BY o.date, o.order_no`,
    )
    .all(from, to) as (Omit<ProfitOrder, 'lines'> & { id: number })[];
  const { out, byId } = withChildren(heads, (h): ProfitOrder => ({ ...h, lines: [] }));
  const rows = sqlite
    .prepare(
      `SELECT l.order_id, p.sku, g.code, l.qty, l.price, p.cost FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id
       JOIN products p ON p.id = l.product_id JOIN product_groups g ON g.id = p.group_id
       WHERE o.date >= ? AND o.date <= ? ORDER BY l.id`,
    )
    .raw()
    .all(from, to) as [number, string, string, number, number, number][];
  for (const [id, sku, group, qty, price, cost] of rows) byId.get(id)?.lines.push({ sku, group, qty, price, cost });
  return out;
}

/** Claims dated up to `to` (not rejected): what each cost the company, net of what the supplier paid back. */
export async function claimCosts(db: Db, to: string): Promise<{ client: string; date: string; netCost: number }[]> {
  return sq(db)
    .prepare(
      `SELECT c.code AS client, k.date, COALESCE(k.amount, 0) - COALESCE(k.recovered_amount, 0) AS netCost
       FROM claims k JOIN clients c ON c.id = k.client_id WHERE k.date <= ? AND k.status <> 'rejected' ORDER BY k.date`,
    )
    .all(to) as { client: string; date: string; netCost: number }[];
}

export interface ClientTerms {
  code: string;
  name: string;
  manager: string | null;
  deferralDays: number;
  creditLimit: number | null;
  priceType: string | null;
  /** The card's discount in %, null when none. */
  discountPct: number | null;
}

export async function clientTerms(db: Db, code: string): Promise<ClientTerms | undefined> {
  return sq(db)
    .prepare(
      `SELECT c.code, c.name, m.code AS manager, c.deferral_days AS deferralDays, c.credit_limit AS creditLimit, c.price_type AS priceType,
              c.discount_pct AS discountPct
       FROM clients c LEFT JOIN managers m ON m.id = c.manager_id WHERE c.code = ?`,
    )
    .get(code) as ClientTerms | undefined;
}

export interface OfferProduct {
  sku: string;
  name: string;
  group: string;
  price: number;
  cost: number;
}

export async function offerProducts(db: Db): Promise<Map<string, OfferProduct>> {
  const rows = sq(db)
    .prepare('SELECT p.sku, p.name, g.code AS "group", p.price, p.cost FROM products p JOIN product_groups g ON g.id = p.group_id')
    .all() as OfferProduct[];
  return new Map(rows.map((p) => [p.sku, p]));
}

/** Balance of a client at the end of `day`: shipments − payments up to it (SPEC §2). */
export async function clientBalance(db: Db, client: string, day: string): Promise<number> {
  const sqlite = sq(db);
  const shipped = sqlite.prepare('SELECT COALESCE(SUM(s.amount), 0) FROM shipments s JOIN clients c ON c.id = s.client_id WHERE c.code = ? AND s.date <= ?').pluck().get(client, day) as number;
  const paid = sqlite.prepare('SELECT COALESCE(SUM(p.amount), 0) FROM client_payments p JOIN clients c ON c.id = p.client_id WHERE c.code = ? AND p.date <= ?').pluck().get(client, day) as number;
  return shipped - paid;
}

/** Shipment lines dated in [from, to] as (client, group, amount, cost): the margins an offer is compared with. */
export async function marginLines(db: Db, from: string, to: string): Promise<{ client: string; group: string; amount: number; cost: number }[]> {
  return sq(db)
    .prepare(
      `SELECT c.code AS client, g.code AS "group", SUM(l.amount) AS amount, SUM(l.cost) AS cost
       FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id JOIN clients c ON c.id = s.client_id
       JOIN products p ON p.id = l.product_id JOIN product_groups g ON g.id = p.group_id
       WHERE s.date >= ? AND s.date <= ? GROUP BY c.code, g.code`,
    )
    .all(from, to) as { client: string; group: string; amount: number; cost: number }[];
}

// ── prices ───────────────────────────────────────────────────────────────────

/** The prices in force at `day` (the latest of each SKU and price type dated on or before it), of one SKU or of all. */
export async function pricesInForce(db: Db, day: string, sku?: string): Promise<{ sku: string; priceType: string; price: number; fromDate: string }[]> {
  return sq(db)
    .prepare(
      `SELECT p.sku, x.price_type AS priceType, x.price, x.from_date AS fromDate
       FROM prices x JOIN products p ON p.id = x.product_id
       WHERE x.from_date <= ? ${sku !== undefined ? 'AND p.sku = ?' : ''}
         AND x.from_date = (SELECT MAX(y.from_date) FROM prices y WHERE y.product_id = x.product_id AND y.price_type = x.price_type AND y.from_date <= ?)
       ORDER BY p.sku, x.price_type`,
    )
    .all(...(sku !== undefined ? [day, sku, day] : [day, day])) as { sku: string; priceType: string; price: number; fromDate: string }[];
}

/** Prices dated after `day`: what is announced (for products show). */
export async function pricesAfter(db: Db, day: string, sku: string): Promise<{ priceType: string; price: number; fromDate: string }[]> {
  return sq(db)
    .prepare(
      `SELECT x.price_type AS priceType, x.price, x.from_date AS fromDate FROM prices x JOIN products p ON p.id = x.product_id
       WHERE p.sku = ? AND x.from_date > ? ORDER BY x.price_type, x.from_date`,
    )
    .all(sku, day) as { priceType: string; price: number; fromDate: string }[];
}

// ── originals ────────────────────────────────────────────────────────────────

export interface OutstandingOriginal {
  shipmentNo: string;
  date: string;
  client: string;
  clientName: string;
  manager: string | null;
  amount: number;
  instructions: string | null;
}

/** Shipments dated on or before `cutoff` whose signed originals had not come back by the end of `day`. */
export async function outstandingOriginals(db: Db, cutoff: string, day: string): Promise<OutstandingOriginal[]> {
  return sq(db)
    .prepare(
      `SELECT s.shipment_no AS shipmentNo, s.date, c.code AS client, c.name AS clientName, COALESCE(om.code, cm.code) AS manager, s.amount, s.instructions
       FROM shipments s JOIN clients c ON c.id = s.client_id LEFT JOIN sales_orders o ON o.id = s.order_id
       LEFT JOIN managers om ON om.id = o.manager_id LEFT JOIN managers cm ON cm.id = c.manager_id
       WHERE s.date <= ? AND (s.originals_date IS NULL OR s.originals_date > ?)
       ORDER BY c.code, s.date, s.shipment_no`,
    )
    .all(cutoff, day) as OutstandingOriginal[];
}

/** A shipment's number, date and when its originals came back (for `crm shipments originals`). */
export async function shipmentOriginals(db: Db, shipmentNo: string): Promise<{ id: number; date: string; originalsDate: string | null } | undefined> {
  return sq(db).prepare('SELECT id, date, originals_date AS originalsDate FROM shipments WHERE shipment_no = ?').get(shipmentNo) as
    | { id: number; date: string; originalsDate: string | null }
    | undefined;
}

/** Record the day the signed originals came back (inside an operation; the caller journals). */
export function setOriginalsDate(db: Db, id: number, date: string | null): void {
  sq(db).prepare('UPDATE shipments SET originals_date = ? WHERE id = ?').run(date, id);
}

// ── settings ─────────────────────────────────────────────────────────────────

export function allSettings(db: Db): Map<string, string> {
  return new Map(sq(db).prepare('SELECT key, value FROM settings').raw().all() as [string, string][]);
}

/** Insert or change one setting; returns its row id and whether it existed (the caller journals). */
export function settingRow(db: Db, key: string): { id: number; value: string } | undefined {
  return sq(db).prepare('SELECT id, value FROM settings WHERE key = ?').get(key) as { id: number; value: string } | undefined;
}

export function insertSetting(db: Db, key: string, value: string): number {
  return Number(sq(db).prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(key, value).lastInsertRowid);
}

/** Remove a setting: its default holds again (inside an operation; the caller journals). */
export function deleteSetting(db: Db, id: number): void {
  sq(db).prepare('DELETE FROM settings WHERE id = ?').run(id);
}

export function updateSetting(db: Db, id: number, value: string): void {
  sq(db).prepare('UPDATE settings SET value = ? WHERE id = ?').run(value, id);
}
