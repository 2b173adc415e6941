// The words the renderers themselves put on a page, a sheet or a terminal table (column
// titles come with the table: src/reports/titles.ts). One place, for a translation to fill.
export const RENDER_WORDS = {
  /** The first cell of a totals row. */
  total: 'Total',
  /** An HTML table without rows. */
  noRows: 'No rows',
  /** A chart without data. */
  noData: 'No data for this period',
  /** The sparkline column on a terminal. */
  trend: 'Trend',
  /** The sheet of headline figures in xlsx. */
  figure: 'Figure',
  value: 'Value',
};
