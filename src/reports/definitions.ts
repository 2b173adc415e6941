// Every report, declared once (STYLE.md "One definition per thing"): its name, what it
// shows, the formulas (`crm report NAME --help`), the period it takes, the filters and
// options it accepts, and a loader for its code. The command line, `crm report list`, the
// JSON `params`, the refusal of filters a report does not take and the tests are all
// generated from this list. Static data only, so `crm report list` loads no report code.
import type { Db } from '../db/connection.js';
import type { ChartSpec } from './charts.js';
import type { ReportOptions, ReportResult } from './types.js';

/** Filters a report may take; each names a code that must exist (exit 2 otherwise). */
export const FILTERS = {
  group: 'only this product group and its descendants',
  manager: 'only this manager',
  client: 'only this client',
  supplier: 'only the products of this supplier',
  channel: 'only the deals of this sales channel',
} as const;
export type FilterName = keyof typeof FILTERS;

/** Options beyond the period and the filters. */
export const EXTRA_OPTIONS = {
  version: { flags: '--version <v>', help: 'plan version: latest (default), baseline or a number' },
  cumulative: { flags: '--cumulative', help: 'add year-to-date columns (the row-per-month layout: --layout long)' },
  silentDays: { flags: '--silent-days <n>', help: 'list the clients with no interaction in the N days up to --to (with their manager and last contact)' },
  days: { flags: '--days <n>', help: 'shipments at least N days old at --date (default 30)' },
} as const;
export type ExtraOption = keyof typeof EXTRA_OPTIONS;

/**
 * `range`: a period [--from, --to] (default: January of --as-of to --as-of);
 * `date`: one day, --date (default --as-of).
 */
export type PeriodKind = 'range' | 'date';

export type ReportRunner = (db: Db, opts: ReportOptions) => Promise<ReportResult>;

export interface ReportDefinition {
  name: string;
  title: string;
  period: PeriodKind;
  filters: FilterName[];
  /** --by values, the first being the default. */
  by?: string[];
  options?: ExtraOption[];
  /** Columns and formulas. */
  help: string;
  /**
   * The month-columns layout (SPEC §10), the default on the terminal, in xlsx and HTML:
   * the measures a month can show (`--show`), and those shown when not asked.
   */
  months?: { measures: string[]; defaults: string[] };
  /** The chart of its HTML page (src/reports/charts.ts), where a picture helps. */
  chart?: ChartSpec;
  load(): Promise<ReportRunner>;
}

export const REPORTS: ReportDefinition[] = [
  {
    name: 'plan-fact',
    title: 'plan against fact for every plan: sales by group (rolled up), managers × indicators, cash, stock, purchases',
    period: 'range',
    filters: ['group', 'manager'],
    options: ['version', 'cumulative'],
    help: `Columns: plan (the section), group or manager + indicator (or supplier, direction), month, plan, fact,
deviation = fact − plan, % = fact / plan × 100 (empty when the plan is 0), remaining = the year's plan − fact
so far (sales); --cumulative adds year-to-date columns (a row per month). Money in roubles with kopecks; counts as numbers.
  sales       plan: the sales plan of the group (a parent shows the sum of its descendants' plans);
              fact: shipments of the products in the group and its descendants
  managers    revenue, margin (the order's manager, else the client's), orders (dated in the month,
              not refused), new_clients (first ever shipment in the month), avg_order, collected
              (payments of the manager's clients)
The month of --as-of compares fact to date with a pro-rata plan (plan × elapsed days / days of
month); later months are not shown. --version latest (default), baseline (the first version with
cells in the year) or a number. Default period: the year of --as-of.
Money plans of the newest plan run whose horizon holds the period's last month:
  cash_in            the run's cash in (all sources) — client payments
  inventory          closing stock value by group — stock at the month end (at --as-of in the current
                     month) × cost; a level, so never pro-rated
  purchases          planned receipts by supplier — goods receipts
  supplier_payments  by supplier — supplier payments
  order_cash         by direction (in/out) — payments against sales / purchase orders
Filters: --group keeps the sales and inventory rows of the group and its descendants; --manager keeps
that manager's rows of the manager plan. Sections without that dimension are left out.
Layout: on the terminal, in xlsx and HTML a budget — rows are the group tree (a parent is the subtotal
of its children; "(other)" is what it holds beyond the groups shown), columns the months and the period's
total (the year to date by default); --show plan,fact,pct,deviation picks what a month shows (default
fact,pct). --layout long: one row per month, as CSV and JSON always are.`,
    months: { measures: ['plan', 'fact', 'pct', 'deviation'], defaults: ['fact', 'pct'] },
    chart: { kind: 'plan-fact', titles: { sales: 'Sales: plan and fact by month', managers: 'Managers’ revenue: plan and fact by month', cash_in: 'Cash in: plan and fact by month' } },
    load: async () => (await import('./planFact.js')).planFactReport,
  },
  {
    name: 'sales',
    title: 'the yearly sales report: amount, qty, margin, orders by month × group, manager or client',
    period: 'range',
    filters: ['group', 'manager', 'client'],
    by: ['group', 'manager', 'client'],
    help: `Columns: month, <by>, amount, qty, margin, orders.
  amount  Σ shipment line amounts in the month
  margin  amount − Σ line cost
  orders  distinct sales orders among those shipments (a shipment without an order counts as
          one; per client); the total adds up each month's orders
  group   the product's own group; --group G keeps G and its descendants
  manager the order's manager, else the client's manager (SPEC §5)
Period: --from/--to (months or dates; default this year up to --as-of).
Layout: on the terminal, in xlsx and HTML one row per <by> (by group: the tree with subtotals) and a column
per month and the period's total; --show amount,qty,margin,orders picks what a month shows (default
amount). --layout long: one row per month and <by>, as CSV and JSON always are.`,
    months: { measures: ['amount', 'qty', 'margin', 'orders'], defaults: ['amount'] },
    chart: { kind: 'by-month', values: ['amount', 'margin'], title: 'Sales and margin by month' },
    load: async () => (await import('./sales.js')).salesReport,
  },
  {
    name: 'receivables-turnover',
    title: 'per client: revenue, average receivables and advances, turnover, DSO, overdue ageing',
    period: 'range',
    filters: ['manager', 'client'],
    help: `Period [a, b] of n days (--from/--to). Balance at the end of day t = shipments − payments up to t.
  revenue               shipments in [a, b]
  avg_receivables       mean over the n days of max(0, balance)
  avg_advances          mean over the n days of max(0, −balance)
  receivables_turnover  revenue / avg_receivables;  dso_days = n × avg_receivables / revenue
  advances_turnover     revenue / avg_advances;     advances_days = n × avg_advances / revenue
  receivables_end       max(0, balance at b)
  not_due, overdue_1_30 … overdue_over_90
                        what is unpaid at b (payments up to b settle the oldest shipments first),
                        by days late = b − due date (due = ship date + granted or card deferral)
Totals add the clients' daily receivables (no netting between clients); ratios are null where
the denominator is 0. --manager keeps the clients of that manager (the client card's).`,
    chart: { kind: 'totals', columns: ['not_due', 'overdue_1_30', 'overdue_31_60', 'overdue_61_90', 'overdue_over_90'], title: 'Receivables at the end of the period by days overdue' },
    load: async () => (await import('./receivablesTurnover.js')).receivablesTurnoverReport,
  },
  {
    name: 'stock',
    title: 'stock on hand at a day: qty, value at cost, reserved, free, days of cover; negative stock flagged',
    period: 'date',
    filters: ['group', 'manager', 'supplier'],
    help: `At --date D (default --as-of), every product with stock, a reservation or a sale in the 90 days up to D.
  qty            stock at the end of D (the last count on or before D + receipts − shipments after it)
  value          qty × cost
  reserved       qty of reservations open at the end of D (reserved on or before D, not released by D)
  free           qty − reserved
  avg_daily_sales  shipped qty in the 90 days up to D / 90
  days_of_cover  qty / avg_daily_sales (empty when nothing sold)
  negative       "yes" when qty < 0: the documents are missing a receipt or a count
Totals: qty, value, reserved, free; negative_skus counts the products below zero.
--manager and --supplier are the product's.`,
    load: async () => (await import('./stock.js')).stockReport,
  },
  {
    name: 'illiquid',
    title: 'SKUs in stock that have not sold for longer than their threshold',
    period: 'date',
    filters: ['group', 'manager', 'supplier'],
    help: `At --date D (default --as-of): every SKU with stock > 0 at the end of D.
  days_idle  D − last shipment date (never sold: D − first receipt or stock count)
  threshold  the product's illiquid_after_days, else the nearest ancestor group's, else the
             setting illiquid_after_days (default 180); illiquid when days_idle ≥ threshold
  value      qty × cost
Totals: qty, value, share_pct = value / value of all SKUs with positive stock × 100 (of the
SKUs the filters keep). --manager and --supplier are the product's.`,
    chart: { kind: 'by', category: 'group', value: 'value', title: 'Illiquid stock by group, value at cost' },
    load: async () => (await import('./illiquid.js')).illiquidReport,
  },
  {
    name: 'illiquid-sales',
    title: 'sales of SKUs that were illiquid when sold, by manager: lines, qty, amount, margin',
    period: 'range',
    filters: ['group', 'manager', 'client'],
    help: `A shipment line counts when the days since the same SKU's previous sale to anyone (never sold: since its
first receipt or count) reach its illiquid threshold (see crm report illiquid --help). manager: the
order's, else the client's; --group is the product's group and its descendants.`,
    load: async () => (await import('./stockMovement.js')).illiquidSalesReport,
  },
  {
    name: 'reserve-turnover',
    title: 'by product group: average reserved value, value shipped from reserves, turnover, days in reserve',
    period: 'range',
    filters: ['group', 'manager', 'client'],
    help: `A reservation holds its qty × product cost at the end of each day from reserved_date to the day before
released_date. avg_reserved_value = Σ over the n days / n; shipped_from_reserve = value of reservations
released in the period whose order has a shipment; turnover = shipped / average; avg_days_in_reserve =
n × average / shipped. --client is the order's client, --manager the order's manager, else the client's.`,
    load: async () => (await import('./stockMovement.js')).reserveTurnoverReport,
  },
  {
    name: 'low-profit-stock',
    title: 'stock that earns less margin per rouble held than the average (GMROI)',
    period: 'range',
    filters: ['group', 'manager', 'supplier'],
    help: `Period [a, b] of n days. Per SKU: margin = shipments − their cost; avg_stock_value = mean over the n days
of the stock at the end of each day × cost; profitability = margin / avg_stock_value.
The average is Σ margin / Σ avg_stock_value (weighted by stock, not a mean of the ratios).
Rows: the SKUs below the average, lowest first; the totals row adds them up.
Headline figures: stock_margin and stock_avg_value of all stock (the SKUs the filters keep),
average_profitability = stock_margin / stock_avg_value, and below_average_share_pct = the listed SKUs'
stock value / all stock value × 100. --manager and --supplier are the product's.`,
    load: async () => (await import('./lowProfitStock.js')).lowProfitStockReport,
  },
  {
    name: 'refusals',
    title: 'refused orders by reason: count, amount, share',
    period: 'range',
    filters: ['group', 'manager', 'client'],
    help: `Orders with status refused, dated in the period. amount = Σ qty × price of their lines; share_pct = amount /
all refused × 100. --group counts only the lines of that group and its descendants (and the orders that
have such lines); --manager is the order's manager, else the client's.`,
    chart: { kind: 'by', category: 'reason', value: 'amount', title: 'Refused amount by reason' },
    load: async () => (await import('./simple.js')).refusalsReport,
  },
  {
    name: 'potential',
    title: 'per client: purchase potential, purchases in the last 12 months, utilization %',
    period: 'date',
    filters: ['manager', 'client'],
    help: `purchases = shipments in the 12 months up to --date (default --as-of); utilization_pct = purchases / potential × 100
(empty when the client has no potential). --manager is the client card's manager.`,
    load: async () => (await import('./simple.js')).potentialReport,
  },
  {
    name: 'managers',
    title: 'per manager: revenue, margin, orders, average order; average revenue per manager',
    period: 'range',
    filters: ['manager'],
    help: `revenue, margin: shipments in the period by the order's manager, else the client's manager.
orders: sales orders dated in the period, not refused; avg_order = their amount / orders.
Totals add avg_revenue_per_manager = revenue / managers with activity.`,
    chart: { kind: 'by', category: 'manager', value: 'revenue', title: 'Revenue by manager' },
    load: async () => (await import('./simple.js')).managersReport,
  },
  {
    name: 'terms',
    title: 'orders whose granted discount or deferral exceed the client card, or that went over the credit limit',
    period: 'range',
    filters: ['manager', 'client'],
    help: `For each order of the period (not refused): granted discount > card discount, granted deferral > card
deferral, or the client's balance before the order (shipments − payments) + the order amount > credit limit
(an empty limit is unlimited). problems names each breach. --manager is the order's manager, else the client's.`,
    load: async () => (await import('./simple.js')).termsReport,
  },
  {
    name: 'delays',
    title: 'orders shipped or paid after the planned date, or not yet and already past it',
    period: 'range',
    filters: ['manager', 'client'],
    help: `days_late = actual date − planned date; for what has not happened yet, --as-of − planned date (when past).
status and the actual dates follow from the documents: an order is partly shipped, then shipped on the day
its last SKU is shipped in full (shipments that name the order), then paid on the day the client's payments,
applied to the oldest shipments first, settle its last shipment. An order no document names keeps the status
and dates it was imported with. --manager is the order's manager, else the client's.`,
    load: async () => (await import('./simple.js')).delaysReport,
  },
  // ── CRM operations (SPEC §9) ──
  {
    name: 'funnel',
    title: 'the sales funnel per channel: deals reaching each stage, where they are, conversion, days, moves back',
    period: 'range',
    filters: ['channel', 'manager'],
    help: `The deals created in [--from, --to] (one funnel per channel; --channel keeps one) and their stage changes
dated up to --to (later ones are ignored). A deal starts in its channel's first open stage on its own date;
each change moves it to the change's stage on the change's date. Rows: the open stages, in position order.
  reached              deals whose highest open position so far is ≥ the stage's (a deal that skipped the
                       stage reached it); a deal now won reached every open stage
  current              deals in the stage at --to;  amount = Σ the amounts of those deals
  conversion_next_pct  100 × reached(next open stage) / reached(stage); for the last open stage
                       100 × won / reached(stage); empty when no deal reached the stage
  avg_days             mean length in days of the finished visits to the stage (a visit ends on the date
                       of the next change; visits still open at --to are left out); empty when none
  backward_out         changes from the stage to an open stage of a lower position
Totals: deals, won and lost (deals in a won / lost stage at --to), won_pct = 100 × won / deals,
lost_by_reason (the reason of the change that lost each lost deal: {code: count} in JSON),
backward_moves (from → to: count; a list in JSON), by_channel (deals, won, lost, won_pct of each channel).
--manager is the deal's manager, else the client's.`,
    chart: { kind: 'funnel', title: 'Deals reaching each stage, and in it now' },
    load: async () => (await import('./funnel.js')).funnelReport,
  },
  {
    name: 'interactions',
    title: 'calls, letters, faxes and meetings by manager, kind or client; --silent-days: clients nobody talked to',
    period: 'range',
    filters: ['manager', 'client'],
    by: ['manager', 'kind', 'client'],
    options: ['silentDays'],
    help: `The interactions dated in [--from, --to] (a date with a time counts on its day) by --by:
  interactions  how many;  inbound / outbound  those with direction in / out
  clients       distinct clients (the total counts each client once)
  last_date     the latest of them
--silent-days N lists the active clients with no interaction dated in the N days ending on --to
(--to − N + 1 … --to; a client last in touch exactly N days before --to is listed), longest silent first:
last_contact, last_kind, last_subject, days_silent = --to − the last contact's day (empty: never in touch).
Totals: clients listed and share_pct of the active clients (the filters kept). It takes --to, not --from or --by.
--manager is the interaction's manager, else the client's (with --silent-days: the client's).`,
    load: async () => (await import('./interactions.js')).interactionsReport,
  },
  {
    name: 'negotiations',
    title: 'negotiations by template or manager: result shares, and the share of yes per checklist item',
    period: 'range',
    filters: ['manager', 'client'],
    by: ['template', 'manager'],
    help: `The negotiations dated in [--from, --to], two kinds of rows (section):
  results  per template (or manager): negotiations, agreed, postponed, refused, no_result (not yet known),
           agreed_pct / postponed_pct / refused_pct = that result / negotiations × 100
  items    per checklist item: answered = negotiations with an outcome for the item, yes, partly, no,
           yes_pct = yes / answered × 100 (an item left blank counts as not answered, not as no)
Totals: negotiations and the result shares over all of them. --manager is the negotiation's manager,
else the client's.`,
    load: async () => (await import('./negotiations.js')).negotiationsReport,
  },
  {
    name: 'claims',
    title: 'client claims by cause, status, product, supplier or manager: amounts, recovered, net cost, open, days, claim rate',
    period: 'range',
    filters: ['group', 'manager', 'client', 'supplier'],
    by: ['cause', 'status', 'product', 'supplier', 'manager'],
    help: `The claims dated in [--from, --to] by --by:
  claims, qty, amount   how many, the claimed quantity and what the claims are worth
  recovered             what the suppliers paid back;  net_cost = amount − recovered (what the company absorbed)
  open                  claims open at --to: new or in work, or resolved / rejected only after --to
  avg_days_to_resolve   mean of resolved_date − date over the resolved ones (status resolved, resolved by --to)
By product and supplier also shipped_qty = shipped quantity of the row's products in the period and
claim_rate_pct = claimed qty of the row's products shipped in the period / shipped_qty × 100 (a product not
shipped in the period has no rate: its claims are in the counts, not in a rate). Claims without a product are
a row of their own. --by status is the status at --to: a claim resolved or rejected after --to was in_work. Totals: the sums, avg_days_to_resolve over all, recovered_pct = recovered / amount × 100;
by product and supplier the rate of the rows, and overall_claim_rate_pct against all_shipped_qty, everything
shipped in the period. --group and --supplier are the claimed product's (claims naming none are left out);
--manager is the claim's manager, else the client's (shipments: the order's, else the client's).`,
    load: async () => (await import('./claims.js')).claimsReport,
  },
  // ── the money side of a deal (SPEC §9, issue 14) ──
  {
    name: 'deliveries',
    title: 'deliveries paid by the company: revenue of the delivered shipments, delivery cost and %, margin after delivery',
    period: 'range',
    filters: ['manager', 'client'],
    by: ['client', 'manager', 'month', 'carrier'],
    help: `The shipments dated in [--from, --to] that have a delivery (crm import deliveries), by --by:
  shipments              how many (by carrier: a shipment two carriers delivered counts by their shares)
  deliveries             the deliveries paid for them
  revenue                Σ shipment amounts;  margin = revenue − Σ line cost at sale
  delivery_cost          Σ cost of their deliveries (whatever the delivery's own date)
  cost_pct               delivery_cost / revenue × 100
  margin_after_delivery  margin − delivery_cost;  margin_after_delivery_pct = that / revenue × 100
By carrier, a shipment's revenue and margin are split between its carriers in proportion to what
each was paid (the rows add up to the totals). --manager is the order's manager, else the client's.`,
    load: async () => (await import('./deliveries.js')).deliveriesReport,
  },
  {
    name: 'commissions',
    title: 'managers\' commissions: opening balance, accrued on client payments, paid, closing',
    period: 'range',
    filters: ['manager'],
    help: `Accrual on payment: client payments settle the client's shipments oldest first (on one day shipments
come before payments); money left over is an advance, which settles the next shipments on their own dates.
A payment settling x of a shipment of amount A settles each line ℓ by x × aℓ / A, and accrues on the day
it settles, at the rule in force that day for the shipment's manager (the order's, else the client's) and
the line's product group: a rule of the group, else of its nearest ancestor group, else the manager's
general rule — each the latest dated on or before the day (crm import commission-rules).
  base revenue   settled × pct / 100
  base margin    settled × (line amount − line cost) / line amount × pct / 100  (a loss accrues a minus)
  opening        accrued − paid before --from;   accrued, paid (crm import commission-payments) in the period
  closing        opening + accrued − paid
Each settlement's accrual is rounded to the kopeck (half away from zero), so every row adds up as printed.`,
    load: async () => (await import('./commissions.js')).commissionsReport,
  },
  {
    name: 'order-profitability',
    title: 'per order: revenue, cost, margin, delivery, commission, cost of money, expected claims, net margin',
    period: 'range',
    filters: ['manager', 'client'],
    help: `The orders dated in [--from, --to] that are not refused, as sold: their lines at the granted price and the
product's cost (the same evaluation as crm offer evaluate of the same lines).
  revenue, cost, margin  Σ qty × price, Σ qty × product cost, revenue − cost
  delivery_cost          Σ deliveries of the order's shipments
  commission             as if fully paid: the rule in force on the order's date for the order's manager (else
                         the client's) and each line's group (see crm report commissions --help)
  cost_of_money          revenue × money_rate_pct / 100 × (deferral_days + payment_delay_days) / 365;
                         a negative total (prepayment) is a credit. money_rate_pct: crm settings set (default 0)
  deferral_days          granted on the order, else the client card's
  payment_delay_days     the client's average days past due over the 12 months before the order: shipments
                         dated in [date − 365, date − 1], weighted by the amounts the payments before the date
                         settled (oldest first); 0 when none was settled
  expected_claims        revenue × the client's claims net cost (amount − recovered, rejected claims left out)
                         / the client's shipments, over those 12 months
  net_margin             margin − delivery_cost − commission − cost_of_money − expected_claims;
  net_margin_pct         net_margin / revenue × 100
--manager is the order's manager, else the client's.`,
    load: async () => (await import('./orderProfitability.js')).orderProfitabilityReport,
  },
  {
    name: 'originals',
    title: 'shipments whose signed originals have not come back after --days',
    period: 'date',
    filters: ['manager', 'client'],
    by: ['shipment', 'client', 'manager'],
    options: ['days'],
    help: `At --date D (default --as-of): the shipments dated on or before D − --days (default 30; a shipment exactly
--days old is listed) whose originals_date is empty or after D (crm shipments originals NO --date DAY records it).
  by shipment  shipment_no, date, client, manager, amount, days_out = D − date, instructions
  by client / manager  shipments, amount, oldest, max_days_out
Totals: shipments and amount. --manager is the order's manager, else the client's.`,
    load: async () => (await import('./originals.js')).originalsReport,
  },
];

export function reportDefinition(name: string): ReportDefinition | undefined {
  return REPORTS.find((r) => r.name === name);
}
