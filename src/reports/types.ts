import type { Row, Table } from '../io/table.js';

/** A report's result: one table (rows + totals) and the parameters it was built with. */
export interface ReportResult {
  table: Table;
  params: Record<string, unknown>;
}

export type { Row };
