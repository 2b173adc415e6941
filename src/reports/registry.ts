// Report name → its runner, loaded only when that report runs (a cron job asking for the
// sales report loads none of the other eleven).
import type { Db } from '../db/connection.js';
import type { ReportOptions } from './options.js';
import type { ReportResult } from './types.js';

type Runner = (db: Db, opts: ReportOptions) => Promise<ReportResult>;

export const REPORT_RUNNERS: Record<string, () => Promise<Runner>> = {
  'plan-fact': async () => (await import('./planFact.js')).planFactReport,
  sales: async () => (await import('./sales.js')).salesReport,
  'receivables-turnover': async () => (await import('./receivablesTurnover.js')).receivablesTurnoverReport,
  illiquid: async () => (await import('./illiquid.js')).illiquidReport,
  'illiquid-sales': async () => (await import('./stockMovement.js')).illiquidSalesReport,
  'reserve-turnover': async () => (await import('./stockMovement.js')).reserveTurnoverReport,
  'low-profit-stock': async () => (await import('./lowProfitStock.js')).lowProfitStockReport,
  refusals: async () => (await import('./simple.js')).refusalsReport,
  potential: async () => (await import('./simple.js')).potentialReport,
  managers: async () => (await import('./simple.js')).managersReport,
  terms: async () => (await import('./simple.js')).termsReport,
  delays: async () => (await import('./simple.js')).delaysReport,
};
