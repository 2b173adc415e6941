// The documents behind each order's progress (src/planning/orderProgress.ts): read once,
// set-based, for the orders dated in a period.
import { orderProgress, paidInFullDates, type DatedAmount, type OrderProgress } from '../planning/orderProgress.js';
import { pushTo } from '../util/multimap.js';
import type { Db } from './connection.js';
import { sq } from './handle.js';

export interface OrderWithProgress extends OrderProgress {
  order_no: string;
  client: string;
  manager: string | null;
  planned_ship_date: string | null;
  planned_payment_date: string | null;
}

/** Orders dated in [from, to], with status and actual dates as their documents say. */
export async function ordersWithProgress(db: Db, from: string, to: string): Promise<OrderWithProgress[]> {
  return progressWhere(db, 'o.date >= ? AND o.date <= ?', [from, to]);
}

/** The same for orders named by their numbers (an import checks the dates it was given). */
export function ordersWithProgressByNo(db: Db, orderNos: string[]): OrderWithProgress[] {
  const out: OrderWithProgress[] = [];
  for (let i = 0; i < orderNos.length; i += 500) {
    const chunk = orderNos.slice(i, i + 500);
    out.push(...progressWhere(db, `o.order_no IN (${chunk.map(() => '?').join(', ')})`, chunk));
  }
  return out;
}

function progressWhere(db: Db, scope: string, range: unknown[]): OrderWithProgress[] {
  const s = sq(db);
  const orders = s
    .prepare(
      `SELECT o.id, o.order_no, c.id AS client_id, c.code AS client, m.code AS manager, o.status, o.planned_ship_date, o.actual_ship_date,
              o.planned_payment_date, o.actual_payment_date
       FROM sales_orders o JOIN clients c ON c.id = o.client_id LEFT JOIN managers m ON m.id = COALESCE(o.manager_id, c.manager_id)
       WHERE ${scope} ORDER BY o.date, o.order_no`,
    )
    .all(...range) as {
    id: number; order_no: string; client_id: number; client: string; manager: string | null; status: string;
    planned_ship_date: string | null; actual_ship_date: string | null; planned_payment_date: string | null; actual_payment_date: string | null;
  }[];
  if (orders.length === 0) return [];
  const ordered = new Map<number, Map<string, number>>();
  for (const [orderId, sku, qty] of s
    .prepare(
      `SELECT l.order_id, p.sku, SUM(l.qty) FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id
       WHERE ${scope} GROUP BY l.order_id, p.sku`,
    )
    .raw()
    .iterate(...range) as Iterable<[number, string, number]>) {
    const m = ordered.get(orderId) ?? new Map<string, number>();
    m.set(sku, qty);
    ordered.set(orderId, m);
  }
  // the shipments referencing these orders, line by line
  const shipments = new Map<number, Map<string, { id: string; date: string; lines: { sku: string; qty: number }[] }>>();
  for (const [orderId, shipmentNo, date, sku, qty] of s
    .prepare(
      `SELECT sh.order_id, sh.shipment_no, sh.date, p.sku, l.qty FROM shipments sh JOIN sales_orders o ON o.id = sh.order_id
       JOIN shipment_lines l ON l.shipment_id = sh.id JOIN products p ON p.id = l.product_id
       WHERE ${scope} ORDER BY sh.date, sh.id, l.id`,
    )
    .raw()
    .iterate(...range) as Iterable<[number, string, string, string, number]>) {
    const byNo = shipments.get(orderId) ?? new Map();
    const sh = byNo.get(shipmentNo) ?? { id: shipmentNo, date, lines: [] };
    sh.lines.push({ sku, qty });
    byNo.set(shipmentNo, sh);
    shipments.set(orderId, byNo);
  }
  // when each shipment of the clients concerned was paid in full, oldest first (SPEC §2)
  const clientIds = [...new Set(orders.filter((o) => shipments.has(o.id)).map((o) => o.client_id))];
  const paidOn = new Map<string, string>();
  if (clientIds.length > 0) {
    const docs = new Map<number, DatedAmount[]>();
    const money = new Map<number, { date: string; amount: number }[]>();
    const marks = clientIds.map(() => '?').join(', ');
    for (const [clientId, id, date, amount] of s
      .prepare(`SELECT client_id, shipment_no, date, amount FROM shipments WHERE client_id IN (${marks}) ORDER BY date, id`)
      .raw()
      .iterate(...clientIds) as Iterable<[number, string, string, number]>) {
      pushTo(docs, clientId, { id, date, amount });
    }
    for (const [clientId, date, amount] of s
      .prepare(`SELECT client_id, date, amount FROM client_payments WHERE client_id IN (${marks}) ORDER BY date, id`)
      .raw()
      .iterate(...clientIds) as Iterable<[number, string, number]>) {
      pushTo(money, clientId, { date, amount });
    }
    for (const clientId of clientIds) for (const [id, day] of paidInFullDates(docs.get(clientId) ?? [], money.get(clientId) ?? [])) paidOn.set(id, day);
  }
  return orders.map((o) => ({
    order_no: o.order_no,
    client: o.client,
    manager: o.manager,
    planned_ship_date: o.planned_ship_date,
    planned_payment_date: o.planned_payment_date,
    ...orderProgress({
      status: o.status,
      actualShipDate: o.actual_ship_date,
      actualPaymentDate: o.actual_payment_date,
      ordered: ordered.get(o.id) ?? new Map(),
      shipments: [...(shipments.get(o.id)?.values() ?? [])].map((sh) => ({ ...sh, paidOn: paidOn.get(sh.id) ?? null })),
    }),
  }));
}
