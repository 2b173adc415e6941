// `crm claims resolve CLAIM` and `crm negotiations check NEGOTIATION ITEM OUTCOME` (SPEC §9):
// shortcuts for the edits a person does most, written through the import (one row, the same
// rules as a file) as one undoable operation each.
import { say, type Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { negotiationChecklist } from '../db/crmQueries.js';
import { findRecord } from '../db/masterData.js';
import { RefusedError, UsageError } from '../errors.js';
import { parseDayOption } from '../io/locale.js';
import { entitySpec } from '../model/entities.js';
import { unknownName } from '../util/suggest.js';
import { importOne } from './crmRecords.js';
import { t } from '../i18n/index.js';

export interface ResolveOptions {
  result: string;
  date?: string;
  recoveredAmount?: string;
  amount?: string;
}

const RESOLVE_FLAGS: Record<string, string> = {
  result: '--result', resolved_date: '--date', recovered_amount: '--recovered-amount', amount: '--amount', status: '--result', claim_no: '',
};

/** The claim as an import row, with status, result, resolved date (and amounts) set: resolved, or rejected for the result rejected. */
export async function runClaimResolve(claimNo: string, opts: ResolveOptions, ctx: Ctx): Promise<void> {
  const date = opts.date === undefined ? ctx.asOf : parseDayOption('--date', opts.date);
  const spec = entitySpec('claims')!;
  await withDb(ctx.dbPath, 'write', async (db) => {
    const before = await findRecord(db, spec, claimNo);
    if (!before) throw new UsageError(t('claims.noClaim', claimNo));
    if (before.status === 'resolved' || before.status === 'rejected') {
      throw new RefusedError(t('claims.closedAlready', claimNo, t('crm.value', 'status', String(before.status)), String(before.resolved_date)));
    }
    const row = new Map<string, string>();
    for (const c of spec.columns) {
      const v = before[c.name];
      row.set(c.name, v === null || v === undefined ? '' : c.type === 'money' ? String(Number(v) / 100) : String(v));
    }
    // the result decides the status; an unknown result is the import's problem, said against --result
    const result = opts.result.trim();
    const rejected = ['rejected', 'отказ', 'отклонена', 'отказано'].includes(result.toLowerCase());
    row.set('status', rejected ? 'rejected' : 'resolved');
    row.set('result', result);
    row.set('resolved_date', date);
    if (opts.recoveredAmount !== undefined) row.set('recovered_amount', opts.recoveredAmount);
    if (opts.amount !== undefined) row.set('amount', opts.amount);
    const summary = await importOne(db, 'claims', 'resolve', `claims resolve ${claimNo}`, row, ctx, t('claims.notResolved', claimNo), (c) => (c === 'resolved_date' && opts.date === undefined ? '--as-of' : RESOLVE_FLAGS[c] ?? `--${c.replace(/_/g, '-')}`));
    say(ctx, t('claims.resolved', claimNo, rejected, date, String(result), summary.operation!));
  });
}

const CHECK_FLAGS: Record<string, string> = { negotiation_no: '', item: '', outcome: '', note: '--note' };

export async function runNegotiationCheck(negotiationNo: string, item: string, outcome: string, opts: { note?: string }, ctx: Ctx): Promise<void> {
  if (outcome.trim() === '') throw new UsageError(t('negotiations.emptyOutcome', negotiationNo, item));
  await withDb(ctx.dbPath, 'write', async (db) => {
    const negotiation = await findRecord(db, entitySpec('negotiations')!, negotiationNo);
    if (!negotiation) throw new UsageError(t('negotiations.noNegotiation', negotiationNo));
    const checklist = (await negotiationChecklist(db, negotiationNo)).filter((c) => c.position !== null);
    // an item by its position (as `negotiations show` numbers them) or by its text
    const byPosition = /^\d+$/.test(item.trim()) ? checklist.find((c) => c.position === Number(item.trim())) : undefined;
    const found = byPosition ?? checklist.find((c) => c.item === item.trim());
    if (!found && item.trim() === '') {
      throw new UsageError(t('negotiations.emptyItem', negotiationNo, String(negotiation.template_code), checklist.map((c) => `${c.position} ${c.item}`).join(', ')));
    }
    if (!found) {
      throw new UsageError(
        unknownName(t('negotiations.noItem', String(negotiation.template_code), negotiationNo), item, checklist.map((c) => c.item), t('negotiations.itsItems')),
      );
    }
    const fields = new Map<string, string>([
      ['negotiation_no', negotiationNo],
      ['item', found.item],
      ['outcome', outcome],
      ['note', opts.note ?? found.note ?? ''],
    ]);
    const summary = await importOne(db, 'negotiation-items', 'check', `negotiations check ${negotiationNo}`, fields, ctx, t('negotiations.notChanged', negotiationNo), (c) => CHECK_FLAGS[c] ?? c);
    if (summary.operation === undefined || summary.inserted + summary.updated === 0) {
      say(ctx, t('negotiations.sameOutcome', negotiationNo, found.item, t('crm.value', 'item', String(found.outcome))));
      return;
    }
    say(ctx, t('negotiations.checked', negotiationNo, found.item, found.outcome ? t('crm.value', 'item', found.outcome) : null, t('crm.value', 'item', outcomeOf(outcome)), summary.operation!));
  });
}

const outcomeOf = (text: string) => ({ да: 'yes', частично: 'partly', нет: 'no', выполнено: 'yes', отчасти: 'partly', 'не выполнено': 'no' } as Record<string, string>)[text.trim().toLowerCase()] ?? text.trim().toLowerCase();
