// SPEC §9 deliveries: the shipments dated in [from, to] that the company paid to deliver, by
// client, manager, month or carrier: their revenue, the delivery cost, cost % of revenue,
// margin and margin after delivery. By carrier a shipment two carriers delivered is split
// between them in proportion to what each was paid, so the rows add up to the totals.
import type { Db } from '../db/connection.js';
import { deliveredShipments, managerNames, type DeliveredShipment } from '../db/moneyQueries.js';
import { t } from '../i18n/index.js';
import { column, type Row, type Table, type TableColumn } from '../io/table.js';
import { splitByLargestRemainder } from '../util/split.js';
import { percentOf } from './ratios.js';
import type { ReportOptions, ReportResult } from './types.js';

// in the run's language, as a row of the report says it
const noManager = (): string => t('money.noManager');
const noCarrier = (): string => t('money.showNoCarrier');

interface Part {
  key: string;
  names: Row;
  /** The share of the shipment this row takes (1, or a carrier's part). */
  share: number;
  delivery: number;
  /** The row's revenue and margin of the shipment, in kopecks: whole, or a carrier's part split by largest remainder. */
  revenue: number;
  margin: number;
}

/** The whole shipment as one row's part. */
const whole = (s: DeliveredShipment) => ({ share: 1, delivery: deliveryOf(s), revenue: s.amount, margin: s.amount - s.cost });

const BY: Record<string, { columns: TableColumn[]; parts: (s: DeliveredShipment, managers: Map<string, string>) => Part[] }> = {
  client: {
    columns: [column('client'), column('name')],
    parts: (s) => [{ key: s.client, names: { client: s.client, name: s.clientName }, ...whole(s) }],
  },
  manager: {
    columns: [column('manager'), column('name')],
    parts: (s, managers) => [
      { key: s.manager ?? '\u0000', names: { manager: s.manager, name: s.manager === null ? noManager() : (managers.get(s.manager) ?? null) }, ...whole(s) },
    ],
  },
  month: {
    columns: [column('month', 'month')],
    parts: (s) => [{ key: s.date.slice(0, 7), names: { month: s.date.slice(0, 7) }, ...whole(s) }],
  },
  carrier: {
    columns: [column('carrier')],
    parts: (s) => {
      const total = deliveryOf(s);
      const byCarrier = new Map<string, number>();
      for (const d of s.deliveries) byCarrier.set(d.carrier ?? noCarrier(), (byCarrier.get(d.carrier ?? noCarrier()) ?? 0) + d.cost);
      const n = byCarrier.size;
      // revenue and margin in whole kopecks by largest remainder, so the rows add up to the totals exactly
      const costs = [...byCarrier.values()];
      const revenue = splitByLargestRemainder(s.amount, costs);
      const margin = splitByLargestRemainder(s.amount - s.cost, costs);
      return [...byCarrier].map(([carrier, cost], i) => ({ key: carrier, names: { carrier }, share: total === 0 ? 1 / n : cost / total, delivery: cost, revenue: revenue[i]!, margin: margin[i]! }));
    },
  },
};

const deliveryOf = (s: DeliveredShipment) => s.deliveries.reduce((sum, d) => sum + d.cost, 0);

interface Bucket {
  names: Row;
  shipments: number;
  deliveries: number;
  revenue: number;
  delivery: number;
  margin: number;
}

export function deliveriesTable(shipments: DeliveredShipment[], by: string, managers: Map<string, string>): Table {
  const dimension = BY[by]!;
  const buckets = new Map<string, Bucket>();
  for (const s of shipments) {
    for (const p of dimension.parts(s, managers)) {
      let b = buckets.get(p.key);
      if (!b) buckets.set(p.key, (b = { names: p.names, shipments: 0, deliveries: 0, revenue: 0, delivery: 0, margin: 0 }));
      b.shipments += p.share;
      b.deliveries += by === 'carrier' ? s.deliveries.filter((d) => (d.carrier ?? noCarrier()) === p.key).length : s.deliveries.length;
      b.revenue += p.revenue;
      b.margin += p.margin;
      b.delivery += p.delivery;
    }
  }
  const row = (b: Omit<Bucket, 'names'>): Row => ({
    shipments: b.shipments,
    deliveries: b.deliveries,
    revenue: b.revenue,
    delivery_cost: b.delivery,
    cost_pct: percentOf(b.delivery, b.revenue),
    margin: b.margin,
    margin_after_delivery: b.margin - b.delivery,
    margin_after_delivery_pct: percentOf(b.margin - b.delivery, b.revenue),
  });
  const sorted = [...buckets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const all = [...buckets.values()];
  const sum = (k: keyof Omit<Bucket, 'names'>) => all.reduce((s, b) => s + b[k], 0);
  return {
    name: 'deliveries',
    columns: [
      ...dimension.columns, column('shipments', 'number'), column('deliveries', 'int'), column('revenue', 'money'), column('delivery_cost', 'money'),
      column('cost_pct', 'percent'), column('margin', 'money'), column('margin_after_delivery', 'money'), column('margin_after_delivery_pct', 'percent'),
    ],
    rows: sorted.map(([, b]) => ({ ...b.names, ...row(b) })),
    totals: row({ shipments: shipments.length, deliveries: sum('deliveries'), revenue: sum('revenue'), delivery: sum('delivery'), margin: sum('margin') }),
  };
}

export async function deliveriesReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const shipments = (await deliveredShipments(db, opts.from, opts.to)).filter(
    (s) => (opts.client === undefined || s.client === opts.client) && (opts.manager === undefined || s.manager === opts.manager),
  );
  return {
    table: deliveriesTable(shipments, opts.by ?? 'client', await managerNames(db)),
    note: shipments.length === 0 ? t('money.noDeliveredShipments') : undefined,
  };
}
