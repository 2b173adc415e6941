// SPEC §2: stock of a SKU at the end of day t = last stock count on or before t (0 if none)
// + receipts after that count up to t − shipped qty after that count up to t.
import type { OpeningStock } from '../planning/types.js';
import type { Db } from './connection.js';
import { sq } from './handle.js';

/** Stock of every product at the end of `day`, and where it came from. Set-based: a few queries. */
export async function stockAt(db: Db, day: string): Promise<OpeningStock[]> {
  const products = sq(db).prepare('SELECT id, sku FROM products ORDER BY sku').raw().all() as [number, string][];
  const counts = sq(db)
    .prepare(
      `WITH last_count AS (SELECT product_id, MAX(date) AS date FROM stock_counts WHERE date <= ? GROUP BY product_id)
       SELECT lc.product_id, lc.date, sc.qty FROM last_count lc JOIN stock_counts sc ON sc.product_id = lc.product_id AND sc.date = lc.date`,
    )
    .raw()
    .all(day) as [number, string, number][];
  const countOf = new Map(counts.map(([productId, date, qty]) => [productId, { date, qty }]));
  // movements after each SKU's own count (from the beginning when some SKU was never counted):
  // after the latest count date they count for every SKU, summed per SKU by the database; in
  // between (counts of different days) by SKU and day, so that each SKU's own date applies
  const since = counts.length === products.length && counts.length > 0 ? counts.reduce((m, [, date]) => (date < m ? date : m), day) : '0000-00-00';
  const latest = counts.reduce((m, [, date]) => (date > m ? date : m), since);
  const movements = (table: string, lines: string, fk: string) => {
    const out = new Map<number, number>();
    const between = sq(db)
      .prepare(`SELECT l.product_id, d.date, SUM(l.qty) FROM ${table} d JOIN ${lines} l ON l.${fk} = d.id WHERE d.date > ? AND d.date <= ? GROUP BY l.product_id, d.date`)
      .raw()
      .iterate(since, latest < day ? latest : day) as Iterable<[number, string, number]>;
    for (const [productId, date, qty] of between) {
      const count = countOf.get(productId);
      if (count && date <= count.date) continue;
      out.set(productId, (out.get(productId) ?? 0) + qty);
    }
    if (latest < day) {
      const sum = (after: string, upTo: string) => {
        const rows = sq(db)
          .prepare(`SELECT l.product_id, SUM(l.qty) FROM ${table} d JOIN ${lines} l ON l.${fk} = d.id WHERE d.date > ? AND d.date <= ? GROUP BY l.product_id`)
          .raw()
          .iterate(after, upTo) as Iterable<[number, number]>;
        for (const [productId, qty] of rows) out.set(productId, (out.get(productId) ?? 0) + qty);
      };
      // shipments of the whole months in between from the per-SKU monthly facts (issue 16),
      // the lines only for the rest of the latest count's month and the first days of day's
      const [countMonth, dayMonth] = [latest.slice(0, 7), day.slice(0, 7)];
      if (table === 'shipments' && countMonth < dayMonth) {
        sum(latest, `${countMonth}-31`);
        const months = sq(db)
          .prepare('SELECT product_id, SUM(qty) FROM product_month_sales WHERE month > ? AND month < ? GROUP BY product_id')
          .raw()
          .iterate(countMonth, dayMonth) as Iterable<[number, number]>;
        for (const [productId, qty] of months) out.set(productId, (out.get(productId) ?? 0) + qty);
        sum(`${dayMonth}-00`, day);
      } else sum(latest, day);
    }
    return out;
  };
  const received = movements('receipts', 'receipt_lines', 'receipt_id');
  const shipped = movements('shipments', 'shipment_lines', 'shipment_id');
  return products.map(([id, sku]) => {
    const count = countOf.get(id);
    const receiptsAfterCount = received.get(id) ?? 0;
    const shippedAfterCount = shipped.get(id) ?? 0;
    const countQty = count?.qty ?? 0;
    return { sku, countDate: count?.date ?? null, countQty, receiptsAfterCount, shippedAfterCount, qty: countQty + receiptsAfterCount - shippedAfterCount };
  });
}
