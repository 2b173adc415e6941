// Parsed rows of an import file, in batches. Big files are read and parsed in a worker
// thread while the main thread writes to SQLite (two cores: parsing and writing overlap);
// small files in-line, where a thread's start-up would cost more than it saves.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CrmError, RefusedError, UsageError, ValidationError, type Problem } from '../errors.js';
import type { Cell } from '../io/locale.js';
import { openTable, type RawRow, type TableReader } from '../io/read.js';
import type { CrmKnowledge, RefName } from '../model/types.js';
import type { EntitySpec } from '../model/entities.js';
import {
  emptyFileError,
  isBlankRow,
  missingColumnsError,
  resolveLayout,
  RowParser,
  tryLayout,
  type KnownCodes,
  type Layout,
  type ParsedRow,
} from './rowParser.js';
import type { RefIndex } from '../model/refAlternates.js';
import { t } from '../i18n/index.js';

export interface SourceOptions {
  file: string;
  /** Rows given in memory (`crm clients add`), read instead of the file. */
  memory?: { header: Cell[]; rows: Cell[][] };
  sheet?: string;
  encoding?: string;
  /** `--header-row N`: the header is row N (as the user sees it), not searched for. */
  headerRow?: number;
  onBytes?: (bytes: number, total: number) => void;
}

/** A row above the header (a report's title lines), as `-v` lists it. */
export interface IgnoredRow {
  row: number;
  text: string;
}

export interface SourceInfo {
  layout: Layout;
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  /** The first rows above the header, and how many there were in all. */
  aboveHeader: IgnoredRow[];
  aboveHeaderCount: number;
}

export interface RowSource {
  info: SourceInfo;
  batches: AsyncGenerator<ParsedRow[]>;
  /** The sheet actually read (known once reading started). */
  sheet(): string | undefined;
}

const BATCH = 1000;
/** SPEC §3: the header is the first of this many non-blank rows that names the required columns. */
export const HEADER_SEARCH_ROWS = 30;
/** Rows above the header kept for `-v` (a forced --header-row may skip many). */
const ABOVE_KEPT = 30;
/** Files larger than this are parsed in a worker thread. */
export const WORKER_MIN_BYTES = 1_000_000;

export async function openRowSource(spec: EntitySpec, options: SourceOptions, known: KnownCodes): Promise<RowSource> {
  if (options.memory) return openMemorySource(spec, options.memory, known);
  const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'parseWorker.js');
  const big = fs.existsSync(options.file) && fs.statSync(options.file).size >= WORKER_MIN_BYTES;
  if (big && fs.existsSync(workerFile) && !process.env.CRM_NO_WORKER) return openWorkerSource(workerFile, spec, options, known);
  return openInlineSource(spec, options, known);
}

export async function openInlineSource(spec: EntitySpec, options: SourceOptions, known: KnownCodes): Promise<RowSource> {
  const reader = openTable(options.file, {
    sheet: options.sheet,
    encoding: options.encoding,
    onBytes: options.onBytes ? (bytes) => options.onBytes!(bytes, reader.totalBytes) : undefined,
  });
  const fileName = path.basename(options.file);
  const { layout, above, aboveCount } = await findHeader(spec, reader, fileName, options.headerRow);
  const parser = new RowParser(spec, layout, known);
  async function* batches(): AsyncGenerator<ParsedRow[]> {
    let batch: ParsedRow[] = [];
    for await (const raw of reader.rows) {
      batch.push(parser.parse(raw));
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  return {
    info: { layout, sheet: reader.sheet, encoding: reader.encoding, delimiter: reader.delimiter, aboveHeader: above, aboveHeaderCount: aboveCount },
    batches: batches(),
    sheet: () => reader.sheet,
  };
}

/**
 * SPEC §3: the header is the first row among the first 30 non-blank ones that names every
 * required column (a 1C report has its title, the organization and a blank line above it),
 * or row N with `--header-row N`. Reads the rows up to the header and no further.
 */
async function findHeader(
  spec: EntitySpec,
  reader: TableReader,
  file: string,
  headerRow: number | undefined,
): Promise<{ layout: Layout; above: IgnoredRow[]; aboveCount: number }> {
  const csv = reader.format === 'csv';
  const above: IgnoredRow[] = [];
  let aboveCount = 0;
  const skip = (raw: RawRow) => {
    if (above.length < ABOVE_KEPT) above.push({ row: raw.row, text: rowText(raw) });
    aboveCount++;
  };
  let closest: { row: number; missing: string[] } | undefined;
  let searched = 0;
  let lastRow = 0;
  for (;;) {
    const next = await reader.rows.next();
    if (next.done) break;
    const raw = next.value;
    lastRow = raw.row;
    if (isBlankRow(raw.cells)) continue;
    if (headerRow !== undefined) {
      if (raw.row < headerRow) {
        skip(raw);
        continue;
      }
      if (raw.row > headerRow) throw new UsageError(t('readers.headerRowBlank', headerRow, file, sheetOf(reader)));
      const forced = tryLayout(spec, raw, file, csv);
      if ('missing' in forced) {
        throw missingColumnsError(spec, raw.row, forced.missing, file, reader.sheet, t('readers.headerRowNotHeader', headerRow));
      }
      return { layout: forced.layout, above, aboveCount };
    }
    const tried = tryLayout(spec, raw, file, csv);
    if ('layout' in tried) return { layout: tried.layout, above, aboveCount };
    if (!closest || tried.missing.length < closest.missing.length) closest = { row: raw.row, missing: tried.missing };
    skip(raw);
    if (++searched >= HEADER_SEARCH_ROWS) break;
  }
  if (headerRow !== undefined) {
    throw new UsageError(t('readers.headerRowBeyond', headerRow, file, sheetOf(reader), lastRow));
  }
  if (!closest) throw emptyFileError(spec, file, reader.sheet);
  throw missingColumnsError(
    spec,
    closest.row,
    closest.missing,
    file,
    reader.sheet,
    t('readers.noHeaderRow', searched, closest.row, closest.missing),
  );
}

function sheetOf(reader: TableReader): string | undefined {
  return reader.format === 'xlsx' && reader.sheet ? reader.sheet : undefined;
}

/** A row's filled cells as one line of text, for `-v`. */
function rowText(raw: RawRow): string {
  const text = raw.cells
    .map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c === null ? '' : String(c).trim()))
    .filter((c) => c !== '')
    .join(' | ');
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** Rows from memory, numbered as if they were a file with a header row. */
function openMemorySource(spec: EntitySpec, memory: { header: Cell[]; rows: Cell[][] }, known: KnownCodes): RowSource {
  const layout = resolveLayout(spec, { row: 1, cells: memory.header }, 'input', undefined, false);
  const parser = new RowParser(spec, layout, known);
  async function* batches(): AsyncGenerator<ParsedRow[]> {
    yield memory.rows.map((cells, i) => parser.parse({ row: i + 2, cells }));
  }
  return { info: { layout, aboveHeader: [], aboveHeaderCount: 0 }, batches: batches(), sheet: () => undefined };
}

// ── the worker protocol ──────────────────────────────────────────────────────

export interface WorkerInput {
  entity: string;
  options: Omit<SourceOptions, 'onBytes'>;
  refs: [RefName, string[]][];
  costs: [string, number][] | null;
  /** Maps and arrays: the structured clone carries them as they are. */
  crm: CrmKnowledge | null;
  names: RefIndex;
  codesOnly: boolean;
  today: string | null;
}

export type WorkerMessage =
  | { type: 'info'; info: Omit<SourceInfo, 'layout'> & { layout: Omit<Layout, 'index'> & { index: [string, number][] } } }
  | { type: 'batch'; rows: ParsedRow[]; sheet?: string }
  | { type: 'bytes'; bytes: number; total: number }
  | { type: 'end'; sheet?: string }
  | { type: 'error'; kind: 'validation' | 'usage' | 'refused' | 'other'; message: string; problems?: Problem[] };

export function serializeError(error: unknown): WorkerMessage {
  if (error instanceof ValidationError) return { type: 'error', kind: 'validation', message: error.message, problems: error.problems };
  if (error instanceof UsageError) return { type: 'error', kind: 'usage', message: error.message };
  if (error instanceof RefusedError) return { type: 'error', kind: 'refused', message: error.message };
  return { type: 'error', kind: 'other', message: (error as Error)?.stack ?? String(error) };
}

function deserializeError(m: Extract<WorkerMessage, { type: 'error' }>): Error {
  if (m.kind === 'validation') return new ValidationError(m.problems ?? [], m.message);
  if (m.kind === 'usage') return new UsageError(m.message);
  if (m.kind === 'refused') return new RefusedError(m.message);
  return new CrmError(t('readers.workerFailed', m.message));
}

/** Batches the worker may have sent ahead of the main thread: bounds memory. */
export const WORKER_CREDIT = 4;

async function openWorkerSource(workerFile: string, spec: EntitySpec, options: SourceOptions, known: KnownCodes): Promise<RowSource> {
  const input: WorkerInput = {
    entity: spec.name,
    options: { file: options.file, sheet: options.sheet, encoding: options.encoding, headerRow: options.headerRow },
    refs: [...known.refs].map(([name, codes]) => [name, [...codes]]),
    costs: known.costs ? [...known.costs] : null,
    crm: known.crm ?? null,
    names: known.names ?? [],
    codesOnly: known.codesOnly ?? false,
    today: known.today ?? null,
  };
  // the parser's young generation bounded (V8's default lets it grow to ~48 MB): ~10 MB less
  // peak memory on a big import at the same speed (issue 16: ≤ 300 MB for 10,000,000 lines)
  const worker = new Worker(workerFile, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  let exitError: Error | undefined;
  worker.on('message', (m: WorkerMessage) => {
    if (m.type === 'bytes') options.onBytes?.(m.bytes, m.total);
    else queue.push(m);
    wake?.();
  });
  worker.on('error', (error) => {
    exitError = error;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0) exitError ??= new CrmError(t('readers.workerExited', code));
    queue.push({ type: 'end' });
    wake?.();
  });
  const next = async (): Promise<WorkerMessage> => {
    while (queue.length === 0) {
      if (exitError) throw exitError;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    return queue.shift()!;
  };
  let sheet: string | undefined;
  const first = await next().catch(async (error) => {
    await worker.terminate();
    throw error;
  });
  if (first.type === 'error') {
    await worker.terminate();
    throw deserializeError(first);
  }
  if (first.type !== 'info') {
    await worker.terminate();
    throw new CrmError(t('readers.workerOrder', first.type));
  }
  const layout: Layout = { ...first.info.layout, index: new Map(first.info.layout.index) };
  sheet = first.info.sheet;
  async function* batches(): AsyncGenerator<ParsedRow[]> {
    try {
      for (;;) {
        const m = await next();
        if (m.type === 'batch') {
          sheet = m.sheet ?? sheet;
          worker.postMessage('credit');
          yield m.rows;
        } else if (m.type === 'error') {
          throw deserializeError(m);
        } else if (m.type === 'end') {
          sheet = m.sheet ?? sheet;
          if (exitError) throw exitError;
          return;
        }
      }
    } finally {
      await worker.terminate();
    }
  }
  return { info: { ...first.info, layout }, batches: batches(), sheet: () => sheet };
}
