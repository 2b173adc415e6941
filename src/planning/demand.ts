// SPEC §4.1 Demand (units per SKU). A sales-plan row (group g, month m, amount S) covers
// the active products of g and its descendants; product p gets S·wₚ with
// wₚ = history amount of p / history amount of those products (equal weights when that is
// 0), and Dₚ,ₘ = Sₚ,ₘ / uₚ with uₚ = history amount / history qty, or the list price.
import { pushTo } from '../util/multimap.js';
import { GroupTree } from './groupTree.js';
import { PlanningError, type DemandCell, type DemandRow, type GroupInput, type HistoryInput, type ProductInput, type SalesPlanCell } from './types.js';
import { t } from '../i18n/index.js';

export interface DemandResult {
  rows: DemandRow[];
  cells: Map<string, DemandCell>;
  unitPrices: Map<string, { value: number; source: 'history' | 'list' }>;
  warnings: string[];
}

export function unitPrice(product: ProductInput, history: HistoryInput | undefined): { value: number; source: 'history' | 'list' } {
  if (history && history.qty > 0 && history.amount > 0) return { value: history.amount / history.qty, source: 'history' };
  return { value: product.price, source: 'list' };
}

/**
 * One SKU's part of a plan row: wₚ (equal weights when the covered products have no
 * history), Sₚ,ₘ = S·wₚ and Dₚ,ₘ = Sₚ,ₘ / uₚ (0 without a price). The chain and a stored
 * run's reader (compactRun.ts) both compute it here, so they agree to the last bit.
 */
export function demandShare(cell: Pick<DemandCell, 'planAmount' | 'groupHistory' | 'groupProducts' | 'equalWeights'>, historyAmount: number, price: number) {
  const weight = cell.equalWeights ? 1 / cell.groupProducts : Math.max(0, historyAmount) / cell.groupHistory;
  const amount = cell.planAmount * weight;
  return { weight, amount, qty: price > 0 ? amount / price : 0 };
}

/**
 * A value per SKU of demand rows, looked up once per plan group rather than once per row: the
 * rows of one plan row (month × group) come together, its products in the same order every
 * month, so a row whose SKU is the one at the same place in the group's earlier rows takes
 * that row's value (the same string compares equal at once). `lookup` must give the same
 * value for the same SKU every time.
 */
export class DemandRowLookup<T> {
  private readonly byGroup = new Map<string, { skus: string[]; values: T[] }>();
  private run: { skus: string[]; values: T[] } | undefined;
  private month = '';
  private group = '';
  private at = 0;

  constructor(private readonly lookup: (sku: string) => T) {}

  get(d: Pick<DemandRow, 'sku' | 'month' | 'group'>): T {
    if (this.run === undefined || d.group !== this.group || d.month !== this.month) {
      this.group = d.group;
      this.month = d.month;
      this.at = 0;
      this.run = this.byGroup.get(d.group);
      if (!this.run) this.byGroup.set(d.group, (this.run = { skus: [], values: [] }));
    }
    const at = this.at++;
    if (this.run.skus[at] === d.sku) return this.run.values[at]!;
    const value = this.lookup(d.sku);
    this.run.skus[at] = d.sku;
    this.run.values[at] = value;
    return value;
  }
}

/** Plans for a group and one of its ancestors in the same month make the run fail. */
export function checkPlanOverlap(salesPlan: SalesPlanCell[], tree: GroupTree): string[] {
  const planned = new Set(salesPlan.filter((c) => c.amount !== 0).map((c) => `${c.month}|${c.group}`));
  const problems: string[] = [];
  for (const cell of salesPlan) {
    if (cell.amount === 0) continue;
    for (const ancestor of tree.ancestors(cell.group)) {
      if (planned.has(`${cell.month}|${ancestor}`)) {
        problems.push(t('plan.groupAndAncestor', cell.month, cell.group, ancestor));
      }
    }
  }
  return problems;
}

export function computeDemand(
  salesPlan: SalesPlanCell[],
  groups: GroupInput[],
  products: ProductInput[],
  history: HistoryInput[],
): DemandResult {
  const tree = new GroupTree(groups);
  const overlap = checkPlanOverlap(salesPlan, tree);
  if (overlap.length > 0) throw new PlanningError(overlap);

  const historyBySku = new Map(history.map((h) => [h.sku, h]));
  const activeByGroup = new Map<string, ProductInput[]>();
  for (const p of products) {
    if (!p.active) continue;
    pushTo(activeByGroup, p.group, p);
  }
  const unitPrices = new Map<string, { value: number; source: 'history' | 'list' }>();
  // per plan group, once (not per month): its products, their history amounts (negative
  // history, returns, counts as none) and their unit prices — the same numbers every month
  const covered = new Map<string, { list: ProductInput[]; amounts: number[]; prices: { value: number; source: 'history' | 'list' }[] }>();
  const coveredBy = (group: string) => {
    let entry = covered.get(group);
    if (!entry) {
      const list = [...tree.descendants(group)].flatMap((g) => activeByGroup.get(g) ?? []).sort((a, b) => (a.sku < b.sku ? -1 : 1));
      const amounts: number[] = [];
      const prices: { value: number; source: 'history' | 'list' }[] = [];
      for (const p of list) {
        const h = historyBySku.get(p.sku);
        amounts.push(Math.max(0, h?.amount ?? 0));
        let price = unitPrices.get(p.sku);
        if (!price) unitPrices.set(p.sku, (price = unitPrice(p, h)));
        prices.push(price);
      }
      entry = { list, amounts, prices };
      covered.set(group, entry);
    }
    return entry;
  };

  const rows: DemandRow[] = [];
  const cells = new Map<string, DemandCell>();
  const warnings: string[] = [];
  const noPrice = new Set<string>();
  const sortedPlan = [...salesPlan].sort((a, b) => (a.month === b.month ? (a.group < b.group ? -1 : 1) : a.month < b.month ? -1 : 1));
  for (const cell of sortedPlan) {
    if (cell.amount === 0) continue;
    const { list, amounts, prices } = coveredBy(cell.group);
    if (list.length === 0) {
      warnings.push(t('plan.groupWithoutProducts', cell.month, cell.group));
      continue;
    }
    const groupHistory = amounts.reduce((s, a) => s + a, 0);
    const equalWeights = groupHistory <= 0;
    const demandCell: DemandCell = { month: cell.month, planGroup: cell.group, planAmount: cell.amount, groupHistory, groupProducts: list.length, equalWeights };
    cells.set(`${cell.month}|${cell.group}`, demandCell);
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      const price = prices[i]!;
      const { weight, amount, qty } = demandShare(demandCell, amounts[i]!, price.value);
      if (!(price.value > 0) && amount !== 0 && !noPrice.has(p.sku)) {
        noPrice.add(p.sku);
        warnings.push(t('plan.noPrice', p.sku));
      }
      rows.push({ sku: p.sku, group: cell.group, month: cell.month, amount, qty, weight, unitPrice: price.value });
    }
  }
  return { rows, cells, unitPrices, warnings };
}
