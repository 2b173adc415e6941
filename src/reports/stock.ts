// The stock report: what is on hand at a day, what it is worth at cost, how much of it is
// promised to orders, and how many days of sales it covers. Negative stock (shipped more
// than counted and received) is flagged: the documents are missing a receipt or a count.
import type { Db } from '../db/connection.js';
import { productCostsAndNames, reservedAt, shippedQty } from '../db/reportQueries.js';
import { stockAt } from '../db/stock.js';
import { column, type Row, type Table } from '../io/table.js';
import { addDays } from '../planning/calendar.js';
import { keepsProduct } from './illiquid.js';
import type { ReportOptions } from './types.js';
import { ratio } from './ratios.js';
import type { ReportResult } from './types.js';

/** Days of sales behind the average daily sales of `days_of_cover`. */
export const COVER_DAYS = 90;

export interface StockInput {
  products: { sku: string; name: string; group: string; cost: number }[];
  qty: Map<string, number>;
  reserved: Map<string, number>;
  /** Shipped qty in the COVER_DAYS days up to the day. */
  shipped: Map<string, number>;
}

export function computeStock(input: StockInput): { rows: Row[]; totals: Row } {
  const rows: Row[] = [];
  for (const p of input.products) {
    const qty = input.qty.get(p.sku) ?? 0;
    const reserved = input.reserved.get(p.sku) ?? 0;
    const shipped = input.shipped.get(p.sku) ?? 0;
    if (qty === 0 && reserved === 0 && shipped === 0) continue;
    const daily = shipped / COVER_DAYS;
    rows.push({
      sku: p.sku,
      name: p.name,
      group: p.group,
      qty,
      value: qty * p.cost,
      reserved,
      free: qty - reserved,
      avg_daily_sales: daily,
      // nothing to cover with: no stock (or below zero), or no sales to cover
      days_of_cover: daily === 0 || qty <= 0 ? null : ratio(qty, daily),
      negative: qty < 0 ? 1 : 0,
    });
  }
  const sum = (k: string) => rows.reduce((s, r) => s + Number(r[k]), 0);
  return {
    rows,
    totals: { qty: sum('qty'), value: sum('value'), reserved: sum('reserved'), free: sum('free'), avg_daily_sales: sum('avg_daily_sales'), negative_skus: sum('negative') },
  };
}

export function stockTable(rows: Row[], totals: Row): Table {
  return {
    name: 'stock',
    columns: [
      column('sku'), column('name'), column('group'), column('qty', 'number'), column('value', 'money'), column('reserved', 'number'),
      column('free', 'number'), column('avg_daily_sales', 'number'), column('days_of_cover', 'number'), column('negative', 'bool'),
    ],
    headlines: [column('negative_skus', 'int')],
    rows,
    totals,
  };
}

export async function stockReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const products = (await productCostsAndNames(db)).filter((p) => keepsProduct(opts, p));
  const { rows, totals } = computeStock({
    products,
    qty: new Map((await stockAt(db, opts.date)).map((s) => [s.sku, s.qty])),
    reserved: await reservedAt(db, opts.date),
    shipped: await shippedQty(db, addDays(opts.date, 1 - COVER_DAYS), opts.date),
  });
  return { table: stockTable(rows, totals), extra: { cover_days: COVER_DAYS } };
}
