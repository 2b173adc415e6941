// Balances of clients and suppliers (SPEC §2) and their open documents, set-based.
import { addDays } from '../planning/calendar.js';
import type { DueDocument, PartyPaid } from '../planning/types.js';
import type { Db } from './connection.js';
import { sq } from './handle.js';

const SIDES = {
  receivables: { table: 'shipments', payments: 'client_payments', column: 'client_id', parties: 'clients', no: 'shipment_no', orderJoin: 'LEFT JOIN sales_orders o ON o.id = d.order_id', deferral: 'COALESCE(o.deferral_days, pt.deferral_days)' },
  payables: { table: 'receipts', payments: 'supplier_payments', column: 'supplier_id', parties: 'suppliers', no: 'receipt_no', orderJoin: '', deferral: 'pt.deferral_days' },
} as const;

/**
 * Open documents before `untilExclusive` (SPEC §4.3, §4.4, §6): a party's unpaid balance is
 * made of its newest documents (the oldest are paid first), so only those are read —
 * walking back from the newest until they cover the balance — together with the money that
 * settles the oldest of them, which leaves exactly what oldest-first matching over all
 * documents leaves. Documents of one day are taken in the order they were entered.
 */
export async function openDocuments(db: Db, side: keyof typeof SIDES, untilExclusive: string): Promise<{ docs: DueDocument[]; paid: PartyPaid[] }> {
  const s = SIDES[side];
  const rows = sq(db)
    .prepare(
      `WITH balance AS MATERIALIZED (
         SELECT d.${s.column} AS party_id,
                SUM(d.amount) - COALESCE((SELECT SUM(p.amount) FROM ${s.payments} p WHERE p.${s.column} = d.${s.column} AND p.date < ?), 0) AS open
         FROM ${s.table} d WHERE d.date < ? GROUP BY d.${s.column}),
       newest AS (
         SELECT d.id, d.${s.column} AS party_id, d.amount,
                SUM(d.amount) OVER (PARTITION BY d.${s.column} ORDER BY d.date DESC, d.id DESC ROWS UNBOUNDED PRECEDING) AS covered
         FROM ${s.table} d JOIN balance b ON b.party_id = d.${s.column} WHERE d.date < ? AND b.open > 0)
       SELECT pt.code, d.${s.no}, d.date, d.amount, ${s.deferral}, b.open
       FROM newest n JOIN ${s.table} d ON d.id = n.id JOIN balance b ON b.party_id = n.party_id JOIN ${s.parties} pt ON pt.id = n.party_id ${s.orderJoin}
       WHERE n.covered - n.amount < b.open
       ORDER BY n.party_id, d.date, d.id`,
    )
    .raw()
    .all(untilExclusive, untilExclusive, untilExclusive) as [string, string, string, number, number, number][];
  const docs: DueDocument[] = [];
  const total = new Map<string, { sum: number; open: number }>();
  for (const [code, document, date, amount, days, open] of rows) {
    docs.push({ party: code, document, date, amount, dueDate: addDays(date, days) });
    const t = total.get(code) ?? { sum: 0, open };
    t.sum += amount;
    total.set(code, t);
  }
  return { docs, paid: [...total].map(([code, t]) => ({ party: code, amount: t.sum - t.open })) };
}

/** Balance of every client at the end of the day before `day` (shipments − payments). */
export async function clientBalancesBefore(db: Db, day: string): Promise<Map<string, number>> {
  const rows = sq(db)
    .prepare(
      `SELECT c.code,
         COALESCE((SELECT SUM(amount) FROM shipments s WHERE s.client_id = c.id AND s.date < ?), 0)
         - COALESCE((SELECT SUM(amount) FROM client_payments p WHERE p.client_id = c.id AND p.date < ?), 0)
       FROM clients c`,
    )
    .raw()
    .all(day, day) as [string, number][];
  return new Map(rows);
}

/** Shipments (+) and payments (−) of each client by day within [from, to]. */
export async function clientMovements(db: Db, from: string, to: string): Promise<{ client: string; date: string; shipped: number; paid: number }[]> {
  return sq(db)
    .prepare(
      `SELECT c.code AS client, m.date, SUM(m.shipped) AS shipped, SUM(m.paid) AS paid FROM (
         SELECT client_id, date, amount AS shipped, 0 AS paid FROM shipments WHERE date >= ? AND date <= ?
         UNION ALL
         SELECT client_id, date, 0, amount FROM client_payments WHERE date >= ? AND date <= ?) m
       JOIN clients c ON c.id = m.client_id GROUP BY c.id, m.date ORDER BY c.code, m.date`,
    )
    .all(from, to, from, to) as { client: string; date: string; shipped: number; paid: number }[];
}
