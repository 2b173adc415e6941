// The whole chain of SPEC §4: sales plan → demand → inventory → purchases → supplier
// payments, and sales plan → cash from clients; plus cash from posted orders. Pure: the
// same inputs always give the same numbers.
import { computeCashIn } from './cashIn.js';
import { computeDemand } from './demand.js';
import { computeInventory } from './inventory.js';
import { computeOrderCash } from './orderCash.js';
import { computeSupplierPayments } from './supplierPayments.js';
import type { PlanningInputs, PlanResult } from './types.js';
import { roundHalfAway } from '../util/round.js';
import { t } from '../i18n/index.js';

/** The first ten of a list, then how many more. */

export function runChain(inputs: PlanningInputs): PlanResult {
  const demand = computeDemand(inputs.salesPlan, inputs.groups, inputs.products, inputs.history);
  const { inventory, purchases } = computeInventory(inputs.months, inputs.products, demand.rows, inputs.minStock, inputs.opening, inputs.scheduled);
  const supplier = computeSupplierPayments(inputs.from, purchases, inputs.suppliers, inputs.receiptsBeforeFrom, inputs.supplierPaidBeforeFrom);
  const cash = computeCashIn(
    inputs.from,
    inputs.salesPlan,
    inputs.groups,
    inputs.clientHistory,
    inputs.clients,
    inputs.shipmentsBeforeFrom,
    inputs.clientPaidBeforeFrom,
  );
  const withoutSupplier = [...new Set(purchases.filter((p) => p.supplier === null).map((p) => p.sku))];
  const warnings = [...demand.warnings];
  // stock below zero means a receipt or a count is missing: the plan starts from it as it is
  const negative = inputs.opening.filter((o) => o.qty < 0).map((o) => `${o.sku} ${roundHalfAway(o.qty, 3)}`);
  if (negative.length > 0) {
    warnings.push(t('plan.negativeStock', negative));
  }
  if (withoutSupplier.length > 0) {
    warnings.push(t('plan.noSupplier', withoutSupplier));
  }
  return {
    demand: demand.rows,
    inventory,
    purchases,
    supplierPayments: supplier.payments,
    paymentSplits: supplier.splits,
    cashIn: cash.rows,
    orderCash: computeOrderCash(inputs.from, inputs.salesOrders, inputs.purchaseOrders),
    demandCells: demand.cells,
    unitPrices: demand.unitPrices,
    warnings,
  };
}
