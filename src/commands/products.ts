import type { Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { duplicateParties, duplicateProducts } from '../db/products.js';
import { nameKey } from '../import/normalize.js';
import { plural } from '../util/plural.js';

export async function runProductDuplicates(opts: { json: boolean }, ctx: Ctx): Promise<void> {
  const groups = await withDb(ctx.dbPath, 'read', (db) => duplicateProducts(db));
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ duplicates: groups }, null, 2)}\n`);
    return;
  }
  if (groups.length === 0) {
    ctx.stdout.write('no suspected duplicates\n');
    return;
  }
  for (const g of groups) {
    ctx.stdout.write(`${g.normalized}\n`);
    for (const p of g.products) ctx.stdout.write(`  ${p.sku}\t${p.name}\n`);
  }
  ctx.stderr.write(`${plural(groups.length, 'group')} of products with the same normalized name\n`);
}

/** `crm clients|suppliers duplicates`: the same INN, or names that normalize alike. */
export async function runPartyDuplicates(entity: 'clients' | 'suppliers', opts: { json: boolean }, ctx: Ctx): Promise<void> {
  const groups = await withDb(ctx.dbPath, 'read', (db) => duplicateParties(db, entity, nameKey));
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ duplicates: groups }, null, 2)}\n`);
    return;
  }
  if (groups.length === 0) {
    ctx.stdout.write('no suspected duplicates\n');
    return;
  }
  for (const g of groups) {
    ctx.stdout.write(`${g.by === 'inn' ? 'INN' : 'name'} ${g.value}\n`);
    for (const r of g.records) ctx.stdout.write(`  ${r.code}\t${r.name}${r.inn ? `\tИНН ${r.inn}` : ''}\n`);
  }
  ctx.stderr.write(`${plural(groups.length, 'group')} of ${entity} that look like one\n`);
}
