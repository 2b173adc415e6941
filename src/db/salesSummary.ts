// Monthly sales summaries (schema.ts `sales_summary`, `sales_summary_client`): the sales
// report reads a few thousand summary rows instead of millions of shipment lines.
//
// They are kept exact by the writes themselves, inside the writer's transaction: a write
// that can move a shipment between buckets (the shipment itself, the group of a product on
// its lines, the manager of its order) first retracts the shipment's contribution, then
// writes, then applies the new one. `orders` counts distinct orders per client, so a shipment
// adds an order to a bucket only when no other shipment of the same order, client and month
// is already in it — checked against the stored shipments at the time of the write.
// Changes are summed in memory and written once at the end (`flush`): a million-line import
// touches a few thousand summary rows.
import type { SqliteStatement as Statement } from './sqlite.js';
import type { Rec } from '../model/types.js';
import { beginWrite, isPostgres, withWriteLock, type Sqlite } from './sqlite.js';
import { upsertSumsByCopy } from './pgCopy.js';
import { summariesBySync, writesUnderRights } from './rights.js';
import { KEY_SQL, LINES_OF_SHIPMENTS, MEASURES, TABLES } from './summaryTables.js';
import { sq, type Db } from './handle.js';
import { ProductFactsWriter, compareProductFacts, rebuildProductFacts } from './productFacts.js';
import { compareStageMoves, rebuildStageMoves } from './stageMoves.js';

type Measures = [amount: number, qty: number, cost: number, lines: number, orders: number];
/** A shipment's lines of one SKU. */
type ProductMeasures = [amount: number, qty: number, cost: number, lines: number];

/** Recompute both tables and the per-SKU facts from the shipment lines (`crm db rebuild-summaries`, migrations). */
export function rebuildSalesSummaries(sqlite: Sqlite): { groupRows: number; clientRows: number; clientGroupRows: number; productMonthRows: number } {
  const productMonthRows = rebuildProductFacts(sqlite);
  const [groupRows, clientRows, clientGroupRows] = TABLES.map(({ table, key, orders }) => {
    sqlite.exec(`DELETE FROM ${table}`);
    return sqlite
      .prepare(
        `INSERT INTO ${table} (${key.join(', ')}, ${MEASURES.join(', ')})
         SELECT ${key.map((k) => KEY_SQL[k]).join(', ')}, SUM(l.amount), SUM(l.qty), SUM(l.cost), COUNT(*), COUNT(DISTINCT ${orders})
         ${LINES_OF_SHIPMENTS} GROUP BY ${key.map((_, i) => i + 1).join(', ')}`,
      )
      .run().changes;
  });
  return { groupRows: groupRows!, clientRows: clientRows!, clientGroupRows: clientGroupRows!, productMonthRows };
}

export interface RebuildResult {
  /** Rows of sales_summary (month × group), sales_summary_client (month × client × manager), sales_summary_client_group, product_month_sales (SKU × month). */
  groupRows: number;
  clientRows: number;
  clientGroupRows: number;
  productMonthRows: number;
  /** Rows of the maintained summaries that the rebuild changed, added or removed (0 when they were right). */
  differed: number;
  /** Rows of deal_stage_moves (one per stage change, src/db/stageMoves.ts), and those that differed from the changes. */
  stageMoveRows: number;
  stageMovesDiffered: number;
}

/** Rebuild both summaries and count the rows that had drifted; inside the caller's write transaction. */
export function rebuildAndCompare(sqlite: Sqlite): RebuildResult {
  // qty is REAL: sums in another order may differ in the last bits
  const canonical = (table: string, key: readonly string[]) => `SELECT ${key.join(', ')}, amount, round(qty, 6), cost, lines, orders FROM ${table}`;
  for (const { table, key } of TABLES) sqlite.exec(`DROP TABLE IF EXISTS temp.before_${table}; CREATE TEMP TABLE before_${table} AS ${canonical(table, key)}`);
  // the per-SKU facts are compared before the rebuild (the comparison reads only)
  let differed = compareProductFacts(sqlite, 0).differed;
  const stageMovesDiffered = compareStageMoves(sqlite, 0).differed;
  const stageMoveRows = rebuildStageMoves(sqlite);
  const rebuilt = rebuildSalesSummaries(sqlite);
  for (const { table, key } of TABLES) {
    const count = (a: string, b: string) => sqlite.prepare(`SELECT COUNT(*) FROM (${a} EXCEPT ${b}) differ`).pluck().get() as number;
    const before = `SELECT * FROM temp.before_${table}`;
    differed += count(before, canonical(table, key)) + count(canonical(table, key), before);
    sqlite.exec(`DROP TABLE temp.before_${table}`);
  }
  return { ...rebuilt, differed, stageMoveRows, stageMovesDiffered };
}

/** Compare the summaries with the shipment lines without changing anything: the rebuild, rolled back. */
export function checkSalesSummaries(sqlite: Sqlite): RebuildResult {
  beginWrite(sqlite);
  try {
    return rebuildAndCompare(sqlite);
  } finally {
    sqlite.exec('ROLLBACK');
  }
}

/** A summary row that differs from a full scan: its table and key, e.g. `sales_summary month 2026-03, group_id 4`. */
export interface SummaryDifference {
  table: string;
  key: Record<string, unknown>;
  /** `stored`: the summary row is wrong or should not be there; `missing`: the scan has a row the summary lacks. */
  kind: 'stored' | 'missing';
}

/**
 * Compare the summaries with a full scan of the shipment lines by reading only (`crm db
 * check` on a read-only file, or while another process writes): the rows that differ, at
 * most `sample` of them, and how many in all.
 */
export function compareSalesSummaries(sqlite: Sqlite, sample = 5): { groupRows: number; clientRows: number; clientGroupRows: number; differed: number; samples: SummaryDifference[] } {
  let differed = 0;
  const samples: SummaryDifference[] = [];
  const rows: number[] = [];
  for (const { table, key, orders } of TABLES) {
    const stored = `SELECT ${key.join(', ')}, amount, round(qty, 6), cost, lines, orders FROM ${table}`;
    const scanned = `SELECT ${key.map((k) => `${KEY_SQL[k]} AS ${k}`).join(', ')}, SUM(l.amount), round(SUM(l.qty), 6), SUM(l.cost), COUNT(*), COUNT(DISTINCT ${orders})
      ${LINES_OF_SHIPMENTS} GROUP BY ${key.map((_, i) => i + 1).join(', ')}`;
    rows.push(sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number);
    for (const [kind, a, b] of [['stored', stored, scanned], ['missing', scanned, stored]] as const) {
      const found = sqlite.prepare(`SELECT ${key.join(', ')} FROM (${a} EXCEPT ${b}) differ`).all() as Record<string, unknown>[];
      differed += found.length;
      for (const k of found.slice(0, Math.max(0, sample - samples.length))) samples.push({ table, key: k, kind });
    }
  }
  return { groupRows: rows[0]!, clientRows: rows[1]!, clientGroupRows: rows[2]!, differed, samples };
}

/**
 * Moving more shipments than `rebuildAbove` between buckets rebuilds the summaries instead (~10 µs
 * a shipment each way, ~2 µs a line to rebuild). Past `flushAbove` pending rows (~150 bytes each)
 * an import writes them before going on, so its memory does not grow with the file (issue 16).
 */
export const summaryTuning = { rebuildAbove: 200_000, flushAbove: 100_000 };

/** The fields of a master record whose change moves its shipments to other summary rows. */
const SUMMARY_INPUTS: Record<string, string[]> = { products: ['group_code'] };

/** What one shipment adds to the summaries, by product group. */
interface Contribution {
  date: string;
  month: string;
  clientId: number;
  orderId: number | null;
  managerId: number;
  byGroup: Map<number, Measures>;
  byProduct: Map<number, ProductMeasures>;
}

/** Keeps the summaries in step with writes; use only inside the writer's transaction, and flush before commit. */
export class SalesSummaryWriter {
  private readonly storedLines: Statement;
  private readonly sameOrderGroups: Statement;
  private readonly shipmentByNo: Statement;
  private readonly shipmentsByOrderNo: Statement;
  private readonly shipmentsByProduct: Statement;
  /** Retracted and not yet applied again: still stored, but no longer in the summaries. */
  private readonly retracted = new Set<number>();
  /** Pending changes of each table: month → the rest of the row's key → sums. */
  private readonly pending: Pending[] = [new Map(), new Map(), new Map()];
  private removed = false;
  /** Rows pending in the three tables. */
  private entries = 0;
  /** Codes to ids, loaded once per import of shipments (which changes none of them). */
  private ids: { productOfSku: Map<string, readonly [group: number, product: number]>; clients: Map<string, number>; orders: Map<string, number>; orderManager: Map<number, number> } | undefined;

  /** The per-SKU monthly facts, kept by the same writes (src/db/productFacts.ts). */
  private readonly facts: ProductFactsWriter;

  /** Beside other writers (PostgreSQL imports of documents): hold these orders while their shipments are counted. */
  lockOrders: ((orderIds: number[]) => [id: number, managerId: number][]) | undefined;

  constructor(private readonly sqlite: Sqlite) {
    this.facts = new ProductFactsWriter(sqlite);
    this.storedLines = sqlite
      .prepare(`SELECT s.date, s.client_id, s.order_id, COALESCE(o.manager_id, 0), p.group_id, l.amount, l.qty, l.cost, l.product_id ${LINES_OF_SHIPMENTS} WHERE s.id = ?`)
      .raw();
    // groups in which the same order already has lines for the same client and month
    this.sameOrderGroups = sqlite
      .prepare(
        `SELECT s.id, p.group_id FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id JOIN products p ON p.id = l.product_id
         WHERE s.order_id = ? AND s.client_id = ? AND s.id <> ? AND substr(s.date, 1, 7) = ?`,
      )
      .raw();
    this.shipmentByNo = sqlite.prepare('SELECT id FROM shipments WHERE shipment_no = ?').pluck();
    this.shipmentsByOrderNo = sqlite.prepare('SELECT s.id FROM shipments s JOIN sales_orders o ON o.id = s.order_id WHERE o.order_no = ?').pluck();
    this.shipmentsByProduct = sqlite.prepare('SELECT DISTINCT shipment_id FROM shipment_lines WHERE product_id = (SELECT id FROM products WHERE sku = ?)').pluck();
  }

  /** The stored shipments a write of one record of `entity` can move between buckets. */
  touchedBy(entity: string, key: string): number[] {
    if (entity === 'shipments') {
      const id = this.shipmentByNo.get(key) as number | undefined;
      return id === undefined ? [] : [id];
    }
    if (entity === 'orders') return this.shipmentsByOrderNo.all(key) as number[];
    if (entity === 'products') return this.shipmentsByProduct.all(key) as number[];
    return [];
  }

  /**
   * Write one record of `entity` (`key`: it may be stored already) keeping the summaries
   * exact: a shipment goes in from its own lines; an order's change moves its shipments.
   */
  record(entity: string, key: string | undefined, header: Rec, lines: Rec[] | undefined, write: () => number): void {
    const touched = new Set(key === undefined ? [] : this.touchedBy(entity, key));
    if (entity !== 'shipments') {
      this.around(touched, () => void write());
      return;
    }
    this.retract(touched);
    this.applyWritten(write(), header, lines ?? []);
    // between records nothing is retracted and not applied again: a flush here is exact
    if (this.entries + this.facts.size > summaryTuning.flushAbove) this.flush();
  }

  /** Write a batch of master records: those whose summary inputs change (a product's group) move their shipments. */
  batch(entity: string, changes: { key: string; rec: Rec; before: Rec | undefined }[], write: () => void): void {
    const fields = SUMMARY_INPUTS[entity] ?? [];
    const touched = new Set<number>();
    for (const { key, rec, before } of changes) {
      if (before && fields.some((f) => (before[f] ?? null) !== (rec[f] ?? null))) for (const id of this.touchedBy(entity, key)) touched.add(id);
    }
    this.around(touched, write);
  }

  /**
   * Run `write`, which changes rows the given stored shipments depend on (their order's
   * manager, their products' groups), keeping the summaries exact. Past a few hundred
   * thousand shipments (all products regrouped at once) one rebuild is faster.
   */
  around(shipmentIds: Set<number>, write: () => void): void {
    if (shipmentIds.size <= summaryTuning.rebuildAbove) {
      this.retract(shipmentIds);
      write();
      this.apply(shipmentIds);
      return;
    }
    write();
    for (const p of this.pending) p.clear();
    this.entries = 0;
    this.facts.clear();
    this.retracted.clear();
    rebuildSalesSummaries(this.sqlite);
  }

  /** Take stored shipments out of the summaries (before their rows change). */
  retract(shipmentIds: Iterable<number>): void {
    for (const id of shipmentIds) {
      if (this.retracted.has(id)) continue;
      const stored = this.stored(id);
      if (stored) this.add(id, stored, -1);
      this.retracted.add(id);
    }
  }

  /** Put stored shipments back into the summaries (after the rows they depend on changed). */
  apply(shipmentIds: Iterable<number>): void {
    for (const id of shipmentIds) {
      this.retracted.delete(id);
      const stored = this.stored(id);
      if (stored) this.add(id, stored, 1);
    }
  }

  /** Put a shipment just written into the summaries, from the import's own records (codes, kopecks). */
  applyWritten(shipmentId: number, header: Rec, lines: Rec[]): void {
    this.retracted.delete(shipmentId);
    const contribution = this.contributionOf(header, lines);
    if (lines.length > 0) this.add(shipmentId, contribution, 1);
  }

  /** A shipment's sums by group and by product, from the import's own records (codes, kopecks). */
  private contributionOf(header: Rec, lines: Rec[]): Contribution {
    this.ids ??= this.loadIds();
    const { productOfSku, clients, orders, orderManager } = this.ids;
    const orderId = header.order_no === null || header.order_no === undefined ? null : orders.get(String(header.order_no))!;
    const date = String(header.date);
    const c: Contribution = {
      date,
      month: date.slice(0, 7),
      clientId: clients.get(String(header.client_code))!,
      orderId,
      managerId: orderId === null ? 0 : orderManager.get(orderId)!,
      byGroup: new Map(),
      byProduct: new Map(),
    };
    for (const line of lines) {
      const [group, product] = productOfSku.get(String(line.sku))!;
      const [amount, qty, cost] = [Number(line.amount), Number(line.qty), Number(line.cost)];
      const g = c.byGroup.get(group);
      if (g) {
        g[0] += amount;
        g[1] += qty;
        g[2] += cost;
        g[3] += 1;
      } else c.byGroup.set(group, [amount, qty, cost, 1, 0]);
      const p = c.byProduct.get(product);
      if (p) {
        p[0] += amount;
        p[1] += qty;
        p[2] += cost;
        p[3] += 1;
      } else c.byProduct.set(product, [amount, qty, cost, 1]);
    }
    return c;
  }

  /**
   * Put new shipments into the summaries before they are written (the bulk path on
   * PostgreSQL, src/db/pgBulk.ts): the same sums as applyWritten one by one. An order counts
   * once per client and month, so a shipment adds it to a bucket only when no stored
   * shipment, nor one earlier in the batch, of the same order, client and month is there —
   * the stored ones read in one query per few hundred orders instead of one per shipment.
   */
  applyNewBatch(shipments: { id: number; header: Rec; lines: Rec[] }[]): void {
    this.ids ??= this.loadIds();
    const { orders, orderManager } = this.ids;
    const groupsOf = new Map<string, Set<number>>(); // order:client:month → groups in which it counts already
    const counted = (key: string) => {
      let groups = groupsOf.get(key);
      if (!groups) groupsOf.set(key, (groups = new Set()));
      return groups;
    };
    const orderIds = new Set<number>();
    for (const { header } of shipments) if (header.order_no !== null && header.order_no !== undefined) orderIds.add(orders.get(String(header.order_no))!);
    const ids = [...orderIds];
    for (const [id, managerId] of this.lockOrders?.(ids) ?? []) orderManager.set(id, managerId);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.sqlite
        .prepare(
          `SELECT s.id, s.order_id, s.client_id, substr(s.date, 1, 7), p.group_id FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id JOIN products p ON p.id = l.product_id
           WHERE s.order_id IN (${chunk.map(() => '?').join(', ')})`,
        )
        .raw()
        .all(...chunk) as [number, number, number, string, number][];
      for (const [id, orderId, clientId, month, group] of rows) if (!this.retracted.has(id)) counted(`${orderId}:${clientId}:${month}`).add(group);
    }
    for (const { id, header, lines } of shipments) {
      this.retracted.delete(id);
      if (lines.length === 0) continue;
      const c = this.contributionOf(header, lines);
      const orderId = c.orderId;
      if (orderId === null) {
        this.pendContribution(c, new Set(), 1);
        continue;
      }
      const groups = counted(`${orderId}:${c.clientId}:${c.month}`);
      this.pendContribution(c, new Set(groups), 1);
      for (const group of c.byGroup.keys()) groups.add(group);
    }
  }

  /** Write the pending changes; rows left without lines go. */
  flush(): void {
    const bulk = isPostgres(this.sqlite) && !writesUnderRights(this.sqlite);
    const sync = !bulk && isPostgres(this.sqlite) && summariesBySync(this.sqlite);
    TABLES.forEach(({ table, key }, i) => {
      if (sync) {
        // a user who may not add to the summaries: the rows touched are recomputed on the server (summarySyncFunctionsSql)
        const keys: (string | number)[][] = [];
        for (const [month, byRest] of this.pending[i]!) for (const rest of byRest.keys()) keys.push([month, ...restOf(i, rest)]);
        if (keys.length > 0) this.sqlite.prepare(`SELECT crm_sync_${table}(?)`).get(JSON.stringify(keys));
        this.pending[i]!.clear();
        return;
      }
      if (bulk) {
        // PostgreSQL: the same sums set-based, one COPY and one upsert (a round trip per row costs ~0.5 ms there)
        const rows: (string | number)[][] = [];
        for (const [month, byRest] of this.pending[i]!) {
          for (const [rest, sums] of byRest) rows.push([month, ...restOf(i, rest), ...sums]);
        }
        upsertSumsByCopy(this.sqlite, table, key, MEASURES, rows);
        this.pending[i]!.clear();
        if (this.removed) this.sqlite.exec(`DELETE FROM ${table} WHERE lines = 0`);
        return;
      }
      const columns = [...key, ...MEASURES];
      const upsert = this.sqlite.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
         ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${MEASURES.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(', ')}`,
      );
      for (const [month, rows] of this.pending[i]!) {
        for (const [rest, sums] of rows) upsert.run(month, ...restOf(i, rest), ...sums);
      }
      this.pending[i]!.clear();
      if (this.removed) this.sqlite.exec(`DELETE FROM ${table} WHERE lines = 0`);
    });
    this.removed = false;
    this.entries = 0;
    this.facts.flush();
  }

  private loadIds() {
    const map = <K, V>(sql: string) => new Map(this.sqlite.prepare(sql).raw().all() as [K, V][]);
    return {
      // SKU → [group id, product id]
      productOfSku: new Map((this.sqlite.prepare('SELECT sku, group_id, id FROM products').raw().all() as [string, number, number][]).map(([sku, group, id]) => [sku, [group, id] as const])),
      clients: map<string, number>('SELECT code, id FROM clients'),
      orders: map<string, number>('SELECT order_no, id FROM sales_orders'),
      orderManager: map<number, number>('SELECT id, COALESCE(manager_id, 0) FROM sales_orders'),
    };
  }

  private stored(shipmentId: number): Contribution | undefined {
    const rows = this.storedLines.all(shipmentId) as [string, number, number | null, number, number, number, number, number, number][];
    if (rows.length === 0) return undefined; // a shipment without lines sells nothing
    const [date, clientId, orderId, managerId] = rows[0]!;
    const byGroup = new Map<number, Measures>();
    const byProduct = new Map<number, ProductMeasures>();
    for (const [, , , , group, amount, qty, cost, product] of rows) {
      addTo(byGroup, group, [amount, qty, cost, 1, 0]);
      addTo(byProduct, product, [amount, qty, cost, 1]);
    }
    return { date, month: date.slice(0, 7), clientId, orderId, managerId, byGroup, byProduct };
  }

  private add(shipmentId: number, c: Contribution, sign: 1 | -1): void {
    // groups (and so the month) in which this order already counts for this client
    const counted = new Set<number>();
    if (c.orderId !== null) {
      this.lockOrders?.([c.orderId]);
      for (const [other, group] of this.sameOrderGroups.all(c.orderId, c.clientId, shipmentId, c.month) as [number, number][]) {
        if (!this.retracted.has(other)) counted.add(group);
      }
    }
    this.pendContribution(c, counted, sign);
  }

  /** A shipment's sums into the pending changes; `counted`: the groups where its order counts already. */
  private pendContribution(c: Contribution, counted: Set<number>, sign: 1 | -1): void {
    const total: Measures = [0, 0, 0, 0, counted.size > 0 ? 0 : sign];
    for (const [group, [amount, qty, cost, lines]] of c.byGroup) {
      const measures: Measures = [sign * amount, sign * qty, sign * cost, sign * lines, counted.has(group) ? 0 : sign];
      this.entries += pend(this.pending[0]!, c.month, group, measures) + pend(this.pending[2]!, c.month, pairKey(c.clientId, group), measures);
      total[0] += sign * amount;
      total[1] += sign * qty;
      total[2] += sign * cost;
      total[3] += sign * lines;
    }
    this.entries += pend(this.pending[1]!, c.month, pairKey(c.clientId, c.managerId), total);
    if (sign < 0) this.removed = true;
    const day = Number(c.date.slice(8, 10));
    for (const [product, [amount, qty, cost, lines]] of c.byProduct) {
      if (sign > 0) this.facts.add(product, c.date, amount, qty, cost, lines, qty * day);
      else this.facts.retract(product, c.month);
    }
  }
}

/** month → group id (or a pair of ids, pairKey) → sums. */
type Pending = Map<string, Map<number | string, Measures>>;

/** Ids below this pair up into one number (no key text per shipment); larger ones into text. */
const PAIR = 2 ** 21;

/** The key of a pair of ids (client and manager, client and group). */
function pairKey(a: number, b: number): number | string {
  return a >= 0 && b >= 0 && a < PAIR && b < PAIR ? a * PAIR + b : `${a}:${b}`;
}

/** The rest of a pending row's key (after the month) as the ids of table `table`'s key. */
function restOf(table: number, rest: number | string): number[] {
  if (typeof rest === 'string') return rest.split(':').map(Number);
  return table === 0 ? [rest] : [Math.floor(rest / PAIR), rest % PAIR];
}

function addTo<K, M extends number[]>(map: Map<K, M>, key: K, add: M): void {
  const into = map.get(key);
  if (!into) map.set(key, [...add] as M);
  else for (let i = 0; i < add.length; i++) into[i]! += add[i]!;
}

/** Add to a pending row: 1 when the row is new. */
function pend(pending: Pending, month: string, rest: number | string, add: Measures): number {
  let rows = pending.get(month);
  if (!rows) pending.set(month, (rows = new Map()));
  const size = rows.size;
  addTo(rows, rest, add);
  return rows.size - size;
}

/** `crm db rebuild-summaries [--check]`: compare (rolled back) or rebuild under the write lock. */
export function rebuildSummaries(db: Db, check: boolean): RebuildResult {
  const sqlite = sq(db);
  return check ? checkSalesSummaries(sqlite) : withWriteLock(sqlite, () => rebuildAndCompare(sqlite));
}
