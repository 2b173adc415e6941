// Reads behind `crm clients|products|… list|show`: set-based, plain rows out.
import type { Rec } from '../model/types.js';
import type { EntitySpec } from '../model/entities.js';
import type { Db } from './connection.js';
import { sq } from './handle.js';
import { unreadableColumns } from './rights.js';
import { canonicalSelect, iterateCanonical } from './importStore.js';
import { pushTo } from '../util/multimap.js';

/**
 * The fields of an entity this user may not read: on a PostgreSQL server the columns its role
 * is not granted (the warehouse reads no client's money, src/db/rightsPolicy.ts); none on SQLite.
 * A list or card leaves them out instead of being refused the whole table.
 */
export function unreadableFields(db: Db, spec: EntitySpec): string[] {
  const hidden = new Set(unreadableColumns(db, spec.table.table));
  if (hidden.size === 0) return [];
  return spec.columns.filter((c) => {
    const f = spec.table.fields[c.name];
    return f !== undefined && !f.ref && hidden.has(f.column);
  }).map((c) => c.name);
}

export async function listRecords(db: Db, spec: EntitySpec): Promise<Rec[]> {
  const omit = new Set(unreadableFields(db, spec));
  if (omit.size === 0) return [...iterateCanonical(sq(db), spec)];
  return sq(db).prepare(canonicalSelect(spec, omit)).all() as Rec[];
}

export async function findRecord(db: Db, spec: EntitySpec, key: string): Promise<Rec | undefined> {
  const keyColumn = spec.table.fields[spec.key[0]!]!.column;
  const sql = canonicalSelect(spec, new Set(unreadableFields(db, spec))).replace(' ORDER BY ', ` WHERE h.${keyColumn} = ? ORDER BY `);
  return sq(db).prepare(sql).get(key) as Rec | undefined;
}

export interface GroupNode {
  code: string;
  name: string;
  parent_code: string | null;
  illiquid_after_days: number | null;
  /** Products directly in the group. */
  products: number;
}

export async function groupNodes(db: Db): Promise<GroupNode[]> {
  return sq(db)
    .prepare(
      `SELECT g.code, g.name, p.code AS parent_code, g.illiquid_after_days, COUNT(pr.id) AS products
       FROM product_groups g
       LEFT JOIN product_groups p ON p.id = g.parent_id
       LEFT JOIN products pr ON pr.group_id = g.id
       GROUP BY g.id, p.code ORDER BY g.code`,
    )
    .all() as GroupNode[];
}

/** A group and all its descendants, from child → parent links. */
export function withDescendants(root: string, parentOf: Map<string, string | null>): Set<string> {
  const children = new Map<string, string[]>();
  for (const [code, parent] of parentOf) if (parent !== null) pushTo(children, parent, code);
  const out = new Set<string>();
  const stack = [root];
  while (stack.length) {
    const code = stack.pop()!;
    if (out.has(code)) continue;
    out.add(code);
    stack.push(...(children.get(code) ?? []));
  }
  return out;
}
