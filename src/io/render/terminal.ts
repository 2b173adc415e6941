// Terminal tables: right-aligned numbers with thousands separators, a totals row, colour
// only when allowed (TTY and no NO_COLOR), and a hint when the table is wider than the screen.
// Tables for people: titles in words, a band line over grouped columns (months), the group
// tree indented with bold subtotals, and on a terminal a sparkline of the months.
import { Chalk } from 'chalk';
import Table3 from 'cli-table3';
import { columnTitle, displayCell, headlineFigures, isNumeric, kindOf, type Row, type Table, type TableColumn } from '../table.js';
import { sparkline } from './spark.js';
import { RENDER_WORDS } from './words.js';

export interface TerminalOptions {
  color: boolean;
  /** Terminal width; undefined when not a terminal (no fitting). */
  width?: number;
  /** Small pictures (a sparkline column of the months): a terminal that draws Unicode blocks. */
  pictures?: boolean;
}

type Cell = string | { content: string; colSpan?: number; hAlign?: 'left' | 'center' | 'right' };

export function renderTerminal(table: Table, options: TerminalOptions): string {
  // crm decides about colour itself (TTY and NO_COLOR, SPEC §1), not chalk's own detection
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const trend = options.pictures && table.trend && table.trend.length > 1 ? table.trend : undefined;
  const columns: TableColumn[] = trend ? [...table.columns, { key: '\u0000trend', header: 'trend', title: RENDER_WORDS.trend, kind: 'text' }] : table.columns;
  const banded = columns.some((c) => c.band !== undefined);
  const titles = columns.map((c) => paint.bold(columnTitle(c)));
  const out = new Table3({
    head: banded ? [] : titles,
    colAligns: columns.map((c) => (isNumeric(c.kind) ? 'right' : 'left')),
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  if (banded) {
    // one line of bands (a month over its fact and %), then the titles
    const bands: Cell[] = [];
    for (let i = 0; i < columns.length; ) {
      const band = columns[i]!.band;
      let span = 1;
      while (band !== undefined && columns[i + span]?.band === band) span++;
      bands.push({ content: band === undefined ? '' : paint.bold(band), colSpan: span, hAlign: 'center' });
      i += span;
    }
    out.push(bands as never, titles);
  }
  // negative numbers (a deviation below plan) in red, when colour is allowed
  const cell = (kind: TableColumn['kind'], value: Row[string] | undefined, column: TableColumn) => {
    const text = displayCell(kind, value ?? null);
    const alarming = typeof value === 'number' && isNumeric(kind) && (value < 0 || (column.alertAbove !== undefined && value > column.alertAbove));
    return alarming ? paint.red(text) : text;
  };
  const line = (row: Row, first?: string): string[] => {
    const style = table.style?.(row);
    const cells = columns.map((c, i) => {
      if (trend && i === columns.length - 1) return sparkline(trend.map((k) => row[k] as number | null));
      if (i === 0 && first !== undefined && row[c.key] === undefined) return first;
      const text = cell(kindOf(table, row, c), row[c.key], c);
      return i === 0 && style?.depth ? `${'  '.repeat(style.depth)}${text}` : text;
    });
    return style?.strong || first !== undefined ? cells.map((c) => paint.bold(c)) : cells;
  };
  for (const row of table.rows) out.push(line(row));
  if (table.totals) out.push(line(table.totals, RENDER_WORDS.total));
  // headline figures (SPEC §6): a footer under the table
  const footer = headlineFigures(table).map((h) => `${columnTitle(h.column)}: ${h.value === null ? '—' : displayCell(h.column.kind, h.value)}`);
  const text = [out.toString(), ...footer].join('\n');
  const widest = Math.max(...text.split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').length));
  if (options.width !== undefined && widest > options.width) {
    return `${text}\n${paint.dim(`(the table is ${widest} characters wide, the terminal ${options.width}: use --format csv, -o FILE.xlsx or -o FILE.html for the full table)`)}`;
  }
  return text;
}
