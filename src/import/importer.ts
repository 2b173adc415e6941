// `crm import` (SPEC §3): parse → validate → plan the changes → apply, in one transaction
// that is rolled back on any problem or on --dry-run, so the preview and the real import
// can never disagree and a bad file never half-writes anything.
//
// Rows stream from the reader; documents and payments are written as soon as they are
// complete (bounded memory for million-row files), master data and plans are small and
// are validated as a whole (cycles, duplicate names) before they are written.
import path from 'node:path';
import { beginWrite, type Db } from '../db/connection.js';
import {
  DocHash,
  entityWriter,
  existingHashes,
  existingRecords,
  groupParents,
  loadRefMaps,
  productCosts,
  productNameKeys,
  recordKey,
  recordOperation,
  refsOf,
  rowSignature,
  type EntityWriter,
  type RefMaps,
} from '../db/importStore.js';
import { createPlanVersion, latestPlanVersion, planCells } from '../db/plans.js';
import { UsageError, ValidationError, type Problem } from '../errors.js';
import { parseMonth, parseText, roundHalfAway, type Cell } from '../io/locale.js';
import { openTable, type RawRow } from '../io/read.js';
import { matchHeader, parseCell, type ColumnSpec, type Rec } from './columns.js';
import { ENTITY_NAMES, entitySpec, REFS, type EntitySpec } from './entities.js';
import { nameKey } from './normalize.js';

export interface ImportOptions {
  entity: string;
  file: string;
  sheet?: string;
  encoding?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  allowDuplicates?: boolean;
  note?: string;
  user: string;
  now: Date;
  onBytes?: (bytes: number, total: number) => void;
}

export interface ImportSummary {
  entity: string;
  file: string;
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  rows: number;
  /** Document entities count inserted/updated/unchanged in documents, not rows. */
  documents: boolean;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  problems: Problem[];
  /** Problems beyond the ones kept in `problems` (a file of a million bad rows). */
  moreProblems: number;
  warnings: string[];
  dryRun: boolean;
  operation?: number;
  planVersion?: number;
}

const MAX_KEPT_PROBLEMS = 100_000;

/** One parsed row on its way to the database. */
interface RowRec {
  row: number;
  rec: Rec;
}

interface DocState {
  firstRow: number;
  headerSig: string;
  written: boolean;
  bad: boolean;
}

export async function importFile(db: Db, options: ImportOptions): Promise<ImportSummary> {
  const spec = entitySpec(options.entity);
  if (!spec) throw new UsageError(`unknown entity "${options.entity}"; expected one of: ${ENTITY_NAMES.join(', ')}`);
  const reader = openTable(options.file, {
    sheet: options.sheet,
    encoding: options.encoding,
    onBytes: options.onBytes ? (bytes) => options.onBytes!(bytes, reader.totalBytes) : undefined,
  });
  const fileName = path.basename(options.file);
  const summary: ImportSummary = {
    entity: spec.name,
    file: options.file,
    rows: 0,
    documents: spec.kind === 'document',
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    problems: [],
    moreProblems: 0,
    warnings: [],
    dryRun: options.dryRun ?? false,
    encoding: reader.encoding,
    delimiter: reader.delimiter,
  };
  const problem = (p: Omit<Problem, 'file' | 'sheet'>) => {
    if (summary.problems.length < MAX_KEPT_PROBLEMS) summary.problems.push({ file: fileName, sheet: reader.sheet, ...p });
    else summary.moreProblems++;
  };

  const first = await reader.rows.next();
  summary.sheet = reader.sheet;
  if (first.done) {
    throw new ValidationError(
      [{ file: fileName, sheet: reader.sheet, message: `the file is empty: expected a header row with the columns ${spec.columns.filter((c) => c.required).map((c) => c.name).join(', ')}` }],
      'empty file, nothing was written',
    );
  }
  const layout = resolveLayout(spec, first.value, fileName, reader.sheet, reader.format === 'csv');
  summary.warnings.push(...layout.warnings);

  const run = new ImportRun(db, spec, options, summary, layout, problem);
  // One import is one transaction, holding the write lock from the first row to the end.
  const sqlite = db.sqlite;
  beginWrite(sqlite);
  try {
    run.prepare();
    for await (const raw of reader.rows) run.row(raw);
    run.finish();
    const failed = summary.problems.length + summary.moreProblems > 0;
    if (failed && !options.skipInvalid) {
      summary.inserted = summary.updated = summary.unchanged = 0;
      return summary; // rolled back below: nothing written
    }
    if (options.dryRun) return summary;
    summary.operation = recordOperation(sqlite, {
      command: 'import',
      entity: spec.name,
      source: path.resolve(options.file),
      user: options.user,
      startedAt: options.now.toISOString(),
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
    });
    sqlite.exec('COMMIT');
    return summary;
  } finally {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
  }
}

// ── header and layout ────────────────────────────────────────────────────────

interface Layout {
  /** Column name → index in the row. */
  index: Map<string, number>;
  /** Wide plan layout: month columns (index → month) melted into one record each. */
  monthColumns?: { index: number; month: string }[];
  headerWidth: number;
  headerRow: number;
  csv: boolean;
  warnings: string[];
}

function resolveLayout(spec: EntitySpec, header: RawRow, file: string, sheet: string | undefined, csv: boolean): Layout {
  const warnings: string[] = [];
  let cells = header.cells;
  let monthColumns: Layout['monthColumns'];
  let columns = spec.columns;
  const match0 = matchHeader(cells, columns);
  if (spec.plan && !match0.index.has('month')) {
    // wide layout: the key columns plus one column per month (`2027-01`, `янв.27`, `январь 2027`)
    const months = cells.flatMap((cell, index) => {
      const month = cell instanceof Date || typeof cell === 'string' ? parseMonth(cell) : null;
      return typeof month === 'string' ? [{ index, month }] : [];
    });
    if (months.length > 0) {
      monthColumns = months;
      const monthIdx = new Set(months.map((m) => m.index));
      cells = cells.map((cell, i) => (monthIdx.has(i) ? null : cell));
      columns = spec.columns.filter((c) => c.name !== 'month' && c.name !== spec.plan!.valueField);
    }
  }
  const match = matchHeader(cells, columns);
  if (match.missing.length > 0) {
    throw new ValidationError(
      match.missing.map((column) => ({
        file,
        sheet,
        row: header.row,
        column,
        message: `required column "${column}" is missing (accepted headers: ${[column, ...(spec.columns.find((c) => c.name === column)?.aliases ?? [])].join(', ')})${spec.plan ? '; or use the wide layout with one column per month' : ''}`,
      })),
      'a required column is missing, nothing was written',
    );
  }
  if (match.unknown.length > 0) warnings.push(`${file}: ignored unknown column${match.unknown.length > 1 ? 's' : ''}: ${match.unknown.join(', ')}`);
  if (match.duplicated.length > 0) warnings.push(`${file}: ignored repeated column${match.duplicated.length > 1 ? 's' : ''}: ${match.duplicated.join(', ')}`);
  return { index: match.index, monthColumns, headerWidth: header.cells.length, headerRow: header.row, csv, warnings };
}

// ── one import run ───────────────────────────────────────────────────────────

class ImportRun {
  private refMaps!: RefMaps;
  private writer!: EntityWriter;
  private readonly columns: { spec: ColumnSpec; index: number }[];
  private readonly headerFields: string[];
  /** Rows with problems make the whole run fail unless --skip-invalid. */
  private failed = false;
  // master / plan: buffered whole
  private readonly buffered: RowRec[] = [];
  // documents / singles
  private existing = new Map<string, string>();
  private readonly docs = new Map<string, DocState>();
  private current: { key: string; rows: RowRec[]; hash: DocHash; bad: boolean } | undefined;
  private costs?: Map<string, number>;

  constructor(
    private readonly db: Db,
    private readonly spec: EntitySpec,
    private readonly options: ImportOptions,
    private readonly summary: ImportSummary,
    private readonly layout: Layout,
    private readonly problem: (p: Omit<Problem, 'file' | 'sheet'>) => void,
  ) {
    this.columns = spec.columns.flatMap((c) => {
      const index = layout.index.get(c.name);
      return index === undefined ? [] : [{ spec: c, index }];
    });
    this.headerFields = spec.lines ? spec.columns.filter((c) => !(c.name in spec.lines!.fields)).map((c) => c.name) : [];
  }

  private get sqlite() {
    return this.db.sqlite;
  }

  prepare(): void {
    const refs = refsOf(this.spec);
    this.refMaps = loadRefMaps(this.sqlite, refs);
    if (this.spec.kind === 'document' || this.spec.kind === 'single') {
      this.existing = existingHashes(this.sqlite, this.spec);
      this.writer = entityWriter(this.sqlite, this.spec, this.refMaps);
    }
    if (this.spec.name === 'shipments') this.costs = productCosts(this.sqlite);
  }

  /** Parse and check one row; hand it on when it is good. */
  row(raw: RawRow): void {
    this.summary.rows++;
    const records = this.parseRow(raw);
    if (records === undefined) {
      this.rejectRow(raw);
      return;
    }
    for (const rec of records) {
      if (this.spec.kind === 'master' || this.spec.kind === 'plan') this.buffered.push({ row: raw.row, rec });
      else this.stream({ row: raw.row, rec });
    }
  }

  private rejectRow(raw: RawRow): void {
    this.failed = true;
    this.summary.rejected++;
    if (this.spec.kind !== 'document') return;
    // a bad line spoils its whole document, when its number can be read
    const keyColumn = this.columns.find((c) => c.spec.name === this.spec.key[0]);
    const parsed = keyColumn ? parseCell(keyColumn.spec, (raw.cells[keyColumn.index] ?? null) as Cell) : undefined;
    if (!parsed || !('value' in parsed) || parsed.value === null) return;
    const key = String(parsed.value);
    if (this.current?.key !== key) {
      this.flushCurrent();
      this.current = { key, rows: [], hash: new DocHash(), bad: false };
    }
    this.current.bad = true;
  }

  private parseRow(raw: RawRow): Rec[] | undefined {
    const { cells } = raw;
    let ok = true;
    const report = (p: Omit<Problem, 'file' | 'sheet' | 'row'>) => {
      ok = false;
      this.problem({ row: raw.row, ...p });
    };
    // xlsx rows simply end at their last filled cell; a short CSV line is a truncated one
    if (this.layout.csv && cells.length < this.layout.headerWidth && !this.layout.monthColumns) {
      const missingAt = cells.length;
      const lastNeeded = Math.max(...this.columns.map((c) => c.index));
      if (missingAt <= lastNeeded) {
        report({ message: `the line has ${cells.length} values but the header has ${this.layout.headerWidth} columns: a truncated line?` });
        return undefined;
      }
    }
    if (cells.length > this.layout.headerWidth && cells.slice(this.layout.headerWidth).some((c) => parseText(c as Cell) !== null)) {
      report({ message: `the line has ${cells.length} values but the header has ${this.layout.headerWidth} columns: a stray delimiter?` });
      return undefined;
    }
    const rec: Rec = {};
    for (const { spec: column, index } of this.columns) {
      const parsed = parseCell(column, (cells[index] ?? null) as Cell);
      if ('problem' in parsed) {
        report(parsed.problem);
        continue;
      }
      rec[column.name] = parsed.value;
      if (column.ref && parsed.value !== null && !this.isSelfRef(column)) {
        if (!this.refMaps.get(column.ref)?.has(String(parsed.value))) {
          report({ column: column.name, value: parsed.value, message: `unknown ${REFS[column.ref].entity.replace(/s$/, '')} code: import ${REFS[column.ref].entity} first` });
        }
      }
    }
    if (!ok) return undefined;
    this.complete(rec, report);
    if (!ok) return undefined;
    if (!this.layout.monthColumns) return [rec];
    // wide plan: one record per filled month cell
    const valueColumn = this.spec.columns.find((c) => c.name === this.spec.plan!.valueField)!;
    const out: Rec[] = [];
    for (const { index, month } of this.layout.monthColumns) {
      const parsed = parseCell({ ...valueColumn, required: false, name: month }, (cells[index] ?? null) as Cell);
      if ('problem' in parsed) report(parsed.problem);
      else if (parsed.value !== null) out.push({ ...rec, month, [valueColumn.name]: parsed.value });
    }
    return ok ? out : undefined;
  }

  private isSelfRef(column: ColumnSpec): boolean {
    return column.ref !== undefined && REFS[column.ref].table === this.spec.table.table;
  }

  /** Entity rules that involve more than one cell, and computed defaults. */
  private complete(rec: Rec, report: (p: Omit<Problem, 'file' | 'sheet' | 'row'>) => void): void {
    switch (this.spec.name) {
      case 'shipments':
        if (rec.cost === null || rec.cost === undefined) {
          // SPEC §3: cost of a shipment line defaults to the product's cost × qty
          rec.cost = roundHalfAway((this.costs!.get(String(rec.sku)) ?? 0) * Number(rec.qty));
        }
        break;
      case 'orders':
        rec.status ??= rec.refusal_reason ? 'refused' : 'confirmed';
        break;
      case 'reservations':
        if (rec.released_date && rec.reserved_date && String(rec.released_date) < String(rec.reserved_date)) {
          report({ column: 'released_date', value: rec.released_date, message: `expected a date on or after reserved_date ${rec.reserved_date}` });
        }
        break;
      case 'products':
        rec.name_key = nameKey(String(rec.name));
        break;
    }
  }

  // ── documents and singles: streamed ──

  private stream(item: RowRec): void {
    const key = recordKey(this.spec, item.rec);
    if (this.spec.kind === 'single') {
      this.flushCurrent();
      this.current = { key, rows: [item], hash: new DocHash(), bad: false };
      this.flushCurrent();
      return;
    }
    if (this.current && this.current.key !== key) this.flushCurrent();
    if (!this.current) this.current = { key, rows: [], hash: new DocHash(), bad: false };
    const head = this.current.rows[0];
    if (head && !this.sameHeader(head, item)) {
      this.current.bad = true;
      this.failed = true;
    }
    this.current.rows.push(item);
  }

  private headerSig(rec: Rec): string {
    return JSON.stringify(this.headerFields.map((f) => rec[f] ?? null));
  }

  /** SPEC §3: rows of one document must agree on header fields. */
  private sameHeader(first: RowRec, item: RowRec): boolean {
    let same = true;
    for (const field of this.headerFields) {
      const a = first.rec[field] ?? null;
      const b = item.rec[field] ?? null;
      if (a !== b) {
        same = false;
        this.problem({
          row: item.row,
          column: field,
          value: b ?? '',
          message: `disagrees with row ${first.row} of the same document ${this.current?.key ?? ''} ("${a ?? ''}"): header fields must be equal on every line`,
        });
      }
    }
    return same;
  }

  private flushCurrent(): void {
    const doc = this.current;
    this.current = undefined;
    if (!doc) return;
    const seen = this.docs.get(doc.key);
    if (doc.rows.length === 0) {
      // only bad lines of this document so far
      if (seen) seen.bad = true;
      else this.docs.set(doc.key, { firstRow: 0, headerSig: '', written: false, bad: true });
      return;
    }
    const headerSig = this.headerSig(doc.rows[0]!.rec);
    if (seen) {
      // the key appeared earlier in the file
      const differs = seen.headerSig !== headerSig;
      if (this.spec.kind === 'single') {
        const sig = rowSignature(this.spec, doc.rows[0]!.rec);
        if (sig === seen.headerSig) return; // the same row twice: harmless
        this.problem({
          row: doc.rows[0]!.row,
          column: this.spec.key.join('+'),
          value: doc.key.split('\u0001').join(' + '),
          message: `appears again with different data (first at row ${seen.firstRow})`,
        });
        this.markBad(doc, seen);
        return;
      }
      if (differs) {
        this.problem({
          row: doc.rows[0]!.row,
          column: this.headerFields.join(', '),
          value: doc.key,
          message: `document ${doc.key} appears again with other header fields (first at row ${seen.firstRow})`,
        });
        this.markBad(doc, seen);
        return;
      }
      if (doc.bad || seen.bad) {
        this.markBad(doc, seen);
        return;
      }
      // lines of a document that is not contiguous in the file: add them to it
      if (!this.failed || this.options.skipInvalid) {
        this.writeDoc(doc.rows, true);
        if (!seen.written) {
          this.summary.unchanged--;
          this.summary.updated++;
        }
        seen.written = true;
      }
      return;
    }
    const state: DocState = {
      firstRow: doc.rows[0]!.row,
      headerSig: this.spec.kind === 'single' ? rowSignature(this.spec, doc.rows[0]!.rec) : headerSig,
      written: false,
      bad: doc.bad,
    };
    this.docs.set(doc.key, state);
    if (doc.bad) {
      this.summary.rejected += doc.rows.length;
      return;
    }
    for (const r of doc.rows) doc.hash.add(rowSignature(this.spec, r.rec));
    const before = this.existing.get(doc.key);
    if (before === doc.hash.digest()) {
      this.summary.unchanged++;
      return;
    }
    if (before === undefined) this.summary.inserted++;
    else this.summary.updated++;
    if (!this.failed || this.options.skipInvalid) this.writeDoc(doc.rows, false);
    state.written = true;
  }

  private markBad(doc: { rows: RowRec[] }, seen: DocState): void {
    this.failed = true;
    this.summary.rejected += doc.rows.length;
    seen.bad = true;
  }

  private writeDoc(rows: RowRec[], append: boolean): void {
    if (this.spec.kind === 'single') this.writer.write(rows[0]!.rec);
    else if (append) this.writer.write(rows[0]!.rec, [...this.existingLines(rows[0]!.rec), ...rows.map((r) => r.rec)]);
    else
      this.writer.write(
        rows[0]!.rec,
        rows.map((r) => r.rec),
      );
  }

  /** Lines already stored for a document (only for documents split across the file). */
  private existingLines(rec: Rec): Rec[] {
    const key = recordKey(this.spec, rec);
    const lines = this.spec.lines!;
    const keyColumn = this.spec.table.fields[this.spec.key[0]!]!.column;
    const fields = Object.entries(lines.fields);
    const rows = this.sqlite
      .prepare(
        `SELECT ${fields.map(([, f]) => (f.ref ? `(SELECT ${REFS[f.ref].code} FROM ${REFS[f.ref].table} WHERE id = l.${f.column})` : `l.${f.column}`)).join(', ')} FROM ${lines.table} l JOIN ${this.spec.table.table} h ON h.id = l.${lines.parent} WHERE h.${keyColumn} = ? ORDER BY l.id`,
      )
      .raw()
      .all(key) as unknown[][];
    return rows.map((values) => Object.fromEntries(fields.map(([name], i) => [name, values[i] as Rec[string]])));
  }

  // ── the end of the file ──

  finish(): void {
    if (this.spec.kind === 'document' || this.spec.kind === 'single') {
      this.flushCurrent();
      return;
    }
    if (this.spec.kind === 'plan') this.finishPlan();
    else this.finishMaster();
  }

  /** The same key twice in one file: fine when identical, a problem when not. */
  private uniqueByKey(): Map<string, RowRec> {
    const byKey = new Map<string, RowRec>();
    const badKeys = new Set<string>();
    for (const item of this.buffered) {
      const key = recordKey(this.spec, item.rec);
      const first = byKey.get(key);
      if (!first) {
        byKey.set(key, item);
        continue;
      }
      if (rowSignature(this.spec, first.rec) === rowSignature(this.spec, item.rec)) {
        this.summary.unchanged++;
        continue;
      }
      this.failed = true;
      badKeys.add(key);
      this.summary.rejected++;
      this.problem({
        row: item.row,
        column: this.spec.key.join('+'),
        value: key.split('\u0001').join(' + '),
        message: `appears again with different data (first at row ${first.row})`,
      });
    }
    for (const key of badKeys) {
      byKey.delete(key);
      this.summary.rejected++;
    }
    return byKey;
  }

  private finishMaster(): void {
    const spec = this.spec;
    const existing = existingRecords(this.sqlite, spec);
    const byKey = this.uniqueByKey();
    // columns absent from the file keep their stored values (a price list updates prices only)
    const absent = spec.columns.filter((c) => !this.layout.index.has(c.name));
    for (const [key, item] of byKey) {
      const before = existing.get(key);
      for (const c of absent) item.rec[c.name] = before ? (before[c.name] ?? null) : (c.default ?? null);
      if (spec.name === 'products') item.rec.name_key = nameKey(String(item.rec.name));
    }
    const reject = (key: string) => {
      if (byKey.delete(key)) this.summary.rejected++;
      this.failed = true;
    };
    if (spec.name === 'groups') this.checkGroupTree(byKey, reject);
    if (spec.name === 'products' && !this.options.allowDuplicates) this.checkDuplicateNames(byKey, reject);
    if (this.failed && !this.options.skipInvalid) return;

    this.writer = entityWriter(this.sqlite, spec, this.refMaps);
    for (const [key, item] of byKey) {
      const before = existing.get(key);
      if (before && rowSignature(spec, before) === rowSignature(spec, item.rec)) {
        this.summary.unchanged++;
        continue;
      }
      if (before) this.summary.updated++;
      else this.summary.inserted++;
      this.writer.write(item.rec);
    }
    this.writer.finish();
  }

  /** Parents must exist (in the database or this file) and no group may be its own ancestor. */
  private checkGroupTree(byKey: Map<string, RowRec>, reject: (key: string) => void): void {
    const parents = groupParents(this.sqlite);
    for (const [code, item] of byKey) parents.set(code, (item.rec.parent_code as string | null) ?? null);
    for (const [code, item] of [...byKey]) {
      const parent = item.rec.parent_code as string | null;
      if (parent !== null && !parents.has(parent)) {
        this.problem({ row: item.row, column: 'parent_code', value: parent, message: 'unknown group code: not in the database nor in this file' });
        reject(code);
        continue;
      }
      const chain = [code];
      let at = parent;
      while (at !== null && at !== undefined) {
        if (at === code) {
          this.problem({ row: item.row, column: 'parent_code', value: parent, message: `the group would be its own ancestor: ${[...chain, code].join(' → ')}` });
          reject(code);
          break;
        }
        if (chain.length > 10_000) break;
        chain.push(at);
        at = parents.get(at) ?? null;
      }
    }
  }

  /** SPEC §3 duplicate nomenclature: the same normalized name under another SKU. */
  private checkDuplicateNames(byKey: Map<string, RowRec>, reject: (key: string) => void): void {
    const stored = productNameKeys(this.sqlite);
    const fileSkus = new Set(byKey.keys());
    const inFile = new Map<string, RowRec>();
    for (const [sku, item] of [...byKey]) {
      const key = String(item.rec.name_key);
      const other = stored.get(key);
      if (other && other.sku !== sku && !fileSkus.has(other.sku)) {
        this.problem({ row: item.row, column: 'name', value: item.rec.name, message: `duplicates product ${other.sku} "${other.name}" already in the database (use --allow-duplicates if they really differ)` });
        reject(sku);
        continue;
      }
      const twin = inFile.get(key);
      if (twin) {
        this.problem({ row: item.row, column: 'name', value: item.rec.name, message: `duplicates product ${twin.rec.sku} "${twin.rec.name}" at row ${twin.row} (use --allow-duplicates if they really differ)` });
        reject(sku);
        continue;
      }
      inFile.set(key, item);
    }
  }

  /** A plan import makes a new version: the latest one with the file's cells laid over it. */
  private finishPlan(): void {
    const spec = this.spec;
    const byKey = new Map<string, RowRec>();
    for (const item of this.buffered) {
      const key = recordKey(spec, item.rec);
      const first = byKey.get(key);
      if (first) {
        this.failed = true;
        this.summary.rejected++;
        this.problem({
          row: item.row,
          column: spec.plan!.cellKey.join('+'),
          value: key.split('\u0001').join(' + '),
          message: `the same plan cell appears twice in the file (first at row ${first.row})`,
        });
        continue;
      }
      byKey.set(key, item);
    }
    if (this.failed && !this.options.skipInvalid) return;
    const latest = latestPlanVersion(this.sqlite, spec.plan!.kind);
    const cells = new Map<string, Rec>();
    if (latest) for (const rec of planCells(this.sqlite, spec, latest.id)) cells.set(recordKey(spec, rec), rec);
    for (const [key, item] of byKey) {
      const before = cells.get(key);
      if (!before) this.summary.inserted++;
      else if (rowSignature(spec, before) === rowSignature(spec, item.rec)) this.summary.unchanged++;
      else this.summary.updated++;
      cells.set(key, item.rec);
    }
    if (this.summary.inserted + this.summary.updated === 0) return; // identical to the latest version
    const version = createPlanVersion(
      this.sqlite,
      spec,
      { author: this.options.user, createdAt: this.options.now.toISOString(), note: this.options.note ?? null, source: path.basename(this.options.file) },
      [...cells.values()],
    );
    this.summary.planVersion = version.number;
  }
}
