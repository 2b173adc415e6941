// Report options resolved once (hledger's ReportSpec): every date concrete, `--as-of`
// applied, filters named. Reports receive this and nothing else from the command line.
import { UsageError } from '../errors.js';
import { parseDayOption } from '../io/locale.js';
import { addMonths } from '../planning/calendar.js';

export interface ReportOptions {
  /** First day of the period, ISO. */
  from: string;
  /** Last day of the period, ISO (inclusive). */
  to: string;
  /** The day a point-in-time report is about (`--date`, default `--as-of`). */
  date: string;
  asOf: string;
  by?: string;
  group?: string;
  manager?: string;
  client?: string;
  version: 'latest' | 'baseline' | number;
  cumulative: boolean;
}

export interface RawReportOptions {
  from?: string;
  to?: string;
  date?: string;
  by?: string;
  group?: string;
  manager?: string;
  client?: string;
  version?: string;
  cumulative?: boolean;
}

function day(value: string, name: string, end: boolean): string {
  return parseDayOption(name, value, end ? 'last' : 'first');
}

/** Defaults: the year of `--as-of` up to `--as-of`. */
export function resolveReportOptions(raw: RawReportOptions, asOf: string): ReportOptions {
  const from = raw.from !== undefined ? day(raw.from, '--from', false) : `${asOf.slice(0, 4)}-01-01`;
  const to = raw.to !== undefined ? day(raw.to, '--to', true) : asOf;
  if (to < from) throw new UsageError(`--to ${to} is before --from ${from}`);
  let version: ReportOptions['version'] = 'latest';
  if (raw.version !== undefined && raw.version !== 'latest') {
    if (raw.version === 'baseline') version = 'baseline';
    else if (/^\d+$/.test(raw.version)) version = Number(raw.version);
    else throw new UsageError(`--version ${raw.version}: expected latest, baseline or a version number`);
  }
  return {
    from,
    to,
    date: raw.date !== undefined ? day(raw.date, '--date', true) : asOf,
    asOf,
    by: raw.by,
    group: raw.group,
    manager: raw.manager,
    client: raw.client,
    version,
    cumulative: Boolean(raw.cumulative),
  };
}

/** Months touched by [from, to]. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addMonths(m, 1)) out.push(m);
  return out;
}
