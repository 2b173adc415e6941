// `crm report NAME …`: options resolved once, the report builds one table, a renderer
// writes it (terminal, CSV, JSON, xlsx). Quiet on success with -o unless -v (cron).
import { say, type Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { UsageError } from '../errors.js';
import { checkOutputPath } from '../io/outputPath.js';
import { outputTable, resolveFormat, resolveLayout } from '../io/render/index.js';
import { jsonRows } from '../io/render/json.js';
import { jsonCell } from '../io/table.js';
import { REPORTS } from '../reports/catalog.js';
import { resolveReportOptions, type RawReportOptions } from '../reports/options.js';
import { REPORT_RUNNERS } from '../reports/registry.js';
import { plural } from '../util/plural.js';

export interface ReportCommandOptions extends RawReportOptions {
  format?: string;
  output?: string;
  layout?: string;
}

export async function runReportList(ctx: Ctx): Promise<void> {
  const width = Math.max(...REPORTS.map((r) => r.name.length));
  for (const r of REPORTS) ctx.stdout.write(`${r.name.padEnd(width)}  ${r.title}\n`);
  ctx.stdout.write(`\ncrm report NAME --help explains the columns and formulas.\n`);
}

export async function runReport(name: string, raw: ReportCommandOptions, ctx: Ctx): Promise<void> {
  const load = REPORT_RUNNERS[name];
  if (!load) throw new UsageError(`unknown report "${name}"; crm report list shows the reports`);
  const opts = resolveReportOptions(raw, ctx.asOf);
  if (raw.output) checkOutputPath(raw.output, { flag: '-o', database: ctx.dbPath });
  const format = resolveFormat(raw.format, raw.output);
  resolveLayout(raw.layout, format); // bad usage before any work
  const run = await load();
  const result = await withDb(ctx.dbPath, 'read', (db) => run(db, opts));
  const { table } = result;
  let written = table.rows.length;
  if (format === 'json') {
    const totalsColumns = new Map([...table.columns, ...(table.totalColumns ?? [])].map((c) => [c.key, c.kind]));
    const totals = Object.fromEntries(Object.entries(table.totals ?? {}).map(([k, v]) => [k, jsonCell(totalsColumns.get(k) ?? 'number', v)]));
    const text = `${JSON.stringify({ report: name, params: result.params, rows: jsonRows(table), totals }, null, 2)}\n`;
    if (raw.output) {
      const { writeAtomically } = await import('../io/write.js');
      const fs = await import('node:fs');
      await writeAtomically(raw.output, async (temp) => fs.writeFileSync(temp, text));
    } else ctx.stdout.write(text);
  } else {
    written = await outputTable(table, { format, output: raw.output, layout: raw.layout }, ctx);
    if (format === 'table' && name === 'illiquid' && table.totals?.share_pct !== undefined && table.totals.share_pct !== null) {
      ctx.stdout.write(`illiquid stock is ${Number(table.totals.share_pct).toFixed(2)} % of the value of all stock\n`);
    }
  }
  if (raw.output && ctx.verbose) say(ctx, `wrote ${plural(written, 'row')} of ${name} to ${raw.output}`);
}
