// The names beside codes in the tables people read (SPEC §10): one read per kind of code.
import type { Db } from './connection.js';
import { sq } from './handle.js';

const NAME_OF = {
  client: 'SELECT code, name FROM clients',
  manager: 'SELECT code, name FROM managers',
  group: 'SELECT code, name FROM product_groups',
  supplier: 'SELECT code, name FROM suppliers',
  sku: 'SELECT sku, name FROM products',
  reason: 'SELECT code, name FROM refusal_reasons',
} as const;

export type NamedCode = keyof typeof NAME_OF;
export const NAMED_CODES = Object.keys(NAME_OF) as NamedCode[];

/** Code → name for each kind asked. */
export async function codeNames(db: Db, kinds: NamedCode[]): Promise<Map<NamedCode, Map<string, string>>> {
  const out = new Map<NamedCode, Map<string, string>>();
  for (const kind of kinds) out.set(kind, new Map(sq(db).prepare(NAME_OF[kind]).raw().all() as [string, string][]));
  return out;
}
