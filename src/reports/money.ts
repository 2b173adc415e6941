// The money of a deal (SPEC §9, issue 14), pure: which payment settles which shipment
// (oldest first, an advance settling a later shipment on that shipment's date), which
// commission rule holds for a manager, a product group and a day, what a settled amount
// accrues, and what a deal (an order or an offer) earns after its costs.
import { addDays, dayNumber } from '../planning/calendar.js';
import { roundHalfAway } from '../util/round.js';
import { splitByLargestRemainder } from '../util/split.js';

// ── settlement (SPEC §2, §9) ─────────────────────────────────────────────────

export interface SettleShipment {
  id: number;
  client: string;
  date: string;
  amount: number;
}

export interface SettlePayment {
  id: number;
  client: string;
  date: string;
  amount: number;
}

/** `amount` of shipment `shipment` settled on `date` by payment `payment`. */
export interface Settlement {
  shipment: number;
  payment: number;
  date: string;
  amount: number;
}

/**
 * Client by client, in date order (on one day shipments come before payments, each in the
 * order given): a payment settles the oldest open shipments first; what is left of it is an
 * advance, and an advance settles the next shipments on their own dates (oldest advance first).
 */
export function settle(shipments: SettleShipment[], payments: SettlePayment[]): Settlement[] {
  type Event = { kind: 0 | 1; date: string; seq: number; id: number; amount: number };
  const byClient = new Map<string, Event[]>();
  const push = (client: string, e: Event) => {
    let list = byClient.get(client);
    if (!list) byClient.set(client, (list = []));
    list.push(e);
  };
  shipments.forEach((s, seq) => push(s.client, { kind: 0, date: s.date, seq, id: s.id, amount: s.amount }));
  payments.forEach((p, seq) => push(p.client, { kind: 1, date: p.date, seq, id: p.id, amount: p.amount }));
  const out: Settlement[] = [];
  for (const events of byClient.values()) {
    events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind - b.kind || a.seq - b.seq));
    const open: { id: number; left: number }[] = [];
    const advances: { id: number; left: number }[] = [];
    // the oldest open item of the other side takes what it can, then the next; the rest waits in its own queue
    const take = (queue: { id: number; left: number }[], amount: number, settled: (other: number, x: number) => void): number => {
      let left = amount;
      while (left > 0 && queue.length > 0) {
        const head = queue[0]!;
        const x = Math.min(left, head.left);
        settled(head.id, x);
        left -= x;
        head.left -= x;
        if (head.left <= 0) queue.shift();
      }
      return left;
    };
    for (const e of events) {
      if (e.kind === 0) {
        const left = take(advances, e.amount, (payment, x) => out.push({ shipment: e.id, payment, date: e.date, amount: x }));
        if (left > 0) open.push({ id: e.id, left });
      } else {
        const left = take(open, e.amount, (shipment, x) => out.push({ shipment, payment: e.id, date: e.date, amount: x }));
        if (left > 0) advances.push({ id: e.id, left });
      }
    }
  }
  return out;
}

// ── commission rules (SPEC §9) ───────────────────────────────────────────────

export interface CommissionRule {
  manager: string;
  from: string;
  base: 'revenue' | 'margin';
  pct: number;
  /** null: the manager's general rule. */
  group: string | null;
}

export type RuleFinder = (manager: string | null, group: string, day: string) => CommissionRule | undefined;

/**
 * The rule in force for a manager, a product group and a day: of the rules of the line's group,
 * else of its nearest ancestor that has one in force, else the general rule — each the latest
 * dated on or before the day. A rule holds until the next rule of the same manager and group.
 */
export function ruleFinder(rules: CommissionRule[], parentOf: Map<string, string | null>): RuleFinder {
  const byScope = new Map<string, CommissionRule[]>();
  for (const r of rules) {
    const key = `${r.manager}\u0001${r.group ?? ''}`;
    let list = byScope.get(key);
    if (!list) byScope.set(key, (list = []));
    list.push(r);
  }
  for (const list of byScope.values()) list.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const inForce = (manager: string, group: string | null, day: string): CommissionRule | undefined => {
    const list = byScope.get(`${manager}\u0001${group ?? ''}`);
    if (!list) return undefined;
    let found: CommissionRule | undefined;
    for (const r of list) {
      if (r.from > day) break;
      found = r;
    }
    return found;
  };
  return (manager, group, day) => {
    if (manager === null) return undefined;
    const seen = new Set<string>();
    for (let g: string | null | undefined = group; g !== null && g !== undefined && !seen.has(g); g = parentOf.get(g)) {
      seen.add(g);
      const rule = inForce(manager, g, day);
      if (rule) return rule;
    }
    return inForce(manager, null, day);
  };
}

/**
 * Commission on `settled` kopecks of a line of amount `lineAmount` and cost `lineCost`:
 * revenue base → settled × pct; margin base → settled × (line margin / line amount) × pct.
 */
export function commissionOn(rule: CommissionRule | undefined, settled: number, lineAmount: number, lineCost: number): number {
  if (!rule || settled === 0) return 0;
  if (rule.base === 'revenue') return (settled * rule.pct) / 100;
  if (lineAmount === 0) return 0;
  return (settled * ((lineAmount - lineCost) / lineAmount) * rule.pct) / 100;
}

// ── a deal's profitability (SPEC §9 order-profitability, offer evaluate) ─────

export interface DealLine {
  sku: string;
  group: string;
  qty: number;
  /** Kopecks per unit. */
  price: number;
  /** Kopecks per unit. */
  cost: number;
}

export interface DealTerms {
  /** The rule of each line's group (the deal's manager, on the deal's day). */
  rule: (group: string) => CommissionRule | undefined;
  deferralDays: number;
  /** The client's average payment delay over the 12 months before (days past due, may be negative). */
  paymentDelayDays: number;
  ratePct: number;
  /** The client's claims net cost / revenue over the 12 months before. */
  claimsRatio: number;
  /** Delivery paid by the company for the deal, kopecks (spread over the lines by revenue). */
  delivery: number;
  otherCosts: number;
}

export interface DealFigures {
  revenue: number;
  cost: number;
  margin: number;
  delivery: number;
  otherCosts: number;
  commission: number;
  costOfMoney: number;
  expectedClaims: number;
  netMargin: number;
}

export const netMarginPct = (f: Pick<DealFigures, 'revenue' | 'netMargin'>): number | null => (f.revenue === 0 ? null : (f.netMargin * 100) / f.revenue);

/**
 * Per line and in total: revenue = qty × price, cost = qty × cost, margin = revenue − cost,
 * commission as if fully paid (the rule's base: revenue or margin) × pct,
 * cost of money = revenue × rate/100 × (deferral + payment delay) / 365 (negative: a credit),
 * expected claims = revenue × claims ratio, delivery and other costs split over the lines by
 * revenue (largest remainder; evenly when the deal has no revenue), net margin = margin − all
 * of them. Every figure of a line is whole kopecks (each rounded half away from zero before
 * anything is added), so a line's net margin is its printed parts and the total is Σ lines.
 */
export function evaluateDeal(lines: DealLine[], terms: DealTerms): { lines: DealFigures[]; total: DealFigures } {
  const revenues = lines.map((l) => roundHalfAway(l.qty * l.price));
  const deliveries = splitByLargestRemainder(terms.delivery, revenues);
  const others = splitByLargestRemainder(terms.otherCosts, revenues);
  const days = terms.deferralDays + terms.paymentDelayDays;
  const figures = lines.map((l, i): DealFigures => {
    const revenue = revenues[i]!;
    const cost = roundHalfAway(l.qty * l.cost);
    const margin = revenue - cost;
    const rule = terms.rule(l.group);
    // accrued on payment: a line of amount 0 is never paid for, so it accrues nothing (as commissionOn)
    const commission = !rule || revenue === 0 ? 0 : roundHalfAway(((rule.base === 'revenue' ? revenue : margin) * rule.pct) / 100);
    const costOfMoney = roundHalfAway((revenue * terms.ratePct * days) / 100 / 365);
    const expectedClaims = roundHalfAway(revenue * terms.claimsRatio);
    const delivery = deliveries[i]!;
    const otherCosts = others[i]!;
    const netMargin = margin - delivery - otherCosts - commission - costOfMoney - expectedClaims;
    return { revenue, cost, margin, delivery, otherCosts, commission, costOfMoney, expectedClaims, netMargin };
  });
  const total = sumFigures(figures);
  if (lines.length === 0) {
    // a deal without lines still paid for its delivery and other costs
    total.delivery = roundHalfAway(terms.delivery);
    total.otherCosts = roundHalfAway(terms.otherCosts);
    total.netMargin = -total.delivery - total.otherCosts;
  }
  return { lines: figures, total };
}

export function sumFigures(list: DealFigures[]): DealFigures {
  const total: DealFigures = { revenue: 0, cost: 0, margin: 0, delivery: 0, otherCosts: 0, commission: 0, costOfMoney: 0, expectedClaims: 0, netMargin: 0 };
  for (const f of list) for (const k of Object.keys(total) as (keyof DealFigures)[]) total[k] += f[k];
  return total;
}

// ── the client's history before a day (SPEC §9: the 12 months before) ───────

/** The 12 months before `day`: [day − 365, day − 1]. */
export function yearBefore(day: string): { from: string; to: string } {
  return { from: addDays(day, -365), to: addDays(day, -1) };
}

export interface ClientHistory {
  /** Average payment delay in days, weighted by the amounts settled. */
  paymentDelayDays: number;
  /** Claims net cost / revenue. */
  claimsRatio: number;
}

export interface HistoryInput {
  shipments: { id: number; client: string; date: string; amount: number; deferralDays: number }[];
  settlements: Settlement[];
  claims: { client: string; date: string; netCost: number }[];
}

/**
 * A client's history over the 12 months before `day`: the payment delay = Σ (settled on − due
 * date) × settled / Σ settled over its shipments dated in those months, settled by payments
 * before `day` (0 when none was); the claims ratio = Σ net cost of its claims dated in those
 * months (not rejected) / its shipments in them (0 without shipments).
 */
export function clientHistories(input: HistoryInput): (client: string, day: string) => ClientHistory {
  const byShipment = settlementsByShipment(input.settlements);
  const shipmentsOf = new Map<string, HistoryInput['shipments']>();
  for (const s of input.shipments) {
    let list = shipmentsOf.get(s.client);
    if (!list) shipmentsOf.set(s.client, (list = []));
    list.push(s);
  }
  const claimsOf = new Map<string, HistoryInput['claims']>();
  for (const c of input.claims) {
    let list = claimsOf.get(c.client);
    if (!list) claimsOf.set(c.client, (list = []));
    list.push(c);
  }
  return (client, day) => {
    const { from, to } = yearBefore(day);
    let revenue = 0;
    let weighted = 0;
    let settled = 0;
    for (const s of shipmentsOf.get(client) ?? []) {
      if (s.date < from || s.date > to) continue;
      revenue += s.amount;
      const due = dayNumber(s.date) + s.deferralDays;
      for (const x of byShipment.get(s.id) ?? []) {
        if (x.date >= day) continue;
        weighted += (dayNumber(x.date) - due) * x.amount;
        settled += x.amount;
      }
    }
    let claims = 0;
    for (const c of claimsOf.get(client) ?? []) if (c.date >= from && c.date <= to) claims += c.netCost;
    return { paymentDelayDays: settled === 0 ? 0 : weighted / settled, claimsRatio: revenue === 0 ? 0 : claims / revenue };
  };
}

/** Settlements by shipment id. */
export function settlementsByShipment(settlements: Settlement[]): Map<number, Settlement[]> {
  const out = new Map<number, Settlement[]>();
  for (const x of settlements) {
    let list = out.get(x.shipment);
    if (!list) out.set(x.shipment, (list = []));
    list.push(x);
  }
  return out;
}
