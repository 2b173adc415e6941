// SPEC §9 `crm offer evaluate`: a commercial offer (sku, qty, price) evaluated as a deal, per
// line and in total, the same way order-profitability evaluates an order, against the client's
// and each line's group's average margin over the 12 months before --as-of, with warnings for
// a price below cost, a deferral beyond the client card and a credit limit exceeded.
import type { Db } from '../db/connection.js';
import { clientBalance, clientTerms, marginLines, offerProducts, pricesInForce, type ClientTerms } from '../db/moneyQueries.js';
import { UsageError } from '../errors.js';
import { lang, t } from '../i18n/index.js';
import { fold } from '../model/dealMoves.js';
import { moneyDisplay as moneyIn } from '../io/locale.js';
import { column, type Row, type Table } from '../io/table.js';
import { evaluateDeal, netMarginPct, yearBefore, type DealFigures } from './money.js';
import { figureCells, profitContext } from './orderProfitability.js';
import { percentOf } from './ratios.js';
import { roundHalfAway } from '../util/round.js';

/** Money in a warning, as the run's language prints it (1 234,56 in Russian). */
const moneyDisplay = (kopecks: number): string => moneyIn(kopecks, lang());

export interface OfferLine {
  /** The row of the file. */
  row: number;
  sku: string;
  qty: number;
  /** Kopecks per unit; null: the client's price type at --as-of. */
  price: number | null;
}

export interface OfferTerms {
  asOf: string;
  client?: string;
  /** The manager whose commission rules apply (default: the client's). */
  manager?: string;
  deferralDays?: number;
  delivery: number;
  otherCosts: number;
  ratePct?: number;
}

export interface OfferResult {
  table: Table;
  warnings: string[];
  params: Record<string, unknown>;
}

/**
 * Where an empty price comes from: the client's price type in force at the day, else the
 * product's list price — less the client card's discount, as an order without a discount gets
 * the card's. A price given in the file is the price as granted: nothing comes off it.
 */
function priceOf(line: OfferLine, listPrice: number, typed: Map<string, { price: number; from: string }>, client: ClientTerms | undefined, warnings: string[]): number {
  if (line.price !== null) return line.price;
  const discount = client?.discountPct ?? 0;
  const less = (price: number) => (discount > 0 ? roundHalfAway((price * (100 - discount)) / 100) : price);
  const typedPrice = typed.get(line.sku);
  if (typedPrice !== undefined) {
    // a 0 in the price list is more often an empty price a 1C export wrote as 0: said as such, not only "below cost"
    if (typedPrice.price === 0) warnings.push(t('money.zeroPrice', line.row, line.sku, client!.priceType!, typedPrice.from));
    return less(typedPrice.price);
  }
  warnings.push(
    client?.priceType
      ? t('money.noTypedPrice', line.row, line.sku, client.priceType, moneyDisplay(listPrice), discount)
      : t('money.noPriceType', line.row, line.sku, client ? client.code : null, moneyDisplay(listPrice), discount),
  );
  return less(listPrice);
}

/**
 * The price list a client's price type names: the type spelled exactly so, else the one type
 * equal but for case (a card says "опт", the price list "Опт"); two types equal but for case
 * ("Опт", "ОПТ") and neither spelled as the card: refused, as a deal stage is.
 */
export function priceTypeSpelled(client: string, wanted: string, types: readonly string[]): string | undefined {
  if (types.includes(wanted)) return wanted;
  const twins = types.filter((type) => fold(type) === fold(wanted));
  if (twins.length > 1) throw new UsageError(t('money.ambiguousPriceType', client, wanted, twins.map((x) => `"${x}"`).join(', ')));
  return twins[0];
}

export async function evaluateOffer(db: Db, lines: OfferLine[], terms: OfferTerms): Promise<OfferResult> {
  const warnings: string[] = [];
  const client = terms.client !== undefined ? await clientTerms(db, terms.client) : undefined;
  const products = await offerProducts(db);
  const typed = new Map<string, { price: number; from: string }>();
  if (client?.priceType && lines.some((l) => l.price === null)) {
    const inForce = await pricesInForce(db, terms.asOf);
    const type = priceTypeSpelled(client.code, client.priceType, [...new Set(inForce.map((p) => p.priceType))]);
    for (const p of inForce) if (p.priceType === type) typed.set(p.sku, { price: p.price, from: p.fromDate });
  }
  const ctx = await profitContext(db, terms.asOf);
  const ratePct = terms.ratePct ?? ctx.ratePct;
  const history = client ? ctx.history(client.code, terms.asOf) : { paymentDelayDays: 0, claimsRatio: 0 };
  const deferralDays = terms.deferralDays ?? client?.deferralDays ?? 0;
  const manager = terms.manager ?? client?.manager ?? null;
  const dealLines = lines.map((l) => {
    const p = products.get(l.sku)!;
    return { sku: l.sku, group: p.group, qty: l.qty, price: priceOf(l, p.price, typed, client, warnings), cost: p.cost };
  });
  const { lines: figures, total } = evaluateDeal(dealLines, {
    rule: (group) => ctx.find(manager, group, terms.asOf),
    deferralDays,
    paymentDelayDays: history.paymentDelayDays,
    ratePct,
    claimsRatio: history.claimsRatio,
    delivery: terms.delivery,
    otherCosts: terms.otherCosts,
  });
  // the margins of the 12 months before: the client's, and each group's (all clients)
  const { from, to } = yearBefore(terms.asOf);
  const groupSums = new Map<string, { amount: number; cost: number }>();
  let clientAmount = 0;
  let clientCost = 0;
  for (const m of await marginLines(db, from, to)) {
    const g = groupSums.get(m.group) ?? { amount: 0, cost: 0 };
    g.amount += m.amount;
    g.cost += m.cost;
    groupSums.set(m.group, g);
    if (client && m.client === client.code) {
      clientAmount += m.amount;
      clientCost += m.cost;
    }
  }
  const groupMarginPct = (group: string) => {
    const g = groupSums.get(group);
    return g ? percentOf(g.amount - g.cost, g.amount) : null;
  };

  dealLines.forEach((l, i) => {
    if (l.price < l.cost) warnings.push(t('money.belowCost', lines[i]!.row, l.sku, moneyDisplay(l.price), moneyDisplay(l.cost)));
  });
  if (client && deferralDays > client.deferralDays) {
    warnings.push(t('money.deferralBeyond', deferralDays, client.code, client.deferralDays));
  }
  if (client && client.creditLimit !== null) {
    const balance = await clientBalance(db, client.code, terms.asOf);
    if (balance + total.revenue > client.creditLimit) {
      warnings.push(t('money.creditLimit', client.code, moneyDisplay(balance), moneyDisplay(Math.round(total.revenue)), moneyDisplay(client.creditLimit)));
    }
  }

  const cells = (f: DealFigures): Row => ({ ...figureCells(f), other_costs: f.otherCosts, margin_pct: percentOf(f.margin, f.revenue) });
  const rows: Row[] = dealLines.map((l, i) => ({
    row: lines[i]!.row, sku: l.sku, name: products.get(l.sku)!.name, group: l.group, qty: l.qty, price: l.price, unit_cost: l.cost,
    ...cells(figures[i]!), group_margin_pct: groupMarginPct(l.group),
  }));
  const clientMarginPct = client ? percentOf(clientAmount - clientCost, clientAmount) : null;
  const table: Table = {
    name: 'offer',
    columns: [
      column('row', 'int'), column('sku'), column('name'), column('group'), column('qty', 'number'), column('price', 'money'), column('unit_cost', 'money'),
      column('revenue', 'money'), column('cost', 'money'), column('margin', 'money'), column('margin_pct', 'percent'), column('group_margin_pct', 'percent'),
      column('delivery_cost', 'money'), column('other_costs', 'money'), column('commission', 'money'), column('cost_of_money', 'money'),
      column('expected_claims', 'money'), column('net_margin', 'money'), column('net_margin_pct', 'percent'),
    ],
    rows,
    totals: {
      ...cells(total),
      net_margin_pct: netMarginPct(total),
      client_margin_pct: clientMarginPct,
      deferral_days: deferralDays,
      payment_delay_days: history.paymentDelayDays,
      claims_ratio_pct: history.claimsRatio * 100,
    },
    headlines: [column('client_margin_pct', 'percent'), column('deferral_days', 'int'), column('payment_delay_days', 'number'), column('claims_ratio_pct', 'percent')],
  };
  return {
    table,
    warnings,
    params: {
      client: client?.code ?? null, manager, as_of: terms.asOf, deferral_days: deferralDays, card_discount_pct: client?.discountPct ?? null, delivery: terms.delivery / 100,
      other_costs: terms.otherCosts / 100, money_rate_pct: ratePct, history_from: from, history_to: to,
    },
  };
}
