import { say, type Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { exportEntity, writeTemplate } from '../export/exporter.js';

export async function runExport(opts: { entity: string; output: string; format?: string }, ctx: Ctx): Promise<void> {
  const result = await withDb(ctx.dbPath, 'read', (db) => exportEntity(db, opts.entity, opts.output, opts.format));
  for (const w of result.warnings) say(ctx, `warning: ${w}`);
  if (ctx.verbose || ctx.stderrTTY) say(ctx, `wrote ${result.rows.toLocaleString('en-US')} ${opts.entity} rows to ${opts.output} (${result.format})`);
}

export async function runTemplate(opts: { entity: string; output: string }, ctx: Ctx): Promise<void> {
  await writeTemplate(opts.entity, opts.output);
  if (ctx.verbose || ctx.stderrTTY) say(ctx, `wrote the ${opts.entity} template to ${opts.output}`);
}
