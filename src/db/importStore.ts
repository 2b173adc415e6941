// Set-based reads and prepared-statement writes behind `crm import` (and, later, export).
// SQL is generated from the entity table maps of src/import/entities.ts, so every entity
// is read and written the same way. Bulk writes use prepared better-sqlite3 statements
// inside the caller's one transaction (DEVELOPERS.md: ~10× drizzle's batched insert).
import { createHash, type Hash } from 'node:crypto';
import type { SqliteStatement as Statement } from './sqlite.js';
import type { Rec, RefName, Value } from '../model/types.js';
import { REFS, type EntitySpec, type TableMap } from '../model/entities.js';
import type { Journal } from './journal.js';
import type { Sqlite } from './sqlite.js';

export const KEY_SEPARATOR = '\u0001';

export function recordKey(spec: EntitySpec, rec: Rec): string {
  return spec.key.length === 1 ? String(rec[spec.key[0]!]) : spec.key.map((k) => rec[k]).join(KEY_SEPARATOR);
}

/** The canonical text of one row: the values of every column in spec order (`omit`: columns a file lacks). */
export function rowSignature(spec: EntitySpec, rec: Rec, omit?: ReadonlySet<string>): string {
  const columns = omit && omit.size > 0 ? spec.columns.filter((c) => !omit.has(c.name)) : spec.columns;
  return JSON.stringify(columns.map((c) => rec[c.name] ?? null));
}

/** A document's content hash, folding its rows' signatures in order. */
export class DocHash {
  private hash: Hash | undefined;
  add(signature: string): void {
    this.hash ??= createHash('sha1');
    this.hash.update(signature);
    this.hash.update('\n');
  }
  /** 48 bits of the SHA-1: a number, so a million stored documents cost little memory. */
  digest(): number {
    return (this.hash ?? createHash('sha1')).digest().readUIntBE(0, 6);
  }
}

/** A 53-bit fingerprint of a short text (two multiplicative 32-bit hashes mixed), for equality checks. */
export function fingerprint(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export type RefMaps = Map<RefName, Map<string, number>>;

export function loadRefMaps(sqlite: Sqlite, refs: Iterable<RefName>): RefMaps {
  const maps: RefMaps = new Map();
  for (const name of new Set(refs)) {
    const { table, code } = REFS[name];
    const rows = sqlite.prepare(`SELECT ${code} AS code, id FROM ${table}`).raw().all() as [string, number][];
    maps.set(name, new Map(rows));
  }
  return maps;
}

export function refsOf(spec: EntitySpec): RefName[] {
  return spec.columns.flatMap((c) => (c.ref ? [c.ref] : []));
}

/** SELECT of every entity row in its canonical form (codes instead of ids), by key. */
export function canonicalSelect(spec: EntitySpec, omit: ReadonlySet<string> = new Set()): string {
  const joins: string[] = [];
  const select: string[] = [];
  const fieldSql = (map: TableMap, alias: string, field: string): string | undefined => {
    const f = map.fields[field];
    if (!f) return undefined;
    if (!f.ref) return `${alias}.${f.column}`;
    const r = REFS[f.ref];
    const refAlias = `r${joins.length}`;
    joins.push(`LEFT JOIN ${r.table} ${refAlias} ON ${refAlias}.id = ${alias}.${f.column}`);
    return `${refAlias}.${r.code}`;
  };
  for (const c of spec.columns) {
    if (omit.has(c.name)) continue;
    const expr = fieldSql(spec.table, 'h', c.name) ?? (spec.lines ? fieldSql(spec.lines, 'l', c.name) : undefined);
    if (!expr) throw new Error(`${spec.name}.${c.name} is not mapped to a table column`);
    select.push(`${expr} AS "${c.name}"`);
  }
  const keyOrder = spec.key.map((k) => `"${k}"`).join(', ');
  if (spec.lines) {
    return `SELECT ${select.join(', ')} FROM ${spec.lines.table} l JOIN ${spec.table.table} h ON h.id = l.${spec.lines.parent} ${joins.join(' ')} ORDER BY ${keyOrder}, l.id`;
  }
  return `SELECT ${select.join(', ')} FROM ${spec.table.table} h ${joins.join(' ')} ORDER BY ${keyOrder}`;
}

/** Every stored row of an entity, canonical, in key order (documents: line order). */
export function* iterateCanonical(sqlite: Sqlite, spec: EntitySpec): Generator<Rec> {
  yield* sqlite.prepare(canonicalSelect(spec)).iterate() as Iterable<Rec>;
}

/** master entities: the stored records by key (small tables). */
export function existingRecords(sqlite: Sqlite, spec: EntitySpec): Map<string, Rec> {
  const out = new Map<string, Rec>();
  for (const rec of iterateCanonical(sqlite, spec)) out.set(recordKey(spec, rec), rec);
  return out;
}

/**
 * document/single entities: the content hash of each stored document by key, over the
 * columns a file has (`omit`: the ones it lacks, which a re-import keeps as stored).
 */
export function existingHashes(sqlite: Sqlite, spec: EntitySpec, omit: ReadonlySet<string> = new Set()): Map<string, number> {
  const out = new Map<string, number>();
  let key: string | undefined;
  let hash: DocHash | undefined;
  for (const rec of sqlite.prepare(canonicalSelect(spec, omit)).iterate() as Iterable<Rec>) {
    const k = recordKey(spec, rec);
    if (k !== key) {
      if (key !== undefined) out.set(key, hash!.digest());
      key = k;
      hash = new DocHash();
    }
    hash!.add(rowSignature(spec, rec, omit));
  }
  if (key !== undefined) out.set(key, hash!.digest());
  return out;
}

/**
 * The stored header fields `fields` of one record (a document's header), canonical (codes,
 * not ids), found by the values of its key fields; undefined when none is stored.
 */
export function storedHeaderStatement(sqlite: Sqlite, spec: EntitySpec, fields: readonly string[]): (key: Value[]) => Rec | undefined {
  const map = spec.table;
  const code = (field: string): string => {
    const f = map.fields[field]!;
    return f.ref ? `(SELECT ${REFS[f.ref].code} FROM ${REFS[f.ref].table} WHERE id = h.${f.column})` : `h.${f.column}`;
  };
  const select = fields.map((field) => `${code(field)} AS "${field}"`).join(', ');
  const statements = new Map<string, Statement>();
  return (key) => {
    // a key part may be empty: `IS NULL` finds it, `= NULL` never would
    const pattern = key.map((k) => (k === null ? '0' : '1')).join('');
    let statement = statements.get(pattern);
    if (!statement) {
      const where = spec.key
        .map((k, i) => {
          const f = map.fields[k]!;
          if (key[i] === null) return `h.${f.column} IS NULL`;
          // by the referenced id, so the key's index finds the row
          return f.ref ? `h.${f.column} = (SELECT id FROM ${REFS[f.ref].table} WHERE ${REFS[f.ref].code} = ?)` : `h.${f.column} = ?`;
        })
        .join(' AND ');
      statements.set(pattern, (statement = sqlite.prepare(`SELECT ${select} FROM ${map.table} h WHERE ${where}`)));
    }
    return statement.get(...key.filter((k) => k !== null)) as Rec | undefined;
  };
}

export interface EntityWriter {
  /** Upsert one record (master/single) or one document with its lines (`isNew`: no old lines to drop); returns its id. */
  write(header: Rec, lines?: Rec[], isNew?: boolean): number;
  /** Self references (a group's parent later in the same file) resolved at the end. */
  finish(): void;
}

/** The writer of an import: every record it writes is journaled and the sales summaries follow. */
export interface ApplyWriter {
  /** One document with its lines, or one single record; `isNew`: its key is known not to be stored. */
  write(header: Rec, lines?: Rec[], isNew?: boolean): void;
  /** Changed master records, with what is stored under their keys (undefined: new), as one batch. */
  writeMaster(changes: { rec: Rec; before: Rec | undefined }[]): void;
  /** Self references resolved, pending summary changes written. */
  finish(): void;
}

/** A table map's writable columns, and a record's values for them (references resolved to ids). */
export function resolver(map: TableMap, refMaps: RefMaps, deferred: { field: string; code: string; key: Value }[], keyField: string) {
  // a read-only field is read back through the column another field writes
  const entries = Object.entries(map.fields).filter(([, f]) => !f.readOnly);
  const columns = entries.map(([, f]) => f.column);
  const values = (rec: Rec): Value[] =>
    entries.map(([field, f]) => {
      const value = rec[field] ?? null;
      if (!f.ref || value === null) return value;
      const id = refMaps.get(f.ref)?.get(String(value));
      if (id === undefined) {
        // only a self reference can be unknown here (validated before): fill in at finish()
        deferred.push({ field, code: String(value), key: rec[keyField] ?? null });
        return null;
      }
      return id;
    });
  return { columns, values };
}

/**
 * Writes one entity's records (a document with its lines) into its tables. With a journal
 * (every write of an operation) each row it inserts, updates or replaces is journaled; without
 * one it writes rows that belong to a journaled parent (a plan version's cells).
 */
export function entityWriter(sqlite: Sqlite, spec: EntitySpec, refMaps: RefMaps, journal?: Journal, lockRow?: (id: number, rec: Rec) => void): EntityWriter {
  const deferred: { field: string; code: string; key: Value }[] = [];
  const header = resolver(spec.table, refMaps, deferred, spec.key[0]!);
  const table = spec.table.table;
  const keyColumns = spec.key.map((k) => spec.table.fields[k]!.column);
  const keyIndexes = keyColumns.map((c) => header.columns.indexOf(c));
  const insert = sqlite.prepare(`INSERT INTO ${table} (${header.columns.join(', ')}) VALUES (${header.columns.map(() => '?').join(', ')})`);
  // prepared on first use: the rows of a plan version (always new) have no id of their own
  let findIdStatement: Statement | undefined;
  let updateStatement: Statement | undefined;
  // a key part may be empty (a commission rule without a group): `IS NULL` finds it, `= NULL` never would
  const findNullable = new Map<string, Statement>();
  const findId = {
    get: (...key: unknown[]) => {
      if (!key.some((k) => k === null)) {
        return (findIdStatement ??= sqlite.prepare(`SELECT id FROM ${table} WHERE ${keyColumns.map((c) => `${c} = ?`).join(' AND ')}`).pluck()).get(...key);
      }
      const pattern = key.map((k) => (k === null ? '0' : '1')).join('');
      let statement = findNullable.get(pattern);
      if (!statement) {
        const where = keyColumns.map((c, i) => (key[i] === null ? `${c} IS NULL` : `${c} = ?`)).join(' AND ');
        findNullable.set(pattern, (statement = sqlite.prepare(`SELECT id FROM ${table} WHERE ${where}`).pluck()));
      }
      return statement.get(...key.filter((k) => k !== null));
    },
  };
  const update = {
    run: (...values: unknown[]) => (updateStatement ??= sqlite.prepare(`UPDATE ${table} SET ${header.columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`)).run(...values),
  };
  // The entity itself may be referenced by later rows of the same file (groups → parent).
  const selfRef = Object.entries(REFS).find(([, r]) => r.table === table)?.[0] as RefName | undefined;
  const selfMap = selfRef ? refMaps.get(selfRef) : undefined;

  let deleteLines: Statement | undefined;
  let insertLine: Statement | undefined;
  let lineValues: ((rec: Rec) => Value[]) | undefined;
  if (spec.lines) {
    const lines = resolver(spec.lines, refMaps, deferred, spec.key[0]!);
    lineValues = lines.values;
    deleteLines = sqlite.prepare(`DELETE FROM ${spec.lines.table} WHERE ${spec.lines.parent} = ?`);
    insertLine = sqlite.prepare(
      `INSERT INTO ${spec.lines.table} (${spec.lines.parent}, ${lines.columns.join(', ')}) VALUES (?, ${lines.columns.map(() => '?').join(', ')})`,
    );
  }

  return {
    write(rec, lines, isNew = false) {
      const values = header.values(rec);
      // a key known to be new skips the look-up: a plain INSERT is the bulk path of an import
      const existing = isNew ? undefined : (findId.get(...keyIndexes.map((i) => values[i])) as number | undefined);
      let id: number;
      if (existing === undefined) {
        id = Number(insert.run(values).lastInsertRowid);
        journal?.inserted(table, id);
      } else {
        id = existing;
        lockRow?.(id, rec); // beside other writers (PostgreSQL): the row is this writer's before its image is read
        journal?.before(table, id, 'update');
        update.run(...values, id);
        if (lines && deleteLines) deleteLines.run(id); // a document is replaced as a whole
      }
      if (selfMap) selfMap.set(String(rec[spec.key[0]!]), id);
      if (lines && insertLine && lineValues) for (const line of lines) insertLine.run(id, ...lineValues(line));
      if (existing !== undefined) journal?.after(table, id);
      return id;
    },
    finish() {
      for (const d of deferred.splice(0)) {
        const f = spec.table.fields[d.field]!;
        const id = refMaps.get(f.ref!)?.get(d.code);
        if (id === undefined) throw new Error(`${spec.name}: ${d.field} "${d.code}" could not be resolved`);
        const keyColumn = spec.table.fields[spec.key[0]!]!.column;
        sqlite.prepare(`UPDATE ${table} SET ${f.column} = ? WHERE ${keyColumn} = ?`).run(id, d.key);
        const rowId = findId.get(d.key) as number | undefined;
        if (rowId !== undefined) journal?.after(table, rowId);
      }
    },
  };
}

/** The lines already stored for a document, canonical (only for documents split across a file). */
export function storedLines(sqlite: Sqlite, spec: EntitySpec, key: string): Rec[] {
  const lines = spec.lines!;
  const keyColumn = spec.table.fields[spec.key[0]!]!.column;
  const fields = Object.entries(lines.fields);
  const rows = sqlite
    .prepare(
      `SELECT ${fields.map(([, f]) => (f.ref ? `(SELECT ${REFS[f.ref].code} FROM ${REFS[f.ref].table} WHERE id = l.${f.column})` : `l.${f.column}`)).join(', ')} FROM ${lines.table} l JOIN ${spec.table.table} h ON h.id = l.${lines.parent} WHERE h.${keyColumn} = ? ORDER BY l.id`,
    )
    .raw()
    .all(key) as unknown[][];
  return rows.map((values) => Object.fromEntries(fields.map(([name], i) => [name, values[i] as Rec[string]])));
}

/** Cost of each product by SKU (shipment lines default their cost to cost × qty). */
export function productCosts(sqlite: Sqlite): Map<string, number> {
  return new Map(sqlite.prepare('SELECT sku, cost FROM products').raw().all() as [string, number][]);
}

/** Normalized product names by SKU, for the duplicate-nomenclature rule. */
export function productNameKeys(sqlite: Sqlite): Map<string, { sku: string; name: string }> {
  const out = new Map<string, { sku: string; name: string }>();
  for (const [sku, name, key] of sqlite.prepare('SELECT sku, name, name_key FROM products ORDER BY sku').raw().iterate() as Iterable<
    [string, string, string]
  >) {
    if (!out.has(key)) out.set(key, { sku, name });
  }
  return out;
}

/** Parent links of all stored groups (code → parent code), for the cycle check. */
export function groupParents(sqlite: Sqlite): Map<string, string | null> {
  const rows = sqlite
    .prepare('SELECT g.code, p.code FROM product_groups g LEFT JOIN product_groups p ON p.id = g.parent_id')
    .raw()
    .all() as [string, string | null][];
  return new Map(rows);
}
