// The CRM commands (SPEC §9): deals, claims, interactions and negotiations — their refusals,
// summaries and warnings, and the rules of their records (src/model/entityRules.ts,
// src/model/dealMoves.ts) that a refusal lists.
import { defineArea } from '../area.js';
import { pluralRu } from '../../util/plural.js';
import { plural } from '../../util/plural.js';

export type CrmThing = 'interaction' | 'deal' | 'negotiation' | 'claim';

/** Russian nouns of the records, with the gender their participles agree with. */
const RU: Record<CrmThing, { one: string; acc: string; not: (verb: 'added' | 'changed') => string; unchanged: string }> = {
  deal: { one: 'сделка', acc: 'сделку', not: (v) => (v === 'added' ? 'сделка не добавлена' : 'сделка не изменена'), unchanged: 'не изменилась' },
  claim: { one: 'претензия', acc: 'претензию', not: (v) => (v === 'added' ? 'претензия не добавлена' : 'претензия не изменена'), unchanged: 'не изменилась' },
  interaction: { one: 'взаимодействие', acc: 'взаимодействие', not: (v) => (v === 'added' ? 'взаимодействие не добавлено' : 'взаимодействие не изменено'), unchanged: 'не изменилось' },
  negotiation: { one: 'переговоры', acc: 'переговоры', not: (v) => (v === 'added' ? 'переговоры не добавлены' : 'переговоры не изменены'), unchanged: 'не изменились' },
};
const RU_KIND: Record<string, string> = { back: ', назад', reopen: ', снова открыта', lost: ', проиграна', won: ', выиграна' };
const nameRu = (stage: string, position: number | null, outcome: string) => (outcome === 'open' ? `«${stage}» (позиция ${position})` : `«${stage}» (${ru('outcome', outcome)})`);
const name = (stage: string, position: number | null, outcome: string) => (outcome === 'open' ? `"${stage}" (position ${position})` : `"${stage}" (${outcome})`);
/** The Russian words of stored values (each one the import accepts back), by field. */
export const VALUES_RU: Record<string, Record<string, string>> = {
  kind: { call: 'звонок', email: 'эл. письмо', mail: 'письмо', fax: 'факс', meeting: 'встреча', visit: 'визит', other: 'другое' },
  direction: { in: 'входящее', out: 'исходящее' },
  status: { new: 'новая', in_work: 'в работе', resolved: 'решена', rejected: 'отклонена' },
  outcome: { open: 'открыт', won: 'выигран', lost: 'проигран' },
  move: { start: 'начало', forward: 'вперёд', back: 'назад', won: 'выиграна', lost: 'проиграна', reopen: 'снова открыта', same: 'тот же этап' },
  result: { replacement: 'замена', refund: 'возврат', discount: 'скидка', repair: 'ремонт', rejected: 'отказ', agreed: 'договорились', postponed: 'отложено', refused: 'отказ' },
  item: { yes: 'да', no: 'нет', partly: 'частично' },
};
const ru = (field: string, value: string) => VALUES_RU[field]?.[value] ?? value;
/** The command that lists an entity's records. */
const listing = (entity: string) => (['clients', 'managers', 'products', 'suppliers'].includes(entity) ? `crm ${entity} list` : `crm export ${entity}`);
const WHY = 'needs a reason (a refusal reason code: crm import reasons)';
const WHY_RU = 'требует причины (код причины отказа: crm import reasons)';

export const crm = defineArea(
  {
    // add / edit / show of any CRM record (src/commands/crmRecords.ts)
    'crm.notWritten': (thing: CrmThing, verb: 'added' | 'changed') => `${thing} not ${verb}: nothing was written`,
    'crm.added': (thing: CrmThing, key: string, op: number) => `added ${thing} ${key} (operation ${op})`,
    'crm.changed': (thing: CrmThing, key: string, op: number) => `changed ${thing} ${key} (operation ${op})`,
    'crm.unchanged': (thing: CrmThing, key: string) => `${thing} ${key} unchanged`,
    'crm.exists': (thing: CrmThing, key: string, entity: string) => `${thing} ${key} already exists: use crm ${entity} edit ${key}`,
    'crm.recordedAlready': (thing: CrmThing) => `this ${thing} is recorded already (the same date, client, kind, direction, contact, subject and document): nothing was written`,
    'crm.differs': (field: string, stored: string, given: string) => `${field} "${stored}" (given "${given}")`,
    'interactions.numberTaken': (no: string, differs: string) =>
      `this interaction's number ${no} (derived from the date, client, kind, direction, contact, subject and document) is taken by interaction ${no}, edited since: ${differs}; nothing was written — give this one a number of its own (--interaction-no), or change that one (crm interactions edit ${no})`,
    'interactions.recordedAs': (no: string, differs: string) =>
      `this interaction is recorded already as ${no} (the same date, client, kind, direction, contact, subject and document)${differs ? `, with ${differs}` : ''}: nothing was written${differs ? `; to change it: crm interactions edit ${no}` : ''}`,
    'crm.noSuch': (thing: CrmThing, field: string, key: string) => `no ${thing} with ${field} "${key}"`,
    'crm.missing': (flags: string, entity: string) => `missing ${flags}: no terminal to ask, so pass them as flags (crm ${entity} add --help)`,
    'crm.nothingToChange': (example: string, entity: string) => `nothing to change: pass one or more fields, e.g. ${example} VALUE (crm ${entity} edit --help)`,
    'crm.warning': (text: string) => `warning: ${text}`,
    'crm.count': (n: number, thing: CrmThing, many: string) => plural(n, thing, many),
    /** A stored value (a claim's status, an interaction's kind, a stage's outcome …) as the run's language says it. */
    'crm.value': (_field: string, value: string) => value,
    // the list filters (src/commands/crmRecords.ts)
    'crm.noSuchCode': (flag: string, code: string, entity: string) => `${flag} ${code}: no such ${entity.replace(/s$/, '')} (crm ${entity} list)`,
    'crm.jsonAndFormat': (format: string) => `--json and --format ${format} contradict each other: give one`,
    'crm.badChoice': (flag: string, given: string, _field: string, choices: string[]) => `${flag} ${given}: expected ${flag === '--kind' ? 'one of ' : ''}${choices.join(', ')}`,
    'crm.toBeforeFrom': (to: string, from: string) => `--to ${to} is before --from ${from}`,
    'crm.openAndStatus': (status: string) => `--open and --status ${status} contradict each other: an open claim is new or in work`,
    'crm.noTemplate': (template: string) => `--template ${template}: no such negotiation template (crm export negotiation-templates)`,
    'crm.noChannel': (channel: string, channels: string[]) => `--channel ${channel}: no such sales channel (the channels: ${channels.join(', ') || 'none yet'})`,
    'crm.askUnknown': (entity: string, value: string) => `no ${entity.replace(/-/g, ' ').replace(/s$/, '')} with code or name "${value}" (${listing(entity)})`,
    'card.noClient': (code: string) => `no client with code "${code}" (crm clients list)`,
    'negotiations.noItem': (template: string, no: string) => `template "${template}" of negotiation ${no} has no item`,
    'negotiations.itsItems': () => 'its items',
    'negotiations.emptyItem': (no: string, template: string, items: string) =>
      `ITEM is empty: give the item of template "${template}" by its position or its text (crm negotiations show ${no}): ${items}`,
    'negotiations.emptyOutcome': (no: string, item: string) => `OUTCOME is empty: give yes, partly or no (да, частично, нет), e.g. crm negotiations check ${no} ${item || 1} yes`,
    // the funnel report's line per channel (src/reports/funnel.ts)
    'crm.funnelChannel': (channel: string, deals: number, won: number, wonPct: number | null, lost: number) =>
      `${channel}: ${plural(deals, 'deal')}, ${won} won${wonPct === null ? '' : ` (${wonPct} %)`}, ${lost} lost`,
    // the client card (src/commands/clientCard.ts)
    'card.balance': (amount: string, day: string, advance: boolean) => `${amount} on ${day}${advance ? ' (an advance)' : ''}`,
    'card.overdueShipments': (n: number) => `(${plural(n, 'shipment')} past their deferral)`,
    'card.interactions': (shown: number, total: number) => `interactions${total > shown ? ` (the last ${shown} of ${total})` : ''}`,
    'card.openDeals': () => 'open deals',
    'card.openClaims': () => 'open claims',
    'card.none': () => 'none',
    'card.sales': (from: string, to: string, amount: string, margin: string) => `sales, ${from} to ${to} (${amount}, margin ${margin})`,
    'card.statusUnknown': () => 'new or in_work?',
    'card.statusUnknownWhy': (claim: string, day: string, now: string) =>
      `? ${claim}: its status on ${day} is not known (recorded after that day, and not as new; now ${now}): it was open then, new or in work`,
    // a date after the record's own (interactions' next date, deals' expected close, claims' resolved date)
    // deals
    'deals.noDeal': (deal: string) => `no deal with deal_no "${deal}" (crm deals list)`,
    'deals.notMoved': (deal: string) => `deal ${deal} not moved: nothing was written`,
    'deals.moved': (deal: string, from: string, to: string, date: string, kind: string, reason: string | null, instead: string | null, op: number) =>
      `deal ${deal}: ${from} → ${to} on ${date}${kind === 'back' ? ', back' : kind === 'reopen' ? ', reopened' : kind === 'lost' ? ', lost' : kind === 'won' ? ', won' : ''}${reason ? `; reason ${reason}` : ''}${instead ? ` (instead of ${instead} that day)` : ''} (operation ${op})`,
    'deals.noStage': (channel: string, deal: string) => `channel "${channel}" of deal ${deal} has no stage`,
    'deals.itsStages': (current: string | null) => `its stages${current ? ` (the deal is in "${current}")` : ''}`,
    'deals.notMovedYet': (deal: string, stage: string, opened: string, onward: string[]) =>
      `deal ${deal} has not moved yet: it is in "${stage}", where it started on ${opened}; move it to one of ${onward.map((s) => `"${s}"`).join(', ')}`,
    'deals.sameDayBack': (date: string, was: string, deal: string) =>
      `a second move on ${date} replaces the move to "${was}" of that day; to take that move back, crm undo its operation (crm history record deals ${deal} names it)`,
    'deals.stageSince': (stage: string, outcome: string, since: string) => `${stage} (${outcome}) since ${since}`,
    'deals.historyTitle': (asOf: string) => `stage history (days: to the next move, the current stage to ${asOf})`,
    'deals.inStageAlready': (deal: string, stage: string, date: string) => `deal ${deal} is recorded in stage ${stage} on ${date} already: nothing changed`,
    'deals.ambiguousStage': (channel: string, twins: string) => `ambiguous: channel "${channel}" has stages ${twins}, which differ only in case; write it as one of them is spelled`,
    'deals.moveSame': (stage: string) => `the deal is in stage "${stage}" already`,
    'deals.moveBack': (from: string, fromPos: number | null, fromOutcome: string, to: string, toPos: number | null, toOutcome: string) =>
      `a move back from ${name(from, fromPos, fromOutcome)} to ${name(to, toPos, toOutcome)} ${WHY}`,
    'deals.moveLost': (stage: string) => `a move to the lost stage "${stage}" ${WHY}`,
    'deals.moveReopen': (from: string, fromPos: number | null, fromOutcome: string) => `reopening a deal from ${name(from, fromPos, fromOutcome)} ${WHY}`,
    'deals.notStageOfChannel': (channel: string, stages: string) => `not a stage of the deal's channel "${channel}" (its stages: ${stages})`,
    'deals.beforeOpened': (deal: string, date: string) => `deal ${deal} was opened on ${date}: expected a date on or after it`,
    // claims
    'claims.noClaim': (claim: string) => `no claim with claim_no "${claim}" (crm claims list)`,
    'claims.closedAlready': (claim: string, status: string, date: string) => `claim ${claim} is ${status} already (on ${date}): change it with crm claims edit ${claim}`,
    'claims.notResolved': (claim: string) => `claim ${claim} not resolved: nothing was written`,
    'claims.resolved': (claim: string, rejected: boolean, date: string, result: string, op: number) =>
      `claim ${claim} ${rejected ? 'rejected' : 'resolved'} on ${date}${rejected ? '' : ` (${result})`} (operation ${op})`,
    'claims.otherClient': (shipment: string, client: string, claimClient: string) => `shipment ${shipment} went to client ${client}, not ${claimClient}`,
    'claims.shipmentAfter': (shipment: string, date: string) => `shipment ${shipment} is of ${date}, after the claim`,
    'claims.noLine': (shipment: string, sku: string, skus: string) => `shipment ${shipment} has no line of ${sku} (it shipped ${skus})`,
    'claims.moreThanShipped': (shipment: string, sku: string, qty: number) => `more than shipment ${shipment} shipped of ${sku} (${qty})`,
    'claims.rejectedRecovered': () => 'a rejected claim cost nothing: nothing to recover from the supplier',
    'claims.recoveredMore': (recovered: number, amount: number) =>
      `recovered ${(recovered / 100).toFixed(2)} is more than the claim's amount ${(amount / 100).toFixed(2)}: the supplier pays back at most what the claim cost`,
    'claims.lineDropped': (claim: string, sku: string, shipment: string) =>
      `claim ${claim} is against the line of ${sku} of shipment ${shipment}, which this file drops: the claim would point at nothing (keep the line, or change or delete the claim first)`,
    'claims.lineShrunk': (claim: string, qty: number, sku: string) => `claim ${claim} claims ${qty} of ${sku} of this shipment: expected at least that shipped (change or delete the claim first)`,
    // negotiations
    'negotiations.noNegotiation': (no: string) => `no negotiation with negotiation_no "${no}" (crm negotiations list)`,
    'negotiations.notChanged': (no: string) => `negotiation ${no} not changed: nothing was written`,
    'negotiations.sameOutcome': (no: string, item: string, outcome: string) => `negotiation ${no}: "${item}" is ${outcome} already: nothing changed`,
    'negotiations.checked': (no: string, item: string, was: string | null, now: string, op: number) => `negotiation ${no}: "${item}" ${was ? `${was} → ` : ''}${now} (operation ${op})`,
    'negotiations.unknownTemplate': (names: string) => `unknown template: import negotiation-templates first${names ? `; the templates are ${names}` : ''}`,
    'negotiations.templateStays': (no: string, items: number, template: string) => `negotiation ${no} has ${items} checklist results of template "${template}": its template stays`,
    'negotiations.notAnItem': (template: string, items: string) => `not an item of template "${template}" (its items: ${items})`,
  },
  {
    'crm.notWritten': (thing, verb) => `${RU[thing].not(verb)}: ничего не записано`,
    'crm.added': (thing, key, op) => `добавлено: ${RU[thing].one} ${key} (операция ${op})`,
    'crm.changed': (thing, key, op) => `изменено: ${RU[thing].one} ${key} (операция ${op})`,
    'crm.unchanged': (thing, key) => `${RU[thing].one} ${key} ${RU[thing].unchanged}`,
    'crm.exists': (thing, key, entity) => `${RU[thing].one} ${key} уже есть: измените через crm ${entity} edit ${key}`,
    'crm.recordedAlready': (thing) => `${RU[thing].one} уже записано (та же дата, клиент, вид, направление, контакт, тема и документ): ничего не записано`,
    'crm.differs': (field, stored, given) => `${field} «${stored}» (дано «${given}»)`,
    'interactions.numberTaken': (no, differs) =>
      `номер этого взаимодействия ${no} (из даты, клиента, вида, направления, контакта, темы и документа) занят взаимодействием ${no}, которое с тех пор изменили: ${differs}; ничего не записано — дайте этому свой номер (--interaction-no) или измените то (crm interactions edit ${no})`,
    'interactions.recordedAs': (no, differs) =>
      `это взаимодействие уже записано как ${no} (та же дата, клиент, вид, направление, контакт, тема и документ)${differs ? `, но ${differs}` : ''}: ничего не записано${differs ? `; изменить: crm interactions edit ${no}` : ''}`,
    'crm.noSuch': (thing, field, key) => `нет записи «${RU[thing].one}» с ${field} "${key}"`,
    'crm.missing': (flags, entity) => `не хватает ${flags}: терминала для вопросов нет, передайте их флагами (crm ${entity} add --help)`,
    'crm.nothingToChange': (example, entity) => `нечего менять: передайте одно или несколько полей, например ${example} ЗНАЧЕНИЕ (crm ${entity} edit --help)`,
    'crm.warning': (text) => `предупреждение: ${text}`,
    'crm.value': (field, value) => ru(field, value),
    'crm.noSuchCode': (flag, code, entity) => `${flag} ${code}: нет ${entity === 'clients' ? 'такого клиента' : entity === 'managers' ? 'такого менеджера' : 'такой записи'} (crm ${entity} list)`,
    'crm.jsonAndFormat': (format) => `--json и --format ${format} противоречат друг другу: укажите одно`,
    'crm.badChoice': (flag, given, field, choices) =>
      `${flag} ${given}: ожидалось ${choices.map((c) => (c === 'open' ? 'открыта' : ru(field, c))).join(', ')} (или ${choices.join(', ')})`,
    'crm.toBeforeFrom': (to, from) => `--to ${to} раньше --from ${from}`,
    'crm.openAndStatus': (status) => `--open и --status ${status} противоречат друг другу: открытая претензия — новая или в работе`,
    'crm.noTemplate': (template) => `--template ${template}: нет такого шаблона переговоров (crm export negotiation-templates)`,
    'crm.noChannel': (channel, channels) => `--channel ${channel}: нет такого канала продаж (каналы: ${channels.join(', ') || 'пока нет'})`,
    'crm.askUnknown': (entity, value) => `${entity === 'clients' ? 'нет клиента' : entity === 'managers' ? 'нет менеджера' : `нет записи ${entity}`} с кодом или названием "${value}" (${listing(entity)})`,
    'card.noClient': (code) => `нет клиента с кодом "${code}" (crm clients list)`,
    'negotiations.noItem': (template, no) => `в шаблоне «${template}» переговоров ${no} нет пункта`,
    'negotiations.itsItems': () => 'его пункты',
    'negotiations.emptyItem': (no, template, items) =>
      `ITEM пуст: укажите пункт шаблона «${template}» номером или текстом (crm negotiations show ${no}): ${items}`,
    'negotiations.emptyOutcome': (no, item) => `OUTCOME пуст: укажите да, частично или нет (yes, partly, no), например crm negotiations check ${no} ${item || 1} да`,
    'crm.funnelChannel': (channel, deals, won, wonPct, lost) =>
      `${channel}: ${pluralRu(deals, 'сделка', 'сделки', 'сделок')}, выиграно ${won}${wonPct === null ? '' : ` (${String(wonPct).replace('.', ',')} %)`}, проиграно ${lost}`,
    'card.balance': (amount, day, advance) => `${amount} на ${day}${advance ? ' (аванс)' : ''}`,
    'card.overdueShipments': (n) => `(${pluralRu(n, 'реализация', 'реализации', 'реализаций')} с истёкшей отсрочкой)`,
    'card.interactions': (shown, total) => `взаимодействия${total > shown ? ` (последние ${shown} из ${total})` : ''}`,
    'card.openDeals': () => 'открытые сделки',
    'card.openClaims': () => 'открытые претензии',
    'card.none': () => 'нет',
    'card.sales': (from, to, amount, margin) => `продажи, ${from} — ${to} (${amount}, маржа ${margin})`,
    'card.statusUnknown': () => 'новая или в работе?',
    'card.statusUnknownWhy': (claim, day, now) =>
      `? ${claim}: статус на ${day} неизвестен (записана позже и не как новая; сейчас ${now}): тогда она была открыта — новая или в работе`,
    'crm.count': (n, thing) =>
      thing === 'deal' ? `${pluralRu(n, 'сделка', 'сделки', 'сделок')}`
      : thing === 'claim' ? `${pluralRu(n, 'претензия', 'претензии', 'претензий')}`
      : thing === 'interaction' ? `${pluralRu(n, 'взаимодействие', 'взаимодействия', 'взаимодействий')}`
      : `переговоров: ${n}`,
    'deals.noDeal': (deal) => `нет сделки с deal_no "${deal}" (crm deals list)`,
    'deals.notMoved': (deal) => `сделка ${deal} не перемещена: ничего не записано`,
    'deals.moved': (deal, from, to, date, kind, reason, instead, op) =>
      `сделка ${deal}: ${from} → ${to} ${date}${RU_KIND[kind] ?? ''}${reason ? `; причина ${reason}` : ''}${instead ? ` (вместо ${instead} в тот же день)` : ''} (операция ${op})`,
    'deals.noStage': (channel, deal) => `у канала «${channel}» сделки ${deal} нет этапа`,
    'deals.itsStages': (current) => `его этапы${current ? ` (сделка на этапе «${current}»)` : ''}`,
    'deals.notMovedYet': (deal, stage, opened, onward) =>
      `сделка ${deal} ещё не перемещалась: она на этапе «${stage}», с которого начала ${opened}; переместите её на один из этапов ${onward.map((s) => `«${s}»`).join(', ')}`,
    'deals.sameDayBack': (date, was, deal) =>
      `вторая смена ${date} заменяет смену того дня на «${was}»; чтобы отменить ту смену, выполните crm undo для её операции (её называет crm history record deals ${deal})`,
    'deals.stageSince': (stage, outcome, since) => `${stage} (${outcome}) с ${since}`,
    'deals.historyTitle': (asOf) => `история этапов (дни: до следующей смены, текущий этап — до ${asOf})`,
    'deals.inStageAlready': (deal, stage, date) => `сделка ${deal} уже записана на этапе ${stage} на ${date}: ничего не изменилось`,
    'deals.ambiguousStage': (channel, twins) => `неоднозначно: у канала «${channel}» есть этапы ${twins}, различающиеся только регистром; напишите так, как написан один из них`,
    'deals.moveSame': (stage) => `сделка уже на этапе «${stage}»`,
    'deals.moveBack': (from, fromPos, fromOutcome, to, toPos, toOutcome) => `переход назад с ${nameRu(from, fromPos, fromOutcome)} на ${nameRu(to, toPos, toOutcome)} ${WHY_RU}`,
    'deals.moveLost': (stage) => `переход на проигрышный этап «${stage}» ${WHY_RU}`,
    'deals.moveReopen': (from, fromPos, fromOutcome) => `повторное открытие сделки с ${nameRu(from, fromPos, fromOutcome)} ${WHY_RU}`,
    'deals.notStageOfChannel': (channel, stages) => `не этап канала сделки «${channel}» (его этапы: ${stages})`,
    'deals.beforeOpened': (deal, date) => `сделка ${deal} открыта ${date}: ожидалась дата не раньше`,
    'claims.noClaim': (claim) => `нет претензии с claim_no "${claim}" (crm claims list)`,
    'claims.closedAlready': (claim, status, date) => `претензия ${claim} уже ${status} (${date}): изменить — crm claims edit ${claim}`,
    'claims.notResolved': (claim) => `претензия ${claim} не закрыта: ничего не записано`,
    'claims.resolved': (claim, rejected, date, result, op) => `претензия ${claim} ${rejected ? 'отклонена' : 'решена'} ${date}${rejected ? '' : ` (${result})`} (операция ${op})`,
    'claims.otherClient': (shipment, client, claimClient) => `реализация ${shipment} ушла клиенту ${client}, а не ${claimClient}`,
    'claims.shipmentAfter': (shipment, date) => `реализация ${shipment} от ${date}, позже претензии`,
    'claims.noLine': (shipment, sku, skus) => `в реализации ${shipment} нет строки ${sku} (отгружено: ${skus})`,
    'claims.moreThanShipped': (shipment, sku, qty) => `больше, чем отгружено ${sku} по реализации ${shipment} (${qty})`,
    'claims.rejectedRecovered': () => 'отклонённая претензия ничего не стоила: возмещать поставщику нечего',
    'claims.recoveredMore': (recovered, amount) =>
      `возмещение ${(recovered / 100).toFixed(2).replace('.', ',')} больше суммы претензии ${(amount / 100).toFixed(2).replace('.', ',')}: поставщик возмещает не больше, чем стоила претензия`,
    'claims.lineDropped': (claim, sku, shipment) =>
      `претензия ${claim} заявлена по строке ${sku} реализации ${shipment}, а этот файл её убирает: претензия ссылалась бы в никуда (оставьте строку или сначала измените или удалите претензию)`,
    'claims.lineShrunk': (claim, qty, sku) => `претензия ${claim} заявляет ${qty} ${sku} по этой реализации: ожидалось отгружено не меньше (сначала измените или удалите претензию)`,
    'negotiations.noNegotiation': (no) => `нет переговоров с negotiation_no "${no}" (crm negotiations list)`,
    'negotiations.notChanged': (no) => `переговоры ${no} не изменены: ничего не записано`,
    'negotiations.sameOutcome': (no, item, outcome) => `переговоры ${no}: «${item}» уже ${outcome}: ничего не изменилось`,
    'negotiations.checked': (no, item, was, now, op) => `переговоры ${no}: «${item}» ${was ? `${was} → ` : ''}${now} (операция ${op})`,
    'negotiations.unknownTemplate': (names) => `неизвестный шаблон: сначала загрузите negotiation-templates${names ? `; шаблоны: ${names}` : ''}`,
    'negotiations.templateStays': (no, items, template) => `у переговоров ${no} есть результаты по пунктам шаблона «${template}» (${items}): шаблон не меняется`,
    'negotiations.notAnItem': (template, items) => `не пункт шаблона «${template}» (его пункты: ${items})`,
  },
);
