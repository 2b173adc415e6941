// `crm deals move DEAL STAGE` and `crm deals show DEAL` (SPEC §9): a stage change is one
// row of `deal-stages` written through the import (so its rules — the stage of the deal's
// channel, a reason for a move back, to a lost stage or out of a won or lost one — are the
// import's own, and the move is an undoable operation); show prints the path with days.
import { say, type Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { dealWithEvents, stagesOf, type DealRecord } from '../db/crmQueries.js';
import { UsageError, ValidationError } from '../errors.js';
import { parseDayOption } from '../io/locale.js';
import { outputTable } from '../io/render/index.js';
import { column, displayCell, type Row } from '../io/table.js';
import { ChannelStages, dealVisits, type Visit } from '../model/dealMoves.js';
import { dayNumber } from '../planning/calendar.js';
import { ambiguousStage } from '../model/entityRules.js';
import { unknownName } from '../util/suggest.js';
import { importOne } from './crmRecords.js';
import { t } from '../i18n/index.js';

export interface MoveOptions {
  date?: string;
  reason?: string;
  note?: string;
}

/** The move's problems name what the user typed: DEAL, STAGE or a flag. */
const MOVE_FLAGS: Record<string, string> = { deal_no: '', stage: '', date: '--date', reason: '--reason', note: '--note' };

const describe = (v: Visit) => (v.stage.outcome === 'open' ? `${v.stage.stage}` : `${v.stage.stage} (${t('crm.value', 'outcome', v.stage.outcome)})`);

export async function runDealMove(dealNo: string, stage: string, opts: MoveOptions, ctx: Ctx): Promise<void> {
  const date = opts.date === undefined ? ctx.asOf : parseDayOption('--date', opts.date);
  await withDb(ctx.dbPath, 'write', async (db) => {
    const found = await dealWithEvents(db, dealNo);
    if (!found) throw new UsageError(t('deals.noDeal', dealNo));
    const all = await stagesOf(db);
    const stages = new ChannelStages(all);
    const channel = found.deal.channel;
    const target = stages.of(channel, stage);
    const twins = stages.spelled(channel, stage);
    if (!target && twins.length > 1) throw new UsageError(`STAGE "${stage}": ${ambiguousStage(channel, twins)}`);
    const byId = new Map(all.map((s) => [s.id, s]));
    const before = dealVisits(stages, found.deal, found.events, byId);
    const current = before[before.length - 1];
    if (!target) throw new UsageError(unknownName(t('deals.noStage', channel, dealNo), stage, stages.stagesOf(channel).map((s) => s.stage), t('deals.itsStages', current?.stage.stage ?? null)));
    if (found.events.length === 0 && current && current.stage.id === target.id) {
      // a deal that has not moved is in the stage it started in: say so, and where it can go
      const onward = stages.stagesOf(channel).filter((s) => s.id !== target.id).map((s) => s.stage);
      throw new UsageError(t('deals.notMovedYet', dealNo, target.stage, displayCell('date', found.deal.date), onward));
    }
    const replaced = found.events.find((e) => e.date === date);
    const fields = new Map<string, string>([
      ['deal_no', dealNo],
      ['date', date],
      ['stage', target.stage], // as the channel spells it: "Offer" is "offer"
      ['reason', opts.reason ?? ''],
      ['note', opts.note ?? ''],
    ]);
    const summary = await importOne(db, 'deal-stages', 'move', `deals move ${dealNo}`, fields, ctx, t('deals.notMoved', dealNo), (c) => (c === 'date' && opts.date === undefined ? '--as-of' : MOVE_FLAGS[c] ?? c)).catch((error: unknown) => {
      // a second move that day replaces the first: moving "back" to where the deal was that morning is taking the move back
      if (!replaced || !(error instanceof ValidationError) || !error.problems.some((p) => p.message.includes(t('deals.moveSame', target.stage)))) throw error;
      const was = byId.get(replaced.stageId)?.stage ?? '?';
      throw new ValidationError(
        error.problems.map((p) => (p.message.includes(t('deals.moveSame', target.stage)) ? { ...p, message: `${p.message}: ${t('deals.sameDayBack', date, was, dealNo)}` } : p)),
        error.message,
      );
    });
    if (summary.operation === undefined) {
      say(ctx, t('deals.inStageAlready', dealNo, stage, date));
      return;
    }
    const from = [...before].reverse().find((v) => v.from < date || (v.from === date && v.move === 'start'));
    const after = dealVisits(stages, found.deal, [...found.events.filter((e) => e.date !== date), { date, stageId: target.id, reason: opts.reason ?? null }], byId);
    const now = after.find((v) => v.from === date && v.stage.id === target.id);
    const instead = replaced ? (byId.get(replaced.stageId)?.stage ?? '?') : null;
    say(ctx, t('deals.moved', dealNo, from ? describe(from) : '?', describe(now ?? ({ stage: target } as Visit)), date, now?.move ?? '', opts.reason ?? null, instead, summary.operation!));
  });
}

/** The rows of a deal's path: each stay with its days (the current one up to --as-of). */
export function pathRows(visits: Visit[], asOf: string): Row[] {
  return visits.map((v) => {
    const end = v.until ?? (asOf >= v.from ? asOf : null);
    return {
      date: v.from,
      stage: v.stage.stage,
      position: v.stage.position,
      outcome: v.stage.outcome,
      move: v.move,
      days: end === null ? null : dayNumber(end) - dayNumber(v.from),
      current: v.until === null ? 'yes' : null,
      reason: v.reason,
      note: v.note,
    };
  });
}

const DEAL_FIELDS = [
  column('deal_no'), column('date', 'date'), column('client'), column('client_name'), column('channel'), column('manager'), column('title'),
  column('amount', 'money'), column('expected_close', 'date'), column('order_no'),
];

function dealRow(d: DealRecord): Row {
  return {
    deal_no: d.dealNo, date: d.date, client: d.client, client_name: d.clientName, channel: d.channel, manager: d.manager, title: d.title,
    amount: d.amount, expected_close: d.expectedClose, order_no: d.orderNo,
  };
}

export async function runDealShow(dealNo: string, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  await withDb(ctx.dbPath, 'read', async (db) => {
    const found = await dealWithEvents(db, dealNo);
    if (!found) throw new UsageError(t('deals.noDeal', dealNo));
    const all = await stagesOf(db);
    const byId = new Map(all.map((s) => [s.id, s]));
    // the deal as it stood on --as-of: later moves had not happened yet
    const events = found.events.filter((e) => e.date <= ctx.asOf);
    const reasons = new Map(events.map((e) => [e.date, e]));
    const visits = dealVisits(new ChannelStages(all), found.deal, events, byId);
    const rows = pathRows(visits, ctx.asOf).map((r) => ({ ...r, reason_name: reasons.get(String(r.date))?.reasonName ?? null }));
    const deal = dealRow(found.deal);
    const last = visits[visits.length - 1];
    if (opts.json) {
      const json = Object.fromEntries(DEAL_FIELDS.map((c) => [c.key, c.kind === 'money' && typeof deal[c.key] === 'number' ? Number(deal[c.key]) / 100 : (deal[c.key] ?? null)]));
      ctx.stdout.write(`${JSON.stringify({ ...json, stage: last?.stage.stage ?? null, outcome: last?.stage.outcome ?? null, stage_since: last?.from ?? null, path: rows }, null, 2)}\n`);
      return;
    }
    const width = Math.max(...DEAL_FIELDS.map((c) => c.key.length));
    for (const c of DEAL_FIELDS) ctx.stdout.write(`${c.key.padEnd(width)}  ${displayCell(c.kind, deal[c.key] ?? null)}\n`);
    if (last) ctx.stdout.write(`${'stage'.padEnd(width)}  ${t('deals.stageSince', last.stage.stage, t('crm.value', 'outcome', last.stage.outcome), displayCell('date', last.from))}\n`);
    ctx.stdout.write(`\n${t('deals.historyTitle', displayCell('date', ctx.asOf))}:\n`);
    await outputTable(
      {
        name: 'path',
        columns: [column('date', 'date'), column('stage'), column('outcome'), column('move'), column('days', 'int'), column('reason'), column('reason_name'), column('note')],
        // the terminal says the outcome and the kind of move in the run's language (JSON keeps the stored words)
        rows: (rows as Row[]).map((r) => ({ ...r, outcome: t('crm.value', 'outcome', String(r.outcome)), move: t('crm.value', 'move', String(r.move)) })),
      },
      {},
      ctx,
    );
  });
}
