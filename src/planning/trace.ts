// What `crm plan explain` prints for one SKU: the pieces of its derivation, kept with the run.
import type { DemandTrace, OpeningStock, PaymentSplit, PlanningInputs, PlanResult, ScheduledReceipt } from './types.js';

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
  for (const r of inputs.scheduled) scheduled.set(r.sku, [...(scheduled.get(r.sku) ?? []), r]);
  const payments = new Map<string, PaymentSplit[]>();
  for (const p of result.paymentSplits) payments.set(p.sku, [...(payments.get(p.sku) ?? []), p]);
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
      demand: result.demandTraces.get(p.sku) ?? [],
      opening: opening.get(p.sku) ?? null,
      scheduled: scheduled.get(p.sku) ?? [],
      payments: payments.get(p.sku) ?? [],
    }));
}
