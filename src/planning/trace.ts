// What `crm plan explain` prints for one SKU: the pieces of its derivation, kept with the run.
import type { DemandTrace, OpeningStock, PaymentSplit, PlanningInputs, PlanResult, ScheduledReceipt } from './types.js';
import { pushTo } from '../util/multimap.js';

export interface SkuTrace {
  sku: string;
  group: string;
  supplier: string | null;
  price: number;
  cost: number;
  leadTimeDays: number;
  orderMultiple: number;
  lookbackStart: string;
  lookbackEnd: string;
  history: { amount: number; qty: number };
  unitPrice: { value: number; source: 'history' | 'list' } | null;
  demand: DemandTrace[];
  opening: OpeningStock | null;
  scheduled: ScheduledReceipt[];
  payments: PaymentSplit[];
}

export function buildTraces(inputs: PlanningInputs, result: PlanResult): SkuTrace[] {
  const skus = new Set(result.inventory.map((i) => i.sku));
  const history = new Map(inputs.history.map((h) => [h.sku, h]));
  const opening = new Map(inputs.opening.map((o) => [o.sku, o]));
  const scheduled = new Map<string, ScheduledReceipt[]>();
  for (const r of inputs.scheduled) pushTo(scheduled, r.sku, r);
  const demand = new Map<string, DemandTrace[]>();
  for (const d of result.demand) {
    const cell = result.demandCells.get(`${d.month}|${d.group}`)!;
    pushTo(demand, d.sku, { ...cell, weight: d.weight, amount: d.amount, unitPrice: d.unitPrice, qty: d.qty });
  }
  const payments = new Map<string, PaymentSplit[]>();
  for (const p of result.paymentSplits) pushTo(payments, p.sku, p);
  return inputs.products
    .filter((p) => skus.has(p.sku))
    .map((p) => ({
      sku: p.sku,
      group: p.group,
      supplier: p.supplier,
      price: p.price,
      cost: p.cost,
      leadTimeDays: p.leadTimeDays,
      orderMultiple: p.orderMultiple,
      lookbackStart: inputs.lookbackStart,
      lookbackEnd: inputs.lookbackEnd,
      history: { amount: history.get(p.sku)?.amount ?? 0, qty: history.get(p.sku)?.qty ?? 0 },
      unitPrice: result.unitPrices.get(p.sku) ?? null,
      demand: demand.get(p.sku) ?? [],
      opening: opening.get(p.sku) ?? null,
      scheduled: scheduled.get(p.sku) ?? [],
      payments: payments.get(p.sku) ?? [],
    }));
}
