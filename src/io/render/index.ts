// Choosing a renderer: `--format` wins, else the `-o` file's extension, else a terminal table.
import fs from 'node:fs';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { columnTitle, displayCell, headlineFigures, splitSections, tidyTable, type Row, type Table, type TableColumn } from '../table.js';

/** A sheet of headline figures: one line each, its value in its own number format. */
function headlineSheet(figures: { column: TableColumn; value: Row[string] }[], name: string) {
  const rows: Row[] = figures.map((f) => ({ figure: columnTitle(f.column), value: f.value }));
  const kinds = new Map(rows.map((r, i) => [r, figures[i]!.column.kind]));
  return {
    name,
    columns: [
      { key: 'figure', header: 'figure', title: RENDER_WORDS.figure, kind: 'text' as const, width: 36 },
      { key: 'value', header: 'value', title: RENDER_WORDS.value, kind: 'number' as const, width: 18 },
    ],
    rows,
    totals: undefined,
    headlines: undefined,
    cellKind: (row: Row, column: TableColumn) => (column.key === 'value' ? (kinds.get(row) ?? column.kind) : column.kind),
  };
}
import { checkFormatMatchesFile } from '../outputPath.js';
import { writeAtomically } from '../write.js';
import type { HtmlPage } from './html.js';
import { renderJson } from './json.js';
import { RENDER_WORDS } from './words.js';
import type { SheetSpec } from './xlsx.js';

export type Format = 'table' | 'csv' | 'json' | 'xlsx' | 'html';
const FORMATS: Format[] = ['table', 'csv', 'json', 'xlsx', 'html'];

/** The formats people read: titles in words, names beside codes, the month layout by default. */
export const isForPeople = (format: Format): boolean => format === 'table' || format === 'xlsx' || format === 'html';

/** `flag` names the option that gave the file (`-o`, `--errors`) in messages; `given` the format option as typed (`--json`). */
export function resolveFormat(format: string | undefined, output: string | undefined, flag = '-o', given?: string): Format {
  if (format !== undefined) {
    if (!FORMATS.includes(format as Format)) throw new UsageError(t('format.unknown', format, FORMATS.join(', ')));
    if (format === 'table' && output) throw new UsageError(t('format.tableToFile', flag));
    if (output) checkFormatMatchesFile(format, output, flag, given);
    return format as Format;
  }
  if (!output) return 'table';
  const ext = path.extname(output).toLowerCase().slice(1);
  if (ext === 'csv' || ext === 'json' || ext === 'xlsx' || ext === 'html') return ext;
  if (ext === 'htm') return 'html';
  throw new UsageError(t('format.noExtension', flag, output));
}

/**
 * `--headers en|ru`: the header row of a CSV (and xlsx) file — the English snake_case keys by
 * default, or the Russian titles (which crm import accepts back as aliases). JSON keeps its
 * English field names always: `--headers ru` with JSON is refused.
 */
export function headersOption(value: string | undefined, format: string): 'en' | 'ru' {
  if (value === undefined || value === 'en') return 'en';
  if (value !== 'ru') throw new UsageError(t('headers.unknown', value));
  if (format === 'json') throw new UsageError(t('headers.notCsv', format));
  return 'ru';
}

export type Layout = 'wide' | 'tidy';

/** `--layout`: wide (as the report prints it) or tidy (one row per measure, for pivots; CSV and xlsx only). */
export function resolveLayout(layout: string | undefined, format: Format): Layout {
  if (layout === undefined || layout === 'wide') return 'wide';
  if (layout !== 'tidy') throw new UsageError(t('expected.option', '--layout', layout, 'wideOrTidy'));
  if (format !== 'csv' && format !== 'xlsx') throw new UsageError(t('usage.layoutTidy', format));
  return 'tidy';
}

/** Write a table to `output` (atomically) or print it to stdout; returns the number of data rows written. */
export async function outputTable(
  wide: Table,
  options: { format?: string; output?: string; layout?: string; flag?: string; page?: HtmlPage; headerName?: (key: string) => string },
  ctx: Pick<Ctx, 'stdout' | 'color'>,
): Promise<number> {
  const format = resolveFormat(options.format, options.output, options.flag);
  const table = resolveLayout(options.layout, format) === 'tidy' ? tidyTable(wide) : wide;
  if (format === 'xlsx') {
    if (!options.output) throw new UsageError(t('format.xlsxNeedsFile'));
    const { writeXlsxFile } = await import('./xlsx.js');
    // a sheet for each section (plan-fact: one per plan)
    // the print header: the report, the sheet and the period (the first facts: from, to or date, as of)
    const period = (options.page?.facts ?? []).slice(0, 3).map(([k, v]) => `   ${k} ${v}`).join('');
    const title = (sheet: string) => `${options.page?.title ?? table.name}${sheet === table.name ? '' : `: ${sheet}`}${period}`;
    const sheets: SheetSpec[] = splitSections(table).map((t) => ({
      name: t.name,
      columns: t.columns,
      rows: t.rows,
      totals: t.totals,
      headlines: t.headlines,
      cellKind: t.cellKind,
      style: t.style,
      title: title(t.name),
    }));
    // a sheet per section: the headline figures of the whole report go on a sheet of their own
    const figures = table.sectionBy !== undefined && table.rows.length > 0 ? headlineFigures(table) : [];
    if (figures.length > 0) sheets.push(headlineSheet(figures, table.sectionTitle?.('totals') ?? 'totals'));
    for (const t of table.listSheets ?? []) sheets.push({ name: t.name, columns: t.columns, rows: t.rows, totals: t.totals, title: title(t.name) });
    await writeXlsxFile(options.output, sheets);
    return table.rows.length;
  }
  // each renderer loads only when used: a cron job writing CSV never loads cli-table3 and chalk
  const terminal = async () => {
    const { renderTerminal } = await import('./terminal.js');
    const tty = Boolean((ctx.stdout as NodeJS.WriteStream).isTTY);
    const width = tty ? (ctx.stdout as NodeJS.WriteStream).columns : undefined;
    // sparklines only on a terminal that draws Unicode blocks (not piped, not TERM=dumb)
    const look = { color: ctx.color, width, pictures: tty && process.env.TERM !== 'dumb' };
    if (table.sectionBy === undefined || table.rows.length === 0) return `${renderTerminal(table, look)}\n`;
    const sections = splitSections(table).map((t) => `${table.name}: ${t.name}\n${renderTerminal(t, look)}\n`);
    const footer = headlineFigures(table).map((h) => `${columnTitle(h.column)}: ${h.value === null ? '—' : displayCell(h.column.kind, h.value)}\n`);
    return [...sections, ...(footer.length > 0 ? [footer.join('')] : [])].join('\n');
  };
  // the HTML renderer loads only for HTML (start-up time of every other run)
  const html = async () => (await import('./html.js')).renderHtml(table, options.page ?? { title: table.name });
  const text =
    format === 'csv' ? (await import('./csv.js')).renderCsv(table, options.headerName) : format === 'json' ? renderJson(table) : format === 'html' ? await html() : await terminal();
  if (options.output) await writeAtomically(options.output, async (temp) => fs.writeFileSync(temp, text));
  else ctx.stdout.write(text);
  return table.rows.length;
}
