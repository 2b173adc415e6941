// SPEC §9 claims (requirement 2.4): the claims dated in [from, to] by cause, status, product,
// supplier or manager — count, qty, amount, recovered from the supplier, net cost = amount −
// recovered (what the company absorbed), open at --to, average days to resolve; by product
// and supplier also the claim rate = claimed qty / shipped qty in the period × 100.
import { claimRows, productParts, shippedQtyBySku, type ClaimRow } from '../db/crmQueries.js';
import type { Db } from '../db/connection.js';
import { column, type Row, type Table, type TableColumn } from '../io/table.js';
import { dayNumber } from '../planning/calendar.js';
import { percentOf } from './ratios.js';
import type { ReportOptions, ReportResult } from './types.js';

const NO_PRODUCT = '(no product)';
const NO_SUPPLIER = '(no supplier)';
const NO_MANAGER = '(no manager)';

interface ByDimension {
  columns: TableColumn[];
  /** The group a claim falls in (a text key) and the cells naming it, as of the end of `to`. */
  of: (c: ClaimRow, to: string) => { key: string; names: Row };
}

const BY: Record<string, ByDimension> = {
  cause: { columns: [column('cause'), column('name')], of: (c) => ({ key: c.cause, names: { cause: c.cause, name: c.causeName } }) },
  status: { columns: [column('status')], of: (c, to) => ({ key: statusAt(c, to), names: { status: statusAt(c, to) } }) },
  product: {
    columns: [column('sku'), column('name')],
    of: (c) => (c.sku === null ? { key: '\u0000', names: { sku: null, name: NO_PRODUCT } } : { key: c.sku, names: { sku: c.sku, name: c.productName } }),
  },
  supplier: {
    columns: [column('supplier'), column('name')],
    of: (c) =>
      c.sku === null ? { key: '\u0000', names: { supplier: null, name: NO_PRODUCT } }
      : c.supplier === null ? { key: '\u0001', names: { supplier: null, name: NO_SUPPLIER } }
      : { key: c.supplier, names: { supplier: c.supplier, name: c.supplierName } },
  },
  manager: {
    columns: [column('manager'), column('name')],
    of: (c) => (c.manager === null ? { key: '\u0000', names: { manager: null, name: NO_MANAGER } } : { key: c.manager, names: { manager: c.manager, name: c.managerName } }),
  },
};

/** The status at the end of `to`: a claim closed only after it was in work then. */
export const statusAt = (c: Pick<ClaimRow, 'status' | 'resolvedDate'>, to: string): string =>
  c.resolvedDate !== null && c.resolvedDate > to ? 'in_work' : c.status;

/** Open at the end of `to`: new or in work, or closed only after it. */
export const openAt = (c: Pick<ClaimRow, 'status' | 'resolvedDate'>, to: string): boolean =>
  c.status === 'new' || c.status === 'in_work' || (c.resolvedDate !== null && c.resolvedDate > to);

/** Days from the claim to its resolution, for the claims resolved (status resolved) by the end of `to`; null otherwise. */
export const daysToResolve = (c: Pick<ClaimRow, 'status' | 'resolvedDate' | 'date'>, to: string): number | null =>
  c.status === 'resolved' && c.resolvedDate !== null && c.resolvedDate <= to ? dayNumber(c.resolvedDate) - dayNumber(c.date) : null;

interface Bucket {
  names: Row;
  claims: number;
  qty: number;
  /** Claimed qty of the products shipped in the period (the claim rate's numerator: a product not shipped has no rate). */
  ratedQty: number;
  amount: number;
  recovered: number;
  open: number;
  resolved: number;
  resolveDays: number;
  /** Shipped qty of the bucket's products in the period (product and supplier). */
  shipped: number | null;
}

export interface ClaimsInput {
  claims: ClaimRow[];
  to: string;
  by: string;
  /** Shipped qty by SKU in the period (by product or supplier), with the SKU's supplier. */
  shipped?: Map<string, { qty: number; supplier: string | null; supplierName: string | null; name: string }>;
}

export function claimsTable(input: ClaimsInput): Table {
  const dimension = BY[input.by]!;
  const buckets = new Map<string, Bucket>();
  const bucket = (key: string, names: Row) => {
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { names, claims: 0, qty: 0, ratedQty: 0, amount: 0, recovered: 0, open: 0, resolved: 0, resolveDays: 0, shipped: null }));
    return b;
  };
  const withRate = input.shipped !== undefined;
  for (const c of input.claims) {
    const { key, names } = dimension.of(c, input.to);
    const b = bucket(key, names);
    b.claims++;
    b.qty += c.qty ?? 0;
    if (c.sku !== null && (input.shipped?.get(c.sku)?.qty ?? 0) > 0) b.ratedQty += c.qty ?? 0;
    b.amount += c.amount ?? 0;
    b.recovered += c.recovered ?? 0;
    if (openAt(c, input.to)) b.open++;
    const days = daysToResolve(c, input.to);
    if (days !== null) {
      b.resolved++;
      b.resolveDays += days;
    }
  }
  // the shipped side: every product (or supplier) that has claims, by what it shipped in the period
  let allShipped = 0;
  if (input.shipped) {
    for (const [sku, s] of input.shipped) {
      allShipped += s.qty;
      const key = input.by === 'product' ? sku : (s.supplier ?? '\u0001');
      const b = buckets.get(key);
      if (b) b.shipped = (b.shipped ?? 0) + s.qty;
    }
    for (const [key, b] of buckets) if (key !== '\u0000') b.shipped ??= 0;
  }
  const rows: Row[] = [...buckets.entries()]
    .sort(([a, x], [b, y]) => y.claims - x.claims || y.amount - x.amount || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, b]) => ({
      ...b.names,
      claims: b.claims,
      qty: b.qty,
      amount: b.amount,
      recovered: b.recovered,
      net_cost: b.amount - b.recovered,
      open: b.open,
      avg_days_to_resolve: b.resolved === 0 ? null : b.resolveDays / b.resolved,
      ...(withRate ? { shipped_qty: b.shipped, claim_rate_pct: b.shipped === null ? null : percentOf(b.ratedQty, b.shipped) } : {}),
    }));
  const all = [...buckets.values()];
  const sum = (f: (b: Bucket) => number) => all.reduce((s, b) => s + f(b), 0);
  const resolved = sum((b) => b.resolved);
  const rated = all.filter((b) => b.shipped !== null);
  const ratedShipped = rated.reduce((s, b) => s + (b.shipped ?? 0), 0);
  const totals: Row = {
    claims: sum((b) => b.claims),
    qty: sum((b) => b.qty),
    amount: sum((b) => b.amount),
    recovered: sum((b) => b.recovered),
    net_cost: sum((b) => b.amount - b.recovered),
    open: sum((b) => b.open),
    avg_days_to_resolve: resolved === 0 ? null : sum((b) => b.resolveDays) / resolved,
  };
  const headlines: TableColumn[] = [column('recovered_pct', 'percent')];
  totals.recovered_pct = percentOf(Number(totals.recovered), Number(totals.amount));
  if (withRate) {
    totals.shipped_qty = ratedShipped;
    totals.claim_rate_pct = percentOf(rated.reduce((s, b) => s + b.ratedQty, 0), ratedShipped);
    // the whole company's rate: every claimed product against everything shipped (the filters kept)
    totals.all_shipped_qty = allShipped;
    totals.overall_claim_rate_pct = percentOf(sum((b) => b.ratedQty), allShipped);
    headlines.push(column('all_shipped_qty', 'number'), column('overall_claim_rate_pct', 'percent'));
  }
  return {
    name: 'claims',
    columns: [
      ...dimension.columns, column('claims', 'int'), column('qty', 'number'), column('amount', 'money'), column('recovered', 'money'), column('net_cost', 'money'),
      column('open', 'int'), column('avg_days_to_resolve', 'number'),
      ...(withRate ? [column('shipped_qty', 'number'), column('claim_rate_pct', 'percent')] : []),
    ],
    rows,
    totals,
    headlines,
  };
}

export async function claimsReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const by = opts.by ?? 'cause';
  const keeps = (c: { client: string; manager: string | null; group: string | null; supplier: string | null }) =>
    (opts.client === undefined || c.client === opts.client) &&
    (opts.manager === undefined || c.manager === opts.manager) &&
    (!opts.groups || (c.group !== null && opts.groups.has(c.group))) &&
    (opts.supplier === undefined || c.supplier === opts.supplier);
  const claims = (await claimRows(db, opts.from, opts.to)).filter(keeps);
  let shipped: ClaimsInput['shipped'];
  if (by === 'product' || by === 'supplier') {
    const parts = await productParts(db);
    const qty = await shippedQtyBySku(db, opts.from, opts.to, { client: opts.client, manager: opts.manager });
    shipped = new Map();
    for (const [sku, q] of qty) {
      const p = parts.get(sku);
      if (!p || (opts.groups && !opts.groups.has(p.group)) || (opts.supplier !== undefined && p.supplier !== opts.supplier)) continue;
      shipped.set(sku, { qty: q, supplier: p.supplier, supplierName: p.supplierName, name: p.name });
    }
  }
  return { table: claimsTable({ claims, to: opts.to, by, shipped }) };
}
