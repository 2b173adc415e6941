// SPEC §9 originals: at --date D, the shipments dated on or before D − --days (default 30)
// whose signed originals had not come back by the end of D — one row each, or summed by
// client or manager — with their amounts and how long they have been out.
import type { Db } from '../db/connection.js';
import { managerNames, outstandingOriginals, type OutstandingOriginal } from '../db/moneyQueries.js';
import { column, type Row, type Table } from '../io/table.js';
import { addDays, dayNumber } from '../planning/calendar.js';
import type { ReportOptions, ReportResult } from './types.js';

export const DEFAULT_ORIGINALS_DAYS = 30;

export function originalsTable(list: OutstandingOriginal[], day: string, by: string, managers: Map<string, string>): Table {
  const daysOut = (o: OutstandingOriginal) => dayNumber(day) - dayNumber(o.date);
  const totals = { shipments: list.length, amount: list.reduce((s, o) => s + o.amount, 0) };
  if (by === 'shipment') {
    return {
      name: 'originals',
      columns: [
        column('shipment_no'), column('date', 'date'), column('client'), column('name'), column('manager'), column('amount', 'money'),
        column('days_out', 'int'), column('instructions'),
      ],
      rows: list.map((o) => ({
        shipment_no: o.shipmentNo, date: o.date, client: o.client, name: o.clientName, manager: o.manager, amount: o.amount, days_out: daysOut(o), instructions: o.instructions,
      })),
      totals: { amount: totals.amount, shipments: totals.shipments },
      headlines: [column('shipments', 'int')],
    };
  }
  const groups = new Map<string, { names: Row; shipments: number; amount: number; oldest: string }>();
  for (const o of list) {
    const key = by === 'client' ? o.client : (o.manager ?? '\u0000');
    let g = groups.get(key);
    const names: Row = by === 'client' ? { client: o.client, name: o.clientName, manager: o.manager } : { manager: o.manager, name: o.manager === null ? '(no manager)' : (managers.get(o.manager) ?? null) };
    if (!g) groups.set(key, (g = { names, shipments: 0, amount: 0, oldest: o.date }));
    g.shipments++;
    g.amount += o.amount;
    if (o.date < g.oldest) g.oldest = o.date;
  }
  return {
    name: 'originals',
    columns: [
      ...(by === 'client' ? [column('client'), column('name'), column('manager')] : [column('manager'), column('name')]),
      column('shipments', 'int'), column('amount', 'money'), column('oldest', 'date'), column('max_days_out', 'int'),
    ],
    rows: [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, g]) => ({ ...g.names, shipments: g.shipments, amount: g.amount, oldest: g.oldest, max_days_out: dayNumber(day) - dayNumber(g.oldest) })),
    totals,
  };
}

export async function originalsReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const days = opts.days ?? DEFAULT_ORIGINALS_DAYS;
  const cutoff = addDays(opts.date, -days);
  const list = (await outstandingOriginals(db, cutoff, opts.date)).filter(
    (o) => (opts.client === undefined || o.client === opts.client) && (opts.manager === undefined || o.manager === opts.manager),
  );
  return { table: originalsTable(list, opts.date, opts.by ?? 'shipment', await managerNames(db)), extra: { days, shipped_on_or_before: cutoff } };
}
