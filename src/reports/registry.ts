import type { Db } from '../db/connection.js';
import { illiquidReport } from './illiquid.js';
import { lowProfitStockReport } from './lowProfitStock.js';
import { planFactReport } from './planFact.js';
import type { ReportOptions } from './options.js';
import { receivablesTurnoverReport } from './receivablesTurnover.js';
import { salesReport } from './sales.js';
import { illiquidSalesReport, reserveTurnoverReport } from './stockMovement.js';
import { delaysReport, managersReport, potentialReport, refusalsReport, termsReport } from './simple.js';
import type { ReportResult } from './types.js';

export const REPORT_RUNNERS: Record<string, (db: Db, opts: ReportOptions) => Promise<ReportResult>> = {
  'plan-fact': planFactReport,
  sales: salesReport,
  'receivables-turnover': receivablesTurnoverReport,
  illiquid: illiquidReport,
  'illiquid-sales': illiquidSalesReport,
  'reserve-turnover': reserveTurnoverReport,
  'low-profit-stock': lowProfitStockReport,
  refusals: refusalsReport,
  potential: potentialReport,
  managers: managersReport,
  terms: termsReport,
  delays: delaysReport,
};
