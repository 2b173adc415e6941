// xlsx output: typed cells with number formats, bold frozen header, autofilter, column
// widths, an optional totals row; rows streamed through exceljs's WorkbookWriter, the file
// written atomically. Text is always written as text, never as a formula (SPEC §1).
import fs from 'node:fs';
import type { Value } from '../../model/types.js';
import { moneyMajor } from '../locale.js';
import type { ColumnKind, Row, Table, TableColumn } from '../table.js';
import { writeAtomically } from '../write.js';

export interface SheetSpec {
  name: string;
  columns: TableColumn[];
  rows: Iterable<Row> | AsyncIterable<Row>;
  totals?: Row;
  /** Headline figures, as lines (label, value) under the totals row. */
  headlines?: TableColumn[];
  cellKind?: Table['cellKind'];
}

const NUM_FMT: Partial<Record<ColumnKind, string>> = {
  money: '#,##0.00',
  number: '#,##0.###',
  int: '#,##0',
  percent: '0.##',
  date: 'yyyy-mm-dd',
};

const DEFAULT_WIDTH: Record<ColumnKind, number> = { text: 24, money: 14, number: 12, int: 10, percent: 9, date: 12, month: 9, bool: 7 };

export function xlsxCell(kind: ColumnKind, value: Value): string | number | Date | null {
  if (value === null || value === undefined) return null;
  // money as JSON and CSV carry it: roubles rounded to the kopeck (an average keeps fractions until here)
  if (kind === 'money' && typeof value === 'number') return moneyMajor(value);
  if (kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  return value;
}

/** Excel's sheet-name rules: ≤ 31 characters, none of : \ / ? * [ ]. */
export function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet';
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
      const ws = workbook.addWorksheet(sheetName(sheet.name), { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = sheet.columns.map((c) => ({
        key: c.key,
        width: c.width ?? Math.max(DEFAULT_WIDTH[c.kind], Math.min(40, c.header.length + 3)),
        style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {},
      }));
      const header = ws.addRow(sheet.columns.map((c) => c.header));
      header.font = { bold: true };
      header.commit();
      let count = 0;
      // a cell of another kind than its column (a count in a column of money) gets its own format
      const addRow = (row: Row, first?: string) => {
        const kinds = sheet.columns.map((c) => sheet.cellKind?.(row, c) ?? c.kind);
        const added = ws.addRow(sheet.columns.map((c, i) => (i === 0 && first !== undefined && row[c.key] === undefined ? first : xlsxCell(kinds[i]!, row[c.key] ?? null))));
        kinds.forEach((kind, i) => {
          if (kind !== sheet.columns[i]!.kind) added.getCell(i + 1).numFmt = NUM_FMT[kind] ?? 'General';
        });
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
      if (sheet.totals) {
        const totals = addRow(sheet.totals, 'Total');
        totals.font = { bold: true };
        totals.commit();
        // headline figures (SPEC §6): a line each under the totals, label and value
        for (const h of sheet.headlines ?? []) {
          const line = ws.addRow([h.header, xlsxCell(h.kind, sheet.totals[h.key] ?? null)]);
          line.getCell(2).numFmt = NUM_FMT[h.kind] ?? 'General';
          line.font = { bold: true };
          line.commit();
        }
      }
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + count, column: Math.max(1, sheet.columns.length) } };
      ws.commit();
    }
    await Promise.race([workbook.commit(), failed]);
    if (!out.closed) await Promise.race([new Promise((resolve) => out.once('close', () => resolve(undefined))), failed]);
  });
}
