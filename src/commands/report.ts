// `crm report NAME …`: options resolved once against the report's definition, the report
// builds one table, a renderer writes it (terminal, CSV, JSON, xlsx, HTML). For people
// (terminal, xlsx, HTML) the table gets the month layout where the report has one, titles in
// words and names beside codes; HTML adds the report's chart. Quiet on success with -o
// unless -v (cron).
import { lang, t } from '../i18n/index.js';
import { dateRu } from '../io/locale.js';
import { say, type Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { UsageError } from '../errors.js';
import { checkOutputPath } from '../io/outputPath.js';
import { headersOption, isForPeople, outputTable, resolveFormat } from '../io/render/index.js';
import { reportJson } from '../io/render/json.js';
import { FILTERS, REPORTS, reportDefinition, type ReportDefinition } from '../reports/definitions.js';
import { checkFilterCodes } from '../reports/filters.js';
import { reportParams, resolveReportOptions, type RawReportOptions } from '../reports/options.js';
import { namedCodesOf, resolveReportLayout, withNames } from '../reports/present.js';
import { reportChart, reportTitle } from '../reports/definitionsRu.js';
import { titleOf, withTitles } from '../reports/titles.js';
import type { ReportResult } from '../reports/types.js';

export interface ReportCommandOptions extends RawReportOptions {
  format?: string;
  json?: boolean;
  output?: string;
  layout?: string;
  show?: string;
  headers?: string;
}

export async function runReportList(opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  if (opts.json) {
    const list = REPORTS.map((r) => ({ name: r.name, title: r.title, period: r.period, filters: r.filters, by: r.by ?? null, options: r.options ?? [] }));
    ctx.stdout.write(`${JSON.stringify({ reports: list }, null, 2)}\n`);
    return;
  }
  const width = Math.max(...REPORTS.map((r) => r.name.length));
  for (const r of REPORTS) ctx.stdout.write(`${r.name.padEnd(width)}  ${reportTitle(r)}\n`);
  ctx.stdout.write(`${t('report.listFooter', Object.keys(FILTERS).map((f) => `--${f}`).join(', '))}\n`);
}

/** `--json` is `--format json`; with another --format it is a contradiction. */
function formatOption(raw: ReportCommandOptions): string | undefined {
  if (!raw.json) return raw.format;
  if (raw.format !== undefined && raw.format !== 'json') throw new UsageError(t('report.jsonAndFormat', raw.format));
  return 'json';
}

export async function runReport(name: string, raw: ReportCommandOptions, ctx: Ctx): Promise<void> {
  const definition = reportDefinition(name);
  if (!definition) throw new UsageError(t('report.unknown', name));
  const resolved = resolveReportOptions(raw, ctx.asOf, definition);
  if (raw.output) checkOutputPath(raw.output, { flag: '-o', database: ctx.dbPath });
  const format = resolveFormat(formatOption(raw), raw.output, '-o', raw.json ? '--json' : undefined);
  const headers = headersOption(raw.headers, format);
  // --cumulative adds year-to-date columns to the row-per-month layout: asked for, it is that layout
  const { layout, show } = resolveReportLayout(definition, raw.layout ?? (raw.cumulative ? 'long' : undefined), raw.show, format); // bad usage before any work
  const people = isForPeople(format);
  const run = await definition.load();
  const { result, opts, table } = await withDb(ctx.dbPath, 'read', async (db) => {
    const opts = await checkFilterCodes(db, resolved);
    const result = await run(db, opts);
    let table = layout === 'months' && result.months ? result.months(show) : result.table;
    if (people) {
      // names beside codes and titles in words; the long table too, for the chart's labels
      const { codeNames } = await import('../db/names.js');
      const names = await codeNames(db, [...new Set([...namedCodesOf(table), ...(format === 'html' ? namedCodesOf(result.table) : [])])]);
      table = withTitles(withNames(table, names));
      if (format === 'html') result.table = layout === 'months' ? withTitles(withNames(result.table, names)) : table;
    }
    return { result, opts, table };
  });
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
    const page = { title: name, subtitle: reportTitle(definition), facts: pageFacts(params), charts: format === 'html' ? await charts(reportChart(definition), result) : [] };
    written = await outputTable(table, { format, output: raw.output, layout: layout === 'tidy' ? 'tidy' : undefined, page, ...(headers === 'ru' ? { headerName: (key: string) => titleOf(key, 'ru') } : {}) }, ctx);
  }
  if (result.note) say(ctx, `${name}: ${result.note}`);
  if (raw.output && ctx.verbose) say(ctx, t('report.wrote', written, name, raw.output));
}

/** The resolved options as the page header shows them (a filter not given is left out). */
/** Option values a Russian page names in words (`--version latest` → последняя). */
const VALUE_RU: Record<string, string> = { latest: 'последняя', baseline: 'исходная' };

function pageFacts(params: Record<string, unknown>): [string, string][] {
  return Object.entries(params)
    .filter(([, v]) => v !== null && v !== undefined && v !== false)
    .map(([k, v]) => [titleOf(k), lang() === 'ru' && typeof v === 'string' ? (VALUE_RU[v] ?? dateRu(v)) : String(v)]);
}

/** The report's chart as SVG, drawn from its long table (loaded only for HTML). */
async function charts(spec: ReportDefinition['chart'], result: ReportResult): Promise<string[]> {
  if (!spec) return [];
  const { chartOf } = await import('../reports/charts.js');
  const { renderChartSvg } = await import('../io/render/svg.js');
  const chart = chartOf(spec, result.table, result.groupParents);
  return chart ? [renderChartSvg(chart)] : [];
}
