// Streaming readers for .xlsx, .csv and .tsv (SPEC §3 formats). Rows come out one at a
// time with their row numbers as the user sees them (header = row 1 in Excel and in a
// text editor), so memory stays bounded for million-row files.
import { isAscii, isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import { UsageError, ValidationError, type Problem } from '../errors.js';
import { t } from '../i18n/index.js';
import { unreadableCell, type Cell } from './locale.js';

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
  throw new UsageError(t('expected.fileType', file, ext));
}

export function openTable(file: string, options: ReadOptions = {}): TableReader {
  if (!fs.existsSync(file)) throw new UsageError(t('general.noSuchFile', file));
  if (fs.statSync(file).isDirectory()) throw new UsageError(t('importRules.isFolder', file));
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
  const sample = readSample(file, SAMPLE_BYTES);
  const encoding = options.encoding ?? detectEncoding(sample, sample.length === totalBytes);
  if (!iconv.encodingExists(encoding)) throw new UsageError(t('files.unknownEncoding', encoding));
  if (textMode(encoding) !== 'multi-byte') {
    const binary = notText(sample);
    if (binary) throw new ValidationError([{ file: path.basename(file), message: binary }]);
  }
  const delimiter =
    path.extname(file).toLowerCase() === '.tsv' ? '\t' : sniffDelimiter(iconv.decode(sample, encoding));
  const reader: TableReader = { file, format, totalBytes, encoding, delimiter, rows: undefined as never };
  // Detected as UTF-8 only because the sample is plain ASCII: the first line with other
  // bytes decides (a Windows-1251 export of codes and numbers has its first letters late).
  const undecided = options.encoding === undefined && encoding === 'utf-8' && isAscii(sample);
  reader.rows = readCsv(file, reader, undecided, options);
  return reader;
}

const SAMPLE_BYTES = 64 * 1024;

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

/**
 * The encoding of a CSV file from its first bytes: a BOM says it (UTF-8, UTF-16 LE/BE);
 * zero bytes on every other position are UTF-16 without one; otherwise each line with
 * non-ASCII bytes votes UTF-8 when it is valid UTF-8, Windows-1251 (1C) when it is not, and
 * the majority wins (a mixed file is then refused naming the other lines, see readCsv).
 * `complete`: the sample is the whole file, so its last line is not cut.
 */
export function detectEncoding(sample: Buffer, complete = false): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  const zeros = [0, 0];
  for (let i = sample.indexOf(0); i >= 0; i = sample.indexOf(0, i + 1)) zeros[i % 2]!++;
  // (a stray zero byte is no evidence: the file is then refused as not text)
  if (zeros[1]! >= sample.length / 16 && zeros[0] === 0) return 'utf-16le';
  if (zeros[0]! >= sample.length / 16 && zeros[1] === 0) return 'utf-16be';
  let utf8 = 0;
  let other = 0;
  for (let start = 0; start < sample.length; ) {
    const nl = sample.indexOf(0x0a, start);
    const end = nl >= 0 ? nl : complete ? sample.length : utf8Boundary(sample);
    const line = sample.subarray(start, end);
    if (!isAscii(line)) {
      // the file's very last character cut in half is still a UTF-8 line (then refused as cut)
      const cutShort = nl < 0 && complete && utf8Boundary(line) < line.length && isUtf8(line.subarray(0, utf8Boundary(line)));
      if (isUtf8(line) || cutShort) utf8++;
      else other++;
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  return other > utf8 ? cyrillicCodePage(sample) : 'utf-8';
}

/** Punctuation a Windows-1251 file really has in 0x80–0xBF (quotes, dashes, №, NBSP, ё). */
const CP1251_COMMON = /[«»—–№\u00a0ёЁ…“”„‘’•°±·]/g;
/** What Windows-1251 makes of 0x80–0xBF: letters of other languages and rare signs. */
const CP1251_HIGH = /[\u0080-\u00bf\u0400-\u040f\u0450-\u045f\u0490\u0491\u2010-\u203a\u20ac\u2116\u2122]/g;

/**
 * Which one-byte Russian code page the text is in: Windows-1251 (1C, Excel) unless the text
 * clearly is not. Read as Windows-1251, KOI8-R turns a capitalized word into a lowercase
 * letter followed by capitals ("Электромонтаж" → "ьМЕЛФТПНПОФБЦ"), and DOS's CP866 turns most
 * letters into signs of the 0x80–0xBF range; codes in capitals ("РТ-000123") prove nothing.
 */
export function cyrillicCodePage(bytes: Buffer): string {
  const text = iconv.decode(bytes, 'cp1251');
  const count = (t: string, re: RegExp) => t.match(re)?.length ?? 0;
  const inverted = (t: string) => count(t, /[а-яё][А-ЯЁ]/g);
  const capitalized = (t: string) => count(t, /(?<![А-ЯЁа-яё])[А-ЯЁ][а-яё]/g);
  if (inverted(text) > 2 * capitalized(text)) {
    const koi = iconv.decode(bytes, 'koi8-r');
    if (inverted(koi) < capitalized(koi)) return 'koi8-r';
  }
  const odd = count(text, CP1251_HIGH) - count(text, CP1251_COMMON);
  if (odd >= 3 && odd > 0.2 * (odd + count(text, /[а-яёА-ЯЁ]/g))) return 'cp866';
  return 'cp1251';
}

/** Why the first bytes of a .csv file are not text at all (undefined when they may be). */
function notText(sample: Buffer): string | undefined {
  if (sample.length >= 4 && sample.readUInt32LE(0) === 0x04034b50) {
    return t('readers.zipNamedCsv');
  }
  if (sample.includes(0)) return t('readers.zeroBytes');
  return undefined;
}

/** The end of `bytes` without a UTF-8 sequence that may be cut short. */
function utf8Boundary(bytes: Buffer): number {
  let i = bytes.length;
  while (i > 0 && bytes.length - i < 3 && (bytes[i - 1]! & 0xc0) === 0x80) i--;
  if (i > 0 && bytes[i - 1]! >= 0xc0) i--;
  return i;
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

async function* readCsv(file: string, reader: TableReader, undecided: boolean, options: ReadOptions): AsyncGenerator<RawRow> {
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  // relax_quotes: a quote inside an unquoted value is text (`ООО "Ромашка"`, as 1C and
  // Excel users type it); a value that starts with a quote is still read the CSV way.
  const parser = parseCsv({ delimiter: reader.delimiter, bom: true, relax_column_count: true, relax_quotes: true });
  // an error anywhere (a line in another encoding) destroys the parser with it: the loop throws
  pipeline(input, checkedText(file, reader, options.encoding !== undefined, undecided, options.onBytes), parser, () => {});
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
    if (error instanceof ValidationError) throw error;
    const e = error as { code?: unknown; lines?: unknown; bytes?: unknown };
    // csv-parse's own messages quote single bytes ("got \"Ð\""): say it in our words, with the line decoded
    if (typeof e.code === 'string' && typeof e.lines === 'number') {
      // `line` lags behind when csv-parse had records queued: count to where csv-parse
      // stood (`bytes`: the last delimiter before the value that does not close)
      const at = e.code === 'CSV_QUOTE_NOT_CLOSED' && typeof e.bytes === 'number' ? await lineAtByte(file, reader.encoding!, e.bytes) : e.lines;
      const what = CSV_ERRORS[e.code]?.() ?? t('readers.csvInvalid', e.code);
      const text = await lineText(file, reader.encoding!, at);
      throw new ValidationError([{ file: path.basename(file), row: at, message: t('readers.csvLine', what, text === undefined ? undefined : quote(text)) }]);
    }
    throw error;
  } finally {
    parser.destroy();
    input.destroy();
  }
}

const CSV_ERRORS: Record<string, () => string> = {
  CSV_QUOTE_NOT_CLOSED: () => t('readers.csvQuoteNotClosed'),
  CSV_INVALID_CLOSING_QUOTE: () => t('readers.csvClosingQuote'),
  INVALID_OPENING_QUOTE: () => t('readers.csvOpeningQuote'),
  CSV_MAX_RECORD_SIZE: () => t('readers.csvTooLong'),
};

function quote(text: string): string {
  return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}

/** The line number at byte `offset` of the UTF-8 that csv-parse read (the slow path of an error message). */
async function lineAtByte(file: string, encoding: string, offset: number): Promise<number> {
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const chunks = (textMode(encoding) === 'utf-8' ? input : input.pipe(iconv.decodeStream(encoding))) as AsyncIterable<Buffer | string>;
  let seen = 0;
  let line = 1;
  try {
    for await (const chunk of chunks) {
      let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (seen + bytes.length > offset) bytes = bytes.subarray(0, offset - seen);
      for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) line++;
      seen += bytes.length;
      if (seen >= offset) break;
    }
    return line;
  } finally {
    input.destroy();
  }
}

/** Line `lineNo` of a text file, decoded (the slow path of an error message). */
async function lineText(file: string, encoding: string, lineNo: number): Promise<string | undefined> {
  const { createInterface } = await import('node:readline');
  const input = fs.createReadStream(file);
  const lines = createInterface({ input: input.pipe(iconv.decodeStream(encoding)), crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const text of lines) if (++n === lineNo) return text.replace(/^\ufeff/, '');
    return undefined;
  } finally {
    lines.close();
    input.destroy();
  }
}

// ── encodings ────────────────────────────────────────────────────────────────
//
// A file is read in one encoding, checked over its whole length while it streams: a file
// that is UTF-8 but for some lines saved in Windows-1251 (or the reverse) is refused
// naming those lines, instead of being imported with some names turned into garbage.
// Fast path: whole chunks of whole lines are checked at once (`isUtf8` runs at memory
// speed); lines are looked at one by one only when a chunk fails, and then the file is
// read again from the start to name the first bad lines with their numbers.

/** How the bytes of a file are checked: UTF-8; a one-byte code page (Windows-1251); the rest (UTF-16). */
type TextMode = 'utf-8' | 'single-byte' | 'multi-byte';

function textMode(encoding: string): TextMode {
  const codec = iconv.getCodec(encoding) as { enc?: string; decodeBuf?: unknown };
  if (codec.enc === 'utf8' && encoding.toLowerCase().replace(/[^a-z0-9]/g, '') !== 'cesu8') return 'utf-8';
  if (codec.decodeBuf !== undefined || codec.enc === 'binary') return 'single-byte';
  return 'multi-byte';
}

/** A UTF-8 sequence of two or more bytes, looked for in a one-byte file read as latin1. */
const UTF8_SEQUENCE = /[\xc2-\xf4][\x80-\xbf]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The pipeline stage between the file and csv-parse: checks every line against the
 * encoding and hands on UTF-8 (the raw bytes themselves when the file is UTF-8).
 */
function checkedText(file: string, reader: TableReader, given: boolean, undecided: boolean, onBytes?: (bytes: number) => void) {
  let encoding = reader.encoding!;
  let mode = textMode(encoding);
  let decoder = mode === 'utf-8' ? undefined : iconv.getDecoder(encoding);
  const refuse = async () => {
    const error = await encodingError(file, encoding, mode, given);
    if (error) throw error;
  };

  /** Whole lines (or, in a line longer than a chunk, whole characters): checked, then handed on. */
  async function* region(bytes: Buffer): AsyncGenerator<Buffer | string> {
    if (mode === 'utf-8') {
      if (undecided) {
        if (isAscii(bytes)) return yield bytes;
        undecided = false;
        if (!isUtf8(bytes) && !isUtf8(firstNonAsciiLine(bytes))) {
          // nothing but ASCII before this line, and it is not UTF-8: a one-byte Russian code page
          encoding = reader.encoding = cyrillicCodePage(bytes);
          mode = 'single-byte';
          decoder = iconv.getDecoder(encoding);
          return yield* region(bytes);
        }
      }
      if (!isUtf8(bytes)) await refuse();
      return yield bytes;
    }
    // one-byte code page: a line that is valid UTF-8 with letters is a UTF-8 line (a
    // Windows-1251 line never is: its letters are all bytes ≥ 0xC0, which UTF-8 never puts
    // side by side); bytes the code page leaves undefined decode to U+FFFD
    const latin = isAscii(bytes) ? '' : bytes.toString('latin1');
    UTF8_SEQUENCE.lastIndex = 0;
    for (let m = UTF8_SEQUENCE.exec(latin); m; m = UTF8_SEQUENCE.exec(latin)) {
      const start = latin.lastIndexOf('\n', m.index) + 1;
      const nl = latin.indexOf('\n', m.index);
      const end = nl < 0 ? latin.length : nl;
      if (isUtf8(bytes.subarray(start, end))) await refuse();
      UTF8_SEQUENCE.lastIndex = end;
    }
    const text = decoder!.write(bytes);
    if (text.includes('\ufffd')) await refuse();
    yield text;
  }

  return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer | string> {
    let bytes = 0;
    const twoByteUnits = mode === 'multi-byte' && /^utf-?16/i.test(encoding);
    let carry: Buffer | undefined;
    for await (const chunk of source as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      onBytes?.(bytes);
      if (mode === 'multi-byte') {
        const text = decoder!.write(chunk);
        if (text.includes('\ufffd') || LONE_SURROGATE.test(text)) await refuse();
        yield text;
        continue;
      }
      const nl = chunk.lastIndexOf(0x0a);
      const cut = nl >= 0 ? nl + 1 : utf8Boundary(chunk);
      const head = carry ? Buffer.concat([carry, chunk.subarray(0, cut)]) : chunk.subarray(0, cut);
      carry = cut < chunk.length ? chunk.subarray(cut) : undefined;
      if (head.length > 0) yield* region(head);
    }
    if (carry) yield* region(carry);
    if (twoByteUnits && bytes % 2 === 1) {
      // an odd number of bytes: the last character of a UTF-16 file is cut in half
      throw new ValidationError([{ file: path.basename(file), message: t('readers.cutCharacter', bytes, encodingName(encoding)) }]);
    }
    const rest = decoder?.end();
    if (rest) {
      if (rest.includes('\ufffd') || LONE_SURROGATE.test(rest)) await refuse();
      yield rest;
    }
  };
}

function firstNonAsciiLine(bytes: Buffer): Buffer {
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(0x0a, start);
    const line = bytes.subarray(start, nl < 0 ? bytes.length : nl);
    if (nl < 0 || !isAscii(line)) return line;
    start = nl + 1;
  }
}

const ENCODING_NAMES: Record<string, string> = {
  utf8: 'UTF-8',
  koi8r: 'KOI8-R',
  cp866: 'CP866 (DOS)',
  cp1251: 'Windows-1251',
  windows1251: 'Windows-1251',
  win1251: 'Windows-1251',
  utf16le: 'UTF-16LE',
  utf16be: 'UTF-16BE',
};

function encodingName(encoding: string): string {
  return ENCODING_NAMES[encoding.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? encoding;
}

/** What is wrong with one line in `encoding`, or undefined when it decodes. */
function lineProblem(line: Buffer | string, encoding: string, mode: TextMode): Pick<Problem, 'value' | 'message'> | undefined {
  const name = encodingName(encoding);
  const shown = (text: string) =>
    text
      .replace(/^\ufeff/, '')
      .replace(/\r$/, '')
      .replace(/\0/g, '')
      .replace(/[\ufffd\ud800-\udfff\x01-\x08\x0b-\x1f\x7f]/g, '?');
  if (typeof line === 'string') {
    if (!line.includes('\ufffd') && !LONE_SURROGATE.test(line)) return undefined;
    return { value: shown(line), message: t('readers.notDecoding', name) };
  }
  if (mode === 'utf-8') {
    if (isUtf8(line)) return undefined;
    const whole = utf8Boundary(line);
    if (whole < line.length && isUtf8(line.subarray(0, whole))) {
      return { value: shown(line.subarray(0, whole).toString('utf8')), message: t('readers.utf8Cut') };
    }
    return { value: shown(iconv.decode(line, 'cp1251')), message: t('readers.notUtf8') };
  }
  if (!isAscii(line) && isUtf8(line)) {
    return { value: shown(line.toString('utf8')), message: t('readers.utf8NotOther', name) };
  }
  const text = iconv.decode(line, encoding);
  if (!text.includes('\ufffd')) return undefined;
  return { value: shown(text), message: t('readers.noCharacter', name) };
}

/** Lines of a file that are refused, listed with their numbers (the first 5 of them). */
const LISTED_LINES = 5;

/**
 * Read the file again from the start, line by line, and name the lines that do not
 * decode; undefined when there are none (a chunk looked suspicious, every line is fine).
 */
async function encodingError(file: string, encoding: string, mode: TextMode, given: boolean): Promise<ValidationError | undefined> {
  const name = path.basename(file);
  const problems: Problem[] = [];
  let count = 0;
  let lineNo = 0;
  const check = (line: Buffer | string) => {
    lineNo++;
    const problem = lineProblem(line, encoding, mode);
    if (!problem) return;
    count++;
    if (problems.length < LISTED_LINES) problems.push({ file: name, row: lineNo, ...problem });
  };
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  try {
    if (mode === 'multi-byte') {
      let carry = '';
      for await (const text of input.pipe(iconv.decodeStream(encoding)) as AsyncIterable<string>) {
        const lines = (carry + text).split('\n');
        carry = lines.pop()!;
        lines.forEach(check);
      }
      if (carry) check(carry);
    } else {
      let carry: Buffer | undefined;
      for await (const chunk of input as AsyncIterable<Buffer>) {
        const bytes = carry ? Buffer.concat([carry, chunk]) : chunk;
        let start = 0;
        for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
          check(bytes.subarray(start, nl));
          start = nl + 1;
        }
        carry = start < bytes.length ? bytes.subarray(start) : undefined;
      }
      if (carry) check(carry);
    }
  } finally {
    input.destroy();
  }
  if (count === 0) return undefined;
  return new ValidationError(problems, t('readers.mixedEncodings', name, encodingName(encoding), given, count, problems.length));
}

/** exceljs cell values (rich text, formulas, hyperlinks, errors) → plain cells. */
function plainCell(value: unknown, numFmt: string | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return numFmt?.includes('%') ? `${Math.round(value * 100 * 1e9) / 1e9}%` : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string; formula?: string; sharedFormula?: string };
  if (v.richText) return v.richText.map((run) => run.text).join('');
  if (v.error) return unreadableCell(t('readers.excelError', v.error));
  if ('formula' in v || 'sharedFormula' in v || 'result' in v) {
    // a formula's value is what Excel saved with it; without one (written by a program, not
    // saved from Excel) there is nothing to read — never an empty cell that erases data
    if (v.result === undefined || v.result === null) return unreadableCell(t('readers.formulaNoValue', v.formula ?? v.sharedFormula ?? '…'));
    return plainCell(v.result, numFmt);
  }
  if (v.text !== undefined) return plainCell(v.text, numFmt);
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
    throw new ValidationError([{ file: name, message: t('files.notXlsx') }]);
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
    throw new ValidationError([{ file: name, message: t('readers.cannotReadWorkbook', (error as Error).message) }]);
  } finally {
    input.destroy();
  }
  if (!found && options.sheet !== undefined) {
    throw new UsageError(t('readers.noSheet', name, options.sheet, seen));
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
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(t('expected.jsonObject'), row);
    const record = value as Record<string, unknown>;
    return header.map((key) => {
      const v = record[key];
      if (v === undefined || v === null) return null;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
      throw bad(t('expected.jsonField', key), row);
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
        if (header) throw bad(t('expected.jsonLine'), lineNo);
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
    throw bad(t('expected.jsonInvalid', (error as Error).message));
  }
  const items = Array.isArray(parsed) ? parsed : (Object.values(parsed as object).find(Array.isArray) as unknown[] | undefined);
  if (!items) throw bad(t('expected.jsonArray'));
  if (items.length === 0) return;
  const keys = Object.keys(items[0] as object);
  yield { row: 1, cells: keys };
  for (let i = 0; i < items.length; i++) yield { row: i + 2, cells: toCells(keys, items[i], i + 2) };
}
