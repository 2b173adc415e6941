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
}

