// SPEC §6 plan-fact, for the sales plan (by group, rolled up the hierarchy) and the manager
// plan (managers × indicators): plan, fact, deviation = fact − plan, pct = fact / plan × 100.
// The month of `--as-of` compares fact to date with a pro-rata plan (plan × elapsed days /
// days of month); later months are not shown. `remaining` = the year's plan − fact so far.
import type { Db } from '../db/connection.js';
import {
  groupParents,
  managerFacts,
  managerPlanCells,
  planVersionFor,
  productGroupsBySku,
  runCovering,
  runFacts,
  runPlans,
  salesFactsByGroup,
  salesPlanCells,
  type MoneyCell,
} from '../db/reportQueries.js';
import { stockAt } from '../db/stock.js';
import { UsageError } from '../errors.js';
import type { ColumnKind, Row, Table, TableColumn } from '../io/table.js';
import { AVERAGE_INDICATORS, COUNT_INDICATORS } from '../model/entities.js';
import { addMonths, daysInMonth, lastDay, monthRange, monthsOf } from '../planning/calendar.js';
import { GroupTree } from '../planning/groupTree.js';
import type { ReportOptions } from './types.js';
import type { ReportResult } from './types.js';
import { monthLayout, type MonthBlock } from './months.js';
import { percentOf } from './ratios.js';
import { t } from '../i18n/index.js';

const YTD_COLUMNS: TableColumn[] = [
  { key: 'ytd_plan', header: 'ytd plan', kind: 'money' },
  { key: 'ytd_fact', header: 'ytd fact', kind: 'money' },
  { key: 'ytd_deviation', header: 'ytd deviation', kind: 'money' },
  { key: 'ytd_pct', header: 'ytd %', kind: 'percent' },
];

/** A count indicator's plan, fact and deviation are numbers, not money. */
const cellKind = (row: Row, column: TableColumn): ColumnKind =>
  column.kind === 'money' && row.section === 'managers' && COUNT_INDICATORS.has(String(row.indicator)) ? 'number' : column.kind;

/** Plan for a month as of `asOf`: whole for past months, pro-rata for the current one. */
export function proRata(plan: number, month: string, asOf: string): number {
  const current = asOf.slice(0, 7);
  if (month < current) return plan;
  if (month > current) return 0;
  return (plan * Number(asOf.slice(8, 10))) / daysInMonth(month);
}


export interface SalesPlanFactInput {
  months: string[];
  asOf: string;
  groups: { code: string; parent: string | null }[];
  plan: { group: string; month: string; amount: number }[];
  /** The whole year's plan by group, for `remaining` and the year-to-date columns. */
  yearPlan: { group: string; month: string; amount: number }[];
  /** Facts from January 1 of the year to `asOf`. */
  facts: { group: string; month: string; amount: number }[];
  cumulative: boolean;
}

/** Sales rows: every planned group and its ancestors (roll-up), months up to `asOf`. */
export function salesPlanFact(input: SalesPlanFactInput): Row[] {
  const tree = new GroupTree(input.groups);
  const shown = new Set<string>();
  for (const c of input.yearPlan) for (const g of [c.group, ...tree.ancestors(c.group)]) shown.add(g);
  const sumBy = (cells: { group: string; month: string; amount: number }[]) => {
    const out = new Map<string, number>();
    for (const c of cells) for (const g of [c.group, ...tree.ancestors(c.group)]) out.set(`${g}|${c.month}`, (out.get(`${g}|${c.month}`) ?? 0) + c.amount);
    return out;
  };
  const plan = sumBy(input.plan);
  const yearPlan = sumBy(input.yearPlan);
  const facts = sumBy(input.facts);
  const current = input.asOf.slice(0, 7);
  const rows: Row[] = [];
  const year = input.asOf.slice(0, 4);
  const yearMonths = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  for (const group of [...shown].sort()) {
    const yearTotal = yearMonths.reduce((s, m) => s + (yearPlan.get(`${group}|${m}`) ?? 0), 0);
    const factToDate = yearMonths.filter((m) => m <= current).reduce((s, m) => s + (facts.get(`${group}|${m}`) ?? 0), 0);
    for (const month of input.months) {
      if (month > current) break;
      const p = proRata(plan.get(`${group}|${month}`) ?? 0, month, input.asOf);
      const f = facts.get(`${group}|${month}`) ?? 0;
      const row: Row = { section: 'sales', group, month, plan: p, fact: f, deviation: f - p, pct: percentOf(f, p) };
      if (input.cumulative) {
        // year to date: January to this month of the year
        const upTo = yearMonths.filter((m) => m <= month);
        const ytdPlan = upTo.reduce((s, m) => s + proRata(yearPlan.get(`${group}|${m}`) ?? 0, m, input.asOf), 0);
        const ytdFact = upTo.reduce((s, m) => s + (facts.get(`${group}|${m}`) ?? 0), 0);
        Object.assign(row, { ytd_plan: ytdPlan, ytd_fact: ytdFact, ytd_deviation: ytdFact - ytdPlan, ytd_pct: percentOf(ytdFact, ytdPlan) });
      }
      row.remaining = yearTotal - factToDate;
      rows.push(row);
    }
  }
  return rows;
}

type Facts = Awaited<ReturnType<typeof managerFacts>>;

/** Facts per manager, indicator and month: money in kopecks, counts as numbers. */
export function managerFactValues(f: Facts): Map<string, number> {
  const out = new Map<string, number>();
  // facts without a manager match no manager's plan (a plan is always a manager's)
  const set = (manager: string | null, indicator: string, month: string, value: number) => {
    if (manager !== null) out.set(`${manager}|${indicator}|${month}`, value);
  };
  for (const r of f.revenue) {
    set(r.manager, 'revenue', r.month, r.amount);
    set(r.manager, 'margin', r.month, r.amount - r.cost);
  }
  for (const r of f.orders) {
    set(r.manager, 'orders', r.month, r.orders);
    set(r.manager, 'avg_order', r.month, r.orders === 0 ? 0 : r.amount / r.orders);
  }
  for (const r of f.newClients) set(r.manager, 'new_clients', r.month, r.clients);
  for (const r of f.collected) set(r.manager, 'collected', r.month, r.amount);
  return out;
}

export function managersPlanFact(
  months: string[],
  asOf: string,
  plan: { manager: string; indicator: string; month: string; value: number }[],
  facts: Map<string, number>,
  cumulative = false,
): Row[] {
  const current = asOf.slice(0, 7);
  const rows: Row[] = [];
  // an average is not pro-rated: it is the same whatever part of the month has passed
  const planned = (c: { indicator: string; month: string; value: number }) => (AVERAGE_INDICATORS.has(c.indicator) ? c.value : proRata(c.value, c.month, asOf));
  const byCell = new Map<string, { indicator: string; month: string; value: number }[]>();
  for (const c of plan) {
    const k = `${c.manager}|${c.indicator}`;
    byCell.set(k, [...(byCell.get(k) ?? []), c]);
  }
  for (const c of plan) {
    if (!months.includes(c.month) || c.month > current) continue;
    const p = planned(c);
    const f = facts.get(`${c.manager}|${c.indicator}|${c.month}`) ?? 0;
    const row: Row = { section: 'managers', manager: c.manager, indicator: c.indicator, month: c.month, plan: p, fact: f, deviation: f - p, pct: percentOf(f, p) };
    if (cumulative) {
      // year to date: January to this month; an average has no year-to-date sum
      const upTo = (byCell.get(`${c.manager}|${c.indicator}`) ?? []).filter((x) => x.month.slice(0, 4) === c.month.slice(0, 4) && x.month <= c.month);
      if (AVERAGE_INDICATORS.has(c.indicator)) Object.assign(row, { ytd_plan: null, ytd_fact: null, ytd_deviation: null, ytd_pct: null });
      else {
        const ytdPlan = upTo.reduce((sum, x) => sum + planned(x), 0);
        let ytdFact = 0;
        for (let m = `${c.month.slice(0, 4)}-01`; m <= c.month; m = addMonths(m, 1)) ytdFact += facts.get(`${c.manager}|${c.indicator}|${m}`) ?? 0;
        Object.assign(row, { ytd_plan: ytdPlan, ytd_fact: ytdFact, ytd_deviation: ytdFact - ytdPlan, ytd_pct: percentOf(ytdFact, ytdPlan) });
      }
    }
    rows.push(row);
  }
  return rows;
}

/**
 * The headline figures of plan-fact (SPEC §6): per section the plan, fact and % over the
 * period — sales over the top-level groups (their rows hold their descendants), the manager
 * plan's revenue, stock at its last month (a level), order cash as money in − money out.
 */
export function sectionTotals(rows: Row[], groups: { code: string; parent: string | null }[]): Pick<Table, 'headlines' | 'totals'> {
  const top = new Set(groups.filter((g) => g.parent === null).map((g) => g.code));
  const lastInventory = rows.filter((r) => r.section === 'inventory').reduce((m, r) => (String(r.month) > m ? String(r.month) : m), '');
  const pick: [string, (r: Row) => number | null][] = [
    ['sales', (r) => (r.section === 'sales' && top.has(String(r.group)) ? 1 : null)],
    ['managers_revenue', (r) => (r.section === 'managers' && r.indicator === 'revenue' ? 1 : null)],
    ['cash_in', (r) => (r.section === 'cash_in' ? 1 : null)],
    ['inventory', (r) => (r.section === 'inventory' && r.month === lastInventory ? 1 : null)],
    ['purchases', (r) => (r.section === 'purchases' ? 1 : null)],
    ['supplier_payments', (r) => (r.section === 'supplier_payments' ? 1 : null)],
    ['order_cash_net', (r) => (r.section === 'order_cash' ? (r.direction === 'out' ? -1 : 1) : null)],
  ];
  const headlines: TableColumn[] = [];
  const totals: Row = {};
  for (const [name, sign] of pick) {
    const of = rows.map((r) => [r, sign(r)] as const).filter(([, k]) => k !== null);
    if (of.length === 0) continue;
    const plan = of.reduce((sum, [r, k]) => sum + k! * Number(r.plan ?? 0), 0);
    const fact = of.reduce((sum, [r, k]) => sum + k! * Number(r.fact ?? 0), 0);
    headlines.push({ key: `${name}_plan`, header: `${name}_plan`, kind: 'money' }, { key: `${name}_fact`, header: `${name}_fact`, kind: 'money' }, { key: `${name}_pct`, header: `${name}_pct`, kind: 'percent' });
    Object.assign(totals, { [`${name}_plan`]: plan, [`${name}_fact`]: fact, [`${name}_pct`]: percentOf(fact, plan) });
  }
  return headlines.length > 0 ? { headlines, totals } : {};
}

const RUN_SECTIONS = ['cash_in', 'inventory', 'purchases', 'supplier_payments', 'order_cash'] as const;
const DIMENSION: Record<(typeof RUN_SECTIONS)[number], string | null> = {
  cash_in: null,
  inventory: 'group',
  purchases: 'supplier',
  supplier_payments: 'supplier',
  order_cash: 'direction',
};

/**
 * The money plans of a plan run against their facts: cash in (client payments), inventory
 * (stock value at the end of the month, by group), purchases (receipts), supplier payments,
 * order cash (payments against orders). Flows are pro-rated in the current month; stock is a
 * level, so the month's plan is compared with the stock of `--as-of`.
 */
export function runPlanFact(
  months: string[],
  asOf: string,
  plans: Record<(typeof RUN_SECTIONS)[number], MoneyCell[]>,
  facts: Record<(typeof RUN_SECTIONS)[number], MoneyCell[]>,
): Row[] {
  const current = asOf.slice(0, 7);
  const rows: Row[] = [];
  const sum = (cells: MoneyCell[]) => {
    const out = new Map<string, number>();
    for (const c of cells) out.set(`${c.key ?? ''}|${c.month}`, (out.get(`${c.key ?? ''}|${c.month}`) ?? 0) + c.amount);
    return out;
  };
  for (const section of RUN_SECTIONS) {
    const plan = sum(plans[section]);
    const fact = sum(facts[section]);
    const keys = [...new Set([...plan.keys(), ...fact.keys()].map((k) => k.split('|')[0]!))].sort();
    for (const key of keys) {
      for (const month of months) {
        if (month > current) break;
        const whole = plan.get(`${key}|${month}`);
        const f = fact.get(`${key}|${month}`) ?? 0;
        if (whole === undefined && f === 0) continue;
        const p = section === 'inventory' ? (whole ?? 0) : proRata(whole ?? 0, month, asOf);
        const dimension = DIMENSION[section];
        rows.push({ section, ...(dimension ? { [dimension]: key || null } : {}), month, plan: p, fact: f, deviation: f - p, pct: percentOf(f, p) });
      }
    }
  }
  return rows;
}

/** How each plan's rows are laid out in month columns: what names a row, what adds up. */
const MONTH_BLOCKS: Record<string, Pick<MonthBlock, 'dims' | 'total'> & { level?: boolean }> = {
  sales: { dims: ['group'], total: true },
  managers: { dims: ['manager', 'indicator'] },
  cash_in: { dims: [] },
  inventory: { dims: ['group'], total: true, level: true },
  purchases: { dims: ['supplier'], total: true },
  supplier_payments: { dims: ['supplier'], total: true },
  order_cash: { dims: ['direction'] },
};

/**
 * plan-fact as a budget (SPEC §10): per plan, rows = the group tree (subtotals = Σ children),
 * managers × indicators, suppliers …; columns = months × `show` (plan, fact, pct, deviation)
 * and the period's total, where % and deviation are of the summed plan and fact. A stock
 * level's total is its last month's; an average indicator has none.
 */
export function planFactMonths(long: Table, months: string[], show: string[], groups: { code: string; parent: string | null }[]): Table {
  const sections = [...new Set(long.rows.map((r) => String(r.section)))];
  const parents = new Map(groups.map((g) => [g.code, g.parent]));
  const blocks: MonthBlock[] = sections.map((section) => {
    const spec = MONTH_BLOCKS[section] ?? { dims: [] };
    return {
      section,
      dims: spec.dims,
      total: spec.total,
      rows: long.rows.filter((r) => r.section === section),
      base: ['plan', 'fact'],
      derive: (v) => ({ deviation: (v.fact ?? 0) - (v.plan ?? 0), pct: percentOf(v.fact ?? 0, v.plan ?? 0) }),
      ...(section === 'sales' ? { tree: { parents, inclusive: true } } : {}),
      period: (row) => (spec.level ? 'last' : section === 'managers' && AVERAGE_INDICATORS.has(String(row.indicator)) ? 'none' : 'sum'),
    };
  });
  return monthLayout({ name: long.name, months, show, blocks, long });
}

export async function planFactReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const from = opts.from;
  const to = opts.to;
  const months = monthsOf(from, to);
  const year = from.slice(0, 4);
  const factTo = to < opts.asOf ? to : opts.asOf;
  const sales = await planVersionFor(db, 'sales', opts.version, year);
  const managers = await planVersionFor(db, 'managers', opts.version, year);
  const covering = await runCovering(db, months[months.length - 1]!);
  if (!sales && !managers && !covering) throw new UsageError(t('usage.noPlanToCompare', opts.version));
  let rows: Row[] = [];
  const groupOnly = opts.groups;
  const groups = await groupParents(db);
  if (sales && opts.manager === undefined) {
    rows = salesPlanFact({
      months,
      asOf: opts.asOf,
      groups,
      plan: await salesPlanCells(db, sales.id, months[0]!, months[months.length - 1]!),
      yearPlan: await salesPlanCells(db, sales.id, `${year}-01`, `${year}-12`),
      facts: await salesFactsByGroup(db, `${year}-01-01`, factTo),
      cumulative: opts.cumulative,
    });
    if (groupOnly) rows = rows.filter((r) => groupOnly.has(String(r.group)));
  }
  if (managers && opts.group === undefined) {
    // facts and plan from January: the year-to-date columns need the months before the period
    const facts = managerFactValues(await managerFacts(db, opts.cumulative ? `${year}-01-01` : from, factTo));
    const plan = await managerPlanCells(db, managers.id, opts.cumulative ? `${year}-01` : months[0]!, months[months.length - 1]!);
    let m = managersPlanFact(months, opts.asOf, plan, facts, opts.cumulative);
    if (opts.manager !== undefined) m = m.filter((r) => r.manager === opts.manager);
    rows = rows.concat(m);
  }
  // the money plans of the newest run covering the period (inventory is by group: --group keeps it)
  const run = opts.manager === undefined ? covering : undefined;
  if (run) {
    const plans = await runPlans(db, run.id);
    const flows = await runFacts(db, from, factTo);
    // stock at the end of each month (at --as-of for the current one), valued at cost, by group
    const products = await productGroupsBySku(db);
    const inventory: MoneyCell[] = [];
    for (const month of months) {
      if (month > opts.asOf.slice(0, 7)) break;
      const end = lastDay(month);
      for (const s of await stockAt(db, end < opts.asOf ? end : opts.asOf)) {
        const p = products.get(s.sku);
        if (p && s.qty !== 0) inventory.push({ key: p.group, month, amount: s.qty * p.cost });
      }
    }
    // only the months the run plans: outside its horizon there is no plan to compare with
    const horizon = monthRange(run.from, run.months);
    let runRows = runPlanFact(months.filter((m) => horizon.includes(m)), opts.asOf, plans, { ...flows, inventory });
    if (groupOnly) runRows = runRows.filter((r) => r.section === 'inventory' && groupOnly.has(String(r.group)));
    rows = rows.concat(runRows);
  }
  const table: Table = {
    name: 'plan-fact',
    sectionBy: 'section',
    columns: [
      { key: 'section', header: 'plan', kind: 'text' },
      { key: 'group', header: 'group', kind: 'text' },
      { key: 'manager', header: 'manager', kind: 'text' },
      { key: 'indicator', header: 'indicator', kind: 'text' },
      { key: 'supplier', header: 'supplier', kind: 'text' },
      { key: 'direction', header: 'direction', kind: 'text' },
      { key: 'month', header: 'month', kind: 'month' },
      { key: 'plan', header: 'plan', kind: 'money' },
      { key: 'fact', header: 'fact', kind: 'money' },
      { key: 'deviation', header: 'deviation', kind: 'money' },
      { key: 'pct', header: '%', kind: 'percent' },
      ...(opts.cumulative ? YTD_COLUMNS : []),
      { key: 'remaining', header: 'remaining', kind: 'money' },
    ],
    rows,
    cellKind,
    ...sectionTotals(rows, groups),
  };
  const shownMonths = months.filter((m) => m <= opts.asOf.slice(0, 7));
  const note = rows.length === 0 ? `nothing planned for ${months[0]}..${months[months.length - 1]} up to ${opts.asOf} (sales v${sales?.number ?? '-'}, managers v${managers?.number ?? '-'}, plan run ${run?.id ?? '-'})` : undefined;
  return {
    table,
    extra: { sales_version: sales?.number ?? null, managers_version: managers?.number ?? null, plan_run: run?.id ?? null },
    note,
    months: (show) => planFactMonths(table, shownMonths, show, groups),
    groupParents: new Map(groups.map((g) => [g.code, g.parent])),
  };
}

