// SPEC §9 funnel: the deals created in [from, to] and their stage changes up to --to, one
// funnel per channel. A deal starts in its channel's first open stage on its own date; each
// change moves it on its date. Per open stage s, in position order:
//   reached   deals whose highest open position so far is ≥ pos(s); a deal now won reached all
//   current   deals in s at --to; amount = Σ their amounts
//   conversion_next_pct  100 × reached(next open stage) / reached(s); the last: 100 × won / reached(s)
//   avg_days  mean length in days of the finished visits to s (a visit ends on the next change's date)
//   backward_out  changes from s to an open stage of a lower position
import { funnelCounts, funnelData, reasonCodes, stagesOf, type FunnelCounts, type FunnelDeal, type FunnelEvent } from '../db/crmQueries.js';
import type { Db } from '../db/connection.js';
import { column, type Row, type Table } from '../io/table.js';
import { ChannelStages, isBackward, type StageInfo } from '../model/dealMoves.js';
import { dayNumber } from '../planning/calendar.js';
import { t } from '../i18n/index.js';
import { percentOf } from './ratios.js';
import type { ReportOptions, ReportResult } from './types.js';

export interface FunnelInput {
  stages: StageInfo[];
  deals: Pick<FunnelDeal, 'id' | 'channel' | 'date' | 'amount'>[];
  /** Stage changes dated up to --to, any order. */
  events: FunnelEvent[];
  /** Only these channels' funnels (default: every channel with stages). */
  channels?: string[];
}

export interface FunnelStageRow {
  channel: string;
  stage: string;
  position: number;
  reached: number;
  current: number;
  amount: number;
  conversion_next_pct: number | null;
  avg_days: number | null;
  backward_out: number;
}

export interface ChannelTotals {
  channel: string;
  deals: number;
  won: number;
  lost: number;
  won_pct: number | null;
}

export interface FunnelResult {
  rows: FunnelStageRow[];
  totals: { deals: number; won: number; lost: number; won_pct: number | null; current: number; amount: number; backward_out: number };
  lostByReason: Record<string, number>;
  backwardMoves: { channel: string; from: string; to: string; count: number }[];
  byChannel: ChannelTotals[];
}

/** Where one deal went: its stage at the end, the highest open position it reached, its visits and backward moves. */
interface DealPath {
  final: StageInfo;
  highest: number;
  lostReason: string | null;
}

/** Reason code of a lost deal that has none (imported before the rule, or by hand in the database). */
export const NO_REASON = '(none)';

export function computeFunnel(input: FunnelInput): FunnelResult {
  const stages = new ChannelStages(input.stages);
  const byId = new Map(input.stages.map((s) => [s.id, s]));
  const eventsOf = new Map<number, FunnelEvent[]>();
  for (const e of input.events) {
    const list = eventsOf.get(e[0]);
    if (list) list.push(e);
    else eventsOf.set(e[0], [e]);
  }
  const dealsOf = new Map<string, FunnelInput['deals']>();
  for (const d of input.deals) {
    const list = dealsOf.get(d.channel);
    if (list) list.push(d);
    else dealsOf.set(d.channel, [d]);
  }
  const byDate = (a: FunnelEvent, b: FunnelEvent) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  const channels = input.channels ?? stages.channels();
  const rows: FunnelStageRow[] = [];
  const byChannel: ChannelTotals[] = [];
  const lostByReason: Record<string, number> = {};
  const backward = new Map<string, { channel: string; from: string; to: string; count: number }>();
  for (const channel of channels) {
    const open = stages.openStages(channel);
    const first = open[0];
    const stat = new Map(open.map((s) => [s.id, { reached: 0, current: 0, amount: 0, visits: 0, visitDays: 0, backwardOut: 0 }]));
    const totals: ChannelTotals = { channel, deals: 0, won: 0, lost: 0, won_pct: null };
    for (const deal of dealsOf.get(channel) ?? []) {
      if (!first) continue;
      totals.deals++;
      const path: DealPath = { final: first, highest: first.position ?? 0, lostReason: null };
      let since = deal.date;
      // the database gives them in date order: sort only when they are not
      let events = eventsOf.get(deal.id) ?? [];
      if (events.some((e, i) => i > 0 && e[1] < events[i - 1]![1])) events = events.slice().sort(byDate);
      for (const [, date, stageId, reason] of events) {
        const to = byId.get(stageId);
        if (!to || to.channel !== channel || to.id === path.final.id) continue;
        const from = path.final;
        const visit = stat.get(from.id);
        if (visit) {
          // a finished visit to an open stage
          visit.visits++;
          visit.visitDays += dayNumber(date) - dayNumber(since);
        }
        if (isBackward(from, to)) {
          stat.get(from.id)!.backwardOut++;
          const key = `${channel}\u0001${from.stage}\u0001${to.stage}`;
          const move = backward.get(key) ?? { channel, from: from.stage, to: to.stage, count: 0 };
          move.count++;
          backward.set(key, move);
        }
        if (to.outcome === 'open' && (to.position ?? 0) > path.highest) path.highest = to.position ?? 0;
        path.lostReason = to.outcome === 'lost' ? (reason ?? NO_REASON) : null;
        path.final = to;
        since = date;
      }
      const won = path.final.outcome === 'won';
      for (const s of open) if (won || (s.position ?? 0) <= path.highest) stat.get(s.id)!.reached++;
      const here = stat.get(path.final.id);
      if (here) {
        here.current++;
        here.amount += deal.amount;
      }
      if (won) totals.won++;
      if (path.final.outcome === 'lost') {
        totals.lost++;
        const reason = path.lostReason ?? NO_REASON;
        lostByReason[reason] = (lostByReason[reason] ?? 0) + 1;
      }
    }
    totals.won_pct = percentOf(totals.won, totals.deals);
    byChannel.push(totals);
    open.forEach((s, i) => {
      const st = stat.get(s.id)!;
      const next = open[i + 1];
      const onward = next ? stat.get(next.id)!.reached : totals.won;
      rows.push({
        channel,
        stage: s.stage,
        position: s.position ?? 0,
        reached: st.reached,
        current: st.current,
        amount: st.amount,
        conversion_next_pct: percentOf(onward, st.reached),
        avg_days: st.visits === 0 ? null : st.visitDays / st.visits,
        backward_out: st.backwardOut,
      });
    });
  }
  return {
    rows,
    totals: funnelTotals(rows, byChannel),
    lostByReason,
    backwardMoves: [...backward.values()].sort(byCount(stages)),
    byChannel,
  };
}

/** The funnel's totals line: deals, won and lost by channel, the rest summed over the stage rows. */
function funnelTotals(rows: FunnelResult['rows'], byChannel: readonly ChannelTotals[]): FunnelResult['totals'] {
  const sum = (f: (t: ChannelTotals) => number) => byChannel.reduce((s, t) => s + f(t), 0);
  const deals = sum((t) => t.deals);
  const won = sum((t) => t.won);
  return {
    deals,
    won,
    lost: sum((t) => t.lost),
    won_pct: percentOf(won, deals),
    current: rows.reduce((s, r) => s + r.current, 0),
    amount: rows.reduce((s, r) => s + r.amount, 0),
    backward_out: rows.reduce((s, r) => s + r.backward_out, 0),
  };
}

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
type BackwardMove = FunnelResult['backwardMoves'][number];
/** Backward moves: most first, then by channel and in funnel order (the from stage's position, then the to stage's): one order whichever path counted them. */
const byCount = (stages: ChannelStages) => {
  const pos = (channel: string, stage: string) => stages.of(channel, stage)?.position ?? 0;
  return (a: BackwardMove, b: BackwardMove) =>
    b.count - a.count || text(a.channel, b.channel) || pos(a.channel, a.from) - pos(b.channel, b.from) || pos(a.channel, a.to) - pos(b.channel, b.to);
};

/**
 * The funnel from the counts SQL makes (src/db/crmQueries.ts funnelCounts): the same result as
 * computeFunnel over every deal and event, which the property test holds it to. Undefined when
 * the history has what the rules never write (a change to the stage the deal is in, or to
 * another channel's stage; channels spelled twice): computeFunnel then counts it.
 */
export function funnelFromCounts(input: { stages: StageInfo[]; counts: FunnelCounts; reasons: ReadonlyMap<number, string>; channels?: string[] }): FunnelResult | undefined {
  const stages = new ChannelStages(input.stages);
  const byId = new Map(input.stages.map((s) => [s.id, s]));
  if (input.counts.foreign > 0 || new Set(input.stages.map((s) => s.channel)).size !== stages.channels().length) return undefined;
  const channels = input.channels ?? stages.channels();
  type Group = { finalId: number; highest: number; reasonId: number | null; deals: number; amount: number };
  const dealsOf = new Map<string, Group[]>();
  for (const g of input.counts.deals) {
    const first = stages.firstOpen(g.channel);
    if (!first) continue;
    const highest = g.highest === null || g.highest < (first.position ?? 0) ? (first.position ?? 0) : g.highest;
    const group = { finalId: g.finalId ?? first.id, highest, reasonId: g.reasonId, deals: g.deals, amount: g.amount };
    const list = dealsOf.get(g.channel);
    if (list) list.push(group);
    else dealsOf.set(g.channel, [group]);
  }
  const movesFrom = new Map<number, { to: StageInfo; moves: number; days: number }[]>();
  for (const m of input.counts.moves) {
    const to = byId.get(m.toId);
    const from = m.fromId === null ? (to ? stages.firstOpen(to.channel) : undefined) : byId.get(m.fromId);
    if (!to || !from) continue; // a channel without an open stage: its deals are not counted
    if (from.id === to.id) return undefined;
    const list = movesFrom.get(from.id);
    const move = { to, moves: m.moves, days: m.days };
    if (list) list.push(move);
    else movesFrom.set(from.id, [move]);
  }
  const rows: FunnelStageRow[] = [];
  const byChannel: ChannelTotals[] = [];
  const lostByReason: Record<string, number> = {};
  const backward: FunnelResult['backwardMoves'] = [];
  for (const channel of channels) {
    const open = stages.openStages(channel);
    const totals: ChannelTotals = { channel, deals: 0, won: 0, lost: 0, won_pct: null };
    const groups = open.length === 0 ? [] : (dealsOf.get(channel) ?? []);
    for (const g of groups) {
      const final = byId.get(g.finalId);
      totals.deals += g.deals;
      if (final?.outcome === 'won') totals.won += g.deals;
      if (final?.outcome === 'lost') {
        totals.lost += g.deals;
        const reason = g.reasonId === null ? NO_REASON : (input.reasons.get(g.reasonId) ?? NO_REASON);
        lostByReason[reason] = (lostByReason[reason] ?? 0) + g.deals;
      }
    }
    totals.won_pct = percentOf(totals.won, totals.deals);
    byChannel.push(totals);
    const reachedOf = (s: StageInfo) => groups.reduce((n, g) => n + (byId.get(g.finalId)?.outcome === 'won' || (s.position ?? 0) <= g.highest ? g.deals : 0), 0);
    open.forEach((s, i) => {
      const here = groups.filter((g) => g.finalId === s.id);
      let visits = 0;
      let days = 0;
      const out = new Map<string, number>(); // backward moves from s, by the stage they went to
      for (const m of movesFrom.get(s.id) ?? []) {
        visits += m.moves;
        days += m.days;
        if (isBackward(s, m.to)) out.set(m.to.stage, (out.get(m.to.stage) ?? 0) + m.moves);
      }
      for (const [to, count] of out) backward.push({ channel, from: s.stage, to, count });
      const reached = reachedOf(s);
      const next = open[i + 1];
      rows.push({
        channel,
        stage: s.stage,
        position: s.position ?? 0,
        reached,
        current: here.reduce((n, g) => n + g.deals, 0),
        amount: here.reduce((n, g) => n + g.amount, 0),
        conversion_next_pct: percentOf(next ? reachedOf(next) : totals.won, reached),
        avg_days: visits === 0 ? null : days / visits,
        backward_out: [...out.values()].reduce((n, c) => n + c, 0),
      });
    });
  }
  return {
    rows,
    totals: funnelTotals(rows, byChannel),
    lostByReason: Object.fromEntries(Object.entries(lostByReason).sort(([a, x], [b, y]) => y - x || text(a, b))),
    backwardMoves: backward.sort(byCount(stages)),
    byChannel,
  };
}

/** `R1 3, R4 1`: a count per code, most first (the text formats' form of an object). */
const countsText = (counts: Record<string, number>): string | null => {
  const entries = Object.entries(counts).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  return entries.length ? entries.map(([k, n]) => `${k} ${n}`).join(', ') : null;
};

export function funnelTable(result: FunnelResult): Table {
  const channels = new Set(result.byChannel.map((c) => c.channel));
  const inChannel = (m: { channel: string }) => (channels.size > 1 ? `${m.channel}: ` : '');
  const totals: Row = {
    ...result.totals,
    lost_by_reason: countsText(result.lostByReason),
    backward_moves: result.backwardMoves.length ? result.backwardMoves.map((m) => `${inChannel(m)}${m.from} → ${m.to} ${m.count}`).join('; ') : null,
    by_channel: result.byChannel.map((c) => t('crm.funnelChannel', c.channel, c.deals, c.won, c.won_pct === null ? null : Number(c.won_pct.toFixed(1)), c.lost)).join('; ') || null,
  };
  return {
    name: 'funnel',
    columns: [
      column('channel'), column('stage'), column('position', 'int'), column('reached', 'int'), column('current', 'int'), column('amount', 'money'),
      column('conversion_next_pct', 'percent'), column('avg_days', 'number'), column('backward_out', 'int'),
    ],
    rows: result.rows as unknown as Row[],
    totals,
    headlines: [
      column('deals', 'int'), column('won', 'int'), column('lost', 'int'), column('won_pct', 'percent'),
      column('lost_by_reason'), column('backward_moves'), column('by_channel'),
    ],
    jsonTotals: { lost_by_reason: result.lostByReason, backward_moves: result.backwardMoves, by_channel: result.byChannel },
    // xlsx: the lists as sheets people can sort and sum, not text in a cell
    listSheets: [
      {
        name: 'channels',
        columns: [column('channel'), column('deals', 'int'), column('won', 'int'), column('lost', 'int'), column('won_pct', 'percent')],
        rows: result.byChannel.map((c) => ({ channel: c.channel, deals: c.deals, won: c.won, lost: c.lost, won_pct: c.won_pct })),
      },
      {
        name: 'lost by reason',
        columns: [column('reason'), column('deals', 'int')],
        rows: Object.entries(result.lostByReason).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([reason, deals]) => ({ reason, deals })),
      },
      {
        name: 'backward moves',
        columns: [column('channel'), column('from'), column('to'), column('count', 'int')],
        rows: result.backwardMoves.map((m) => ({ channel: m.channel, from: m.from, to: m.to, count: m.count })),
      },
    ],
  };
}

/** The funnel as the report counts it (in SQL); computeFunnel over funnelData's deals and events is the reference. */
export async function funnelOf(db: Db, opts: Pick<ReportOptions, 'from' | 'to' | 'channel' | 'manager' | 'client'>, stages?: StageInfo[]): Promise<FunnelResult> {
  const [all, counts, reasons] = await Promise.all([
    stages ?? stagesOf(db),
    funnelCounts(db, { from: opts.from, to: opts.to, channel: opts.channel, manager: opts.manager, client: opts.client }),
    reasonCodes(db),
  ]);
  return funnelFromCounts({ stages: all, counts, reasons, channels: opts.channel === undefined ? undefined : [opts.channel] }) ?? funnelByEvents(db, opts);
}

/** The reference: every deal and event read and walked in JS (kept for the property test). */
export async function funnelByEvents(db: Db, opts: Pick<ReportOptions, 'from' | 'to' | 'channel' | 'manager' | 'client'>): Promise<FunnelResult> {
  const [stages, data] = await Promise.all([stagesOf(db), funnelData(db, opts.from, opts.to, opts.channel)]);
  const deals = opts.manager === undefined && opts.client === undefined ? data.deals : data.deals.filter((d) => (opts.manager === undefined || d.manager === opts.manager) && (opts.client === undefined || d.client === opts.client));
  return computeFunnel({ stages, deals, events: data.events, channels: opts.channel === undefined ? undefined : [opts.channel] });
}

export async function funnelReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const stages = await stagesOf(db);
  const result = await funnelOf(db, opts, stages);
  const note = stages.length === 0 ? 'no sales channels yet: crm import stages, then deals and deal-stages (docs/crm.md)' : undefined;
  return { table: funnelTable(result), note };
}
