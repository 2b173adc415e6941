// Streaming readers for .xlsx, .csv and .tsv (SPEC §3 formats). Rows come out one at a
// time with their row numbers as the user sees them (header = row 1 in Excel and in a
// text editor), so memory stays bounded for million-row files.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import { UsageError, ValidationError } from '../errors.js';
import type { Cell } from './locale.js';

export interface RawRow {
  row: number;
  cells: Cell[];
}

export interface ReadOptions {
  sheet?: string;
  /** 'utf-8' | 'cp1251' | any iconv-lite name; detected when absent. */
  encoding?: string;
  /** Called with bytes consumed so far, for progress bars. */
  onBytes?: (bytes: number) => void;
}

export interface TableReader {
  file: string;
  format: 'xlsx' | 'csv';
  /** Resolved after the first row is read (xlsx: the sheet that was read). */
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  totalBytes: number;
  rows: AsyncGenerator<RawRow>;
}

export function fileFormat(file: string): 'xlsx' | 'csv' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  throw new UsageError(`${file}: unsupported file type "${ext || '(none)'}"; expected .xlsx, .csv or .tsv`);
}

export function openTable(file: string, options: ReadOptions = {}): TableReader {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  const totalBytes = fs.statSync(file).size;
  const format = fileFormat(file);
  if (format === 'xlsx') {
    const reader: TableReader = { file, format, totalBytes, rows: undefined as never };
    reader.rows = readXlsx(file, options, reader);
    return reader;
  }
  const sample = readSample(file, 64 * 1024);
  const encoding = options.encoding ?? detectEncoding(sample);
  if (!iconv.encodingExists(encoding)) throw new UsageError(`--encoding ${encoding}: unknown encoding`);
  const delimiter =
    path.extname(file).toLowerCase() === '.tsv' ? '\t' : sniffDelimiter(iconv.decode(sample, encoding));
  const reader: TableReader = { file, format, totalBytes, encoding, delimiter, rows: undefined as never };
  reader.rows = readCsv(file, encoding, delimiter, options);
  return reader;
}

function readSample(file: string, size: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(size);
    const read = fs.readSync(fd, buffer, 0, size, 0);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1251 (1C). */
export function detectEncoding(sample: Buffer): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'cp1251';
  }
}

/** The delimiter among `,` `;` TAB that splits the header line into the most fields. */
export function sniffDelimiter(text: string): string {
  const firstLine = (text.replace(/^\ufeff/, '').split(/\r?\n/).find((line) => line.trim() !== '') ?? '').replace(
    /"[^"]*"/g,
    '',
  );
  let best = ',';
  let bestCount = 0;
  for (const candidate of [';', '\t', ',']) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

async function* readCsv(file: string, encoding: string, delimiter: string, options: ReadOptions): AsyncGenerator<RawRow> {
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  let bytes = 0;
  if (options.onBytes) {
    const report = options.onBytes;
    input.on('data', (chunk) => report((bytes += chunk.length)));
  }
  const decoded = encoding === 'utf-8' || encoding === 'utf8' ? input.setEncoding('utf8') : input.pipe(iconv.decodeStream(encoding));
  const parser = decoded.pipe(parseCsv({ delimiter, bom: true, relax_column_count: true }));
  // Row numbers as a text editor shows them, counted here (csv-parse's `info` costs ~10 %
  // of an import): a record starts on the line after the previous one ended, and a quoted
  // cell with line breaks makes its record span more lines. Blank lines are skipped.
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const row = line;
      line++;
      for (const cell of record) {
        if (cell.includes('\n')) line += cell.split('\n').length - 1;
      }
      if (record[0] === '' && record.every((cell) => cell.trim() === '')) continue;
      yield { row, cells: record };
    }
  } catch (error) {
    const e = error as { code?: string; lines?: number; message: string };
    if (e.code?.startsWith('CSV_')) {
      throw new ValidationError([
        {
          file: path.basename(file),
          row: e.lines,
          message:
            e.code === 'CSV_QUOTE_NOT_CLOSED'
              ? 'a quoted value is not closed: the file looks truncated'
              : `not a valid CSV line (${e.message.replace(/^Invalid .*?: /, '')})`,
        },
      ]);
    }
    throw error;
  } finally {
    input.destroy();
  }
}

/** exceljs cell values (rich text, formulas, hyperlinks, errors) → plain cells. */
function plainCell(value: unknown, numFmt: string | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return numFmt?.includes('%') ? `${Math.round(value * 100 * 1e9) / 1e9}%` : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
  if (v.richText) return v.richText.map((run) => run.text).join('');
  if ('result' in v) return plainCell(v.result, numFmt);
  if ('formula' in v || 'sharedFormula' in v) return null;
  if (v.text !== undefined) return plainCell(v.text, numFmt);
  if (v.error) return v.error;
  return String(value);
}

async function* readXlsx(file: string, options: ReadOptions, reader: TableReader): AsyncGenerator<RawRow> {
  const name = path.basename(file);
  const magic = readSample(file, 4);
  if (magic.length < 4 || magic.readUInt32LE(0) !== 0x04034b50) {
    throw new ValidationError([{ file: name, message: 'not an .xlsx workbook (the file is not a zip archive); save it from Excel as .xlsx' }]);
  }
  const { default: ExcelJS } = await import('exceljs');
  const input = fs.createReadStream(file);
  let bytes = 0;
  if (options.onBytes) {
    const report = options.onBytes;
    input.on('data', (chunk) => report((bytes += chunk.length)));
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const seen: string[] = [];
  let found = false;
  try {
    for await (const worksheet of workbook) {
      const sheetName = (worksheet as unknown as { name: string }).name;
      seen.push(sheetName);
      const wanted = options.sheet === undefined ? !found : sheetName === options.sheet;
      if (wanted) reader.sheet = sheetName;
      for await (const row of worksheet) {
        if (!wanted) continue;
        const values = row.values as unknown[];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) {
          const value = values[i];
          cells.push(typeof value === 'number' ? plainCell(value, row.getCell(i).numFmt) : plainCell(value, undefined));
        }
        if (cells.every((c) => c === null || c === '')) continue;
        yield { row: row.number, cells };
      }
      if (wanted) found = true;
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError([{ file: name, message: `cannot read the workbook: ${(error as Error).message}` }]);
  } finally {
    input.destroy();
  }
  if (!found && options.sheet !== undefined) {
    throw new UsageError(`${name}: no sheet named "${options.sheet}" (sheets: ${seen.join(', ') || 'none'})`);
  }
}
