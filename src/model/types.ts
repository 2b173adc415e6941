// The data model shared by the database layer, the readers and writers, and the import:
// canonical values, column specs, entity specs and how they map onto tables (SPEC §2, §3).
// Types only: nothing here reads or writes.

/** Canonical value of a field: money in kopecks, booleans as 1/0, dates ISO text. */
export type Value = string | number | null;
export type Rec = Record<string, Value>;

export type ColumnType = 'text' | 'money' | 'number' | 'int' | 'percent' | 'date' | 'month' | 'bool';

/** Reference targets: the natural key of another entity. */
export type RefName = 'managers' | 'groups' | 'suppliers' | 'products' | 'clients' | 'reasons' | 'orders' | 'purchases';

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
  /** Refuse one record of the file with a problem at its row. */
  reject(key: string, row: number, issue: CellIssue): void;
  warn(message: string): void;
}

/** The written documents of a file, for rules that compare them with what they imply. */
export interface WrittenScope {
  /** Keys of the documents this rule's `watch` picked, in file order. */
  keys: string[];
  lookups: RuleLookups;
  warn(message: string): void;
}

export interface EntityHooks {
  /** Data the per-record rules need loaded first. */
  needs?: readonly 'costs'[];
  /** Computed fields (a product's normalized name): after parsing, and again after absent columns are filled. */
  derive?(rec: Rec): void;
  /** Defaults and checks across the cells of one record. */
  complete?(rec: Rec, known: RowKnowledge, report: (issue: CellIssue) => void): void;
  /** Rules over a whole master file against the database. */
  checkFile?(scope: FileScope): void;
  /** Documents a rule wants to look at again after they are written. */
  watch?(rec: Rec): boolean;
  afterWrite?(scope: WrittenScope): void;
}

