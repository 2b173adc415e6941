// The chart of a report's HTML page (SPEC §10), declared in its definition and drawn from
// the report's own (long) table, so the picture and the table can never disagree.
import type { ChartData, ChartSeries } from '../io/render/svg.js';
import { columnTitle, type Row, type Table } from '../io/table.js';
import { monthTitle, titleOf } from './titles.js';

/**
 * What a report draws:
 * - `plan-fact`: plan and fact bars by month with the cumulative plan and fact as lines — of the
 *   sales plan's top groups, else the managers' revenue, else cash in;
 * - `by-month`: Σ of each `values` column per month (bars side by side);
 * - `by`: Σ `value` per `category` (the largest first, or in row order: a funnel's stages),
 *   at most `limit` bars and the rest as one;
 * - `totals`: the totals row's `columns` as bars (the ageing buckets of receivables);
 * - `funnel`: a bar per stage in the table's order (channel by channel), the deals that reached
 *   it beside those in it now — the stages named with their channel when there are several.
 */
// Every chart's words are in its report's definition (the title; plan-fact one per plan it may
// draw) or in titles.ts (series, categories): the places a translation fills.
export type ChartSpec =
  | { kind: 'plan-fact'; titles: { sales: string; managers: string; cash_in: string } }
  | { kind: 'by-month'; values: string[]; title: string }
  | { kind: 'by'; category: string; value: string; title: string; order?: 'value' | 'rows'; limit?: number; horizontal?: boolean }
  | { kind: 'totals'; columns: string[]; title: string; horizontal?: boolean }
  | { kind: 'funnel'; title: string };

/** Months along an axis: the year on the first and on January only (Nov 2026, Dec, Jan 2027). */
export function monthLabels(months: string[]): string[] {
  return months.map((m, i) => (i === 0 || m.endsWith('-01') ? monthTitle(m) : monthTitle(m).slice(0, 3)));
}

/** Money is drawn in roubles; a chart mixes no kinds. */
const major = (kind: string, v: number) => (kind === 'money' ? v / 100 : v);

function unitOf(kind: string): ChartData['unit'] {
  return kind === 'money' ? 'money' : kind === 'percent' ? 'percent' : 'number';
}

function cumulative(values: (number | null)[]): (number | null)[] {
  let sum = 0;
  return values.map((v) => (sum += v ?? 0));
}

function planFactChart(table: Table, parents: Map<string, string | null> | undefined, titles: { sales: string; managers: string; cash_in: string }): ChartData {
  const sales = table.rows.filter((r) => r.section === 'sales');
  let rows: Row[];
  let title: string;
  if (sales.length > 0) {
    // the top groups of those shown: their rows already hold their descendants
    const shown = new Set(sales.map((r) => String(r.group)));
    rows = sales.filter((r) => {
      const parent = parents?.get(String(r.group)) ?? null;
      return parent === null || !shown.has(parent);
    });
    title = titles.sales;
  } else if (table.rows.some((r) => r.section === 'managers' && r.indicator === 'revenue')) {
    rows = table.rows.filter((r) => r.section === 'managers' && r.indicator === 'revenue');
    title = titles.managers;
  } else {
    rows = table.rows.filter((r) => r.section === 'cash_in');
    title = titles.cash_in;
  }
  const months = [...new Set(rows.map((r) => String(r.month)))].sort();
  // added up in kopecks (exact), drawn in roubles
  const sum = (key: string) => months.map((m) => major('money', rows.filter((r) => r.month === m).reduce((s, r) => s + Number(r[key] ?? 0), 0)));
  const plan = sum('plan');
  const fact = sum('fact');
  return {
    title,
    categories: monthLabels(months),
    keys: months,
    bars: [
      { key: 'plan', title: titleOf('plan'), values: plan },
      { key: 'fact', title: titleOf('fact'), values: fact },
    ],
    lines: months.length > 0 ? [
      { key: 'cumulative_plan', title: titleOf('cumulative_plan'), values: cumulative(plan) },
      { key: 'cumulative_fact', title: titleOf('cumulative_fact'), values: cumulative(fact) },
    ] : [],
    unit: 'money',
  };
}

/** The chart a spec draws from a report's table; undefined when the table lacks its columns. */
export function chartOf(spec: ChartSpec, table: Table, parents?: Map<string, string | null>): ChartData | undefined {
  const column = (key: string) => table.columns.find((c) => c.key === key) ?? table.headlines?.find((c) => c.key === key);
  switch (spec.kind) {
    case 'plan-fact':
      return planFactChart(table, parents, spec.titles);
    case 'by-month': {
      const columns = spec.values.map(column);
      if (columns.some((c) => c === undefined)) return undefined;
      const months = [...new Set(table.rows.map((r) => String(r.month)))].sort();
      const bars: ChartSeries[] = columns.map((c) => ({
        key: c!.key,
        title: columnTitle(c!),
        values: months.map((m) => major(c!.kind, table.rows.filter((r) => r.month === m).reduce((s, r) => s + Number(r[c!.key] ?? 0), 0))),
      }));
      return { title: spec.title, categories: monthLabels(months), keys: months, bars, unit: unitOf(columns[0]!.kind) };
    }
    case 'by': {
      const category = column(spec.category);
      const value = column(spec.value);
      if (!category || !value) return undefined;
      // a code with its name where the table has them side by side (G111 Кабель ВВГ)
      const at = table.columns.indexOf(category);
      const named = table.columns.some((c) => c.key === `${category.key}_name`) ? `${category.key}_name` : table.columns[at + 1]?.key === 'name' ? 'name' : undefined;
      const sums = new Map<string, number>();
      for (const r of table.rows) {
        const code = r[category.key] === null || r[category.key] === undefined ? '—' : String(r[category.key]);
        const name = named ? r[named] : null;
        const k = name ? `${code} ${String(name)}` : code;
        sums.set(k, (sums.get(k) ?? 0) + Number(r[value.key] ?? 0));
      }
      let entries = [...sums];
      if ((spec.order ?? 'value') === 'value') entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const limit = spec.limit ?? 12;
      if (entries.length > limit) {
        const rest = entries.slice(limit - 1).reduce((s, [, v]) => s + v, 0);
        entries = [...entries.slice(0, limit - 1), [titleOf('other'), rest]];
      }
      return {
        title: spec.title,
        categories: entries.map(([k]) => k),
        bars: [{ key: value.key, title: columnTitle(value), values: entries.map(([, v]) => major(value.kind, v)) }],
        horizontal: spec.horizontal ?? true,
        unit: unitOf(value.kind),
      };
    }
    case 'funnel': {
      const reached = column('reached');
      const current = column('current');
      if (!reached || !current || !column('stage')) return undefined;
      const channels = new Set(table.rows.map((r) => String(r.channel ?? '')));
      const label = (r: Row) => (channels.size > 1 ? `${String(r.channel)}: ${String(r.stage)}` : String(r.stage));
      return {
        title: spec.title,
        categories: table.rows.map(label),
        keys: table.rows.map((r) => `${String(r.channel ?? '')}/${String(r.stage)}`),
        bars: [reached, current].map((c) => ({ key: c.key, title: columnTitle(c), values: table.rows.map((r) => (typeof r[c.key] === 'number' ? (r[c.key] as number) : null)) })),
        horizontal: true,
        unit: 'number',
      };
    }
    case 'totals': {
      const columns = spec.columns.map(column);
      if (columns.some((c) => c === undefined)) return undefined;
      const totals = table.totals ?? {};
      const anything = table.rows.length > 0;
      return {
        title: spec.title,
        categories: anything ? columns.map((c) => columnTitle(c!)) : [],
        bars: [{ key: 'total', title: titleOf('total'), values: columns.map((c) => (typeof totals[c!.key] === 'number' ? major(c!.kind, totals[c!.key] as number) : null)) }],
        horizontal: spec.horizontal ?? false,
        unit: unitOf(columns[0]!.kind),
      };
    }
  }
}
