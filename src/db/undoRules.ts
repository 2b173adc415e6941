// An undo puts rows back and takes rows away without an import, so the entities' own rules
// (src/model/entityRules.ts hooks) would never see the result: a deal move taken out of the
// middle of a history leaves the later moves breaking the rule of a move (SPEC §9). After an
// undo has written, the rules run again over the stored records that share their first key
// field with a row it touched (a deal's moves, a channel's stages), as a re-import of them
// would; a broken rule refuses the undo (exit 3) naming the records.
import { RefusedError } from '../errors.js';
import { ENTITIES, REFS, type EntitySpec } from '../model/entities.js';
import type { CellIssue, CrmNeed, FileRecord, Rec, RowKnowledge } from '../model/types.js';
import type { Db } from './handle.js';
import { sq } from './handle.js';
import { existingRecords, productCosts, recordKey } from './importStore.js';
import { ImportSession } from './importSession.js';
import type { Journal } from './journal.js';
import { fold } from '../model/dealMoves.js';
import { quoteIdent } from './tables.js';

const SHOWN = 5;

/** The entity whose records a table holds, when it has rules to run again. */
function ruledSpec(table: string): EntitySpec | undefined {
  return ENTITIES.find((e) => e.table.table === table && (e.kind === 'master' || e.kind === 'single') && (e.hooks?.checkFile || e.hooks?.complete));
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
function recheck(db: Db, journal: Journal, spec: EntitySpec, groups: Set<string>, problems: string[], before?: Map<string, Rec>): void {
  const sqlite = sq(db);
  const session = new ImportSession({ db, opId: journal.opId, journal });
  const stored = existingRecords(sqlite, spec);
  const records = new Map<string, FileRecord>();
  for (const [key, rec] of stored) if (groups.has(key.split('\u0001')[0]!)) records.set(key, { row: 0, rec: { ...rec } });
  const say = (rec: Rec, issue: CellIssue) => problems.push(`${spec.name} ${recordKey(spec, rec).split('\u0001').join(' ')}: ${issue.message}`);
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
}

/** The deals of these channels (in any case), by number. */
function dealsOfChannels(db: Db, channels: Set<string>): Set<string> {
  const folded = new Set([...channels].map(fold));
  const rows = sq(db).prepare('SELECT deal_no, channel FROM deals').raw().all() as [string, string][];
  return new Set(rows.filter(([, channel]) => folded.has(fold(channel))).map(([no]) => no));
}

/** Run the rules of the entities `journal`'s undo touched over the records it affects; refuse on a broken one. */
export function recheckAfterUndo(db: Db, target: number, journal: Journal): void {
  const sqlite = sq(db);
  const tables = sqlite.prepare('SELECT DISTINCT tbl FROM journal WHERE op_id = ?').pluck().all(journal.opId) as string[];
  const problems: string[] = [];
  for (const table of tables) {
    const spec = ruledSpec(table);
    if (!spec) continue;
    const groups = touchedGroups(db, spec, journal.opId);
    if (groups.size === 0) continue;
    if (spec.name !== 'stages') {
      recheck(db, journal, spec, groups, problems);
      continue;
    }
    // a channel's stages: the change the undo makes is checked as an import of it would be
    // (positions and outcomes are the funnel's history), then the moves of the channel's deals
    // against the stages as they now are (a later move may now be a move back without a reason)
    recheck(db, journal, spec, groups, problems, recordsBeforeUndo(db, spec, journal, existingRecords(sqlite, spec)));
    const deals = dealsOfChannels(db, groups);
    const moves = ENTITIES.find((e) => e.name === 'deal-stages')!;
    if (deals.size > 0) recheck(db, journal, moves, deals, problems);
  }
  if (problems.length === 0) return;
  const shown = problems.slice(0, SHOWN).join('; ') + (problems.length > SHOWN ? `; … (${problems.length} in all)` : '');
  throw new RefusedError(
    `cannot undo operation ${target}: the records left would break their rules — ${shown}; undo the later changes of these records first (crm history lists them); nothing was written`,
  );
}
