// Reads behind the CRM reports, `crm deals show` and the client card (SPEC §9): set-based,
// plain rows and arrays out, one statement per kind of row (never a query per row).
// Interaction dates may carry a time ("2026-03-05 14:30"): a period's end is compared as
// "before the next day", so the last day's interactions count whatever their time.
import type { StageInfo } from '../model/types.js';
import { addDays } from '../planning/calendar.js';
import { loadStages } from './crmKnowledge.js';
import type { Db } from './connection.js';
import { sq } from './handle.js';

/** The channel as its stages spell it, whatever the case it is given in (Cyrillic too: compared here, not by SQL lower()). */
export async function channelNamed(db: Db, channel: string): Promise<string | undefined> {
  const wanted = channel.trim().toLocaleLowerCase('ru');
  return (sq(db).prepare('SELECT DISTINCT channel FROM sales_stages').pluck().all() as string[]).find((c) => c.toLocaleLowerCase('ru') === wanted);
}

export async function stagesOf(db: Db): Promise<StageInfo[]> {
  return loadStages(sq(db));
}

// ── funnel ───────────────────────────────────────────────────────────────────

export interface FunnelDeal {
  id: number;
  dealNo: string;
  channel: string;
  date: string;
  /** Kopecks; 0 when the deal has no amount. */
  amount: number;
  /** The deal's manager, else the client's. */
  manager: string | null;
  client: string;
}

/** A stage change: deal id, date, stage id, reason code. */
export type FunnelEvent = [dealId: number, date: string, stageId: number, reason: string | null];

/** The deals created in [from, to] (of one channel) and their stage changes up to `to`, in deal and date order. */
export async function funnelData(db: Db, from: string, to: string, channel?: string): Promise<{ deals: FunnelDeal[]; events: FunnelEvent[] }> {
  const sqlite = sq(db);
  const byChannel = channel === undefined ? '' : ' AND d.channel = ?';
  const args = channel === undefined ? [from, to] : [from, to, channel];
  const deals = (
    sqlite
      .prepare(
        `SELECT d.id, d.deal_no, d.channel, d.date, COALESCE(d.amount, 0), COALESCE(m.code, cm.code), c.code
         FROM deals d JOIN clients c ON c.id = d.client_id
         LEFT JOIN managers m ON m.id = d.manager_id LEFT JOIN managers cm ON cm.id = c.manager_id
         WHERE d.date >= ? AND d.date <= ?${byChannel} ORDER BY d.id`,
      )
      .raw()
      .all(...args) as [number, string, string, string, number, string | null, string][]
  ).map(([id, dealNo, ch, date, amount, manager, client]) => ({ id, dealNo, channel: ch, date, amount, manager, client }));
  // the events through the (deal_id, date) index, in its order (no sort); reason codes from the small table
  const reasons = new Map(sqlite.prepare('SELECT id, code FROM refusal_reasons').raw().all() as [number, string][]);
  const events = sqlite
    .prepare(
      `SELECT e.deal_id, e.date, e.stage_id, e.reason_id FROM deal_stage_events e
       WHERE e.date <= ? AND e.deal_id IN (SELECT d.id FROM deals d WHERE d.date >= ? AND d.date <= ?${byChannel})
       ORDER BY e.deal_id, e.date`,
    )
    .raw()
    .all(to, ...args) as [number, string, number, number | null][];
  for (const e of events) (e as unknown as FunnelEvent)[3] = e[3] === null ? null : (reasons.get(e[3]) ?? null);
  return { deals, events: events as unknown as FunnelEvent[] };
}

/**
 * The funnel counted in SQL (the definitions of computeFunnel in src/reports/funnel.ts, which
 * stays the reference): only group counts come back, a few hundred rows whatever the number of
 * events, from deal_stage_moves (src/db/stageMoves.ts: each change with the stage it left, the
 * days since the change before, the next change's date, the highest open position so far) by
 * plain GROUP BYs. Moves: the changes up to --to by (from, to), with their days. Deals: by
 * channel, the stage of their last change up to --to (the change whose next one is later or
 * none), the highest open position they reached and that change's reason; deals with a change
 * to a stage of another channel than their own are counted apart (`foreign`); deals without
 * changes by channel.
 */
export interface FunnelCounts {
  /** from null: the deal's first change, from the stage it started in. */
  moves: { fromId: number | null; toId: number; moves: number; days: number }[];
  /** finalId null: no change yet; highest: the highest open position its changes went to (null: none). */
  deals: { channel: string; finalId: number | null; highest: number | null; reasonId: number | null; deals: number; amount: number }[];
  /** Deals with a change to a stage of another channel than their own (the rules never write one). */
  foreign: number;
}

export async function funnelCounts(db: Db, filter: { from: string; to: string; channel?: string; manager?: string; client?: string }): Promise<FunnelCounts> {
  // the deals' filter, on the deal's date as the moves keep it (the moves alone need no deal) or the deal's own
  const where: string[] = [];
  const args: unknown[] = [filter.from, filter.to];
  let people = '';
  if (filter.channel !== undefined) (where.push('d.channel = ?'), args.push(filter.channel));
  if (filter.manager !== undefined || filter.client !== undefined) {
    people = ' JOIN clients c ON c.id = d.client_id LEFT JOIN managers m ON m.id = d.manager_id LEFT JOIN managers cm ON cm.id = c.manager_id';
    if (filter.manager !== undefined) (where.push('COALESCE(m.code, cm.code) = ?'), args.push(filter.manager));
    if (filter.client !== undefined) (where.push('c.code = ?'), args.push(filter.client));
  }
  const cond = (date: string) => [`${date} >= ?`, `${date} <= ?`, ...where].join(' AND ');
  const movesDeals = where.length > 0 ? ` JOIN deals d ON d.id = mv.deal_id${people}` : '';
  const rows = sq(db)
    .prepare(
      `SELECT 0 AS kind, NULL AS channel, mv.from_stage_id AS a, mv.stage_id AS b, NULL AS c, NULL AS hi, 0 AS f, COUNT(*) AS n, SUM(mv.days) AS x
       FROM deal_stage_moves mv${movesDeals}
       WHERE mv.date <= ? AND ${cond('mv.deal_date')}
       GROUP BY mv.from_stage_id, mv.stage_id
       UNION ALL
       SELECT 1, d.channel, mv.stage_id, NULL, mv.reason_id, mv.highest, mv.other_channel, COUNT(*), SUM(COALESCE(d.amount, 0))
       FROM deal_stage_moves mv JOIN deals d ON d.id = mv.deal_id${people}
       WHERE mv.date <= ? AND (mv.next_date IS NULL OR mv.next_date > ?) AND ${cond('mv.deal_date')}
       GROUP BY d.channel, mv.stage_id, mv.reason_id, mv.highest, mv.other_channel
       UNION ALL
       SELECT 1, d.channel, NULL, NULL, NULL, NULL, 0, COUNT(*), SUM(COALESCE(d.amount, 0))
       FROM deals d${people} WHERE ${cond('d.date')} AND NOT EXISTS (SELECT 1 FROM deal_stage_events e WHERE e.deal_id = d.id AND e.date <= ?)
       GROUP BY d.channel`,
    )
    .raw()
    .all(filter.to, ...args, filter.to, filter.to, ...args, ...args, filter.to) as [number, string | null, number | null, number | null, number | null, number | null, number, number, number][];
  const out: FunnelCounts = { moves: [], deals: [], foreign: 0 };
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  for (const [kind, channel, a, b, c, hi, foreign, n, x] of rows) {
    if (Number(foreign) === 1) out.foreign += Number(n);
    if (kind === 0) out.moves.push({ fromId: num(a), toId: Number(b), moves: Number(n), days: Number(x) });
    else out.deals.push({ channel: channel!, finalId: num(a), highest: num(hi), reasonId: num(c), deals: Number(n), amount: Number(x) });
  }
  return out;
}

/** Refusal reason codes by id (a small table). */
export async function reasonCodes(db: Db): Promise<Map<number, string>> {
  return new Map(sq(db).prepare('SELECT id, code FROM refusal_reasons').raw().all() as [number, string][]);
}

// ── interactions ─────────────────────────────────────────────────────────────

export interface InteractionRow {
  client: string;
  clientName: string;
  /** The interaction's manager, else the client's. */
  manager: string | null;
  managerName: string | null;
  kind: string;
  direction: string | null;
  date: string;
}

export async function interactionRows(db: Db, from: string, to: string): Promise<InteractionRow[]> {
  return sq(db)
    .prepare(
      `SELECT c.code AS client, c.name AS clientName, COALESCE(m.code, cm.code) AS manager, COALESCE(m.name, cm.name) AS managerName,
              i.kind, i.direction, i.date
       FROM interactions i JOIN clients c ON c.id = i.client_id
       LEFT JOIN managers m ON m.id = i.manager_id LEFT JOIN managers cm ON cm.id = c.manager_id
       WHERE i.date >= ? AND i.date < ? ORDER BY i.date, i.id`,
    )
    .all(from, addDays(to, 1)) as InteractionRow[];
}

export interface ClientContact {
  client: string;
  name: string;
  manager: string | null;
  /** The last interaction on or before the day (date, or date and time), null when none. */
  lastContact: string | null;
  lastKind: string | null;
  lastSubject: string | null;
}

/** Every active client with its last interaction up to the end of `to`. */
export async function lastContacts(db: Db, to: string): Promise<ClientContact[]> {
  return sq(db)
    .prepare(
      `WITH last AS (
         SELECT client_id, date, kind, subject,
                ROW_NUMBER() OVER (PARTITION BY client_id ORDER BY date DESC, id DESC) AS n
         FROM interactions WHERE date < ?)
       SELECT c.code AS client, c.name, m.code AS manager, l.date AS lastContact, l.kind AS lastKind, l.subject AS lastSubject
       FROM clients c LEFT JOIN managers m ON m.id = c.manager_id LEFT JOIN last l ON l.client_id = c.id AND l.n = 1
       WHERE c.active = 1 ORDER BY c.code`,
    )
    .all(addDays(to, 1)) as ClientContact[];
}

// ── claims ───────────────────────────────────────────────────────────────────

export interface ClaimRow {
  claimNo: string;
  date: string;
  client: string;
  cause: string;
  causeName: string;
  status: string;
  sku: string | null;
  productName: string | null;
  group: string | null;
  supplier: string | null;
  supplierName: string | null;
  /** The claim's manager, else the client's. */
  manager: string | null;
  managerName: string | null;
  qty: number | null;
  amount: number | null;
  recovered: number | null;
  resolvedDate: string | null;
}

export async function claimRows(db: Db, from: string, to: string): Promise<ClaimRow[]> {
  return sq(db)
    .prepare(
      `SELECT k.claim_no AS claimNo, k.date, c.code AS client, cs.code AS cause, cs.name AS causeName, k.status,
              p.sku, p.name AS productName, g.code AS "group", s.code AS supplier, s.name AS supplierName,
              COALESCE(m.code, cm.code) AS manager, COALESCE(m.name, cm.name) AS managerName,
              k.qty, k.amount, k.recovered_amount AS recovered, k.resolved_date AS resolvedDate
       FROM claims k JOIN clients c ON c.id = k.client_id JOIN claim_causes cs ON cs.id = k.cause_id
       LEFT JOIN products p ON p.id = k.product_id LEFT JOIN product_groups g ON g.id = p.group_id LEFT JOIN suppliers s ON s.id = p.supplier_id
       LEFT JOIN managers m ON m.id = k.manager_id LEFT JOIN managers cm ON cm.id = c.manager_id
       WHERE k.date >= ? AND k.date <= ? ORDER BY k.date, k.claim_no`,
    )
    .all(from, to) as ClaimRow[];
}

/** Shipped quantity by product in [from, to] (of one client, of one manager: the order's, else the client's). */
export async function shippedQtyBySku(db: Db, from: string, to: string, filter: { client?: string; manager?: string }): Promise<Map<string, number>> {
  const where: string[] = ['s.date >= ?', 's.date <= ?'];
  const args: unknown[] = [from, to];
  if (filter.client !== undefined) {
    where.push('c.code = ?');
    args.push(filter.client);
  }
  if (filter.manager !== undefined) {
    where.push('(SELECT code FROM managers WHERE id = COALESCE(o.manager_id, c.manager_id)) = ?');
    args.push(filter.manager);
  }
  const rows = sq(db)
    .prepare(
      `SELECT p.sku, SUM(l.qty) FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id JOIN products p ON p.id = l.product_id
       JOIN clients c ON c.id = s.client_id LEFT JOIN sales_orders o ON o.id = s.order_id
       WHERE ${where.join(' AND ')} GROUP BY p.sku`,
    )
    .raw()
    .all(...args) as [string, number][];
  return new Map(rows);
}

/** Product → group, supplier (for the shipped side of the claim rate under --group and --supplier). */
export async function productParts(db: Db): Promise<Map<string, { group: string; supplier: string | null; supplierName: string | null; name: string }>> {
  const rows = sq(db)
    .prepare('SELECT p.sku, g.code, s.code, s.name, p.name FROM products p JOIN product_groups g ON g.id = p.group_id LEFT JOIN suppliers s ON s.id = p.supplier_id')
    .raw()
    .all() as [string, string, string | null, string | null, string][];
  return new Map(rows.map(([sku, group, supplier, supplierName, name]) => [sku, { group, supplier, supplierName, name }]));
}

// ── negotiations ─────────────────────────────────────────────────────────────

export interface NegotiationRow {
  negotiationNo: string;
  template: string;
  client: string;
  /** The negotiation's manager, else the client's. */
  manager: string | null;
  managerName: string | null;
  result: string | null;
}

export interface NegotiationItemRow {
  negotiationNo: string;
  item: string;
  outcome: string;
  /** The item's position in its template (null: no longer in it). */
  position: number | null;
}

export async function negotiationData(db: Db, from: string, to: string): Promise<{ negotiations: NegotiationRow[]; items: NegotiationItemRow[] }> {
  const sqlite = sq(db);
  const negotiations = sqlite
    .prepare(
      `SELECT n.negotiation_no AS negotiationNo, n.template_code AS template, c.code AS client,
              COALESCE(m.code, cm.code) AS manager, COALESCE(m.name, cm.name) AS managerName, n.result
       FROM negotiations n JOIN clients c ON c.id = n.client_id
       LEFT JOIN managers m ON m.id = n.manager_id LEFT JOIN managers cm ON cm.id = c.manager_id
       WHERE n.date >= ? AND n.date <= ? ORDER BY n.date, n.negotiation_no`,
    )
    .all(from, to) as NegotiationRow[];
  const items = sqlite
    .prepare(
      `SELECT n.negotiation_no AS negotiationNo, i.item, i.outcome, t.position
       FROM negotiation_items i JOIN negotiations n ON n.id = i.negotiation_id
       LEFT JOIN negotiation_templates t ON t.template_code = n.template_code AND t.item = i.item
       WHERE n.date >= ? AND n.date <= ?`,
    )
    .all(from, to) as NegotiationItemRow[];
  return { negotiations, items };
}

// ── one deal ─────────────────────────────────────────────────────────────────

export interface DealRecord {
  dealNo: string;
  date: string;
  client: string;
  clientName: string;
  channel: string;
  manager: string | null;
  title: string | null;
  amount: number | null;
  expectedClose: string | null;
  orderNo: string | null;
}

export interface DealEvent {
  date: string;
  stage: string;
  stageId: number;
  reason: string | null;
  reasonName: string | null;
  note: string | null;
}

export async function dealWithEvents(db: Db, dealNo: string): Promise<{ deal: DealRecord; events: DealEvent[] } | undefined> {
  const sqlite = sq(db);
  const deal = sqlite
    .prepare(
      `SELECT d.deal_no AS dealNo, d.date, c.code AS client, c.name AS clientName, d.channel, COALESCE(m.code, cm.code) AS manager,
              d.title, d.amount, d.expected_close AS expectedClose, o.order_no AS orderNo
       FROM deals d JOIN clients c ON c.id = d.client_id LEFT JOIN managers m ON m.id = d.manager_id
       LEFT JOIN managers cm ON cm.id = c.manager_id LEFT JOIN sales_orders o ON o.id = d.order_id WHERE d.deal_no = ?`,
    )
    .get(dealNo) as DealRecord | undefined;
  if (!deal) return undefined;
  const events = sqlite
    .prepare(
      `SELECT e.date, s.stage, s.id AS stageId, r.code AS reason, r.name AS reasonName, e.note
       FROM deal_stage_events e JOIN deals d ON d.id = e.deal_id JOIN sales_stages s ON s.id = e.stage_id
       LEFT JOIN refusal_reasons r ON r.id = e.reason_id WHERE d.deal_no = ? ORDER BY e.date`,
    )
    .all(dealNo) as DealEvent[];
  return { deal, events };
}

// ── the client card ──────────────────────────────────────────────────────────

export interface CardInteraction {
  date: string;
  kind: string;
  direction: string | null;
  manager: string | null;
  contact: string | null;
  subject: string | null;
  result: string | null;
  nextDate: string | null;
}

export interface CardDeal {
  id: number;
  dealNo: string;
  date: string;
  channel: string;
  title: string | null;
  amount: number | null;
  expectedClose: string | null;
}

export interface CardClaim {
  id: number;
  claimNo: string;
  date: string;
  cause: string;
  status: string;
  sku: string | null;
  qty: number | null;
  amount: number | null;
  resolvedDate: string | null;
}

export interface ClientCardData {
  /** Shipments − payments up to the end of the day. */
  balance: number;
  /** The newest shipments that make up the unpaid part (oldest paid first), with their deferral days. */
  openShipments: { shipmentNo: string; date: string; amount: number; deferralDays: number }[];
  /** What the client paid up to the day beyond the shipments older than those. */
  paidOnOpen: number;
  interactions: CardInteraction[];
  interactionCount: number;
  deals: CardDeal[];
  dealEvents: FunnelEvent[];
  claims: CardClaim[];
  /** Sales by month in the 12 months up to the day: amount and cost (kopecks). */
  sales: { month: string; amount: number; cost: number; qty: number }[];
}

/** Everything the card of one client shows, as of the end of `day` (index seeks on the client's rows only). */
export async function clientCardData(db: Db, clientCode: string, day: string, options: { interactions: number; /** The first month of the sales, YYYY-MM. */ salesFrom: string }): Promise<ClientCardData> {
  const sqlite = sq(db);
  const id = sqlite.prepare('SELECT id FROM clients WHERE code = ?').pluck().get(clientCode) as number;
  const next = addDays(day, 1);
  const shipped = sqlite.prepare('SELECT COALESCE(SUM(amount), 0) FROM shipments WHERE client_id = ? AND date <= ?').pluck().get(id, day) as number;
  const paid = sqlite.prepare('SELECT COALESCE(SUM(amount), 0) FROM client_payments WHERE client_id = ? AND date <= ?').pluck().get(id, day) as number;
  const balance = shipped - paid;
  // walk back from the newest shipment until the unpaid balance is covered (src/db/balances.ts does it for all clients)
  const openShipments: ClientCardData['openShipments'] = [];
  let covered = 0;
  if (balance > 0) {
    const newest = sqlite.prepare(
      `SELECT s.shipment_no, s.date, s.amount, COALESCE(o.deferral_days, c.deferral_days)
       FROM shipments s JOIN clients c ON c.id = s.client_id LEFT JOIN sales_orders o ON o.id = s.order_id
       WHERE s.client_id = ? AND s.date <= ? ORDER BY s.date DESC, s.id DESC`,
    ).raw();
    for (const [shipmentNo, date, amount, deferralDays] of newest.iterate(id, day) as Iterable<[string, string, number, number]>) {
      openShipments.push({ shipmentNo, date, amount, deferralDays });
      covered += amount;
      if (covered >= balance) break;
    }
    openShipments.reverse();
  }
  const interactions = sqlite
    .prepare(
      `SELECT i.date, i.kind, i.direction, m.code AS manager, i.contact, i.subject, i.result, i.next_date AS nextDate
       FROM interactions i LEFT JOIN managers m ON m.id = i.manager_id
       WHERE i.client_id = ? AND i.date < ? ORDER BY i.date DESC, i.id DESC LIMIT ?`,
    )
    .all(id, next, options.interactions) as CardInteraction[];
  const interactionCount = sqlite.prepare('SELECT COUNT(*) FROM interactions WHERE client_id = ? AND date < ?').pluck().get(id, next) as number;
  const deals = sqlite
    .prepare(
      `SELECT id, deal_no AS dealNo, date, channel, title, amount, expected_close AS expectedClose
       FROM deals WHERE client_id = ? AND date <= ? ORDER BY date, deal_no`,
    )
    .all(id, day) as CardDeal[];
  const dealEvents = sqlite
    .prepare(
      `SELECT e.deal_id, e.date, e.stage_id, r.code FROM deals d JOIN deal_stage_events e ON e.deal_id = d.id
       LEFT JOIN refusal_reasons r ON r.id = e.reason_id WHERE d.client_id = ? AND d.date <= ? AND e.date <= ? ORDER BY e.deal_id, e.date`,
    )
    .raw()
    .all(id, day, day) as FunnelEvent[];
  const claims = sqlite
    .prepare(
      `SELECT k.id, k.claim_no AS claimNo, k.date, cs.code AS cause, k.status, p.sku, k.qty, k.amount, k.resolved_date AS resolvedDate
       FROM claims k JOIN claim_causes cs ON cs.id = k.cause_id LEFT JOIN products p ON p.id = k.product_id
       WHERE k.client_id = ? AND k.date <= ? AND (k.resolved_date IS NULL OR k.resolved_date > ?) ORDER BY k.date, k.claim_no`,
    )
    .all(id, day, day) as CardClaim[];
  // whole months from the monthly summaries (kept by every write of shipments); the day's own month up to the day
  const firstMonth = options.salesFrom;
  const lastMonth = day.slice(0, 7);
  const months = sqlite
    .prepare(
      `SELECT month, SUM(amount) AS amount, SUM(cost) AS cost, SUM(qty) AS qty FROM sales_summary_client
       WHERE client_id = ? AND month >= ? AND month < ? GROUP BY month ORDER BY month`,
    )
    .all(id, firstMonth, lastMonth) as ClientCardData['sales'];
  const partial = (from: string, to: string) =>
    sqlite
      .prepare(
        `SELECT COALESCE(SUM(l.amount), 0) AS amount, COALESCE(SUM(l.cost), 0) AS cost, COALESCE(SUM(l.qty), 0) AS qty
         FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id WHERE s.client_id = ? AND s.date >= ? AND s.date <= ?`,
      )
      .get(id, from, to) as { amount: number; cost: number; qty: number };
  const current = partial(`${lastMonth}-01`, day);
  if (current.amount !== 0 || current.qty !== 0) months.push({ month: lastMonth, ...current });
  return { balance, openShipments, paidOnOpen: covered - balance, interactions, interactionCount, deals, dealEvents, claims, sales: months };
}

/** What the journal keeps of a claim's record: the day (UTC) the operation that inserted it ran, and each change of its status since. */
export interface ClaimRecordHistory {
  /** null: no operation's range names it (a row put back by an undo, or older than the journal). */
  insertedOn: string | null;
  /** The changes of its status, oldest first: the day the operation ran, the status before and after. */
  changes: { on: string; before: string | null; after: string | null }[];
}

/** The journal's record of each claim's status (a handful of index seeks per claim: the card's open claims only). */
export async function claimStatusHistory(db: Db, claimIds: readonly number[]): Promise<Map<number, ClaimRecordHistory>> {
  const sqlite = sq(db);
  const inserted = sqlite.prepare(
    `SELECT substr(o.started_at, 1, 10) FROM journal_ranges r JOIN operations o ON o.id = r.op_id
     WHERE r.tbl = 'claims' AND r.first_id <= ? AND r.last_id >= ? ORDER BY r.first_id DESC LIMIT 1`,
  ).pluck();
  const updates = sqlite.prepare(
    `SELECT substr(o.started_at, 1, 10) AS "on", j.before, j.after FROM journal j JOIN operations o ON o.id = j.op_id
     WHERE j.tbl = 'claims' AND j.row_id = ? AND j.action = 'update' ORDER BY j.op_id`,
  );
  const statusOf = (image: unknown): string | null => {
    if (typeof image !== 'string') return null;
    const row = (JSON.parse(image) as { row?: { status?: unknown } }).row;
    return typeof row?.status === 'string' ? row.status : null;
  };
  const out = new Map<number, ClaimRecordHistory>();
  for (const id of claimIds) {
    const changes = (updates.all(id) as { on: string; before: unknown; after: unknown }[])
      .map((u) => ({ on: u.on, before: statusOf(u.before), after: statusOf(u.after) }))
      .filter((c) => c.before !== c.after);
    out.set(id, { insertedOn: (inserted.get(id, id) as string | undefined) ?? null, changes });
  }
  return out;
}

/** The numbers of a client's interactions at this date (and time, as stored): the candidates for "recorded already". */
export async function interactionNosAt(db: Db, clientCode: string, date: string): Promise<string[]> {
  return sq(db)
    .prepare('SELECT i.interaction_no FROM interactions i JOIN clients c ON c.id = i.client_id WHERE c.code = ? AND i.date = ? ORDER BY i.id')
    .pluck()
    .all(clientCode, date) as string[];
}

/** Every stage change dated up to `day`: deal number, date, stage id (for the stage of each deal in a list). */
export async function dealMovesUpTo(db: Db, day: string): Promise<[dealNo: string, date: string, stageId: number][]> {
  return sq(db)
    .prepare('SELECT d.deal_no, e.date, e.stage_id FROM deal_stage_events e JOIN deals d ON d.id = e.deal_id WHERE e.date <= ? ORDER BY e.deal_id, e.date')
    .raw()
    .all(day) as [string, string, number][];
}

/** The checklist of a negotiation's template with the outcome recorded for each item (and items no longer in it). */
export async function negotiationChecklist(db: Db, negotiationNo: string): Promise<{ position: number | null; item: string; outcome: string | null; note: string | null }[]> {
  const rows = sq(db)
    .prepare(
      `SELECT t.position, t.item, i.outcome, i.note FROM negotiations n JOIN negotiation_templates t ON t.template_code = n.template_code
       LEFT JOIN negotiation_items i ON i.negotiation_id = n.id AND i.item = t.item WHERE n.negotiation_no = ?
       UNION ALL
       SELECT NULL, i.item, i.outcome, i.note FROM negotiations n JOIN negotiation_items i ON i.negotiation_id = n.id
       WHERE n.negotiation_no = ? AND NOT EXISTS (SELECT 1 FROM negotiation_templates t WHERE t.template_code = n.template_code AND t.item = i.item)`,
    )
    .all(negotiationNo, negotiationNo) as { position: number | null; item: string; outcome: string | null; note: string | null }[];
  // the template's order, then items no longer in it (NULL sorts differently in SQLite and PostgreSQL)
  return rows.sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
}

/** The keys of the rows operation `op` inserted into `table` (what an add just wrote, its number derived or given). */
export async function keysInsertedBy(db: Db, op: number, table: string, keyColumn: string): Promise<string[]> {
  return sq(db)
    .prepare(`SELECT t.${keyColumn} FROM ${table} t JOIN journal_ranges r ON r.op_id = ? AND r.tbl = ? AND t.id BETWEEN r.first_id AND r.last_id ORDER BY t.id`)
    .pluck()
    .all(op, table) as string[];
}
