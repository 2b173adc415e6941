// Column titles in words for the formats people read (terminal, xlsx, HTML), keyed by the
// JSON field name. CSV and JSON keep the keys (SPEC §10). One catalog for every report: a
// key not listed gets its words from the key itself (`avg_stock_value` → "Avg stock value"),
// so a new report is never shown with snake_case. Another language supplies its own
// catalog with the same keys.
import { lang, type Lang } from '../i18n/lang.js';
import type { Table, TableColumn } from '../io/table.js';
import { COLUMN_TITLES_RU, MONTHS_RU, SECTION_TITLES_RU } from './titlesRu.js';

export const COLUMN_TITLES: Record<string, string> = {
  // codes and names
  section: 'Plan',
  group: 'Group',
  manager: 'Manager',
  client: 'Client',
  supplier: 'Supplier',
  sku: 'SKU',
  name: 'Name',
  reason: 'Reason',
  group_name: 'Group name',
  manager_name: 'Manager name',
  client_name: 'Client name',
  supplier_name: 'Supplier name',
  sku_name: 'Product name',
  indicator: 'Indicator',
  direction: 'Direction',
  order_no: 'Order',
  month: 'Month',
  date: 'Date',
  // plan-fact
  plan: 'Plan',
  fact: 'Fact',
  deviation: 'Deviation',
  pct: '% of plan',
  ytd_plan: 'Plan YTD',
  ytd_fact: 'Fact YTD',
  ytd_deviation: 'Deviation YTD',
  ytd_pct: '% of plan YTD',
  remaining: 'Remaining this year',
  cumulative_plan: 'Plan, cumulative',
  cumulative_fact: 'Fact, cumulative',
  // sales, managers
  amount: 'Amount',
  qty: 'Qty',
  margin: 'Margin',
  orders: 'Orders',
  revenue: 'Revenue',
  avg_order: 'Average order',
  avg_revenue_per_manager: 'Average revenue per manager',
  lines: 'Lines',
  // receivables-turnover
  avg_receivables: 'Average receivables',
  avg_advances: 'Average advances',
  receivables_turnover: 'Receivables turnover',
  dso_days: 'DSO, days',
  advances_turnover: 'Advances turnover',
  advances_days: 'Advances, days',
  receivables_end: 'Receivables at end',
  not_due: 'Not due',
  overdue_1_30: 'Overdue 1–30 days',
  overdue_31_60: 'Overdue 31–60 days',
  overdue_61_90: 'Overdue 61–90 days',
  overdue_over_90: 'Overdue over 90 days',
  // stock, illiquid, low-profit-stock, reserve-turnover
  value: 'Value at cost',
  reserved: 'Reserved',
  free: 'Free',
  avg_daily_sales: 'Average daily sales',
  days_of_cover: 'Days of cover',
  negative: 'Below zero',
  negative_skus: 'SKUs below zero',
  last_sale: 'Last sale',
  days_idle: 'Days idle',
  threshold: 'Threshold, days',
  share_pct: 'Share, %',
  avg_stock_value: 'Average stock value',
  profitability: 'Margin per rouble of stock',
  stock_margin: 'Margin of all stock',
  stock_avg_value: 'Average value of all stock',
  average_profitability: 'Average margin per rouble of stock',
  below_average_share_pct: 'Share of stock value below average, %',
  avg_reserved_value: 'Average reserved value',
  shipped_from_reserve: 'Shipped from reserve',
  turnover: 'Turnover',
  avg_days_in_reserve: 'Average days in reserve',
  // refusals, potential, terms, delays
  potential: 'Purchase potential',
  purchases: 'Purchases, 12 months',
  utilization_pct: 'Utilization, %',
  granted_discount: 'Granted discount, %',
  card_discount: 'Card discount, %',
  granted_deferral: 'Granted deferral, days',
  card_deferral: 'Card deferral, days',
  balance_after: 'Balance after the order',
  credit_limit: 'Credit limit',
  problems: 'Problems',
  status: 'Status',
  what: 'What',
  planned: 'Planned',
  actual: 'Actual',
  days_late: 'Days late',
  trend: 'Trend',
  total: 'Total',
  ytd: 'Year to date',
  other: '(other)',
};

/** The sections of a report (plan-fact's plans) for people: xlsx sheet names, headings. */
export const SECTION_TITLES: Record<string, string> = {
  sales: 'Sales',
  managers: 'Managers',
  cash_in: 'Cash in',
  inventory: 'Inventory',
  purchases: 'Purchases',
  supplier_payments: 'Supplier payments',
  order_cash: 'Order cash',
  totals: 'Totals',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-03` → "Mar 2026" (Russian: "мар 2026"). */
export const monthTitle = (month: string): string => `${(lang() === 'ru' ? MONTHS_RU : MONTHS)[Number(month.slice(5, 7)) - 1] ?? '?'} ${month.slice(0, 4)}`;

/** A section's words (`cash_in` → "Cash in") in the language of the run. */
export const sectionTitle = (value: string): string => (lang() === 'ru' ? SECTION_TITLES_RU : SECTION_TITLES)[value] ?? titleOf(value);

/** The words for a key: the catalog's, else the key made readable (`pct` → %; a key the Russian catalog lacks is read in English). */
export function titleOf(key: string, language: Lang = lang()): string {
  const known = (language === 'ru' ? COLUMN_TITLES_RU[key] : undefined) ?? COLUMN_TITLES[key];
  if (known !== undefined) return known;
  const words = key.replace(/_pct$/, ', %').replace(/_/g, ' ').replace(/\bavg\b/g, 'average').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every column (and headline figure) of a table titled in words, where it has no title yet. */
export function withTitles(table: Table): Table {
  const titled = (c: TableColumn): TableColumn => (c.title !== undefined ? c : { ...c, title: titleOf(c.key) });
  return {
    ...table,
    columns: table.columns.map(titled),
    ...(table.headlines ? { headlines: table.headlines.map(titled) } : {}),
    ...(table.sectionBy !== undefined ? { sectionTitle } : {}),
  };
}
