// An order, its shipments and the deals that name it are one client's (issues 13, 14): what the
// import's rules ask to keep them so — which client an order is for, and who else names it.
import type { Sqlite } from './sqlite.js';

/** A deal or shipment that names an order, with its client's code. */
export interface OrderReferrer {
  what: 'deal' | 'shipment';
  no: string;
  client: string;
}

/** Beyond this many order ids a Map, not a dense array, holds the clients (ids far apart). */
const DENSE_IDS = 1 << 26;

/**
 * order_no → the code of its client, for a shipments import: loaded once, 4 bytes an order (the
 * ids of the order numbers are the import's reference map, already in memory).
 */
export function orderClientLookup(sqlite: Sqlite, orderIds: Map<string, number> | undefined): (orderNo: string) => string | undefined {
  const clients = new Map(sqlite.prepare('SELECT id, code FROM clients').raw().all() as [number, string][]);
  const ids = orderIds ?? new Map(sqlite.prepare('SELECT order_no, id FROM sales_orders').raw().all() as [string, number][]);
  const maxId = Number(sqlite.prepare('SELECT MAX(id) FROM sales_orders').pluck().get() ?? 0);
  const dense = maxId < DENSE_IDS ? new Int32Array(maxId + 1) : undefined;
  const sparse = dense ? undefined : new Map<number, number>();
  for (const [id, clientId] of sqlite.prepare('SELECT id, client_id FROM sales_orders').raw().iterate() as Iterable<[number, number]>) {
    if (dense) dense[id] = clientId;
    else sparse!.set(id, clientId);
  }
  return (orderNo) => {
    const id = ids.get(orderNo);
    if (id === undefined) return undefined;
    return clients.get(dense ? dense[id]! : (sparse!.get(id) ?? 0));
  };
}

/**
 * The deals and shipments naming an order whose client is not `client`: deals from one map of
 * the deals that name an order (loaded on first use; deals.order_id has no index), shipments by
 * their index on order_id.
 */
export class OrderReferrers {
  private deals: Map<string, { no: string; client: string }[]> | undefined;
  private shipments: ((orderNo: string, client: string) => [string, string][]) | undefined;

  constructor(private readonly sqlite: Sqlite) {}

  of(orderNo: string, client: string): OrderReferrer[] {
    if (!this.deals) {
      this.deals = new Map();
      const rows = this.sqlite
        .prepare('SELECT o.order_no, d.deal_no, c.code FROM deals d JOIN sales_orders o ON o.id = d.order_id JOIN clients c ON c.id = d.client_id ORDER BY d.deal_no')
        .raw()
        .all() as [string, string, string][];
      for (const [order, no, dealClient] of rows) {
        const list = this.deals.get(order);
        if (list) list.push({ no, client: dealClient });
        else this.deals.set(order, [{ no, client: dealClient }]);
      }
    }
    if (!this.shipments) {
      const statement = this.sqlite.prepare(
        `SELECT s.shipment_no, c.code FROM shipments s JOIN clients c ON c.id = s.client_id
         WHERE s.order_id = (SELECT id FROM sales_orders WHERE order_no = ?) AND c.code <> ? ORDER BY s.shipment_no`,
      );
      this.shipments = (no, c) => statement.raw().all(no, c) as [string, string][];
    }
    const out: OrderReferrer[] = [];
    for (const d of this.deals.get(orderNo) ?? []) if (d.client !== client) out.push({ what: 'deal', no: d.no, client: d.client });
    for (const [no, shipmentClient] of this.shipments(orderNo, client)) out.push({ what: 'shipment', no, client: shipmentClient });
    return out;
  }
}
