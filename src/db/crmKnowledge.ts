// What the CRM entities' rules need of the database (SPEC §9, src/model/entityRules.ts):
// loaded once per import, inside its operation, only the parts an entity asks for.
import type { CrmKnowledge, CrmNeed, StageInfo } from '../model/types.js';
import type { Sqlite } from './sqlite.js';

export function loadCrmKnowledge(sqlite: Sqlite, needs: readonly CrmNeed[]): CrmKnowledge {
  const out: CrmKnowledge = {};
  const want = new Set(needs);
  if (want.has('stages')) out.stages = loadStages(sqlite);
  if (want.has('deals')) {
    out.deals = new Map();
    const rows = sqlite
      .prepare('SELECT d.deal_no, d.channel, d.date, (SELECT MIN(e.date) FROM deal_stage_events e WHERE e.deal_id = d.id) FROM deals d')
      .raw()
      .all() as [string, string, string, string | null][];
    for (const [no, channel, date, firstEvent] of rows) out.deals.set(no, { channel, date, firstEvent });
  }
  if (want.has('shipments')) {
    out.shipments = new Map();
    const rows = sqlite.prepare('SELECT s.shipment_no, c.code, s.date FROM shipments s JOIN clients c ON c.id = s.client_id').raw().all() as [string, string, string][];
    for (const [no, client, date] of rows) out.shipments.set(no, { client, date });
  }
  if (want.has('shipmentLines')) {
    out.shipmentLines = new Map();
    const rows = sqlite
      .prepare('SELECT s.shipment_no, p.sku, SUM(l.qty) FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id JOIN products p ON p.id = l.product_id GROUP BY s.shipment_no, p.sku')
      .raw()
      .all() as [string, string, number][];
    for (const [no, sku, qty] of rows) {
      const lines = out.shipmentLines.get(no);
      if (lines) lines.set(sku, qty);
      else out.shipmentLines.set(no, new Map([[sku, qty]]));
    }
  }
  if (want.has('claims')) {
    out.claims = new Map();
    const rows = sqlite
      .prepare(
        `SELECT s.shipment_no, k.claim_no, k.date, c.code, p.sku, k.qty FROM claims k JOIN shipments s ON s.id = k.shipment_id
         JOIN clients c ON c.id = k.client_id LEFT JOIN products p ON p.id = k.product_id ORDER BY k.claim_no`,
      )
      .raw()
      .all() as [string, string, string, string, string | null, number | null][];
    for (const [no, claim, date, client, sku, qty] of rows) {
      const list = out.claims.get(no);
      const item = { claim, date, client, sku, qty };
      if (list) list.push(item);
      else out.claims.set(no, [item]);
    }
  }
  if (want.has('deliveries')) {
    out.deliveries = new Map();
    const rows = sqlite
      .prepare('SELECT s.shipment_no, d.delivery_no, d.date FROM deliveries d JOIN shipments s ON s.id = d.shipment_id ORDER BY d.date, d.delivery_no')
      .raw()
      .all() as [string, string, string][];
    for (const [no, delivery, date] of rows) {
      const list = out.deliveries.get(no);
      const item = { delivery, date: date.slice(0, 10) };
      if (list) list.push(item);
      else out.deliveries.set(no, [item]);
    }
  }
  if (want.has('orders')) {
    out.orders = new Map();
    for (const [no, client] of sqlite.prepare('SELECT o.order_no, c.code FROM sales_orders o JOIN clients c ON c.id = o.client_id').raw().all() as [string, string][]) out.orders.set(no, client);
  }
  if (want.has('templates')) {
    out.templates = new Map();
    for (const [code, item] of sqlite.prepare('SELECT template_code, item FROM negotiation_templates ORDER BY template_code, position').raw().all() as [string, string][]) {
      const items = out.templates.get(code);
      if (items) items.push(item);
      else out.templates.set(code, [item]);
    }
  }
  if (want.has('negotiations')) {
    out.negotiations = new Map();
    const rows = sqlite
      .prepare('SELECT n.negotiation_no, n.template_code, (SELECT COUNT(*) FROM negotiation_items i WHERE i.negotiation_id = n.id) FROM negotiations n')
      .raw()
      .all() as [string, string, number][];
    for (const [no, template, items] of rows) out.negotiations.set(no, { template, items });
  }
  return out;
}

/** Every stage of every channel. */
export function loadStages(sqlite: Sqlite): StageInfo[] {
  return sqlite.prepare('SELECT id, channel, stage, position, outcome FROM sales_stages ORDER BY channel, id').all() as StageInfo[];
}
