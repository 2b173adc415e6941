// xlsx output for people (SPEC §6, §10): typed cells with number formats, titles in words,
// a band line over grouped columns (months), frozen header and first columns, autofilter,
// column widths from the content, bold totals and subtotals, the group tree indented,
// negative numbers and overdue amounts red by conditional formatting, and a page setup that
// prints (landscape, one page wide, the header on every page). Rows are streamed through
// exceljs's WorkbookWriter and the file is written atomically. Text is always written as
// text, never as a formula (SPEC §1).
import fs from 'node:fs';
import type { Value } from '../../model/types.js';
import { moneyMajor } from '../locale.js';
import { columnTitle, displayCell, isNumeric, type ColumnKind, type Row, type Table, type TableColumn } from '../table.js';
import { writeAtomically } from '../write.js';
import { RENDER_WORDS } from './words.js';

export interface SheetSpec {
  name: string;
  columns: TableColumn[];
  rows: Iterable<Row> | AsyncIterable<Row>;
  totals?: Row;
  /** Headline figures, as lines (label, value) under the totals row. */
  headlines?: TableColumn[];
  cellKind?: Table['cellKind'];
  style?: Table['style'];
  /** Printed in the page header (the report and its period). */
  title?: string;
}

// No "%" in a format: crm's own import reads a % format as a fraction of 1, and the values
// are percents already (5 = 5 %); the column titles say "%".
export const NUM_FMT: Partial<Record<ColumnKind, string>> = {
  money: '#,##0.00',
  number: '#,##0.###',
  int: '#,##0',
  percent: '#,##0.00',
  date: 'yyyy-mm-dd',
};
/** A whole number in a `number` column: no dangling decimal point. */
const WHOLE_FMT = '#,##0';

const DEFAULT_WIDTH: Record<ColumnKind, number> = { text: 24, money: 14, number: 12, int: 10, percent: 9, date: 12, month: 9, bool: 7 };
const RED = { font: { color: { argb: 'FFC00000' } } };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE8ECF1' } };

export function xlsxCell(kind: ColumnKind, value: Value): string | number | Date | null {
  if (value === null || value === undefined) return null;
  // money as JSON and CSV carry it: roubles rounded to the kopeck (an average keeps fractions until here)
  if (kind === 'money' && typeof value === 'number') return moneyMajor(value);
  if (kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  return value;
}

/** The number format of one cell: a column's, a whole number without decimals. */
function formatOf(kind: ColumnKind, value: unknown): string {
  if (kind === 'number' && typeof value === 'number' && Number.isInteger(value)) return WHOLE_FMT;
  return NUM_FMT[kind] ?? 'General';
}

/** Excel's sheet-name rules: ≤ 31 characters, none of : \ / ? * [ ]. */
export function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet';
}

/** A1 column letters of a 1-based column number. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Leading label columns (codes, names, months) frozen with the header: at most 3. */
function frozenColumns(columns: TableColumn[]): number {
  let n = 0;
  while (n < columns.length && n < 3 && !isNumeric(columns[n]!.kind)) n++;
  return Math.max(1, Math.min(n, columns.length - 1));
}

/** Widths from the titles and, for a table in memory, the first rows' text. */
function widths(columns: TableColumn[], rows: Iterable<Row> | AsyncIterable<Row>, cellKind: SheetSpec['cellKind'], style: SheetSpec['style']): number[] {
  const sample = Array.isArray(rows) ? (rows as Row[]).slice(0, 500) : [];
  return columns.map((c, i) => {
    if (c.width !== undefined) return c.width;
    // a title wraps onto two lines: half of it (at least its longest word) is enough
    const title = columnTitle(c);
    const titleWidth = Math.max(Math.ceil(title.length / 2), ...title.split(' ').map((w) => w.length)) + 2;
    let content = 0;
    for (const r of sample) {
      const text = displayCell(cellKind?.(r, c) ?? c.kind, r[c.key] ?? null);
      content = Math.max(content, text.length + (i === 0 ? 2 * (style?.(r)?.depth ?? 0) : 0));
    }
    const guess = sample.length > 0 ? Math.max(content + 2, isNumeric(c.kind) ? 8 : 6) : DEFAULT_WIDTH[c.kind];
    return Math.min(50, Math.max(titleWidth, guess));
  });
}

export async function writeXlsxFile(file: string, sheets: SheetSpec[]): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  await writeAtomically(file, async (temp) => {
    // our own stream, watched from the start: exceljs listens for its errors only at commit,
    // so a disk that fills up earlier would leave commit waiting forever (and crm exit 0)
    const out = fs.createWriteStream(temp);
    let failure: Error | undefined;
    const failed = new Promise<never>((_, reject) => out.on('error', (error) => reject((failure = error))));
    failed.catch(() => undefined); // raced below; never an unhandled rejection
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    for (const sheet of sheets) {
      const banded = sheet.columns.some((c) => c.band !== undefined);
      const headerRows = banded ? 2 : 1;
      const frozen = frozenColumns(sheet.columns);
      const title = (sheet.title ?? sheet.name).replace(/&/g, '&&');
      const ws = workbook.addWorksheet(sheetName(sheet.name), {
        views: [{ state: 'frozen', ySplit: headerRows, xSplit: frozen }],
        pageSetup: {
          orientation: 'landscape',
          paperSize: 9, // A4
          fitToPage: true,
          fitToWidth: 1,
          fitToHeight: 0, // as many pages down as it takes
          printTitlesRow: `1:${headerRows}`,
          margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
        },
        headerFooter: { oddHeader: `&L&B${title}`, oddFooter: '&C&P / &N' },
      });
      const width = widths(sheet.columns, sheet.rows, sheet.cellKind, sheet.style);
      ws.columns = sheet.columns.map((c, i) => ({
        key: c.key,
        width: width[i],
        style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {},
      }));
      const headerStyle = (row: { eachCell: (f: (cell: { fill: unknown; alignment: unknown; border: unknown }) => void) => void; font: unknown }) => {
        row.font = { bold: true };
        row.eachCell((cell) => {
          cell.fill = HEADER_FILL;
          cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
          cell.border = { bottom: { style: 'thin', color: { argb: 'FF9AA5B1' } } };
        });
      };
      if (banded) {
        const bands = ws.addRow(sheet.columns.map((c) => c.band ?? null));
        headerStyle(bands as never);
        // a band over its columns: merged cells (before the row is committed: exceljs streams it out)
        for (let i = 0; i < sheet.columns.length; ) {
          const band = sheet.columns[i]!.band;
          let span = 1;
          while (band !== undefined && sheet.columns[i + span]?.band === band) span++;
          if (span > 1) ws.mergeCells(1, i + 1, 1, i + span);
          i += span;
        }
        bands.commit();
      }
      const header = ws.addRow(sheet.columns.map((c) => columnTitle(c)));
      headerStyle(header as never);
      // titles wrap: room for two lines when one is wider than its column
      if (sheet.columns.some((c, i) => columnTitle(c).length > (width[i] ?? 0) - 1)) header.height = 32;
      header.commit();
      let count = 0;
      // a cell of another kind than its column (a count in a column of money) gets its own format
      const addRow = (row: Row, first?: string) => {
        const kinds = sheet.columns.map((c) => sheet.cellKind?.(row, c) ?? c.kind);
        const values = sheet.columns.map((c, i) => (i === 0 && first !== undefined && row[c.key] === undefined ? first : xlsxCell(kinds[i]!, row[c.key] ?? null)));
        const added = ws.addRow(values);
        kinds.forEach((kind, i) => {
          const format = formatOf(kind, values[i]);
          if (format !== (NUM_FMT[sheet.columns[i]!.kind] ?? 'General')) added.getCell(i + 1).numFmt = format;
        });
        const style = sheet.style?.(row);
        if (style?.depth) added.getCell(1).alignment = { indent: style.depth };
        if (style?.strong) added.font = { bold: true };
        return added;
      };
      for await (const row of sheet.rows) {
        addRow(row).commit();
        // let the event loop run now and then: Ctrl-C / SIGTERM is handled at once, not after the last row
        if (++count % 2000 === 0) {
          await new Promise((resolve) => setImmediate(resolve));
          if (failure) throw failure;
        }
      }
      let last = headerRows + count;
      if (sheet.totals) {
        const totals = addRow(sheet.totals, RENDER_WORDS.total);
        totals.font = { bold: true };
        totals.eachCell((cell) => (cell.border = { top: { style: 'thin' } }));
        totals.commit();
        last++;
        // headline figures (SPEC §6): a line each under the totals, label and value
        for (const h of sheet.headlines ?? []) {
          const value = xlsxCell(h.kind, sheet.totals[h.key] ?? null);
          const line = ws.addRow([columnTitle(h), value]);
          line.getCell(2).numFmt = formatOf(h.kind, value);
          line.font = { bold: true };
          line.commit();
        }
      }
      // red by conditional formatting, so it stays right when someone edits a number
      if (last > headerRows) {
        sheet.columns.forEach((c, i) => {
          if (!isNumeric(c.kind) || c.kind === 'bool') return;
          const ref = `${columnLetter(i + 1)}${headerRows + 1}:${columnLetter(i + 1)}${last}`;
          const rules = [{ type: 'cellIs' as const, operator: 'lessThan' as const, formulae: ['0'], style: RED, priority: 1 }];
          if (c.alertAbove !== undefined) rules.push({ type: 'cellIs' as const, operator: 'greaterThan' as const, formulae: [String(c.alertAbove)], style: RED, priority: 1 } as never);
          ws.addConditionalFormatting({ ref, rules });
        });
      }
      ws.autoFilter = { from: { row: headerRows, column: 1 }, to: { row: headerRows + count, column: Math.max(1, sheet.columns.length) } };
      ws.commit();
    }
    await Promise.race([workbook.commit(), failed]);
    if (!out.closed) await Promise.race([new Promise((resolve) => out.once('close', () => resolve(undefined))), failed]);
  });
}
