// `crm report NAME …`: options resolved once against the report's definition, the report
// builds one table, a renderer writes it (terminal, CSV, JSON, xlsx). Quiet on success with
// -o unless -v (cron).
import { say, type Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { UsageError } from '../errors.js';
import { checkOutputPath } from '../io/outputPath.js';
import { outputTable, resolveFormat, resolveLayout } from '../io/render/index.js';
import { reportJson } from '../io/render/json.js';
import { FILTERS, REPORTS, reportDefinition } from '../reports/definitions.js';
import { checkFilterCodes } from '../reports/filters.js';
import { reportParams, resolveReportOptions, type RawReportOptions } from '../reports/options.js';
import { plural } from '../util/plural.js';

export interface ReportCommandOptions extends RawReportOptions {
  format?: string;
  json?: boolean;
  output?: string;
  layout?: string;
}

export async function runReportList(opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  if (opts.json) {
    const list = REPORTS.map((r) => ({ name: r.name, title: r.title, period: r.period, filters: r.filters, by: r.by ?? null, options: r.options ?? [] }));
    ctx.stdout.write(`${JSON.stringify({ reports: list }, null, 2)}\n`);
    return;
  }
  const width = Math.max(...REPORTS.map((r) => r.name.length));
  for (const r of REPORTS) ctx.stdout.write(`${r.name.padEnd(width)}  ${r.title}\n`);
  ctx.stdout.write(`\nFilters: ${Object.keys(FILTERS).map((f) => `--${f}`).join(', ')} where a report takes them.\n`);
  ctx.stdout.write(`crm report NAME --help explains the columns, formulas and filters.\n`);
}

/** `--json` is `--format json`; with another --format it is a contradiction. */
function formatOption(raw: ReportCommandOptions): string | undefined {
  if (!raw.json) return raw.format;
  if (raw.format !== undefined && raw.format !== 'json') throw new UsageError(`--json and --format ${raw.format} contradict each other: give one`);
  return 'json';
}

export async function runReport(name: string, raw: ReportCommandOptions, ctx: Ctx): Promise<void> {
  const definition = reportDefinition(name);
  if (!definition) throw new UsageError(`unknown report "${name}"; crm report list shows the reports`);
  const resolved = resolveReportOptions(raw, ctx.asOf, definition);
  if (raw.output) checkOutputPath(raw.output, { flag: '-o', database: ctx.dbPath });
  const format = resolveFormat(formatOption(raw), raw.output);
  resolveLayout(raw.layout, format); // bad usage before any work
  const run = await definition.load();
  const { result, opts } = await withDb(ctx.dbPath, 'read', async (db) => {
    const opts = await checkFilterCodes(db, resolved);
    return { result: await run(db, opts), opts };
  });
  const { table } = result;
  const params = reportParams(definition, opts, result.extra);
  let written = table.rows.length;
  if (format === 'json') {
    const text = reportJson(name, params, table);
    if (raw.output) {
      const { writeAtomically } = await import('../io/write.js');
      const fs = await import('node:fs');
      await writeAtomically(raw.output, async (temp) => fs.writeFileSync(temp, text));
    } else ctx.stdout.write(text);
  } else {
    written = await outputTable(table, { format, output: raw.output, layout: raw.layout }, ctx);
  }
  if (result.note) say(ctx, `${name}: ${result.note}`);
  if (raw.output && ctx.verbose) say(ctx, `wrote ${plural(written, 'row')} of ${name} to ${raw.output}`);
}
