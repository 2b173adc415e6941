// A report's table made for people (SPEC §10): the layout asked for (months or long), titles
// in words, names beside codes. CSV and JSON get the report's own table and keys.
import { t } from '../i18n/index.js';
import { NAMED_CODES, type NamedCode } from '../db/names.js';
import { UsageError } from '../errors.js';
import type { Format } from '../io/render/index.js';
import type { Table, TableColumn } from '../io/table.js';
import type { ReportDefinition } from './definitions.js';

export type ReportLayout = 'months' | 'long' | 'tidy';

/**
 * `--layout` and `--show`: the month columns by default where the report has them and the
 * format is for people (terminal, xlsx, HTML); CSV and JSON one row per month (`long`);
 * `tidy` (one row per measure) for CSV and xlsx pivots. `wide` is the default, as before.
 */
export function resolveReportLayout(definition: ReportDefinition, layout: string | undefined, show: string | undefined, format: Format): { layout: ReportLayout; show: string[] } {
  const months = definition.months;
  const people = format === 'table' || format === 'xlsx' || format === 'html';
  let chosen: ReportLayout;
  if (layout === undefined) chosen = months && people ? 'months' : 'long';
  // `wide` (the old name of the month columns) means the default where there are month columns; elsewhere it asks for what is not there
  else if (layout === 'wide') {
    if (!months) throw new UsageError(t('money.noWideLayout', definition.name, definition.period === 'date'));
    chosen = people ? 'months' : 'long';
  }
  else if (layout === 'months' || layout === 'long' || layout === 'tidy') chosen = layout;
  else throw new UsageError(t('report.badLayout', layout, Boolean(months)));
  if (chosen === 'months' && !months) throw new UsageError(t('report.noMonthLayout', definition.name, definition.period === 'date'));
  if (chosen === 'months' && format === 'json') throw new UsageError(t('report.monthsNotJson'));
  if (chosen === 'tidy' && format !== 'csv' && format !== 'xlsx') throw new UsageError(t('report.tidyFormat', format));
  if (show === undefined) return { layout: chosen, show: months?.defaults ?? [] };
  if (!months) throw new UsageError(t('report.noShow', definition.name));
  const picked = show.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = picked.filter((s) => !months.measures.includes(s));
  if (picked.length === 0 || unknown.length > 0) throw new UsageError(t('report.badShow', show, months.measures.join(', ')));
  if (chosen !== 'months') throw new UsageError(t('report.showNeedsMonths', layout !== undefined ? `--layout ${layout}` : `--format ${format}`));
  return { layout: chosen, show: [...new Set(picked)] };
}

/** The kinds of code a table shows that have names (client, manager, group …). */
export function namedCodesOf(table: Table): NamedCode[] {
  return NAMED_CODES.filter((k) => table.columns.some((c) => c.key === k));
}

/**
 * A name column after each code column (`client` → `client_name`), unless the table has
 * the name beside it already (`sku`, `name`). Rows get the name in place (their identity
 * carries their style); a code with no name (a total, "(other)") gets none.
 */
export function withNames(table: Table, names: Map<NamedCode, Map<string, string>>): Table {
  const columns: TableColumn[] = [];
  const added: [string, Map<string, string>][] = [];
  table.columns.forEach((c, i) => {
    columns.push(c);
    const of = names.get(c.key as NamedCode);
    const next = table.columns[i + 1]?.key;
    const nameKey = `${c.key}_name`;
    if (!of || next === 'name' || table.columns.some((x) => x.key === nameKey)) return;
    columns.push({ key: nameKey, header: nameKey, kind: 'text' });
    added.push([c.key, of]);
  });
  if (added.length === 0) return table;
  for (const row of table.rows) {
    for (const [key, of] of added) if (row[key] !== undefined) row[`${key}_name`] = row[key] === null ? null : (of.get(String(row[key])) ?? null);
  }
  return { ...table, columns };
}
