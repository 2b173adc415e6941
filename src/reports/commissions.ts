// SPEC §9 commissions: accrued when a client payment settles a shipment (oldest first; an
// advance settles a later shipment on that shipment's date), line by line pro rata, at the rule
// in force on that day for the shipment's manager and the line's group; paid out by the
// commission payments. Per manager: opening = accrued − paid before --from, accrued, paid,
// closing = opening + accrued − paid. Each settlement's accrual is rounded to the kopeck, so
// every row adds up as printed (docs/money.md).
import type { Db } from '../db/connection.js';
import {
  commissionPayouts, commissionRules, groupParentMap, managerNames, moneyPayments, moneyShipments, type MoneyPayment, type MoneyShipment,
} from '../db/moneyQueries.js';
import { t } from '../i18n/index.js';
import { column, type Row, type Table } from '../io/table.js';
import { roundHalfAway } from '../util/round.js';
import { commissionOn, ruleFinder, settle, type CommissionRule, type Settlement } from './money.js';
import type { ReportOptions, ReportResult } from './types.js';

export interface Accrual {
  manager: string;
  date: string;
  shipment: number;
  payment: number;
  /** The part of the settled amount this line took (kopecks, fractional). */
  settled: number;
  /** Whole kopecks: the settlement's rounded accrual, split over its lines. */
  amount: number;
}

export interface CommissionInput {
  shipments: MoneyShipment[];
  payments: MoneyPayment[];
  rules: CommissionRule[];
  parentOf: Map<string, string | null>;
}

/**
 * Every accrual: one per settlement and shipment line that has a rule (SPEC §9); the lines of
 * one settlement add up to its accrual rounded to the kopeck.
 */
export function accruals(input: CommissionInput, settlements: Settlement[] = settle(input.shipments, input.payments)): Accrual[] {
  const find = ruleFinder(input.rules, input.parentOf);
  const shipments = new Map(input.shipments.map((s) => [s.id, s]));
  const out: Accrual[] = [];
  for (const x of settlements) {
    const s = shipments.get(x.shipment)!;
    if (s.amount === 0 || s.manager === null) continue;
    // a settlement's accrual is whole kopecks (docs/money.md): its lines' exact amounts are summed
    // and each line takes the rounded running sum's step, so they add up to the rounded whole
    let exact = 0;
    let given = 0;
    for (const line of s.lines) {
      // a payment settling x of a shipment of amount A settles each line by x · aℓ / A
      const settled = (x.amount * line.amount) / s.amount;
      const rule = find(s.manager, line.group, x.date);
      if (!rule) continue;
      exact += commissionOn(rule, settled, line.amount, line.cost);
      const upTo = roundHalfAway(exact);
      out.push({ manager: s.manager, date: x.date, shipment: s.id, payment: x.payment, settled, amount: upTo - given });
      given = upTo;
    }
  }
  return out;
}

export interface CommissionBalances {
  manager: string;
  opening: number;
  accrued: number;
  paid: number;
  closing: number;
}

/** Per manager over [from, to]: opening, accrued, paid, closing. */
export function commissionBalances(
  accrued: Accrual[],
  payouts: { manager: string; date: string; amount: number }[],
  from: string,
  to: string,
): CommissionBalances[] {
  const by = new Map<string, CommissionBalances>();
  const get = (manager: string) => {
    let b = by.get(manager);
    if (!b) by.set(manager, (b = { manager, opening: 0, accrued: 0, paid: 0, closing: 0 }));
    return b;
  };
  for (const a of accrued) {
    if (a.date > to) continue;
    if (a.date < from) get(a.manager).opening += a.amount;
    else get(a.manager).accrued += a.amount;
  }
  for (const p of payouts) {
    if (p.date > to) continue;
    if (p.date < from) get(p.manager).opening -= p.amount;
    else get(p.manager).paid += p.amount;
  }
  for (const b of by.values()) b.closing = b.opening + b.accrued - b.paid;
  return [...by.values()].sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0));
}

export function commissionsTable(balances: CommissionBalances[], names: Map<string, string>): Table {
  const rows: Row[] = balances.map((b) => ({ manager: b.manager, name: names.get(b.manager) ?? null, opening: b.opening, accrued: b.accrued, paid: b.paid, closing: b.closing }));
  const sum = (k: keyof Omit<CommissionBalances, 'manager'>) => balances.reduce((s, b) => s + b[k], 0);
  return {
    name: 'commissions',
    columns: [column('manager'), column('name'), column('opening', 'money'), column('accrued', 'money'), column('paid', 'money'), column('closing', 'money')],
    rows,
    totals: { opening: sum('opening'), accrued: sum('accrued'), paid: sum('paid'), closing: sum('closing') },
  };
}

export async function loadCommissionInput(db: Db, to: string): Promise<CommissionInput> {
  return {
    shipments: await moneyShipments(db, to),
    payments: await moneyPayments(db, to),
    rules: await commissionRules(db),
    parentOf: await groupParentMap(db),
  };
}

export async function commissionsReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const input = await loadCommissionInput(db, opts.to);
  let balances = commissionBalances(accruals(input), await commissionPayouts(db, opts.to), opts.from, opts.to);
  // every manager with a rule shows, even before anything accrued
  const known = new Set(balances.map((b) => b.manager));
  for (const r of input.rules) {
    if (!known.has(r.manager)) {
      known.add(r.manager);
      balances.push({ manager: r.manager, opening: 0, accrued: 0, paid: 0, closing: 0 });
    }
  }
  balances.sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0));
  if (opts.manager !== undefined) balances = balances.filter((b) => b.manager === opts.manager);
  return {
    table: commissionsTable(balances, await managerNames(db)),
    note: input.rules.length === 0 ? t('money.noCommissionRules') : undefined,
  };
}
