// The rules of single entities (SPEC §3), as hooks on their definitions: the import, add/edit
// and anything else that writes an entity call `spec.hooks`, never branch on its name.
import { roundHalfAway } from '../util/round.js';
import { t } from '../i18n/index.js';
import { nameKey } from './normalize.js';
import { ChannelStages, fold, moveKind, moveProblem } from './dealMoves.js';
import type { CellIssue, EntityHooks, FileScope, Rec, RowKnowledge, StageInfo } from './types.js';

/** How many warnings of one kind a file gets before "… and N more". */
const WARNINGS_KEPT = 20;

// ── groups ───────────────────────────────────────────────────────────────────

/** Parents must exist (in the database or this file) and no group may be its own ancestor. */
function checkGroupTree(scope: FileScope): void {
  const parents = scope.lookups.groupParents();
  for (const [code, item] of scope.records) parents.set(code, (item.rec.parent_code as string | null) ?? null);
  for (const [code, item] of [...scope.records]) {
    const parent = item.rec.parent_code as string | null;
    if (parent !== null && !parents.has(parent)) {
      scope.reject(code, item.row, { column: 'parent_code', value: parent, message: t('importRules.unknownParent') });
      continue;
    }
    const chain = [code];
    let at = parent;
    while (at !== null && at !== undefined) {
      if (at === code) {
        scope.reject(code, item.row, { column: 'parent_code', value: parent, message: t('importRules.ownAncestor', [...chain, code].join(' → ')) });
        break;
      }
      if (chain.length > 10_000) break;
      chain.push(at);
      at = parents.get(at) ?? null;
    }
  }
}

// ── products ─────────────────────────────────────────────────────────────────

/** SPEC §3 duplicate nomenclature: the same normalized name under another SKU. */
function checkDuplicateNames(scope: FileScope): void {
  if (scope.allowDuplicates) return;
  const stored = scope.lookups.productNameKeys();
  const fileSkus = new Set(scope.records.keys());
  const inFile = new Map<string, { row: number; rec: Rec }>();
  for (const [sku, item] of [...scope.records]) {
    const key = String(item.rec.name_key);
    const other = stored.get(key);
    if (other && other.sku !== sku && !fileSkus.has(other.sku)) {
      scope.reject(sku, item.row, { column: 'name', value: item.rec.name, message: t('importRules.duplicateProduct', other.sku, other.name) });
      continue;
    }
    const twin = inFile.get(key);
    if (twin) {
      scope.reject(sku, item.row, { column: 'name', value: item.rec.name, message: t('importRules.duplicateProductInFile', String(twin.rec.sku), String(twin.rec.name), twin.row) });
      continue;
    }
    inFile.set(key, item);
  }
}

// ── clients and suppliers ────────────────────────────────────────────────────

/** Issue 10: one taxpayer number is one counterparty; a second code for it is a duplicate. */
function checkDuplicateInns(what: 'client' | 'supplier') {
  return (scope: FileScope): void => {
    if (scope.allowDuplicates) return;
    const owner = new Map<string, string>(); // INN → code, as the database will hold them after this file
    for (const [code, rec] of scope.stored) if (rec.inn !== null && rec.inn !== undefined && !scope.records.has(code)) owner.set(String(rec.inn), code);
    const inFile = new Map<string, { row: number; rec: Rec }>();
    for (const [code, item] of [...scope.records]) {
      const inn = item.rec.inn;
      if (inn === null || inn === undefined) continue;
      const other = owner.get(String(inn));
      const twin = inFile.get(String(inn));
      if (other !== undefined && other !== code) {
        scope.reject(code, item.row, { column: 'inn', value: inn, message: t('importRules.innTaken', what, other, String(scope.stored.get(other)?.name ?? '')) });
      } else if (twin) {
        scope.reject(code, item.row, { column: 'inn', value: inn, message: t('importRules.innInFile', what, String(twin.rec.code), twin.row) });
      } else inFile.set(String(inn), item);
    }
  };
}

/** Two clients whose names normalize alike are probably one: a warning (their INNs may differ, as branches). */
function warnSameNames(scope: FileScope): void {
  const byName = new Map<string, string>();
  for (const [code, rec] of scope.stored) if (!scope.records.has(code)) byName.set(nameKey(String(rec.name)), code);
  let warned = 0;
  for (const [code, item] of scope.records) {
    const key = nameKey(String(item.rec.name));
    const other = byName.get(key);
    if (other !== undefined && other !== code && warned++ < WARNINGS_KEPT) {
      scope.warn(t('importRules.sameClientName', item.row, code, String(item.rec.name), other));
    }
    byName.set(key, code);
  }
}

// ── the hooks of each entity ─────────────────────────────────────────────────

export const GROUP_HOOKS: EntityHooks = { checkFile: checkGroupTree };

export const SUPPLIER_HOOKS: EntityHooks = { checkFile: checkDuplicateInns('supplier') };

export const CLIENT_HOOKS: EntityHooks = {
  checkFile(scope) {
    checkDuplicateInns('client')(scope);
    warnSameNames(scope);
  },
};

export const PRODUCT_HOOKS: EntityHooks = {
  derive(rec) {
    rec.name_key = nameKey(String(rec.name));
  },
  checkFile: checkDuplicateNames,
};

/**
 * SPEC §9 originals: the signed originals come back on or after the shipment's own day and not
 * after today. One rule for the import and `crm shipments originals`: what is wrong, or null.
 */
export function originalsDateProblem(originalsDate: string, shipmentNo: string, shipmentDate: string, today: string): string | null {
  const day = shipmentDate.slice(0, 10);
  if (originalsDate < day) return t('importRules.originalsBefore', shipmentNo, day);
  if (originalsDate > today) return t('importRules.originalsAfterToday', today);
  return null;
}

export const SHIPMENT_HOOKS: EntityHooks = {
  needs: ['costs', 'claims', 'deliveries'],
  complete(rec, known, report) {
    // SPEC §3: cost of a shipment line defaults to the product's cost × qty
    if (rec.cost === null || rec.cost === undefined) rec.cost = roundHalfAway((known.costs?.get(String(rec.sku)) ?? 0) * Number(rec.qty));
    // SPEC §9: a claim is against the same client's shipment, not later than the claim; a re-import keeps it so
    for (const k of known.crm?.claims?.get(String(rec.shipment_no)) ?? []) {
      if (k.sku !== null && k.sku !== rec.sku) continue; // said on that product's line
      if (k.client !== rec.client_code) {
        report({ column: 'client_code', value: rec.client_code, message: t('importRules.claimKeepsClient', k.claim, k.client) });
      }
      if (String(rec.date) > k.date) {
        report({ column: 'date', value: rec.date, message: t('importRules.claimKeepsDate', k.claim, k.date) });
      }
    }
    // a delivery carries a shipment that has left: a re-import may not date the shipment after one
    // of its deliveries (the deliveries import refuses the same pair from the other side)
    const day = rec.date === null || rec.date === undefined ? '' : String(rec.date).slice(0, 10);
    const late = (known.crm?.deliveries?.get(String(rec.shipment_no)) ?? []).filter((d) => day > d.date);
    if (late.length > 0) {
      report({
        column: 'date', value: rec.date,
        message: t('money.deliveryCarries', late[0]!.delivery, late[0]!.date, late.length - 1),
      });
    }
    const originals = rec.originals_date;
    if (originals !== null && originals !== undefined && rec.date !== null && rec.date !== undefined && known.today !== undefined) {
      const problem = originalsDateProblem(String(originals), String(rec.shipment_no), String(rec.date), known.today);
      if (problem !== null) report({ column: 'originals_date', value: originals, message: problem });
    }
  },
  // a shipment dated after today is imported (1C may hold one prepared ahead) but named: most
  // likely a typo, and its deliveries and originals are refused until that day
  watch: (rec, today) => rec.date !== null && rec.date !== undefined && String(rec.date).slice(0, 10) > today,
  afterWrite(scope) {
    scope.warn(t('money.shipmentsAfterToday', scope.keys.length, scope.today, someOf(scope.keys)));
  },
  /**
   * SPEC §9: a re-imported shipment replaces its lines; a line a claim names stays (the claim would
   * point at nothing). The order a shipment names is its own client's.
   */
  checkDocument(lines, known, report, scope) {
    const head = lines[0];
    const orderNo = head?.order_no;
    if (head && orderNo !== null && orderNo !== undefined) {
      const orderClient = scope.lookups.orderClient(String(orderNo));
      if (orderClient !== undefined && orderClient !== head.client_code) {
        report({ column: 'order_no', value: orderNo, message: t('importRules.dealOrderClient', String(orderNo), orderClient, String(head.client_code)) });
      }
    }
    const shipmentNo = String(lines[0]?.shipment_no);
    const shipped = new Map<string, number>(); // SKU → the quantity the file ships
    for (const l of lines) shipped.set(String(l.sku), (shipped.get(String(l.sku)) ?? 0) + Number(l.qty ?? 0));
    for (const k of known.crm?.claims?.get(shipmentNo) ?? []) {
      if (k.sku === null) continue;
      const qty = shipped.get(k.sku);
      if (qty !== undefined) {
        const at = lines.findIndex((l) => String(l.sku) === k.sku);
        if (k.qty !== null && k.qty > qty) report({ column: 'qty', value: lines[at]!.qty, message: t('claims.lineShrunk', k.claim, k.qty, k.sku) }, at);
        continue;
      }
      report({ column: 'sku', value: k.sku, message: t('claims.lineDropped', k.claim, k.sku, shipmentNo) });
    }
  },
};

export const ORDER_HOOKS: EntityHooks = {
  complete(rec) {
    rec.status ??= rec.refusal_reason ? 'refused' : 'confirmed';
  },
  /** The deals and shipments naming a stored order are its client's: a re-import may not hand it to another. */
  checkDocument(lines, _known, report, scope) {
    const head = lines[0];
    if (!scope.stored || !head) return;
    const named = scope.lookups.orderReferrers(String(head.order_no), String(head.client_code));
    if (named.length > 0) report({ column: 'client_code', value: head.client_code, message: t('importRules.orderKeepsClient', String(head.order_no), String(head.client_code), named) });
  },
  /** Issue 10: the documents decide an order's actual dates; a file that says otherwise gets a warning. */
  watch: (rec) => rec.actual_ship_date != null || rec.actual_payment_date != null,
  afterWrite(scope) {
    let warned = 0;
    for (const o of scope.lookups.ordersProgress(scope.keys)) {
      for (const field of o.disagrees) {
        const shipping = field === 'actual_ship_date';
        if (warned++ < WARNINGS_KEPT) {
          scope.warn(t('importRules.orderDatesDiffer', o.order_no, field, shipping, (shipping ? o.actualShipDate : o.actualPaymentDate) ?? null));
        }
      }
    }
    if (warned > WARNINGS_KEPT) scope.warn(t('importRules.moreOrdersDiffer', warned - WARNINGS_KEPT));
  },
};

export const RESERVATION_HOOKS: EntityHooks = {
  complete(rec, _known, report) {
    if (rec.released_date && rec.reserved_date && String(rec.released_date) < String(rec.reserved_date)) {
      report({ column: 'released_date', value: rec.released_date, message: t('importRules.releasedBeforeReserved', String(rec.reserved_date)) });
    }
  },
};

// ── CRM operations (SPEC §9) ─────────────────────────────────────────────────

/** The stages of the knowledge, indexed once per import (not once per row). */
const stageIndexes = new WeakMap<readonly StageInfo[], ChannelStages>();
function channelStages(stages: readonly StageInfo[] | undefined): ChannelStages {
  const list = stages ?? [];
  let index = stageIndexes.get(list);
  if (!index) stageIndexes.set(list, (index = new ChannelStages(list)));
  return index;
}

/** Stage names match in any case; a spelling that matches several of a channel's stages and none exactly is refused. */
export function ambiguousStage(channel: string, twins: readonly StageInfo[]): string {
  return t('deals.ambiguousStage', channel, twins.map((s) => `"${s.stage}"`).join(' and '));
}

/** `a, b, c` or `a, b, c … (12 in all)`: a few of many, for messages. */
function someOf(items: readonly string[], shown = 8): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} … (${items.length} in all)`;
}

/** A date column that may not be before the record's own date. */
function notBefore(rec: Rec, column: string, what: 'interaction' | 'deal' | 'claim' | 'negotiation', report: (issue: CellIssue) => void): void {
  const value = rec[column];
  const day = String(rec.date ?? '').slice(0, 10);
  if (value !== null && value !== undefined && day !== '' && String(value) < day) {
    report({ column, value, message: t('importRules.notBefore', what, day) });
  }
}

/** 32 bits of a cyrb53-style hash, as 8 hex digits. */
function hash8(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  return (h1 >>> 0).toString(16).padStart(8, '0');
}

/** The fields that tell an interaction without a number apart (docs/crm.md): not its result or follow-up, which change. */
export const INTERACTION_IDENTITY = ['date', 'client_code', 'kind', 'direction', 'contact', 'subject', 'document_no'] as const;

/** `20260305-1a2b3c4d`: the day, and a hash of what identifies the interaction. */
export function derivedInteractionNo(rec: Rec): string {
  return `${String(rec.date).slice(0, 10).replace(/-/g, '')}-${hash8(JSON.stringify(INTERACTION_IDENTITY.map((f) => rec[f] ?? null)))}`;
}

export const INTERACTION_HOOKS: EntityHooks = {
  complete(rec, _known, report) {
    notBefore(rec, 'next_date', 'interaction', report);
    if (rec.interaction_no === null || rec.interaction_no === undefined) rec.interaction_no = derivedInteractionNo(rec);
  },
};

/**
 * A stage's position and outcome are the funnel's history (SPEC §9: where a deal was, whether
 * it was won, which moves went back): a stored stage may not change them while deals of its
 * channel have moved, and no change may move the stage new deals start in while the channel
 * has deals. A new channel, or new stages after the others, are free.
 */
function refuseRewrittenHistory(scope: FileScope): void {
  const deals = scope.lookups.crmKnowledge(['deals']).deals ?? new Map<string, { channel: string; firstEvent: string | null }>();
  const opened = new Map<string, string[]>(); // channel → its deals
  const moved = new Map<string, string[]>(); // channel → its deals that have moved
  for (const [no, d] of [...deals].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    (opened.get(d.channel) ?? opened.set(d.channel, []).get(d.channel)!).push(no);
    if (d.firstEvent !== null) (moved.get(d.channel) ?? moved.set(d.channel, []).get(d.channel)!).push(no);
  }
  const firstPosition = new Map<string, number>(); // channel → position of its first open stage, as stored
  for (const rec of scope.stored.values()) {
    const at = firstPosition.get(String(rec.channel));
    if (rec.outcome === 'open' && rec.position !== null && (at === undefined || Number(rec.position) < at)) firstPosition.set(String(rec.channel), Number(rec.position));
  }
  for (const [key, { row, rec }] of [...scope.records]) {
    const channel = String(rec.channel);
    const before = scope.stored.get(key);
    const changed = before !== undefined && (before.position !== rec.position || before.outcome !== rec.outcome);
    const first = firstPosition.get(channel);
    const isFirst = (r: Rec | undefined) => r !== undefined && r.outcome === 'open' && r.position !== null && first !== undefined && Number(r.position) <= first;
    const startMoves = (changed && (isFirst(before) || isFirst(rec))) || (before === undefined && isFirst(rec));
    const dependants = (startMoves ? opened : changed ? moved : undefined)?.get(channel) ?? [];
    if (dependants.length === 0) continue;
    const was = before ? `${before.outcome}${before.position !== null ? ` ${before.position}` : ''}` : 'none';
    const now = `${rec.outcome}${rec.position !== null ? ` ${rec.position}` : ''}`;
    scope.reject(key, row, {
      column: before && before.outcome !== rec.outcome ? 'outcome' : 'position',
      value: before && before.outcome !== rec.outcome ? rec.outcome : rec.position,
      message: t('importRules.stageHistory', String(rec.stage), channel, was, now, dependants, startMoves),
    });
  }
}

/**
 * Every channel the file writes keeps an open stage (a deal starts in its channel's first one):
 * the stages as the database will hold them — the stored ones the file does not name, and the
 * file's. An undo's recheck holds every stage of its channels (`storedIsBefore`).
 */
function refuseChannelsWithoutOpenStage(scope: FileScope): void {
  const open = new Set<string>(); // folded channels with an open stage
  if (!scope.storedIsBefore) for (const [key, rec] of scope.stored) if (!scope.records.has(key) && rec.outcome === 'open') open.add(fold(String(rec.channel)));
  for (const { rec } of scope.records.values()) if (rec.outcome === 'open') open.add(fold(String(rec.channel)));
  for (const [key, { row, rec }] of [...scope.records]) {
    if (!open.has(fold(String(rec.channel)))) scope.reject(key, row, { column: 'outcome', value: rec.outcome, message: t('importRules.channelNoOpenStage', String(rec.channel)) });
  }
}

/** Open stages need a position, won and lost ones none, every channel an open stage, and no two open stages of a channel share a position. */
export const STAGE_HOOKS: EntityHooks = {
  needs: ['stages'],
  complete(rec, known, report) {
    // a channel and a stage are the same in any case (as deals and moves match them): spelled as stored,
    // so a file in other letters updates the stages rather than adding a second funnel beside them
    const stages = channelStages(known.crm?.stages);
    const channel = stages.channelName(String(rec.channel));
    if (channel !== undefined) {
      rec.channel = channel;
      const twins = stages.spelled(channel, String(rec.stage));
      if (twins.length === 1) rec.stage = twins[0]!.stage;
    }
    const outcome = String(rec.outcome ?? 'open');
    const positioned = rec.position !== null && rec.position !== undefined;
    if (outcome === 'open' && !positioned) {
      report({ column: 'position', value: '', message: t('importRules.stagePositionRequired') });
    } else if (outcome !== 'open' && positioned) {
      // a won or lost stage is no place in the funnel's order: a position would only mislead (reached, conversion)
      report({ column: 'position', value: rec.position, message: t('importRules.stageOutcomeNoPosition', outcome) });
    }
  },
  checkFile(scope) {
    refuseRewrittenHistory(scope);
    refuseChannelsWithoutOpenStage(scope);
    const taken = new Map<string, string>(); // channel + position → stage, as the database will hold them
    for (const [key, rec] of scope.stored) {
      if (!scope.records.has(key) && rec.outcome === 'open' && rec.position !== null) taken.set(`${rec.channel}\u0001${rec.position}`, String(rec.stage));
    }
    for (const [key, item] of [...scope.records]) {
      const { rec } = item;
      if (rec.outcome !== 'open' || rec.position === null) continue;
      const slot = `${rec.channel}\u0001${rec.position}`;
      const other = taken.get(slot);
      if (other !== undefined) {
        scope.reject(key, item.row, { column: 'position', value: rec.position, message: t('importRules.stagePositionTaken', String(rec.position), String(rec.channel), other) });
      } else taken.set(slot, String(rec.stage));
    }
  },
};

export const DEAL_HOOKS: EntityHooks = {
  needs: ['stages', 'deals', 'orders'],
  complete(rec, known, report) {
    notBefore(rec, 'expected_close', 'deal', report);
    const orderClient = rec.order_no === null || rec.order_no === undefined ? undefined : known.crm?.orders?.get(String(rec.order_no));
    if (orderClient !== undefined && orderClient !== rec.client_code) {
      report({ column: 'order_no', value: rec.order_no, message: t('importRules.dealOrderClient', String(rec.order_no), orderClient, String(rec.client_code)) });
    }
    const stages = channelStages(known.crm?.stages);
    const channel = String(rec.channel);
    if (!stages.has(channel)) {
      const known = stages.channels();
      report({ column: 'channel', value: channel, message: t('importRules.unknownChannel', known) });
    } else if (!stages.firstOpen(channel)) {
      report({ column: 'channel', value: channel, message: t('importRules.noOpenStage') });
    } else rec.channel = stages.channelName(channel)!; // as its stages spell it
    const stored = known.crm?.deals?.get(String(rec.deal_no));
    if (stored?.firstEvent) {
      if (stored.channel !== (stages.channelName(channel) ?? channel)) {
        report({ column: 'channel', value: channel, message: t('importRules.dealKeepsChannel', String(rec.deal_no), stored.channel) });
      }
      if (String(rec.date) > stored.firstEvent) {
        report({ column: 'date', value: rec.date, message: t('importRules.dealMovedOn', String(rec.deal_no), stored.firstEvent) });
      }
    }
  },
};

/**
 * Deal stage changes (SPEC §9): the stage is one of the deal's channel, on or after the deal's
 * date, and each move keeps the rule of src/model/dealMoves.ts against the move before it, the
 * stored ones and the file's taken together in date order. A file move that makes a later
 * stored move break the rule (now a move to the stage it is in, or a move back) is refused.
 */
export const DEAL_STAGE_HOOKS: EntityHooks = {
  checkFile(scope) {
    const knowledge = scope.lookups.crmKnowledge(['stages', 'deals']);
    const stages = channelStages(knowledge.stages);
    const deals = knowledge.deals ?? new Map();
    const reject = (key: string, row: number, column: string, value: Rec[string] | undefined, message: string) => scope.reject(key, row, { column, value, message });
    const inFile = new Set<string>();
    for (const [key, { row, rec }] of [...scope.records]) {
      const deal = deals.get(String(rec.deal_no));
      if (!deal) continue; // an unknown deal is the parser's problem
      const stage = stages.of(deal.channel, String(rec.stage));
      if (!stage) {
        const twins = stages.spelled(deal.channel, String(rec.stage));
        reject(key, row, 'stage', rec.stage, twins.length > 1 ? ambiguousStage(deal.channel, twins) : t('deals.notStageOfChannel', deal.channel, someOf(stages.stagesOf(deal.channel).map((s) => s.stage))));
        continue;
      }
      if (String(rec.date) < deal.date) {
        reject(key, row, 'date', rec.date, t('deals.beforeOpened', String(rec.deal_no), deal.date));
        continue;
      }
      rec.stage_id = stage.id;
      rec.stage = stage.stage; // as the channel spells it: the same file again is unchanged
      inFile.add(String(rec.deal_no));
    }
    if (inFile.size === 0) return;
    // the timelines of the deals this file moves: stored moves, the file's laid over them
    type Move = { date: string; stage: string; reason: Rec[string]; key: string; row?: number };
    const timelines = new Map<string, Map<string, Move>>();
    for (const [key, rec] of scope.stored) {
      const dealNo = String(rec.deal_no);
      if (!inFile.has(dealNo)) continue;
      let moves = timelines.get(dealNo);
      if (!moves) timelines.set(dealNo, (moves = new Map()));
      moves.set(String(rec.date), { date: String(rec.date), stage: String(rec.stage), reason: rec.reason ?? null, key });
    }
    for (const [key, { row, rec }] of scope.records) {
      const dealNo = String(rec.deal_no);
      if (!inFile.has(dealNo)) continue;
      let moves = timelines.get(dealNo);
      if (!moves) timelines.set(dealNo, (moves = new Map()));
      moves.set(String(rec.date), { date: String(rec.date), stage: String(rec.stage), reason: rec.reason ?? null, key, row });
    }
    for (const [dealNo, byDate] of timelines) {
      const deal = deals.get(dealNo)!;
      const moves = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
      let at = stages.firstOpen(deal.channel);
      let lastFileMove: Move | undefined;
      for (const move of moves) {
        const to = stages.of(deal.channel, move.stage);
        if (!at || !to) break;
        const problem = moveProblem(at, to, move.reason === null || move.reason === undefined ? null : String(move.reason));
        if (problem === null) {
          at = to;
          if (move.row !== undefined) lastFileMove = move;
          continue;
        }
        if (move.row !== undefined) {
          const same = moveKind(at, to) === 'same';
          reject(move.key, move.row, same ? 'stage' : 'reason', same ? move.stage : '', t('importRules.dealMove', dealNo, problem));
          continue; // refused: the deal stays where it was
        }
        // a stored move the file's earlier move has made wrong
        if (lastFileMove) reject(lastFileMove.key, lastFileMove.row!, 'stage', lastFileMove.stage, t('importRules.storedMoveBroken', dealNo, move.date, move.stage, problem));
        break;
      }
    }
  },
};

export const CLAIM_HOOKS: EntityHooks = {
  needs: ['shipments', 'shipmentLines'],
  complete(rec, known, report) {
    const status = String(rec.status);
    const closed = status === 'resolved' || status === 'rejected';
    if (closed && (rec.resolved_date === null || rec.resolved_date === undefined)) {
      report({ column: 'resolved_date', value: '', message: t('importRules.resolvedRequired', status) });
    }
    if (!closed && rec.resolved_date !== null && rec.resolved_date !== undefined) {
      report({ column: 'resolved_date', value: rec.resolved_date, message: t('importRules.resolvedTooSoon', status) });
    }
    notBefore(rec, 'resolved_date', 'claim', report);
    if (status === 'rejected') {
      if (rec.result === null || rec.result === undefined) rec.result = 'rejected';
      else if (rec.result !== 'rejected') report({ column: 'result', value: rec.result, message: t('importRules.rejectedResult') });
    } else if (rec.result === 'rejected') {
      report({ column: 'result', value: rec.result, message: t('importRules.resultNeedsStatus', status) });
    }
    const shipmentNo = rec.shipment_no;
    const shipment = shipmentNo === null || shipmentNo === undefined ? undefined : known.crm?.shipments?.get(String(shipmentNo));
    if (shipment) {
      if (shipment.client !== rec.client_code) report({ column: 'shipment_no', value: shipmentNo, message: t('claims.otherClient', String(shipmentNo), shipment.client, String(rec.client_code)) });
      if (shipment.date > String(rec.date)) report({ column: 'shipment_no', value: shipmentNo, message: t('claims.shipmentAfter', String(shipmentNo), shipment.date) });
      const lines = known.crm?.shipmentLines?.get(String(shipmentNo));
      if (lines && rec.sku !== null && rec.sku !== undefined) {
        const shipped = lines.get(String(rec.sku));
        if (shipped === undefined) {
          report({ column: 'sku', value: rec.sku, message: t('claims.noLine', String(shipmentNo), String(rec.sku), someOf([...lines.keys()].sort())) });
        } else if (rec.qty !== null && rec.qty !== undefined && Number(rec.qty) > shipped) {
          report({ column: 'qty', value: rec.qty, message: t('claims.moreThanShipped', String(shipmentNo), String(rec.sku), shipped) });
        }
      }
    }
    const recovered = rec.recovered_amount;
    if (recovered !== null && recovered !== undefined && Number(recovered) > 0) {
      if (status === 'rejected') report({ column: 'recovered_amount', value: '', message: t('claims.rejectedRecovered') });
      else if (rec.amount !== null && rec.amount !== undefined && Number(recovered) > Number(rec.amount)) {
        // both amounts said (in kopecks here): the one the user changed may be either (--amount lowered under a stored recovery)
        report({ column: 'recovered_amount', value: '', message: t('claims.recoveredMore', Number(recovered), Number(rec.amount)) });
      }
    }
  },
};

/** Positions of a template's items are its own. */
export const NEGOTIATION_TEMPLATE_HOOKS: EntityHooks = {
  checkFile(scope) {
    const taken = new Map<string, string>(); // template + position → item
    const storedSlots = new Set<string>(); // the slots of stored items this file does not name
    for (const [key, rec] of scope.stored) {
      if (scope.records.has(key)) continue;
      taken.set(`${rec.template_code}\u0001${rec.position}`, String(rec.item));
      storedSlots.add(`${rec.template_code}\u0001${rec.position}`);
    }
    for (const [key, item] of [...scope.records]) {
      const slot = `${item.rec.template_code}\u0001${item.rec.position}`;
      const other = taken.get(slot);
      if (other !== undefined) {
        // a stored item the file leaves out, its place taken by a new text: a rename, which an item known by its text cannot have
        const message = storedSlots.has(slot)
          ? t('importRules.templateItemRenamed', String(item.rec.position), String(item.rec.template_code), other, String(item.rec.item))
          : t('importRules.templatePositionTaken', String(item.rec.position), String(item.rec.template_code), other);
        scope.reject(key, item.row, { column: 'position', value: item.rec.position, message });
      } else taken.set(slot, String(item.rec.item));
    }
  },
};

export const NEGOTIATION_HOOKS: EntityHooks = {
  needs: ['templates', 'negotiations'],
  complete(rec, known, report) {
    notBefore(rec, 'next_date', 'negotiation', report);
    const templates = known.crm?.templates ?? new Map<string, string[]>();
    const template = String(rec.template_code);
    if (!templates.has(template)) {
      const names = [...templates.keys()].sort();
      report({ column: 'template_code', value: template, message: t('negotiations.unknownTemplate', names.length ? someOf(names) : '') });
    }
    const stored = known.crm?.negotiations?.get(String(rec.negotiation_no));
    if (stored && stored.template !== template && stored.items > 0) {
      report({ column: 'template_code', value: template, message: t('negotiations.templateStays', String(rec.negotiation_no), stored.items, stored.template) });
    }
  },
};

export const NEGOTIATION_ITEM_HOOKS: EntityHooks = {
  needs: ['templates', 'negotiations'],
  complete(rec, known, report) {
    const negotiation = known.crm?.negotiations?.get(String(rec.negotiation_no));
    if (!negotiation) return; // an unknown negotiation is the parser's problem
    const items = known.crm?.templates?.get(negotiation.template) ?? [];
    if (!items.includes(String(rec.item))) {
      report({ column: 'item', value: rec.item, message: t('negotiations.notAnItem', negotiation.template, someOf(items.map((i) => `"${i}"`))) });
    }
  },
};

// ── the money side (SPEC §9, issue 14) ───────────────────────────────────────

/** Money that was paid cannot have been paid after today: a problem, as an originals date after today. */
function notAfterToday(rec: Rec, known: RowKnowledge, what: 'delivery' | 'payment', report: (issue: CellIssue) => void): void {
  const day = rec.date === null || rec.date === undefined ? '' : String(rec.date).slice(0, 10);
  if (known.today !== undefined && day > known.today) {
    report({ column: 'date', value: rec.date, message: t('importRules.afterToday', known.today, what) });
  }
}

/** A delivery carries a shipment that has left: not before the shipment's day, not after today. */
export const DELIVERY_HOOKS: EntityHooks = {
  needs: ['shipments'],
  complete(rec, known, report) {
    const shipment = known.crm?.shipments?.get(String(rec.shipment_no));
    const day = String(rec.date ?? '').slice(0, 10);
    if (shipment && day !== '' && day < shipment.date) {
      report({ column: 'date', value: rec.date, message: t('importRules.deliveryBefore', String(rec.shipment_no), shipment.date) });
    }
    notAfterToday(rec, known, 'delivery', report);
  },
};

/** A commission payout is a fact: not after today. */
export const COMMISSION_PAYMENT_HOOKS: EntityHooks = {
  complete(rec, known, report) {
    notAfterToday(rec, known, 'payment', report);
  },
};

/**
 * A price of 0 may be a give-away, but is more often an empty cell a 1C export wrote as 0: a
 * warning naming them (an offer line without a price would take it and be free).
 */
export const PRICE_HOOKS: EntityHooks = {
  watch: (rec) => rec.price === 0,
  afterWrite(scope) {
    const named = scope.keys.map((k) => {
      const [sku, type, from] = k.split('\u0001');
      return t('importRules.priceKey', sku!, type!, from!);
    });
    scope.warn(t('importRules.zeroPrices', named));
  },
};
