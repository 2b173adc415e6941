// The one loader of the planning chain: everything SPEC §4 needs, in a fixed number of
// set-based queries (no query per SKU or per row), as plain arrays for src/planning/.
import { UsageError } from '../errors.js';
import { addDays, addMonths, firstDay, monthRange } from '../planning/calendar.js';
import type { DueDocument, PlanningInputs, PurchaseOrderLineInput, ScheduledReceipt } from '../planning/types.js';
import type { Db } from './connection.js';
import { sq } from './handle.js';
import type { PlanKind } from './plans.js';
import { openDocuments } from './balances.js';
import { stockAt } from './stock.js';
import { t } from '../i18n/index.js';

export interface PlanParameters {
  from: string;
  months: number;
  lookback: number;
  salesVersion?: number;
  stockVersion?: number;
}

export interface LoadedInputs {
  inputs: PlanningInputs;
  salesVersion: { id: number; number: number };
  stockVersion: { id: number; number: number } | null;
}

function version(db: Db, kind: PlanKind, number: number | undefined, label: string): { id: number; number: number } | null {
  const row = (
    number === undefined
      ? sq(db).prepare('SELECT id, number FROM plan_versions WHERE kind = ? ORDER BY number DESC LIMIT 1').get(kind)
      : sq(db).prepare('SELECT id, number FROM plan_versions WHERE kind = ? AND number = ?').get(kind, number)
  ) as { id: number; number: number } | undefined;
  if (!row && number !== undefined) throw new UsageError(t('usage.noSuchPlanVersion', label, number));
  return row ?? null;
}

export async function loadPlanningInputs(db: Db, params: PlanParameters): Promise<LoadedInputs> {
  const q = <T>(sql: string, ...args: unknown[]) => sq(db).prepare(sql).all(...args) as T[];
  const months = monthRange(params.from, params.months);
  const fromDay = firstDay(params.from);
  const lastMonth = months[months.length - 1]!;
  const lookbackStart = firstDay(addMonths(params.from, -params.lookback));
  const dayBefore = addDays(fromDay, -1);

  const sales = version(db, 'sales', params.salesVersion, '--sales-version');
  if (!sales) throw new UsageError(t('usage.noSalesPlan'));
  const stock = version(db, 'min_stock', params.stockVersion, '--stock-version');

  const groups = q<{ code: string; parent: string | null }>(
    'SELECT g.code, p.code AS parent FROM product_groups g LEFT JOIN product_groups p ON p.id = g.parent_id ORDER BY g.code',
  );
  // one string per code (a group's or supplier's code comes once, not once per product; a SKU
  // once, shared by every row that names it): the chain looks them up hundreds of thousands
  // of times, and the same string compares at once
  const codes = new Map<string, string>();
  const code = (text: string) => codes.get(text) ?? (codes.set(text, text), text);
  const skuOfId = new Map<number, string>();
  const products = q<{ id: number; sku: string; group: string; active: number; price: number; cost: number; supplier: string | null; leadTimeDays: number; orderMultiple: number }>(
    `SELECT p.id, p.sku, g.code AS "group", p.active, p.price, p.cost, s.code AS supplier, p.lead_time_days AS leadTimeDays, p.order_multiple AS orderMultiple
     FROM products p JOIN product_groups g ON g.id = p.group_id LEFT JOIN suppliers s ON s.id = p.supplier_id ORDER BY p.sku`,
  ).map(({ id, ...p }) => {
    skuOfId.set(id, p.sku);
    return { ...p, group: code(p.group), supplier: p.supplier === null ? null : code(p.supplier), active: p.active === 1 };
  });
  const month = (text: string) => code(text);
  // the lookback window (whole months) from the derived tables the writes keep, not the lines:
  // history by SKU (SPEC §4.1) from the per-SKU monthly facts, the client mix (SPEC §4.4)
  // from the month × client × group summary
  const lookbackMonth = addMonths(params.from, -params.lookback);
  const history = (
    sq(db)
      .prepare('SELECT product_id, SUM(amount), SUM(qty) FROM product_month_sales WHERE month >= ? AND month < ? GROUP BY product_id')
      .raw()
      .all(lookbackMonth, params.from) as [number, number, number][]
  ).map(([id, amount, qty]) => ({ sku: skuOfId.get(id)!, amount, qty }));
  const clientHistory = q<{ client: string; group: string; amount: number }>(
    `SELECT c.code AS client, g.code AS "group", h.amount
     FROM (SELECT client_id, group_id, SUM(amount) AS amount FROM sales_summary_client_group WHERE month >= ? AND month < ? GROUP BY client_id, group_id) h
     JOIN clients c ON c.id = h.client_id JOIN product_groups g ON g.id = h.group_id`,
    lookbackMonth,
    params.from,
  );
  const clients = q<{ code: string; deferralDays: number }>('SELECT code, deferral_days AS deferralDays FROM clients ORDER BY code');
  const salesPlan = q<{ group: string; month: string; amount: number }>(
    `SELECT g.code AS "group", c.month, c.amount FROM plan_sales c JOIN product_groups g ON g.id = c.group_id
     WHERE c.version_id = ? AND c.month >= ? AND c.month <= ? ORDER BY c.month, g.code`,
    sales.id,
    params.from,
    lastMonth,
  );
  const minStock = stock
    ? (
        sq(db)
          .prepare('SELECT product_id, month, qty FROM plan_min_stock WHERE version_id = ? AND month >= ? AND month <= ?')
          .raw()
          .all(stock.id, params.from, lastMonth) as [number, string, number][]
      ).map(([id, m, qty]) => ({ sku: skuOfId.get(id)!, month: month(m), qty }))
    : [];

  const opening = await stockAt(db, dayBefore);

  // open purchase-order lines: ordered − received (receipts against the order), the
  // received quantity filling the earliest lines first
  const poLines = q<{ po: string; poDate: string; supplier: string; deferralDays: number; sku: string; lead: number; qty: number; cost: number; expected: string | null; received: number; paid: number; poAmount: number }>(
    `WITH received AS (
       SELECT r.po_id, rl.product_id, SUM(rl.qty) AS qty FROM receipt_lines rl JOIN receipts r ON r.id = rl.receipt_id
       WHERE r.po_id IS NOT NULL GROUP BY r.po_id, rl.product_id),
     ordered AS (SELECT po_id, product_id, SUM(qty) AS qty FROM purchase_order_lines GROUP BY po_id, product_id),
     paid AS (SELECT po_id, SUM(amount) AS amount FROM supplier_payments WHERE po_id IS NOT NULL GROUP BY po_id),
     amount AS (SELECT po_id, SUM(qty * cost) AS amount FROM purchase_order_lines GROUP BY po_id)
     SELECT po.po_no AS po, po.date AS poDate, s.code AS supplier, s.deferral_days AS deferralDays, p.sku, p.lead_time_days AS lead,
            l.qty, l.cost, l.expected_date AS expected, COALESCE(rc.qty, 0) AS received, COALESCE(pd.amount, 0) AS paid, a.amount AS poAmount
     FROM purchase_order_lines l
     JOIN purchase_orders po ON po.id = l.po_id JOIN suppliers s ON s.id = po.supplier_id JOIN products p ON p.id = l.product_id
     JOIN ordered o ON o.po_id = l.po_id AND o.product_id = l.product_id
     LEFT JOIN received rc ON rc.po_id = l.po_id AND rc.product_id = l.product_id
     LEFT JOIN paid pd ON pd.po_id = l.po_id
     JOIN amount a ON a.po_id = l.po_id
     WHERE o.qty > COALESCE(rc.qty, 0) + 1e-9
     ORDER BY po.po_no, p.sku, COALESCE(l.expected_date, po.date), l.id`,
  );
  const scheduled: ScheduledReceipt[] = [];
  const purchaseOrders: PurchaseOrderLineInput[] = [];
  const receivedLeft = new Map<string, number>();
  for (const l of poLines) {
    const k = `${l.po}|${l.sku}`;
    const left = receivedLeft.get(k) ?? l.received;
    const open = Math.max(0, l.qty - left);
    receivedLeft.set(k, Math.max(0, left - l.qty));
    if (open <= 1e-9) continue;
    const expectedDate = l.expected ?? addDays(l.poDate, l.lead);
    scheduled.push({ sku: l.sku, po: l.po, qty: open, expectedDate, dateSource: l.expected ? 'expected_date' : 'lead_time' });
    // SPEC §4.5: the unpaid part of an open order, shared over its open lines by value
    const unpaid = Math.max(0, l.poAmount - l.paid);
    if (unpaid > 0 && l.poAmount > 0) {
      purchaseOrders.push({ po: l.po, supplier: l.supplier, unpaid: (unpaid * open * l.cost) / l.poAmount, expectedDate: addDays(expectedDate, l.deferralDays) });
    }
  }

  const suppliers = q<{ code: string; deferralDays: number; creditLine: number | null }>(
    'SELECT code, deferral_days AS deferralDays, credit_line AS creditLine FROM suppliers ORDER BY code',
  );
  const receivables = await openDocuments(db, 'receivables', fromDay);
  const payables = await openDocuments(db, 'payables', fromDay);

  // SPEC §4.5: confirmed (or shipped) orders not yet paid in full
  const salesOrders = q<{ orderNo: string; client: string; amount: number; paid: number; date: string; plannedShip: string | null; plannedPayment: string | null; deferral: number }>(
    `WITH amount AS (SELECT order_id, SUM(qty * price) AS amount FROM sales_order_lines GROUP BY order_id),
     paid AS (SELECT order_id, SUM(amount) AS amount FROM client_payments WHERE order_id IS NOT NULL GROUP BY order_id)
     SELECT o.order_no AS orderNo, c.code AS client, a.amount, COALESCE(pd.amount, 0) AS paid, o.date,
            o.planned_ship_date AS plannedShip, o.planned_payment_date AS plannedPayment, COALESCE(o.deferral_days, c.deferral_days) AS deferral
     FROM sales_orders o JOIN clients c ON c.id = o.client_id JOIN amount a ON a.order_id = o.id LEFT JOIN paid pd ON pd.order_id = o.id
     WHERE o.status IN ('confirmed', 'shipped') AND a.amount > COALESCE(pd.amount, 0)`,
  ).map((o) => ({
    orderNo: o.orderNo,
    client: o.client,
    unpaid: o.amount - o.paid,
    expectedDate: o.plannedPayment ?? addDays(o.plannedShip ?? o.date, o.deferral),
  }));

  return {
    inputs: {
      from: params.from,
      months,
      lookback: params.lookback,
      lookbackStart,
      lookbackEnd: dayBefore,
      groups,
      products,
      history,
      clientHistory,
      clients,
      salesPlan,
      minStock,
      opening,
      scheduled,
      suppliers,
      receiptsBeforeFrom: payables.docs,
      supplierPaidBeforeFrom: payables.paid,
      shipmentsBeforeFrom: receivables.docs,
      clientPaidBeforeFrom: receivables.paid,
      salesOrders,
      purchaseOrders,
    },
    salesVersion: sales,
    stockVersion: stock,
  };
}
