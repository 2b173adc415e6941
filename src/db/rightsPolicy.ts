// Users and rights (SPEC §8): the ONE definition of what each role may do — per role, which
// tables it reads and writes, which columns it may not read, and which rows it sees. It is
// data; src/db/rights.ts compiles it to GRANTs and row-level security policies on a
// PostgreSQL server, and `crm users explain` reads it to say by which rule a user may read or
// change a record. SQLite has no users: the file is one person's.

export const ROLES = ['admin', 'analyst', 'manager', 'warehouse'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A row rule: which rows of a table a role sees and changes. `sql` is a condition on the
 * table's row where `:manager` stands for the user's manager id and `:login` for the user's
 * login; the compiler puts in the server's `current_user` for the policy, explain the values.
 */
export interface RowRule {
  name: string;
  /** What it means, for `crm users explain` and the docs. */
  says: string;
  sql: string;
}

export interface TableRights {
  read: boolean;
  write: boolean;
  /** Columns the role may not read (column GRANTs): money it does not see. */
  hidden?: string[];
  rows?: RowRule;
}

const OWN_CLIENTS = `SELECT c.id FROM clients c WHERE c.manager_id = :manager`;

const ownClient: RowRule = { name: 'own clients', says: "the client's manager is the user's manager", sql: 'manager_id = :manager' };
const ofOwnClient: RowRule = { name: 'of own clients', says: "the record's client is one of the user's manager's clients", sql: `client_id IN (${OWN_CLIENTS})` };
const ofOwnOrder: RowRule = {
  name: 'of own orders',
  says: "the record's order belongs to one of the user's manager's clients",
  sql: `order_id IN (SELECT o.id FROM sales_orders o WHERE o.client_id IN (${OWN_CLIENTS}))`,
};
const ofOwnShipment: RowRule = {
  name: 'of own shipments',
  says: "the record's shipment went to one of the user's manager's clients",
  sql: `shipment_id IN (SELECT s.id FROM shipments s WHERE s.client_id IN (${OWN_CLIENTS}))`,
};
const ofOwnDeal: RowRule = {
  name: 'of own deals',
  says: "the record's deal is with one of the user's manager's clients",
  sql: `deal_id IN (SELECT d.id FROM deals d WHERE d.client_id IN (${OWN_CLIENTS}))`,
};
const ofOwnNegotiation: RowRule = {
  name: 'of own negotiations',
  says: "the record's negotiation is with one of the user's manager's clients",
  sql: `negotiation_id IN (SELECT n.id FROM negotiations n WHERE n.client_id IN (${OWN_CLIENTS}))`,
};
const ownManager: RowRule = { name: 'own manager', says: "the record's manager is the user's manager", sql: 'manager_id = :manager' };
const ownOperation: RowRule = { name: 'own operations', says: 'the operation was made by the user', sql: '"user" = :login' };
const ofOwnOperation: RowRule = { name: 'of own operations', says: 'the journal entry belongs to an operation the user made', sql: 'op_id IN (SELECT p.id FROM operations p WHERE p."user" = :login)' };

/** What every crm table is, so a role's rights read as a sentence. */
const CLIENT_RECORDS: Record<string, RowRule> = {
  clients: ownClient,
  sales_orders: ofOwnClient,
  sales_order_lines: ofOwnOrder,
  reservations: ofOwnOrder,
  shipments: ofOwnClient,
  shipment_lines: ofOwnShipment,
  deliveries: ofOwnShipment,
  client_payments: ofOwnClient,
  interactions: ofOwnClient,
  deals: ofOwnClient,
  deal_stage_events: ofOwnDeal,
  // derived from the stage changes (src/db/stageMoves.ts): each writer of a deal's changes keeps its rows
  deal_stage_moves: ofOwnDeal,
  negotiations: ofOwnClient,
  negotiation_items: ofOwnNegotiation,
  claims: ofOwnClient,
};

/** Reference data everyone reads and only the admin writes. */
const REFERENCE = ['managers', 'product_groups', 'products', 'prices', 'suppliers', 'refusal_reasons', 'claim_causes', 'sales_stages', 'negotiation_templates', 'settings'];
const PURCHASING = ['purchase_orders', 'purchase_order_lines', 'receipts', 'receipt_lines', 'supplier_payments', 'stock_counts'];
const PLANS = ['plan_versions', 'plan_sales', 'plan_min_stock', 'plan_managers', 'plan_runs', 'plan_run_skus', 'plan_run_cash_in', 'plan_run_order_cash', 'plan_run_supplier_payments'];
/** The money columns of clients and plans (the warehouse reads none of them). */
const MONEY: Record<string, string[]> = {
  clients: ['discount_pct', 'deferral_days', 'credit_limit', 'purchase_potential'],
  plan_sales: ['amount'],
  plan_managers: ['value'],
  plan_run_cash_in: ['amount'],
  plan_run_order_cash: ['amount'],
  plan_run_supplier_payments: ['amount'],
};
/** Every write is an operation with its journal: each role writes its own. */
const SYSTEM = ['operations', 'journal', 'journal_ranges'];
const SYSTEM_ROWS: Record<string, RowRule> = { operations: ownOperation, journal: ofOwnOperation, journal_ranges: ofOwnOperation };
/** Derived data: kept by the writes through crm's functions (rights.ts), read under the same rules as the shipments. */
const SUMMARIES = ['sales_summary', 'sales_summary_client', 'sales_summary_client_group'];
/** Per-SKU monthly facts (issue 16): no client in them; every writer of shipments keeps them directly. */
const FACTS = ['product_month_sales'];

export interface RolePolicy {
  says: string;
  tables: Record<string, TableRights>;
  /** May create and change users (CREATEROLE) and force frozen plan months. */
  admin: boolean;
}

function role(says: string, admin: boolean, entries: [string[], TableRights | ((table: string) => TableRights)][]): RolePolicy {
  const tables: Record<string, TableRights> = {};
  for (const [names, rights] of entries) for (const t of names) tables[t] = typeof rights === 'function' ? rights(t) : rights;
  return { says, tables, admin };
}

const ALL = [...Object.keys(CLIENT_RECORDS), ...REFERENCE, ...PURCHASING, ...PLANS, ...SYSTEM, ...SUMMARIES, ...FACTS, 'commission_rules', 'commission_payments'];
const READ = { read: true, write: false };
const WRITE = { read: true, write: true };

export const POLICY: Record<Role, RolePolicy> = {
  admin: role('everything, including users and --force on frozen plan months', true, [[ALL, WRITE]]),
  analyst: role('reads everything, writes plans', false, [
    [ALL, READ],
    [PLANS, WRITE],
    [SYSTEM, WRITE],
  ]),
  manager: role("sees and changes only the manager's own clients and what hangs off them", false, [
    [Object.keys(CLIENT_RECORDS), (t) => ({ read: true, write: true, rows: CLIENT_RECORDS[t] })],
    [REFERENCE, READ],
    [['purchase_orders', 'purchase_order_lines', 'receipts', 'receipt_lines', 'stock_counts'], READ],
    [['plan_versions', 'plan_sales', 'plan_min_stock'], READ],
    [['plan_managers', 'commission_rules', 'commission_payments'], { read: true, write: false, rows: ownManager }],
    // the group summary holds every client's sales: a manager's reports scan the shipments instead
    [['sales_summary_client', 'sales_summary_client_group'], { read: true, write: false, rows: ofOwnClient }],
    [FACTS, WRITE],
    [SYSTEM, (t) => ({ read: true, write: true, rows: SYSTEM_ROWS[t] })],
  ]),
  warehouse: role('writes shipments, receipts, stock counts and reservations; reads the rest but no money of clients or plans', false, [
    [ALL, (t) => ({ read: true, write: false, hidden: MONEY[t] })],
    [['shipments', 'shipment_lines', 'deliveries', 'receipts', 'receipt_lines', 'stock_counts', 'reservations'], WRITE],
    [SUMMARIES, READ],
    [FACTS, WRITE],
    [SYSTEM, (t) => ({ read: true, write: true, rows: SYSTEM_ROWS[t] })],
  ]),
};

/** The tables of crm's data a role has no entry for: no rights at all. */
export function rightsOn(r: Role, table: string): TableRights {
  return POLICY[r].tables[table] ?? { read: false, write: false };
}

/** Entity names users type (`crm users explain ivanov orders O-1`) → tables. */
export const ENTITY_TABLES: Record<string, string> = {
  orders: 'sales_orders',
  payments: 'client_payments',
  groups: 'product_groups',
  reasons: 'refusal_reasons',
  purchases: 'purchase_orders',
  'supplier-payments': 'supplier_payments',
  stock: 'stock_counts',
};
