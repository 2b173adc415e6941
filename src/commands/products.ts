import type { Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { duplicateParties, duplicateProducts } from '../db/products.js';
import { nameKey } from '../model/normalize.js';
import { t } from '../i18n/index.js';

/** Groups of suspected duplicates: JSON, or a heading and its records per group, and a count on stderr. */
function printGroups<G>(ctx: Ctx, json: boolean, groups: G[], heading: (g: G) => string, lines: (g: G) => string[], what: (n: number) => string): void {
  if (json) {
    ctx.stdout.write(`${JSON.stringify({ duplicates: groups }, null, 2)}\n`);
    return;
  }
  if (groups.length === 0) {
    ctx.stdout.write(`${t('master.noDuplicates')}\n`);
    return;
  }
  for (const g of groups) ctx.stdout.write(`${heading(g)}\n${lines(g).map((l) => `  ${l}\n`).join('')}`);
  ctx.stderr.write(`${what(groups.length)}\n`);
}

export async function runProductDuplicates(opts: { json: boolean }, ctx: Ctx): Promise<void> {
  const groups = await withDb(ctx.dbPath, 'read', (db) => duplicateProducts(db));
  printGroups(ctx, opts.json, groups, (g) => g.normalized, (g) => g.products.map((p) => `${p.sku}\t${p.name}`), (n) => t('master.duplicateProducts', n));
}

/** `crm clients|suppliers duplicates`: the same INN, or names that normalize alike. */
export async function runPartyDuplicates(entity: 'clients' | 'suppliers', opts: { json: boolean }, ctx: Ctx): Promise<void> {
  const groups = await withDb(ctx.dbPath, 'read', (db) => duplicateParties(db, entity, nameKey));
  printGroups(
    ctx,
    opts.json,
    groups,
    (g) => t('master.sameBy', g.by === 'inn', g.value),
    (g) => g.records.map((r) => `${r.code}\t${r.name}${r.inn ? `\tИНН ${r.inn}` : ''}`),
    (n) => t('master.duplicateParties', n, entity),
  );
}
