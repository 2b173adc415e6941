// `crm clients show CODE`: the client's card (SPEC §9) as of --as-of — the stored fields and
// terms, the balance and what of it is overdue, the last interactions, the open deals with their
// stages, the open claims and the sales of the last 12 months.
import type { Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { claimStatusHistory, clientCardData, stagesOf, type ClaimRecordHistory } from '../db/crmQueries.js';
import { findRecord, unreadableFields } from '../db/masterData.js';
import { UsageError } from '../errors.js';
import { exportColumns } from '../export/exporter.js';
import { outputTable } from '../io/render/index.js';
import { column, displayCell, jsonCell, type Row, type TableColumn } from '../io/table.js';
import { ChannelStages, dealVisits } from '../model/dealMoves.js';
import { entitySpec } from '../model/entities.js';
import { addDays, dayNumber } from '../planning/calendar.js';
import { t } from '../i18n/index.js';

/** How many of the newest interactions the card shows. */
export const CARD_INTERACTIONS = 10;

const INTERACTION_COLUMNS = [column('date'), column('kind'), column('direction'), column('manager'), column('contact'), column('subject'), column('result'), column('next_date', 'date')];
const DEAL_COLUMNS = [column('deal_no'), column('date', 'date'), column('channel'), column('stage'), column('since', 'date'), column('days_in_stage', 'int'), column('title'), column('amount', 'money'), column('expected_close', 'date')];
const CLAIM_COLUMNS = [column('claim_no'), column('date', 'date'), column('cause'), column('status'), column('status_now'), column('sku'), column('qty', 'number'), column('amount', 'money'), column('days_open', 'int')];
const SALES_COLUMNS = [column('month', 'month'), column('amount', 'money'), column('margin', 'money'), column('margin_pct', 'percent'), column('qty', 'number')];

const jsonRows = (columns: TableColumn[], rows: Row[]) => rows.map((r) => Object.fromEntries(columns.map((c) => [c.key, jsonCell(c.kind, r[c.key] ?? null)])));

export async function runClientCard(code: string, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  await withDb(ctx.dbPath, 'read', async (db) => {
    const spec = entitySpec('clients')!;
    const rec = await findRecord(db, spec, code);
    if (!rec) throw new UsageError(t('card.noClient', code));
    const day = ctx.asOf;
    const data = await clientCardData(db, code, day, { interactions: CARD_INTERACTIONS, salesFrom: monthsBack(day, 11) });

    // overdue: the unpaid part of each open shipment whose deferral ended before the day
    let overdue = 0;
    let overdueShipments = 0;
    data.openShipments.forEach((s, i) => {
      const unpaid = s.amount - (i === 0 ? data.paidOnOpen : 0);
      if (addDays(s.date, s.deferralDays) < day && unpaid > 0) {
        overdue += unpaid;
        overdueShipments++;
      }
    });

    const all = await stagesOf(db);
    const stages = new ChannelStages(all);
    const byId = new Map(all.map((s) => [s.id, s]));
    const eventsOf = new Map<number, { date: string; stageId: number }[]>();
    for (const [dealId, date, stageId] of data.dealEvents) {
      const list = eventsOf.get(dealId);
      if (list) list.push({ date, stageId });
      else eventsOf.set(dealId, [{ date, stageId }]);
    }
    const deals: Row[] = [];
    for (const d of data.deals) {
      const visits = dealVisits(stages, d, eventsOf.get(d.id) ?? [], byId);
      const last = visits[visits.length - 1];
      if (!last || last.stage.outcome !== 'open') continue;
      deals.push({ deal_no: d.dealNo, date: d.date, channel: d.channel, stage: last.stage.stage, since: last.from, days_in_stage: dayNumber(day) - dayNumber(last.from), title: d.title, amount: d.amount, expected_close: d.expectedClose });
    }
    const interactions: Row[] = data.interactions.map((i) => ({ date: i.date, kind: i.kind, direction: i.direction, manager: i.manager, contact: i.contact, subject: i.subject, result: i.result, next_date: i.nextDate }));
    // the status each claim had on the day, not today's (null: the data cannot tell; the card says so)
    const histories = await claimStatusHistory(db, data.claims.map((c) => c.id));
    const claimsOn = data.claims.map((c) => ({ claim: c, status: claimStatusOn(c, histories.get(c.id), day) }));
    const claims: Row[] = claimsOn.map(({ claim: c, status }) => ({ claim_no: c.claimNo, date: c.date, cause: c.cause, status, status_now: c.status, sku: c.sku, qty: c.qty, amount: c.amount, days_open: dayNumber(day) - dayNumber(c.date) }));
    const unknown = claimsOn.filter((c) => c.status === null).map((c) => c.claim);
    const sales: Row[] = data.sales.map((s) => ({ month: s.month, amount: s.amount, margin: s.amount - s.cost, margin_pct: s.amount === 0 ? null : Math.round((10000 * (s.amount - s.cost)) / s.amount) / 100, qty: s.qty }));
    const total = data.sales.reduce((t, s) => ({ amount: t.amount + s.amount, cost: t.cost + s.cost, qty: t.qty + s.qty }), { amount: 0, cost: 0, qty: 0 });
    const hidden = unreadableFields(db, spec); // a role denied the money columns sees the card without them
    const fields = exportColumns(spec).filter((c) => !hidden.includes(c.key));

    if (opts.json) {
      const out = {
        ...Object.fromEntries(fields.map((c) => [c.key, jsonCell(c.kind, rec[c.key] ?? null)])),
        as_of: day,
        balance: jsonCell('money', data.balance),
        overdue: jsonCell('money', overdue),
        overdue_shipments: overdueShipments,
        interactions_total: data.interactionCount,
        last_interactions: jsonRows(INTERACTION_COLUMNS, interactions),
        open_deals: jsonRows(DEAL_COLUMNS, deals),
        open_claims: jsonRows(CLAIM_COLUMNS, claims),
        sales_12_months: jsonRows(SALES_COLUMNS, sales),
      };
      ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return;
    }
    const w = ctx.stdout;
    const width = Math.max(...fields.map((c) => c.key.length), 'overdue'.length);
    for (const c of fields) w.write(`${c.key.padEnd(width)}  ${displayCell(c.kind, rec[c.key] ?? null)}\n`);
    w.write(`${'balance'.padEnd(width)}  ${t('card.balance', displayCell('money', data.balance), displayCell('date', day), data.balance < 0)}\n`);
    w.write(`${'overdue'.padEnd(width)}  ${displayCell('money', overdue)}${overdueShipments > 0 ? ` ${t('card.overdueShipments', overdueShipments)}` : ''}\n`);
    const section = async (title: string, columns: TableColumn[], rows: Row[]) => {
      w.write(`\n${title}:\n`);
      if (rows.length === 0) w.write(`  ${t('card.none')}\n`);
      else await outputTable({ name: title, columns, rows }, {}, ctx);
    };
    await section(t('card.interactions', interactions.length, data.interactionCount), INTERACTION_COLUMNS, interactions.map((i) => ({ ...i, kind: t('crm.value', 'kind', String(i.kind ?? '')), direction: t('crm.value', 'direction', String(i.direction ?? '')) })));
    await section(t('card.openDeals'), DEAL_COLUMNS, deals);
    // the terminal shows the status on the day (in the run's language) and, when it is not known, what it may have been
    const claimText = claims.map((c) => ({ ...c, status: c.status === null ? t('card.statusUnknown') : t('crm.value', 'status', String(c.status)) }));
    await section(t('card.openClaims'), CLAIM_COLUMNS.filter((c) => c.key !== 'status_now'), claimText);
    for (const c of unknown) w.write(`  ${t('card.statusUnknownWhy', c.claimNo, displayCell('date', day), `${t('crm.value', 'status', c.status)}${c.resolvedDate ? ` ${displayCell('date', c.resolvedDate)}` : ''}`)}\n`);
    await section(t('card.sales', monthsBack(day, 11), day.slice(0, 7), displayCell('money', total.amount), displayCell('money', total.amount - total.cost)), SALES_COLUMNS, sales);
  });
}

const OPEN = new Set(['new', 'in_work']);

/**
 * The status a claim open on `day` (dated by it, not resolved by it) had that day, or null when
 * the data cannot tell. Statuses only go forward (new → in_work → resolved | rejected), and
 * the journal keeps the day each change was recorded: a claim recorded by the end of the day
 * has the status recorded then; one recorded later has "new" when it was recorded as new (it was
 * new before), else the stored dates say only that it was open: new or in_work.
 */
export function claimStatusOn(claim: { status: string }, history: ClaimRecordHistory | undefined, day: string): string | null {
  const changes = history?.changes ?? [];
  const first = changes[0]?.before ?? claim.status;
  if (history?.insertedOn && history.insertedOn <= day) {
    let recorded = first;
    for (const c of changes) if (c.on <= day && c.after) recorded = c.after;
    if (OPEN.has(recorded)) return recorded;
  }
  return first === 'new' ? 'new' : null;
}

/** The month `n` months before the day's month, YYYY-MM. */
export function monthsBack(day: string, n: number): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
