import type { Row, Table } from '../io/table.js';

/**
 * A report's result: one table (rows + totals), and what the report adds to the JSON
 * `params` beyond the options its definition declares (days in the period, a default).
 */
export interface ReportResult {
  table: Table;
  extra?: Record<string, unknown>;
  /** Said on stderr (never in the data): why a report has no rows, for instance. */
  note?: string;
  /**
   * The same numbers in the month-columns layout (SPEC §10), each month showing the measures
   * of `show`: for the reports whose definition declares `months`.
   */
  months?: (show: string[]) => Table;
  /** The product-group tree (code → parent), for charts that add up the top groups. */
  groupParents?: Map<string, string | null>;
}

export type { Row };

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
  /** The filter group and its descendants (set once the codes are checked). */
  groups?: Set<string>;
  manager?: string;
  client?: string;
  supplier?: string;
  /** A sales channel (the funnel's stages): SPEC §9. */
  channel?: string;
  version: 'latest' | 'baseline' | number;
  cumulative: boolean;
  /** interactions: list the clients with no interaction in the N days up to --to. */
  silentDays?: number;
  /** originals: shipments at least this many days old (SPEC §9, default 30). */
  days?: number;
}

export interface RawReportOptions {
  from?: string;
  to?: string;
  date?: string;
  by?: string;
  group?: string;
  manager?: string;
  client?: string;
  supplier?: string;
  version?: string;
  cumulative?: boolean;
  channel?: string;
  silentDays?: string;
  days?: string;
}
