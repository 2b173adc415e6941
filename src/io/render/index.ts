// Choosing a renderer: `--format` wins, else the `-o` file's extension, else a terminal table.
import fs from 'node:fs';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import type { Table } from '../table.js';
import { writeAtomically } from '../write.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderTerminal } from './terminal.js';

export type Format = 'table' | 'csv' | 'json' | 'xlsx';
const FORMATS: Format[] = ['table', 'csv', 'json', 'xlsx'];

export function resolveFormat(format: string | undefined, output: string | undefined): Format {
  if (format !== undefined) {
    if (!FORMATS.includes(format as Format)) throw new UsageError(`--format ${format}: expected one of ${FORMATS.join(', ')}`);
    if (format === 'table' && output) throw new UsageError('--format table prints to the terminal; use csv, json or xlsx with -o');
    return format as Format;
  }
  if (!output) return 'table';
  const ext = path.extname(output).toLowerCase().slice(1);
  if (ext === 'csv' || ext === 'json' || ext === 'xlsx') return ext;
  throw new UsageError(`-o ${output}: cannot tell the format from the extension; use .csv, .json or .xlsx, or --format`);
}

/** Write a table to `output` (atomically) or print it to stdout. */
export async function outputTable(table: Table, options: { format?: string; output?: string }, ctx: Pick<Ctx, 'stdout' | 'color'>): Promise<void> {
  const format = resolveFormat(options.format, options.output);
  if (format === 'xlsx') {
    if (!options.output) throw new UsageError('xlsx needs a file: -o FILE.xlsx');
    const { writeXlsxFile } = await import('./xlsx.js');
    await writeXlsxFile(options.output, [{ name: table.name, columns: table.columns, rows: table.rows, totals: table.totals }]);
    return;
  }
  const text =
    format === 'csv'
      ? renderCsv(table)
      : format === 'json'
        ? renderJson(table)
        : `${renderTerminal(table, { color: ctx.color, width: (ctx.stdout as NodeJS.WriteStream).isTTY ? (ctx.stdout as NodeJS.WriteStream).columns : undefined })}\n`;
  if (options.output) await writeAtomically(options.output, async (temp) => fs.writeFileSync(temp, text));
  else ctx.stdout.write(text);
}
