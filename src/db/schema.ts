// SPEC §2 data model. Money columns are INTEGER kopecks, quantities REAL, dates
// 'YYYY-MM-DD' text, months 'YYYY-MM' text, percents REAL percent. Natural keys
// (code, sku, *_no) are unique; numeric ids never leave the database.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

const id = () => integer('id').primaryKey({ autoIncrement: true });

// ── master data ──────────────────────────────────────────────────────────────

export const managers = sqliteTable('managers', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  email: text('email'),
  active: integer('active').notNull().default(1),
});

export const productGroups = sqliteTable('product_groups', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  parentId: integer('parent_id').references((): AnySQLiteColumn => productGroups.id),
  illiquidAfterDays: integer('illiquid_after_days'),
});

export const suppliers = sqliteTable('suppliers', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  inn: text('inn'), // taxpayer number: two suppliers with one INN are a duplicate (issue 10)
  active: integer('active').notNull().default(1), // 0: archived (SPEC §7: `edit --active false`)
  deferralDays: integer('deferral_days').notNull().default(0),
  creditLine: integer('credit_line'), // kopecks; NULL = unlimited, 0 = none
});

export const products = sqliteTable(
  'products',
  {
    id: id(),
    sku: text('sku').notNull().unique(),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(), // normalized name for duplicate detection (SPEC §3)
    groupId: integer('group_id').notNull().references(() => productGroups.id),
    unit: text('unit'),
    price: integer('price').notNull(),
    cost: integer('cost').notNull(),
    supplierId: integer('supplier_id').references(() => suppliers.id),
    managerId: integer('manager_id').references(() => managers.id),
    supportLevel: text('support_level'),
    leadTimeDays: integer('lead_time_days').notNull().default(0),
    orderMultiple: real('order_multiple').notNull().default(1),
    illiquidAfterDays: integer('illiquid_after_days'),
    active: integer('active').notNull().default(1),
  },
  (t) => [index('products_group').on(t.groupId), index('products_name_key').on(t.nameKey)],
);

export const clients = sqliteTable('clients', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  inn: text('inn'),
  managerId: integer('manager_id').references(() => managers.id),
  segment: text('segment'),
  channel: text('channel'),
  discountPct: real('discount_pct').notNull().default(0),
  deferralDays: integer('deferral_days').notNull().default(0),
  creditLimit: integer('credit_limit'), // kopecks; NULL = unlimited, 0 = none
  purchasePotential: integer('purchase_potential'), // kopecks per year
  active: integer('active').notNull().default(1), // 0: archived (SPEC §7: `edit --active false`)
});

export const refusalReasons = sqliteTable('refusal_reasons', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
});

// ── transactions ─────────────────────────────────────────────────────────────

export const salesOrders = sqliteTable(
  'sales_orders',
  {
    id: id(),
    orderNo: text('order_no').notNull().unique(),
    date: text('date').notNull(),
    clientId: integer('client_id').notNull().references(() => clients.id),
    managerId: integer('manager_id').references(() => managers.id),
    discountPct: real('discount_pct'), // granted; NULL = the client card's
    deferralDays: integer('deferral_days'), // granted; NULL = the client card's
    plannedShipDate: text('planned_ship_date'),
    plannedPaymentDate: text('planned_payment_date'),
    actualShipDate: text('actual_ship_date'),
    actualPaymentDate: text('actual_payment_date'),
    status: text('status').notNull().default('confirmed'),
    refusalReasonId: integer('refusal_reason_id').references(() => refusalReasons.id),
  },
  (t) => [index('sales_orders_date').on(t.date), index('sales_orders_client').on(t.clientId)],
);

export const salesOrderLines = sqliteTable(
  'sales_order_lines',
  {
    id: id(),
    orderId: integer('order_id').notNull().references(() => salesOrders.id, { onDelete: 'cascade' }),
    productId: integer('product_id').notNull().references(() => products.id),
    qty: real('qty').notNull(),
    price: integer('price').notNull(), // kopecks per unit, as sold
  },
  (t) => [index('sales_order_lines_order').on(t.orderId), index('sales_order_lines_product').on(t.productId)],
);

export const shipments = sqliteTable(
  'shipments',
  {
    id: id(),
    shipmentNo: text('shipment_no').notNull().unique(),
    date: text('date').notNull(),
    clientId: integer('client_id').notNull().references(() => clients.id),
    orderId: integer('order_id').references(() => salesOrders.id),
    originalsDate: text('originals_date'), // the day the signed originals came back
    instructions: text('instructions'),
    // Σ line amounts, kept by every write of the lines (balances and ageing read documents, not lines)
    amount: integer('amount').notNull().default(0),
  },
  (t) => [
    index('shipments_date').on(t.date),
    index('shipments_client').on(t.clientId, t.date),
    index('shipments_order').on(t.orderId),
  ],
);

export const shipmentLines = sqliteTable(
  'shipment_lines',
  {
    id: id(),
    shipmentId: integer('shipment_id').notNull().references(() => shipments.id, { onDelete: 'cascade' }),
    productId: integer('product_id').notNull().references(() => products.id),
    qty: real('qty').notNull(),
    amount: integer('amount').notNull(), // kopecks, line total
    cost: integer('cost').notNull(), // kopecks, line total at the time of sale
  },
  // covering: history, balances and opening stock read lines by shipment without the table
  (t) => [index('shipment_lines_shipment').on(t.shipmentId, t.productId, t.qty, t.amount, t.cost), index('shipment_lines_product').on(t.productId)],
);

// Monthly sales summaries (issue 5: the sales report on 10,000,000 lines under 1 s).
// Kept by every write of shipments, of product groups and of order managers, in the same
// transaction (src/db/salesSummary.ts); `crm db rebuild-summaries` recomputes them.
// `orders` counts the distinct orders of the bucket per client (a shipment without an order
// is an order of its own), so the counts of one month add up over clients, never over months.
export const salesSummary = sqliteTable(
  'sales_summary',
  {
    month: text('month').notNull(),
    groupId: integer('group_id').notNull(),
    amount: integer('amount').notNull(),
    qty: real('qty').notNull(),
    cost: integer('cost').notNull(),
    lines: integer('lines').notNull(),
    orders: integer('orders').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.groupId] })],
);

/**
 * The same by month × client × the order's manager (0: no order, or none on it; the client's
 * manager is looked up when reading, so reassigning a client rewrites nothing).
 */
export const salesSummaryClient = sqliteTable(
  'sales_summary_client',
  {
    month: text('month').notNull(),
    clientId: integer('client_id').notNull(),
    managerId: integer('manager_id').notNull(),
    amount: integer('amount').notNull(),
    qty: real('qty').notNull(),
    cost: integer('cost').notNull(),
    lines: integer('lines').notNull(),
    orders: integer('orders').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.clientId, t.managerId] })],
);

export const clientPayments = sqliteTable(
  'client_payments',
  {
    id: id(),
    paymentNo: text('payment_no').notNull().unique(),
    date: text('date').notNull(),
    clientId: integer('client_id').notNull().references(() => clients.id),
    amount: integer('amount').notNull(),
    orderId: integer('order_id').references(() => salesOrders.id),
  },
  (t) => [index('client_payments_client_date').on(t.clientId, t.date)],
);

export const purchaseOrders = sqliteTable('purchase_orders', {
  id: id(),
  poNo: text('po_no').notNull().unique(),
  date: text('date').notNull(),
  supplierId: integer('supplier_id').notNull().references(() => suppliers.id),
});

export const purchaseOrderLines = sqliteTable(
  'purchase_order_lines',
  {
    id: id(),
    poId: integer('po_id').notNull().references(() => purchaseOrders.id, { onDelete: 'cascade' }),
    productId: integer('product_id').notNull().references(() => products.id),
    qty: real('qty').notNull(),
    cost: integer('cost').notNull(), // kopecks per unit
    expectedDate: text('expected_date'),
  },
  (t) => [index('purchase_order_lines_po').on(t.poId), index('purchase_order_lines_product').on(t.productId)],
);

export const receipts = sqliteTable(
  'receipts',
  {
    id: id(),
    receiptNo: text('receipt_no').notNull().unique(),
    date: text('date').notNull(),
    supplierId: integer('supplier_id').notNull().references(() => suppliers.id),
    poId: integer('po_id').references(() => purchaseOrders.id),
    // Σ qty × cost of the lines, kept by every write of the lines
    amount: real('amount').notNull().default(0),
  },
  (t) => [index('receipts_date').on(t.date), index('receipts_po').on(t.poId), index('receipts_supplier_date').on(t.supplierId, t.date)],
);

export const receiptLines = sqliteTable(
  'receipt_lines',
  {
    id: id(),
    receiptId: integer('receipt_id').notNull().references(() => receipts.id, { onDelete: 'cascade' }),
    productId: integer('product_id').notNull().references(() => products.id),
    qty: real('qty').notNull(),
    cost: integer('cost').notNull(), // kopecks per unit
  },
  (t) => [index('receipt_lines_receipt').on(t.receiptId, t.productId, t.qty, t.cost), index('receipt_lines_product').on(t.productId)],
);

export const supplierPayments = sqliteTable(
  'supplier_payments',
  {
    id: id(),
    paymentNo: text('payment_no').notNull().unique(),
    date: text('date').notNull(),
    supplierId: integer('supplier_id').notNull().references(() => suppliers.id),
    amount: integer('amount').notNull(),
    poId: integer('po_id').references(() => purchaseOrders.id),
  },
  (t) => [index('supplier_payments_supplier_date').on(t.supplierId, t.date)],
);

// Absolute quantity of a SKU at the end of a day (SPEC §2).
export const stockCounts = sqliteTable(
  'stock_counts',
  {
    id: id(),
    date: text('date').notNull(),
    productId: integer('product_id').notNull().references(() => products.id),
    qty: real('qty').notNull(),
  },
  (t) => [uniqueIndex('stock_counts_product_date').on(t.productId, t.date)],
);

export const reservations = sqliteTable(
  'reservations',
  {
    id: id(),
    orderId: integer('order_id').notNull().references(() => salesOrders.id, { onDelete: 'cascade' }),
    productId: integer('product_id').notNull().references(() => products.id),
    qty: real('qty').notNull(),
    reservedDate: text('reserved_date').notNull(),
    releasedDate: text('released_date'),
  },
  (t) => [uniqueIndex('reservations_key').on(t.orderId, t.productId, t.reservedDate)],
);

// ── plans (versioned, SPEC §5) ───────────────────────────────────────────────

export const planVersions = sqliteTable(
  'plan_versions',
  {
    id: id(),
    kind: text('kind').notNull(), // sales | managers | min_stock
    number: integer('number').notNull(), // 1, 2, 3 … within the kind
    author: text('author').notNull(),
    createdAt: text('created_at').notNull(),
    note: text('note'),
    source: text('source'),
  },
  (t) => [uniqueIndex('plan_versions_kind_number').on(t.kind, t.number)],
);

export const planSales = sqliteTable(
  'plan_sales',
  {
    versionId: integer('version_id').notNull().references(() => planVersions.id),
    month: text('month').notNull(),
    groupId: integer('group_id').notNull().references(() => productGroups.id),
    amount: integer('amount').notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.month, t.groupId] })],
);

export const planManagers = sqliteTable(
  'plan_managers',
  {
    versionId: integer('version_id').notNull().references(() => planVersions.id),
    month: text('month').notNull(),
    managerId: integer('manager_id').notNull().references(() => managers.id),
    indicator: text('indicator').notNull(),
    value: real('value').notNull(), // money indicators (revenue, margin, avg_order, collected) in kopecks, counts as numbers
  },
  (t) => [primaryKey({ columns: [t.versionId, t.month, t.managerId, t.indicator] })],
);

export const planMinStock = sqliteTable(
  'plan_min_stock',
  {
    versionId: integer('version_id').notNull().references(() => planVersions.id),
    month: text('month').notNull(),
    productId: integer('product_id').notNull().references(() => products.id),
    qty: real('qty').notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.month, t.productId] })],
);

// ── housekeeping ─────────────────────────────────────────────────────────────

export const settings = sqliteTable('settings', {
  id: id(), // every journaled table has an integer id (SPEC §7: the journal names rows by it)
  key: text('key').notNull().unique(),
  value: text('value').notNull(),
});

// Every command that writes is one operation (SPEC §7): what it was, who, when, from which
// file, and what it changed (per table counts; the rows are in `journal`).
export const operations = sqliteTable('operations', {
  id: id(),
  /** import, add, edit, delete, revise, plan-run, undo, restore … */
  kind: text('kind').notNull().default('import'),
  command: text('command').notNull(),
  /** The command line as typed. */
  argv: text('argv'),
  entity: text('entity'),
  source: text('source'),
  sourceSha256: text('source_sha256'),
  user: text('user').notNull(),
  startedAt: text('started_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%SZ','now'))`),
  finishedAt: text('finished_at'),
  inserted: integer('inserted').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  unchanged: integer('unchanged').notNull().default(0),
  rejected: integer('rejected').notNull().default(0),
  /** JSON: {table: {inserted, updated, deleted}} of the rows it wrote. */
  tables: text('tables'),
  /** An undo names the operation it undid; that operation names the undo. */
  undoes: integer('undoes'),
  undoneBy: integer('undone_by'),
});

/**
 * The journal (SPEC §7): enough to restore every row an operation touched. Rows it inserted
 * with fresh ids are one range per table (`journal_ranges`, not copied); rows it updated or
 * deleted keep their before-image (updates their after-image too); rows it put back with
 * their old ids (an undo of a delete) are named one by one. A document's lines, a plan
 * version's cells and a plan run's outputs belong to their parent row: its images carry them.
 */
export const journal = sqliteTable(
  'journal',
  {
    id: id(),
    opId: integer('op_id').notNull().references(() => operations.id),
    tbl: text('tbl').notNull(),
    rowId: integer('row_id').notNull(),
    action: text('action').notNull(), // insert | update | delete
    before: text('before'), // JSON {row, children?}
    after: text('after'), // JSON {row} (updates)
  },
  (t) => [index('journal_row').on(t.tbl, t.rowId), index('journal_op').on(t.opId)],
);

export const journalRanges = sqliteTable(
  'journal_ranges',
  {
    id: id(),
    opId: integer('op_id').notNull().references(() => operations.id),
    tbl: text('tbl').notNull(),
    firstId: integer('first_id').notNull(),
    lastId: integer('last_id').notNull(),
  },
  (t) => [index('journal_ranges_row').on(t.tbl, t.firstId), index('journal_ranges_op').on(t.opId)],
);

// ── plan runs (SPEC §4): every run is stored with its inputs and all its outputs ──
// Amounts here are REAL kopecks: planning keeps fractions (SPEC §1 rounds only at the
// edges), so the stored rows add up exactly to the plan they came from.

export const planRuns = sqliteTable('plan_runs', {
  id: id(),
  fromMonth: text('from_month').notNull(),
  months: integer('months').notNull(),
  lookback: integer('lookback').notNull(),
  salesVersionId: integer('sales_version_id').references(() => planVersions.id),
  stockVersionId: integer('stock_version_id').references(() => planVersions.id),
  user: text('user').notNull(),
  createdAt: text('created_at').notNull(),
  asOf: text('as_of').notNull(),
  warnings: text('warnings').notNull(), // JSON array of strings
});

export const planRunSupplierPayments = sqliteTable(
  'plan_run_supplier_payments',
  {
    runId: integer('run_id').notNull().references(() => planRuns.id, { onDelete: 'cascade' }),
    supplierId: integer('supplier_id').references(() => suppliers.id), // NULL: products without a supplier
    month: text('month').notNull(),
    source: text('source').notNull(), // plan | open_payables
    amount: real('amount').notNull(),
  },
  (t) => [index('plan_run_supplier_payments_run').on(t.runId)],
);

export const planRunCashIn = sqliteTable(
  'plan_run_cash_in',
  {
    runId: integer('run_id').notNull().references(() => planRuns.id, { onDelete: 'cascade' }),
    month: text('month').notNull(),
    source: text('source').notNull(), // plan | open_receivables | overdue
    groupId: integer('group_id').references(() => productGroups.id), // plan part
    clientId: integer('client_id').references(() => clients.id), // receivables part
    amount: real('amount').notNull(),
  },
  (t) => [index('plan_run_cash_in_run').on(t.runId)],
);

export const planRunOrderCash = sqliteTable(
  'plan_run_order_cash',
  {
    runId: integer('run_id').notNull().references(() => planRuns.id, { onDelete: 'cascade' }),
    month: text('month').notNull(),
    direction: text('direction').notNull(), // in (sales orders) | out (purchase orders)
    document: text('document').notNull(), // order_no or po_no
    partyId: integer('party_id').notNull(), // client id (in) or supplier id (out)
    amount: real('amount').notNull(),
  },
  (t) => [index('plan_run_order_cash_run').on(t.runId)],
);

/**
 * A run's per-SKU part (issue 16): the inputs of each SKU's derivation as of the run, packed
 * into typed columns and deflated (src/planning/compactRun.ts; base64 text, so a journal
 * image can carry it). Its demand, inventory, purchases and `plan explain` are derived from it
 * by the chain's own functions.
 */
export const planRunSkus = sqliteTable(
  'plan_run_skus',
  {
    id: id(),
    runId: integer('run_id').notNull().references(() => planRuns.id, { onDelete: 'cascade' }),
    data: text('data').notNull(),
  },
  (t) => [uniqueIndex('plan_run_skus_run').on(t.runId)],
);
