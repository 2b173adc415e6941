// SPEC §6 refusals, potential, managers, terms and delays: one query each and a small build.
import type { Db } from '../db/connection.js';
import { ordersWithProgress } from '../db/orderProgress.js';
import { managerRows, potentialRows, refusalLines, termRows } from '../db/reportQueries.js';
import { moneyDisplay } from '../io/locale.js';
import { column, type Row } from '../io/table.js';
import { addDays, dayNumber } from '../planning/calendar.js';
import type { ReportOptions } from './types.js';
import type { ReportResult } from './types.js';
import { percentOf } from './ratios.js';


/** The party filters: --client, --manager (as the report's rows carry them). */
function keepsParty(opts: ReportOptions, row: { client?: string; manager: string | null }): boolean {
  return (opts.client === undefined || row.client === opts.client) && (opts.manager === undefined || row.manager === opts.manager);
}

/** Refused orders by reason: count, amount, share of the refused amount. */
export async function refusalsReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const byReason = new Map<string, { reason: string; name: string | null; orders: Set<string>; amount: number }>();
  for (const l of await refusalLines(db, opts.from, opts.to)) {
    if (!keepsParty(opts, l) || (opts.groups && !opts.groups.has(l.group))) continue;
    const r = byReason.get(l.reason) ?? { reason: l.reason, name: l.name, orders: new Set<string>(), amount: 0 };
    r.orders.add(l.order_no);
    r.amount += l.amount;
    byReason.set(l.reason, r);
  }
  const rows = [...byReason.values()]
    .sort((a, b) => b.amount - a.amount || (a.reason < b.reason ? -1 : 1))
    .map((r) => ({ reason: r.reason, name: r.name, orders: r.orders.size, amount: r.amount }));
  const total = rows.reduce((s, r) => s + r.amount, 0);
  return {
    table: {
      name: 'refusals',
      columns: [column('reason'), column('name'), column('orders', 'int'), column('amount', 'money'), column('share_pct', 'percent')],
      rows: rows.map((r) => ({ ...r, share_pct: percentOf(r.amount, total) })),
      totals: { orders: rows.reduce((s, r) => s + r.orders, 0), amount: total, share_pct: total === 0 ? null : 100 },
    },
  };
}

/** Purchases in the 12 months up to --date against the client's purchase potential. */
export async function potentialReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  // the 12 months up to --date: from the day after the same date a year earlier
  const since = addDays(`${Number(opts.date.slice(0, 4)) - 1}-${opts.date.slice(5, 7)}-01`, Number(opts.date.slice(8, 10)));
  const rows = (await potentialRows(db, since, opts.date))
    .filter((r) => keepsParty(opts, r))
    .map((r) => ({ ...r, utilization_pct: r.potential ? percentOf(r.purchases, r.potential) : null }));
  const potential = rows.reduce((s, r) => s + (r.potential ?? 0), 0);
  const purchases = rows.reduce((s, r) => s + r.purchases, 0);
  return {
    table: {
      name: 'potential',
      columns: [column('client'), column('name'), column('manager'), column('potential', 'money'), column('purchases', 'money'), column('utilization_pct', 'percent')],
      rows,
      totals: { potential, purchases, utilization_pct: percentOf(purchases, potential) },
    },
    extra: { from: since, to: opts.date },
  };
}

/** Per manager: revenue, margin, orders, average order; totals add the average revenue per manager. */
export async function managersReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const managers = (await managerRows(db, opts.from, opts.to)).filter((r) => keepsParty(opts, r));
  const rows: Row[] = managers.map((r) => ({
    manager: r.manager,
    name: r.name,
    revenue: r.revenue,
    margin: r.revenue - r.cost,
    orders: r.orders,
    avg_order: r.orders === 0 ? null : r.order_amount / r.orders,
  }));
  const revenue = rows.reduce((s, r) => s + Number(r.revenue), 0);
  const orders = rows.reduce((s, r) => s + Number(r.orders), 0);
  const orderAmount = managers.reduce((s, r) => s + r.order_amount, 0);
  return {
    table: {
      name: 'managers',
      columns: [column('manager'), column('name'), column('revenue', 'money'), column('margin', 'money'), column('orders', 'int'), column('avg_order', 'money')],
      rows,
      headlines: [column('avg_revenue_per_manager', 'money')],
      totals: {
        revenue,
        margin: rows.reduce((s, r) => s + Number(r.margin), 0),
        orders,
        avg_order: orders === 0 ? null : orderAmount / orders,
        avg_revenue_per_manager: rows.length === 0 ? null : revenue / rows.length,
      },
    },
  };
}

/** Orders whose granted discount or deferral exceed the client card, or that took the client over the credit limit. */
export async function termsReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const rows: Row[] = [];
  for (const o of await termRows(db, opts.from, opts.to)) {
    const problems: string[] = [];
    if (o.granted_discount !== null && o.granted_discount > o.card_discount) problems.push(`discount ${o.granted_discount} % > card ${o.card_discount} %`);
    if (o.granted_deferral !== null && o.granted_deferral > o.card_deferral) problems.push(`deferral ${o.granted_deferral} d > card ${o.card_deferral} d`);
    const after = o.balance_before + o.amount;
    if (o.credit_limit !== null && after > o.credit_limit) problems.push(`balance ${moneyDisplay(after)} > credit limit ${moneyDisplay(o.credit_limit)}`);
    if (problems.length === 0 || !keepsParty(opts, o)) continue;
    rows.push({ ...o, balance_after: after, problems: problems.join('; ') });
  }
  return {
    table: {
      name: 'terms',
      columns: [
        column('order_no'), column('date', 'date'), column('client'), column('granted_discount', 'percent'), column('card_discount', 'percent'),
        column('granted_deferral', 'int'), column('card_deferral', 'int'), column('amount', 'money'), column('balance_after', 'money'),
        column('credit_limit', 'money'), column('problems'),
      ],
      rows,
      totals: { amount: rows.reduce((s, r) => s + Number(r.amount), 0) },
    },

  };
}

/** Orders shipped or paid after the planned date, or not yet and already past it (as of --as-of). */
export async function delaysReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const rows: Row[] = [];
  for (const o of await ordersWithProgress(db, opts.from, opts.to)) {
    if (o.status === 'refused' || !keepsParty(opts, o)) continue;
    const check = (kind: string, planned: string | null, actual: string | null, done: boolean) => {
      if (planned === null) return;
      const end = actual ?? (done ? null : opts.asOf);
      if (end === null) return;
      const late = dayNumber(end) - dayNumber(planned);
      if (late > 0) rows.push({ order_no: o.order_no, client: o.client, status: o.status, what: kind, planned, actual, days_late: late });
    };
    const shipped = o.status === 'shipped' || o.status === 'paid' || o.status === 'closed';
    check('shipment', o.planned_ship_date, o.actualShipDate, shipped);
    check('payment', o.planned_payment_date, o.actualPaymentDate, o.status === 'paid' || o.status === 'closed');
  }
  return {
    table: {
      name: 'delays',
      columns: [column('order_no'), column('client'), column('status'), column('what'), column('planned', 'date'), column('actual', 'date'), column('days_late', 'int')],
      rows,
      totals: { days_late: rows.reduce((s, r) => s + Number(r.days_late), 0) },
    },
  };
}
