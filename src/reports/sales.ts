// SPEC §6 sales: amount, qty, margin, orders by month × group (or manager, client).
import type { Db } from '../db/connection.js';
import { groupParents } from '../db/reportQueries.js';
import { salesData, type SalesData, type SalesFilter } from '../db/salesQueries.js';
import type { Table } from '../io/table.js';
import { monthsOf } from '../planning/calendar.js';
import { monthLayout } from './months.js';
import type { ReportOptions } from './types.js';
import type { ReportResult } from './types.js';

export function buildSales({ cells, totalOrders }: SalesData, by: string): Table {
  return {
    name: 'sales',
    columns: [
      { key: 'month', header: 'month', kind: 'month' },
      { key: by, header: by, kind: 'text' },
      { key: 'amount', header: 'amount', kind: 'money' },
      { key: 'qty', header: 'qty', kind: 'number' },
      { key: 'margin', header: 'margin', kind: 'money' },
      { key: 'orders', header: 'orders', kind: 'int' },
    ],
    rows: cells.map((c) => ({ month: c.month, [by]: c.key, amount: c.amount, qty: c.qty, margin: c.amount - c.cost, orders: c.orders })),
    // amounts add up over the cells; distinct orders do not (one order can span groups)
    totals: {
      amount: cells.reduce((s, c) => s + c.amount, 0),
      qty: cells.reduce((s, c) => s + c.qty, 0),
      margin: cells.reduce((s, c) => s + c.amount - c.cost, 0),
      orders: totalOrders,
    },
  };
}

/**
 * The month-columns layout (SPEC §10): rows = the --by dimension (by group: the tree, a parent
 * the subtotal of its own products and its children), columns = months × `show` and the
 * period's total. `parents` holds only the groups the filter keeps (a parent outside
 * --group is no subtotal of it).
 */
export function salesMonths(long: Table, by: string, months: string[], show: string[], parents?: Map<string, string | null>): Table {
  return monthLayout({
    name: long.name,
    months,
    show,
    long,
    blocks: [{ dims: [by], rows: long.rows, base: ['amount', 'qty', 'margin', 'orders'], total: true, ...(by === 'group' && parents ? { tree: { parents, inclusive: false } } : {}) }],
  });
}

export async function salesReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const by = (opts.by ?? 'group') as SalesFilter['by'];
  const filter: SalesFilter = { from: opts.from, to: opts.to, by, group: opts.group, manager: opts.manager, client: opts.client };
  const table = buildSales(await salesData(db, filter, opts.groups), by);
  const groups = by === 'group' ? await groupParents(db) : [];
  const kept = opts.groups;
  const parents = new Map(groups.map((g) => [g.code, g.parent !== null && (!kept || kept.has(g.parent)) ? g.parent : null]));
  return {
    table,
    months: (show) => salesMonths(table, by, monthsOf(opts.from, opts.to), show, by === 'group' ? parents : undefined),
    ...(by === 'group' ? { groupParents: parents } : {}),
  };
}
