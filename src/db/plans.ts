// Plan versions (SPEC §5): every import of a plan makes a new version; old versions are
// never changed.
import type { Rec } from '../model/types.js';
import type { EntitySpec } from '../model/entities.js';
import type { Sqlite } from './sqlite.js';
import { sq, type Db } from './handle.js';
import type { Journal } from './journal.js';
import { canonicalSelect, entityWriter, loadRefMaps, refsOf } from './importStore.js';

export type PlanKind = 'sales' | 'managers' | 'min_stock';

export interface PlanVersion {
  id: number;
  kind: PlanKind;
  number: number;
  author: string;
  createdAt: string;
  note: string | null;
  source: string | null;
}

/** A version by number, or the latest when none is given. */
export function findPlanVersion(db: Db, kind: PlanKind, number?: number): PlanVersion | undefined {
  if (number === undefined) return latestPlanVersion(sq(db), kind);
  return sq(db)
    .prepare('SELECT id, kind, number, author, created_at AS createdAt, note, source FROM plan_versions WHERE kind = ? AND number = ?')
    .get(kind, number) as PlanVersion | undefined;
}

/** The cells of a version (see planCells). */
export function versionCells(db: Db, spec: EntitySpec, versionId: number): Rec[] {
  return planCells(sq(db), spec, versionId);
}

/** Every version of every plan kind (or one kind), with its number of cells, oldest first. */
export function listPlanVersions(db: Db, kind?: PlanKind): Record<string, string | number | null>[] {
  return sq(db)
    .prepare(
      `SELECT v.kind, v.number, v.author, v.created_at, v.note, v.source,
         (SELECT COUNT(*) FROM plan_sales WHERE version_id = v.id) + (SELECT COUNT(*) FROM plan_managers WHERE version_id = v.id)
         + (SELECT COUNT(*) FROM plan_min_stock WHERE version_id = v.id) AS cells
       FROM plan_versions v ${kind ? 'WHERE v.kind = ?' : ''} ORDER BY v.kind, v.number`,
    )
    .all(...(kind ? [kind] : [])) as Record<string, string | number | null>[];
}

export function latestPlanVersion(sqlite: Sqlite, kind: PlanKind): PlanVersion | undefined {
  return sqlite
    .prepare(
      'SELECT id, kind, number, author, created_at AS createdAt, note, source FROM plan_versions WHERE kind = ? ORDER BY number DESC LIMIT 1',
    )
    .get(kind) as PlanVersion | undefined;
}

/** The cells of one version, canonical (codes, kopecks), in key order. */
export function planCells(sqlite: Sqlite, spec: EntitySpec, versionId: number): Rec[] {
  const select = canonicalSelect(spec).replace(' ORDER BY ', ' WHERE h.version_id = ? ORDER BY ');
  return sqlite.prepare(select).all(versionId) as Rec[];
}

export function createPlanVersion(
  sqlite: Sqlite,
  spec: EntitySpec,
  version: { author: string; createdAt: string; note: string | null; source: string | null },
  cells: Rec[],
  journal?: Journal,
): PlanVersion {
  const kind = spec.plan!.kind;
  const number = (latestPlanVersion(sqlite, kind)?.number ?? 0) + 1;
  const { id } = sqlite
    .prepare('INSERT INTO plan_versions (kind, number, author, created_at, note, source) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
    .get(kind, number, version.author, version.createdAt, version.note, version.source) as { id: number };
  journal?.inserted('plan_versions', id); // the cells belong to the version: they go with it
  const withVersion: EntitySpec = {
    ...spec,
    key: ['version_id', ...spec.key],
    table: { ...spec.table, fields: { version_id: { column: 'version_id' }, ...spec.table.fields } },
  };
  const writer = entityWriter(sqlite, withVersion, loadRefMaps(sqlite, refsOf(spec)));
  for (const cell of cells) writer.write({ ...cell, version_id: id }, undefined, true);
  return { id, kind, number, ...version };
}
