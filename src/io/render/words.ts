// The words the renderers themselves put on a page, a sheet or a terminal table (column
// titles come with the table: src/reports/titles.ts). One place, for a translation to fill.
import { lang } from '../../i18n/lang.js';

const EN = {
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
  /** The units of a chart's axis numbers: 12.5 k, 3.4 M, 1.2 bn. */
  thousands: 'k',
  millions: 'M',
  billions: 'bn',
};

const RU: typeof EN = {
  total: 'Итого',
  noRows: 'Нет строк',
  noData: 'Нет данных за этот период',
  trend: 'Динамика',
  figure: 'Показатель',
  value: 'Значение',
  thousands: 'тыс.',
  millions: 'млн',
  billions: 'млрд',
};

/** The words in the language of the run (read when a page is drawn, after main() chose it). */
export const RENDER_WORDS = {} as typeof EN;
for (const key of Object.keys(EN) as (keyof typeof EN)[]) {
  Object.defineProperty(RENDER_WORDS, key, { get: () => (lang() === 'ru' ? RU : EN)[key], enumerable: true });
}
export const RENDER_WORDS_BY_LANG = { en: EN, ru: RU };
