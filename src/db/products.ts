import type { Db } from './connection.js';

export interface DuplicateGroup {
  normalized: string;
  products: { sku: string; name: string }[];
}

/** Products that share a normalized name (SPEC §3), one set-based query. */
export async function duplicateProducts(db: Db): Promise<DuplicateGroup[]> {
  const rows = db.sqlite
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
