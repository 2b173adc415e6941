// SPEC §4.4 Cash from clients. The money of each sales-plan row (group g, month m) is spread
// evenly over the days of m; client c's share — its part of the history amount of g and its
// descendants (all history when g has none; one bucket with deferral 0 when there is no
// history at all) — is received deferral_c days after each day. Plus open receivables at
// `from` (oldest shipments paid first), at their due dates; overdue ones on the 1st of `from`.
import { pushTo } from '../util/multimap.js';
import { addMonths, dayNumber, daysInMonth, firstDay, isoOfDay, monthOf } from './calendar.js';
import { GroupTree } from './groupTree.js';
import { openItems } from './openItems.js';
import type { CashInRow, ClientGroupHistory, ClientInput, DueDocument, GroupInput, PartyPaid, SalesPlanCell } from './types.js';

/** Client shares of a group, collapsed to deferral buckets: deferral days → share. */
export type DeferralMix = Map<number, number>;

export function clientMix(
  group: string,
  tree: GroupTree,
  history: ClientGroupHistory[] | Map<string, ClientGroupHistory[]>,
  deferralOf: Map<string, number>,
): DeferralMix {
  const byGroup = history instanceof Map ? history : historyByGroup(history);
  const inGroup = [...tree.descendants(group)].flatMap((g) => byGroup.get(g) ?? []);
  const bucket = (rows: ClientGroupHistory[]): DeferralMix | undefined => {
    const total = rows.reduce((s, r) => s + Math.max(0, r.amount), 0);
    if (total <= 0) return undefined;
    const mix: DeferralMix = new Map();
    for (const r of rows) {
      if (r.amount <= 0) continue;
      const d = deferralOf.get(r.client) ?? 0;
      mix.set(d, (mix.get(d) ?? 0) + r.amount / total);
    }
    return mix;
  };
  return bucket(inGroup) ?? bucket([...byGroup.values()].flat()) ?? new Map([[0, 1]]);
}

export function historyByGroup(history: ClientGroupHistory[]): Map<string, ClientGroupHistory[]> {
  const out = new Map<string, ClientGroupHistory[]>();
  for (const h of history) pushTo(out, h.group, h);
  return out;
}

/** Money spread evenly over the days of `month`, each day's part received `deferral` days later: by receipt month. */
export function spreadMonth(month: string, amount: number, deferral: number): Map<string, number> {
  const days = daysInMonth(month);
  const daily = amount / days;
  // the days first..last land in at most a few months: count them month by month
  let day = dayNumber(firstDay(month)) + deferral;
  const last = day + days - 1;
  const out = new Map<string, number>();
  while (day <= last) {
    const m = monthOf(isoOfDay(day));
    const next = dayNumber(firstDay(addMonths(m, 1)));
    const count = Math.min(last + 1, next) - day;
    out.set(m, (out.get(m) ?? 0) + daily * count);
    day += count;
  }
  return out;
}

export function computeCashIn(
  from: string,
  salesPlan: SalesPlanCell[],
  groups: GroupInput[],
  history: ClientGroupHistory[],
  clients: ClientInput[],
  shipmentsBeforeFrom: DueDocument[],
  paidBeforeFrom: PartyPaid[],
): { rows: CashInRow[]; openReceivables: DueDocument[] } {
  const tree = new GroupTree(groups);
  const deferralOf = new Map(clients.map((c) => [c.code, c.deferralDays]));
  const byGroup = historyByGroup(history);
  const mixes = new Map<string, DeferralMix>();
  const totals = new Map<string, CashInRow>();
  const add = (row: CashInRow) => {
    const k = `${row.month}|${row.source}|${row.group ?? ''}|${row.client ?? ''}`;
    const t = totals.get(k);
    if (t) t.amount += row.amount;
    else totals.set(k, { ...row });
  };
  for (const cell of salesPlan) {
    if (cell.amount === 0) continue;
    let mix = mixes.get(cell.group);
    if (!mix) {
      mix = clientMix(cell.group, tree, byGroup, deferralOf);
      mixes.set(cell.group, mix);
    }
    for (const [deferral, share] of mix) {
      for (const [month, amount] of spreadMonth(cell.month, cell.amount * share, deferral)) add({ month, amount, source: 'plan', group: cell.group });
    }
  }
  const fromDay = firstDay(from);
  const openReceivables = openItems(shipmentsBeforeFrom, paidBeforeFrom);
  for (const d of openReceivables) {
    const overdue = d.dueDate < fromDay;
    add({ month: overdue ? from : monthOf(d.dueDate), amount: d.amount, source: overdue ? 'overdue' : 'open_receivables', client: d.party });
  }
  const rows = [...totals.values()].sort((a, b) => (a.month === b.month ? (a.source < b.source ? -1 : 1) : a.month < b.month ? -1 : 1));
  return { rows, openReceivables };
}

