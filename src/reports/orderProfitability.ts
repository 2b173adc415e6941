// SPEC §9 order-profitability: per order dated in [from, to] (not refused), the order as sold —
// its lines at the granted prices, cost at the product's cost — with the delivery the company
// paid for its shipments, the commission as if fully paid (the rule in force on the order's
// date), the cost of money for the deferral plus the client's usual payment delay, the
// expected claims from the client's claim history, net margin and %.
import type { Db } from '../db/connection.js';
import { claimCosts, profitOrders, type ProfitOrder } from '../db/moneyQueries.js';
import { setting } from '../db/reportQueries.js';
import { column, type Row, type Table, type TableColumn } from '../io/table.js';
import { loadCommissionInput } from './commissions.js';
import { clientHistories, evaluateDeal, netMarginPct, ruleFinder, settle, sumFigures, type ClientHistory, type DealFigures, type RuleFinder } from './money.js';
import type { ReportOptions, ReportResult } from './types.js';

/** The money columns of a deal, in the order SPEC §9 names them. */
export const FIGURE_COLUMNS: TableColumn[] = [
  column('revenue', 'money'), column('cost', 'money'), column('margin', 'money'), column('delivery_cost', 'money'), column('commission', 'money'),
  column('cost_of_money', 'money'), column('expected_claims', 'money'), column('net_margin', 'money'), column('net_margin_pct', 'percent'),
];

export function figureCells(f: DealFigures): Row {
  return {
    revenue: f.revenue, cost: f.cost, margin: f.margin, delivery_cost: f.delivery, commission: f.commission,
    cost_of_money: f.costOfMoney, expected_claims: f.expectedClaims, net_margin: f.netMargin, net_margin_pct: netMarginPct(f),
  };
}

export interface ProfitContext {
  find: RuleFinder;
  history: (client: string, day: string) => ClientHistory;
  ratePct: number;
}

/** One order evaluated as a deal (the same function `crm offer evaluate` uses). */
export function orderFigures(order: ProfitOrder, ctx: ProfitContext): { figures: DealFigures; history: ClientHistory } {
  const history = ctx.history(order.client, order.date);
  const { total } = evaluateDeal(order.lines, {
    rule: (group) => ctx.find(order.manager, group, order.date),
    deferralDays: order.deferralDays,
    paymentDelayDays: history.paymentDelayDays,
    ratePct: ctx.ratePct,
    claimsRatio: history.claimsRatio,
    delivery: order.delivery,
    otherCosts: 0,
  });
  return { figures: total, history };
}

/** money_rate_pct: the setting, else 0 (no cost of money). */
export async function moneyRate(db: Db): Promise<number> {
  const value = await setting(db, 'money_rate_pct');
  return value === undefined ? 0 : Number(value);
}

export async function profitContext(db: Db, to: string): Promise<ProfitContext> {
  const input = await loadCommissionInput(db, to);
  const settlements = settle(input.shipments, input.payments);
  return {
    find: ruleFinder(input.rules, input.parentOf),
    history: clientHistories({ shipments: input.shipments, settlements, claims: await claimCosts(db, to) }),
    ratePct: await moneyRate(db),
  };
}

export async function orderProfitabilityReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const orders = (await profitOrders(db, opts.from, opts.to)).filter(
    (o) => (opts.client === undefined || o.client === opts.client) && (opts.manager === undefined || o.manager === opts.manager),
  );
  const ctx = await profitContext(db, opts.to);
  const all: DealFigures[] = [];
  const rows: Row[] = orders.map((o) => {
    const { figures, history } = orderFigures(o, ctx);
    all.push(figures);
    return {
      order_no: o.orderNo, date: o.date, client: o.client, manager: o.manager, status: o.status,
      deferral_days: o.deferralDays, payment_delay_days: history.paymentDelayDays, ...figureCells(figures),
    };
  });
  // every figure of a row is whole kopecks: the totals line is the sum of the rows as printed
  const total = sumFigures(all);
  const table: Table = {
    name: 'order-profitability',
    columns: [
      column('order_no'), column('date', 'date'), column('client'), column('manager'), column('status'), column('deferral_days', 'int'),
      column('payment_delay_days', 'number'), ...FIGURE_COLUMNS,
    ],
    rows,
    totals: { orders: rows.length, ...figureCells(total) },
    headlines: [column('orders', 'int')],
  };
  return { table, extra: { money_rate_pct: ctx.ratePct } };
}
