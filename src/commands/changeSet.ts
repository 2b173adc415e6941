// How a change set reads on the terminal (SPEC §7): per table counts, and each row with its
// fields before → after. The history, an undo and an import's dry run all print it this way.
import type { Db } from '../db/connection.js';
import { naturalKey, type RowChange } from '../db/history.js';
import type { TableStats } from '../db/journal.js';
import { moneyPlain } from '../io/locale.js';
import { ENTITIES, REFS } from '../model/entities.js';
import { t } from '../i18n/index.js';
import type { NoChange } from '../i18n/areas/changes.js';

/** `shipments +3 ~1, shipment_lines +9 −2`: inserted, updated, deleted per table. */
export function tableChanges(tables: Record<string, TableStats> | null | undefined, none: NoChange = 'change'): string {
  if (!tables) return t('changes.noJournal');
  const parts = Object.entries(tables)
    .map(([t, s]) => [t, [s.inserted ? `+${s.inserted}` : '', s.updated ? `~${s.updated}` : '', s.deleted ? `−${s.deleted}` : ''].filter(Boolean).join(' ')])
    .filter(([, counts]) => counts !== '')
    .map(([t, counts]) => `${t} ${counts}`);
  return parts.length ? parts.join(', ') : t('changes.none', none);
}

/** How a stored column reads: by its name in files (`client_code`), money in roubles, a reference by the code it points at. */
interface ColumnView {
  field: string;
  money?: boolean;
  /** The table a reference points at. */
  ref?: string;
}

let views: Map<string, Map<string, ColumnView>> | undefined;

/** Column views of every entity's tables, from the entity definitions (built once). */
function columnViews(): Map<string, Map<string, ColumnView>> {
  if (views) return views;
  views = new Map();
  for (const spec of ENTITIES) {
    for (const map of [spec.table, spec.lines]) {
      if (!map) continue;
      const columns = views.get(map.table) ?? new Map<string, ColumnView>();
      for (const [field, f] of Object.entries(map.fields)) {
        const type = spec.columns.find((c) => c.name === field)?.type;
        columns.set(f.column, { field, money: type === 'money', ref: f.ref ? REFS[f.ref].table : undefined });
      }
      views.set(map.table, columns);
    }
  }
  return views;
}

/** A stored value as people read it: `"C001"` for a client id, `1234.56` for kopecks. */
function shown(db: Db | undefined, view: ColumnView | undefined, value: unknown): string {
  if (value === null || value === undefined || !view) return JSON.stringify(value ?? null);
  if (view.money && typeof value === 'number') return moneyPlain(value);
  if (view.ref && typeof value === 'number') return JSON.stringify(naturalKey(db, view.ref, null, value));
  return JSON.stringify(value);
}

/**
 * `name: old → new` for every field an update changed, by the names and in the units of the
 * import files when `table` is an entity's (`credit_limit: 100000.00 → 150000.00`,
 * `manager_code: "M1" → "M2"`); raw otherwise.
 */
export function fieldChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null, table?: string, db?: Db): string[] {
  if (!before || !after) return [];
  const columns = table ? columnViews().get(table) : undefined;
  return Object.keys({ ...before, ...after })
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) => {
      const view = columns?.get(k);
      return `${view?.field ?? k}: ${shown(db, view, before[k])} → ${shown(db, view, after[k])}`;
    });
}

/** The filled fields of a new row, ids left out, cut to one terminal line. */
function newFields(row: Record<string, unknown> | null, table: string, db: Db | undefined): string {
  if (!row) return '';
  const columns = columnViews().get(table);
  const text = Object.entries(row)
    .filter(([k, v]) => k !== 'id' && v !== null && v !== undefined)
    .map(([k, v]) => `${columns?.get(k)?.field ?? k}: ${shown(db, columns?.get(k), v)}`)
    .join(', ');
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

/**
 * One row of a change set: `+ clients C9 {…}`, `~ clients C1: deferral_days: 30 → 45`,
 * `− shipments T7 (with 3 shipment lines before)`. `db` names rows by their key when the
 * row itself does not carry it; `withFields`: show a new row's fields too.
 */
export function describeChange(r: RowChange, db?: Db, withFields = false): string {
  const key = naturalKey(db, r.table, r.after ?? r.before, r.id);
  const children = r.childrenBefore ? Object.entries(r.childrenBefore).map(([table, n]) => t('changes.childrenBefore', table, n)) : [];
  if (r.action === 'insert') return `+ ${r.table} ${key}${withFields ? ` {${newFields(r.after, r.table, db)}}` : ''}`;
  if (r.action === 'delete') return children.length ? t('changes.deletedWith', `− ${r.table} ${key}`, children.join(', ')) : `− ${r.table} ${key}`;
  const fields = fieldChanges(r.before, r.after, r.table, db);
  return `~ ${r.table} ${key}: ${fields.join('; ') || t('changes.linesReplaced', children.join(', '))}`;
}

/**
 * What a dry run would change (SPEC §7): `would change: …` per table and, when it kept them
 * (-v), its first rows, with a count of the rest. `db`, open still, names the rows they refer to.
 */
export function changeSetLines(tables: Record<string, TableStats>, preview: RowChange[] | undefined, db?: Db): string[] {
  const lines = [t('changes.wouldChange', tableChanges(tables, 'nothing'))];
  if (!preview) return lines;
  lines.push(...preview.map((r) => `  ${describeChange(r, db, true)}`));
  const total = Object.values(tables).reduce((n, t) => n + t.inserted + t.updated + t.deleted, 0);
  if (total > preview.length) lines.push(`  ${t('changes.moreRows', total - preview.length)}`);
  return lines;
}

/** Rows of a change set a dry run with -v shows. */
export const PREVIEW_ROWS = 50;
