// Report options resolved once (hledger's ReportSpec): every date concrete, `--as-of`
// applied, the filters a report takes checked against its definition. Reports receive
// this and nothing else from the command line.
import { t } from '../i18n/index.js';
import { UsageError } from '../errors.js';
import { parseDayOption } from '../io/locale.js';
import { FILTERS, type FilterName, type ReportDefinition } from './definitions.js';
import type { RawReportOptions, ReportOptions } from './types.js';

export type { RawReportOptions, ReportOptions } from './types.js';


function day(value: string, name: string, end: boolean): string {
  return parseDayOption(name, value, end ? 'last' : 'first');
}

const flagList = (names: readonly string[]) => names.map((n) => `--${n}`).join(', ');

/**
 * Defaults: the year of `--as-of` up to `--as-of`. A filter, period option or --by the
 * report does not take is bad usage (exit 2) naming what it does take: never ignored.
 */
export function resolveReportOptions(raw: RawReportOptions, asOf: string, definition?: ReportDefinition): ReportOptions {
  if (definition) {
    const given = (Object.keys(FILTERS) as FilterName[]).filter((f) => raw[f] !== undefined);
    const refused = given.filter((f) => !definition.filters.includes(f));
    if (refused.length > 0) {
      throw new UsageError(t('report.noSuchFilter', definition.name, flagList(refused), definition.filters.length > 0 ? flagList(definition.filters) : undefined));
    }
    if (definition.period === 'date' && (raw.from !== undefined || raw.to !== undefined)) {
      throw new UsageError(t('report.oneDay', definition.name));
    }
    if (definition.period === 'range' && raw.date !== undefined) {
      throw new UsageError(t('report.period', definition.name));
    }
    if (raw.by !== undefined && !definition.by?.includes(raw.by)) {
      throw new UsageError(t('report.byNotTaken', definition.name, raw.by, definition.by?.join(', ')));
    }
  }
  const silentDays = silentDaysOption(raw);
  const from = raw.from !== undefined ? day(raw.from, '--from', false) : `${asOf.slice(0, 4)}-01-01`;
  const to = raw.to !== undefined ? day(raw.to, '--to', true) : asOf;
  if (to < from) {
    throw new UsageError(t('report.toBeforeFrom', to, raw.to !== undefined, from));
  }
  let version: ReportOptions['version'] = 'latest';
  if (raw.version !== undefined && raw.version !== 'latest') {
    if (raw.version === 'baseline') version = 'baseline';
    else if (/^\d+$/.test(raw.version) && Number(raw.version) > 0) version = Number(raw.version);
    else throw new UsageError(t('expected.option', '--version', raw.version, 'version'));
  }
  return {
    from,
    to,
    date: raw.date !== undefined ? day(raw.date, '--date', true) : asOf,
    asOf,
    by: raw.by ?? definition?.by?.[0],
    group: raw.group,
    manager: raw.manager,
    client: raw.client,
    supplier: raw.supplier,
    channel: raw.channel,
    version,
    cumulative: Boolean(raw.cumulative),
    silentDays,
    days: daysOption(raw),
  };
}

/** `--days N` (originals): a whole number of days, 0 or more. */
function daysOption(raw: RawReportOptions): number | undefined {
  if (raw.days === undefined) return undefined;
  const text = String(raw.days).trim();
  if (!/^\d+$/.test(text) || Number(text) > 36_500) throw new UsageError(t('expected.option', '--days', String(raw.days), 'daysFrom0'));
  return Number(text);
}

/** `--silent-days N` (interactions): a whole number of days, with --to only (the window ends there) and no --by. */
function silentDaysOption(raw: RawReportOptions): number | undefined {
  if (raw.silentDays === undefined) return undefined;
  const text = String(raw.silentDays).trim();
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 36_500) throw new UsageError(t('expected.option', '--silent-days', String(raw.silentDays), 'daysFrom1'));
  if (raw.from !== undefined) throw new UsageError(t('usage.silentDaysFrom'));
  if (raw.by !== undefined) throw new UsageError(t('usage.silentDaysBy'));
  return Number(text);
}

/**
 * The `params` of a report's JSON, derived from its definition: the period it takes, --by,
 * every filter it takes (null when not given), its options, and what the report adds.
 */
export function reportParams(definition: ReportDefinition, opts: ReportOptions, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const params: Record<string, unknown> = definition.period === 'range' ? { from: opts.from, to: opts.to } : { date: opts.date };
  params.as_of = opts.asOf;
  if (definition.by) params.by = opts.by;
  for (const f of definition.filters) params[f] = opts[f] ?? null;
  // JSON names are snake_case: --silent-days is silent_days
  for (const o of definition.options ?? []) params[o.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = opts[o] ?? null;
  return { ...params, ...extra };
}
