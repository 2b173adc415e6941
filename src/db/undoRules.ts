// An undo puts rows back and takes rows away without an import, so the entities' own rules
// (src/model/entityRules.ts hooks) would never see the result: a deal move taken out of the
// middle of a history leaves the later moves breaking the rule of a move (SPEC §9). After an
// undo has written, the rules run again over the stored records that share their first key
// field with a row it touched (a deal's moves, a channel's stages), as a re-import of them
// would, and over the records that hang off a row it changed or put back (the claims and
// deliveries of a shipment, the deal of an order, the moves of a deal, the negotiations of a
// template): a broken rule refuses the undo (exit 3) naming the records and the later
// operations that wrote them.
import { RefusedError } from '../errors.js';
import { t } from '../i18n/index.js';
import { ENTITIES, REFS, type EntitySpec } from '../model/entities.js';
import type { CellIssue, CrmNeed, FileRecord, Rec, RowKnowledge } from '../model/types.js';
import type { Db } from './handle.js';
import { sq } from './handle.js';
import { existingRecords, productCosts, recordKey } from './importStore.js';
import { ImportSession } from './importSession.js';
import type { Journal } from './journal.js';
import { fold } from '../model/dealMoves.js';
import type { Sqlite } from './sqlite.js';
import { quoteIdent } from './tables.js';

const SHOWN = 5;

/** A record an undo would leave breaking a rule. */
interface Broken {
  spec: EntitySpec;
  rec: Rec;
  message: string;
}

/** The entity whose records a table holds, when it has rules to run again. */
function ruledSpec(table: string): EntitySpec | undefined {
  return ENTITIES.find((e) => e.table.table === table && (e.kind === 'master' || e.kind === 'single') && (e.hooks?.checkFile || e.hooks?.complete));
}

const entity = (name: string): EntitySpec => ENTITIES.find((e) => e.name === name)!;

/**
 * The records whose rules read a row of another table (src/model/entityRules.ts), by the
 * column that points at it: when an undo changes or puts back such a row, they are checked
 * again (a claim against its shipment's client, day, line and quantity; a delivery not before
 * its shipment; a deal's order of the deal's client; a deal's moves in its channel, not before it).
 */
const HANGING: { parent: string; entity: string; fk: string }[] = [
  { parent: 'shipments', entity: 'claims', fk: 'shipment_id' },
  { parent: 'shipments', entity: 'deliveries', fk: 'shipment_id' },
  { parent: 'sales_orders', entity: 'deals', fk: 'order_id' },
  { parent: 'deals', entity: 'deal-stages', fk: 'deal_id' },
  { parent: 'negotiations', entity: 'negotiation-items', fk: 'negotiation_id' },
];

/** The first key field of `spec`'s rows selected by `where` (over its table as `t`), as the records name it. */
function groupsWhere(sqlite: Sqlite, spec: EntitySpec, where: string, args: unknown[]): Set<string> {
  const field = spec.table.fields[spec.key[0]!]!;
  const ref = field.ref ? REFS[field.ref] : undefined;
  const named = ref
    ? `(SELECT r.${quoteIdent(ref.code)} FROM ${quoteIdent(ref.table)} r WHERE r.id = t.${quoteIdent(field.column)})`
    : `t.${quoteIdent(field.column)}`;
  const rows = sqlite.prepare(`SELECT DISTINCT ${named} FROM ${quoteIdent(spec.table.table)} t WHERE ${where}`).pluck().all(...args) as unknown[];
  return new Set(rows.filter((v) => v !== null && v !== undefined).map(String));
}

/** The first key field of the rows an operation touched, as the records name it (a deal's number, a channel). */
function touchedGroups(db: Db, spec: EntitySpec, opId: number): Set<string> {
  const sqlite = sq(db);
  const field = spec.table.fields[spec.key[0]!]!;
  const ref = field.ref ? REFS[field.ref] : undefined;
  const code = ref ? sqlite.prepare(`SELECT ${quoteIdent(ref.code)} FROM ${quoteIdent(ref.table)} WHERE id = ?`).pluck() : undefined;
  const now = sqlite.prepare(`SELECT ${quoteIdent(field.column)} FROM ${quoteIdent(spec.table.table)} WHERE id = ?`).pluck();
  const out = new Set<string>();
  const add = (value: unknown) => {
    const named = value === null || value === undefined ? undefined : code ? code.get(value) : value;
    if (named !== null && named !== undefined) out.add(String(named));
  };
  const entries = sqlite.prepare('SELECT row_id, before FROM journal WHERE op_id = ? AND tbl = ?').all(opId, spec.table.table) as { row_id: number; before: string | null }[];
  for (const e of entries) {
    add(now.get(e.row_id));
    if (e.before !== null) add((JSON.parse(e.before) as { row: Record<string, unknown> }).row[field.column]);
  }
  return out;
}

/** The records of `spec` as they were before the undo `journal` wrote (its journal holds their images). */
function recordsBeforeUndo(db: Db, spec: EntitySpec, journal: Journal, now: Map<string, Rec>): Map<string, Rec> {
  const sqlite = sq(db);
  const out = new Map(now);
  const fields = Object.entries(spec.table.fields).filter(([, f]) => !f.ref);
  const entries = sqlite.prepare('SELECT row_id, before FROM journal WHERE op_id = ? AND tbl = ?').all(journal.opId, spec.table.table) as { row_id: number; before: string | null }[];
  const current = sqlite.prepare(`SELECT * FROM ${quoteIdent(spec.table.table)} WHERE id = ?`);
  const asRec = (row: Record<string, unknown>): Rec => Object.fromEntries(fields.map(([name, f]) => [name, (row[f.column] ?? null) as Rec[string]]));
  for (const e of entries) {
    const row = current.get(e.row_id) as Record<string, unknown> | undefined;
    if (row) out.delete(recordKey(spec, asRec(row))); // put in (or changed) by the undo
    if (e.before !== null) {
      const rec = asRec((JSON.parse(e.before) as { row: Record<string, unknown> }).row);
      out.set(recordKey(spec, rec), rec);
    }
  }
  return out;
}

/** Run the rules of `spec` over its stored records whose first key field is one of `groups`; each broken one is a problem. */
function recheck(db: Db, journal: Journal, spec: EntitySpec, groups: Set<string>, problems: Broken[], before?: Map<string, Rec>): void {
  const sqlite = sq(db);
  const session = new ImportSession({ db, opId: journal.opId, journal });
  const stored = existingRecords(sqlite, spec);
  const records = new Map<string, FileRecord>();
  for (const [key, rec] of stored) if (groups.has(key.split('\u0001')[0]!)) records.set(key, { row: 0, rec: { ...rec } });
  if (records.size === 0) return;
  const say = (rec: Rec, issue: CellIssue) => problems.push({ spec, rec, message: issue.message });
  const complete = spec.hooks?.complete;
  if (complete) {
    const needs = spec.hooks?.needs ?? [];
    const known: RowKnowledge = {
      costs: needs.includes('costs') ? productCosts(sqlite) : undefined,
      crm: session.crmKnowledge(needs.filter((n): n is CrmNeed => n !== 'costs')),
    };
    for (const { rec } of records.values()) complete(rec, known, (issue) => say(rec, issue));
  }
  spec.hooks?.checkFile?.({
    records,
    // the records before the undo, when a rule compares a change with what was (a stage's position)
    stored: before ?? stored,
    storedIsBefore: before !== undefined,
    lookups: session,
    allowDuplicates: true, // duplicates the user allowed once are theirs to keep
    reject: (key, _row, issue) => {
      const item = records.get(key);
      if (item) say(item.rec, issue);
      records.delete(key);
    },
    warn: () => undefined,
  });
  if (spec.name === 'deal-stages') stagesOfOtherChannels(sqlite, spec, groups, problems);
}

/**
 * Moves of these deals to a stage of another channel than the deal's (its channel put back
 * after it moved): the stage names may match in both channels, so the rule of a move (which
 * looks a stage up by name in the deal's channel) does not see it.
 */
function stagesOfOtherChannels(sqlite: Sqlite, spec: EntitySpec, deals: Set<string>, problems: Broken[]): void {
  const rows = sqlite
    .prepare('SELECT d.deal_no, e.date, s.stage, s.channel, d.channel FROM deal_stage_events e JOIN deals d ON d.id = e.deal_id JOIN sales_stages s ON s.id = e.stage_id WHERE s.channel <> d.channel ORDER BY d.deal_no, e.date')
    .raw()
    .all() as [string, string, string, string, string][];
  for (const [deal, date, stage, stageChannel, dealChannel] of rows) {
    if (!deals.has(deal) || fold(stageChannel) === fold(dealChannel)) continue;
    problems.push({ spec, rec: { deal_no: deal, date }, message: t('undo.stageOfOtherChannel', deal, stage, stageChannel, dealChannel) });
  }
}

/** The deals of these channels (in any case), by number. */
function dealsOfChannels(db: Db, channels: Set<string>): Set<string> {
  const folded = new Set([...channels].map(fold));
  const rows = sq(db).prepare('SELECT deal_no, channel FROM deals').raw().all() as [string, string][];
  return new Set(rows.filter(([, channel]) => folded.has(fold(channel))).map(([no]) => no));
}

/** The negotiations of these templates, by number. */
function negotiationsOfTemplates(db: Db, templates: Set<string>): Set<string> {
  const rows = sq(db).prepare('SELECT negotiation_no, template_code FROM negotiations').raw().all() as [string, string][];
  return new Set(rows.filter(([, template]) => templates.has(template)).map(([no]) => no));
}

/** The id of a stored record by its key (key fields by code), or undefined. */
function rowIdOf(sqlite: Sqlite, spec: EntitySpec, rec: Rec): number | undefined {
  const where: string[] = [];
  const args: unknown[] = [];
  for (const k of spec.key) {
    const field = spec.table.fields[k];
    if (!field) return undefined;
    const ref = field.ref ? REFS[field.ref] : undefined;
    where.push(ref ? `t.${quoteIdent(field.column)} = (SELECT r.id FROM ${quoteIdent(ref.table)} r WHERE r.${quoteIdent(ref.code)} = ?)` : `t.${quoteIdent(field.column)} = ?`);
    args.push(rec[k] ?? null);
  }
  return sqlite.prepare(`SELECT MIN(t.id) FROM ${quoteIdent(spec.table.table)} t WHERE ${where.join(' AND ')}`).pluck().get(...args) as number | undefined ?? undefined;
}

/** The standing operations after `target` that last wrote these records (not the undo itself), newest first, with their commands. */
function laterWriters(sqlite: Sqlite, target: number, undoOp: number, broken: Broken[]): { op: number; command: string }[] {
  const ops = new Set<number>();
  const last = sqlite.prepare('SELECT MAX(op_id) FROM journal WHERE tbl = ? AND row_id = ? AND op_id <> ?').pluck();
  const inserted = sqlite.prepare('SELECT op_id FROM journal_ranges WHERE tbl = ? AND ? BETWEEN first_id AND last_id').pluck();
  const writer = (table: string, id: number) => (last.get(table, id, undoOp) as number | null) ?? (inserted.get(table, id) as number | undefined);
  for (const b of broken) {
    const id = rowIdOf(sqlite, b.spec, b.rec);
    if (id === undefined || id === null) continue;
    const op = writer(b.spec.table.table, id);
    if (op !== undefined && op !== null && Number(op) > target) {
      ops.add(Number(op));
      continue;
    }
    // a record the undo itself put back: the later change is in what it hangs off (a claim's shipment re-dated since)
    for (const h of HANGING.filter((x) => x.entity === b.spec.name)) {
      const parent = sqlite.prepare(`SELECT ${quoteIdent(h.fk)} FROM ${quoteIdent(b.spec.table.table)} WHERE id = ?`).pluck().get(id) as number | null | undefined;
      const by = parent === null || parent === undefined ? undefined : writer(h.parent, parent);
      if (by !== undefined && by !== null && Number(by) > target) ops.add(Number(by));
    }
  }
  const command = sqlite.prepare('SELECT command FROM operations WHERE id = ?').pluck();
  return [...ops].sort((a, b) => b - a).map((op) => ({ op, command: String(command.get(op) ?? '?') }));
}

/** Run the rules of the entities `journal`'s undo touched over the records it affects; refuse on a broken one. */
export function recheckAfterUndo(db: Db, target: number, journal: Journal): void {
  const sqlite = sq(db);
  const tables = sqlite.prepare('SELECT DISTINCT tbl FROM journal WHERE op_id = ?').pluck().all(journal.opId) as string[];
  const problems: Broken[] = [];
  // entity → the groups (first key field) of its records to check again, gathered first: each entity runs once
  const pending = new Map<EntitySpec, Set<string>>();
  const want = (spec: EntitySpec, groups: Set<string>) => {
    if (groups.size === 0) return;
    const set = pending.get(spec) ?? pending.set(spec, new Set()).get(spec)!;
    for (const g of groups) set.add(g);
  };
  for (const table of tables) {
    // the records hanging off the rows the undo changed or put back (a removed row has none left: its foreign keys saw to that)
    for (const h of HANGING.filter((x) => x.parent === table)) {
      const spec = entity(h.entity);
      want(spec, groupsWhere(sqlite, spec, `t.${quoteIdent(h.fk)} IN (SELECT row_id FROM journal WHERE op_id = ? AND tbl = ? AND action <> 'delete')`, [journal.opId, table]));
    }
    const spec = ruledSpec(table);
    if (!spec) continue;
    const groups = touchedGroups(db, spec, journal.opId);
    if (groups.size === 0) continue;
    if (spec.name === 'negotiation-templates') {
      // the negotiations of a template and their checklist items name its items
      const negotiations = negotiationsOfTemplates(db, groups);
      want(entity('negotiations'), negotiations);
      want(entity('negotiation-items'), negotiations);
    }
    if (spec.name !== 'stages') {
      want(spec, groups);
      continue;
    }
    // a channel's stages: the change the undo makes is checked as an import of it would be
    // (positions and outcomes are the funnel's history), then the channel's deals and their moves
    // against the stages as they now are (a later move may now be a move back without a reason)
    recheck(db, journal, spec, groups, problems, recordsBeforeUndo(db, spec, journal, existingRecords(sqlite, spec)));
    const deals = dealsOfChannels(db, groups);
    want(entity('deals'), deals);
    want(entity('deal-stages'), deals);
  }
  for (const [spec, groups] of pending) recheck(db, journal, spec, groups, problems);
  if (problems.length === 0) return;
  const seen = new Set<string>();
  const lines = problems
    .map((p) => `${p.spec.name} ${recordKey(p.spec, p.rec).split('\u0001').join(' ')}: ${p.message}`)
    .filter((line) => !seen.has(line) && Boolean(seen.add(line)));
  const writers = laterWriters(sqlite, target, journal.opId, problems);
  throw new RefusedError(t('undo.rulesBroken', target, lines.slice(0, SHOWN), lines.length - Math.min(lines.length, SHOWN), writers));
}
