import type { Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { duplicateProducts } from '../db/products.js';
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
