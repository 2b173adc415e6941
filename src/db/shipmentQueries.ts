// `crm shipments list|show` (SPEC §9: instructions and originals_date visible): the shipment
// headers with their client, manager, amounts and delivery cost; one shipment with its lines
// and deliveries.
import type { Db } from './connection.js';
import { sq } from './handle.js';

export interface ShipmentFilter {
  client?: string;
  from?: string;
  to?: string;
  /** out: originals not back; back: originals back. */
  originals?: 'out' | 'back';
}

export interface ShipmentHeader {
  shipment_no: string;
  date: string;
  client_code: string;
  client_name: string;
  order_no: string | null;
  manager_code: string | null;
  amount: number;
  cost: number;
  delivery_cost: number;
  originals_date: string | null;
  instructions: string | null;
}

const HEADER_SELECT = `SELECT s.shipment_no, s.date, c.code AS client_code, c.name AS client_name, o.order_no, COALESCE(om.code, cm.code) AS manager_code, s.amount,
         (SELECT COALESCE(SUM(l.cost), 0) FROM shipment_lines l WHERE l.shipment_id = s.id) AS cost,
         (SELECT COALESCE(SUM(d.cost), 0) FROM deliveries d WHERE d.shipment_id = s.id) AS delivery_cost,
         s.originals_date, s.instructions
  FROM shipments s JOIN clients c ON c.id = s.client_id LEFT JOIN sales_orders o ON o.id = s.order_id
  LEFT JOIN managers om ON om.id = o.manager_id LEFT JOIN managers cm ON cm.id = c.manager_id`;

export async function shipmentHeaders(db: Db, f: ShipmentFilter): Promise<ShipmentHeader[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.client !== undefined) {
    where.push('c.code = ?');
    args.push(f.client);
  }
  if (f.from !== undefined) {
    where.push('s.date >= ?');
    args.push(f.from);
  }
  if (f.to !== undefined) {
    where.push('s.date <= ?');
    args.push(f.to);
  }
  if (f.originals === 'out') where.push('s.originals_date IS NULL');
  if (f.originals === 'back') where.push('s.originals_date IS NOT NULL');
  return sq(db)
    .prepare(`${HEADER_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.date, s.id`)
    .all(...args) as ShipmentHeader[];
}

export async function shipmentDetail(db: Db, shipmentNo: string): Promise<
  | {
      header: ShipmentHeader;
      lines: { sku: string; name: string; qty: number; amount: number; cost: number }[];
      deliveries: { delivery_no: string; date: string; carrier: string | null; cost: number }[];
    }
  | undefined
> {
  const sqlite = sq(db);
  const header = sqlite.prepare(`${HEADER_SELECT} WHERE s.shipment_no = ?`).get(shipmentNo) as ShipmentHeader | undefined;
  if (!header) return undefined;
  const lines = sqlite
    .prepare(
      `SELECT p.sku, p.name, l.qty, l.amount, l.cost FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id JOIN products p ON p.id = l.product_id
       WHERE s.shipment_no = ? ORDER BY l.id`,
    )
    .all(shipmentNo) as { sku: string; name: string; qty: number; amount: number; cost: number }[];
  const deliveries = sqlite
    .prepare('SELECT d.delivery_no, d.date, d.carrier, d.cost FROM deliveries d JOIN shipments s ON s.id = d.shipment_id WHERE s.shipment_no = ? ORDER BY d.date, d.id')
    .all(shipmentNo) as { delivery_no: string; date: string; carrier: string | null; cost: number }[];
  return { header, lines, deliveries };
}
