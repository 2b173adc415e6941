// Terminal tables: right-aligned numbers with thousands separators, a totals row, colour
// only when allowed (TTY and no NO_COLOR), and a hint when the table is wider than the screen.
import { Chalk } from 'chalk';
import Table3 from 'cli-table3';
import { displayCell, headlineFigures, isNumeric, kindOf, type Row, type Table, type TableColumn } from '../table.js';

export interface TerminalOptions {
  color: boolean;
  /** Terminal width; undefined when not a terminal (no fitting). */
  width?: number;
}

export function renderTerminal(table: Table, options: TerminalOptions): string {
  // crm decides about colour itself (TTY and NO_COLOR, SPEC §1), not chalk's own detection
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const out = new Table3({
    head: table.columns.map((c) => paint.bold(c.header)),
    colAligns: table.columns.map((c) => (isNumeric(c.kind) ? 'right' : 'left')),
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  // negative numbers (a deviation below plan) in red, when colour is allowed
  const cell = (kind: TableColumn['kind'], value: Row[string] | undefined) => {
    const text = displayCell(kind, value ?? null);
    return typeof value === 'number' && value < 0 && isNumeric(kind) ? paint.red(text) : text;
  };
  for (const row of table.rows) out.push(table.columns.map((c) => cell(kindOf(table, row, c), row[c.key])));
  const totals = table.totals;
  if (totals) {
    out.push(table.columns.map((c, i) => paint.bold(i === 0 && totals[c.key] === undefined ? 'Total' : displayCell(kindOf(table, totals, c), totals[c.key] ?? null))));
  }
  // headline figures (SPEC §6): a footer under the table
  const footer = headlineFigures(table).map((h) => `${h.column.header}: ${h.value === null ? '—' : displayCell(h.column.kind, h.value)}`);
  const text = [out.toString(), ...footer].join('\n');
  const widest = Math.max(...text.split('\n').map((line) => line.replace(/\x1b\[[0-9;]*m/g, '').length));
  if (options.width !== undefined && widest > options.width) {
    return `${text}\n${paint.dim(`(the table is ${widest} characters wide, the terminal ${options.width}: use --format csv or -o FILE.xlsx for the full table)`)}`;
  }
  return text;
}
