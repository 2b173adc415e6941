// SPEC §6 low-profit-stock: per SKU over [a, b] (n days) the margin and the average daily
// stock value; stock profitability = margin / average stock value; the average for all
// stock = Σ margin / Σ average stock value (weighted, not a mean of ratios); and the share
// of stock value held in SKUs below that average, listed.
import type { Db } from '../db/connection.js';
import { lowProfitInputs, marginsBySku, productCostsAndNames, stockEvents, type SalesSource } from '../db/reportQueries.js';
import { stockAt } from '../db/stock.js';
import { keepsProduct } from './illiquid.js';
import { column, type Row } from '../io/table.js';
import { addDays, addMonths, dayNumber, daysInMonth, lastDay } from '../planning/calendar.js';
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

/** [from, to] as the whole months within it and the days before and after them. */
export function splitPeriod(from: string, to: string): { whole?: { firstMonth: string; lastMonth: string }; dayRanges: [string, string][] } {
  const firstMonth = from.endsWith('-01') ? from.slice(0, 7) : addMonths(from.slice(0, 7), 1);
  const lastMonth = to === lastDay(to.slice(0, 7)) ? to.slice(0, 7) : addMonths(to.slice(0, 7), -1);
  if (firstMonth > lastMonth) return { dayRanges: [[from, to]] };
  const dayRanges: [string, string][] = [];
  if (from < `${firstMonth}-01`) dayRanges.push([from, addDays(`${firstMonth}-01`, -1)]);
  if (to > lastDay(lastMonth)) dayRanges.push([addDays(lastDay(lastMonth), 1), to]);
  return { whole: { firstMonth, lastMonth }, dayRanges };
}

/**
 * Stock-days and margins by SKU over [from, to] from the per-SKU monthly facts. A SKU's month
 * of shipments without a count in it (a block: qty Q, Σ qty × day of month W, L days) lowers
 * the month's stock-days by Σ q × (L − day + 1) = Q × (L + 1) − W and the level from the next
 * month on by Q; so it enters stockDays as one shipment on the day after the month and the
 * difference within the month is taken off afterwards. Equal to stockDays over every line.
 */
async function stockDaysByFacts(db: Db, from: string, to: string, opening: Map<string, number>) {
  const { whole, dayRanges } = splitPeriod(from, to);
  const { events, blocks, margins } = await lowProfitInputs(db, from, to, whole, dayRanges);
  const within = new Map<string, number>();
  for (const b of blocks) {
    events.push({ sku: b.sku, date: addDays(lastDay(b.month), 1), kind: 'out', qty: b.qty });
    within.set(b.sku, (within.get(b.sku) ?? 0) + b.qty * (daysInMonth(b.month) + 1) - b.qty_days);
  }
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const days = stockDays(from, to, opening, events);
  for (const [sku, less] of within) days.set(sku, days.get(sku)! - less);
  return { days, margins };
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

export async function lowProfitStockReport(db: Db, opts: ReportOptions, source: SalesSource = 'facts'): Promise<ReportResult> {
  const n = dayNumber(opts.to) - dayNumber(opts.from) + 1;
  const opening = new Map((await stockAt(db, addDays(opts.from, -1))).map((s) => [s.sku, s.qty]));
  const { days, margins } =
    source === 'facts'
      ? await stockDaysByFacts(db, opts.from, opts.to, opening)
      : {
          days: stockDays(opts.from, opts.to, opening, await stockEvents(db, opts.from, opts.to)),
          margins: new Map((await marginsBySku(db, opts.from, opts.to)).map((m) => [m.sku, m.margin])),
        };
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
