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
  format: 'xlsx' | 'csv' | 'json';
  /** Resolved after the first row is read (xlsx: the sheet that was read). */
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  totalBytes: number;
  rows: AsyncGenerator<RawRow>;
}

export function fileFormat(file: string): 'xlsx' | 'csv' | 'json' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.json') return 'json';
  throw new UsageError(`${file}: unsupported file type "${ext || '(none)'}"; expected .xlsx, .csv, .tsv or .json`);
}

export function openTable(file: string, options: ReadOptions = {}): TableReader {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  if (fs.statSync(file).isDirectory()) throw new UsageError(`${file}: that is a folder, not a file`);
  const totalBytes = fs.statSync(file).size;
  const format = fileFormat(file);
  if (format === 'xlsx') {
    const reader: TableReader = { file, format, totalBytes, rows: undefined as never };
    reader.rows = readXlsx(file, options, reader);
    return reader;
  }
  if (format === 'json') {
    return { file, format, totalBytes, encoding: 'utf-8', rows: readJson(file, options) };
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

/** Lines looked at to choose the delimiter. */
const SNIFF_LINES = 30;

/**
 * The delimiter among `;` TAB `,` that gives the most lines with one same field count ≥ 2,
 * among the first 30 non-empty lines that hold any of them: a 1C report's title lines (no
 * delimiter at all, or a comma in "ООО Вектор, г. Москва") are skipped or outvoted by the
 * header and the data lines. Ties go to the larger field count (a `;` file with decimal
 * commas), then in the order `;` TAB `,`.
 */
export function sniffDelimiter(text: string): string {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n|\r/);
  // the sample may end in the middle of a line: leave that line out when there are others
  if (lines.length > 1 && !/[\r\n]$/.test(text)) lines.pop();
  const bare = lines
    .map((line) => line.replace(/"[^"]*"/g, '""')) // quoted parts may hold any delimiter: they do not count
    .filter((line) => /[;\t,]/.test(line))
    .slice(0, SNIFF_LINES);
  let best = ',';
  let bestLines = 0;
  let bestFields = 0;
  for (const candidate of [';', '\t', ',']) {
    const linesByCount = new Map<number, number>();
    for (const line of bare) {
      const fields = line.split(candidate).length;
      if (fields >= 2) linesByCount.set(fields, (linesByCount.get(fields) ?? 0) + 1);
    }
    for (const [fields, count] of linesByCount) {
      if (count > bestLines || (count === bestLines && fields > bestFields)) {
        best = candidate;
        bestLines = count;
        bestFields = fields;
      }
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

/** Decode a stream of UTF-8 chunks into text, keeping characters split across chunks whole. */
async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

type WorkbookReaderClass = typeof import('exceljs').stream.xlsx.WorkbookReader;

/**
 * exceljs 4.4's streaming reader decodes every zip chunk to text on its own, so a Cyrillic
 * letter split between two chunks turns into "��" (exceljs issues #2063, #2084; fixes
 * unmerged). This subclass hands it text already decoded by a streaming decoder.
 */
function utf8SafeWorkbookReader(Base: WorkbookReaderClass): WorkbookReaderClass {
  type Entry = NodeJS.ReadableStream & { setEncoding(encoding: string): unknown };
  type Internals = Record<string, (...args: unknown[]) => unknown>;
  const base = Base.prototype as unknown as Internals;
  class Utf8WorkbookReader extends Base {}
  const proto = Utf8WorkbookReader.prototype as unknown as Internals;
  proto._parseWorksheet = function (this: unknown, iterator: unknown, sheetNo: unknown) {
    return base._parseWorksheet!.call(this, decodeUtf8(iterator as AsyncIterable<Buffer>), sheetNo);
  };
  for (const method of ['_parseSharedStrings', '_parseWorkbook', '_parseRels', '_parseStyles']) {
    proto[method] = function (this: unknown, entry: unknown, ...rest: unknown[]) {
      (entry as Entry).setEncoding('utf8');
      return base[method]!.call(this, entry, ...rest);
    };
  }
  return Utf8WorkbookReader;
}

async function* readXlsx(file: string, options: ReadOptions, reader: TableReader): AsyncGenerator<RawRow> {
  const name = path.basename(file);
  const magic = readSample(file, 4);
  if (magic.length < 4 || magic.readUInt32LE(0) !== 0x04034b50) {
    throw new ValidationError([{ file: name, message: 'not an .xlsx workbook (the file is not a zip archive); save it from Excel as .xlsx' }]);
  }
  const { default: ExcelJS } = await import('exceljs');
  const WorkbookReader = utf8SafeWorkbookReader(ExcelJS.stream.xlsx.WorkbookReader);
  const input = fs.createReadStream(file);
  let bytes = 0;
  if (options.onBytes) {
    const report = options.onBytes;
    input.on('data', (chunk) => report((bytes += chunk.length)));
  }
  const workbook = new WorkbookReader(input, {
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

/**
 * JSON: an array of objects with the canonical field names, as `crm export -o x.json`
 * writes it (one object per line, streamed back line by line); any other JSON array of
 * objects is read whole. The keys of the first object are the header.
 */
async function* readJson(file: string, options: ReadOptions): AsyncGenerator<RawRow> {
  const name = path.basename(file);
  const bad = (message: string, row?: number) => new ValidationError([{ file: name, row, message }]);
  const toCells = (header: string[], value: unknown, row: number): Cell[] => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('expected an object with one field per column', row);
    const record = value as Record<string, unknown>;
    return header.map((key) => {
      const v = record[key];
      if (v === undefined || v === null) return null;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
      throw bad(`field ${key}: expected a string, number or null`, row);
    });
  };
  const { createInterface } = await import('node:readline');
  const input = fs.createReadStream(file, { encoding: 'utf8' });
  let bytes = 0;
  input.on('data', (chunk) => options.onBytes?.((bytes += Buffer.byteLength(chunk))));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let header: string[] | undefined;
  let lineNo = 0;
  let whole = false; // not one object per line: parse the whole file at the end
  try {
    for await (const line of lines) {
      lineNo++;
      if (whole) continue;
      const text = line.trim();
      if ((lineNo === 1 && text === '[') || text === ']' || text === '') continue;
      let value: unknown;
      try {
        value = text.startsWith('{') ? JSON.parse(text.replace(/,$/, '')) : undefined;
      } catch {
        value = undefined;
      }
      if (value === undefined) {
        if (header) throw bad('not valid JSON: expected one object per line like the lines before', lineNo);
        whole = true;
        continue;
      }
      if (!header) {
        header = Object.keys(value as object);
        yield { row: 1, cells: header };
      }
      yield { row: lineNo, cells: toCells(header, value, lineNo) };
    }
  } finally {
    input.destroy();
  }
  if (!whole) return;
  // a compact or pretty-printed document: read it whole
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw bad(`not valid JSON: ${(error as Error).message}`);
  }
  const items = Array.isArray(parsed) ? parsed : (Object.values(parsed as object).find(Array.isArray) as unknown[] | undefined);
  if (!items) throw bad('expected a JSON array of objects');
  if (items.length === 0) return;
  const keys = Object.keys(items[0] as object);
  yield { row: 1, cells: keys };
  for (let i = 0; i < items.length; i++) yield { row: i + 2, cells: toCells(keys, items[i], i + 2) };
}
