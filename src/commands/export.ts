import { t } from '../i18n/index.js';
import { say, type Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { exportEntity, resolveExportFormat, writeTemplate } from '../export/exporter.js';
import { checkOutputPath } from '../io/outputPath.js';
import { headersOption } from '../io/render/index.js';

export async function runExport(opts: { entity: string; output: string; format?: string; headers?: string }, ctx: Ctx): Promise<void> {
  // the output rules before the database is opened: nothing is written when they fail
  checkOutputPath(opts.output, { flag: '-o', database: ctx.dbPath });
  const format = resolveExportFormat(opts.format, opts.output);
  const headers = headersOption(opts.headers, format);
  const result = await withDb(ctx.dbPath, 'read', (db) => exportEntity(db, opts.entity, opts.output, opts.format, headers));
  for (const w of result.warnings) say(ctx, t('import.warning', w));
  if (ctx.verbose || ctx.stderrTTY) say(ctx, t('export.wrote', result.rows, opts.entity, opts.output, result.format));
}

export async function runTemplate(opts: { entity: string; output: string }, ctx: Ctx): Promise<void> {
  checkOutputPath(opts.output, { flag: '-o', database: ctx.dbPath });
  await writeTemplate(opts.entity, opts.output);
  if (ctx.verbose || ctx.stderrTTY) say(ctx, t('export.wroteTemplate', opts.entity, opts.output));
}
