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
  priceType: text('price_type'), // the price list an offer without a price takes (SPEC §9, issue 14)
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
    // covering (issue 16): receivables-turnover's daily movements of a year read the index only
    index('shipments_date').on(t.date, t.clientId, t.amount),
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

/**
 * Per-SKU monthly sales facts (issue 16: the illiquid reports, low-profit-stock and the plan's
 * history without reading the shipment lines). Kept like the sales summaries, by the same
 * writer in the same transaction (src/db/productFacts.ts); never journaled. `qty_days` is
 * Σ qty × day of the month (1–31): with `qty` it gives the month's Σ of daily stock moved out;
 * `first_date` / `last_date` are the month's first and last sale day.
 */
export const productMonthSales = sqliteTable(
  'product_month_sales',
  {
    productId: integer('product_id').notNull(),
    month: text('month').notNull(),
    amount: integer('amount').notNull(),
    qty: real('qty').notNull(),
    cost: integer('cost').notNull(),
    lines: integer('lines').notNull(),
    qtyDays: real('qty_days').notNull(),
    firstDate: text('first_date').notNull(),
    lastDate: text('last_date').notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.month] }), index('product_month_sales_month').on(t.month)],
);

/**
 * The same by month × client × the product's own group: the client mix of a plan run's
 * cash-in (SPEC §4.4, each client's share of a group's history) without the lines.
 */
export const salesSummaryClientGroup = sqliteTable(
  'sales_summary_client_group',
  {
    month: text('month').notNull(),
    clientId: integer('client_id').notNull(),
    groupId: integer('group_id').notNull(),
    amount: integer('amount').notNull(),
    qty: real('qty').notNull(),
    cost: integer('cost').notNull(),
    lines: integer('lines').notNull(),
    orders: integer('orders').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.clientId, t.groupId] })],
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
  // covering (issue 16): a plan run loads a version's months of 50,000 SKUs from the index only
  (t) => [primaryKey({ columns: [t.versionId, t.month, t.productId] }), index('plan_min_stock_cover').on(t.versionId, t.month, t.productId, t.qty)],
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

// ── CRM operations (SPEC §9, issue 13) ───────────────────────────────────────

/**
 * Calls, e-mails, letters, faxes, meetings and visits. `date` is the day (`2026-03-05`) or
 * the day and time (`2026-03-05 14:30`): compared as text, a day's interactions sort by time.
 * `interaction_no` is the file's number, or one derived from the content (docs/crm.md).
 */
export const interactions = sqliteTable(
  'interactions',
  {
    id: id(),
    interactionNo: text('interaction_no').notNull().unique(),
    date: text('date').notNull(),
    clientId: integer('client_id').notNull().references(() => clients.id),
    kind: text('kind').notNull(), // call | email | mail | fax | meeting | visit | other
    direction: text('direction'), // in | out
    managerId: integer('manager_id').references(() => managers.id),
    contact: text('contact'),
    subject: text('subject'),
    documentNo: text('document_no'),
    result: text('result'),
    nextDate: text('next_date'),
  },
  (t) => [index('interactions_client_date').on(t.clientId, t.date), index('interactions_date').on(t.date)],
);

/** The ordered stages of each sales channel's funnel; won and lost stages need no position. */
export const salesStages = sqliteTable(
  'sales_stages',
  {
    id: id(),
    channel: text('channel').notNull(),
    stage: text('stage').notNull(),
    position: integer('position'),
    outcome: text('outcome').notNull().default('open'), // open | won | lost
  },
  (t) => [uniqueIndex('sales_stages_channel_stage').on(t.channel, t.stage)],
);

/** A deal starts in its channel's first open stage on its own date; stage events move it. */
export const deals = sqliteTable(
  'deals',
  {
    id: id(),
    dealNo: text('deal_no').notNull().unique(),
    date: text('date').notNull(),
    clientId: integer('client_id').notNull().references(() => clients.id),
    channel: text('channel').notNull(),
    managerId: integer('manager_id').references(() => managers.id),
    title: text('title'),
    amount: integer('amount'), // kopecks
    expectedClose: text('expected_close'),
    orderId: integer('order_id').references(() => salesOrders.id),
  },
  (t) => [index('deals_date').on(t.date), index('deals_client').on(t.clientId)],
);

/** A stage change of a deal: one a day (the day's last move wins). */
export const dealStageEvents = sqliteTable(
  'deal_stage_events',
  {
    id: id(),
    dealId: integer('deal_id').notNull().references(() => deals.id),
    date: text('date').notNull(),
    stageId: integer('stage_id').notNull().references(() => salesStages.id),
    reasonId: integer('reason_id').references(() => refusalReasons.id),
    note: text('note'),
  },
  (t) => [uniqueIndex('deal_stage_events_deal_date').on(t.dealId, t.date), index('deal_stage_events_stage').on(t.stageId)],
);

/**
 * Derived from deal_stage_events (issue 13: the funnel as plain GROUP BYs): one row per stage
 * change, keyed by the change's id, with what the funnel needs of the changes before and after
 * it — the stage it left (null: the deal's first change, out of the stage it started in), the
 * days since the change before (or since the deal's date), the next change's date (null: the
 * last), the highest open position reached so far and whether any change so far went to a
 * stage of another channel. Kept by every operation that writes stage changes, deals or stages
 * (src/db/stageMoves.ts, at the operation's end, undo too); never journaled; `crm db
 * rebuild-summaries` recomputes it and `crm db check` compares it.
 */
export const dealStageMoves = sqliteTable(
  'deal_stage_moves',
  {
    eventId: integer('event_id').notNull(),
    dealId: integer('deal_id').notNull(),
    dealDate: text('deal_date').notNull(),
    date: text('date').notNull(),
    stageId: integer('stage_id').notNull(),
    fromStageId: integer('from_stage_id'),
    days: integer('days').notNull(),
    nextDate: text('next_date'),
    highest: integer('highest'),
    otherChannel: integer('other_channel').notNull(),
    reasonId: integer('reason_id'),
  },
  // keyed by the change's id, no sequence of its own; the funnel's moves in (from, to) order straight from the index: no sort, no table read
  (t) => [primaryKey({ columns: [t.eventId] }), index('deal_stage_moves_deal').on(t.dealId), index('deal_stage_moves_move').on(t.fromStageId, t.stageId, t.dealDate, t.date, t.days)],
);

export const claimCauses = sqliteTable('claim_causes', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
});

/** Client claims (SPEC §9, requirement 2.4): cause, status, result, what the supplier paid back. */
export const claims = sqliteTable(
  'claims',
  {
    id: id(),
    claimNo: text('claim_no').notNull().unique(),
    date: text('date').notNull(),
    clientId: integer('client_id').notNull().references(() => clients.id),
    causeId: integer('cause_id').notNull().references(() => claimCauses.id),
    status: text('status').notNull(), // new | in_work | resolved | rejected
    shipmentId: integer('shipment_id').references(() => shipments.id),
    productId: integer('product_id').references(() => products.id),
    qty: real('qty'),
    amount: integer('amount'), // kopecks: what the claim is worth
    result: text('result'), // replacement | refund | discount | repair | rejected
    resolvedDate: text('resolved_date'),
    managerId: integer('manager_id').references(() => managers.id),
    recoveredAmount: integer('recovered_amount'), // kopecks recovered from the supplier
    description: text('description'),
  },
  (t) => [index('claims_date').on(t.date), index('claims_client').on(t.clientId), index('claims_shipment').on(t.shipmentId)],
);

/** The ordered checklist of a negotiation template, one row per item. */
export const negotiationTemplates = sqliteTable(
  'negotiation_templates',
  {
    id: id(),
    templateCode: text('template_code').notNull(),
    position: integer('position').notNull(),
    item: text('item').notNull(),
  },
  (t) => [uniqueIndex('negotiation_templates_item').on(t.templateCode, t.item)],
);

export const negotiations = sqliteTable(
  'negotiations',
  {
    id: id(),
    negotiationNo: text('negotiation_no').notNull().unique(),
    date: text('date').notNull(),
    clientId: integer('client_id').notNull().references(() => clients.id),
    templateCode: text('template_code').notNull(),
    managerId: integer('manager_id').references(() => managers.id),
    result: text('result'), // agreed | postponed | refused
    nextDate: text('next_date'),
    note: text('note'),
  },
  (t) => [index('negotiations_date').on(t.date), index('negotiations_client').on(t.clientId)],
);

/** How one checklist item went in one negotiation. */
export const negotiationItems = sqliteTable(
  'negotiation_items',
  {
    id: id(),
    negotiationId: integer('negotiation_id').notNull().references(() => negotiations.id),
    item: text('item').notNull(),
    outcome: text('outcome').notNull(), // yes | partly | no
    note: text('note'),
  },
  (t) => [uniqueIndex('negotiation_items_item').on(t.negotiationId, t.item)],
);

// ── the money side of a deal (SPEC §9, issue 14) ─────────────────────────────

/** Price lists with history: a price of a SKU in a price type holds from its date until the next one. */
export const prices = sqliteTable(
  'prices',
  {
    id: id(),
    productId: integer('product_id').notNull().references(() => products.id),
    priceType: text('price_type').notNull(),
    price: integer('price').notNull(), // kopecks per unit
    fromDate: text('from_date').notNull(),
  },
  (t) => [uniqueIndex('prices_key').on(t.productId, t.priceType, t.fromDate)],
);

/** A delivery the company paid for, of one shipment (a shipment may have several). */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: id(),
    deliveryNo: text('delivery_no').notNull().unique(),
    date: text('date').notNull(),
    shipmentId: integer('shipment_id').notNull().references(() => shipments.id),
    carrier: text('carrier'),
    cost: integer('cost').notNull(), // kopecks
  },
  (t) => [index('deliveries_shipment').on(t.shipmentId), index('deliveries_date').on(t.date)],
);

/**
 * A manager's commission rate from a day on: the general rule (no group) or a rate for one
 * product group and its descendants. A rule holds until the next rule of the same manager and group.
 */
export const commissionRules = sqliteTable(
  'commission_rules',
  {
    id: id(),
    managerId: integer('manager_id').notNull().references(() => managers.id),
    fromDate: text('from_date').notNull(),
    base: text('base').notNull(), // revenue | margin
    pct: real('pct').notNull(),
    groupId: integer('group_id').references(() => productGroups.id),
  },
  (t) => [index('commission_rules_manager').on(t.managerId, t.fromDate)],
);

/** Commission paid out to a manager. */
export const commissionPayments = sqliteTable(
  'commission_payments',
  {
    id: id(),
    paymentNo: text('payment_no').notNull().unique(),
    date: text('date').notNull(),
    managerId: integer('manager_id').notNull().references(() => managers.id),
    amount: integer('amount').notNull(), // kopecks
  },
  (t) => [index('commission_payments_manager').on(t.managerId, t.date)],
);
