// Balances of clients and suppliers (SPEC §2) and their open documents, set-based.
import { addDays } from '../planning/calendar.js';
import type { DueDocument, PartyPaid } from '../planning/types.js';
import type { Db } from './connection.js';
import { sq } from './handle.js';
import { isPostgres } from './sqlite.js';

const SIDES = {
  receivables: { table: 'shipments', payments: 'client_payments', column: 'client_id', parties: 'clients', no: 'shipment_no', orderJoin: 'LEFT JOIN sales_orders o ON o.id = d.order_id', deferral: 'COALESCE(o.deferral_days, pt.deferral_days)' },
  payables: { table: 'receipts', payments: 'supplier_payments', column: 'supplier_id', parties: 'suppliers', no: 'receipt_no', orderJoin: '', deferral: 'pt.deferral_days' },
} as const;

/** The first day of the month of `day` (ISO text). */
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;

/**
 * Each party's unpaid balance before `untilExclusive` (documents − payments), only the parties
 * owing something, by party id. Receivables read the sales summaries for the whole months
 * (kept by every write of shipments, Σ line amounts = shipments.amount, integer kopecks) and
 * the shipments of the last, partial month through the date index: never every shipment.
 * Payables (far fewer receipts) are summed from the receipts.
 */
function openBalances(db: Db, side: keyof typeof SIDES, untilExclusive: string): { partyId: number; open: number }[] {
  const s = SIDES[side];
  if (side === 'payables') {
    return sq(db)
      .prepare(
        `SELECT b.party_id AS "partyId", b.open FROM (
           SELECT d.${s.column} AS party_id,
                  SUM(d.amount) - COALESCE((SELECT SUM(p.amount) FROM ${s.payments} p WHERE p.${s.column} = d.${s.column} AND p.date < ?), 0) AS open
           FROM ${s.table} d WHERE d.date < ? GROUP BY d.${s.column}) b
         WHERE b.open > 0 ORDER BY b.party_id`,
      )
      .all(untilExclusive, untilExclusive) as { partyId: number; open: number }[];
  }
  const first = monthStart(untilExclusive);
  const rows = sq(db)
    .prepare(
      `SELECT party_id, SUM(amount) FROM (
         SELECT client_id AS party_id, amount FROM sales_summary_client WHERE month < ?
         UNION ALL SELECT client_id, amount FROM shipments WHERE date >= ? AND date < ?
         UNION ALL SELECT client_id, -amount FROM client_payments WHERE date < ?) m
       GROUP BY party_id ORDER BY party_id`,
    )
    .raw()
    .all(first.slice(0, 7), first, untilExclusive, untilExclusive) as [number, number][];
  // a party that only paid (an advance) owes nothing: its sum is below zero
  return rows.filter(([, open]) => open > 0).map(([partyId, open]) => ({ partyId, open }));
}

/**
 * Open documents before `untilExclusive` (SPEC §4.3, §4.4, §6): a party's unpaid balance is
 * made of its newest documents (the oldest are paid first), so only those are read —
 * walking back from the newest through the (party, date) index until they cover the
 * balance — together with the money that settles the oldest of them, which leaves exactly
 * what oldest-first matching over all documents leaves (amounts are never negative).
 * Documents of one day are taken in the order they were entered.
 */
export async function openDocuments(db: Db, side: keyof typeof SIDES, untilExclusive: string): Promise<{ docs: DueDocument[]; paid: PartyPaid[] }> {
  const s = SIDES[side];
  const newest = sq(db)
    .prepare(
      `SELECT pt.code, d.${s.no}, d.date, d.amount, ${s.deferral}
       FROM ${s.table} d JOIN ${s.parties} pt ON pt.id = d.${s.column} ${s.orderJoin}
       WHERE d.${s.column} = ? AND d.date < ? ORDER BY d.date DESC, d.id DESC`,
    )
    .raw();
  const docs: DueDocument[] = [];
  const paid: PartyPaid[] = [];
  const balances = openBalances(db, side, untilExclusive);
  const fetched = isPostgres(sq(db)) ? newestCovering(db, side, untilExclusive, balances) : undefined;
  for (const { partyId, open } of balances) {
    const taken: [string, string, string, number, number][] = [];
    let covered = 0;
    const rows = fetched ? (fetched.get(partyId) ?? []) : newest.iterate(partyId, untilExclusive);
    for (const row of rows as Iterable<[string, string, string, number, number]>) {
      taken.push(row);
      covered += row[3];
      if (covered >= open) break;
    }
    if (taken.length === 0) continue;
    let sum = 0;
    for (let i = taken.length - 1; i >= 0; i--) {
      const [code, document, date, amount, days] = taken[i]!;
      docs.push({ party: code, document, date, amount, dueDate: addDays(date, days) });
      sum += amount;
    }
    paid.push({ party: taken[0]![0], amount: sum - open });
  }
  return { docs, paid };
}

type DocRow = [code: string, document: string, date: string, amount: number, days: number];

/**
 * PostgreSQL: each party's newest documents before `untilExclusive`, enough of them to cover
 * its open balance (or all it has), in the order openDocuments walks them — in one request per
 * 500 parties and round (32 each, then 8× more for the parties not yet covered) instead of one
 * request per party, each reading all its documents (a request costs ~0.5 ms there, far more
 * on a busy machine). LATERAL … LIMIT walks each party's (party, date) index as the per-party
 * query does.
 */
function newestCovering(db: Db, side: keyof typeof SIDES, untilExclusive: string, balances: { partyId: number; open: number }[]): Map<number, DocRow[]> {
  const s = SIDES[side];
  const out = new Map<number, DocRow[]>();
  let pending = balances;
  for (let limit = 32; pending.length > 0; limit *= 8) {
    const got = new Map<number, DocRow[]>();
    for (let i = 0; i < pending.length; i += 500) {
      const chunk = pending.slice(i, i + 500).map((b) => b.partyId);
      const rows = sq(db)
        .prepare(
          `SELECT pt.id, pt.code, x.no, x.date, x.amount, x.days FROM ${s.parties} pt CROSS JOIN LATERAL (
             SELECT d.id, d.${s.no} AS no, d.date, d.amount, ${s.deferral} AS days
             FROM ${s.table} d ${s.orderJoin}
             WHERE d.${s.column} = pt.id AND d.date < ? ORDER BY d.date DESC, d.id DESC LIMIT ?) x
           WHERE pt.id IN (${chunk.map(() => '?').join(', ')}) ORDER BY pt.id, x.date DESC, x.id DESC`,
        )
        .raw()
        .all(untilExclusive, limit, ...chunk) as [number, ...DocRow][];
      for (const [id, ...row] of rows) {
        let list = got.get(id);
        if (!list) got.set(id, (list = []));
        list.push(row);
      }
    }
    // a party is done when it has fewer documents than asked for, or these cover its balance
    pending = pending.filter(({ partyId, open }) => {
      const rows = got.get(partyId) ?? [];
      out.set(partyId, rows);
      return rows.length === limit && rows.reduce((sum, r) => sum + r[3], 0) < open;
    });
  }
  return out;
}

/**
 * Balance of every client at the end of the day before `day` (shipments − payments). `auto`
 * reads the shipments of whole months from the client summary (Σ line amounts =
 * shipments.amount) and those of the month of `day` through the date index; `scan` sums every
 * shipment (the reference the tests compare with).
 */
export async function clientBalancesBefore(db: Db, day: string, source: 'auto' | 'scan' = 'auto'): Promise<Map<string, number>> {
  if (source === 'scan') {
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
  const first = monthStart(day);
  const sums = new Map(
    sq(db)
      .prepare(
        `SELECT party_id, SUM(amount) FROM (
           SELECT client_id AS party_id, amount FROM sales_summary_client WHERE month < ?
           UNION ALL SELECT client_id, amount FROM shipments WHERE date >= ? AND date < ?
           UNION ALL SELECT client_id, -amount FROM client_payments WHERE date < ?) m
         GROUP BY party_id`,
      )
      .raw()
      .all(first.slice(0, 7), first, day, day) as [number, number][],
  );
  const clients = sq(db).prepare('SELECT id, code FROM clients').raw().all() as [number, string][];
  return new Map(clients.map(([id, code]) => [code, sums.get(id) ?? 0]));
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
