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
