// SPEC §6 illiquid-sales (sales of SKUs that were illiquid at the time) and reserve-turnover.
import type { Db } from '../db/connection.js';
import { groupThresholds, linesWithPreviousSale, monthFirstSaleLines, productThresholds, reservationRows, setting, type SalesSource } from '../db/reportQueries.js';
import { column, type Row } from '../io/table.js';
import { dayNumber } from '../planning/calendar.js';
import { GroupTree } from '../planning/groupTree.js';
import { DEFAULT_ILLIQUID_AFTER_DAYS, thresholdOf } from './illiquid.js';
import type { ReportOptions } from './types.js';
import type { ReportResult } from './types.js';
import { ratio } from './ratios.js';

/** The line filters: --group (the product's, with descendants), --manager (the order's, else the client's), --client. */
function keepsLine(opts: ReportOptions, line: { group: string; manager: string | null; client: string }): boolean {
  return (!opts.groups || opts.groups.has(line.group)) && (opts.manager === undefined || line.manager === opts.manager) && (opts.client === undefined || line.client === opts.client);
}

/**
 * The longest gap between two sale days of one month (the 1st and the 31st): with every
 * threshold above it, only a month's first sale day can follow a gap that long.
 */
const LONGEST_GAP_IN_A_MONTH = 30;

/** Shipment lines whose SKU had not sold for its threshold or longer before that line, by manager. */
export async function illiquidSalesReport(db: Db, opts: ReportOptions, source: SalesSource = 'facts'): Promise<ReportResult> {
  const groups = await groupThresholds(db);
  const tree = new GroupTree(groups);
  const groupDays = new Map(groups.map((g) => [g.code, g.days]));
  const fallback = Number((await setting(db, 'illiquid_after_days')) ?? DEFAULT_ILLIQUID_AFTER_DAYS);
  const byManager = new Map<string, Row>();
  const thresholds = new Map<string, number>(); // by SKU: one look up the group tree each
  let lines;
  if (source === 'facts') {
    const least = Math.min(...(await productThresholds(db)).map((p) => thresholdOf(p, groupDays, tree, fallback)));
    // a threshold of 30 days or less can be reached within a month: then every line is read
    lines = least > LONGEST_GAP_IN_A_MONTH ? monthFirstSaleLines(db, opts.from, opts.to, least) : linesWithPreviousSale(db, opts.from, opts.to);
  } else {
    lines = linesWithPreviousSale(db, opts.from, opts.to);
  }
  for (const l of lines) {
    // the previous sale is anyone's: the filters choose which lines count, not the history
    if (!keepsLine(opts, l)) continue;
    const since = l.previous_sale ?? (l.first_seen !== null && l.first_seen <= l.date ? l.first_seen : null);
    if (since === null) continue;
    let threshold = thresholds.get(l.sku);
    if (threshold === undefined) {
      threshold = thresholdOf(l, groupDays, tree, fallback);
      thresholds.set(l.sku, threshold);
    }
    if (dayNumber(l.date) - dayNumber(since) < threshold) continue;
    const key = l.manager ?? '';
    const row = byManager.get(key) ?? { manager: l.manager, lines: 0, qty: 0, amount: 0, margin: 0 };
    row.lines = Number(row.lines) + 1;
    row.qty = Number(row.qty) + l.qty;
    row.amount = Number(row.amount) + l.amount;
    row.margin = Number(row.margin) + l.amount - l.cost;
    byManager.set(key, row);
  }
  const rows = [...byManager.values()].sort((a, b) => (String(a.manager) < String(b.manager) ? -1 : 1));
  const sum = (k: string) => rows.reduce((s, r) => s + Number(r[k]), 0);
  return {
    table: {
      name: 'illiquid-sales',
      columns: [column('manager'), column('lines', 'int'), column('qty', 'number'), column('amount', 'money'), column('margin', 'money')],
      rows,
      totals: { lines: sum('lines'), qty: sum('qty'), amount: sum('amount'), margin: sum('margin') },
    },
    extra: { default_threshold: fallback },
  };
}

/** By product group: average reserved value (daily), value shipped from reserves, turnover, days in reserve. */
export async function reserveTurnoverReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const first = dayNumber(opts.from);
  const last = dayNumber(opts.to);
  const n = last - first + 1;
  const byGroup = new Map<string, { valueDays: number; shipped: number }>();
  for (const r of await reservationRows(db, opts.from, opts.to)) {
    if (!keepsLine(opts, r)) continue;
    // reserved at the end of day t when reserved_date ≤ t < released_date
    const start = Math.max(first, dayNumber(r.reserved_date));
    const end = Math.min(last, r.released_date === null ? last : dayNumber(r.released_date) - 1);
    const g = byGroup.get(r.group) ?? { valueDays: 0, shipped: 0 };
    if (end >= start) g.valueDays += r.value * (end - start + 1);
    if (r.released_date !== null && r.released_date >= opts.from && r.released_date <= opts.to && r.shipped) g.shipped += r.value;
    byGroup.set(r.group, g);
  }
  const rows: Row[] = [...byGroup]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([group, g]) => {
      const avg = g.valueDays / n;
      return { group, avg_reserved_value: avg, shipped_from_reserve: g.shipped, turnover: ratio(g.shipped, avg), avg_days_in_reserve: ratio(n * avg, g.shipped) };
    });
  const avg = rows.reduce((s, r) => s + Number(r.avg_reserved_value), 0);
  const shipped = rows.reduce((s, r) => s + Number(r.shipped_from_reserve), 0);
  return {
    table: {
      name: 'reserve-turnover',
      columns: [
        column('group'),
        column('avg_reserved_value', 'money'),
        column('shipped_from_reserve', 'money'),
        column('turnover', 'number'),
        column('avg_days_in_reserve', 'number'),
      ],
      rows,
      totals: { avg_reserved_value: avg, shipped_from_reserve: shipped, turnover: ratio(shipped, avg), avg_days_in_reserve: ratio(n * avg, shipped) },
    },
    extra: { days: n },
  };
}
