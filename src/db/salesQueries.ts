// The reads of the sales report (SPEC §6 sales). Whole months come from the monthly
// summaries (src/db/salesSummary.ts): a few thousand rows, whatever the number of lines.
// A month that --from/--to cut through is read from the shipment lines of that part only,
// and so is everything a product group filter makes non-additive (distinct orders of a
// set of groups). Both paths count the same things, so they can be compared (tested).
import { addMonths, lastDay } from '../planning/calendar.js';
import type { Db, Sqlite } from './connection.js';
import { sq } from './handle.js';
import { rowsFiltered } from './rights.js';

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

export interface SalesData {
  cells: SalesCell[];
  /** Orders of the whole period: each month's distinct orders, added up over the months. */
  totalOrders: number;
}

/** `auto`: summaries where they answer exactly; `scan`: the shipment lines only (for checks). */
export type SalesSource = 'auto' | 'scan';

const DIMENSION = { group: 'g.code', manager: 'm.code', client: 'c.code' } as const;

/**
 * Orders are counted per client and month: a shipment without an order is an order of its
 * own, and an order shipped to two clients counts for each. That makes the monthly counts of
 * the summaries exact and lets the months add up.
 */
const ORDER_OF_LINE = `x.client_id || ':' || COALESCE(x.order_id, -x.shipment_id)`;

export interface Part {
  from: string;
  to: string;
  summary: boolean;
}

/**
 * [from, to] as whole months (from the summaries, `from`/`to` as 'YYYY-MM') and the months it
 * cuts (from the lines, days). The other reports that read the summaries use it too.
 */
export function parts(sqlite: Sqlite, from: string, to: string): Part[] {
  const first = from.slice(0, 7);
  const last = to.slice(0, 7);
  // a cut month still counts as whole when no shipment falls in the part left out
  const cutStart = from > `${first}-01` && sqlite.prepare('SELECT 1 FROM shipments WHERE date >= ? AND date < ? LIMIT 1').get(`${first}-01`, from) !== undefined;
  const cutEnd = to < lastDay(last) && sqlite.prepare('SELECT 1 FROM shipments WHERE date > ? AND date <= ? LIMIT 1').get(to, lastDay(last)) !== undefined;
  if (first === last) return [cutStart || cutEnd ? { from, to, summary: false } : { from: first, to: last, summary: true }];
  const out: Part[] = [];
  if (cutStart) out.push({ from, to: lastDay(first), summary: false });
  const wholeFrom = cutStart ? addMonths(first, 1) : first;
  const wholeTo = cutEnd ? addMonths(last, -1) : last;
  if (wholeFrom <= wholeTo) out.push({ from: wholeFrom, to: wholeTo, summary: true });
  if (cutEnd) out.push({ from: `${last}-01`, to, summary: false });
  return out;
}

interface Query {
  select: string;
  from: string;
  where: string[];
  args: unknown[];
}

/** Joins and filters shared by both paths; `x` is the fact table (lines or summary rows). */
function filtered(f: SalesFilter, groups: Set<string> | undefined, base: Query, manager: string, withGroups: boolean): Query {
  const q = { ...base, where: [...base.where], args: [...base.args] };
  const needManager = f.by === 'manager' || f.manager !== undefined;
  const needClient = needManager || f.by === 'client' || f.client !== undefined;
  if (withGroups) q.from += ' JOIN product_groups g ON g.id = x.group_id';
  if (needClient) q.from += ' JOIN clients c ON c.id = x.client_id';
  if (needManager) q.from += ` LEFT JOIN managers m ON m.id = COALESCE(${manager}, c.manager_id)`;
  if (groups) {
    q.where.push(`g.code IN (${[...groups].map(() => '?').join(', ')})`);
    q.args.push(...groups);
  }
  if (f.manager !== undefined) {
    q.where.push('m.code = ?');
    q.args.push(f.manager);
  }
  if (f.client !== undefined) {
    q.where.push('c.code = ?');
    q.args.push(f.client);
  }
  return q;
}

function run(sqlite: Sqlite, q: Query, group: string): SalesCell[] {
  return sqlite.prepare(`SELECT ${q.select} FROM ${q.from} WHERE ${q.where.join(' AND ')} ${group}`).all(...q.args) as SalesCell[];
}

/** Cells (or, with `total`, one row of distinct client-month orders) from the shipment lines of [from, to]. */
function scan(sqlite: Sqlite, f: SalesFilter, groups: Set<string> | undefined, from: string, to: string, total: boolean): SalesCell[] {
  // the lines with the columns the summaries have, so the filters read the same
  const lines = `(SELECT s.id AS shipment_id, s.date, s.client_id, s.order_id, o.manager_id AS order_manager_id, p.group_id, l.amount, l.qty, l.cost
      FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id JOIN products p ON p.id = l.product_id LEFT JOIN sales_orders o ON o.id = s.order_id
      WHERE s.date >= ? AND s.date <= ?) x`;
  const q = filtered(
    f,
    groups,
    {
      select: total
        ? `'total' AS month, NULL AS key, SUM(x.amount) AS amount, SUM(x.qty) AS qty, SUM(x.cost) AS cost, COUNT(DISTINCT substr(x.date, 1, 7) || ':' || ${ORDER_OF_LINE}) AS orders`
        : `substr(x.date, 1, 7) AS month, ${DIMENSION[f.by]} AS key, SUM(x.amount) AS amount, SUM(x.qty) AS qty, SUM(x.cost) AS cost, COUNT(DISTINCT ${ORDER_OF_LINE}) AS orders`,
      from: lines,
      where: ['1 = 1'],
      args: [from, to],
    },
    'x.order_manager_id',
    f.by === 'group' || groups !== undefined,
  );
  return run(sqlite, q, total ? '' : 'GROUP BY month, key ORDER BY month, key');
}

/** Cells (or the total) of whole months [from, to] ('YYYY-MM') from the summaries, where `summaryAnswers`. */
function fromSummaries(sqlite: Sqlite, f: SalesFilter, groups: Set<string> | undefined, from: string, to: string, total: boolean, someClients: boolean): SalesCell[] {
  // distinct orders of a month add up over clients, not over groups: the total reads the client table
  const byGroup = f.by === 'group' && !total;
  // month × group of some clients (one client, or a manager's under the server's rules): the
  // client × group summary, whose distinct orders add up over clients as well
  const ofClients = byGroup && (f.client !== undefined || someClients);
  const q = filtered(
    f,
    groups,
    {
      select: `${total ? "'total'" : 'x.month'} AS month, ${total ? 'NULL' : DIMENSION[f.by]} AS key, SUM(x.amount) AS amount, SUM(x.qty) AS qty, SUM(x.cost) AS cost, SUM(x.orders) AS orders`,
      from: ofClients ? 'sales_summary_client_group x' : byGroup ? 'sales_summary x' : 'sales_summary_client x',
      where: ['x.month >= ?', 'x.month <= ?'],
      args: [from, to],
    },
    'NULLIF(x.manager_id, 0)',
    byGroup,
  );
  return run(sqlite, q, total ? '' : 'GROUP BY month, key ORDER BY month, key');
}

/**
 * What the summaries answer exactly: month × group cells without a client or manager filter
 * (the group table has neither), and month × client/manager cells and the total orders
 * without a group filter (the distinct orders of a set of groups are in no summary).
 */
function summaryAnswers(f: SalesFilter, groups: Set<string> | undefined, total: boolean, someClients: boolean): boolean {
  // a user the server shows some clients only (a manager, SPEC §8) may not read the group table, which sums all: they, and a
  // --client filter, read the client × group table; a --manager filter (the order's manager first) is in no group summary
  if (f.by === 'group' && !total) return f.manager === undefined;
  return groups === undefined;
}

export async function salesData(db: Db, f: SalesFilter, groups: Set<string> | undefined, source: SalesSource = 'auto'): Promise<SalesData> {
  const sqlite = sq(db);
  const someClients = rowsFiltered(db);
  const cells: SalesCell[] = [];
  let totalOrders = 0;
  for (const part of source === 'scan' ? [{ from: f.from, to: f.to, summary: false }] : parts(sqlite, f.from, f.to)) {
    const read = (total: boolean) =>
      part.summary && summaryAnswers(f, groups, total, someClients)
        ? fromSummaries(sqlite, f, groups, part.from, part.to, total, someClients)
        : scan(sqlite, f, groups, part.summary ? `${part.from}-01` : part.from, part.summary ? lastDay(part.to) : part.to, total);
    cells.push(...read(false));
    totalOrders += read(true)[0]?.orders ?? 0;
  }
  return { cells, totalOrders };
}
