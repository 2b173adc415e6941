// `crm history`, `crm history show OP [--rows]`, `crm history record ENTITY KEY` (SPEC §7):
// every write is an operation; these read them back.
import { lang, t } from '../i18n/index.js';
import path from 'node:path';
import type { Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { onServer } from '../db/rights.js';
import { say } from '../context.js';
import { dependentRows, findOperation, listOperations, operationRows, recordId, rowTimeline, type OperationInfo } from '../db/history.js';
import { describeChange, fieldChanges, tableChanges } from './changeSet.js';
import { UsageError } from '../errors.js';
import { parseDayOption, localTime } from '../io/locale.js';
import { outputTable } from '../io/render/index.js';
import type { Table } from '../io/table.js';
import { ENTITY_NAMES, entitySpec } from '../model/entities.js';
import { plural, singular } from '../util/plural.js';
import { unknownName } from '../util/suggest.js';
import type { OptionValue } from '../i18n/areas/expected.js';

/** `7` → 7: a whole number from 1 up to 2^53 − 1; anything else is bad usage saying `expected`. */
function wholeNumber(text: string, name: string, expected: OptionValue): number {
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || n < 1 || !Number.isSafeInteger(n)) throw new UsageError(t('expected.option', name, text, expected));
  return n;
}

export const operationNumber = (text: string) => wholeNumber(text, 'OP', 'operation');
const limitNumber = (text: string) => wholeNumber(text, '--limit', 'wholeFrom1');

function status(op: OperationInfo): string {
  if (op.undone_by !== null) return t('changes.undoneBy', op.undone_by);
  if (op.undoes !== null) return t('changes.undoes', op.undoes);
  return '';
}

/** Per table: +inserted ~updated −deleted. */
const tableCounts = (op: OperationInfo) => (op.kind === 'restore' ? t('changes.everyRowReplaced') : tableChanges(op.tables, 'rows'));

export async function runHistory(opts: { entity?: string; user?: string; since?: string; limit?: string; json?: boolean }, ctx: Ctx): Promise<void> {
  if (opts.entity !== undefined && !entitySpec(opts.entity)) throw new UsageError(unknownName('--entity', opts.entity, ENTITY_NAMES));
  const since = opts.since !== undefined ? parseDayOption('--since', opts.since) : undefined;
  const limit = opts.limit !== undefined ? limitNumber(opts.limit) : undefined;
  let server = false;
  const ops = await withDb(ctx.dbPath, 'read', async (db) => {
    server = onServer(db);
    return listOperations(db, { entity: opts.entity, user: opts.user, since, limit });
  });
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ operations: ops }, null, 2)}\n`);
    return;
  }
  const ru = lang() === 'ru';
  const table: Table = {
    name: 'history',
    columns: [
      { key: 'id', header: 'op', kind: 'int', ...(ru ? { title: 'Операция' } : {}) },
      { key: 'started_at', header: 'when', kind: 'text', ...(ru ? { title: 'Когда' } : {}) },
      { key: 'user', header: 'user', kind: 'text', ...(ru ? { title: 'Пользователь' } : {}) },
      { key: 'command', header: 'command', kind: 'text', ...(ru ? { title: 'Команда' } : {}) },
      { key: 'entity', header: 'entity', kind: 'text', ...(ru ? { title: 'Данные' } : {}) },
      { key: 'source', header: 'file', kind: 'text', ...(ru ? { title: 'Файл' } : {}) },
      { key: 'changes', header: 'changes', kind: 'text', ...(ru ? { title: 'Изменения' } : {}) },
      { key: 'status', header: 'status', kind: 'text', ...(ru ? { title: 'Статус' } : {}) },
    ],
    rows: ops.map((o) => ({
      id: o.id,
      started_at: localTime(o.started_at),
      user: o.user,
      command: o.command,
      entity: o.entity,
      source: o.source ? path.basename(o.source) : null,
      changes: tableCounts(o),
      status: status(o),
    })),
  };
  const filtered = opts.entity !== undefined || opts.user !== undefined || since !== undefined;
  if (ops.length === 0) ctx.stdout.write(`${t('history.none', filtered)}\n`);
  else await outputTable(table, {}, ctx);
  // a server's id sequence does not roll back when a write dies (Ctrl-C, a lost connection):
  // the numbers it used up are missing from the list; say why, once, rather than leave a puzzle
  if (server && !filtered) {
    const missing = missingNumbers(ops.map((o) => o.id));
    if (missing.length > 0) say(ctx, t('db.historyGaps', missing));
  }
}

/** The numbers between the lowest and the highest listed that are not listed, as ranges ("8–11"). */
function missingNumbers(ids: number[]): string[] {
  const sorted = [...ids].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const [from, to] = [sorted[i - 1]! + 1, sorted[i]! - 1];
    if (from <= to) out.push(from === to ? String(from) : `${from}–${to}`);
  }
  return out;
}

export async function runHistoryShow(opText: string, opts: { rows?: boolean; limit?: string; json?: boolean }, ctx: Ctx): Promise<void> {
  const id = operationNumber(opText);
  const limit = opts.limit !== undefined ? limitNumber(opts.limit) : 100;
  await withDb(ctx.dbPath, 'read', async (db) => {
    const op = findOperation(db, id);
    if (!op) throw new UsageError(t('history.noOperation', id));
    const rows = opts.rows || opts.json ? operationRows(db, id, limit) : undefined;
    if (opts.json) {
      ctx.stdout.write(`${JSON.stringify({ operation: op, rows: rows!.rows, more_rows: rows!.more }, null, 2)}\n`);
      return;
    }
    const lines = [
      `operation ${op.id}: ${op.command}${op.entity ? ` (${op.entity})` : ''}${status(op) ? `, ${status(op)}` : ''}`,
      `  by ${op.user}, ${localTime(op.started_at)}${op.finished_at ? ` → ${localTime(op.finished_at)}` : ''}`,
      ...(op.argv ? [`  command line: ${op.argv}`] : []),
      ...(op.source ? [`  file: ${op.source}${op.source_sha256 ? ` (sha256 ${op.source_sha256})` : ''}`] : []),
      `  ${[`${op.inserted} inserted`, `${op.updated} updated`, ...(op.deleted ? [`${op.deleted} deleted`] : []), `${op.unchanged} unchanged`, `${op.rejected} rejected`].join(', ')}`,
      `  rows: ${tableCounts(op)}`,
    ];
    if (rows) {
      lines.push('', ...rows.rows.map((r) => `  ${describeChange(r, db)}`));
      if (rows.more > 0) lines.push(`  … and ${plural(rows.more, 'more row')} (--limit N shows more)`);
    }
    ctx.stdout.write(`${lines.join('\n')}\n`);
  });
}

export async function runHistoryRecord(entity: string, key: string, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const spec = entitySpec(entity);
  if (!spec) throw new UsageError(unknownName('unknown entity', entity, ENTITY_NAMES));
  if (spec.plan) throw new UsageError(t('usage.historyOfPlan', spec.plan.kind.replace('_', '-')));
  if (spec.key.length > 1) throw new UsageError(t('usage.historyNoKey', entity));
  await withDb(ctx.dbPath, 'read', async (db) => {
    const found = recordId(db, spec, key);
    if (found === undefined) throw new UsageError(t('usage.historyNoRecord', singular(entity), entity, JSON.stringify(key)));
    const table = spec.table.table;
    // the record's own changes, then those of the rows that go with it (a deal's stage changes), by operation
    const timeline = [
      ...rowTimeline(db, table, found.id).map((t) => ({ ...t, table, part: undefined as string | undefined })),
      ...dependentRows(db, table, found.id).flatMap((d) => rowTimeline(db, d.table, d.id).map((t) => ({ ...t, table: d.table, part: d.label }))),
    ].sort((a, b) => a.op.id - b.op.id);
    if (opts.json) {
      ctx.stdout.write(`${JSON.stringify({ entity, key, changes: timeline.map((t) => ({ operation: t.op.id, command: t.op.command, user: t.op.user, at: t.op.started_at, source: t.op.source, ...(t.part ? { part: t.part } : {}), action: t.change.action, fields: fieldChanges(t.change.before, t.change.after, t.table, db), before: t.change.before, after: t.change.after })), deleted: found.deleted }, null, 2)}\n`);
      return;
    }
    if (timeline.length === 0) {
      ctx.stdout.write(`${entity} ${key}: no journaled change (written before crm kept a journal)\n`);
      return;
    }
    for (const t of timeline) {
      const what = t.change.action === 'insert' ? 'created' : t.change.action === 'delete' ? 'deleted' : fieldChanges(t.change.before, t.change.after, t.table, db).join('; ') || 'lines replaced';
      ctx.stdout.write(`${localTime(t.op.started_at)}  op ${t.op.id}  ${t.op.user}  ${t.op.command}${t.op.source ? ` ${path.basename(t.op.source)}` : ''}: ${t.part ? `${t.part} ` : ''}${what}${status(t.op) ? ` (${status(t.op)})` : ''}\n`);
    }
  });
}
