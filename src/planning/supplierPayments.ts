// SPEC §4.3 Supplier payments. Per supplier, planned receipts in date order (then SKU):
// with deferral e ≤ 0 the whole amount is paid at receipt date + e; with e > 0 the part
// that fits under the credit line — min(amount, max(0, credit_line − outstanding(t))),
// outstanding(t) = deferred amounts (open payables included) due after t — is paid at
// t + e and the rest at t. Open payables are paid at their due date (overdue ones on the
// 1st of `from`). Every payment stays in its real month, inside the horizon or not.
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

export function computeSupplierPayments(
  from: string,
  purchases: PurchaseRow[],
  suppliers: SupplierInput[],
  receiptsBeforeFrom: DueDocument[],
  paidBeforeFrom: PartyPaid[],
): SupplierPaymentsResult {
  const fromDay = firstDay(from);
  const terms = new Map(suppliers.map((s) => [s.code, s]));
  const totals = new Map<string, SupplierPaymentRow>();
  const pay = (supplier: string | null, date: string, amount: number, source: SupplierPaymentRow['source']) => {
    if (amount === 0) return;
    const month = monthOf(date);
    const k = `${supplier}|${month}|${source}`;
    const row = totals.get(k) ?? { supplier, month, amount: 0, source };
    row.amount += amount;
    totals.set(k, row);
  };

  // deferred money not yet paid, by supplier: { amount, due }
  const deferred = new Map<string | null, { amount: number; due: string }[]>();
  const openPayables = openItems(receiptsBeforeFrom, paidBeforeFrom).map((d) => ({ ...d, dueDate: d.dueDate < fromDay ? fromDay : d.dueDate }));
  for (const d of openPayables) {
    pay(d.party, d.dueDate, d.amount, 'open_payables');
    deferred.set(d.party, [...(deferred.get(d.party) ?? []), { amount: d.amount, due: d.dueDate }]);
  }

  const splits: PaymentSplit[] = [];
  const ordered = [...purchases].sort((a, b) =>
    a.supplier === b.supplier
      ? a.receiptMonth === b.receiptMonth
        ? a.sku < b.sku ? -1 : 1
        : a.receiptMonth < b.receiptMonth ? -1 : 1
      : String(a.supplier) < String(b.supplier) ? -1 : 1,
  );
  for (const p of ordered) {
    // a product without a supplier is paid on receipt
    const s = p.supplier !== null ? terms.get(p.supplier) : undefined;
    const deferralDays = s?.deferralDays ?? 0;
    const creditLine = s ? s.creditLine : null;
    const t = firstDay(p.receiptMonth);
    const owed = deferred.get(p.supplier) ?? [];
    const outstanding = owed.reduce((sum, d) => (d.due > t ? sum + d.amount : sum), 0);
    const split = splitPayment(p.amount, t, deferralDays, creditLine, outstanding);
    pay(p.supplier, split.paidNowDate, split.paidNow, 'plan');
    if (split.deferred > 0 && split.deferredDate) {
      pay(p.supplier, split.deferredDate, split.deferred, 'plan');
      owed.push({ amount: split.deferred, due: split.deferredDate });
      deferred.set(p.supplier, owed);
    }
    splits.push({ sku: p.sku, supplier: p.supplier, receiptDate: t, amount: p.amount, deferralDays, creditLine, outstanding, ...split });
  }
  const payments = [...totals.values()].sort((a, b) =>
    a.supplier === b.supplier ? (a.month === b.month ? (a.source < b.source ? -1 : 1) : a.month < b.month ? -1 : 1) : String(a.supplier) < String(b.supplier) ? -1 : 1,
  );
  return { payments, splits, openPayables };
}
