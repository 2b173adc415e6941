// SPEC §6 low-profit-stock: per SKU over [a, b] (n days) the margin and the average daily
// stock value; stock profitability = margin / average stock value; the average for all
// stock = Σ margin / Σ average stock value (weighted, not a mean of ratios); and the share
// of stock value held in SKUs below that average, listed.
import type { Db } from '../db/connection.js';
import { marginsBySku, productCostsAndNames, stockEvents } from '../db/reportQueries.js';
import { stockAt } from '../db/stock.js';
import { keepsProduct } from './illiquid.js';
import { column, type Row } from '../io/table.js';
import { addDays, dayNumber } from '../planning/calendar.js';
import type { ReportOptions } from './types.js';
import type { ReportResult } from './types.js';
import { percentOf, ratio } from './ratios.js';

export interface StockEvent {
  sku: string;
  date: string;
  kind: 'count' | 'in' | 'out';
  qty: number;
}

/** Σ over the days of [from, to] of the stock at the end of each day (SPEC §2), by SKU. */
export function stockDays(from: string, to: string, opening: Map<string, number>, events: StockEvent[]): Map<string, number> {
  const bySku = new Map<string, StockEvent[]>();
  for (const e of events) {
    const list = bySku.get(e.sku);
    if (list) list.push(e);
    else bySku.set(e.sku, [e]);
  }
  const last = dayNumber(to);
  const out = new Map<string, number>();
  for (const sku of new Set([...opening.keys(), ...bySku.keys()])) {
    let level = opening.get(sku) ?? 0;
    let day = dayNumber(from);
    let total = 0;
    const list = bySku.get(sku) ?? [];
    for (let i = 0; i < list.length; ) {
      const d = dayNumber(list[i]!.date);
      total += level * (d - day); // the days before this one keep the level
      // a count is the quantity at the end of its day, same-day movements included
      let count: number | undefined;
      let delta = 0;
      for (; i < list.length && dayNumber(list[i]!.date) === d; i++) {
        const e = list[i]!;
        if (e.kind === 'count') count = e.qty;
        else delta += e.kind === 'in' ? e.qty : -e.qty;
      }
      level = count ?? level + delta;
      day = d;
    }
    total += level * (last - day + 1);
    out.set(sku, total);
  }
  return out;
}

export function lowProfit(
  n: number,
  products: { sku: string; name: string; cost: number; group: string }[],
  margins: Map<string, number>,
  stockDaysBySku: Map<string, number>,
): { rows: Row[]; totals: Row } {
  const items = products
    .map((p) => ({ ...p, margin: margins.get(p.sku) ?? 0, avgValue: ((stockDaysBySku.get(p.sku) ?? 0) * p.cost) / n }))
    .filter((p) => p.avgValue > 0);
  const totalMargin = items.reduce((s, p) => s + p.margin, 0);
  const totalValue = items.reduce((s, p) => s + p.avgValue, 0);
  const average = totalValue === 0 ? null : totalMargin / totalValue;
  const below = average === null ? [] : items.filter((p) => p.margin / p.avgValue < average);
  const belowValue = below.reduce((s, p) => s + p.avgValue, 0);
  const belowMargin = below.reduce((s, p) => s + p.margin, 0);
  return {
    rows: below
      .sort((a, b) => a.margin / a.avgValue - b.margin / b.avgValue)
      .map((p) => ({ sku: p.sku, name: p.name, group: p.group, margin: p.margin, avg_stock_value: p.avgValue, profitability: p.margin / p.avgValue })),
    // the totals row adds up the rows listed; the figures of all stock are headlines
    totals: {
      margin: belowMargin,
      avg_stock_value: belowValue,
      profitability: ratio(belowMargin, belowValue),
      stock_margin: totalMargin,
      stock_avg_value: totalValue,
      average_profitability: average,
      below_average_share_pct: percentOf(belowValue, totalValue),
    },
  };
}

export async function lowProfitStockReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const n = dayNumber(opts.to) - dayNumber(opts.from) + 1;
  const opening = new Map((await stockAt(db, addDays(opts.from, -1))).map((s) => [s.sku, s.qty]));
  const days = stockDays(opts.from, opts.to, opening, await stockEvents(db, opts.from, opts.to));
  const margins = new Map((await marginsBySku(db, opts.from, opts.to)).map((m) => [m.sku, m.margin]));
  const products = (await productCostsAndNames(db)).filter((p) => keepsProduct(opts, p));
  const { rows, totals } = lowProfit(n, products, margins, days);
  return {
    table: {
      name: 'low-profit-stock',
      columns: [column('sku'), column('name'), column('group'), column('margin', 'money'), column('avg_stock_value', 'money'), column('profitability', 'number')],
      headlines: [
        column('stock_margin', 'money'),
        column('stock_avg_value', 'money'),
        column('average_profitability', 'number'),
        column('below_average_share_pct', 'percent'),
      ],
      rows,
      totals,
    },
    extra: { days: n },
  };
}
