// Row-level import work that needs no database: header matching, the wide plan layout,
// typed cell parsing, reference checks against known codes, and per-row rules. It runs
// in a worker thread for big files (src/import/parseWorker.ts), in-line for small ones.
import { t } from '../i18n/index.js';
import type { Problem } from '../errors.js';
import { ValidationError } from '../errors.js';
import { isBad, parseMoney, parseMonth, parseText, roundHalfAway, type Cell } from '../io/locale.js';
import type { RawRow } from '../io/read.js';
import type { ColumnSpec, CrmKnowledge, Rec, RefName } from '../model/types.js';
import { CellProblem, matchHeader, parseCell } from './columns.js';
import { ENTITIES, REFS, type EntitySpec } from '../model/entities.js';
import type { RefIndex } from '../model/refAlternates.js';
import { fold } from '../model/dealMoves.js';
import { RefResolver } from './refLookup.js';

export type RowProblem = Omit<Problem, 'file' | 'sheet'>;

/** One source row after parsing: its records (a wide plan row gives several), or its problems. */
export interface ParsedRow {
  row: number;
  recs: Rec[] | null;
  problems?: RowProblem[];
  /** The document number of a bad row, when it could be read: the whole document is spoiled. */
  badKey?: string;
  /** The row was skipped: why (a totals row: a warning, not a problem), or '' for a blank row (silent). */
  skipped?: string;
  /** A totals row known only by having no document number and only numbers: one only at the end of the file. */
  numbersOnly?: boolean;
  /** What a skipped totals row is known by, for its warning: the cell's text (`Итого`), or the key column it lacks when `numbersOnly`. */
  skippedText?: string;
  /** References of this row written by name (or INN) and the codes they were resolved to. */
  byName?: NameMatch[];
  /**
   * Problems the entity's rules found in columns the file lacks: a stored record keeps its own
   * values of them (the import checks the rules again over those), a new one has them.
   */
  deferred?: RowProblem[];
}

export interface NameMatch {
  column: string;
  value: string;
  code: string;
}

export interface Layout {
  /** Column name → index in the row. */
  index: Map<string, number>;
  /** Wide plan layout: month columns (index → month) melted into one record each. */
  monthColumns?: { index: number; month: string }[];
  headerWidth: number;
  headerRow: number;
  csv: boolean;
  warnings: string[];
}

/** Everything the parser needs to know about the database, loaded inside the write lock. */
export interface KnownCodes {
  refs: Map<RefName, Set<string>>;
  /** Names (and INNs) of the records a reference may name instead of its code. */
  names?: RefIndex;
  /** `--match code`: a reference must be a code (names are only mentioned in the message). */
  codesOnly?: boolean;
  /** Product cost by SKU, for entities whose hooks need it (shipment lines default their cost to cost × qty). */
  costs?: Map<string, number>;
  /** What the CRM entities' rules need of the database (src/model/entityRules.ts). */
  crm?: CrmKnowledge;
  /** Today (`--as-of`), for rules that refuse a date in the future. */
  today?: string;
}

export function emptyFileError(spec: EntitySpec, file: string, sheet: string | undefined): ValidationError {
  const required = spec.columns.filter((c) => c.required).map((c) => c.name);
  return new ValidationError(
    [{ file, sheet, message: t('importRules.emptyFile', required.join(', ')) }],
    t('importRules.emptyFileSummary'),
  );
}

/** The layout a row gives when it is the header, or the required columns it lacks. */
export function tryLayout(spec: EntitySpec, header: RawRow, file: string, csv: boolean): { layout: Layout } | { missing: string[] } {
  const warnings: string[] = [];
  let cells = header.cells;
  let monthColumns: Layout['monthColumns'];
  let columns = spec.columns;
  if (spec.plan && !matchHeader(cells, columns).index.has('month')) {
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
  if (match.missing.length > 0) return { missing: match.missing };
  if (match.unknown.length >= 2) refuseOtherEntity(spec, header, match.unknown, file);
  if (match.unknown.length > 0) warnings.push(t('importRules.unknownColumns', file, match.unknown.length, match.unknown.join(', ')));
  if (match.duplicated.length > 0) warnings.push(t('importRules.repeatedColumns', file, match.duplicated.length, match.duplicated.join(', ')));
  return { layout: { index: match.index, monthColumns, headerWidth: header.cells.length, headerRow: header.row, csv, warnings } };
}

/**
 * A file of another entity that happens to have this one's required columns (a clients
 * export given to `crm import managers` has code and name) would import junk: when another
 * entity knows every column of the header and this one does not know two or more, refuse.
 */
function refuseOtherEntity(spec: EntitySpec, header: RawRow, unknown: string[], file: string): void {
  for (const other of ENTITIES) {
    if (other === spec || other.plan) continue;
    const fit = matchHeader(header.cells, other.columns);
    if (fit.unknown.length > 0 || fit.missing.length > 0) continue;
    throw new ValidationError(
      [{ file, row: header.row, message: t('importRules.otherEntity', unknown.join(', '), spec.name, other.name) }],
      t('importRules.otherEntitySummary', file, other.name, spec.name),
    );
  }
}

/** One problem per required column the header row lacks, naming the headers accepted for it. */
export function missingColumnsError(spec: EntitySpec, row: number, missing: string[], file: string, sheet: string | undefined, summary?: string): ValidationError {
  return new ValidationError(
    missing.map((column) => ({
      file,
      sheet,
      row,
      column,
      message: t('header.missingColumn', column, [column, ...(spec.columns.find((c) => c.name === column)?.aliases ?? [])].join(', '), Boolean(spec.plan)),
    })),
    summary ?? t('importRules.missingColumnSummary'),
  );
}

export function resolveLayout(spec: EntitySpec, header: RawRow, file: string, sheet: string | undefined, csv: boolean): Layout {
  const tried = tryLayout(spec, header, file, csv);
  if ('missing' in tried) throw missingColumnsError(spec, header.row, tried.missing, file, sheet);
  return tried.layout;
}

/** First cells of a closing totals row (SPEC §3), compared case-insensitively. */
const TOTALS = /^(итого|всего|total)\s*:?$/i;

/** A row with nothing in it but spaces (the readers skip empty rows; this catches the rest). */
export function isBlankRow(cells: Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

export class RowParser {
  private readonly columns: { spec: ColumnSpec; index: number; checkRef: Set<string> | undefined; anyCase: boolean }[];
  private readonly keyColumn: { spec: ColumnSpec; index: number } | undefined;
  private readonly lastNeeded: number;
  private readonly resolver: RefResolver;
  /** Documents and payments: a row without a number and with only numbers in it is a totals row. */
  private readonly numberedTotals: boolean;

  constructor(
    private readonly spec: EntitySpec,
    private readonly layout: Layout,
    private readonly known: KnownCodes,
  ) {
    this.columns = spec.columns.flatMap((c) => {
      const index = layout.index.get(c.name);
      if (index === undefined) return [];
      // self references (a group's parent) may point later into the same file: checked at the end
      const selfRef = c.ref !== undefined && REFS[c.ref].table === spec.table.table;
      const codes = c.ref && !selfRef ? (known.refs.get(c.ref) ?? new Set<string>()) : undefined;
      // stage names match in any case: the set holds them folded, and so is the cell looked up
      const anyCase = c.ref !== undefined && REFS[c.ref].anyCase === true;
      return [{ spec: c, index, checkRef: codes && anyCase ? new Set([...codes].map(fold)) : codes, anyCase }];
    });
    this.keyColumn = this.columns.find((c) => c.spec.name === spec.key[0]);
    this.lastNeeded = Math.max(...this.columns.map((c) => c.index));
    this.resolver = new RefResolver(known.names ?? []);
    this.numberedTotals = spec.kind === 'document' || spec.key[0] === 'payment_no';
  }

  /** SPEC §3: a closing totals row ("Итого", or a document row with no number and only numbers). */
  private totalsRow(cells: Cell[]): { skipped: string; numbersOnly: boolean; text: string } | undefined {
    const first = cells.find((c) => parseText(c) !== null);
    if (first === undefined) return undefined;
    const text = parseText(first)!;
    if (TOTALS.test(text)) return { skipped: `the totals row "${text}"`, numbersOnly: false, text };
    if (!this.numberedTotals || !this.keyColumn || parseText(cells[this.keyColumn.index] ?? null) !== null) return undefined;
    const numbersOnly = cells.every((c) => parseText(c) === null || typeof c === 'number' || (typeof c === 'string' && !isBad(parseMoney(c))));
    const key = this.keyColumn.spec.name;
    return numbersOnly ? { skipped: `a totals row (no ${key}, only numbers)`, numbersOnly: true, text: key } : undefined;
  }

  /** A reference that is no code: the one record it names, or a problem. */
  private byName(column: ColumnSpec, value: string, report: (p: Omit<RowProblem, 'row'>) => void): string | undefined {
    const ref = column.ref!;
    const entity = REFS[ref].entity;
    const found = this.resolver.find(ref, value);
    if (this.known.codesOnly || found.length === 0) {
      const ways = this.known.codesOnly ? ['code'] : RefResolver.ways(ref);
      report({ column: column.name, value, message: t('importRules.unknownRef', entity, ways, found.map((c) => c.code), RefResolver.ways(ref, false)) });
      return undefined;
    }
    if (found.length > 1) {
      const list = found.slice(0, 10).map((c) => `${c.code} "${c.name}"`).join(', ');
      report({ column: column.name, value, message: t('importRules.ambiguousRef', entity, RefResolver.ways(ref, false), found.length, list, Math.max(0, found.length - 10)) });
      return undefined;
    }
    return found[0]!.code;
  }

  parse(raw: RawRow): ParsedRow {
    const { cells } = raw;
    let problems: RowProblem[] | undefined;
    const report = (p: Omit<RowProblem, 'row'>) => (problems ??= []).push({ row: raw.row, ...p });
    const { layout } = this;
    if (isBlankRow(cells)) return { row: raw.row, recs: [], skipped: '' };
    const totals = this.totalsRow(cells);
    if (totals) return { row: raw.row, recs: [], skipped: totals.skipped, numbersOnly: totals.numbersOnly, skippedText: totals.text };
    // xlsx rows simply end at their last filled cell; a short CSV line is a truncated one
    if (layout.csv && !layout.monthColumns && cells.length < layout.headerWidth && cells.length <= this.lastNeeded) {
      report({ message: t('importRules.truncatedLine', cells.length, layout.headerWidth) });
      return this.bad(raw, problems!);
    }
    if (cells.length > layout.headerWidth && cells.slice(layout.headerWidth).some((c) => parseText(c as Cell) !== null)) {
      report({ message: t('importRules.strayDelimiter', cells.length, layout.headerWidth) });
      return this.bad(raw, problems!);
    }
    const rec: Rec = {};
    let byName: NameMatch[] | undefined;
    for (const { spec: column, index, checkRef, anyCase } of this.columns) {
      const parsed = parseCell(column, (cells[index] ?? null) as Cell);
      if (parsed instanceof CellProblem) {
        report(parsed.problem);
        continue;
      }
      rec[column.name] = parsed;
      if (checkRef && parsed !== null && !checkRef.has(anyCase ? fold(String(parsed)) : String(parsed))) {
        const value = String(parsed);
        const code = this.byName(column, value, report);
        if (code !== undefined) {
          rec[column.name] = code;
          (byName ??= []).push({ column: column.name, value, code });
        }
      }
    }
    if (problems) return this.bad(raw, problems);
    this.complete(rec, report);
    let deferred: RowProblem[] | undefined;
    const found = problems as RowProblem[] | undefined; // (set by `report`, which TypeScript does not follow)
    if (found && !layout.monthColumns) {
      // a rule about a column the file lacks waits to know whether the record is stored
      const present = (p: RowProblem) => p.column === undefined || layout.index.has(p.column);
      if (!found.some(present)) [deferred, problems] = [found, undefined];
    }
    if (problems) return this.bad(raw, problems);
    if (!layout.monthColumns) {
      this.planValue(rec, this.spec.plan?.valueField ?? '', report);
      if (problems) return this.bad(raw, problems);
      const out: ParsedRow = { row: raw.row, recs: [rec] };
      if (byName) out.byName = byName;
      if (deferred) out.deferred = deferred;
      return out;
    }
    // wide plan: one record per filled month cell
    const valueColumn = this.spec.columns.find((c) => c.name === this.spec.plan!.valueField)!;
    const recs: Rec[] = [];
    for (const { index, month } of layout.monthColumns) {
      const parsed = parseCell({ ...valueColumn, required: false, name: month }, (cells[index] ?? null) as Cell);
      if (parsed instanceof CellProblem) report(parsed.problem);
      else if (parsed !== null) recs.push(this.planValue({ ...rec, month, [valueColumn.name]: parsed }, month, report));
    }
    if (problems) return this.bad(raw, problems);
    return byName ? { row: raw.row, recs, byName } : { row: raw.row, recs };
  }

  private bad(raw: RawRow, problems: RowProblem[]): ParsedRow {
    const out: ParsedRow = { row: raw.row, recs: null, problems };
    if (this.spec.kind === 'document' && this.keyColumn) {
      const key = parseCell(this.keyColumn.spec, (raw.cells[this.keyColumn.index] ?? null) as Cell);
      if (key !== null && !(key instanceof CellProblem)) out.badKey = String(key);
    }
    return out;
  }

  /**
   * A manager plan cell in its kind: money (revenue) is stored in kopecks, a count (orders)
   * must be a whole number. `column`: where the value came from, for the message.
   */
  private planValue(rec: Rec, column: string, report: (p: Omit<RowProblem, 'row'>) => void): Rec {
    const plan = this.spec.plan;
    const value = plan ? rec[plan.valueField] : null;
    if (!plan?.moneyValue || typeof value !== 'number') return rec;
    if (plan.moneyValue(rec)) rec[plan.valueField] = roundHalfAway(value * 100);
    else if (!Number.isInteger(value)) report({ column, value, message: t('importRules.planCount', String(rec.indicator)) });
    return rec;
  }

  /** The entity's own rules across the cells of one record, and its computed fields (src/model/entityRules.ts). */
  private complete(rec: Rec, report: (p: Omit<RowProblem, 'row'>) => void): void {
    const hooks = this.spec.hooks;
    hooks?.complete?.(rec, this.known, report);
    hooks?.derive?.(rec);
  }
}
