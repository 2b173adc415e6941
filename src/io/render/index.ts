// Choosing a renderer: `--format` wins, else the `-o` file's extension, else a terminal table.
import fs from 'node:fs';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { displayCell, headlineFigures, splitSections, tidyTable, type Row, type Table, type TableColumn } from '../table.js';

/** A sheet of headline figures: one line each, its value in its own number format. */
function headlineSheet(figures: { column: TableColumn; value: Row[string] }[]) {
  const rows: Row[] = figures.map((f) => ({ figure: f.column.header, value: f.value }));
  const kinds = new Map(rows.map((r, i) => [r, figures[i]!.column.kind]));
  return {
    name: 'totals',
    columns: [
      { key: 'figure', header: 'figure', kind: 'text' as const, width: 28 },
      { key: 'value', header: 'value', kind: 'number' as const, width: 18 },
    ],
    rows,
    totals: undefined,
    headlines: undefined,
    cellKind: (row: Row, column: TableColumn) => (column.key === 'value' ? (kinds.get(row) ?? column.kind) : column.kind),
  };
}
import { checkFormatMatchesFile } from '../outputPath.js';
import { writeAtomically } from '../write.js';
import { renderJson } from './json.js';

export type Format = 'table' | 'csv' | 'json' | 'xlsx';
const FORMATS: Format[] = ['table', 'csv', 'json', 'xlsx'];

/** `flag` names the option that gave the file (`-o`, `--errors`) in messages. */
export function resolveFormat(format: string | undefined, output: string | undefined, flag = '-o'): Format {
  if (format !== undefined) {
    if (!FORMATS.includes(format as Format)) throw new UsageError(`--format ${format}: expected one of ${FORMATS.join(', ')}`);
    if (format === 'table' && output) throw new UsageError(`--format table prints to the terminal; use csv, json or xlsx with ${flag}`);
    if (output) checkFormatMatchesFile(format, output, flag);
    return format as Format;
  }
  if (!output) return 'table';
  const ext = path.extname(output).toLowerCase().slice(1);
  if (ext === 'csv' || ext === 'json' || ext === 'xlsx') return ext;
  throw new UsageError(`${flag} ${output}: cannot tell the format from the extension; use .csv, .json or .xlsx${flag === '-o' ? ', or --format' : ''}`);
}

export type Layout = 'wide' | 'tidy';

/** `--layout`: wide (as the report prints it) or tidy (one row per measure, for pivots; CSV and xlsx only). */
export function resolveLayout(layout: string | undefined, format: Format): Layout {
  if (layout === undefined || layout === 'wide') return 'wide';
  if (layout !== 'tidy') throw new UsageError(`--layout ${layout}: expected wide or tidy`);
  if (format !== 'csv' && format !== 'xlsx') throw new UsageError(`--layout tidy is for csv and xlsx files (pivot tables), not ${format}`);
  return 'tidy';
}

/** Write a table to `output` (atomically) or print it to stdout; returns the number of data rows written. */
export async function outputTable(
  wide: Table,
  options: { format?: string; output?: string; layout?: string; flag?: string },
  ctx: Pick<Ctx, 'stdout' | 'color'>,
): Promise<number> {
  const format = resolveFormat(options.format, options.output, options.flag);
  const table = resolveLayout(options.layout, format) === 'tidy' ? tidyTable(wide) : wide;
  if (format === 'xlsx') {
    if (!options.output) throw new UsageError('xlsx needs a file: -o FILE.xlsx');
    const { writeXlsxFile } = await import('./xlsx.js');
    // a sheet for each section (plan-fact: one per plan)
    const sheets = splitSections(table).map((t) => ({ name: t.name, columns: t.columns, rows: t.rows, totals: t.totals, headlines: t.headlines, cellKind: t.cellKind }));
    // a sheet per section: the headline figures of the whole report go on a sheet of their own
    const figures = table.sectionBy !== undefined && table.rows.length > 0 ? headlineFigures(table) : [];
    if (figures.length > 0) sheets.push(headlineSheet(figures));
    await writeXlsxFile(options.output, sheets);
    return table.rows.length;
  }
  // each renderer loads only when used: a cron job writing CSV never loads cli-table3 and chalk
  const terminal = async () => {
    const { renderTerminal } = await import('./terminal.js');
    const width = (ctx.stdout as NodeJS.WriteStream).isTTY ? (ctx.stdout as NodeJS.WriteStream).columns : undefined;
    if (table.sectionBy === undefined || table.rows.length === 0) return `${renderTerminal(table, { color: ctx.color, width })}\n`;
    const sections = splitSections(table).map((t) => `${table.name}: ${t.name}\n${renderTerminal(t, { color: ctx.color, width })}\n`);
    const footer = headlineFigures(table).map((h) => `${h.column.header}: ${h.value === null ? '—' : displayCell(h.column.kind, h.value)}\n`);
    return [...sections, ...(footer.length > 0 ? [footer.join('')] : [])].join('\n');
  };
  const text = format === 'csv' ? (await import('./csv.js')).renderCsv(table) : format === 'json' ? renderJson(table) : await terminal();
  if (options.output) await writeAtomically(options.output, async (temp) => fs.writeFileSync(temp, text));
  else ctx.stdout.write(text);
  return table.rows.length;
}
