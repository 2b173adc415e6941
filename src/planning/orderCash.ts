// SPEC §4.5 Cash from posted orders: the unpaid amount of confirmed sales orders on their
// expected payment date, and of open purchase orders at expected date + supplier deferral
// (the loader resolves both dates). Dates already past count on the 1st of `from`.
import { firstDay, monthOf } from './calendar.js';
import type { OrderCashRow, PurchaseOrderLineInput, SalesOrderInput } from './types.js';

export function computeOrderCash(from: string, salesOrders: SalesOrderInput[], purchaseOrders: PurchaseOrderLineInput[]): OrderCashRow[] {
  const fromDay = firstDay(from);
  const monthFor = (date: string) => (date < fromDay ? from : monthOf(date));
  const rows: OrderCashRow[] = [];
  for (const o of salesOrders) {
    if (o.unpaid > 0) rows.push({ month: monthFor(o.expectedDate), direction: 'in', document: o.orderNo, party: o.client, amount: o.unpaid });
  }
  for (const l of purchaseOrders) {
    if (l.unpaid > 0) rows.push({ month: monthFor(l.expectedDate), direction: 'out', document: l.po, party: l.supplier, amount: l.unpaid });
  }
  return rows.sort((a, b) => (a.month === b.month ? (a.document < b.document ? -1 : 1) : a.month < b.month ? -1 : 1));
}
