// Writing tables to files: atomically (temp file, then rename) and formula-safe (SPEC §1).
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { UsageError } from '../errors.js';

export type OutCell = string | number | null;

export interface SheetData {
  name: string;
  columns: { header: string; width?: number; numFmt?: string }[];
  rows: OutCell[][];
}

const FORMULA_START = /^[=+\-@]/;
const PLAIN_NUMBER = /^[-+]?\d[\d\s\u00a0.,]*$/;

/**
 * CSV: a text cell that Excel would run as a formula gets a leading `'` (import strips it
 * again). A plain signed number such as `-3` is no formula and stays as it is.
 */
export function csvSafe(cell: OutCell): OutCell {
  return typeof cell === 'string' && FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/** Write to a temp file next to `file`, then rename over it: readers never see half a file. */
export async function writeAtomically(file: string, write: (tempFile: string) => Promise<void>): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new UsageError(`cannot write ${file}: folder ${dir} does not exist`);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await write(temp);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

export async function writeSheets(file: string, sheets: SheetData[]): Promise<void> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') {
    const sheet = sheets[0]!;
    const text = stringify([sheet.columns.map((c) => c.header), ...sheet.rows.map((r) => r.map(csvSafe))], {
      delimiter: ext === '.tsv' ? '\t' : ',',
    });
    await writeAtomically(file, async (temp) => fs.writeFileSync(temp, text));
    return;
  }
  if (ext !== '.xlsx') throw new UsageError(`cannot write ${file}: expected .xlsx, .csv or .tsv`);
  const { default: ExcelJS } = await import('exceljs');
  await writeAtomically(file, async (temp) => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: temp, useStyles: true, useSharedStrings: false });
    for (const sheet of sheets) {
      const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = sheet.columns.map((c, i) => ({
        key: String(i),
        width: c.width ?? Math.min(60, Math.max(10, c.header.length + 2, ...sheet.rows.slice(0, 200).map((r) => String(r[i] ?? '').length + 2))),
        style: c.numFmt ? { numFmt: c.numFmt } : {},
      }));
      const header = ws.addRow(sheet.columns.map((c) => c.header));
      header.font = { bold: true };
      header.commit();
      // strings are written as strings (never formulas), so `=SUM(A1)` stays text
      for (const row of sheet.rows) ws.addRow(row).commit();
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, sheet.columns.length) } };
      ws.commit();
    }
    await workbook.commit();
  });
}
