// SPEC §6 receivables-turnover. Per client over [a, b] (n days): revenue; the daily balance
// (shipments − payments up to the end of each day) split into receivables max(0, balance)
// and advances max(0, −balance), averaged over the n days; turnover and days; and what is
// unpaid at b (oldest shipments paid first), aged by days past its due date.
import { clientBalancesBefore, clientMovements, openDocuments } from '../db/balances.js';
import type { Db } from '../db/connection.js';
import { clientCards } from '../db/reportQueries.js';
import type { Row, Table } from '../io/table.js';
import { addDays, dayNumber } from '../planning/calendar.js';
import { openItems } from '../planning/openItems.js';
import type { DueDocument, PartyPaid } from '../planning/types.js';
import type { ReportOptions } from './types.js';
import type { ReportResult } from './types.js';
import { ratio } from './ratios.js';

export interface TurnoverInput {
  from: string;
  to: string;
  /** Balance at the end of the day before `from`, by client. */
  opening: Map<string, number>;
  /** Shipped and paid by client and day within [from, to]. */
  movements: { client: string; date: string; shipped: number; paid: number }[];
  /** Shipments and payments up to `to`, for oldest-first matching (see db/balances.ts). */
  documents: DueDocument[];
  paid: PartyPaid[];
}

export const AGE_BUCKETS = ['not_due', 'overdue_1_30', 'overdue_31_60', 'overdue_61_90', 'overdue_over_90'] as const;

export function ageBucket(daysLate: number): (typeof AGE_BUCKETS)[number] {
  if (daysLate <= 0) return 'not_due';
  if (daysLate <= 30) return 'overdue_1_30';
  if (daysLate <= 60) return 'overdue_31_60';
  if (daysLate <= 90) return 'overdue_61_90';
  return 'overdue_over_90';
}


/** The turnover figures of SPEC §6 from revenue and the daily averages over n days. */
function turnover(n: number, revenue: number, avgAr: number, avgAdv: number): Row {
  return {
    revenue,
    avg_receivables: avgAr,
    avg_advances: avgAdv,
    receivables_turnover: ratio(revenue, avgAr),
    dso_days: ratio(n * avgAr, revenue),
    advances_turnover: ratio(revenue, avgAdv),
    advances_days: ratio(n * avgAdv, revenue),
  };
}

export function computeTurnover(input: TurnoverInput, clients: string[]): { rows: Row[]; totals: Row } {
  const n = dayNumber(input.to) - dayNumber(input.from) + 1;
  const byClient = new Map<string, { date: string; shipped: number; paid: number }[]>();
  for (const m of input.movements) {
    const list = byClient.get(m.client);
    if (list) list.push(m);
    else byClient.set(m.client, [m]);
  }
  const open = openItems(input.documents, input.paid);
  const aging = new Map<string, Record<string, number>>();
  for (const d of open) {
    const a = aging.get(d.party) ?? Object.fromEntries(AGE_BUCKETS.map((k) => [k, 0]));
    a[ageBucket(dayNumber(input.to) - dayNumber(d.dueDate))]! += d.amount;
    aging.set(d.party, a);
  }
  const rows: Row[] = [];
  let totalRevenue = 0;
  let totalAr = 0;
  let totalAdv = 0;
  const totalAging: Record<string, number> = Object.fromEntries(AGE_BUCKETS.map((k) => [k, 0]));
  let totalEnd = 0;
  for (const client of clients) {
    let balance = input.opening.get(client) ?? 0;
    const moves = byClient.get(client) ?? [];
    let revenue = 0;
    let arDays = 0;
    let advDays = 0;
    // walk the n days; between movements the balance stays put
    let day = dayNumber(input.from);
    const last = dayNumber(input.to);
    for (const m of moves) {
      const d = dayNumber(m.date);
      arDays += Math.max(0, balance) * (d - day);
      advDays += Math.max(0, -balance) * (d - day);
      balance += m.shipped - m.paid;
      revenue += m.shipped;
      day = d;
    }
    arDays += Math.max(0, balance) * (last - day + 1);
    advDays += Math.max(0, -balance) * (last - day + 1);
    const avgAr = arDays / n;
    const avgAdv = advDays / n;
    if (revenue === 0 && avgAr === 0 && avgAdv === 0 && balance === 0) continue;
    const a = aging.get(client) ?? Object.fromEntries(AGE_BUCKETS.map((k) => [k, 0]));
    const end = Math.max(0, balance);
    rows.push({ client, ...turnover(n, revenue, avgAr, avgAdv), receivables_end: end, ...a });
    totalRevenue += revenue;
    totalAr += avgAr;
    totalAdv += avgAdv;
    totalEnd += end;
    for (const k of AGE_BUCKETS) totalAging[k]! += a[k]!;
  }
  return {
    rows,
    totals: { ...turnover(n, totalRevenue, totalAr, totalAdv), receivables_end: totalEnd, ...totalAging },
  };
}

export function turnoverTable(rows: Row[], totals: Row, names?: Map<string, string>): Table {
  const money = (key: string) => ({ key, header: key, kind: 'money' as const });
  const num = (key: string) => ({ key, header: key, kind: 'number' as const });
  return {
    name: 'receivables-turnover',
    columns: [
      { key: 'client', header: 'client', kind: 'text' },
      ...(names ? [{ key: 'name', header: 'name', kind: 'text' as const }] : []),
      money('revenue'),
      money('avg_receivables'),
      money('avg_advances'),
      num('receivables_turnover'),
      num('dso_days'),
      num('advances_turnover'),
      num('advances_days'),
      money('receivables_end'),
      // overdue amounts red for people (terminal, xlsx by conditional formatting, HTML)
      ...AGE_BUCKETS.map((k) => (k === 'not_due' ? money(k) : { ...money(k), alertAbove: 0 })),
    ],
    rows: names ? rows.map((r) => ({ ...r, name: names.get(String(r.client)) ?? null })) : rows,
    totals,
  };
}

export async function receivablesTurnoverReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const clients = (await clientCards(db))
    .filter((c) => (opts.client === undefined || c.code === opts.client) && (opts.manager === undefined || c.manager === opts.manager))
    .map((c) => c.code)
    .sort();
  const open = await openDocuments(db, 'receivables', addDays(opts.to, 1));
  const input: TurnoverInput = {
    from: opts.from,
    to: opts.to,
    opening: await clientBalancesBefore(db, opts.from),
    movements: await clientMovements(db, opts.from, opts.to),
    documents: open.docs,
    paid: open.paid,
  };
  const { rows, totals } = computeTurnover(input, clients);
  return { table: turnoverTable(rows, totals), extra: { days: dayNumber(opts.to) - dayNumber(opts.from) + 1 } };
}
