// An order's progress follows from its documents (issue 10): the shipments that reference
// it and the client's payments, applied to the client's oldest shipments first (SPEC §2).
// Pure functions: the loader (src/db/orderProgress.ts) reads the documents once.

/** A shipment's total, with the day it was made. */
export interface DatedAmount {
  id: string;
  date: string;
  amount: number;
}

/**
 * The day each shipment was paid in full by oldest-first matching (SPEC §2): every payment,
 * in date order, settles what is left of the client's oldest shipments, dated no later than
 * the payment or earlier (an advance waits for the next shipment and settles it on that
 * shipment's day). Shipments not yet paid in full are absent.
 */
export function paidInFullDates(shipments: DatedAmount[], payments: { date: string; amount: number }[]): Map<string, string> {
  const docs = [...shipments].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const money = [...payments].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const out = new Map<string, string>();
  let p = 0;
  let left = money[0]?.amount ?? 0; // what is left of payment p
  for (const d of docs) {
    let due = d.amount;
    let day = d.date;
    while (due > 1e-6 && p < money.length) {
      const take = Math.min(due, left);
      due -= take;
      left -= take;
      // an advance paid before the shipment settles it on the shipment's day
      if (take > 0 && money[p]!.date > day) day = money[p]!.date;
      if (left <= 1e-6) {
        p++;
        left = money[p]?.amount ?? 0;
      }
    }
    if (due <= 1e-6) out.set(d.id, day);
  }
  return out;
}

export type OrderStatus = 'new' | 'confirmed' | 'partly_shipped' | 'shipped' | 'paid' | 'closed' | 'refused';

export interface OrderDocuments {
  /** As imported. */
  status: string;
  actualShipDate: string | null;
  actualPaymentDate: string | null;
  /** Ordered qty by SKU. */
  ordered: Map<string, number>;
  /** The shipments that reference the order: their lines, and the day each was paid in full. */
  shipments: { id: string; date: string; lines: { sku: string; qty: number }[]; paidOn: string | null }[];
}

export interface OrderProgress {
  status: OrderStatus;
  actualShipDate: string | null;
  actualPaymentDate: string | null;
  /** The imported actual dates differ from what the documents say. */
  disagrees: ('actual_ship_date' | 'actual_payment_date')[];
}

/**
 * confirmed → partly shipped → shipped → paid. Shipped when every SKU's shipped qty reaches
 * its ordered qty (the actual ship date is the day of the shipment that completed it); paid
 * when shipped and each of its shipments is paid in full (the actual payment date is the last
 * of those days). An order no document references keeps what was imported (history brought
 * over from another system); refused and closed orders keep their status.
 */
export function orderProgress(o: OrderDocuments): OrderProgress {
  const imported: OrderProgress = {
    status: o.status as OrderStatus,
    actualShipDate: o.actualShipDate,
    actualPaymentDate: o.actualPaymentDate,
    disagrees: [],
  };
  if (o.status === 'refused' || o.shipments.length === 0) return imported;
  const shipped = new Map<string, number>();
  let completedOn: string | null = null;
  const byDate = [...o.shipments].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const s of byDate) {
    for (const l of s.lines) shipped.set(l.sku, (shipped.get(l.sku) ?? 0) + l.qty);
    if (completedOn === null && [...o.ordered].every(([sku, qty]) => (shipped.get(sku) ?? 0) >= qty - 1e-9)) completedOn = s.date;
  }
  const paidOn = byDate.every((s) => s.paidOn !== null) ? byDate.map((s) => s.paidOn!).sort().at(-1)! : null;
  const status: OrderStatus = o.status === 'closed' ? 'closed' : completedOn === null ? 'partly_shipped' : paidOn !== null ? 'paid' : 'shipped';
  const derived: OrderProgress = { status, actualShipDate: completedOn, actualPaymentDate: completedOn === null ? null : paidOn, disagrees: [] };
  if (o.actualShipDate !== null && o.actualShipDate !== derived.actualShipDate) derived.disagrees.push('actual_ship_date');
  if (o.actualPaymentDate !== null && o.actualPaymentDate !== derived.actualPaymentDate) derived.disagrees.push('actual_payment_date');
  return derived;
}
