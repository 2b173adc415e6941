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
}

export type { Row };
