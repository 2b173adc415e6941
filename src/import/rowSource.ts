// Parsed rows of an import file, in batches. Big files are read and parsed in a worker
// thread while the main thread writes to SQLite (two cores: parsing and writing overlap);
// small files in-line, where a thread's start-up would cost more than it saves.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CrmError, RefusedError, UsageError, ValidationError, type Problem } from '../errors.js';
import type { Cell } from '../io/locale.js';
import { openTable } from '../io/read.js';
import type { RefName } from './columns.js';
import type { EntitySpec } from './entities.js';
import { emptyFileError, resolveLayout, RowParser, type KnownCodes, type Layout, type ParsedRow } from './rowParser.js';

export interface SourceOptions {
  file: string;
  /** Rows given in memory (`crm clients add`), read instead of the file. */
  memory?: { header: Cell[]; rows: Cell[][] };
  sheet?: string;
  encoding?: string;
  onBytes?: (bytes: number, total: number) => void;
}

export interface SourceInfo {
  layout: Layout;
  sheet?: string;
  encoding?: string;
  delimiter?: string;
}

export interface RowSource {
  info: SourceInfo;
  batches: AsyncGenerator<ParsedRow[]>;
  /** The sheet actually read (known once reading started). */
  sheet(): string | undefined;
}

const BATCH = 1000;
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
  const first = await reader.rows.next();
  if (first.done) throw emptyFileError(spec, fileName, reader.sheet);
  const layout = resolveLayout(spec, first.value, fileName, reader.sheet, reader.format === 'csv');
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
    info: { layout, sheet: reader.sheet, encoding: reader.encoding, delimiter: reader.delimiter },
    batches: batches(),
    sheet: () => reader.sheet,
  };
}

/** Rows from memory, numbered as if they were a file with a header row. */
function openMemorySource(spec: EntitySpec, memory: { header: Cell[]; rows: Cell[][] }, known: KnownCodes): RowSource {
  const layout = resolveLayout(spec, { row: 1, cells: memory.header }, 'input', undefined, false);
  const parser = new RowParser(spec, layout, known);
  async function* batches(): AsyncGenerator<ParsedRow[]> {
    yield memory.rows.map((cells, i) => parser.parse({ row: i + 2, cells }));
  }
  return { info: { layout }, batches: batches(), sheet: () => undefined };
}

// ── the worker protocol ──────────────────────────────────────────────────────

export interface WorkerInput {
  entity: string;
  options: Omit<SourceOptions, 'onBytes'>;
  refs: [RefName, string[]][];
  costs: [string, number][] | null;
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
  return new CrmError(`import worker failed: ${m.message}`);
}

/** Batches the worker may have sent ahead of the main thread: bounds memory. */
export const WORKER_CREDIT = 4;

async function openWorkerSource(workerFile: string, spec: EntitySpec, options: SourceOptions, known: KnownCodes): Promise<RowSource> {
  const input: WorkerInput = {
    entity: spec.name,
    options: { file: options.file, sheet: options.sheet, encoding: options.encoding },
    refs: [...known.refs].map(([name, codes]) => [name, [...codes]]),
    costs: known.costs ? [...known.costs] : null,
  };
  const worker = new Worker(workerFile, { workerData: input });
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
    if (code !== 0) exitError ??= new CrmError(`import worker exited with code ${code}`);
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
    throw new CrmError(`import worker sent ${first.type} before the header`);
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
