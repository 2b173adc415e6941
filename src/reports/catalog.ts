// What `crm report list` and `crm report NAME --help` say: names, one-line descriptions,
// columns and formulas. Static text only, so the CLI can show it without loading a report.

export interface ReportInfo {
  name: string;
  title: string;
  /** --by values, the first being the default. */
  by?: string[];
  help: string;
}

export const REPORTS: ReportInfo[] = [
  {
    name: 'plan-fact',
    title: 'plan against fact: sales by group (rolled up the hierarchy) and managers × indicators',
    help: `Columns: plan (sales | managers), group or manager + indicator, month, plan, fact, deviation = fact − plan,
% = fact / plan × 100 (empty when the plan is 0), remaining = the year's plan − fact so far (sales);
--cumulative adds year-to-date columns.
  sales       plan: the sales plan of the group (a parent shows the sum of its descendants' plans);
              fact: shipments of the products in the group and its descendants; money in roubles
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
  order_cash         by direction (in/out) — payments against sales / purchase orders`,
  },
  {
    name: 'sales',
    title: 'the yearly sales report: amount, qty, margin, orders by month × group, manager or client',
    by: ['group', 'manager', 'client'],
    help: `Columns: month, <by>, amount, qty, margin, orders.
  amount  Σ shipment line amounts in the month
  margin  amount − Σ line cost
  orders  distinct sales orders among those shipments (a shipment without an order counts as
          one; per client); the total adds up each month's orders
  group   the product's own group; --group G keeps G and its descendants
  manager the order's manager, else the client's manager (SPEC §5)
Period: --from/--to (months or dates; default this year up to --as-of).`,
  },
  {
    name: 'receivables-turnover',
    title: 'per client: revenue, average receivables and advances, turnover, DSO, overdue ageing',
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
the denominator is 0.`,
  },
  {
    name: 'illiquid',
    title: 'SKUs in stock that have not sold for longer than their threshold',
    help: `At --date D (default --as-of): every SKU with stock > 0 at the end of D.
  days_idle  D − last shipment date (never sold: D − first receipt or stock count)
  threshold  the product's illiquid_after_days, else the nearest ancestor group's, else the
             setting illiquid_after_days (default 180); illiquid when days_idle ≥ threshold
  value      qty × cost
Totals: qty, value, share_pct = value / value of all SKUs with positive stock × 100.`,
  },
  {
    name: 'illiquid-sales',
    title: 'sales of SKUs that were illiquid when sold, by manager: lines, qty, amount, margin',
    help: `A shipment line counts when the days since the same SKU's previous sale (never sold: since its first
receipt or count) reach its illiquid threshold (see crm report illiquid --help). manager: the order's,
else the client's.`,
  },
  {
    name: 'reserve-turnover',
    title: 'by product group: average reserved value, value shipped from reserves, turnover, days in reserve',
    help: `A reservation holds its qty × product cost at the end of each day from reserved_date to the day before
released_date. avg_reserved_value = Σ over the n days / n; shipped_from_reserve = value of reservations
released in the period whose order has a shipment; turnover = shipped / average; avg_days_in_reserve =
n × average / shipped.`,
  },
  {
    name: 'low-profit-stock',
    title: 'stock that earns less margin per rouble held than the average (GMROI)',
    help: `Period [a, b] of n days. Per SKU: margin = shipments − their cost; avg_stock_value = mean over the n days
of the stock at the end of each day × cost; profitability = margin / avg_stock_value.
The average is Σ margin / Σ avg_stock_value (weighted by stock, not a mean of the ratios).
Rows: the SKUs below the average, lowest first. Totals: below_average_share_pct = their stock value /
all stock value × 100.`,
  },
  {
    name: 'refusals',
    title: 'refused orders by reason: count, amount, share',
    help: `Orders with status refused, dated in the period. amount = Σ qty × price; share_pct = amount / all refused × 100.`,
  },
  {
    name: 'potential',
    title: 'per client: purchase potential, purchases in the last 12 months, utilization %',
    help: `purchases = shipments in the 12 months up to --date (default --as-of); utilization_pct = purchases / potential × 100
(empty when the client has no potential).`,
  },
  {
    name: 'managers',
    title: 'per manager: revenue, margin, orders, average order; average revenue per manager',
    help: `revenue, margin: shipments in the period by the order's manager, else the client's manager.
orders: sales orders dated in the period, not refused; avg_order = their amount / orders.
Totals add avg_revenue_per_manager = revenue / managers with activity.`,
  },
  {
    name: 'terms',
    title: 'orders whose granted discount or deferral exceed the client card, or that went over the credit limit',
    help: `For each order of the period (not refused): granted discount > card discount, granted deferral > card
deferral, or the client's balance before the order (shipments − payments) + the order amount > credit limit
(an empty limit is unlimited). problems names each breach.`,
  },
  {
    name: 'delays',
    title: 'orders shipped or paid after the planned date, or not yet and already past it',
    help: `days_late = actual date − planned date; for what has not happened yet, --as-of − planned date (when past).`,
  },
];

export function reportInfo(name: string): ReportInfo | undefined {
  return REPORTS.find((r) => r.name === name);
}
