// A stored plan run, compactly (issue 16): what `plan show` and `plan explain` need of each
// SKU, as of the run — the product as it was, its history, opening stock, scheduled
// receipts, minimum stock, the plan rows that made its demand, and how each purchase was
// paid — packed into typed columns and deflated. The per-SKU outputs are not stored: they
// are derived again from these inputs by the very functions the chain used (demandShare,
// balanceSku, splitPayment), so they come out equal to the last bit. A 20,000-SKU run takes
// a few MB instead of the 140 MB its rows and JSON traces took.
import { deflateSync, inflateSync } from 'node:zlib';
import { firstDay } from './calendar.js';
import { DemandRowLookup, demandShare, unitPrice } from './demand.js';
import { balanceSku, horizonOf, type Horizon, type SkuSeries } from './inventory.js';
import { splitPayment } from './supplierPayments.js';
import type { SkuTrace } from './trace.js';
import type {
  DemandCell,
  DemandRow,
  DemandTrace,
  InventoryRow,
  OpeningStock,
  PaymentSplit,
  PlanningInputs,
  PlanResult,
  ProductInput,
  PurchaseRow,
  ScheduledReceipt,
  SupplierInput,
} from './types.js';

/** Bumped when the layout changes; a reader refuses a version it does not know. */
const FORMAT = 1;

/** Per-SKU numbers (one each). */
const SKU_NUMBERS = ['price', 'cost', 'leadTimeDays', 'orderMultiple', 'historyAmount', 'historyQty', 'openingQty', 'countQty', 'receiptsAfterCount', 'shippedAfterCount'] as const;
type SkuNumber = (typeof SKU_NUMBERS)[number];
/** Per-SKU integers: indexes into the string tables (−1: none) and counts. */
const SKU_INTEGERS = ['group', 'supplier', 'hasOpening', 'demandRows', 'purchases'] as const;
type SkuInteger = (typeof SKU_INTEGERS)[number];

interface Header {
  format: number;
  months: string[];
  lookbackStart: string;
  lookbackEnd: string;
  skus: string[];
  groups: string[];
  suppliers: SupplierInput[];
  /** The plan rows behind the demand (SPEC §4.1). */
  cells: DemandCell[];
  /** Per SKU: the day of the count its opening stock starts from (null: none). */
  countDates: (string | null)[];
  /** [SKU index, purchase order, qty, expected date, from the order's lead time (1) or its expected date (0)], in the chain's order. */
  scheduled: [number, string, number, string, number][];
  /** Column name → [kind, length]; the bytes follow the header in this order. */
  columns: [string, 'f64' | 'i32', number][];
}

/** A product as the run saw it. */
export interface RunProduct {
  sku: string;
  group: string;
  supplier: string | null;
}

/** One SKU's derivation and outputs, as of the run. */
export interface SkuPlan {
  trace: SkuTrace;
  demand: DemandRow[];
  inventory: InventoryRow[];
  purchases: PurchaseRow[];
}

// ── bytes ────────────────────────────────────────────────────────────────────

/** Byte planes (every first byte, then every second …): deflate finds the repeats in numbers. */
function shuffle(bytes: Uint8Array, width: number): Uint8Array {
  const n = bytes.length / width;
  const out = new Uint8Array(bytes.length);
  for (let b = 0; b < width; b++) for (let i = 0; i < n; i++) out[b * n + i] = bytes[i * width + b]!;
  return out;
}

function unshuffle(bytes: Uint8Array, width: number): Uint8Array {
  const n = bytes.length / width;
  const out = new Uint8Array(bytes.length);
  for (let b = 0; b < width; b++) for (let i = 0; i < n; i++) out[i * width + b] = bytes[b * n + i]!;
  return out;
}

// ── packing ──────────────────────────────────────────────────────────────────

/** The run's per-SKU part, packed: what `storeRun` keeps (base64 of deflated bytes). */
export function packRun(inputs: PlanningInputs, result: PlanResult): string {
  const months = inputs.months;
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const productBySku = new Map(inputs.products.map((p) => [p.sku, p]));
  const history = new Map(inputs.history.map((h) => [h.sku, h]));
  const opening = new Map(inputs.opening.map((o) => [o.sku, o]));

  // the SKUs the run planned, in its order
  const skus: string[] = [];
  const skuIndex = new Map<string, number>();
  for (const row of result.inventory) {
    if (!skuIndex.has(row.sku)) {
      skuIndex.set(row.sku, skus.length);
      skus.push(row.sku);
    }
  }
  const n = skus.length;
  const strings = () => {
    const list: string[] = [];
    const index = new Map<string, number>();
    return { list, of: (s: string | null) => (s === null ? -1 : (index.get(s) ?? (index.set(s, list.length), list.push(s) - 1))) };
  };
  const groups = strings();

  const numbers = Object.fromEntries(SKU_NUMBERS.map((k) => [k, new Float64Array(n)])) as Record<SkuNumber, Float64Array>;
  const integers = Object.fromEntries(SKU_INTEGERS.map((k) => [k, new Int32Array(n)])) as Record<SkuInteger, Int32Array>;
  const minStock = new Float64Array(n * months.length);
  const scheduledQty = new Float64Array(n * months.length);
  const countDates: (string | null)[] = new Array<string | null>(n).fill(null);
  const supplierCodes = new Map(inputs.suppliers.map((s, i) => [s.code, i]));
  const extraSuppliers: SupplierInput[] = [];
  const supplierIndex = (code: string | null): number => {
    if (code === null) return -1;
    let i = supplierCodes.get(code);
    if (i === undefined) {
      // a product's supplier missing from the terms: paid on receipt, as the chain does
      i = inputs.suppliers.length + extraSuppliers.length;
      supplierCodes.set(code, i);
      extraSuppliers.push({ code, deferralDays: 0, creditLine: null });
    }
    return i;
  };
  skus.forEach((sku, i) => {
    const p = productBySku.get(sku)!;
    const h = history.get(sku);
    const o = opening.get(sku);
    numbers.price[i] = p.price;
    numbers.cost[i] = p.cost;
    numbers.leadTimeDays[i] = p.leadTimeDays;
    numbers.orderMultiple[i] = p.orderMultiple;
    numbers.historyAmount[i] = h?.amount ?? 0;
    numbers.historyQty[i] = h?.qty ?? 0;
    integers.group[i] = groups.of(p.group);
    integers.supplier[i] = supplierIndex(p.supplier);
    if (o) {
      integers.hasOpening[i] = 1;
      numbers.openingQty[i] = o.qty;
      numbers.countQty[i] = o.countQty;
      numbers.receiptsAfterCount[i] = o.receiptsAfterCount;
      numbers.shippedAfterCount[i] = o.shippedAfterCount;
      countDates[i] = o.countDate;
    }
  });
  for (const row of result.inventory) {
    const at = skuIndex.get(row.sku)! * months.length + monthIndex.get(row.month)!;
    minStock[at] = row.minStock;
    scheduledQty[at] = row.scheduled;
  }

  // the plan rows behind the demand, and each SKU's demand rows in the chain's order
  const cellIndex = new Map<string, number>();
  const cells: DemandCell[] = [];
  const demandBySku: number[][] = skus.map(() => []);
  let last: DemandRow | undefined;
  let c = -1;
  const indexOfRow = new DemandRowLookup((sku) => skuIndex.get(sku));
  for (const d of result.demand) {
    // a plan row's demand rows come one after the other: its cell is the last one's
    if (last && d.month === last.month && d.group === last.group) {
      const i = indexOfRow.get(d);
      if (i !== undefined) demandBySku[i]!.push(c);
      continue;
    }
    last = d;
    const key = `${d.month}|${d.group}`;
    c = cellIndex.get(key) ?? -1;
    if (c === -1) {
      c = cells.length;
      cellIndex.set(key, c);
      const cell = result.demandCells.get(key)!;
      cells.push({ ...cell });
      groups.of(cell.planGroup);
    }
    const i = indexOfRow.get(d);
    if (i !== undefined) demandBySku[i]!.push(c);
  }
  demandBySku.forEach((list, i) => (integers.demandRows[i] = list.length));
  const demandCells = Int32Array.from(demandBySku.flat());

  // how each purchase was paid: the deferred amount not yet due on its day (the rest follows)
  // (by SKU index, then receipt day: no key text per purchase)
  const outstandingOf: (Map<string, number> | undefined)[] = new Array(n);
  for (const s of result.paymentSplits) {
    const i = skuIndex.get(s.sku);
    if (i !== undefined) (outstandingOf[i] ??= new Map()).set(s.receiptDate, s.outstanding);
  }
  const outstanding = new Float64Array(result.purchases.length);
  result.purchases.forEach((p, k) => (outstanding[k] = outstandingOf[skuIndex.get(p.sku)!]?.get(firstDay(p.receiptMonth)) ?? 0));
  for (const p of result.purchases) integers.purchases[skuIndex.get(p.sku)!]!++;

  const scheduled: Header['scheduled'] = inputs.scheduled
    .filter((r) => skuIndex.has(r.sku))
    .map((r) => [skuIndex.get(r.sku)!, r.po, r.qty, r.expectedDate, r.dateSource === 'lead_time' ? 1 : 0]);

  const columns: [string, Float64Array | Int32Array][] = [
    ...SKU_NUMBERS.map((k) => [k, numbers[k]] as [string, Float64Array]),
    ...SKU_INTEGERS.map((k) => [k, integers[k]] as [string, Int32Array]),
    ['minStock', minStock],
    ['scheduledQty', scheduledQty],
    ['demandCells', demandCells],
    ['outstanding', outstanding],
  ];
  const header: Header = {
    format: FORMAT,
    months,
    lookbackStart: inputs.lookbackStart,
    lookbackEnd: inputs.lookbackEnd,
    skus,
    groups: groups.list,
    suppliers: [...inputs.suppliers, ...extraSuppliers].map((s) => ({ code: s.code, deferralDays: s.deferralDays, creditLine: s.creditLine })),
    cells,
    countDates,
    scheduled,
    columns: columns.map(([name, values]) => [name, values instanceof Float64Array ? 'f64' : 'i32', values.length]),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const parts = [length, json, ...columns.map(([, values]) => shuffle(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), values.BYTES_PER_ELEMENT))];
  return deflateSync(Buffer.concat(parts), { level: 6 }).toString('base64');
}

// ── reading ──────────────────────────────────────────────────────────────────

/** What a stored run gives back, whatever its format. */
export interface RunSkus {
  readonly skus: string[];
  sku(sku: string): SkuPlan | undefined;
  balances(): Iterable<{ product: RunProduct; demand: DemandRow[]; inventory: InventoryRow[]; purchases: PurchaseRow[] }>;
}

/** A stored run's per-SKU part: packed (this format) or a run stored before it (format 0, JSON). */
export function readRun(data: string): RunSkus {
  return data.startsWith('{') ? new LegacyRun(data) : new StoredRun(data);
}

/**
 * A run stored before the compact format: the migration kept its rows and traces as one JSON
 * document ({format: 0, inventory, purchases, demand, traces}), read back as they were.
 */
export class LegacyRun implements RunSkus {
  readonly skus: string[] = [];
  private readonly bySku = new Map<string, { product: RunProduct; trace: SkuTrace | undefined; demand: DemandRow[]; inventory: InventoryRow[]; purchases: PurchaseRow[] }>();

  constructor(json: string) {
    type Legacy = {
      format: 0;
      inventory: (InventoryRow & { group: string; supplier: string | null })[];
      purchases: (Omit<PurchaseRow, 'late'> & { late: number })[];
      demand: Pick<DemandRow, 'sku' | 'group' | 'month' | 'amount' | 'qty'>[];
      traces: SkuTrace[];
    };
    const data = JSON.parse(json) as Legacy;
    if (data.format !== 0) throw new Error(`a stored plan run of format ${String(data.format)}: this crm reads formats 0 and ${FORMAT}`);
    const traces = new Map(data.traces.map((t) => [t.sku, t]));
    const of = (sku: string, group: string, supplier: string | null) => {
      let s = this.bySku.get(sku);
      if (!s) {
        const trace = traces.get(sku);
        s = { product: { sku, group: trace?.group ?? group, supplier: trace ? trace.supplier : supplier }, trace, demand: [], inventory: [], purchases: [] };
        this.bySku.set(sku, s);
        this.skus.push(sku);
      }
      return s;
    };
    for (const { group, supplier, ...row } of data.inventory) of(row.sku, group, supplier).inventory.push(row);
    for (const row of data.purchases) of(row.sku, '', row.supplier).purchases.push({ ...row, late: row.late !== 0 });
    for (const row of data.demand) {
      const s = of(row.sku, row.group, null);
      const t = s.trace?.demand.find((d) => d.month === row.month && d.planGroup === row.group);
      s.demand.push({ ...row, weight: t?.weight ?? 0, unitPrice: t?.unitPrice ?? 0 });
    }
  }

  sku(sku: string): SkuPlan | undefined {
    const s = this.bySku.get(sku);
    return s?.trace ? { trace: s.trace, demand: s.demand, inventory: s.inventory, purchases: s.purchases } : undefined;
  }

  *balances() {
    for (const sku of this.skus) {
      const { product, demand, inventory, purchases } = this.bySku.get(sku)!;
      yield { product, demand, inventory, purchases };
    }
  }
}

/** A stored run unpacked: each SKU's rows are derived when asked for. */
export class StoredRun implements RunSkus {
  readonly months: string[];
  readonly skus: string[];
  private readonly header: Header;
  private readonly columns = new Map<string, Float64Array | Int32Array>();
  private readonly horizon: Horizon;
  private readonly demandStart: Int32Array;
  private readonly purchaseStart: Int32Array;
  private readonly scheduledBySku = new Map<number, ScheduledReceipt[]>();
  private readonly skuIndex: Map<string, number>;
  private readonly monthIndex: Map<string, number>;

  constructor(packed: string) {
    const bytes = inflateSync(Buffer.from(packed, 'base64'));
    const jsonLength = bytes.readUInt32LE(0);
    this.header = JSON.parse(bytes.subarray(4, 4 + jsonLength).toString('utf8')) as Header;
    if (this.header.format !== FORMAT) throw new Error(`a stored plan run of format ${this.header.format}: this crm reads format ${FORMAT}`);
    let at = 4 + jsonLength;
    for (const [name, kind, length] of this.header.columns) {
      const width = kind === 'f64' ? 8 : 4;
      const plain = unshuffle(bytes.subarray(at, at + length * width), width);
      this.columns.set(name, kind === 'f64' ? new Float64Array(plain.buffer, plain.byteOffset, length) : new Int32Array(plain.buffer, plain.byteOffset, length));
      at += length * width;
    }
    this.months = this.header.months;
    this.skus = this.header.skus;
    this.skuIndex = new Map(this.skus.map((s, i) => [s, i]));
    this.horizon = horizonOf(this.months);
    const rows = this.int('demandRows');
    this.demandStart = new Int32Array(this.skus.length + 1);
    for (let i = 0; i < this.skus.length; i++) this.demandStart[i + 1] = this.demandStart[i]! + rows[i]!;
    for (const [sku, po, qty, expectedDate, fromLead] of this.header.scheduled) {
      const list = this.scheduledBySku.get(sku) ?? [];
      list.push({ sku: this.skus[sku]!, po, qty, expectedDate, dateSource: fromLead ? 'lead_time' : 'expected_date' });
      this.scheduledBySku.set(sku, list);
    }
    // purchases are numbered in SKU order: where each SKU's begin, to find their payments
    const purchases = this.int('purchases');
    this.purchaseStart = new Int32Array(this.skus.length + 1);
    for (let i = 0; i < this.skus.length; i++) this.purchaseStart[i + 1] = this.purchaseStart[i]! + purchases[i]!;
    this.monthIndex = new Map(this.months.map((month, k) => [month, k]));
  }

  private num(name: SkuNumber | 'minStock' | 'scheduledQty' | 'outstanding'): Float64Array {
    return this.columns.get(name) as Float64Array;
  }

  private int(name: SkuInteger | 'demandCells'): Int32Array {
    return this.columns.get(name) as Int32Array;
  }

  has(sku: string): boolean {
    return this.skuIndex.has(sku);
  }

  /** The product as the run saw it. */
  product(i: number): RunProduct & Pick<ProductInput, 'price' | 'cost' | 'leadTimeDays' | 'orderMultiple'> {
    const supplier = this.int('supplier')[i]!;
    return {
      sku: this.skus[i]!,
      group: this.header.groups[this.int('group')[i]!]!,
      supplier: supplier < 0 ? null : this.header.suppliers[supplier]!.code,
      price: this.num('price')[i]!,
      cost: this.num('cost')[i]!,
      leadTimeDays: this.num('leadTimeDays')[i]!,
      orderMultiple: this.num('orderMultiple')[i]!,
    };
  }

  private demandOf(i: number): { rows: DemandRow[]; cells: DemandCell[]; price: { value: number; source: 'history' | 'list' } | null } {
    const p = this.product(i);
    const historyAmount = this.num('historyAmount')[i]!;
    const from = this.demandStart[i]!;
    const to = this.demandStart[i + 1]!;
    if (from === to) return { rows: [], cells: [], price: null };
    const price = unitPrice(p as ProductInput, { sku: p.sku, amount: historyAmount, qty: this.num('historyQty')[i]! });
    const rows: DemandRow[] = [];
    const cells: DemandCell[] = [];
    const demandCells = this.int('demandCells');
    for (let k = from; k < to; k++) {
      const cell = this.header.cells[demandCells[k]!]!;
      const { weight, amount, qty } = demandShare(cell, historyAmount, price.value);
      rows.push({ sku: p.sku, group: cell.planGroup, month: cell.month, amount, qty, weight, unitPrice: price.value });
      cells.push(cell);
    }
    return { rows, cells, price };
  }

  private balance(i: number): { inventory: InventoryRow[]; purchases: PurchaseRow[]; demand: ReturnType<StoredRun['demandOf']> } {
    const m = this.months.length;
    const demand = this.demandOf(i);
    const series: SkuSeries = {
      demand: new Float64Array(m),
      minStock: this.num('minStock').subarray(i * m, (i + 1) * m),
      scheduled: this.num('scheduledQty').subarray(i * m, (i + 1) * m),
    };
    for (const row of demand.rows) {
      const k = this.monthIndex.get(row.month);
      if (k !== undefined) series.demand[k]! += row.qty;
    }
    const inventory: InventoryRow[] = [];
    const purchases: PurchaseRow[] = [];
    const opening = this.int('hasOpening')[i] ? this.num('openingQty')[i]! : 0;
    balanceSku(this.product(i), series, opening, this.horizon, inventory, purchases);
    return { inventory, purchases, demand };
  }

  /** Everything about one SKU: its trace for `plan explain` and its rows. */
  sku(sku: string): SkuPlan | undefined {
    const i = this.skuIndex.get(sku);
    return i === undefined ? undefined : this.at(i);
  }

  at(i: number): SkuPlan {
    const p = this.product(i);
    const { inventory, purchases, demand } = this.balance(i);
    const payments: PaymentSplit[] = purchases.map((x, k) => {
      const terms = p.supplier === null ? undefined : this.header.suppliers[this.int('supplier')[i]!];
      const deferralDays = terms?.deferralDays ?? 0;
      const creditLine = terms ? terms.creditLine : null;
      const receiptDate = firstDay(x.receiptMonth);
      const outstanding = this.num('outstanding')[this.purchaseStart[i]! + k]!;
      const split = splitPayment(x.amount, receiptDate, deferralDays, creditLine, outstanding);
      return {
        sku: p.sku, supplier: p.supplier, receiptDate, amount: x.amount, deferralDays, creditLine, outstanding,
        paidNow: split.paidNow, paidNowDate: split.paidNowDate, deferred: split.deferred, deferredDate: split.deferredDate,
      };
    });
    const demandTrace: DemandTrace[] = demand.rows.map((d, k) => {
      const c = demand.cells[k]!;
      return {
        month: c.month, planGroup: c.planGroup, planAmount: c.planAmount, groupHistory: c.groupHistory, groupProducts: c.groupProducts, equalWeights: c.equalWeights,
        weight: d.weight, amount: d.amount, unitPrice: d.unitPrice, qty: d.qty,
      };
    });
    const opening: OpeningStock | null = this.int('hasOpening')[i]
      ? {
          sku: p.sku,
          countDate: this.header.countDates[i] ?? null,
          countQty: this.num('countQty')[i]!,
          receiptsAfterCount: this.num('receiptsAfterCount')[i]!,
          shippedAfterCount: this.num('shippedAfterCount')[i]!,
          qty: this.num('openingQty')[i]!,
        }
      : null;
    const trace: SkuTrace = {
      sku: p.sku,
      group: p.group,
      supplier: p.supplier,
      price: p.price,
      cost: p.cost,
      leadTimeDays: p.leadTimeDays,
      orderMultiple: p.orderMultiple,
      lookbackStart: this.header.lookbackStart,
      lookbackEnd: this.header.lookbackEnd,
      history: { amount: this.num('historyAmount')[i]!, qty: this.num('historyQty')[i]! },
      unitPrice: demand.price,
      demand: demandTrace,
      opening,
      scheduled: this.scheduledBySku.get(i) ?? [],
      payments,
    };
    return { trace, demand: demand.rows, inventory, purchases };
  }

  /** Every SKU's rows in the run's order (by SKU). */
  *all(): Generator<SkuPlan & { product: RunProduct }> {
    for (let i = 0; i < this.skus.length; i++) yield { ...this.at(i), product: this.product(i) };
  }

  /** Every SKU's inventory and purchases only (plan-fact, `plan show`): no traces. */
  *balances(): Generator<{ product: RunProduct; demand: DemandRow[]; inventory: InventoryRow[]; purchases: PurchaseRow[] }> {
    for (let i = 0; i < this.skus.length; i++) {
      const { inventory, purchases, demand } = this.balance(i);
      yield { product: this.product(i), demand: demand.rows, inventory, purchases };
    }
  }
}
