// How a change set reads on the terminal (SPEC §7): per table counts, and each row with its
// fields before → after. The history, an undo and an import's dry run all print it this way.
import type { Db } from '../db/connection.js';
import { naturalKey, type RowChange } from '../db/history.js';
import type { TableStats } from '../db/journal.js';
import { plural } from '../util/plural.js';

/** `shipments +3 ~1, shipment_lines +9 −2`: inserted, updated, deleted per table. */
export function tableChanges(tables: Record<string, TableStats> | null | undefined, none = 'nothing to change'): string {
  if (!tables) return '(no journal)';
  const parts = Object.entries(tables)
    .map(([t, s]) => [t, [s.inserted ? `+${s.inserted}` : '', s.updated ? `~${s.updated}` : '', s.deleted ? `−${s.deleted}` : ''].filter(Boolean).join(' ')])
    .filter(([, counts]) => counts !== '')
    .map(([t, counts]) => `${t} ${counts}`);
  return parts.length ? parts.join(', ') : none;
}

const show = (value: unknown) => JSON.stringify(value ?? null);

/** `name: old → new` for every field an update changed. */
export function fieldChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  if (!before || !after) return [];
  return Object.keys({ ...before, ...after })
    .filter((k) => show(before[k]) !== show(after[k]))
    .map((k) => `${k}: ${show(before[k])} → ${show(after[k])}`);
}

/** The filled fields of a new row, ids left out, cut to one terminal line. */
function newFields(row: Record<string, unknown> | null): string {
  if (!row) return '';
  const text = Object.entries(row)
    .filter(([k, v]) => k !== 'id' && v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${show(v)}`)
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
  const children = r.childrenBefore ? Object.entries(r.childrenBefore).map(([t, n]) => `${plural(n, t.replace(/_/g, ' ').replace(/s$/, ''), t.replace(/_/g, ' '))} before`) : [];
  if (r.action === 'insert') return `+ ${r.table} ${key}${withFields ? ` {${newFields(r.after)}}` : ''}`;
  if (r.action === 'delete') return `− ${r.table} ${key}${children.length ? ` (with ${children.join(', ')})` : ''}`;
  const fields = fieldChanges(r.before, r.after);
  return `~ ${r.table} ${key}: ${fields.join('; ') || (children.length ? `lines replaced (${children.join(', ')})` : 'lines replaced')}`;
}
