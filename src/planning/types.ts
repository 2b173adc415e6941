// Inputs and outputs of the planning chain (SPEC §4). Money is in kopecks and keeps its
// fractions here; it is rounded only when printed or written to a file.

export interface GroupInput {
  code: string;
  parent: string | null;
}

export interface ProductInput {
  sku: string;
  group: string;
  active: boolean;
  /** List price per unit, kopecks. */
  price: number;
  /** Cost per unit, kopecks. */
  cost: number;
  supplier: string | null;
  leadTimeDays: number;
  orderMultiple: number;
}

/** Shipment totals of one product in the lookback window. */
export interface HistoryInput {
  sku: string;
  amount: number;
  qty: number;
}

/** Shipment amount of one client in one product group (the product's own group), lookback window. */
export interface ClientGroupHistory {
  client: string;
  group: string;
  amount: number;
}

export interface SalesPlanCell {
  group: string;
  month: string;
  amount: number;
}

export interface MinStockCell {
  sku: string;
  month: string;
  qty: number;
}

/** Stock at the end of the day before `from`, and where it came from (SPEC §2). */
export interface OpeningStock {
  sku: string;
  qty: number;
  countDate: string | null;
  countQty: number;
  receiptsAfterCount: number;
  shippedAfterCount: number;
}

/** Open quantity of a purchase-order line. */
export interface ScheduledReceipt {
  sku: string;
  po: string;
  qty: number;
  /** Expected date, or the order date + the product's lead time. */
  expectedDate: string;
  dateSource: 'expected_date' | 'lead_time';
}

export interface SupplierInput {
  code: string;
  deferralDays: number;
  /** Kopecks; null = unlimited, 0 = none. */
  creditLine: number | null;
}

export interface ClientInput {
  code: string;
  deferralDays: number;
}

/** A document of the past (shipment or receipt) with its due date, for oldest-first matching. */
export interface DueDocument {
  party: string;
  document: string;
  date: string;
  amount: number;
  dueDate: string;
}

/** Money paid by a party before `from`, applied to its oldest documents first. */
export interface PartyPaid {
  party: string;
  amount: number;
}

export interface SalesOrderInput {
  orderNo: string;
  client: string;
  /** Order amount minus payments against it, kopecks. */
  unpaid: number;
  /** planned_payment_date, else (planned_ship_date or order date) + granted deferral. */
  expectedDate: string;
}

export interface PurchaseOrderLineInput {
  po: string;
  supplier: string;
  /** This line's share of the order's unpaid amount, kopecks. */
  unpaid: number;
  expectedDate: string;
}

export interface PlanningInputs {
  from: string;
  months: string[];
  lookback: number;
  lookbackStart: string;
  lookbackEnd: string;
  groups: GroupInput[];
  products: ProductInput[];
  history: HistoryInput[];
  clientHistory: ClientGroupHistory[];
  clients: ClientInput[];
  salesPlan: SalesPlanCell[];
  minStock: MinStockCell[];
  opening: OpeningStock[];
  scheduled: ScheduledReceipt[];
  suppliers: SupplierInput[];
  /** Receipts before `from` (the loader sends only the newest ones that still owe money, with
   *  `supplierPaidBeforeFrom` reduced to match: oldest-first matching gives the same result). */
  receiptsBeforeFrom: DueDocument[];
  supplierPaidBeforeFrom: PartyPaid[];
  /** Shipments before `from` (likewise only the newest ones that are still unpaid). */
  shipmentsBeforeFrom: DueDocument[];
  clientPaidBeforeFrom: PartyPaid[];
  salesOrders: SalesOrderInput[];
  purchaseOrders: PurchaseOrderLineInput[];
}

export interface DemandRow {
  sku: string;
  /** The group of the sales-plan row that made this demand. */
  group: string;
  month: string;
  amount: number;
  qty: number;
  /** wₚ: this SKU's share of the plan row. */
  weight: number;
  /** uₚ used to turn money into units. */
  unitPrice: number;
}

/** What one sales-plan row was spread over (SPEC §4.1), shared by its SKUs' demand rows. */
export interface DemandCell {
  month: string;
  planGroup: string;
  planAmount: number;
  /** History amount of the active products the row covers. */
  groupHistory: number;
  groupProducts: number;
  equalWeights: boolean;
}

export interface InventoryRow {
  sku: string;
  month: string;
  opening: number;
  scheduled: number;
  planned: number;
  demand: number;
  closing: number;
  minStock: number;
  need: number;
  closingValue: number;
}

export interface PurchaseRow {
  sku: string;
  supplier: string | null;
  receiptMonth: string;
  orderDate: string;
  qty: number;
  amount: number;
  late: boolean;
}

export type SupplierPaymentSource = 'plan' | 'open_payables';

export interface SupplierPaymentRow {
  supplier: string | null;
  month: string;
  amount: number;
  source: SupplierPaymentSource;
}

export type CashInSource = 'plan' | 'open_receivables' | 'overdue';

export interface CashInRow {
  month: string;
  amount: number;
  source: CashInSource;
  /** Plan part: the sales-plan group. */
  group?: string;
  /** Receivables part: the client. */
  client?: string;
}

export interface OrderCashRow {
  month: string;
  direction: 'in' | 'out';
  document: string;
  party: string;
  amount: number;
}

/** How one planned receipt was paid (SPEC §4.3), for `crm plan explain`. */
export interface PaymentSplit {
  sku: string;
  supplier: string | null;
  receiptDate: string;
  amount: number;
  deferralDays: number;
  creditLine: number | null;
  outstanding: number;
  paidNow: number;
  paidNowDate: string;
  deferred: number;
  deferredDate: string | null;
}

export interface DemandTrace {
  month: string;
  planGroup: string;
  planAmount: number;
  groupHistory: number;
  groupProducts: number;
  weight: number;
  equalWeights: boolean;
  amount: number;
  unitPrice: number;
  qty: number;
}

export interface PlanResult {
  demand: DemandRow[];
  inventory: InventoryRow[];
  purchases: PurchaseRow[];
  supplierPayments: SupplierPaymentRow[];
  paymentSplits: PaymentSplit[];
  cashIn: CashInRow[];
  orderCash: OrderCashRow[];
  /** The plan rows behind the demand, by `month|group`. */
  demandCells: Map<string, DemandCell>;
  unitPrices: Map<string, { value: number; source: 'history' | 'list' }>;
  warnings: string[];
}

/** Inputs that make the plan impossible (SPEC §4.1: a group and its ancestor planned together). */
export class PlanningError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}
