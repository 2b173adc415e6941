// The explanation sheet of `crm template` in Russian (issue 15): the column titles, the types
// and each column's description, by the English words of the column (src/model/entities.ts).
// Descriptions made by a rule there (a reference, a date, a money or percent ending) are
// translated by the same rule; test/languageMessages2.test.ts fails on a description left English.

export const TEMPLATE_SHEET_RU = 'столбцы';

export const TEMPLATE_HEADERS_RU = { column: 'столбец', required: 'обязательный', type: 'тип', accepted_headers: 'принимаемые заголовки', description: 'описание' };

export const TEMPLATE_YES_RU = 'да';

export const TYPE_HELP_RU: Record<string, string> = { // by the model's ColumnType (i18n imports only util: keyed by its names)
  text: 'текст',
  money: 'деньги: 1234.56 или 1\u00a0234,56',
  number: 'число: 12 или 2,5',
  int: 'целое число',
  percent: 'процент: 5, 5% или 5,5',
  date: 'дата: 2026-12-31, 31.12.2026 или дата Excel',
  month: 'месяц: 2027-01, янв.27 или январь 2027',
  bool: 'да/нет: 1/0, да/нет',
  datetime: 'дата или дата и время: 2026-12-31, 2026-12-31 14:30, 31.12.2026 14:30 или дата Excel',
};

const REF_RU: Record<string, string> = {
  manager: 'код существующего менеджера',
  group: 'код существующей группы',
  supplier: 'код существующего поставщика',
  product: 'артикул существующего товара',
  client: 'код существующего клиента',
  reason: 'код существующей причины отказа',
  order: 'номер существующего заказа',
  purchase: 'номер существующего заказа поставщику',
  shipment: 'номер существующей отгрузки',
  'claim-cause': 'код существующей причины претензии',
  deal: 'номер существующей сделки',
  stage: 'существующий этап',
  negotiation: 'номер существующих переговоров',
};

const ONE_ROW_PER_LINE = 'одна строка на позицию, поля шапки повторяются';
const ARCHIVES = 'да/нет: true/false, 1/0, да/нет; пусто — да; false переносит в архив';
const ILLIQUID = 'дней без продаж, после которых запас считается неликвидным; пусто — унаследовать';
const DEFERRAL = 'дней между отгрузкой/приходом и оплатой; отрицательное — предоплата за столько дней до';

const HELP_RU: Record<string, string> = {
  'manager code': 'код менеджера',
  'full name': 'ФИО',
  'e-mail address': 'адрес электронной почты',
  'yes/no: true/false, 1/0, да/нет; empty = yes; false archives it': ARCHIVES,
  'group code': 'код группы',
  'name as people read it': 'наименование, как его читают люди',
  'code of the parent group (this file or the database); empty = top level': 'код родительской группы (в этом файле или в базе); пусто — верхний уровень',
  'days without sales after which stock counts as illiquid; empty = inherited': ILLIQUID,
  'supplier code': 'код поставщика',
  'days between shipment/receipt and payment; negative = prepayment that many days before': DEFERRAL,
  'credit line; empty = unlimited, 0 = none': 'кредитная линия; пусто — без ограничения, 0 — без кредита',
  'taxpayer number (ИНН), kept as text; two suppliers may not share one': 'ИНН, хранится как текст; у двух поставщиков не может быть одного',
  'article (SKU)': 'артикул (SKU)',
  'unit: шт, кг, м …': 'единица измерения: шт, кг, м …',
  'list price per unit': 'цена по прайсу за единицу',
  'cost per unit': 'себестоимость единицы',
  'support level (free text, e.g. A/B/C)': 'уровень поддержки (произвольный текст, например A/B/C)',
  'days from purchase order to receipt, 0 to 3650': 'дней от заказа поставщику до прихода, от 0 до 3650',
  'purchases are rounded up to a multiple of this': 'закупка округляется вверх до кратного этому числу',
  'client code': 'код клиента',
  'taxpayer number (ИНН), kept as text; two clients may not share one': 'ИНН, хранится как текст; у двух клиентов не может быть одного',
  'segment (free text)': 'сегмент (произвольный текст)',
  'sales channel (free text)': 'канал продаж (произвольный текст)',
  'standard discount': 'стандартная скидка',
  'credit limit; empty = unlimited, 0 = none': 'кредитный лимит; пусто — без ограничения, 0 — без кредита',
  'purchase potential per year': 'потенциал закупок за год',
  "the price list (crm import prices) an offer without a price takes; empty = the product's list price":
    'прайс-лист (crm import prices), по которому считается предложение без цены; пусто — цена из карточки товара',
  'reason code': 'код причины',
  'order number; one row per line, header fields repeated': `номер заказа; ${ONE_ROW_PER_LINE}`,
  'date: 2026-12-31, 31.12.2026 or an Excel date': 'дата: 2026-12-31, 31.12.2026 или дата Excel',
  'quantity, greater than 0': 'количество, больше 0',
  'selling price per unit as granted': 'цена продажи за единицу, как она предоставлена',
  'granted discount; empty = the client card': 'предоставленная скидка; пусто — из карточки клиента',
  'granted deferral in days; empty = the client card': 'предоставленная отсрочка в днях; пусто — из карточки клиента',
  'new, confirmed, shipped, paid, closed or refused; empty = refused when a refusal reason is given, else confirmed':
    'new, confirmed, shipped, paid, closed или refused (новый, подтверждён, отгружен, оплачен, закрыт, отказ); пусто — refused, если указана причина отказа, иначе confirmed',
  'code of a refusal reason (refused orders)': 'код причины отказа (у отказанных заказов)',
  'shipment number; one row per line, header fields repeated': `номер отгрузки; ${ONE_ROW_PER_LINE}`,
  'line amount': 'сумма строки',
  'line cost; empty = product cost × qty': 'себестоимость строки; пусто — себестоимость товара × количество',
  'date the signed originals came back': 'дата возврата подписанных оригиналов',
  'shipping instructions (free text)': 'указания по отгрузке (произвольный текст)',
  'payment number': 'номер платежа',
  'amount received, greater than 0': 'полученная сумма, больше 0',
  'purchase order number; one row per line, header fields repeated': `номер заказа поставщику; ${ONE_ROW_PER_LINE}`,
  'purchase price per unit': 'закупочная цена за единицу',
  'expected receipt date; empty = order date + lead time': 'ожидаемая дата прихода; пусто — дата заказа + срок поставки',
  'receipt number; one row per line, header fields repeated': `номер прихода; ${ONE_ROW_PER_LINE}`,
  'amount paid, greater than 0': 'уплаченная сумма, больше 0',
  'the day the count is for (its end)': 'день, на конец которого посчитан остаток',
  'quantity on hand at the end of that day, 0 or more': 'остаток на конец этого дня, 0 или больше',
  'month: 2027-01, янв.27 or январь 2027': 'месяц: 2027-01, янв.27 или январь 2027',
  'planned sales': 'план продаж',
  'revenue, margin, orders, new_clients, avg_order, collected':
    'revenue, margin, orders, new_clients, avg_order, collected (выручка, маржа, заказы, новые клиенты, средний заказ, собранные оплаты)',
  'planned value: money in roubles (revenue, margin, avg_order, collected) or a count (orders, new_clients)':
    'плановое значение: деньги в рублях (revenue, margin, avg_order, collected) или количество (orders, new_clients)',
  'minimum stock in units': 'минимальный запас в единицах',
  'number of the interaction; empty = derived from the date, client, kind, direction, contact, subject and document number (the same row imported again is the same interaction)':
    'номер взаимодействия; пусто — выводится из даты, клиента, вида, направления, контакта, темы и номера документа (та же строка, импортированная снова, — то же взаимодействие)',
  'the day, or the day and time: 2026-03-05, 2026-03-05 14:30, 05.03.2026 14:30': 'день или день и время: 2026-03-05, 2026-03-05 14:30, 05.03.2026 14:30',
  'call, email, mail (a paper letter), fax, meeting, visit or other (звонок, эл. письмо, письмо, факс, встреча, визит, другое)':
    'call, email, mail (бумажное письмо), fax, meeting, visit или other (звонок, эл. письмо, письмо, факс, встреча, визит, другое)',
  'in or out (входящий, исходящий); empty = not said': 'in или out (входящий, исходящий); пусто — не указано',
  "the client's person": 'контактное лицо клиента',
  'what it was about': 'о чём шла речь',
  'number of the letter or fax (incoming or outgoing register)': 'номер письма или факса (по журналу входящих или исходящих)',
  'what came of it': 'чем закончилось',
  'the next contact agreed; on or after the date': 'следующий согласованный контакт; не раньше даты',
  'sales channel (direct sales, dealers, tenders …): each has its own stages': 'канал продаж (прямые продажи, дилеры, тендеры …): у каждого свои этапы',
  'the stage, as people call it; unique within its channel': 'этап, как его называют люди; уникален в своём канале',
  'order of an open stage in its channel, 1 = the first (where new deals start); required for open stages, unique within the channel':
    'порядок открытого этапа в канале, 1 — первый (с него начинаются новые сделки); обязателен для открытых этапов, уникален в канале',
  'open, won or lost (открыт, выигран, проигран); empty = open': 'open, won или lost (открыт, выигран, проигран); пусто — open',
  'deal number': 'номер сделки',
  "the day the deal was opened: it starts in its channel's first open stage": 'день открытия сделки: она начинается с первого открытого этапа своего канала',
  'sales channel: one that has stages (crm import stages)': 'канал продаж: тот, у которого есть этапы (crm import stages)',
  'what the deal is about': 'о чём сделка',
  'expected amount of the deal': 'ожидаемая сумма сделки',
  'the day the deal is expected to close; on or after its date': 'день, когда сделка должна закрыться; не раньше её даты',
  'the day the deal moved; one move a deal a day': 'день перехода сделки; не больше одного перехода сделки в день',
  "the stage it moved to: a stage of the deal's channel": 'этап, на который она перешла: этап канала сделки',
  'a refusal reason code: required for a move back, to a lost stage, or out of a won or lost one':
    'код причины отказа: обязателен для перехода назад, на проигранный этап или с выигранного либо проигранного',
  'free text': 'произвольный текст',
  'cause code': 'код причины',
  'claim number': 'номер претензии',
  'code of a claim cause (crm import claim-causes)': 'код причины претензии (crm import claim-causes)',
  'new, in_work, resolved or rejected (новая, в работе, решена, отклонена)': 'new, in_work, resolved или rejected (новая, в работе, решена, отклонена)',
  "the shipment claimed against: the same client's, on or before the claim": 'отгрузка, по которой претензия: того же клиента, не позже претензии',
  'quantity claimed, greater than 0': 'количество по претензии, больше 0',
  'what the claim is worth': 'во сколько оценена претензия',
  "replacement, refund, discount, repair or rejected (замена, возврат, скидка, ремонт, отказ); a rejected claim's result is rejected":
    'replacement, refund, discount, repair или rejected (замена, возврат, скидка, ремонт, отказ); у отклонённой претензии — rejected',
  'the day the claim was resolved or rejected: required for those, empty while it is new or in work':
    'день, когда претензия решена или отклонена: обязателен для них, пуст, пока она новая или в работе',
  'what the supplier paid back': 'что возместил поставщик',
  'template code': 'код шаблона',
  'order of the item in the checklist, unique within the template': 'порядок пункта в чек-листе, уникален в шаблоне',
  'the checklist item, unique within the template': 'пункт чек-листа, уникален в шаблоне',
  'negotiation number': 'номер переговоров',
  'the checklist it was prepared with (crm import negotiation-templates)': 'чек-лист, по которому готовились (crm import negotiation-templates)',
  'agreed, postponed or refused (договорились, отложено, отказ); empty = not yet known': 'agreed, postponed или refused (договорились, отложено, отказ); пусто — ещё неизвестно',
  'the next meeting agreed; on or after the date': 'следующая согласованная встреча; не раньше даты',
  'free text: the report of the meeting': 'произвольный текст: отчёт о встрече',
  "an item of the negotiation's template": 'пункт шаблона переговоров',
  'yes, partly or no (да, частично, нет)': 'yes, partly или no (да, частично, нет)',
  "the price list: wholesale, retail, dealer … (a client's price_type names one)": 'прайс-лист: wholesale, retail, dealer … (его называет price_type клиента)',
  'price per unit': 'цена за единицу',
  'the day the price holds from, until the next price of the same SKU and price type': 'день, с которого действует цена, — до следующей цены того же SKU и прайс-листа',
  'delivery number': 'номер доставки',
  'the shipment delivered': 'доставленная отгрузка',
  'who carried it (free text)': 'кто доставил (произвольный текст)',
  'what the company paid for the delivery': 'сколько компания заплатила за доставку',
  'the day the rule holds from, until the next rule of the same manager and group': 'день, с которого действует правило, — до следующего правила того же менеджера и группы',
  'revenue or margin (выручка, маржа): what the percent is of': 'revenue или margin (выручка, маржа): от чего считается процент',
  'commission rate': 'ставка комиссии',
  "a rate for one product group and its descendants; empty = the manager's general rate (the nearest group rule wins)":
    'ставка для одной группы товаров и её подгрупп; пусто — общая ставка менеджера (действует правило ближайшей группы)',
  'commission paid, greater than 0': 'выплаченная комиссия, больше 0',
};

const ENDINGS: [string, string][] = [
  ['; money: 1234.56 or 1 234,56', '; деньги: 1234.56 или 1\u00a0234,56'],
  ['; percent 0–100: 5, 5%, 5,5', '; процент 0–100: 5, 5%, 5,5'],
];

/** A column's description in Russian, or undefined when it has no Russian words yet. */
export function columnHelpRu(help: string): string | undefined {
  for (const [en, ru] of ENDINGS) {
    if (help.endsWith(en)) {
      const head = columnHelpRu(help.slice(0, -en.length));
      return head === undefined ? undefined : `${head}${ru}`;
    }
  }
  const ref = /^code of an existing (.+)$/.exec(help);
  if (ref) return REF_RU[ref[1]!];
  return HELP_RU[help];
}
