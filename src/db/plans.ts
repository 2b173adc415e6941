// Plan versions (SPEC §5): every import of a plan makes a new version; old versions are
// never changed.
import type { Rec } from '../model/types.js';
import type { EntitySpec } from '../model/entities.js';
import type { Sqlite } from './connection.js';
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
): PlanVersion {
  const kind = spec.plan!.kind;
  const number = (latestPlanVersion(sqlite, kind)?.number ?? 0) + 1;
  const { id } = sqlite
    .prepare('INSERT INTO plan_versions (kind, number, author, created_at, note, source) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
    .get(kind, number, version.author, version.createdAt, version.note, version.source) as { id: number };
  const withVersion: EntitySpec = {
    ...spec,
    key: ['version_id', ...spec.key],
    table: { ...spec.table, fields: { version_id: { column: 'version_id' }, ...spec.table.fields } },
  };
  const writer = entityWriter(sqlite, withVersion, loadRefMaps(sqlite, refsOf(spec)));
  for (const cell of cells) writer.write({ ...cell, version_id: id });
  return { id, kind, number, ...version };
}
