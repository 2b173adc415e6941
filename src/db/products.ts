import type { Db } from './connection.js';
import { sq } from './handle.js';

export interface DuplicateGroup {
  normalized: string;
  products: { sku: string; name: string }[];
}

/** Products that share a normalized name (SPEC §3), one set-based query. */
export async function duplicateProducts(db: Db): Promise<DuplicateGroup[]> {
  const rows = sq(db)
    .prepare(
      `SELECT p.name_key AS normalized, p.sku, p.name FROM products p
       JOIN (SELECT name_key FROM products GROUP BY name_key HAVING COUNT(*) > 1) d ON d.name_key = p.name_key
       ORDER BY p.name_key, p.sku`,
    )
    .all() as { normalized: string; sku: string; name: string }[];
  const groups = new Map<string, DuplicateGroup>();
  for (const r of rows) {
    const g = groups.get(r.normalized) ?? { normalized: r.normalized, products: [] };
    g.products.push({ sku: r.sku, name: r.name });
    groups.set(r.normalized, g);
  }
  return [...groups.values()];
}

export interface PartyDuplicates {
  /** Why they look like one: the same INN, or the same normalized name. */
  by: 'inn' | 'name';
  value: string;
  records: { code: string; name: string; inn: string | null }[];
}

/** Clients or suppliers that share an INN, or whose names normalize alike (SPEC §3 normalization). */
export async function duplicateParties(db: Db, table: 'clients' | 'suppliers', normalize: (name: string) => string): Promise<PartyDuplicates[]> {
  const rows = sq(db).prepare(`SELECT code, name, inn FROM ${table} ORDER BY code`).all() as { code: string; name: string; inn: string | null }[];
  const groups = (by: 'inn' | 'name', key: (r: (typeof rows)[number]) => string | null): PartyDuplicates[] => {
    const out = new Map<string, PartyDuplicates>();
    for (const r of rows) {
      const k = key(r);
      if (k === null || k === '') continue;
      const g = out.get(k) ?? { by, value: k, records: [] };
      g.records.push(r);
      out.set(k, g);
    }
    return [...out.values()].filter((g) => g.records.length > 1);
  };
  return [...groups('inn', (r) => r.inn), ...groups('name', (r) => normalize(r.name))];
}
