// The whole chain of SPEC §4: sales plan → demand → inventory → purchases → supplier
// payments, and sales plan → cash from clients; plus cash from posted orders. Pure: the
// same inputs always give the same numbers.
import { computeCashIn } from './cashIn.js';
import { computeDemand } from './demand.js';
import { computeInventory } from './inventory.js';
import { computeOrderCash } from './orderCash.js';
import { computeSupplierPayments } from './supplierPayments.js';
import type { PlanningInputs, PlanResult } from './types.js';
import { plural } from '../util/plural.js';

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
  if (withoutSupplier.length > 0) {
    warnings.push(`${plural(withoutSupplier.length, 'SKU')} to purchase ${withoutSupplier.length === 1 ? 'has' : 'have'} no supplier and ${withoutSupplier.length === 1 ? 'is' : 'are'} paid on receipt: ${withoutSupplier.slice(0, 10).join(', ')}${withoutSupplier.length > 10 ? ', …' : ''}`);
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
