// The data model shared by the database layer, the readers and writers, and the import:
// canonical values, column specs, entity specs and how they map onto tables (SPEC §2, §3).
// Types only: nothing here reads or writes.

/** Canonical value of a field: money in kopecks, booleans as 1/0, dates ISO text. */
export type Value = string | number | null;
export type Rec = Record<string, Value>;

export type ColumnType = 'text' | 'money' | 'number' | 'int' | 'percent' | 'date' | 'month' | 'bool' | 'datetime';

/** Reference targets: the natural key of another entity. */
export type RefName =
  | 'managers' | 'groups' | 'suppliers' | 'products' | 'clients' | 'reasons' | 'orders' | 'purchases'
  // SPEC §9: a stage code is unique within its channel only (entity rules resolve it there)
  | 'shipments' | 'causes' | 'deals' | 'stages' | 'negotiations';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  required?: boolean;
  aliases?: string[];
  ref?: RefName;
  /** Smallest allowed value; `exclusive` makes it "greater than". */
  min?: number;
  exclusive?: boolean;
  max?: number;
  /** Allowed values (after lower-casing), mapped to the stored value. */
  choices?: Record<string, string>;
  /** Value stored when the cell is empty or the column is absent. */
  default?: Value;
  /** One line for the template's explanation sheet. */
  help: string;
}

export type EntityKind = 'master' | 'document' | 'single' | 'plan';

/** A canonical field stored in a table column, directly or as a reference id. */
export interface FieldMap {
  column: string;
  ref?: RefName;
  /**
   * Read back (export, comparison) but never written from this field: another field writes
   * the column (a deal event's `stage` code is read through its `stage_id`, which the
   * entity's rules resolve within the deal's channel).
   */
  readOnly?: true;
}

export interface TableMap {
  table: string;
  fields: Record<string, FieldMap>;
}

export interface EntitySpec {
  name: string;
  title: string;
  kind: EntityKind;
  columns: ColumnSpec[];
  /** Canonical fields that form the natural key (documents: the document number). */
  key: string[];
  /** master/single: the table; document: the header table. */
  table: TableMap;
  /** document: the lines table and its column pointing at the header. */
  lines?: TableMap & { parent: string };
  /** The header's `document_total` column: how to total one line (kept equal to Σ lines). */
  lineTotal?: (line: Record<string, unknown>) => number;
  /**
   * plan kind stored by the plan tables. `moneyValue`: the value of this cell is money
   * (kopecks in the database, roubles in files) though the column is a plain number — a
   * manager plan mixes money indicators and counts in one column.
   */
  plan?: { kind: 'sales' | 'managers' | 'min_stock'; table: string; cellKey: string[]; valueField: string; moneyValue?: (rec: Record<string, unknown>) => boolean };
  /** The entity's own rules (src/model/entityRules.ts): whoever writes it calls these, never branches on its name. */
  hooks?: EntityHooks;
}

// ── entity rules ─────────────────────────────────────────────────────────────

/** A problem of one cell, as a rule reports it (the caller adds the file, sheet and row). */
export interface CellIssue {
  column: string;
  value: Value | undefined;
  message: string;
}

/** What a rule of one record may know about the database (loaded once, inside the write lock). */
export interface RowKnowledge {
  /** Product cost by SKU, when the entity's hooks ask for it (`needs`). */
  costs?: Map<string, number>;
  /** What the CRM entities' rules need of the database (SPEC §9), the parts their hooks ask for. */
  crm?: CrmKnowledge;
  /** Today (`--as-of`), for rules that refuse a date in the future. */
  today?: string;
}

/** The parts of CrmKnowledge an entity's rules may ask for (`needs`). */
export type CrmNeed = 'stages' | 'deals' | 'shipments' | 'shipmentLines' | 'claims' | 'deliveries' | 'orders' | 'templates' | 'negotiations';

/** A stage of a channel's funnel. */
export interface StageInfo {
  id: number;
  channel: string;
  stage: string;
  /** Open stages: their order in the channel; won and lost stages may have none. */
  position: number | null;
  outcome: 'open' | 'won' | 'lost';
}

/** Plain data (it travels to the parsing worker): maps and arrays only. */
export interface CrmKnowledge {
  stages?: StageInfo[];
  /** deal_no → its channel, date and the date of its first stage event (null: none). */
  deals?: Map<string, { channel: string; date: string; firstEvent: string | null }>;
  /** shipment_no → its client's code and its date. */
  shipments?: Map<string, { client: string; date: string }>;
  /** shipment_no → SKU → the quantity it shipped. */
  shipmentLines?: Map<string, Map<string, number>>;
  /** shipment_no → the claims made against it (what a re-imported shipment must still agree with). */
  claims?: Map<string, { claim: string; date: string; client: string; sku: string | null; qty: number | null }[]>;
  /** shipment_no → its deliveries (a re-imported shipment may not move after one: a delivery carries a shipment that has left). */
  deliveries?: Map<string, { delivery: string; date: string }[]>;
  /** order_no → its client's code. */
  orders?: Map<string, string>;
  /** template_code → its checklist items. */
  templates?: Map<string, string[]>;
  /** negotiation_no → its template and how many checklist items it has recorded. */
  negotiations?: Map<string, { template: string; items: number }>;
}

/** One record of a file, with the row it came from. */
export interface FileRecord {
  row: number;
  rec: Rec;
}

/** The database's answers rules over a whole file need (an import session gives them). */
export interface RuleLookups {
  /** code → parent code of every stored group. */
  groupParents(): Map<string, string | null>;
  /** normalized name → the first product (by SKU) of that name. */
  productNameKeys(): Map<string, { sku: string; name: string }>;
  /** Orders with the actual dates their documents give and the fields their own row disagrees on. */
  ordersProgress(orderNos: string[]): { order_no: string; disagrees: string[]; actualShipDate: string | null; actualPaymentDate: string | null }[];
  /** The parts of the CRM knowledge asked for. */
  crmKnowledge(needs: readonly CrmNeed[]): CrmKnowledge;
  /** The code of an order's client (undefined: no such order). */
  orderClient(orderNo: string): string | undefined;
  /** The deals and shipments that name an order and are not of `client`. */
  orderReferrers(orderNo: string, client: string): { what: 'deal' | 'shipment'; no: string; client: string }[];
}

/** What a rule over one document knows besides its lines. */
export interface DocumentScope {
  /** A document of this number is stored (the file's lines replace its lines). */
  stored: boolean;
  lookups: RuleLookups;
}

/** A master file as a whole, for the rules that look across records (cycles, duplicates). */
export interface FileScope {
  /** The file's records by key, with absent columns filled from the database. */
  records: Map<string, FileRecord>;
  /** The stored records by key. */
  stored: Map<string, Rec>;
  lookups: RuleLookups;
  /** `--allow-duplicates`: duplicate names and INNs are the user's decision. */
  allowDuplicates: boolean;
  /** An undo's recheck: `records` hold every record of their groups as the undo leaves them, `stored` is what was before it. */
  storedIsBefore?: boolean;
  /** Refuse one record of the file with a problem at its row. */
  reject(key: string, row: number, issue: CellIssue): void;
  warn(message: string): void;
}

/** The written documents of a file, for rules that compare them with what they imply. */
export interface WrittenScope {
  /** Keys of the documents this rule's `watch` picked, in file order. */
  keys: string[];
  lookups: RuleLookups;
  /** Today for the rules (as RowKnowledge.today). */
  today: string;
  warn(message: string): void;
}

export interface EntityHooks {
  /** Data the per-record rules need loaded first. */
  needs?: readonly ('costs' | CrmNeed)[];
  /** Computed fields (a product's normalized name): after parsing, and again after absent columns are filled. */
  derive?(rec: Rec): void;
  /** Defaults and checks across the cells of one record. */
  complete?(rec: Rec, known: RowKnowledge, report: (issue: CellIssue) => void): void;
  /**
   * Rules over one whole document as it will be written (its lines replace the stored ones; the
   * columns the file lacks hold the stored values): a problem names the line's row or, with none, the first.
   */
  checkDocument?(lines: readonly Rec[], known: RowKnowledge, report: (issue: CellIssue, line?: number) => void, scope: DocumentScope): void;
  /** Rules over a whole master file against the database. */
  checkFile?(scope: FileScope): void;
  /** Documents a rule wants to look at again after they are written (`today` as RowKnowledge.today). */
  watch?(rec: Rec, today: string): boolean;
  afterWrite?(scope: WrittenScope): void;
}

