// Row-level import work that needs no database: header matching, the wide plan layout,
// typed cell parsing, reference checks against known codes, and per-row rules. It runs
// in a worker thread for big files (src/import/parseWorker.ts), in-line for small ones.
import type { Problem } from '../errors.js';
import { ValidationError } from '../errors.js';
import { parseMonth, parseText, roundHalfAway, type Cell } from '../io/locale.js';
import type { RawRow } from '../io/read.js';
import { CellProblem, matchHeader, parseCell, type ColumnSpec, type Rec, type RefName } from './columns.js';
import { REFS, type EntitySpec } from './entities.js';
import { nameKey } from './normalize.js';
import { plural } from '../util/plural.js';

export type RowProblem = Omit<Problem, 'file' | 'sheet'>;

/** One source row after parsing: its records (a wide plan row gives several), or its problems. */
export interface ParsedRow {
  row: number;
  recs: Rec[] | null;
  problems?: RowProblem[];
  /** The document number of a bad row, when it could be read: the whole document is spoiled. */
  badKey?: string;
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
  /** Product cost by SKU (shipment lines default their cost to cost × qty). */
  costs?: Map<string, number>;
}

export function emptyFileError(spec: EntitySpec, file: string, sheet: string | undefined): ValidationError {
  const required = spec.columns.filter((c) => c.required).map((c) => c.name);
  return new ValidationError(
    [{ file, sheet, message: `the file is empty: expected a header row with the columns ${required.join(', ')}` }],
    'empty file, nothing was written',
  );
}

export function resolveLayout(spec: EntitySpec, header: RawRow, file: string, sheet: string | undefined, csv: boolean): Layout {
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
  const ending = (n: number) => (n > 1 ? 's' : ''); // "unknown column: X", "unknown columns: X, Y"
  if (match.unknown.length > 0) warnings.push(`${file}: ignored unknown column${ending(match.unknown.length)}: ${match.unknown.join(', ')}`);
  if (match.duplicated.length > 0) warnings.push(`${file}: ignored repeated column${ending(match.duplicated.length)}: ${match.duplicated.join(', ')}`);
  return { index: match.index, monthColumns, headerWidth: header.cells.length, headerRow: header.row, csv, warnings };
}

export class RowParser {
  private readonly columns: { spec: ColumnSpec; index: number; checkRef: Set<string> | undefined }[];
  private readonly keyColumn: { spec: ColumnSpec; index: number } | undefined;
  private readonly lastNeeded: number;

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
      return [{ spec: c, index, checkRef: c.ref && !selfRef ? (known.refs.get(c.ref) ?? new Set<string>()) : undefined }];
    });
    this.keyColumn = this.columns.find((c) => c.spec.name === spec.key[0]);
    this.lastNeeded = Math.max(...this.columns.map((c) => c.index));
  }

  parse(raw: RawRow): ParsedRow {
    const { cells } = raw;
    let problems: RowProblem[] | undefined;
    const report = (p: Omit<RowProblem, 'row'>) => (problems ??= []).push({ row: raw.row, ...p });
    const { layout } = this;
    // xlsx rows simply end at their last filled cell; a short CSV line is a truncated one
    if (layout.csv && !layout.monthColumns && cells.length < layout.headerWidth && cells.length <= this.lastNeeded) {
      report({ message: `the line has ${plural(cells.length, 'value')} but the header has ${plural(layout.headerWidth, 'column')}: a truncated line?` });
      return this.bad(raw, problems!);
    }
    if (cells.length > layout.headerWidth && cells.slice(layout.headerWidth).some((c) => parseText(c as Cell) !== null)) {
      report({ message: `the line has ${plural(cells.length, 'value')} but the header has ${plural(layout.headerWidth, 'column')}: a stray delimiter?` });
      return this.bad(raw, problems!);
    }
    const rec: Rec = {};
    for (const { spec: column, index, checkRef } of this.columns) {
      const parsed = parseCell(column, (cells[index] ?? null) as Cell);
      if (parsed instanceof CellProblem) {
        report(parsed.problem);
        continue;
      }
      rec[column.name] = parsed;
      if (checkRef && parsed !== null && !checkRef.has(String(parsed))) {
        const entity = REFS[column.ref!].entity;
        report({ column: column.name, value: parsed, message: `unknown ${entity.replace(/s$/, '')} code: import ${entity} first` });
      }
    }
    if (problems) return this.bad(raw, problems);
    this.complete(rec, report);
    if (problems) return this.bad(raw, problems);
    if (!layout.monthColumns) return { row: raw.row, recs: [rec] };
    // wide plan: one record per filled month cell
    const valueColumn = this.spec.columns.find((c) => c.name === this.spec.plan!.valueField)!;
    const recs: Rec[] = [];
    for (const { index, month } of layout.monthColumns) {
      const parsed = parseCell({ ...valueColumn, required: false, name: month }, (cells[index] ?? null) as Cell);
      if (parsed instanceof CellProblem) report(parsed.problem);
      else if (parsed !== null) recs.push({ ...rec, month, [valueColumn.name]: parsed });
    }
    return problems ? this.bad(raw, problems) : { row: raw.row, recs };
  }

  private bad(raw: RawRow, problems: RowProblem[]): ParsedRow {
    const out: ParsedRow = { row: raw.row, recs: null, problems };
    if (this.spec.kind === 'document' && this.keyColumn) {
      const key = parseCell(this.keyColumn.spec, (raw.cells[this.keyColumn.index] ?? null) as Cell);
      if (key !== null && !(key instanceof CellProblem)) out.badKey = String(key);
    }
    return out;
  }

  /** Entity rules that involve more than one cell, and computed defaults. */
  private complete(rec: Rec, report: (p: Omit<RowProblem, 'row'>) => void): void {
    switch (this.spec.name) {
      case 'shipments':
        if (rec.cost === null || rec.cost === undefined) {
          // SPEC §3: cost of a shipment line defaults to the product's cost × qty
          rec.cost = roundHalfAway((this.known.costs?.get(String(rec.sku)) ?? 0) * Number(rec.qty));
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
}
