// `crm delete ENTITY KEY…` (SPEC §7): documents by number, master data by code, as one
// operation like any other (undoable). Master data that documents or other records still
// refer to is refused (exit 3, naming them): archive it instead (`edit --active false`).
import { RefusedError, UsageError } from '../errors.js';
import type { EntitySpec } from '../model/entities.js';
import { sq, type Db } from './handle.js';
import { runOperation, type OperationMeta, type OperationResult, type RunOptions } from './operation.js';
import { SalesSummaryWriter } from './salesSummary.js';
import { DEPENDENTS, JOURNALED, quoteIdent, referencing } from './tables.js';
import { singular } from '../util/plural.js';
import { t } from '../i18n/index.js';

const SHOWN = 5;

/** Who still refers to a row: `12 shipments lines (T1, T2, …)`, by the referring record's key. */
function referencesTo(db: Db, table: string, id: number): string[] {
  const sqlite = sq(db);
  const out: string[] = [];
  const dependent = new Set((DEPENDENTS[table] ?? []).map((d) => d.table));
  for (const ref of referencing(sqlite, table)) {
    if (dependent.has(ref.table)) continue; // they go along
    const n = sqlite.prepare(`SELECT COUNT(*) FROM ${quoteIdent(ref.table)} WHERE ${quoteIdent(ref.column)} = ?`).pluck().get(id) as number;
    if (n === 0) continue;
    const shownTable = ref.owner?.table ?? ref.table;
    const keyColumn = KEY_COLUMN[shownTable];
    let keys: string[] = [];
    if (keyColumn) {
      const from = ref.owner ? `${quoteIdent(ref.owner.table)} p JOIN ${quoteIdent(ref.table)} t ON t.${quoteIdent(ref.owner.fk)} = p.id` : `${quoteIdent(ref.table)} p`;
      const where = ref.owner ? `t.${quoteIdent(ref.column)} = ?` : `p.${quoteIdent(ref.column)} = ?`;
      keys = sqlite.prepare(`SELECT DISTINCT p.${quoteIdent(keyColumn)} FROM ${from} WHERE ${where} ORDER BY 1 LIMIT ${SHOWN}`).pluck().all(id) as string[];
    }
    out.push(t('master.refRows', n, ref.table, keys, n > keys.length));
  }
  return out;
}

const KEY_COLUMN: Record<string, string> = {
  managers: 'code', product_groups: 'code', suppliers: 'code', products: 'sku', clients: 'code', refusal_reasons: 'code',
  sales_orders: 'order_no', shipments: 'shipment_no', client_payments: 'payment_no', purchase_orders: 'po_no', receipts: 'receipt_no',
  supplier_payments: 'payment_no', plan_versions: 'number', plan_runs: 'id',
  interactions: 'interaction_no', deals: 'deal_no', claim_causes: 'code', claims: 'claim_no', negotiations: 'negotiation_no',
  deliveries: 'delivery_no', commission_payments: 'payment_no',
};

/** Delete records of `spec` by their keys, in one operation; every key must exist and be free of references. */
export async function deleteRecords(
  db: Db,
  spec: EntitySpec,
  keys: string[],
  meta: Omit<OperationMeta, 'kind' | 'command' | 'entity'>,
  options: RunOptions = {},
): Promise<OperationResult<number>> {
  const table = spec.table.table;
  if (!(table in JOURNALED)) throw new UsageError(t('master.deleteNotByRecord', spec.name));
  const keyColumn = spec.table.fields[spec.key[0]!]!.column;
  return runOperation(db, { ...meta, kind: 'delete', command: `delete ${spec.name}`, entity: spec.name }, async (tx) => {
    const sqlite = sq(db);
    const ids: number[] = [];
    const missing: string[] = [];
    for (const key of keys) {
      const id = sqlite.prepare(`SELECT id FROM ${quoteIdent(table)} WHERE ${quoteIdent(keyColumn)} = ?`).pluck().get(key) as number | undefined;
      if (id === undefined) missing.push(key);
      else ids.push(id);
    }
    if (missing.length > 0) throw new UsageError(t('master.deleteMissing', spec.name, singular(spec.name), missing));
    const blocked: string[] = [];
    const blockedKeys: string[] = [];
    for (const [i, id] of ids.entries()) {
      const refs = referencesTo(db, table, id);
      if (refs.length > 0) {
        blocked.push(t('master.referredBy', keys[i]!, refs.join(', ')));
        blockedKeys.push(keys[i]!);
      }
    }
    if (blocked.length > 0) {
      const archive = spec.columns.some((c) => c.name === 'active') ? blockedKeys[0] : undefined;
      throw new RefusedError(t('master.cannotDelete', blocked.join('; '), spec.name, archive));
    }
    const summaries = new SalesSummaryWriter(sqlite);
    const shipments = table === 'shipments' ? new Set(ids) : new Set<number>();
    summaries.around(shipments, () => {
      for (const id of ids) {
        for (const d of DEPENDENTS[table] ?? []) {
          for (const child of sqlite.prepare(`SELECT id FROM ${quoteIdent(d.table)} WHERE ${quoteIdent(d.fk)} = ?`).pluck().all(id) as number[]) {
            tx.journal.before(d.table, child, 'delete');
            sqlite.prepare(`DELETE FROM ${quoteIdent(d.table)} WHERE id = ?`).run(child);
          }
        }
        tx.journal.before(table, id, 'delete');
        for (const c of JOURNALED[table] ?? []) sqlite.prepare(`DELETE FROM ${quoteIdent(c.table)} WHERE ${quoteIdent(c.fk)} = ?`).run(id);
        sqlite.prepare(`DELETE FROM ${quoteIdent(table)} WHERE id = ?`).run(id);
      }
    });
    summaries.flush();
    return { result: ids.length, keep: true };
  }, options);
}
