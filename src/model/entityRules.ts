// The rules of single entities (SPEC §3), as hooks on their definitions: the import, add/edit
// and anything else that writes an entity call `spec.hooks`, never branch on its name.
import { roundHalfAway } from '../util/round.js';
import { nameKey } from './normalize.js';
import type { EntityHooks, FileScope, Rec } from './types.js';

/** How many warnings of one kind a file gets before "… and N more". */
const WARNINGS_KEPT = 20;

// ── groups ───────────────────────────────────────────────────────────────────

/** Parents must exist (in the database or this file) and no group may be its own ancestor. */
function checkGroupTree(scope: FileScope): void {
  const parents = scope.lookups.groupParents();
  for (const [code, item] of scope.records) parents.set(code, (item.rec.parent_code as string | null) ?? null);
  for (const [code, item] of [...scope.records]) {
    const parent = item.rec.parent_code as string | null;
    if (parent !== null && !parents.has(parent)) {
      scope.reject(code, item.row, { column: 'parent_code', value: parent, message: 'unknown group code: not in the database nor in this file' });
      continue;
    }
    const chain = [code];
    let at = parent;
    while (at !== null && at !== undefined) {
      if (at === code) {
        scope.reject(code, item.row, { column: 'parent_code', value: parent, message: `the group would be its own ancestor: ${[...chain, code].join(' → ')}` });
        break;
      }
      if (chain.length > 10_000) break;
      chain.push(at);
      at = parents.get(at) ?? null;
    }
  }
}

// ── products ─────────────────────────────────────────────────────────────────

/** SPEC §3 duplicate nomenclature: the same normalized name under another SKU. */
function checkDuplicateNames(scope: FileScope): void {
  if (scope.allowDuplicates) return;
  const stored = scope.lookups.productNameKeys();
  const fileSkus = new Set(scope.records.keys());
  const inFile = new Map<string, { row: number; rec: Rec }>();
  for (const [sku, item] of [...scope.records]) {
    const key = String(item.rec.name_key);
    const other = stored.get(key);
    if (other && other.sku !== sku && !fileSkus.has(other.sku)) {
      scope.reject(sku, item.row, { column: 'name', value: item.rec.name, message: `duplicates product ${other.sku} "${other.name}" already in the database (use --allow-duplicates if they really differ)` });
      continue;
    }
    const twin = inFile.get(key);
    if (twin) {
      scope.reject(sku, item.row, { column: 'name', value: item.rec.name, message: `duplicates product ${twin.rec.sku} "${twin.rec.name}" at row ${twin.row} (use --allow-duplicates if they really differ)` });
      continue;
    }
    inFile.set(key, item);
  }
}

// ── clients and suppliers ────────────────────────────────────────────────────

/** Issue 10: one taxpayer number is one counterparty; a second code for it is a duplicate. */
function checkDuplicateInns(what: 'client' | 'supplier') {
  return (scope: FileScope): void => {
    if (scope.allowDuplicates) return;
    const owner = new Map<string, string>(); // INN → code, as the database will hold them after this file
    for (const [code, rec] of scope.stored) if (rec.inn !== null && rec.inn !== undefined && !scope.records.has(code)) owner.set(String(rec.inn), code);
    const inFile = new Map<string, { row: number; rec: Rec }>();
    for (const [code, item] of [...scope.records]) {
      const inn = item.rec.inn;
      if (inn === null || inn === undefined) continue;
      const other = owner.get(String(inn));
      const twin = inFile.get(String(inn));
      const hint = `(use --allow-duplicates if they really are two ${what}s)`;
      if (other !== undefined && other !== code) {
        scope.reject(code, item.row, { column: 'inn', value: inn, message: `${what} ${other} "${scope.stored.get(other)?.name ?? ''}" already has this INN ${hint}` });
      } else if (twin) {
        scope.reject(code, item.row, { column: 'inn', value: inn, message: `${what} ${twin.rec.code} at row ${twin.row} has the same INN ${hint}` });
      } else inFile.set(String(inn), item);
    }
  };
}

/** Two clients whose names normalize alike are probably one: a warning (their INNs may differ, as branches). */
function warnSameNames(scope: FileScope): void {
  const byName = new Map<string, string>();
  for (const [code, rec] of scope.stored) if (!scope.records.has(code)) byName.set(nameKey(String(rec.name)), code);
  let warned = 0;
  for (const [code, item] of scope.records) {
    const key = nameKey(String(item.rec.name));
    const other = byName.get(key);
    if (other !== undefined && other !== code && warned++ < WARNINGS_KEPT) {
      scope.warn(`row ${item.row}: client ${code} "${item.rec.name}" has the same name as client ${other} (crm clients duplicates lists such pairs)`);
    }
    byName.set(key, code);
  }
}

// ── the hooks of each entity ─────────────────────────────────────────────────

export const GROUP_HOOKS: EntityHooks = { checkFile: checkGroupTree };

export const SUPPLIER_HOOKS: EntityHooks = { checkFile: checkDuplicateInns('supplier') };

export const CLIENT_HOOKS: EntityHooks = {
  checkFile(scope) {
    checkDuplicateInns('client')(scope);
    warnSameNames(scope);
  },
};

export const PRODUCT_HOOKS: EntityHooks = {
  derive(rec) {
    rec.name_key = nameKey(String(rec.name));
  },
  checkFile: checkDuplicateNames,
};

export const SHIPMENT_HOOKS: EntityHooks = {
  needs: ['costs'],
  complete(rec, known) {
    // SPEC §3: cost of a shipment line defaults to the product's cost × qty
    if (rec.cost === null || rec.cost === undefined) rec.cost = roundHalfAway((known.costs?.get(String(rec.sku)) ?? 0) * Number(rec.qty));
  },
};

export const ORDER_HOOKS: EntityHooks = {
  complete(rec) {
    rec.status ??= rec.refusal_reason ? 'refused' : 'confirmed';
  },
  /** Issue 10: the documents decide an order's actual dates; a file that says otherwise gets a warning. */
  watch: (rec) => rec.actual_ship_date != null || rec.actual_payment_date != null,
  afterWrite(scope) {
    let warned = 0;
    for (const o of scope.lookups.ordersProgress(scope.keys)) {
      for (const field of o.disagrees) {
        const shipping = field === 'actual_ship_date';
        if (warned++ < WARNINGS_KEPT) {
          scope.warn(`order ${o.order_no}: ${field} as imported differs from its ${shipping ? 'shipments' : 'payments'} (${(shipping ? o.actualShipDate : o.actualPaymentDate) ?? 'not yet'}); reports follow the documents`);
        }
      }
    }
    if (warned > WARNINGS_KEPT) scope.warn(`… and ${warned - WARNINGS_KEPT} more orders whose actual dates differ from their documents`);
  },
};

export const RESERVATION_HOOKS: EntityHooks = {
  complete(rec, _known, report) {
    if (rec.released_date && rec.reserved_date && String(rec.released_date) < String(rec.reserved_date)) {
      report({ column: 'released_date', value: rec.released_date, message: `expected a date on or after reserved_date ${rec.reserved_date}` });
    }
  },
};
