import type { Rec } from '../model/types.js';
import type { EntitySpec } from '../model/entities.js';
import { sq, type Db } from './handle.js';
import { iterateCanonical } from './importStore.js';
import { latestPlanVersion, planCells } from './plans.js';

/** Every row of an entity in its canonical import form; a plan: the cells of its latest version. */
export function* exportRows(db: Db, spec: EntitySpec): Generator<Rec> {
  const sqlite = sq(db);
  if (spec.plan) {
    const latest = latestPlanVersion(sqlite, spec.plan.kind);
    if (latest) yield* planCells(sqlite, spec, latest.id);
    return;
  }
  yield* iterateCanonical(sqlite, spec);
}
