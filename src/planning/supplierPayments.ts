// SPEC §4.3 Supplier payments. Per supplier, planned receipts in date order (then SKU):
// with deferral e ≤ 0 the whole amount is paid at receipt date + e; with e > 0 the part
// that fits under the credit line — min(amount, max(0, credit_line − outstanding(t))),
// outstanding(t) = deferred amounts (open payables included) due after t — is paid at
// t + e and the rest at t. Open payables are paid at their due date (overdue ones on the
// 1st of `from`). Every payment stays in its real month, inside the horizon or not.
import { pushTo } from '../util/multimap.js';
import { addDays, firstDay, monthOf } from './calendar.js';
import { openItems } from './openItems.js';
import type { DueDocument, PartyPaid, PaymentSplit, PurchaseRow, SupplierInput, SupplierPaymentRow } from './types.js';

export interface SupplierPaymentsResult {
  payments: SupplierPaymentRow[];
  splits: PaymentSplit[];
  openPayables: DueDocument[];
}

/** One receipt of `amount` at day `t` under deferral `e` and credit line `L`. */
export function splitPayment(amount: number, receiptDate: string, deferralDays: number, creditLine: number | null, outstanding: number) {
  if (deferralDays <= 0) {
    return { paidNow: amount, paidNowDate: addDays(receiptDate, deferralDays), deferred: 0, deferredDate: null };
  }
  const room = creditLine === null ? Infinity : Math.max(0, creditLine - outstanding);
  const deferred = Math.min(amount, room);
  return { paidNow: amount - deferred, paidNowDate: receiptDate, deferred, deferredDate: addDays(receiptDate, deferralDays) };
}

/**
 * Deferred amounts of one supplier and their total still due after a day. Receipts come in
 * date order, so the days asked for only grow: what falls due is dropped for good.
 * (Open payables go in first in due order; planned deferrals share one deferral, so they
 * arrive in due order too; the queue keeps itself sorted either way.)
 */
export class DueQueue {
  private readonly items: { amount: number; due: string }[] = [];
  private head = 0;
  private total = 0;

  add(amount: number, due: string): void {
    let i = this.items.length;
    this.items.push({ amount, due });
    while (i > this.head && this.items[i - 1]!.due > due) {
      this.items[i] = this.items[i - 1]!;
      i--;
    }
    this.items[i] = { amount, due };
    this.total += amount;
  }

  /** Σ amounts with due date after `day`. */
  outstandingAfter(day: string): number {
    while (this.head < this.items.length && this.items[this.head]!.due <= day) this.total -= this.items[this.head++]!.amount;
    return this.head === this.items.length ? 0 : this.total;
  }
}

/**
 * Purchases by receipt month, then SKU, ties in their order: the stable sort by (month, SKU),
 * done as buckets by month (the chain's purchases come by SKU already, so the buckets are
 * sorted as they fill; one that is not is sorted stably by SKU).
 */
export function byMonthThenSku(purchases: PurchaseRow[]): PurchaseRow[] {
  const byMonth = new Map<string, PurchaseRow[]>();
  for (const p of purchases) pushTo(byMonth, p.receiptMonth, p);
  const out: PurchaseRow[] = [];
  for (const month of [...byMonth.keys()].sort()) {
    const bucket = byMonth.get(month)!;
    let sorted = true;
    for (let i = 1; i < bucket.length && sorted; i++) sorted = bucket[i - 1]!.sku <= bucket[i]!.sku;
    if (!sorted) bucket.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    for (const p of bucket) out.push(p);
  }
  return out;
}

export function computeSupplierPayments(
  from: string,
  purchases: PurchaseRow[],
  suppliers: SupplierInput[],
  receiptsBeforeFrom: DueDocument[],
  paidBeforeFrom: PartyPaid[],
): SupplierPaymentsResult {
  const fromDay = firstDay(from);
  const terms = new Map(suppliers.map((s) => [s.code, s]));
  // supplier → month → source → row (no key text per payment)
  const totals = new Map<string | null, Map<string, Map<SupplierPaymentRow['source'], SupplierPaymentRow>>>();
  const pay = (supplier: string | null, date: string, amount: number, source: SupplierPaymentRow['source']) => {
    if (amount === 0) return;
    const month = monthOf(date);
    let byMonth = totals.get(supplier);
    if (!byMonth) totals.set(supplier, (byMonth = new Map()));
    let bySource = byMonth.get(month);
    if (!bySource) byMonth.set(month, (bySource = new Map()));
    let row = bySource.get(source);
    if (!row) bySource.set(source, (row = { supplier, month, amount: 0, source }));
    row.amount += amount;
  };

  // deferred money not yet paid, by supplier, in due-date order
  const deferred = new Map<string | null, DueQueue>();
  const queue = (supplier: string | null) => {
    let q = deferred.get(supplier);
    if (!q) deferred.set(supplier, (q = new DueQueue()));
    return q;
  };
  const openPayables = openItems(receiptsBeforeFrom, paidBeforeFrom).map((d) => ({ ...d, dueDate: d.dueDate < fromDay ? fromDay : d.dueDate }));
  for (const d of [...openPayables].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))) {
    pay(d.party, d.dueDate, d.amount, 'open_payables');
    queue(d.party).add(d.amount, d.dueDate);
  }

  const splits: PaymentSplit[] = [];
  // by supplier, then receipt month, then SKU
  const bySupplier = new Map<string | null, PurchaseRow[]>();
  for (const p of purchases) pushTo(bySupplier, p.supplier, p);
  const ordered = [...bySupplier.keys()].sort((a, b) => (String(a) < String(b) ? -1 : 1)).flatMap((supplier) => byMonthThenSku(bySupplier.get(supplier)!));
  for (const p of ordered) {
    // a product without a supplier is paid on receipt
    const s = p.supplier !== null ? terms.get(p.supplier) : undefined;
    const deferralDays = s?.deferralDays ?? 0;
    const creditLine = s ? s.creditLine : null;
    const t = firstDay(p.receiptMonth);
    const owed = queue(p.supplier);
    const outstanding = owed.outstandingAfter(t);
    const split = splitPayment(p.amount, t, deferralDays, creditLine, outstanding);
    pay(p.supplier, split.paidNowDate, split.paidNow, 'plan');
    if (split.deferred > 0 && split.deferredDate) {
      pay(p.supplier, split.deferredDate, split.deferred, 'plan');
      owed.add(split.deferred, split.deferredDate);
    }
    splits.push({
      sku: p.sku, supplier: p.supplier, receiptDate: t, amount: p.amount, deferralDays, creditLine, outstanding,
      paidNow: split.paidNow, paidNowDate: split.paidNowDate, deferred: split.deferred, deferredDate: split.deferredDate,
    });
  }
  const payments = [...totals.values()].flatMap((byMonth) => [...byMonth.values()].flatMap((bySource) => [...bySource.values()])).sort((a, b) =>
    a.supplier === b.supplier ? (a.month === b.month ? (a.source < b.source ? -1 : 1) : a.month < b.month ? -1 : 1) : String(a.supplier) < String(b.supplier) ? -1 : 1,
  );
  return { payments, splits, openPayables };
}
