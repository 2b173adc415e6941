// SPEC §9 negotiations: the negotiations dated in [from, to] by template or manager — how many,
// the share of each result, and per checklist item the share of `yes`. Two kinds of rows
// (Table.sectionBy): `results` (one per template or manager) and `items` (one per checklist item).
import { negotiationData, type NegotiationItemRow, type NegotiationRow } from '../db/crmQueries.js';
import type { Db } from '../db/connection.js';
import { column, type Row, type Table } from '../io/table.js';
import { percentOf } from './ratios.js';
import type { ReportOptions, ReportResult } from './types.js';

export const RESULTS = ['agreed', 'postponed', 'refused'] as const;

export interface NegotiationsInput {
  negotiations: NegotiationRow[];
  items: NegotiationItemRow[];
  by: 'template' | 'manager';
}

const NO_MANAGER = '(no manager)';

/**
 * results: negotiations, agreed, postponed, refused, no_result (not yet known) and each
 * result's share of the negotiations. items: answered = negotiations with an outcome for the
 * item, yes / partly / no, yes_pct = yes / answered × 100 (an item left blank is not a no).
 */
export function negotiationsTable(input: NegotiationsInput): Table {
  const keyOf = (n: NegotiationRow) => (input.by === 'template' ? n.template : (n.manager ?? '\u0000'));
  const groups = new Map<string, { names: Row; counts: Record<string, number>; total: number }>();
  for (const n of input.negotiations) {
    const key = keyOf(n);
    let g = groups.get(key);
    if (!g) {
      const names: Row = input.by === 'template' ? { template: n.template } : { manager: n.manager, name: n.manager === null ? NO_MANAGER : n.managerName };
      groups.set(key, (g = { names, counts: {}, total: 0 }));
    }
    g.total++;
    const result = n.result ?? 'none';
    g.counts[result] = (g.counts[result] ?? 0) + 1;
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const resultRow = (names: Row, total: number, counts: Record<string, number>): Row => ({
    section: 'results',
    ...names,
    negotiations: total,
    agreed: counts.agreed ?? 0,
    postponed: counts.postponed ?? 0,
    refused: counts.refused ?? 0,
    no_result: counts.none ?? 0,
    agreed_pct: percentOf(counts.agreed ?? 0, total),
    postponed_pct: percentOf(counts.postponed ?? 0, total),
    refused_pct: percentOf(counts.refused ?? 0, total),
  });
  const rows: Row[] = [...groups.entries()].sort(([a], [b]) => order(a, b)).map(([, g]) => resultRow(g.names, g.total, g.counts));

  // the checklist: per group, template and item
  const byNo = new Map(input.negotiations.map((n) => [n.negotiationNo, n]));
  const items = new Map<string, { group: string; names: Row; template: string; position: number | null; item: string; yes: number; partly: number; no: number }>();
  for (const i of input.items) {
    const n = byNo.get(i.negotiationNo);
    if (!n) continue;
    const group = keyOf(n);
    const key = `${group}\u0001${n.template}\u0001${i.item}`;
    let it = items.get(key);
    if (!it) items.set(key, (it = { group, names: groups.get(group)!.names, template: n.template, position: i.position, item: i.item, yes: 0, partly: 0, no: 0 }));
    if (i.outcome === 'yes') it.yes++;
    else if (i.outcome === 'partly') it.partly++;
    else it.no++;
  }
  const itemRows = [...items.entries()]
    .sort(([, a], [, b]) => order(a.group, b.group) || order(a.template, b.template) || (a.position ?? 1e9) - (b.position ?? 1e9) || order(a.item, b.item))
    .map(([, it]) => {
      const answered = it.yes + it.partly + it.no;
      return { section: 'items', ...it.names, template: it.template, position: it.position, item: it.item, answered, yes: it.yes, partly: it.partly, no: it.no, yes_pct: percentOf(it.yes, answered) };
    });
  const all: Record<string, number> = {};
  for (const g of groups.values()) for (const [k, v] of Object.entries(g.counts)) all[k] = (all[k] ?? 0) + v;
  const { section: _section, ...totals } = resultRow({}, input.negotiations.length, all);
  return {
    name: 'negotiations',
    sectionBy: 'section',
    columns: [
      column('section'),
      ...(input.by === 'template' ? [column('template')] : [column('manager'), column('name'), column('template')]),
      column('negotiations', 'int'), column('agreed', 'int'), column('postponed', 'int'), column('refused', 'int'), column('no_result', 'int'),
      column('agreed_pct', 'percent'), column('postponed_pct', 'percent'), column('refused_pct', 'percent'),
      column('position', 'int'), column('item'), column('answered', 'int'), column('yes', 'int'), column('partly', 'int'), column('no', 'int'), column('yes_pct', 'percent'),
    ],
    rows: [...rows, ...itemRows],
    totals,
    headlines: [column('negotiations', 'int'), column('agreed_pct', 'percent'), column('postponed_pct', 'percent'), column('refused_pct', 'percent')],
  };
}

export async function negotiationsReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const data = await negotiationData(db, opts.from, opts.to);
  const negotiations = data.negotiations.filter((n) => (opts.client === undefined || n.client === opts.client) && (opts.manager === undefined || n.manager === opts.manager));
  return { table: negotiationsTable({ negotiations, items: data.items, by: opts.by === 'manager' ? 'manager' : 'template' }) };
}
