// SPEC §6 illiquid: at day D, SKUs with stock > 0 whose days idle (since the last sale, or
// the first receipt or count when never sold) reach their threshold: the product's, else
// the nearest ancestor group's, else the setting illiquid_after_days (default 180).
import type { Db } from '../db/connection.js';
import { groupThresholds, illiquidCandidates, setting, type IlliquidProduct, type SalesSource } from '../db/reportQueries.js';
import { stockAt } from '../db/stock.js';
import { column, type Row, type Table } from '../io/table.js';
import { dayNumber } from '../planning/calendar.js';
import { GroupTree } from '../planning/groupTree.js';
import type { ReportOptions } from './types.js';
import type { ReportResult } from './types.js';
import { percentOf } from './ratios.js';

export const DEFAULT_ILLIQUID_AFTER_DAYS = 180;

export function thresholdOf(product: Pick<IlliquidProduct, 'ownThreshold' | 'group'>, groupDays: Map<string, number | null>, tree: GroupTree, fallback: number): number {
  if (product.ownThreshold !== null) return product.ownThreshold;
  for (const g of [product.group, ...tree.ancestors(product.group)]) {
    const days = groupDays.get(g);
    if (days !== null && days !== undefined) return days;
  }
  return fallback;
}

export function computeIlliquid(
  day: string,
  products: IlliquidProduct[],
  stock: Map<string, number>,
  groups: { code: string; parent: string | null; days: number | null }[],
  fallback: number,
): { rows: Row[]; totals: Row } {
  const tree = new GroupTree(groups);
  const groupDays = new Map(groups.map((g) => [g.code, g.days]));
  const rows: Row[] = [];
  let allValue = 0;
  for (const p of products) {
    const qty = stock.get(p.sku) ?? 0;
    if (qty <= 0) continue;
    const value = qty * p.cost;
    allValue += value;
    const since = p.lastSale ?? p.firstSeen;
    if (since === null) continue; // stock without any dated event: nothing to measure from
    const daysIdle = dayNumber(day) - dayNumber(since);
    const threshold = thresholdOf(p, groupDays, tree, fallback);
    if (daysIdle < threshold) continue;
    rows.push({ sku: p.sku, name: p.name, group: p.group, manager: p.manager, qty, value, last_sale: p.lastSale, days_idle: daysIdle, threshold });
  }
  const value = rows.reduce((s, r) => s + Number(r.value), 0);
  return {
    rows,
    totals: { qty: rows.reduce((s, r) => s + Number(r.qty), 0), value, share_pct: percentOf(value, allValue) },
  };
}

/** The product filters of a report: --group (with descendants), --manager and --supplier of the product. */
export function keepsProduct(opts: Pick<ReportOptions, 'groups' | 'manager' | 'supplier'>, p: { group: string; manager: string | null; supplier: string | null }): boolean {
  return (!opts.groups || opts.groups.has(p.group)) && (opts.manager === undefined || p.manager === opts.manager) && (opts.supplier === undefined || p.supplier === opts.supplier);
}

export function illiquidTable(rows: Row[], totals: Row): Table {
  return {
    name: 'illiquid',
    headlines: [column('share_pct', 'percent')],
    columns: [
      column('sku'), column('name'), column('group'), column('manager'), column('qty', 'number'), column('value', 'money'),
      column('last_sale', 'date'), column('days_idle', 'int'), column('threshold', 'int'),
    ],
    rows,
    totals,
  };
}

export async function illiquidReport(db: Db, opts: ReportOptions, source: SalesSource = 'facts'): Promise<ReportResult> {
  const stock = new Map((await stockAt(db, opts.date)).map((s) => [s.sku, s.qty]));
  const fallback = Number((await setting(db, 'illiquid_after_days')) ?? DEFAULT_ILLIQUID_AFTER_DAYS);
  const products = (await illiquidCandidates(db, opts.date, source)).filter((p) => keepsProduct(opts, p));
  const { rows, totals } = computeIlliquid(opts.date, products, stock, await groupThresholds(db), fallback);
  return { table: illiquidTable(rows, totals), extra: { default_threshold: fallback } };
}
