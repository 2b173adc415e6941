// SPEC §4.2 Inventory and purchases (MRP balance), per SKU and month in order:
//   Nₚ,ₘ = max(0, Mₚ,ₘ + Dₚ,ₘ − Iₚ,ₘ₋₁ − Rₚ,ₘ)
//   Xₚ,ₘ = Nₚ,ₘ rounded up to a multiple of order_multiple (1e-9 units of tolerance)
//   Iₚ,ₘ = Iₚ,ₘ₋₁ + Rₚ,ₘ + Xₚ,ₘ − Dₚ,ₘ
// Planned receipts arrive on the 1st of m and are ordered lead_time_days earlier; `late`
// when that is before the 1st of `from`. Purchase amount = X × cost.
import { addDays, firstDay, monthOf } from './calendar.js';
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

export function computeInventory(
  months: string[],
  products: ProductInput[],
  demand: DemandRow[],
  minStock: MinStockCell[],
  opening: OpeningStock[],
  scheduled: ScheduledReceipt[],
): InventoryResult {
  const key = (sku: string, month: string) => `${sku}|${month}`;
  const add = (map: Map<string, number>, k: string, v: number) => map.set(k, (map.get(k) ?? 0) + v);
  const demandBy = new Map<string, number>();
  for (const d of demand) add(demandBy, key(d.sku, d.month), d.qty);
  const minBy = new Map<string, number>();
  for (const m of minStock) add(minBy, key(m.sku, m.month), m.qty);
  const scheduledBy = new Map<string, number>();
  for (const r of scheduled) {
    const month = scheduledMonth(r.expectedDate, months);
    if (month) add(scheduledBy, key(r.sku, month), r.qty);
  }
  const openingBy = new Map(opening.map((o) => [o.sku, o.qty]));
  // every SKU with something to plan: demand, minimum stock, receipts under way or stock on hand
  const involved = new Set<string>([
    ...demand.map((d) => d.sku),
    ...minStock.filter((m) => m.qty !== 0).map((m) => m.sku),
    ...scheduled.map((r) => r.sku),
    ...opening.filter((o) => o.qty !== 0).map((o) => o.sku),
  ]);
  const fromDay = firstDay(months[0]!);
  const inventory: InventoryRow[] = [];
  const purchases: PurchaseRow[] = [];
  for (const p of [...products].sort((a, b) => (a.sku < b.sku ? -1 : 1))) {
    if (!involved.has(p.sku)) continue;
    let level = openingBy.get(p.sku) ?? 0;
    for (const month of months) {
      const k = key(p.sku, month);
      const input = { opening: level, scheduled: scheduledBy.get(k) ?? 0, demand: demandBy.get(k) ?? 0, minStock: minBy.get(k) ?? 0 };
      const { need, planned, closing } = balance(input, p.orderMultiple);
      inventory.push({ sku: p.sku, month, ...input, need, planned, closing, closingValue: closing * p.cost });
      if (planned > 0) {
        const orderDate = addDays(firstDay(month), -p.leadTimeDays);
        purchases.push({ sku: p.sku, supplier: p.supplier, receiptMonth: month, orderDate, qty: planned, amount: planned * p.cost, late: orderDate < fromDay });
      }
      level = closing;
    }
  }
  return { inventory, purchases };
}
