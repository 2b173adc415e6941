// The month-columns layout (SPEC §10, hledger's budget report is the model): rows are the
// report's dimension — the group tree indented with subtotals, managers, suppliers —, columns
// are the months and the period's total, each month showing the measures asked for
// (`--show`). Built from the long rows of a report (one row per month), so both layouts
// always hold the same numbers. Pure.
import type { ColumnKind, Row, RowStyle, Table, TableColumn } from '../io/table.js';
import { monthTitle, titleOf } from './titles.js';

/** How the period column aggregates a row's months. */
export type PeriodAggregate = 'sum' | 'last' | 'none';

/** One part of the layout: a plan-fact section, or the whole sales report. */
export interface MonthBlock {
  /** The value of the table's section column for these rows (plan-fact), if any. */
  section?: string;
  /** The columns that identify a row (`group`; `manager`, `indicator`; none for one line). */
  dims: string[];
  /** The long rows: `month`, the dims and the base measures. */
  rows: Row[];
  /** The additive measures, read from the rows. */
  base: string[];
  /** Measures computed from the summed base ones (plan-fact: pct, deviation). */
  derive?: (values: Record<string, number>) => Record<string, number | null>;
  /**
   * The group tree when `dims` is `['group']`: rows are indented under their parents, a parent
   * is the subtotal of its children. `inclusive`: the rows of a parent already hold its
   * descendants (plan-fact rolls up); otherwise they hold the group's own products only (sales).
   */
  tree?: { parents: Map<string, string | null>; inclusive: boolean };
  /** How the period column aggregates a row: a level is its last month's, an average none. */
  period?: (row: Row) => PeriodAggregate;
  /** Add a total row (Σ of the top rows). */
  total?: boolean;
}

export interface MonthLayoutInput {
  name: string;
  months: string[];
  /** The measures a month shows, in order. */
  show: string[];
  blocks: MonthBlock[];
  /** The long table: its dimension columns, measure kinds and per-cell kinds are reused. */
  long: Table;
}

/** Below this, a difference of sums is rounding noise (values are kopecks). */
const EPSILON = 1e-6;

type Values = Map<string, Record<string, number>>; // month → base measure → value

function addInto(into: Values, from: Values): void {
  for (const [month, v] of from) {
    const at = into.get(month) ?? {};
    for (const [k, x] of Object.entries(v)) at[k] = (at[k] ?? 0) + x;
    into.set(month, at);
  }
}

function minus(a: Values, b: Values): Values {
  const out: Values = new Map([...a].map(([m, v]) => [m, { ...v }]));
  for (const [month, v] of b) {
    const at = out.get(month) ?? {};
    for (const [k, x] of Object.entries(v)) at[k] = (at[k] ?? 0) - x;
    out.set(month, at);
  }
  return out;
}

const isZero = (v: Values) => [...v.values()].every((r) => Object.values(r).every((x) => Math.abs(x) < EPSILON));

export const PERIOD_KEY = 'total';

/**
 * The layout: one row per dimension value (a tree when the block has one), months × `show`
 * columns, then the period's total; `trend` lists the columns a sparkline is drawn from.
 */
export function monthLayout(input: MonthLayoutInput): Table {
  const { months, show, long } = input;
  const longColumn = new Map(long.columns.map((c) => [c.key, c]));
  const styles = new Map<Row, RowStyle>();
  const rows: Row[] = [];
  let grandTotal: Row | undefined;
  const dimsUsed = new Set<string>();
  const sectionKey = long.sectionBy;

  for (const block of input.blocks) {
    block.dims.forEach((d) => dimsUsed.add(d));
    const identity = (r: Row) => block.dims.map((d) => String(r[d] ?? '')).join('\u0000');
    // the values of each row of the block, by month
    const byRow = new Map<string, { dims: Row; values: Values }>();
    for (const r of block.rows) {
      const id = identity(r);
      let entry = byRow.get(id);
      if (!entry) byRow.set(id, (entry = { dims: Object.fromEntries(block.dims.map((d) => [d, r[d] ?? null])), values: new Map() }));
      const v: Record<string, number> = {};
      for (const m of block.base) if (typeof r[m] === 'number') v[m] = r[m] as number;
      addInto(entry.values, new Map([[String(r.month), v]]));
    }
    const cells = (dims: Row, values: Values, style: RowStyle): Row => {
      const row: Row = { ...(block.section !== undefined && sectionKey ? { [sectionKey]: block.section } : {}), ...dims };
      const aggregate = block.period?.(row) ?? 'sum';
      const measures = (v: Record<string, number> | undefined): Record<string, number | null> => {
        if (!v) return {};
        return { ...v, ...(block.derive?.(v) ?? {}) };
      };
      for (const month of months) {
        const m = measures(values.get(month));
        for (const s of show) row[`${month}_${s}`] = m[s] ?? null;
      }
      let period: Record<string, number> | undefined;
      if (aggregate === 'sum') {
        const present = months.filter((m) => values.has(m));
        if (present.length > 0) {
          period = {};
          for (const month of present) for (const [k, x] of Object.entries(values.get(month)!)) period[k] = (period[k] ?? 0) + x;
        }
      } else if (aggregate === 'last') {
        const last = [...months].reverse().find((m) => values.has(m));
        period = last ? values.get(last) : undefined;
      }
      const p = measures(period);
      for (const s of show) row[`${PERIOD_KEY}_${s}`] = p[s] ?? null;
      styles.set(row, style);
      return row;
    };

    let total: Values | undefined;
    if (block.tree && block.dims.length === 1) {
      const dim = block.dims[0]!;
      const parents = block.tree.parents;
      const given = new Map([...byRow.values()].map((e) => [String(e.dims[dim]), e.values]));
      // shown: every group with rows and (for own values) its ancestors
      const shown = new Set(given.keys());
      if (!block.tree.inclusive) {
        for (const g of [...shown]) for (let p = parents.get(g) ?? null; p !== null && !shown.has(p); p = parents.get(p) ?? null) shown.add(p);
      }
      const children = new Map<string, string[]>();
      const roots: string[] = [];
      for (const g of [...shown].sort()) {
        const p = parents.get(g) ?? null;
        if (p !== null && shown.has(p)) children.set(p, [...(children.get(p) ?? []), g]);
        else roots.push(g);
      }
      // inclusive and own values of every shown group
      const inclusive = new Map<string, Values>();
      const own = new Map<string, Values>();
      const visit = (g: string): Values => {
        const kids = (children.get(g) ?? []).map(visit);
        const sumKids: Values = new Map();
        for (const k of kids) addInto(sumKids, k);
        let incl: Values;
        if (block.tree!.inclusive) {
          incl = given.get(g) ?? sumKids;
          own.set(g, minus(incl, sumKids));
        } else {
          own.set(g, given.get(g) ?? new Map());
          incl = new Map();
          addInto(incl, own.get(g)!);
          addInto(incl, sumKids);
        }
        inclusive.set(g, incl);
        return incl;
      };
      roots.forEach(visit);
      const emit = (g: string, depth: number) => {
        const kids = children.get(g) ?? [];
        rows.push(cells({ [dim]: g }, inclusive.get(g)!, { depth, strong: kids.length > 0 }));
        for (const k of kids) emit(k, depth + 1);
        // what the parent holds beyond its children: its own products, or groups not shown
        if (kids.length > 0 && !isZero(own.get(g)!)) rows.push(cells({ [dim]: titleOf('other') }, own.get(g)!, { depth: depth + 1 }));
      };
      roots.forEach((g) => emit(g, 0));
      if (block.total) {
        total = new Map();
        for (const g of roots) addInto(total, inclusive.get(g)!);
      }
    } else {
      const entries = [...byRow.values()].sort((a, b) => (identityOf(a.dims, block.dims) < identityOf(b.dims, block.dims) ? -1 : 1));
      for (const e of entries) rows.push(cells(e.dims, e.values, { depth: 0 }));
      if (block.total) {
        total = new Map();
        for (const e of entries) addInto(total, e.values);
      }
    }
    // no rows: no total row either (an empty period says so instead of a row of blanks)
    if (total && byRow.size > 0) {
      // a section's total row names itself; the table's totals row is named by the renderers
      const label = block.dims.length > 0 && block.section !== undefined ? { [block.dims[0]!]: titleOf('total') } : {};
      const row = cells(label, total, { strong: true });
      // one block: the table's totals row; a section's total is its last row
      if (block.section === undefined) grandTotal = row;
      else rows.push(row);
    }
  }

  const monthColumns: TableColumn[] = [];
  const bandOf = (title: string) => (show.length > 1 ? { band: title } : {});
  const measureTitle = (s: string, over: string) => (show.length > 1 ? titleOf(s) : over);
  const measureKind = (s: string): ColumnKind => longColumn.get(s)?.kind ?? 'number';
  for (const month of months) {
    for (const s of show) monthColumns.push({ key: `${month}_${s}`, header: `${month}_${s}`, kind: measureKind(s), title: measureTitle(s, monthTitle(month)), ...bandOf(monthTitle(month)) });
  }
  const periodTitle = months.length > 0 && months[0]!.endsWith('-01') && months.every((m) => m.slice(0, 4) === months[0]!.slice(0, 4)) ? titleOf('ytd') : titleOf('total');
  for (const s of show) monthColumns.push({ key: `${PERIOD_KEY}_${s}`, header: `${PERIOD_KEY}_${s}`, kind: measureKind(s), title: measureTitle(s, periodTitle), ...bandOf(periodTitle) });
  // a sparkline of the % where shown, else of the first measure
  const sparked = show.includes('pct') ? 'pct' : show[0];
  const dimColumns = long.columns.filter((c) => (c.key === sectionKey && input.blocks.some((b) => b.section !== undefined)) || dimsUsed.has(c.key));
  return {
    name: input.name,
    columns: [...dimColumns, ...monthColumns],
    rows,
    ...(grandTotal ? { totals: grandTotal } : {}),
    ...(long.sectionBy && input.blocks.some((b) => b.section !== undefined) ? { sectionBy: long.sectionBy } : {}),
    cellKind: long.cellKind,
    style: (row) => styles.get(row),
    ...(sparked && months.length > 1 ? { trend: months.map((m) => `${m}_${sparked}`) } : {}),
  };
}

function identityOf(dims: Row, keys: string[]): string {
  return keys.map((k) => String(dims[k] ?? '')).join('\u0000');
}
