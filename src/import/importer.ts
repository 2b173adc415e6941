// `crm import` (SPEC §3): parse → validate → plan the changes → apply, in one transaction
// that is rolled back on any problem or on --dry-run, so the preview and the real import
// can never disagree and a bad file never half-writes anything.
//
// Rows stream from the reader; documents and payments are written as soon as they are
// complete (bounded memory for million-row files), master data and plans are small and
// are validated as a whole (cycles, duplicate names) before they are written.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connection.js';
import { sameHeader, SeenDocuments, type DocState } from './seenDocuments.js';
import { DocHash, fingerprint, recordKey, refsOf, rowSignature, type ApplyWriter, type RefMaps } from '../db/importStore.js';
import { ImportSession } from '../db/importSession.js';
import type { TableStats } from '../db/journal.js';
import { runOperation, type PreviewRow } from '../db/operation.js';
import { UsageError, type Problem } from '../errors.js';
import { fileFormat } from '../io/read.js';
import { groupThousands, MAX_MONEY_KOPECKS, MAX_MONEY_ROUBLES, moneyPlain, type Cell } from '../io/locale.js';
import type { CrmNeed, FileScope, Rec } from '../model/types.js';
import { ENTITY_NAMES, entitySpec, REFS, type EntitySpec } from '../model/entities.js';
import type { KnownCodes, Layout, NameMatch, ParsedRow } from './rowParser.js';
import { openRowSource, type IgnoredRow, type RowSource } from './rowSource.js';
import { unknownName } from '../util/suggest.js';
import { planChangeRefusal, type PlanChangeRule } from '../planning/planRules.js';
import { fileSha256 } from '../util/fileHash.js';
import { todayIso } from '../context.js';
import { t } from '../i18n/index.js';

export interface ImportOptions {
  entity: string;
  /** The file to read; with `memory`, only a label for messages and the history. */
  file: string;
  memory?: { header: Cell[]; rows: Cell[][] };
  /** The command recorded in the history (default `import ENTITY`), its kind (default `import`), the command line. */
  command?: string;
  kind?: string;
  argv?: string;
  /** A dry run keeps this many rows of its change set to show (-v). */
  previewRows?: number;
  /** Which plan cells a new version may change (src/planning/planRules.ts); plans only. */
  planRule?: PlanChangeRule;
  sheet?: string;
  encoding?: string;
  /** `--header-row N`; default: searched for. */
  headerRow?: number;
  /** `--match code`: references must be codes; default `name`: names and INNs are resolved too. */
  match?: 'code' | 'name';
  dryRun?: boolean;
  skipInvalid?: boolean;
  allowDuplicates?: boolean;
  note?: string;
  user: string;
  now: Date;
  /** Today for the rules (`--as-of`); default the day of `now`. */
  today?: string;
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
  /**
   * The good lines of rejected documents, one entry each ("rejected with document T1: row 7
   * has a problem"): with `problems` they are every rejected row, for `--errors`.
   */
  rejectedLines: Problem[];
  /** Changes a plan revision may not make (exit 3); nothing is written when there are any. */
  refused: Problem[];
  warnings: string[];
  /** The header row (SPEC §3: the first rows may be a report's title) and the rows above it. */
  headerRow?: number;
  aboveHeader: IgnoredRow[];
  aboveHeaderCount: number;
  /** References written by name or INN and resolved to a code; the first distinct mappings. */
  resolvedByName: number;
  nameMappings: NameMatch[];
  dryRun: boolean;
  operation?: number;
  /** Rows written per table (the change set's counts); a dry run's would-be counts. */
  tables?: Record<string, TableStats>;
  /** A dry run with -v: the first rows of its change set, before → after. */
  preview?: PreviewRow[];
  planVersion?: number;
}

const MAX_KEPT_PROBLEMS = 100_000;
/** Name → code mappings `-v` lists. */
const NAME_MAPPINGS_KEPT = 20;

/** A document whose lines are being read; `badRows` have problems and spoil it. */
interface OpenDoc {
  key: string;
  rows: RowRec[];
  hash: DocHash;
  bad: boolean;
  badRows: number[];
}

/** One parsed row on its way to the database. */
interface RowRec {
  row: number;
  rec: Rec;
  /** The rules' problems with columns the file lacks: said only if the record is not stored (ParsedRow.deferred). */
  deferred?: Omit<Problem, 'file' | 'sheet'>[];
}


/** The CRM knowledge an entity's rules ask for (SPEC §9). */
function crmNeeds(spec: EntitySpec): CrmNeed[] {
  return (spec.hooks?.needs ?? []).filter((n): n is CrmNeed => n !== 'costs');
}

/** The entity's spec, or exit 2: also checked before the database is opened. */
export function importSpec(entity: string): EntitySpec {
  const spec = entitySpec(entity);
  if (!spec) throw new UsageError(unknownName('unknown entity', entity, ENTITY_NAMES));
  return spec;
}

/** A folder given as FILE: say so, and which of its files could be meant. */
function folderGiven(folder: string, entity: string): string {
  let files: string[] = [];
  try {
    files = fs.readdirSync(folder).filter((f) => /\.(xlsx|csv|tsv|txt|json)$/i.test(f)).sort();
  } catch {
    // unreadable: say only that it is a folder
  }
  return t('importRules.importFolder', folder, entity, files);
}

export async function importFile(db: Db, options: ImportOptions): Promise<ImportSummary> {
  const spec = importSpec(options.entity);
  if (!options.memory) {
    if (!fs.existsSync(options.file)) throw new UsageError(t('general.noSuchFile', options.file));
    if (fs.statSync(options.file).isDirectory()) throw new UsageError(folderGiven(options.file, spec.name));
    fileFormat(options.file); // an unsupported extension is bad usage before anything starts
  }
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
    rejectedLines: [],
    refused: [],
    warnings: [],
    aboveHeader: [],
    aboveHeaderCount: 0,
    resolvedByName: 0,
    nameMappings: [],
    dryRun: options.dryRun ?? false,
  };
  let source: RowSource | undefined;
  const problem = (p: Omit<Problem, 'file' | 'sheet'>) => {
    if (summary.problems.length < MAX_KEPT_PROBLEMS) summary.problems.push({ file: fileName, sheet: source?.sheet(), ...p });
    else summary.moreProblems++;
  };

  // One import is one operation: one transaction holding the write lock from the header to
  // the end (the codes it checks references against cannot change under it), journaled.
  const meta = {
    kind: options.kind ?? 'import',
    command: options.command ?? `import ${spec.name}`,
    argv: options.argv,
    entity: spec.name,
    source: options.memory ? null : path.resolve(options.file), // a command's fields are no file: the command line (argv) says what they were
    sourceSha256: options.memory ? null : await fileSha256(options.file),
    user: options.user,
    startedAt: options.now.toISOString(),
  };
  const outcome = await runOperation(
    db,
    meta,
    async (tx) => {
      const session = new ImportSession(tx);
      const refMaps = session.refMaps(refsOf(spec));
      const known: KnownCodes = {
        refs: new Map([...refMaps].map(([name, codes]) => [name, new Set(codes.keys())])),
        costs: spec.hooks?.needs?.includes('costs') ? session.productCosts() : undefined,
        crm: crmNeeds(spec).length > 0 ? session.crmKnowledge(crmNeeds(spec)) : undefined,
        // loaded with --match code too: the message then says which record a name would have named
        names: session.refRecords(refsOf(spec)),
        codesOnly: options.match === 'code',
        today: options.today ?? todayIso(options.now),
      };
      source = await openRowSource(
        spec,
        {
          file: options.file,
          memory: options.memory,
          sheet: options.sheet,
          encoding: options.encoding,
          headerRow: options.headerRow,
          onBytes: options.onBytes,
        },
        known,
      );
      const { info } = source;
      Object.assign(summary, {
        sheet: info.sheet,
        encoding: info.encoding,
        delimiter: info.delimiter,
        headerRow: info.layout.headerRow,
        aboveHeader: info.aboveHeader,
        aboveHeaderCount: info.aboveHeaderCount,
      });
      summary.warnings.push(...source.info.layout.warnings);
      const run = new ImportRun(session, spec, options, summary, source.info.layout, refMaps, problem, known);
      for await (const rows of source.batches) for (const parsed of rows) run.row(parsed);
      summary.sheet = source.sheet();
      run.finish();
      const failed = summary.problems.length + summary.moreProblems > 0;
      // refused plan cells, or problems without --skip-invalid: nothing is written
      const keep = summary.refused.length === 0 && (!failed || Boolean(options.skipInvalid));
      if (failed && !options.skipInvalid) summary.inserted = summary.updated = summary.unchanged = 0;
      return { result: summary, keep, counts: { inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejected } };
    },
    {
      dryRun: options.dryRun,
      previewRows: options.dryRun && options.previewRows ? options.previewRows : undefined,
      documentLocks: spec.kind === 'document' || spec.kind === 'single',
    },
  );
  summary.operation = outcome.operation;
  summary.tables = outcome.tables;
  summary.preview = outcome.preview;
  return summary;
}

// ── one import run ───────────────────────────────────────────────────────────

class ImportRun {
  private writer: ApplyWriter | undefined;
  private readonly headerFields: string[];
  /** Rows with problems make the whole run fail unless --skip-invalid. */
  private failed = false;
  // master / plan: buffered whole
  private readonly buffered: RowRec[] = [];
  // documents / singles
  private readonly existing: Map<string, number>;
  private readonly docs = new SeenDocuments();
  private current: OpenDoc | undefined;
  /**
   * Columns of a streamed entity the file lacks (its key aside): a stored document keeps its
   * values of them, as master data does, and they do not make it "changed" (docs/import.md).
   */
  private readonly absent: ReadonlySet<string>;
  private readonly absentHeader: string[];
  private readonly absentLine: string[];
  private storedHeader: ((key: Rec[string][]) => Rec | undefined) | undefined;

  constructor(
    private readonly session: ImportSession,
    private readonly spec: EntitySpec,
    private readonly options: ImportOptions,
    private readonly summary: ImportSummary,
    private readonly layout: Layout,
    private readonly refMaps: RefMaps,
    private readonly problem: (p: Omit<Problem, 'file' | 'sheet'>) => void,
    private readonly known?: KnownCodes,
  ) {
    this.headerFields = spec.lines ? spec.columns.filter((c) => !(c.name in spec.lines!.fields)).map((c) => c.name) : [];
    const streamed = spec.kind === 'document' || spec.kind === 'single';
    const absent = streamed ? spec.columns.filter((c) => !layout.index.has(c.name) && !spec.key.includes(c.name)).map((c) => c.name) : [];
    this.absent = new Set(absent);
    this.absentLine = absent.filter((name) => spec.lines !== undefined && name in spec.lines.fields);
    this.absentHeader = absent.filter((name) => !this.absentLine.includes(name));
    this.existing = streamed ? session.existingHashes(spec, this.absent) : new Map();
    if (streamed) this.writer = session.writer(spec, refMaps);
  }

  /** One parsed row: good records go on, a bad row is reported and spoils its document. */
  row(parsed: ParsedRow): void {
    if (parsed.skipped === '') return; // a blank row
    if (parsed.numbersOnly) {
      // a totals row only when nothing but blank or totals rows follow it: decided by what comes next
      this.numbersOnly.push(parsed);
      return;
    }
    if (parsed.skipped !== undefined) {
      this.settleNumbersOnly(true);
      this.summary.warnings.push(this.skippedWarning(parsed));
      return;
    }
    this.settleNumbersOnly(false);
    this.summary.rows++;
    if (parsed.byName) this.countByName(parsed.byName);
    if (parsed.recs === null) {
      for (const p of parsed.problems ?? []) if (!this.saidOfDocument(parsed.badKey, p)) this.problem(p);
      this.rejectRow(parsed.row, parsed.badKey);
      return;
    }
    const buffered = this.spec.kind === 'master' || this.spec.kind === 'plan';
    if (parsed.deferred && buffered) {
      // (master data fills the columns a file lacks after its rules have run: said as they were)
      for (const p of parsed.deferred) this.problem(p);
      this.rejectRow(parsed.row, undefined);
      return;
    }
    for (const rec of parsed.recs) {
      if (buffered) this.buffered.push({ row: parsed.row, rec });
      else this.stream(parsed.deferred ? { row: parsed.row, rec, deferred: parsed.deferred } : { row: parsed.row, rec });
    }
  }

  /** The header-field problems said of the document being read: said once, not on each of its lines. */
  private said: { key: string; problems: Set<string> } | undefined;

  /** A problem of a header field (a shipment's date, its originals) already said of this document's earlier line. */
  private saidOfDocument(key: string | undefined, p: Omit<Problem, 'file' | 'sheet'>): boolean {
    if (this.spec.kind !== 'document' || key === undefined || p.column === undefined || !this.headerFields.includes(p.column)) return false;
    if (this.said?.key !== key) this.said = { key, problems: new Set() };
    const sig = `${p.column}\u0001${String(p.value ?? '')}\u0001${p.message}`;
    if (this.said.problems.has(sig)) return true;
    this.said.problems.add(sig);
    return false;
  }

  /** `orders.csv, row 40: skipped the totals row "Итого"`. */
  private skippedWarning(row: ParsedRow): string {
    const file = path.basename(this.options.file);
    const text = row.skippedText ?? '';
    return row.numbersOnly ? t('importRules.skippedNumbersOnly', file, row.row, text) : t('importRules.skippedTotals', file, row.row, text);
  }

  /** Rows with no document number and only numbers, waiting to be told whether they close the file. */
  private numbersOnly: ParsedRow[] = [];

  /**
   * SPEC §3 skips a *closing* totals row: one with no document number and only numbers is
   * skipped (with a warning) when it is last; with data after it, it is a row missing its
   * number (a problem, as any other).
   */
  private settleNumbersOnly(closing: boolean): void {
    for (const row of this.numbersOnly.splice(0)) {
      if (closing) {
        this.summary.warnings.push(this.skippedWarning(row));
        continue;
      }
      this.summary.rows++;
      this.problem({ row: row.row, column: this.spec.key[0]!, value: '', message: t('importRules.numbersOnlyNotLast') });
      this.rejectRow(row.row, undefined);
    }
  }

  /** SPEC §3 references by name: counted, and the first distinct mappings kept for `-v`. */
  private countByName(matches: NameMatch[]): void {
    const kept = this.summary.nameMappings;
    for (const m of matches) {
      this.summary.resolvedByName++;
      if (kept.length < NAME_MAPPINGS_KEPT && !kept.some((k) => k.column === m.column && k.value === m.value)) kept.push(m);
    }
  }

  private rejectRow(row: number, badKey: string | undefined): void {
    this.failed = true;
    this.summary.rejected++;
    if (badKey === undefined) return;
    // a bad line spoils its whole document
    if (this.current?.key !== badKey) {
      this.flushCurrent();
      this.current = { key: badKey, rows: [], hash: new DocHash(), bad: false, badRows: [] };
    }
    this.current.bad = true;
    this.current.badRows.push(row);
  }

  // ── documents and singles: streamed ──

  private stream(item: RowRec): void {
    const key = recordKey(this.spec, item.rec);
    if (this.spec.hooks?.watch?.(item.rec, this.today)) this.watched.add(key);
    if (this.spec.kind === 'single') {
      this.flushCurrent();
      this.current = { key, rows: [item], hash: new DocHash(), bad: false, badRows: [] };
      this.flushCurrent();
      return;
    }
    if (this.current && this.current.key !== key) this.flushCurrent();
    if (!this.current) this.current = { key, rows: [], hash: new DocHash(), bad: false, badRows: [] };
    const head = this.current.rows[0];
    if (head && !this.sameHeader(head, item)) {
      this.current.bad = true;
      this.current.badRows.push(item.row);
      this.failed = true;
    }
    this.current.rows.push(item);
  }

  private headerSig(rec: Rec): number {
    return fingerprint(JSON.stringify(this.headerFields.map((f) => rec[f] ?? null)));
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
          message: t('importRules.headerDisagrees', first.row, this.current?.key ?? '', String(a ?? '')),
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
      if (seen) {
        seen.bad = true;
        seen.badRows.push(...doc.badRows);
      } else this.docs.set(doc.key, { firstRow: 0, badRows: doc.badRows, headerSig: 0, written: false, bad: true });
      return;
    }
    const headerSig = this.headerSig(doc.rows[0]!.rec);
    if (seen) {
      // the key appeared earlier in the file
      const differs = !sameHeader(seen.headerSig, headerSig);
      if (this.spec.kind === 'single') {
        const sig = fingerprint(rowSignature(this.spec, doc.rows[0]!.rec));
        if (sameHeader(sig, seen.headerSig)) return; // the same row twice: harmless
        this.problem({
          row: doc.rows[0]!.row,
          column: this.spec.key.join('+'),
          value: doc.key.split('\u0001').join(' + '),
          message: t('importRules.appearsAgain', seen.firstRow),
        });
        this.markBad(doc, seen, [doc.rows[0]!.row]);
        return;
      }
      if (differs) {
        this.problem({
          row: doc.rows[0]!.row,
          column: this.headerFields.join(', '),
          value: doc.key,
          message: t('importRules.documentAgain', doc.key, seen.firstRow),
        });
        this.markBad(doc, seen, [doc.rows[0]!.row]);
        return;
      }
      if (doc.bad || seen.bad) {
        this.markBad(doc, seen, doc.badRows);
        return;
      }
      // lines of a document that is not contiguous in the file: add them to it
      if (this.absent.size > 0) {
        if (this.existing.has(doc.key)) this.keepStored(doc, false);
        else for (const r of doc.rows) for (const p of r.deferred ?? []) this.docProblem(doc, r.row, p);
        if (doc.bad) {
          this.markBad(doc, seen, doc.badRows);
          return;
        }
      }
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
    // unchanged: the file's columns equal the stored ones (the columns it lacks are kept, so they cannot differ)
    const before = this.existing.get(doc.key);
    // (what a single record is known by in the file, before stored values fill it: the same row twice is harmless)
    const sig = this.spec.kind === 'single' ? fingerprint(rowSignature(this.spec, doc.rows[0]!.rec)) : headerSig;
    let unchanged = false;
    if (before !== undefined && !doc.bad) {
      for (const r of doc.rows) doc.hash.add(rowSignature(this.spec, r.rec, this.absent));
      unchanged = before === doc.hash.digest();
      if (!unchanged && this.absent.size > 0) this.keepStored(doc, true);
    }
    // a new document has no stored values: the rules' problems with the columns the file lacks stand
    if (before === undefined) for (const r of doc.rows) for (const p of r.deferred ?? []) this.docProblem(doc, r.row, p);
    if (!unchanged) this.checkDocument(doc, before !== undefined);
    const state: DocState = {
      firstRow: doc.rows[0]!.row,
      badRows: doc.badRows,
      headerSig: sig,
      written: false,
      bad: doc.bad,
    };
    this.docs.set(doc.key, state);
    if (doc.bad) {
      this.summary.rejected += doc.rows.length;
      this.listRejectedLines(doc, doc.badRows);
      return;
    }
    if (unchanged) {
      this.summary.unchanged++;
      return;
    }
    if (before === undefined) this.summary.inserted++;
    else this.summary.updated++;
    if (!this.failed || this.options.skipInvalid) this.writeDoc(doc.rows, false, before === undefined);
    state.written = true;
  }

  /** A problem of a document's row: said once per document for its header fields; the document is spoiled. */
  private docProblem(doc: OpenDoc, row: number, issue: { column?: string; value?: unknown; message: string }): void {
    const p = { row, column: issue.column, value: issue.value ?? '', message: issue.message };
    if (!this.saidOfDocument(doc.key, p)) this.problem(p);
    doc.bad = true;
    doc.badRows.push(row);
    this.failed = true;
  }

  /**
   * The columns the file lacks take the stored document's values (SPEC §3, as master data): header
   * fields from its header; line fields from the stored line of the same SKU and quantity, matched
   * in line order (a line with none keeps the default of a new line). Then the entity's record
   * rules again, over the record as it will be written.
   */
  private keepStored(doc: OpenDoc, lines: boolean): void {
    const spec = this.spec;
    if (this.absentHeader.length > 0) {
      this.storedHeader ??= this.session.storedHeader(spec, this.absentHeader);
      const head = doc.rows[0]!.rec;
      const stored = this.storedHeader(spec.key.map((k) => head[k] ?? null));
      if (stored) for (const r of doc.rows) for (const name of this.absentHeader) r.rec[name] = stored[name] ?? null;
    }
    if (lines && this.absentLine.length > 0) {
      const lineKey = (rec: Rec) => JSON.stringify([rec.sku ?? null, rec.qty ?? null]);
      const pool = new Map<string, Rec[]>();
      for (const line of this.session.storedLinesBefore(spec, doc.key)) {
        const same = pool.get(lineKey(line));
        if (same) same.push(line);
        else pool.set(lineKey(line), [line]);
      }
      for (const r of doc.rows) {
        const match = pool.get(lineKey(r.rec))?.shift();
        if (match) for (const name of this.absentLine) r.rec[name] = match[name] ?? null;
      }
    }
    const hooks = spec.hooks;
    for (const r of doc.rows) {
      hooks?.complete?.(r.rec, this.known ?? {}, (issue) => this.docProblem(doc, r.row, issue));
      hooks?.derive?.(r.rec);
    }
  }

  /** The document's total bound and the entity's rules over the whole document. */
  private checkDocument(doc: OpenDoc, stored: boolean): void {
    // a document's total must stay exact in kopecks too: the bound of one amount, for the sum of its lines
    const lineTotal = this.spec.lineTotal;
    if (lineTotal && !doc.bad) {
      const total = doc.rows.reduce((sum, r) => sum + lineTotal(r.rec), 0);
      if (Math.abs(total) > MAX_MONEY_KOPECKS) {
        this.problem({ row: doc.rows[0]!.row, column: 'amount', value: doc.key, message: t('importRules.documentTooBig', groupThousands(String(Math.round(total / 100))), groupThousands(String(MAX_MONEY_ROUBLES))) });
        doc.bad = true;
        doc.badRows.push(doc.rows[0]!.row);
        this.failed = true;
      }
    }
    const checkDocument = this.spec.hooks?.checkDocument;
    if (checkDocument && this.known && !doc.bad) {
      checkDocument(
        doc.rows.map((r) => r.rec),
        this.known,
        (issue, line) => {
          const row = doc.rows[line ?? 0]!.row;
          this.problem({ row, column: issue.column, value: issue.value ?? '', message: issue.message });
          doc.bad = true;
          doc.badRows.push(row);
          this.failed = true;
        },
        { stored, lookups: this.session },
      );
    }
  }

  private markBad(doc: OpenDoc, seen: DocState, badRows: number[]): void {
    this.failed = true;
    this.summary.rejected += doc.rows.length;
    seen.bad = true;
    seen.badRows.push(...badRows);
    this.listRejectedLines(doc, seen.badRows);
  }

  /** The lines of a rejected document that have no problem of their own, each naming why. */
  private listRejectedLines(doc: OpenDoc, badRows: number[]): void {
    const own = new Set(badRows);
    const rows = [...own].sort((a, b) => a - b);
    const key = doc.key.split('\u0001').join(' + ');
    const message = t('importRules.rejectedWith', this.spec.kind === 'document', key, this.spec.key.join('+'), rows);
    for (const line of doc.rows) {
      if (own.has(line.row)) continue;
      if (this.summary.rejectedLines.length >= MAX_KEPT_PROBLEMS) return;
      this.summary.rejectedLines.push({
        file: path.basename(this.options.file),
        sheet: this.summary.sheet,
        row: line.row,
        column: this.spec.key.join('+'),
        value: key,
        message,
      });
    }
  }

  private writeDoc(rows: RowRec[], append: boolean, isNew = false): void {
    if (!this.writer) throw new Error('no writer for a streamed entity');
    if (this.spec.kind === 'single') {
      this.writer.write(rows[0]!.rec, undefined, isNew);
      return;
    }
    const lines = append ? [...this.existingLines(rows[0]!.rec), ...rows.map((r) => r.rec)] : rows.map((r) => r.rec);
    const header = rows[0]!.rec;
    const lineTotal = this.spec.lineTotal;
    if (lineTotal) header.document_total = lines.reduce((sum, line) => sum + lineTotal(line), 0);
    this.writer.write(header, lines, isNew && !append);
  }

  /** Lines already stored for a document (only for documents split across the file). */
  private existingLines(rec: Rec): Rec[] {
    return this.session.storedLines(this.spec, recordKey(this.spec, rec));
  }

  // ── the end of the file ──

  /** Keys of the documents the entity's `watch` hook wants to look at again once written. */
  private readonly watched = new Set<string>();

  /** Today for the rules (`--as-of`, never after the real day: src/context.ts writeToday). */
  private get today(): string {
    return this.options.today ?? todayIso(this.options.now);
  }

  finish(): void {
    this.settleNumbersOnly(true);
    if (this.spec.kind === 'document' || this.spec.kind === 'single') this.flushCurrent();
    else if (this.spec.kind === 'plan') this.finishPlan();
    else this.finishMaster();
    this.writer?.finish();
    const afterWrite = this.spec.hooks?.afterWrite;
    if (afterWrite && this.watched.size > 0 && (!this.failed || this.options.skipInvalid)) {
      afterWrite({ keys: [...this.watched], lookups: this.session, today: this.today, warn: (message) => this.summary.warnings.push(message) });
    }
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
        message: t('importRules.appearsAgain', first.row),
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
    const existing = this.session.existingRecords(spec);
    const byKey = this.uniqueByKey();
    // columns absent from the file keep their stored values (a price list updates prices only)
    const absent = spec.columns.filter((c) => !this.layout.index.has(c.name));
    for (const [key, item] of byKey) {
      const before = existing.get(key);
      for (const c of absent) item.rec[c.name] = before ? (before[c.name] ?? null) : (c.default ?? null);
      spec.hooks?.derive?.(item.rec);
    }
    const scope: FileScope = {
      records: byKey,
      stored: existing,
      lookups: this.session,
      allowDuplicates: Boolean(this.options.allowDuplicates),
      reject: (key, row, issue) => {
        this.problem({ row, ...issue, value: issue.value ?? '' });
        if (byKey.delete(key)) this.summary.rejected++;
        this.failed = true;
      },
      warn: (message) => this.summary.warnings.push(message),
    };
    spec.hooks?.checkFile?.(scope);
    if (this.failed && !this.options.skipInvalid) return;

    const changes: { rec: Rec; before: Rec | undefined }[] = [];
    for (const [key, item] of byKey) {
      const before = existing.get(key);
      if (before && rowSignature(spec, before) === rowSignature(spec, item.rec)) this.summary.unchanged++;
      else changes.push({ rec: item.rec, before });
    }
    for (const { before } of changes) {
      if (before) this.summary.updated++;
      else this.summary.inserted++;
    }
    const writer = this.session.writer(spec, this.refMaps);
    writer.writeMaster(changes);
    writer.finish();
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
          message: t('importRules.planCellTwice', first.row),
        });
        continue;
      }
      byKey.set(key, item);
    }
    if (this.failed && !this.options.skipInvalid) return;
    const latest = this.session.latestPlanVersion(spec.plan!.kind);
    const cells = new Map<string, Rec>();
    if (latest) for (const rec of this.session.planCells(spec, latest.id)) cells.set(recordKey(spec, rec), rec);
    // no rule (add/edit of master data never reaches here) means the plain import rule of today
    const rule = this.options.planRule;
    for (const [key, item] of byKey) {
      const before = cells.get(key);
      if (before && rowSignature(spec, before) === rowSignature(spec, item.rec)) {
        this.summary.unchanged++;
        continue;
      }
      if (!before) this.summary.inserted++;
      else this.summary.updated++;
      const month = String(item.rec.month);
      const refusal = latest && rule ? planChangeRefusal(month, rule) : null; // a first version changes nothing
      if (refusal !== null) {
        const valueField = spec.plan!.valueField;
        // as people enter it: money in roubles with kopecks, not the kopecks it is stored in
        const money = spec.columns.find((c) => c.name === valueField)?.type === 'money';
        const show = (v: Rec[string] | undefined) => (v === null || v === undefined ? t('importRules.empty') : money ? moneyPlain(Number(v)) : String(v));
        this.summary.refused.push({
          row: item.row,
          column: month,
          value: key.split('\u0001').filter((part) => part !== month).join(' + '),
          message: `${show(before?.[valueField])} → ${show(item.rec[valueField])}: ${refusal}`,
        });
      }
      cells.set(key, item.rec);
    }
    if (this.summary.refused.length > 0) return;
    if (this.summary.inserted + this.summary.updated === 0) return; // identical to the latest version
    const version = this.session.createPlanVersion(
      spec,
      { author: this.options.user, createdAt: this.options.now.toISOString(), note: this.options.note ?? null, source: path.basename(this.options.file) },
      [...cells.values()],
    );
    this.summary.planVersion = version.number;
  }
}
