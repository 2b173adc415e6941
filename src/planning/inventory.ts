// SPEC §4.2 Inventory and purchases (MRP balance), per SKU and month in order:
//   Nₚ,ₘ = max(0, Mₚ,ₘ + Dₚ,ₘ − Iₚ,ₘ₋₁ − Rₚ,ₘ)
//   Xₚ,ₘ = Nₚ,ₘ rounded up to a multiple of order_multiple (1e-9 units of tolerance)
//   Iₚ,ₘ = Iₚ,ₘ₋₁ + Rₚ,ₘ + Xₚ,ₘ − Dₚ,ₘ
// Planned receipts arrive on the 1st of m and are ordered lead_time_days earlier; `late`
// when that is before the 1st of `from`. Purchase amount = X × cost.
import { dayNumber, firstDay, isoOfDay, monthOf } from './calendar.js';
import { DemandRowLookup } from './demand.js';
import type { DemandRow, InventoryRow, MinStockCell, OpeningStock, ProductInput, PurchaseRow, ScheduledReceipt } from './types.js';

export const QTY_TOLERANCE = 1e-9;

/** X: the need rounded up to the order multiple, ignoring floating-point noise. */
export function roundUpToMultiple(need: number, multiple: number): number {
  if (need <= QTY_TOLERANCE) return 0;
  const m = multiple > 0 ? multiple : 1;
  return Math.ceil((need - QTY_TOLERANCE) / m) * m;
}

export interface BalanceMonth {
  opening: number;
  scheduled: number;
  demand: number;
  minStock: number;
}

/** One month of the balance for one SKU. */
export function balance(month: BalanceMonth, multiple: number): { need: number; planned: number; closing: number } {
  const need = Math.max(0, month.minStock + month.demand - month.opening - month.scheduled);
  const planned = roundUpToMultiple(need, multiple);
  return { need, planned, closing: month.opening + month.scheduled + planned - month.demand };
}

/** The month a scheduled receipt counts in: its expected month, or m₁ when it is overdue. */
export function scheduledMonth(expectedDate: string, months: string[]): string | undefined {
  const month = monthOf(expectedDate);
  if (month < months[0]!) return months[0];
  return months.includes(month) ? month : undefined;
}

export interface InventoryResult {
  inventory: InventoryRow[];
  purchases: PurchaseRow[];
}

/** The per-SKU inputs of the balance, one number per month of the horizon. */
export interface SkuSeries {
  demand: Float64Array;
  minStock: Float64Array;
  scheduled: Float64Array;
}

/** The horizon's months with the day numbers the balance needs. */
export interface Horizon {
  months: string[];
  fromDay: string;
  firstDayNumbers: number[];
}

export function horizonOf(months: string[]): Horizon {
  return { months, fromDay: firstDay(months[0]!), firstDayNumbers: months.map((m) => dayNumber(firstDay(m))) };
}

/**
 * The balance of one SKU over the horizon (the formulas above), appending its inventory
 * rows and planned purchases. The chain and a stored run's reader (compactRun.ts) both
 * compute it here, so they agree to the last bit.
 */
export function balanceSku(
  p: Pick<ProductInput, 'sku' | 'supplier' | 'cost' | 'leadTimeDays' | 'orderMultiple'>,
  s: SkuSeries,
  opening: number,
  horizon: Horizon,
  inventory: InventoryRow[],
  purchases: PurchaseRow[],
): void {
  const { months, fromDay, firstDayNumbers } = horizon;
  let level = opening;
  for (let i = 0; i < months.length; i++) {
    // the balance() above, written out: this loop runs for every SKU and month
    const scheduledQty = s.scheduled[i]!;
    const demandQty = s.demand[i]!;
    const minQty = s.minStock[i]!;
    const need = Math.max(0, minQty + demandQty - level - scheduledQty);
    const planned = roundUpToMultiple(need, p.orderMultiple);
    const closing = level + scheduledQty + planned - demandQty;
    inventory.push({
      sku: p.sku, month: months[i]!, opening: level, scheduled: scheduledQty, planned, demand: demandQty,
      closing, minStock: minQty, need, closingValue: closing * p.cost,
    });
    if (planned > 0) {
      const orderDate = isoOfDay(firstDayNumbers[i]! - p.leadTimeDays);
      purchases.push({ sku: p.sku, supplier: p.supplier, receiptMonth: months[i]!, orderDate, qty: planned, amount: planned * p.cost, late: orderDate < fromDay });
    }
    level = closing;
  }
}

export function computeInventory(
  months: string[],
  products: ProductInput[],
  demand: DemandRow[],
  minStock: MinStockCell[],
  opening: OpeningStock[],
  scheduled: ScheduledReceipt[],
): InventoryResult {
  // per SKU, one number per month of the horizon
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const series = new Map<string, SkuSeries>();
  const of = (sku: string): SkuSeries => {
    let s = series.get(sku);
    if (!s) series.set(sku, (s = { demand: new Float64Array(months.length), minStock: new Float64Array(months.length), scheduled: new Float64Array(months.length) }));
    return s;
  };
  const seriesOfRow = new DemandRowLookup(of);
  for (const d of demand) {
    const i = monthIndex.get(d.month);
    if (i !== undefined) seriesOfRow.get(d).demand[i]! += d.qty;
  }
  for (const m of minStock) {
    const i = monthIndex.get(m.month);
    if (i !== undefined && m.qty !== 0) of(m.sku).minStock[i]! += m.qty;
  }
  for (const r of scheduled) {
    const month = scheduledMonth(r.expectedDate, months);
    if (month !== undefined) of(r.sku).scheduled[monthIndex.get(month)!]! += r.qty;
  }
  const openingBy = new Map<string, number>();
  for (const o of opening) {
    openingBy.set(o.sku, o.qty);
    if (o.qty !== 0) of(o.sku); // stock on hand is planned too
  }
  const horizon = horizonOf(months);
  const inventory: InventoryRow[] = [];
  const purchases: PurchaseRow[] = [];
  // every SKU with something to plan: demand, minimum stock, receipts under way or stock on hand
  for (const p of [...products].sort((a, b) => (a.sku < b.sku ? -1 : 1))) {
    const s = series.get(p.sku);
    if (s) balanceSku(p, s, openingBy.get(p.sku) ?? 0, horizon, inventory, purchases);
  }
  return { inventory, purchases };
}
