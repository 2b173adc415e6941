// Which tables the journal keeps (SPEC §7), and which rows belong to a parent row: a
// document's lines, a plan version's cells, a plan run's outputs. Those are written, deleted
// and restored with their parent and travel inside its images; they are never journaled on
// their own. Derived data (the sales summaries) is never journaled: it is recomputed.
import type { Sqlite } from './sqlite.js';

export interface Child {
  table: string;
  /** The column pointing at the parent's id. */
  fk: string;
}

/** Every journaled table, with the tables whose rows belong to its rows. */
export const JOURNALED: Record<string, Child[]> = {
  managers: [],
  product_groups: [],
  suppliers: [],
  products: [],
  clients: [],
  refusal_reasons: [],
  sales_orders: [{ table: 'sales_order_lines', fk: 'order_id' }],
  shipments: [{ table: 'shipment_lines', fk: 'shipment_id' }],
  client_payments: [],
  purchase_orders: [{ table: 'purchase_order_lines', fk: 'po_id' }],
  receipts: [{ table: 'receipt_lines', fk: 'receipt_id' }],
  supplier_payments: [],
  stock_counts: [],
  reservations: [],
  plan_versions: [
    { table: 'plan_sales', fk: 'version_id' },
    { table: 'plan_managers', fk: 'version_id' },
    { table: 'plan_min_stock', fk: 'version_id' },
  ],
  plan_runs: [
    { table: 'plan_run_supplier_payments', fk: 'run_id' },
    { table: 'plan_run_cash_in', fk: 'run_id' },
    { table: 'plan_run_order_cash', fk: 'run_id' },
    { table: 'plan_run_skus', fk: 'run_id' },
  ],
  settings: [],
  // SPEC §9 CRM operations (each imported on its own, so each journaled on its own)
  interactions: [],
  sales_stages: [],
  deals: [],
  deal_stage_events: [],
  claim_causes: [],
  claims: [],
  negotiation_templates: [],
  negotiations: [],
  negotiation_items: [],
  // SPEC §9 the money side of a deal (issue 14)
  prices: [],
  deliveries: [],
  commission_rules: [],
  commission_payments: [],
};

/**
 * Rows of another journaled table that go when their parent is deleted (`crm delete deals`
 * takes the deal's stage changes along): each journaled as a delete of its own, so the undo of
 * the delete puts them all back.
 */
export const DEPENDENTS: Record<string, Child[]> = {
  deals: [{ table: 'deal_stage_events', fk: 'deal_id' }],
  negotiations: [{ table: 'negotiation_items', fk: 'negotiation_id' }],
};

/** Tables whose writes move shipments between the buckets of the sales summaries. */
export const SUMMARY_TABLES = new Set(['shipments', 'sales_orders', 'products']);

const columnCache = new WeakMap<Sqlite, Map<string, string[]>>();

/** The columns of a table in their order (from SQLite itself: the schema may be newer than a journal entry). */
export function columnsOf(sqlite: Sqlite, table: string): string[] {
  let cache = columnCache.get(sqlite);
  if (!cache) columnCache.set(sqlite, (cache = new Map()));
  let columns = cache.get(table);
  if (!columns) {
    columns = (sqlite.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as { name: string }[]).map((c) => c.name);
    if (columns.length === 0) throw new Error(`no table ${table}`);
    cache.set(table, columns);
  }
  return columns;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** SQL for the JSON image of a row of `table` aliased `alias`: {row, children?}. */
export function imageSql(sqlite: Sqlite, table: string, alias: string, withChildren: boolean): string {
  const object = (t: string, a: string) => `json_object(${columnsOf(sqlite, t).map((c) => `'${c}', ${a}.${quoteIdent(c)}`).join(', ')})`;
  const children = JOURNALED[table] ?? [];
  if (!withChildren || children.length === 0) return `json_object('row', ${object(table, alias)})`;
  const parts = children.map(
    (c) => `'${c.table}', (SELECT json_group_array(${object(c.table, 'c')}) FROM ${quoteIdent(c.table)} c WHERE c.${quoteIdent(c.fk)} = ${alias}.id)`,
  );
  return `json_object('row', ${object(table, alias)}, 'children', json_object(${parts.join(', ')}))`;
}

export interface Reference {
  table: string;
  column: string;
  /** A row of `table` belongs to a row of this parent table (a document's line): its writer is the parent's. */
  owner?: { table: string; fk: string };
}

/** The tables (and columns) with a foreign key to `table` — the rows that belong to it excepted. */
export function referencing(sqlite: Sqlite, table: string): Reference[] {
  const owned = new Set((JOURNALED[table] ?? []).map((c) => c.table));
  const ownerOf = new Map<string, { table: string; fk: string }>();
  for (const [parent, children] of Object.entries(JOURNALED)) for (const c of children) ownerOf.set(c.table, { table: parent, fk: c.fk });
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('journal', 'journal_ranges', 'operations') ORDER BY name").pluck().all() as string[];
  const out: Reference[] = [];
  // in one order on both backends (SQLite lists tables as created, PostgreSQL as it finds them):
  // by table name, then column, so a refusal names the same referrers in the same order
  for (const t of tables) {
    if (owned.has(t)) continue;
    const fks = (sqlite.prepare(`PRAGMA foreign_key_list(${quoteIdent(t)})`).all() as { table: string; from: string }[]).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    for (const fk of fks) {
      if (fk.table === table) out.push({ table: t, column: fk.from, owner: ownerOf.get(t) });
    }
  }
  return out;
}


/** The natural key column of each journaled table, for messages. */
const KEY_COLUMNS: Record<string, string | string[]> = {
  managers: 'code', product_groups: 'code', suppliers: 'code', products: 'sku', clients: 'code', refusal_reasons: 'code',
  sales_orders: 'order_no', shipments: 'shipment_no', client_payments: 'payment_no', purchase_orders: 'po_no', receipts: 'receipt_no',
  supplier_payments: 'payment_no', settings: 'key', plan_versions: ['kind', 'number'],
  interactions: 'interaction_no', deals: 'deal_no', claim_causes: 'code', claims: 'claim_no', negotiations: 'negotiation_no',
  deliveries: 'delivery_no', commission_payments: 'payment_no',
};

/** The column that names a row of `table` uniquely (`code`, `sku`, a document number), if it has one. */
export function keyColumnsOf(table: string): string[] {
  const key = KEY_COLUMNS[table];
  return key === undefined ? [] : Array.isArray(key) ? key : [key];
}

/** A row as people name it: `C001` (its code, from the row or the table), else `#12`. */
export function rowLabel(sqlite: Sqlite | undefined, table: string, row: Record<string, unknown> | null, id: number): string {
  const columns = keyColumnsOf(table);
  if (columns.length === 0) return `#${id}`;
  const values = row && columns.every((c) => row[c] !== undefined) ? columns.map((c) => row[c]) : sqlite
    ? (sqlite.prepare(`SELECT ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} WHERE id = ?`).raw().get(id) as unknown[] | undefined)
    : undefined;
  if (values === undefined) return `#${id}`;
  // a plan version as people name it: "sales v2"
  return table === 'plan_versions' ? `${values[0]} v${values[1]}` : values.map(String).join(' ');
}
