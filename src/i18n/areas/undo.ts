// The words of `crm undo` (src/db/undo.ts, src/db/undoRules.ts): why an operation cannot be
// undone, what stands in its way, and the records an undo would leave breaking their rules.
import { plural, pluralRu } from '../../util/plural.js';
import { defineArea } from '../area.js';

/** What a later operation did that stands in an undo's way. */
export type BlockerKind = 'overlap' | 'dependents' | 'keys' | 'deleted' | 'left';

/** A later operation in the way, with a few of its rows (`moreRows`: how many more it has). */
export interface BlockerWords {
  op: number;
  command: string;
  kind: BlockerKind;
  rows: string[];
  moreRows: number;
}

const WHY_EN: Record<BlockerKind, string> = {
  overlap: 'changed the same rows',
  dependents: 'refers to rows it inserted',
  keys: 'gave their codes to new rows',
  deleted: 'deleted rows they refer to',
  left: 'refers to rows it would remove',
};

const WHY_RU: Record<BlockerKind, string> = {
  overlap: 'изменила те же строки',
  dependents: 'ссылается на добавленные ею строки',
  keys: 'отдала их коды новым строкам',
  deleted: 'удалила строки, на которые они ссылаются',
  left: 'ссылается на строки, которые отмена удалила бы',
};

const writersEn = (writers: { op: number; command: string }[]) =>
  writers.length === 0 ? ' (crm history lists them)' : `, newest first: ${writers.map((w) => `operation ${w.op} (${w.command})`).join(', ')}`;
const writersRu = (writers: { op: number; command: string }[]) =>
  writers.length === 0 ? ' (их список — crm history)' : `, от новых к старым: ${writers.map((w) => `операция ${w.op} (${w.command})`).join(', ')}`;

export const undo = defineArea(
  {
    'undo.noOperation': (id: number) => `there is no operation ${id} (crm history lists them)`,
    'undo.restoreOp': (id: number, kept: string | undefined) =>
      `operation ${id} replaced the whole database from a backup; it is undone by restoring the database it replaced: crm restore ${kept ?? 'NAME.before-restore-…'}; nothing was written`,
    'undo.undoneAlready': (id: number, command: string, by: number) => `operation ${id} (${command}) is undone already, by operation ${by}: undo ${by} to redo it; nothing was written`,
    'undo.undoneByMissing': (id: number, command: string, by: number) =>
      `operation ${id} (${command}) is marked undone by operation ${by}, which is not in the history: crm db check; nothing was written`,
    'undo.undoneAndRedone': (id: number, command: string, by: number, redo: number) =>
      `operation ${id} (${command}) was undone by ${by} and that undo was undone by ${redo}: undo ${redo} to undo it again; nothing was written`,
    'undo.beforeJournal': (id: number, command: string) => `operation ${id} (${command}) was recorded before crm kept a journal: it cannot be undone; nothing was written`,
    'undo.rowsGone': (id: number, rows: string) => `cannot undo operation ${id}: the rows it would put back refer to rows that are gone (${rows}); nothing was written`,
    'undo.clash': (id: number, detail: string) => `cannot undo operation ${id}: the rows it would put back clash with later data (${detail}); nothing was written`,
    'undo.blocked': (id: number, blockers: BlockerWords[], moreOps: number) =>
      `cannot undo operation ${id}: ${blockers
        .map((b) => `operation ${b.op} (${b.command}) ${WHY_EN[b.kind]}: ${b.rows.join(', ')}${b.moreRows > 0 ? ` … and ${plural(b.moreRows, 'more row')}` : ''}`)
        .join('; ')}${moreOps > 0 ? `; … and ${plural(moreOps, 'more operation')}` : ''}; undo ${blockers.length + moreOps === 1 ? 'that one' : 'those'} first, or use --cascade; nothing was written`,
    'undo.rulesBroken': (id: number, shown: string[], more: number, writers: { op: number; command: string }[]) =>
      `cannot undo operation ${id}: the records left would break their rules — ${shown.join('; ')}${more > 0 ? `; … and ${plural(more, 'more record')}` : ''}; undo the later changes of these records first${writersEn(writers)}; nothing was written`,
    'undo.stageOfOtherChannel': (deal: string, stage: string, stageChannel: string, dealChannel: string) =>
      `deal ${deal} would be in stage "${stage}" of channel "${stageChannel}", not of its own channel "${dealChannel}"`,
    'undo.checkDetail': () => 'claims, deliveries and deals agree with their shipments, orders and channels, as imports keep them',
    'undo.checkClaimBefore': (claim: string, date: string, shipment: string, shipmentDate: string) => `claim ${claim} of ${date} is against shipment ${shipment} of ${shipmentDate}, a later day`,
    'undo.checkClaimClient': (claim: string, client: string, shipment: string, shipmentClient: string) => `claim ${claim} of client ${client} is against shipment ${shipment} of client ${shipmentClient}`,
    'undo.checkClaimQty': (claim: string, shipment: string, sku: string, qty: number | null, shipped: number | null) =>
      shipped === null ? `claim ${claim} names the line of ${sku} of shipment ${shipment}, which has none` : `claim ${claim} claims ${qty} of ${sku} of shipment ${shipment}, which shipped ${shipped}`,
    'undo.checkDeliveryBefore': (delivery: string, date: string, shipment: string, shipmentDate: string) => `delivery ${delivery} of ${date} carries shipment ${shipment} of ${shipmentDate}, a later day`,
    'undo.checkDealStage': (deal: string, date: string, stage: string, stageChannel: string, channel: string) =>
      `deal ${deal} moved on ${date} to stage "${stage}" of channel "${stageChannel}", not of its own channel "${channel}"`,
    'undo.checkDealMoveBefore': (deal: string, date: string, dealDate: string) => `deal ${deal} moved on ${date}, before the deal's own date ${dealDate}`,
    'undo.checkDealOrder': (deal: string, client: string, order: string, orderClient: string) => `deal ${deal} of client ${client} is linked to order ${order} of client ${orderClient}`,
    'undo.checkFix': () => 'fix these records (a re-import or an edit of them), or undo the operation that broke them (crm history lists them)',
  },
  {    'undo.noOperation': (id) => `нет операции ${id} (их список — crm history)`,
    'undo.restoreOp': (id, kept) =>
      `операция ${id} заменила всю базу резервной копией; она отменяется восстановлением заменённой базы: crm restore ${kept ?? 'ИМЯ.before-restore-…'}; ничего не записано`,
    'undo.undoneAlready': (id, command, by) => `операция ${id} (${command}) уже отменена операцией ${by}: отмените ${by}, чтобы вернуть её; ничего не записано`,
    'undo.undoneByMissing': (id, command, by) => `операция ${id} (${command}) помечена как отменённая операцией ${by}, которой нет в истории: crm db check; ничего не записано`,
    'undo.undoneAndRedone': (id, command, by, redo) =>
      `операция ${id} (${command}) была отменена операцией ${by}, а та отменена операцией ${redo}: отмените ${redo}, чтобы снова отменить её; ничего не записано`,
    'undo.beforeJournal': (id, command) => `операция ${id} (${command}) записана до того, как crm стал вести журнал: её нельзя отменить; ничего не записано`,
    'undo.rowsGone': (id, rows) => `нельзя отменить операцию ${id}: возвращаемые строки ссылаются на строки, которых больше нет (${rows}); ничего не записано`,
    'undo.clash': (id, detail) => `нельзя отменить операцию ${id}: возвращаемые строки противоречат более поздним данным (${detail}); ничего не записано`,
    'undo.blocked': (id, blockers, moreOps) =>
      `нельзя отменить операцию ${id}: ${blockers
        .map((b) => `операция ${b.op} (${b.command}) ${WHY_RU[b.kind]}: ${b.rows.join(', ')}${b.moreRows > 0 ? ` … и ещё ${pluralRu(b.moreRows, 'строка', 'строки', 'строк')}` : ''}`)
        .join('; ')}${moreOps > 0 ? `; … и ещё ${pluralRu(moreOps, 'операция', 'операции', 'операций')}` : ''}; сначала отмените ${blockers.length + moreOps === 1 ? 'её' : 'их'} или используйте --cascade; ничего не записано`,
    'undo.rulesBroken': (id, shown, more, writers) =>
      `нельзя отменить операцию ${id}: оставшиеся записи нарушили бы свои правила — ${shown.join('; ')}${more > 0 ? `; … и ещё ${pluralRu(more, 'запись', 'записи', 'записей')}` : ''}; сначала отмените более поздние изменения этих записей${writersRu(writers)}; ничего не записано`,
    'undo.stageOfOtherChannel': (deal, stage, stageChannel, dealChannel) => `сделка ${deal} оказалась бы на этапе «${stage}» канала «${stageChannel}», а не своего канала «${dealChannel}»`,
    'undo.checkDetail': () => 'претензии, доставки и сделки согласуются со своими реализациями, заказами и каналами, как их держит загрузка',
    'undo.checkClaimBefore': (claim, date, shipment, shipmentDate) => `претензия ${claim} от ${date} — к реализации ${shipment} от ${shipmentDate}, более позднего дня`,
    'undo.checkClaimClient': (claim, client, shipment, shipmentClient) => `претензия ${claim} клиента ${client} — к реализации ${shipment} клиента ${shipmentClient}`,
    'undo.checkClaimQty': (claim, shipment, sku, qty, shipped) =>
      shipped === null ? `претензия ${claim} называет строку ${sku} реализации ${shipment}, а такой строки нет` : `претензия ${claim} заявлена на ${qty} ${sku} по реализации ${shipment}, а отгружено ${shipped}`,
    'undo.checkDeliveryBefore': (delivery, date, shipment, shipmentDate) => `доставка ${delivery} от ${date} везёт реализацию ${shipment} от ${shipmentDate}, более позднего дня`,
    'undo.checkDealStage': (deal, date, stage, stageChannel, channel) => `сделка ${deal} перешла ${date} на этап «${stage}» канала «${stageChannel}», а не своего канала «${channel}»`,
    'undo.checkDealMoveBefore': (deal, date, dealDate) => `сделка ${deal} перешла на этап ${date}, раньше даты самой сделки ${dealDate}`,
    'undo.checkDealOrder': (deal, client, order, orderClient) => `сделка ${deal} клиента ${client} связана с заказом ${order} клиента ${orderClient}`,
    'undo.checkFix': () => 'исправьте эти записи (повторной загрузкой или правкой) или отмените операцию, которая их нарушила (список — crm history)',
  },
);
