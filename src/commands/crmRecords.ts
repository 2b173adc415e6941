// `crm interactions|deals|negotiations|claims list|show|add|edit` (SPEC §9): the records a
// person enters one at a time. add and edit go through the import itself (one in-memory row),
// so they accept and refuse exactly what an import file would, as one undoable operation.
import { say, writeToday, type Ctx } from '../context.js';
import { withDb, type Db } from '../db/connection.js';
import { dealMovesUpTo, interactionNosAt, keysInsertedBy, negotiationChecklist, stagesOf } from '../db/crmQueries.js';
import { CellProblem, parseCell } from '../import/columns.js';
import { derivedInteractionNo, INTERACTION_IDENTITY } from '../model/entityRules.js';
import { findRecord, listRecords } from '../db/masterData.js';
import { RefusedError, UsageError, ValidationError, type Problem } from '../errors.js';
import { exportColumns } from '../export/exporter.js';
import { importFile } from '../import/importer.js';
import { moneyPlain, parseDayOption } from '../io/locale.js';
import { checkOutputPath } from '../io/outputPath.js';
import { outputTable, resolveFormat } from '../io/render/index.js';
import { column, displayCell, jsonCell, type Row, type Table, type TableColumn } from '../io/table.js';
import { ChannelStages, dealVisits } from '../model/dealMoves.js';
import { CLAIM_STATUSES, entitySpec, INTERACTION_KINDS, REFS, type EntitySpec } from '../model/entities.js';
import type { ColumnSpec, Rec } from '../model/types.js';
import { plural } from '../util/plural.js';
import { ask, givenFields } from './master.js';
import { flagOf } from './masterEntities.js';
import { t } from '../i18n/index.js';
import type { CrmThing } from '../i18n/areas/crm.js';

export const CRM_ENTITIES = ['interactions', 'deals', 'negotiations', 'claims'] as const;
export type CrmEntity = (typeof CRM_ENTITIES)[number];

export const CRM_SINGULAR: Record<CrmEntity, CrmThing> = { interactions: 'interaction', deals: 'deal', negotiations: 'negotiation', claims: 'claim' };

/** The columns a terminal list shows (every column goes to --json, csv and xlsx). */
const LIST_COLUMNS: Record<CrmEntity, string[]> = {
  interactions: ['interaction_no', 'date', 'client_code', 'kind', 'direction', 'manager_code', 'subject', 'result', 'next_date'],
  deals: ['deal_no', 'date', 'client_code', 'channel', 'stage', 'manager_code', 'amount', 'expected_close'],
  negotiations: ['negotiation_no', 'date', 'client_code', 'template_code', 'manager_code', 'result', 'next_date'],
  claims: ['claim_no', 'date', 'client_code', 'cause_code', 'status', 'sku', 'qty', 'amount', 'resolved_date'],
};

const spec = (entity: CrmEntity): EntitySpec => entitySpec(entity)!;

export interface CrmListOptions {
  client?: string;
  manager?: string;
  from?: string;
  to?: string;
  channel?: string;
  status?: string;
  kind?: string;
  template?: string;
  open?: boolean;
  json?: boolean;
  format?: string;
  output?: string;
}

/** A code a list filter names must exist (exit 2 otherwise): never an empty list that looks like "none". */
async function checkCode(db: Db, entity: 'clients' | 'managers', code: string, flag: string): Promise<void> {
  if (!(await findRecord(db, entitySpec(entity)!, code))) throw new UsageError(t('crm.noSuchCode', flag, code, entity));
}

/** The stage of every deal at the end of `day`: where its path has it, and since when. */
async function dealStagesAt(db: Db, day: string): Promise<{ stages: ChannelStages; at: (deal: Rec) => { stage: string; outcome: string; since: string } | undefined }> {
  const all = await stagesOf(db);
  const stages = new ChannelStages(all);
  const byId = new Map(all.map((s) => [s.id, s]));
  const moves = new Map<string, { date: string; stageId: number }[]>();
  for (const [dealNo, date, stageId] of await dealMovesUpTo(db, day)) {
    const list = moves.get(dealNo);
    if (list) list.push({ date, stageId });
    else moves.set(dealNo, [{ date, stageId }]);
  }
  return {
    stages,
    at: (deal) => {
      const visits = dealVisits(stages, { channel: String(deal.channel), date: String(deal.date) }, moves.get(String(deal.deal_no)) ?? [], byId);
      const last = visits[visits.length - 1];
      return last ? { stage: last.stage.stage, outcome: last.stage.outcome, since: last.from } : undefined;
    },
  };
}

export async function runCrmList(entity: CrmEntity, opts: CrmListOptions, ctx: Ctx): Promise<void> {
  if (opts.output !== undefined) {
    checkOutputPath(opts.output, { flag: '-o', database: ctx.dbPath });
    resolveFormat(opts.json ? 'json' : opts.format, opts.output, '-o', opts.json ? '--json' : undefined);
  }
  if (opts.json && opts.format !== undefined && opts.format !== 'json') throw new UsageError(t('crm.jsonAndFormat', opts.format));
  if (opts.kind !== undefined) {
    const kind = INTERACTION_KINDS[opts.kind.trim().toLowerCase().replace(/ё/g, 'е')];
    if (kind === undefined) throw new UsageError(t('crm.badChoice', '--kind', opts.kind, 'kind', [...new Set(Object.values(INTERACTION_KINDS))]));
    opts = { ...opts, kind };
  }
  const from = opts.from === undefined ? undefined : parseDayOption('--from', opts.from, 'first');
  const to = opts.to === undefined ? undefined : parseDayOption('--to', opts.to, 'last');
  if (from !== undefined && to !== undefined && to < from) throw new UsageError(t('crm.toBeforeFrom', to, from));
  if (opts.status !== undefined && entity === 'claims') {
    // the words an import accepts (решена, отклонена …), as there; "open" (открыта) is --open: new or in work
    const word = opts.status.trim().toLowerCase().replace(/ё/g, 'е');
    if (OPEN_WORDS.has(word)) opts = { ...opts, status: undefined, open: true };
    else {
      const status = CLAIM_STATUSES[word];
      if (status === undefined) throw new UsageError(t('crm.badChoice', '--status', opts.status, 'status', [...new Set(Object.values(CLAIM_STATUSES)), 'open']));
      if (opts.open && (status === 'resolved' || status === 'rejected')) throw new UsageError(t('crm.openAndStatus', opts.status));
      opts = { ...opts, status };
    }
  }
  await withDb(ctx.dbPath, 'read', async (db) => {
    if (opts.client !== undefined) await checkCode(db, 'clients', opts.client, '--client');
    if (opts.manager !== undefined) await checkCode(db, 'managers', opts.manager, '--manager');
    if (opts.template !== undefined && !(await listRecords(db, entitySpec('negotiation-templates')!)).some((t) => t.template_code === opts.template)) {
      throw new UsageError(t('crm.noTemplate', opts.template));
    }
    const s = spec(entity);
    // --manager is the record's manager, else its client's: the rule of the reports (docs/crm.md)
    const clientManager = new Map(opts.manager === undefined ? [] : (await listRecords(db, entitySpec('clients')!)).map((c) => [c.code, c.manager_code]));
    let records = (await listRecords(db, s)).filter(
      (r) =>
        (opts.client === undefined || r.client_code === opts.client) &&
        (opts.manager === undefined || (r.manager_code ?? clientManager.get(r.client_code) ?? null) === opts.manager) &&
        (from === undefined || String(r.date).slice(0, 10) >= from) &&
        (to === undefined || String(r.date).slice(0, 10) <= to) &&
        (opts.kind === undefined || r.kind === opts.kind) &&
        (opts.template === undefined || r.template_code === opts.template) &&
        (opts.status === undefined || r.status === opts.status),
    );
    let columns = exportColumns(s);
    if (entity === 'deals') {
      const { stages, at } = await dealStagesAt(db, ctx.asOf);
      if (opts.channel !== undefined && !stages.has(opts.channel)) throw new UsageError(t('crm.noChannel', opts.channel, stages.channels()));
      const channel = opts.channel === undefined ? undefined : stages.channelName(opts.channel);
      records = records
        .filter((r) => channel === undefined || r.channel === channel)
        .map((r) => {
          const now = at(r);
          return { ...r, stage: now?.stage ?? null, outcome: now?.outcome ?? null, stage_since: now?.since ?? null };
        })
        .filter((r) => !opts.open || r.outcome === 'open');
      const at4 = columns.findIndex((c) => c.key === 'channel') + 1;
      columns = [...columns.slice(0, at4), column('stage'), column('outcome'), column('stage_since', 'date'), ...columns.slice(at4)];
    }
    if (entity === 'claims' && opts.open) {
      // open on the day (--to, else --as-of): made by then and not resolved or rejected by then (the claims report's rule)
      const day = to !== undefined && to < ctx.asOf ? to : ctx.asOf;
      const closedBy = (r: Row) => (r.status === 'resolved' || r.status === 'rejected') && (r.resolved_date === null || r.resolved_date === undefined || String(r.resolved_date) <= day);
      records = records.filter((r) => String(r.date).slice(0, 10) <= day && !closedBy(r));
    }
    records.sort((a, b) => (String(a.date) < String(b.date) ? -1 : String(a.date) > String(b.date) ? 1 : 0));
    const full = opts.json || opts.format !== undefined || opts.output !== undefined;
    const shown = columns.filter((c) => full || LIST_COLUMNS[entity].includes(c.key));
    const table: Table = { name: entity, columns: shown, rows: full ? (records as Row[]) : records.map(inWords) };
    await outputTable(table, { format: opts.json ? 'json' : opts.format, output: opts.output }, ctx);
    if (!full && records.length > 0) say(ctx, t('crm.count', records.length, CRM_SINGULAR[entity], entity));
  });
}

/** The words --status takes for the open claims (new or in work), as --open. */
const OPEN_WORDS = new Set(['open', 'открыта', 'открытая', 'открытые', 'открыт', 'открыто']);

/** A record for the terminal: its stored values (status, kind, outcome …) as the run's language says them; files and JSON keep the stored words. */
function inWords<R extends Rec>(rec: R): R {
  const out: Rec = { ...rec };
  for (const field of ['status', 'kind', 'direction', 'outcome', 'result']) {
    const v = out[field];
    if (typeof v === 'string') out[field] = t('crm.value', field, v);
  }
  return out as R;
}

/** `field  value` lines, the keys padded alike. */
function fieldLines(columns: TableColumn[], rec: Rec): string {
  const width = Math.max(...columns.map((c) => c.key.length));
  return columns.map((c) => `${c.key.padEnd(width)}  ${displayCell(c.kind, rec[c.key] ?? null)}\n`).join('');
}

export const jsonRecord = (columns: TableColumn[], rec: Rec) => Object.fromEntries(columns.map((c) => [c.key, jsonCell(c.kind, rec[c.key] ?? null)]));

export async function runCrmShow(entity: CrmEntity, key: string, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  await withDb(ctx.dbPath, 'read', async (db) => {
    const s = spec(entity);
    const rec = await findRecord(db, s, key);
    if (!rec) throw new UsageError(t('crm.noSuch', CRM_SINGULAR[entity], s.key[0]!, key));
    const columns = exportColumns(s);
    const checklist = entity === 'negotiations' ? await negotiationChecklist(db, key) : undefined;
    if (opts.json) {
      const out: Record<string, unknown> = jsonRecord(columns, rec);
      if (checklist) out.checklist = checklist;
      ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return;
    }
    ctx.stdout.write(fieldLines(columns, inWords(rec)));
    if (checklist && checklist.length > 0) {
      ctx.stdout.write(`\nchecklist of template ${rec.template_code}:\n`);
      await outputTable(
        { name: 'checklist', columns: [column('position', 'int'), column('item'), column('outcome'), column('note')], rows: checklist.map((c) => ({ ...c, outcome: c.outcome === null ? null : t('crm.value', 'item', c.outcome) })) },
        {},
        ctx,
      );
    }
  });
}

/** Import problems as the command line sees them: the flag instead of file, row and column. */
export function flagProblems(problems: Problem[], flagFor: (column: string) => string = flagOf): Problem[] {
  // a positional argument maps to '' (the message names it); an empty value is a flag not given
  return problems.map((p) => {
    const column = p.column ? flagFor(p.column.split(',')[0]!) : undefined;
    const value = p.value === '' || p.value === null ? undefined : p.value;
    if (column === '' && value !== undefined) return { message: `"${String(value)}": ${p.message}` };
    return { column: column || undefined, value, message: p.message };
  });
}

/** Write one record through the import; problems are exit 2 naming the flags. */
export async function importOne(
  db: Db,
  entity: string,
  kind: string,
  command: string,
  fields: Map<string, string>,
  ctx: Ctx,
  refusal: string,
  flagFor?: (column: string) => string,
  dryRun = false,
) {
  const summary = await importFile(db, {
    dryRun,
    entity,
    file: `crm ${command}`,
    memory: { header: [...fields.keys()], rows: [[...fields.values()]] },
    command,
    kind,
    argv: ctx.argv,
    user: ctx.user,
    now: ctx.now(),
    today: writeToday(ctx),
  });
  if (summary.problems.length > 0) throw new ValidationError(flagProblems(summary.problems, flagFor), refusal);
  if (!dryRun) for (const w of summary.warnings) say(ctx, t('crm.warning', w.replace(/^row \d+: /, '')));
  return summary;
}

/** A stored value as an import cell would carry it: money in roubles, the rest as text. */
function asCell(spec: EntitySpec, name: string, value: Rec[string] | undefined): string {
  if (value === null || value === undefined) return '';
  const type = spec.columns.find((c) => c.name === name)?.type;
  return type === 'money' ? moneyPlain(Number(value)) : String(value);
}

export async function runCrmAdd(entity: CrmEntity, opts: Record<string, string>, ctx: Ctx): Promise<void> {
  const s = spec(entity);
  const fields = givenFields(s, opts);
  const missing = s.columns.filter((c) => c.required && !fields.has(c.name));
  if (missing.length > 0) {
    if (!ctx.interactive) {
      throw new UsageError(t('crm.missing', missing.map((c) => flagOf(c.name)).join(', '), entity));
    }
    // each answer is checked as it is given (an unknown client is said at once, not after the last question)
    await withDb(ctx.dbPath, 'read', async (db) => {
      for (const c of missing) fields.set(c.name, await ask(c, (text) => answerProblem(db, entity, c, text)));
    });
  }
  await withDb(ctx.dbPath, 'write', async (db) => {
    const given = fields.get(s.key[0]!);
    if (s.key.length === 1 && given !== undefined && given.trim() !== '' && (await findRecord(db, s, given.trim()))) {
      throw new RefusedError(t('crm.exists', CRM_SINGULAR[entity], given.trim(), entity));
    }
    const refusal = t('crm.notWritten', CRM_SINGULAR[entity], 'added');
    // an add never changes a stored record: an interaction without --interaction-no whose derived number is taken is refused
    const preview = await importOne(db, entity, 'add', `${entity} add`, fields, ctx, refusal, undefined, true);
    if (preview.inserted === 0) {
      throw new RefusedError((entity === 'interactions' ? await interactionRecordedAlready(db, s, fields) : undefined) ?? t('crm.recordedAlready', CRM_SINGULAR[entity]));
    }
    const twin = entity === 'interactions' && !fields.get('interaction_no')?.trim() ? await interactionTwin(db, s, fields) : undefined;
    if (twin) throw new RefusedError(twin);
    const summary = await importOne(db, entity, 'add', `${entity} add`, fields, ctx, refusal);
    const keyColumn = s.table.fields[s.key[0]!]!.column;
    const [added] = await keysInsertedBy(db, summary.operation!, s.table.table, keyColumn);
    say(ctx, t('crm.added', CRM_SINGULAR[entity], added ?? given ?? '', summary.operation!));
  });
}

/**
 * What is wrong with a prompt's answer that only the database knows: a code (or name) of a
 * record that does not exist, a channel without stages. null: nothing (the import checks the rest).
 */
export async function answerProblem(db: Db, entity: CrmEntity, column: ColumnSpec, text: string): Promise<string | null> {
  const value = text.trim();
  if (value === '') return null;
  if (column.ref) {
    const target = entitySpec(REFS[column.ref].entity)!;
    if (await findRecord(db, target, value)) return null;
    const folded = value.toLocaleLowerCase('ru');
    if ((await listRecords(db, target)).some((r) => typeof r.name === 'string' && r.name.toLocaleLowerCase('ru') === folded)) return null;
    return t('crm.askUnknown', target.name, value);
  }
  if (entity === 'deals' && column.name === 'channel') {
    const stages = new ChannelStages(await stagesOf(db));
    if (!stages.has(value)) return t('crm.noChannel', value, stages.channels());
  }
  return null;
}

/** The given fields as the import reads them (the choices' words, dates), or undefined when one does not read. */
function parsedFields(s: EntitySpec, fields: Map<string, string>): Rec | undefined {
  const rec: Rec = {};
  for (const c of s.columns) {
    const value = parseCell(c, fields.get(c.name) ?? '');
    if (value instanceof CellProblem) return undefined;
    rec[c.name] = value === '' ? null : value;
  }
  return rec;
}

const same = (a: unknown, b: unknown) => (a ?? '') === (b ?? '') || (typeof a === 'number' && typeof b === 'number' && a === b);

/** `subject "цены на кабель" (given "цены")`, for each of `names` the two records differ in. */
function differences(stored: Rec, given: Rec, names: readonly string[]): string {
  return names.filter((n) => !same(stored[n], given[n])).map((n) => t('crm.differs', n, String(stored[n] ?? ''), String(given[n] ?? ''))).join(', ');
}

/**
 * An interaction add whose derived number is taken: by the same interaction (what differs
 * besides, if anything), or by one edited since it was recorded (its number stays, its fields
 * moved on): say which, never a bare "recorded already".
 */
async function interactionRecordedAlready(db: Db, s: EntitySpec, fields: Map<string, string>): Promise<string | undefined> {
  const given = parsedFields(s, fields);
  if (!given) return undefined;
  const no = derivedInteractionNo(given);
  const stored = await findRecord(db, s, no);
  if (!stored) return undefined;
  const edited = differences(stored, given, INTERACTION_IDENTITY);
  if (edited) return t('interactions.numberTaken', no, edited);
  return t('interactions.recordedAs', no, differences(stored, given, [...fields.keys()].filter((k) => !(INTERACTION_IDENTITY as readonly string[]).includes(k))));
}

/** A stored interaction of another number that is the same one now (edited to it): recorded already, under that number. */
async function interactionTwin(db: Db, s: EntitySpec, fields: Map<string, string>): Promise<string | undefined> {
  const given = parsedFields(s, fields);
  if (!given || given.date === null || given.client_code === null) return undefined;
  for (const no of await interactionNosAt(db, String(given.client_code), String(given.date))) {
    const stored = await findRecord(db, s, no);
    if (stored && differences(stored, given, INTERACTION_IDENTITY) === '') {
      return t('interactions.recordedAs', no, differences(stored, given, [...fields.keys()].filter((k) => !(INTERACTION_IDENTITY as readonly string[]).includes(k))));
    }
  }
  return undefined;
}

export async function runCrmEdit(entity: CrmEntity, key: string, opts: Record<string, string>, ctx: Ctx): Promise<void> {
  const s = spec(entity);
  const fields = givenFields(s, opts);
  if (fields.size === 0) throw new UsageError(t('crm.nothingToChange', flagOf(s.columns[1]!.name), entity));
  await withDb(ctx.dbPath, 'write', async (db) => {
    const before = await findRecord(db, s, key);
    if (!before) throw new UsageError(t('crm.noSuch', CRM_SINGULAR[entity], s.key[0]!, key));
    // a single record is written whole: the fields not given keep their stored values
    const row = new Map<string, string>();
    for (const c of s.columns) row.set(c.name, asCell(s, c.name, before[c.name]));
    for (const [k, v] of fields) row.set(k, v);
    const summary = await importOne(db, entity, 'edit', `${entity} edit ${key}`, row, ctx, t('crm.notWritten', CRM_SINGULAR[entity], 'changed'));
    say(ctx, summary.updated > 0 ? t('crm.changed', CRM_SINGULAR[entity], key, summary.operation!) : t('crm.unchanged', CRM_SINGULAR[entity], key));
  });
}
