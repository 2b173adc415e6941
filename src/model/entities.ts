// The import/export entities of SPEC §3: their columns (canonical names, Russian
// aliases, types, checks) and how they map onto the tables of src/db/schema.ts.
import {
  CLAIM_HOOKS, CLIENT_HOOKS, DEAL_HOOKS, DEAL_STAGE_HOOKS, GROUP_HOOKS, INTERACTION_HOOKS, NEGOTIATION_HOOKS, NEGOTIATION_ITEM_HOOKS,
  NEGOTIATION_TEMPLATE_HOOKS, ORDER_HOOKS, COMMISSION_PAYMENT_HOOKS, DELIVERY_HOOKS, PRICE_HOOKS, PRODUCT_HOOKS, RESERVATION_HOOKS, SHIPMENT_HOOKS, STAGE_HOOKS, SUPPLIER_HOOKS,
} from './entityRules.js';
import type { ColumnSpec, EntitySpec, FieldMap, RefName } from './types.js';

export type { EntityKind, EntitySpec, FieldMap, TableMap } from './types.js';

export const REFS: Record<RefName, { table: string; code: string; entity: string; /** names that match in any case (the entity rules pick the one meant) */ anyCase?: boolean }> = {
  managers: { table: 'managers', code: 'code', entity: 'managers' },
  groups: { table: 'product_groups', code: 'code', entity: 'groups' },
  suppliers: { table: 'suppliers', code: 'code', entity: 'suppliers' },
  products: { table: 'products', code: 'sku', entity: 'products' },
  clients: { table: 'clients', code: 'code', entity: 'clients' },
  reasons: { table: 'refusal_reasons', code: 'code', entity: 'reasons' },
  orders: { table: 'sales_orders', code: 'order_no', entity: 'orders' },
  purchases: { table: 'purchase_orders', code: 'po_no', entity: 'purchases' },
  shipments: { table: 'shipments', code: 'shipment_no', entity: 'shipments' },
  causes: { table: 'claim_causes', code: 'code', entity: 'claim-causes' },
  deals: { table: 'deals', code: 'deal_no', entity: 'deals' },
  // unique within a channel only: the existence check here, the channel's own by the entity rules
  stages: { table: 'sales_stages', code: 'stage', entity: 'stages', anyCase: true },
  negotiations: { table: 'negotiations', code: 'negotiation_no', entity: 'negotiations' },
};

// ── column building blocks ───────────────────────────────────────────────────

const code = (name: string, help: string, aliases: string[] = []): ColumnSpec => ({
  name, type: 'text', required: true, aliases, help,
});
const name = (aliases: string[], help = 'name as people read it'): ColumnSpec => ({
  name: 'name', type: 'text', required: true, aliases: ['наименование', 'название', ...aliases], help,
});
const ref = (colName: string, target: RefName, aliases: string[], required = false): ColumnSpec => ({
  name: colName, type: 'text', ref: target, required, aliases, help: `code of an existing ${REFS[target].entity.replace(/s$/, '')}`,
});
const date = (colName: string, aliases: string[], required = false, help = 'date: 2026-12-31, 31.12.2026 or an Excel date'): ColumnSpec => ({
  name: colName, type: 'date', required, aliases, help,
});
const money = (colName: string, aliases: string[], required: boolean, help: string, min = 0, exclusive = false): ColumnSpec => ({
  name: colName, type: 'money', required, aliases, min, exclusive, help: `${help}; money: 1234.56 or 1 234,56`,
});
const qty = (aliases: string[] = ['количество', 'колво', 'кол'], help = 'quantity, greater than 0'): ColumnSpec => ({
  name: 'qty', type: 'number', required: true, aliases, min: 0, exclusive: true, help,
});
const pct = (colName: string, aliases: string[], help: string): ColumnSpec => ({
  name: colName, type: 'percent', aliases, min: 0, max: 100, help: `${help}; percent 0–100: 5, 5%, 5,5`,
});
const deferral = (aliases: string[] = ['отсрочка', 'отсрочкадней', 'отсрочкаплатежа']): ColumnSpec => ({
  name: 'deferral_days', type: 'int', aliases, min: -3650, max: 3650,
  help: 'days between shipment/receipt and payment; negative = prepayment that many days before',
});
const active: ColumnSpec = { name: 'active', type: 'bool', aliases: ['активен', 'активный', 'действует'], default: 1, help: 'yes/no: true/false, 1/0, да/нет; empty = yes; false archives it' };
const illiquid: ColumnSpec = {
  name: 'illiquid_after_days', type: 'int', aliases: ['порогнеликвидности', 'неликвидчерездней'], min: 0, exclusive: true,
  help: 'days without sales after which stock counts as illiquid; empty = inherited',
};
/** An item as 1C reports head it ("Номенклатура"): a SKU, or a product name resolved to its SKU. */
const ITEM_ALIASES = ['артикул', 'номенклатура', 'товар'];
const month: ColumnSpec = { name: 'month', type: 'month', required: true, aliases: ['месяц', 'период'], help: 'month: 2027-01, янв.27 or январь 2027' };

const ORDER_STATUS: Record<string, string> = {
  new: 'new', новый: 'new', draft: 'new', черновик: 'new',
  confirmed: 'confirmed', подтвержден: 'confirmed', согласован: 'confirmed', open: 'confirmed', открыт: 'confirmed',
  shipped: 'shipped', отгружен: 'shipped',
  paid: 'paid', оплачен: 'paid',
  closed: 'closed', закрыт: 'closed', выполнен: 'closed',
  refused: 'refused', отказ: 'refused', отказан: 'refused', отменен: 'refused', cancelled: 'refused', canceled: 'refused',
};

// ── the values of SPEC §9 columns, with the Russian words for them (lower case, ё as е) ──

const choicesOf = (groups: Record<string, string[]>): Record<string, string> =>
  Object.fromEntries(Object.entries(groups).flatMap(([value, words]) => [[value, value], ...words.map((w) => [w, value])]));

/** The values of a choice column, each with the other words that mean it (the help and the import's message list them). */
export function choiceGroups(choices: Record<string, string>): [value: string, words: string[]][] {
  const out = new Map<string, string[]>();
  for (const [word, value] of Object.entries(choices)) {
    const words = out.get(value) ?? [];
    if (word !== value) words.push(word);
    out.set(value, words);
  }
  return [...out];
}

export const INTERACTION_KINDS = choicesOf({
  call: ['звонок', 'телефон', 'телефонныйзвонок', 'телефонный звонок', 'phone'],
  email: ['e-mail', 'эл. письмо', 'эл.письмо', 'электронное письмо', 'электронноеписьмо', 'емейл', 'имейл', 'почта эл.'],
  mail: ['письмо', 'почта', 'почтовое письмо', 'letter'],
  fax: ['факс', 'телефакс'],
  meeting: ['встреча', 'переговоры'],
  visit: ['визит', 'выезд', 'посещение'],
  other: ['другое', 'прочее', 'иное'],
});
const DIRECTIONS = choicesOf({ in: ['входящий', 'входящее', 'входящая', 'вх', 'вх.', 'incoming'], out: ['исходящий', 'исходящее', 'исходящая', 'исх', 'исх.', 'outgoing'] });
const STAGE_OUTCOMES = choicesOf({
  open: ['открыт', 'открыта', 'открытый', 'в работе', 'вработе'],
  won: ['выигрыш', 'выигран', 'выиграна', 'выигранная', 'успех', 'успешно', 'успешна', 'заключена'],
  lost: ['проигрыш', 'проигран', 'проиграна', 'проигранная', 'отказ', 'провал', 'потеряна', 'закрыта неуспешно'],
});
export const CLAIM_STATUSES = choicesOf({
  new: ['новая', 'новый', 'новое', 'зарегистрирована'],
  in_work: ['в работе', 'вработе', 'in work', 'inwork', 'рассматривается'],
  resolved: ['решена', 'решено', 'урегулирована', 'удовлетворена', 'закрыта'],
  rejected: ['отклонена', 'отклонено', 'отказ', 'отказано'],
});
const CLAIM_RESULTS = choicesOf({
  replacement: ['замена', 'замена товара'],
  refund: ['возврат', 'возврат денег', 'возврат средств'],
  discount: ['скидка', 'уценка'],
  repair: ['ремонт'],
  rejected: ['отказ', 'отклонена', 'отказано'],
});
const NEGOTIATION_RESULTS = choicesOf({
  agreed: ['договорились', 'согласовано', 'достигнуто', 'успех'],
  postponed: ['отложено', 'перенесено', 'отложены'],
  refused: ['отказ', 'отказались', 'отказ клиента'],
});
export const COMMISSION_BASES = choicesOf({ revenue: ['выручка', 'оборот', 'продажи', 'сумма'], margin: ['маржа', 'валоваяприбыль', 'доход', 'наценка'] });
const ITEM_OUTCOMES = choicesOf({ yes: ['да', 'выполнено'], partly: ['частично', 'отчасти'], no: ['нет', 'не выполнено'] });

export const INDICATORS = ['revenue', 'margin', 'orders', 'new_clients', 'avg_order', 'collected'] as const;
/** Manager indicators that count things; the others are money. */
export const COUNT_INDICATORS: ReadonlySet<string> = new Set(['orders', 'new_clients']);
/** Manager indicators that are averages: they never add up over managers or months. */
export const AVERAGE_INDICATORS: ReadonlySet<string> = new Set(['avg_order']);
const INDICATOR_CHOICES: Record<string, string> = {
  ...Object.fromEntries(INDICATORS.map((i) => [i, i])),
  выручка: 'revenue', маржа: 'margin', заказы: 'orders', новыеклиенты: 'new_clients', 'новые клиенты': 'new_clients',
  среднийзаказ: 'avg_order', 'средний заказ': 'avg_order', оплаты: 'collected', собрано: 'collected',
};

// ── entities ─────────────────────────────────────────────────────────────────

const direct = (...names: string[]): Record<string, FieldMap> => Object.fromEntries(names.map((n) => [n, { column: n }]));

export const ENTITIES: EntitySpec[] = [
  {
    name: 'managers', title: 'Managers', kind: 'master', key: ['code'],
    columns: [
      code('code', 'manager code', ['код', 'кодменеджера', 'табельныйномер']),
      name(['фио', 'менеджер', 'имя'], 'full name'),
      { name: 'email', type: 'text', aliases: ['почта', 'эл почта', 'электроннаяпочта', 'e-mail'], help: 'e-mail address' },
      active,
    ],
    table: { table: 'managers', fields: direct('code', 'name', 'email', 'active') },
  },
  {
    name: 'groups', title: 'Product groups', kind: 'master', key: ['code'],
    hooks: GROUP_HOOKS,
    columns: [
      code('code', 'group code', ['код', 'кодгруппы']),
      name(['группа', 'группатоваров']),
      { ...ref('parent_code', 'groups', ['родитель', 'кодродителя', 'родительскаягруппа']), help: 'code of the parent group (this file or the database); empty = top level' },
      illiquid,
    ],
    table: {
      table: 'product_groups',
      fields: { ...direct('code', 'name', 'illiquid_after_days'), parent_code: { column: 'parent_id', ref: 'groups' } },
    },
  },
  {
    name: 'suppliers', title: 'Suppliers', kind: 'master', key: ['code'],
    hooks: SUPPLIER_HOOKS,
    columns: [
      code('code', 'supplier code', ['код', 'кодпоставщика']),
      name(['поставщик']),
      { ...deferral(), default: 0 },
      money('credit_line', ['кредитнаялиния', 'кредитныйлимит'], false, 'credit line; empty = unlimited, 0 = none'),
      { name: 'inn', type: 'text', aliases: ['инн'], help: 'taxpayer number (ИНН), kept as text; two suppliers may not share one' },
      active,
    ],
    table: { table: 'suppliers', fields: direct('code', 'name', 'deferral_days', 'credit_line', 'inn', 'active') },
  },
  {
    name: 'products', title: 'Products', kind: 'master', key: ['sku'],
    hooks: PRODUCT_HOOKS,
    columns: [
      code('sku', 'article (SKU)', ['артикул', 'кодтовара']),
      name(['номенклатура', 'товар']),
      ref('group_code', 'groups', ['группа', 'кодгруппы', 'группатоваров'], true),
      { name: 'unit', type: 'text', aliases: ['ед', 'едизм', 'единица', 'единицаизмерения'], help: 'unit: шт, кг, м …' },
      money('price', ['цена', 'ценапродажи', 'прайс'], true, 'list price per unit'),
      money('cost', ['себестоимость', 'закупочнаяцена'], true, 'cost per unit'),
      ref('supplier_code', 'suppliers', ['поставщик', 'кодпоставщика']),
      ref('manager_code', 'managers', ['менеджер', 'кодменеджера']),
      { name: 'support_level', type: 'text', aliases: ['уровеньподдержки'], help: 'support level (free text, e.g. A/B/C)' },
      { name: 'lead_time_days', type: 'int', aliases: ['срокпоставки', 'срокпоставкидней'], min: 0, max: 3650, default: 0, help: 'days from purchase order to receipt, 0 to 3650' },
      { name: 'order_multiple', type: 'number', aliases: ['кратность', 'кратностьзаказа'], min: 0, exclusive: true, default: 1, help: 'purchases are rounded up to a multiple of this' },
      illiquid,
      active,
    ],
    table: {
      table: 'products',
      fields: {
        ...direct('sku', 'name', 'name_key', 'unit', 'price', 'cost', 'support_level', 'lead_time_days', 'order_multiple', 'illiquid_after_days', 'active'),
        group_code: { column: 'group_id', ref: 'groups' },
        supplier_code: { column: 'supplier_id', ref: 'suppliers' },
        manager_code: { column: 'manager_id', ref: 'managers' },
      },
    },
  },
  {
    name: 'clients', title: 'Clients', kind: 'master', key: ['code'],
    hooks: CLIENT_HOOKS,
    columns: [
      code('code', 'client code', ['код', 'кодклиента', 'кодконтрагента']),
      name(['клиент', 'контрагент', 'покупатель']),
      { name: 'inn', type: 'text', aliases: ['инн'], help: 'taxpayer number (ИНН), kept as text; two clients may not share one' },
      ref('manager_code', 'managers', ['менеджер', 'кодменеджера', 'ответственный']),
      { name: 'segment', type: 'text', aliases: ['сегмент'], help: 'segment (free text)' },
      { name: 'channel', type: 'text', aliases: ['канал', 'каналпродаж'], help: 'sales channel (free text)' },
      { ...pct('discount_pct', ['скидка', 'скидка%', 'скидкапроцент'], 'standard discount'), default: 0 },
      { ...deferral(), default: 0 },
      money('credit_limit', ['кредитныйлимит', 'лимиткредита'], false, 'credit limit; empty = unlimited, 0 = none'),
      money('purchase_potential', ['потенциал', 'потенциалзакупок'], false, 'purchase potential per year'),
      active,
      { name: 'price_type', type: 'text', aliases: ['типцен', 'типцены', 'видцен', 'прайслист', 'колонкапрайса'], help: 'the price list (crm import prices) an offer without a price takes; empty = the product\'s list price' },
    ],
    table: {
      table: 'clients',
      fields: {
        ...direct('code', 'name', 'inn', 'segment', 'channel', 'discount_pct', 'deferral_days', 'credit_limit', 'purchase_potential', 'active', 'price_type'),
        manager_code: { column: 'manager_id', ref: 'managers' },
      },
    },
  },
  {
    name: 'reasons', title: 'Refusal reasons', kind: 'master', key: ['code'],
    columns: [code('code', 'reason code', ['код', 'кодпричины']), name(['причинаотказа', 'причина'])],
    table: { table: 'refusal_reasons', fields: direct('code', 'name') },
  },
  {
    name: 'orders', title: 'Sales orders', kind: 'document', key: ['order_no'],
    hooks: ORDER_HOOKS,
    columns: [
      code('order_no', 'order number; one row per line, header fields repeated', ['номерзаказа', 'заказ', 'заказклиента', 'номер']),
      date('date', ['дата', 'датазаказа'], true),
      ref('client_code', 'clients', ['клиент', 'контрагент', 'покупатель', 'кодклиента'], true),
      ref('sku', 'products', ITEM_ALIASES, true),
      qty(),
      money('price', ['цена'], true, 'selling price per unit as granted'),
      ref('manager_code', 'managers', ['менеджер']),
      pct('discount_pct', ['скидка', 'скидка%'], 'granted discount; empty = the client card'),
      { ...deferral(), help: 'granted deferral in days; empty = the client card' },
      date('planned_ship_date', ['плановаядатаотгрузки', 'датаотгрузкиплан']),
      date('planned_payment_date', ['плановаядатаоплаты', 'датаоплатыплан']),
      date('actual_ship_date', ['фактическаядатаотгрузки', 'датаотгрузкифакт', 'датаотгрузки']),
      date('actual_payment_date', ['фактическаядатаоплаты', 'датаоплатыфакт', 'датаоплаты']),
      { name: 'status', type: 'text', aliases: ['статус', 'состояние'], choices: ORDER_STATUS, help: 'new, confirmed, shipped, paid, closed or refused; empty = refused when a refusal reason is given, else confirmed' },
      { ...ref('refusal_reason', 'reasons', ['причинаотказа']), help: 'code of a refusal reason (refused orders)' },
    ],
    table: {
      table: 'sales_orders',
      fields: {
        ...direct('order_no', 'date', 'discount_pct', 'deferral_days', 'planned_ship_date', 'planned_payment_date', 'actual_ship_date', 'actual_payment_date', 'status'),
        client_code: { column: 'client_id', ref: 'clients' },
        manager_code: { column: 'manager_id', ref: 'managers' },
        refusal_reason: { column: 'refusal_reason_id', ref: 'reasons' },
      },
    },
    lines: { table: 'sales_order_lines', parent: 'order_id', fields: { sku: { column: 'product_id', ref: 'products' }, ...direct('qty', 'price') } },
  },
  {
    name: 'shipments', title: 'Shipments', kind: 'document', key: ['shipment_no'],
    hooks: SHIPMENT_HOOKS,
    columns: [
      code('shipment_no', 'shipment number; one row per line, header fields repeated', ['реализация', 'отгрузка', 'номерреализации', 'номеротгрузки', 'номер', 'документ']),
      date('date', ['дата', 'датаотгрузки'], true),
      ref('client_code', 'clients', ['клиент', 'контрагент', 'покупатель', 'кодклиента'], true),
      ref('sku', 'products', ITEM_ALIASES, true),
      qty(),
      money('amount', ['сумма', 'суммапродажи'], true, 'line amount'),
      money('cost', ['себестоимость', 'суммасебестоимости'], false, 'line cost; empty = product cost × qty'),
      ref('order_no', 'orders', ['заказ', 'номерзаказа', 'заказклиента']),
      date('originals_date', ['датавозвратаоригиналов', 'оригиналы', 'возвраторигиналов'], false, 'date the signed originals came back'),
      { name: 'instructions', type: 'text', aliases: ['инструкции', 'инструкциипоотгрузке', 'инструкциипоотправке', 'указанияпоотгрузке', 'условиядоставки'], help: 'shipping instructions (free text)' },
    ],
    table: {
      table: 'shipments',
      fields: {
        ...direct('shipment_no', 'date', 'originals_date', 'instructions'),
        document_total: { column: 'amount' },
        client_code: { column: 'client_id', ref: 'clients' },
        order_no: { column: 'order_id', ref: 'orders' },
      },
    },
    lines: { table: 'shipment_lines', parent: 'shipment_id', fields: { sku: { column: 'product_id', ref: 'products' }, ...direct('qty', 'amount', 'cost') } },
    lineTotal: (line) => Number(line.amount),
  },
  {
    name: 'payments', title: 'Client payments', kind: 'single', key: ['payment_no'],
    columns: [
      code('payment_no', 'payment number', ['оплата', 'поступление', 'номерплатежа', 'платеж', 'номер', 'документ']),
      date('date', ['дата', 'датаоплаты'], true),
      ref('client_code', 'clients', ['клиент', 'контрагент', 'плательщик'], true),
      money('amount', ['сумма', 'суммаоплаты'], true, 'amount received, greater than 0', 0, true),
      ref('order_no', 'orders', ['заказ', 'номерзаказа']),
    ],
    table: {
      table: 'client_payments',
      fields: { ...direct('payment_no', 'date', 'amount'), client_code: { column: 'client_id', ref: 'clients' }, order_no: { column: 'order_id', ref: 'orders' } },
    },
  },
  {
    name: 'purchases', title: 'Purchase orders', kind: 'document', key: ['po_no'],
    columns: [
      code('po_no', 'purchase order number; one row per line, header fields repeated', ['заказпоставщику', 'номерзаказа', 'номер', 'документ']),
      date('date', ['дата', 'датазаказа'], true),
      ref('supplier_code', 'suppliers', ['поставщик', 'кодпоставщика'], true),
      ref('sku', 'products', ITEM_ALIASES, true),
      qty(),
      money('cost', ['цена', 'себестоимость', 'ценазакупки'], true, 'purchase price per unit'),
      date('expected_date', ['ожидаемаядата', 'датапоступления', 'датапоставки'], false, 'expected receipt date; empty = order date + lead time'),
    ],
    table: { table: 'purchase_orders', fields: { ...direct('po_no', 'date'), supplier_code: { column: 'supplier_id', ref: 'suppliers' } } },
    lines: { table: 'purchase_order_lines', parent: 'po_id', fields: { sku: { column: 'product_id', ref: 'products' }, ...direct('qty', 'cost', 'expected_date') } },
  },
  {
    name: 'receipts', title: 'Goods receipts', kind: 'document', key: ['receipt_no'],
    columns: [
      code('receipt_no', 'receipt number; one row per line, header fields repeated', ['поступлениетоваров', 'поступление', 'приход', 'номер', 'документ']),
      date('date', ['дата', 'датапоступления'], true),
      ref('supplier_code', 'suppliers', ['поставщик', 'кодпоставщика'], true),
      ref('sku', 'products', ITEM_ALIASES, true),
      qty(),
      money('cost', ['цена', 'себестоимость', 'ценазакупки'], true, 'purchase price per unit'),
      ref('po_no', 'purchases', ['заказпоставщику', 'номерзаказа']),
    ],
    table: {
      table: 'receipts',
      fields: {
        ...direct('receipt_no', 'date'),
        document_total: { column: 'amount' },
        supplier_code: { column: 'supplier_id', ref: 'suppliers' },
        po_no: { column: 'po_id', ref: 'purchases' },
      },
    },
    lines: { table: 'receipt_lines', parent: 'receipt_id', fields: { sku: { column: 'product_id', ref: 'products' }, ...direct('qty', 'cost') } },
    lineTotal: (line) => Number(line.qty) * Number(line.cost),
  },
  {
    name: 'supplier-payments', title: 'Supplier payments', kind: 'single', key: ['payment_no'],
    columns: [
      code('payment_no', 'payment number', ['оплатапоставщику', 'платежноепоручение', 'номерплатежа', 'номер', 'документ']),
      date('date', ['дата', 'датаоплаты'], true),
      ref('supplier_code', 'suppliers', ['поставщик', 'кодпоставщика', 'получатель'], true),
      money('amount', ['сумма', 'суммаоплаты'], true, 'amount paid, greater than 0', 0, true),
      ref('po_no', 'purchases', ['заказпоставщику', 'номерзаказа']),
    ],
    table: {
      table: 'supplier_payments',
      fields: { ...direct('payment_no', 'date', 'amount'), supplier_code: { column: 'supplier_id', ref: 'suppliers' }, po_no: { column: 'po_id', ref: 'purchases' } },
    },
  },
  {
    name: 'stock', title: 'Stock counts', kind: 'single', key: ['date', 'sku'],
    columns: [
      date('date', ['дата', 'датаостатка'], true, 'the day the count is for (its end)'),
      ref('sku', 'products', ITEM_ALIASES, true),
      { name: 'qty', type: 'number', required: true, aliases: ['остаток', 'количество', 'колво'], min: 0, help: 'quantity on hand at the end of that day, 0 or more' },
    ],
    table: { table: 'stock_counts', fields: { ...direct('date', 'qty'), sku: { column: 'product_id', ref: 'products' } } },
  },
  {
    name: 'reservations', title: 'Reservations', kind: 'single', key: ['order_no', 'sku', 'reserved_date'],
    hooks: RESERVATION_HOOKS,
    columns: [
      ref('order_no', 'orders', ['заказ', 'номерзаказа', 'резерв'], true),
      ref('sku', 'products', ITEM_ALIASES, true),
      qty(),
      date('reserved_date', ['датарезерва', 'датарезервирования', 'зарезервирован'], true),
      date('released_date', ['датаснятия', 'датаснятиярезерва', 'снятсрезерва']),
    ],
    table: {
      table: 'reservations',
      fields: { ...direct('qty', 'reserved_date', 'released_date'), order_no: { column: 'order_id', ref: 'orders' }, sku: { column: 'product_id', ref: 'products' } },
    },
  },
  {
    name: 'plan-sales', title: 'Sales plan', kind: 'plan', key: ['month', 'group_code'],
    columns: [month, ref('group_code', 'groups', ['группа', 'кодгруппы'], true), money('amount', ['сумма', 'план', 'планпродаж'], true, 'planned sales')],
    table: { table: 'plan_sales', fields: { ...direct('month', 'amount'), group_code: { column: 'group_id', ref: 'groups' } } },
    plan: { kind: 'sales', table: 'plan_sales', cellKey: ['group_code'], valueField: 'amount' },
  },
  {
    name: 'plan-managers', title: 'Manager plan', kind: 'plan', key: ['month', 'manager_code', 'indicator'],
    columns: [
      month,
      ref('manager_code', 'managers', ['менеджер', 'кодменеджера'], true),
      { name: 'indicator', type: 'text', required: true, aliases: ['показатель'], choices: INDICATOR_CHOICES, help: INDICATORS.join(', ') },
      { name: 'value', type: 'number', required: true, aliases: ['значение', 'план'], min: 0, help: 'planned value: money in roubles (revenue, margin, avg_order, collected) or a count (orders, new_clients)' },
    ],
    table: { table: 'plan_managers', fields: { ...direct('month', 'indicator', 'value'), manager_code: { column: 'manager_id', ref: 'managers' } } },
    plan: {
      kind: 'managers', table: 'plan_managers', cellKey: ['manager_code', 'indicator'], valueField: 'value',
      moneyValue: (rec) => !COUNT_INDICATORS.has(String(rec.indicator)),
    },
  },
  {
    name: 'plan-min-stock', title: 'Minimum stock plan', kind: 'plan', key: ['month', 'sku'],
    columns: [month, ref('sku', 'products', ITEM_ALIASES, true), { name: 'qty', type: 'number', required: true, aliases: ['минимальныйзапас', 'минзапас', 'количество'], min: 0, help: 'minimum stock in units' }],
    table: { table: 'plan_min_stock', fields: { ...direct('month', 'qty'), sku: { column: 'product_id', ref: 'products' } } },
    plan: { kind: 'min_stock', table: 'plan_min_stock', cellKey: ['sku'], valueField: 'qty' },
  },
  // ── CRM operations (SPEC §9) ──
  {
    name: 'interactions', title: 'Interactions (calls, e-mails, letters, faxes, meetings)', kind: 'single', key: ['interaction_no'],
    hooks: INTERACTION_HOOKS,
    columns: [
      {
        name: 'interaction_no', type: 'text', aliases: ['номер', 'номервзаимодействия', 'номерсобытия', 'регистрационныйномер', 'регномер'],
        help: 'number of the interaction; empty = derived from the date, client, kind, direction, contact, subject and document number (the same row imported again is the same interaction)',
      },
      { name: 'date', type: 'datetime', required: true, aliases: ['дата', 'датавремя', 'датаивремя', 'когда'], help: 'the day, or the day and time: 2026-03-05, 2026-03-05 14:30, 05.03.2026 14:30' },
      ref('client_code', 'clients', ['клиент', 'контрагент', 'кодклиента', 'покупатель'], true),
      { name: 'kind', type: 'text', required: true, aliases: ['вид', 'тип', 'видсобытия', 'типсобытия', 'способсвязи'], choices: INTERACTION_KINDS, help: 'call, email, mail (a paper letter), fax, meeting, visit or other (звонок, эл. письмо, письмо, факс, встреча, визит, другое)' },
      { name: 'direction', type: 'text', aliases: ['направление', 'входящийисходящий'], choices: DIRECTIONS, help: 'in or out (входящий, исходящий); empty = not said' },
      ref('manager_code', 'managers', ['менеджер', 'ответственный', 'сотрудник', 'кодменеджера']),
      { name: 'contact', type: 'text', aliases: ['контакт', 'контактноелицо', 'собеседник'], help: 'the client\'s person' },
      { name: 'subject', type: 'text', aliases: ['тема', 'предмет', 'содержание'], help: 'what it was about' },
      { name: 'document_no', type: 'text', aliases: ['номердокумента', 'документ', 'входящийномер', 'исходящийномер', 'номерписьма'], help: 'number of the letter or fax (incoming or outgoing register)' },
      { name: 'result', type: 'text', aliases: ['результат', 'итог'], help: 'what came of it' },
      date('next_date', ['следующийконтакт', 'датаследующегоконтакта', 'следующийшаг', 'перезвонить'], false, 'the next contact agreed; on or after the date'),
    ],
    table: {
      table: 'interactions',
      fields: {
        ...direct('interaction_no', 'date', 'kind', 'direction', 'contact', 'subject', 'document_no', 'result', 'next_date'),
        client_code: { column: 'client_id', ref: 'clients' },
        manager_code: { column: 'manager_id', ref: 'managers' },
      },
    },
  },
  {
    name: 'stages', title: 'Sales funnel stages by channel', kind: 'master', key: ['channel', 'stage'],
    hooks: STAGE_HOOKS,
    columns: [
      { name: 'channel', type: 'text', required: true, aliases: ['канал', 'каналпродаж', 'воронка'], help: 'sales channel (direct sales, dealers, tenders …): each has its own stages' },
      { name: 'stage', type: 'text', required: true, aliases: ['этап', 'стадия', 'этапворонки'], help: 'the stage, as people call it; unique within its channel' },
      { name: 'position', type: 'int', aliases: ['позиция', 'порядок', 'номерэтапа', 'очередность'], min: 1, max: 1000, help: 'order of an open stage in its channel, 1 = the first (where new deals start); required for open stages, unique within the channel' },
      { name: 'outcome', type: 'text', aliases: ['исход', 'итог', 'типэтапа'], choices: STAGE_OUTCOMES, default: 'open', help: 'open, won or lost (открыт, выигран, проигран); empty = open' },
    ],
    table: { table: 'sales_stages', fields: direct('channel', 'stage', 'position', 'outcome') },
  },
  {
    name: 'deals', title: 'Deals', kind: 'single', key: ['deal_no'],
    hooks: DEAL_HOOKS,
    columns: [
      code('deal_no', 'deal number', ['сделка', 'номерсделки', 'номер']),
      date('date', ['дата', 'датасоздания', 'датасделки'], true, 'the day the deal was opened: it starts in its channel\'s first open stage'),
      ref('client_code', 'clients', ['клиент', 'контрагент', 'кодклиента', 'покупатель'], true),
      { name: 'channel', type: 'text', required: true, aliases: ['канал', 'каналпродаж', 'воронка'], help: 'sales channel: one that has stages (crm import stages)' },
      ref('manager_code', 'managers', ['менеджер', 'ответственный', 'кодменеджера']),
      { name: 'title', type: 'text', aliases: ['название', 'наименование', 'предмет', 'темасделки'], help: 'what the deal is about' },
      money('amount', ['сумма', 'суммасделки', 'бюджет', 'оценка'], false, 'expected amount of the deal'),
      date('expected_close', ['ожидаемаядатазакрытия', 'датазакрытия', 'планзакрытия', 'плановаядата'], false, 'the day the deal is expected to close; on or after its date'),
      ref('order_no', 'orders', ['заказ', 'номерзаказа', 'заказклиента']),
    ],
    table: {
      table: 'deals',
      fields: {
        ...direct('deal_no', 'date', 'channel', 'title', 'amount', 'expected_close'),
        client_code: { column: 'client_id', ref: 'clients' },
        manager_code: { column: 'manager_id', ref: 'managers' },
        order_no: { column: 'order_id', ref: 'orders' },
      },
    },
  },
  {
    name: 'deal-stages', title: 'Deal stage changes', kind: 'master', key: ['deal_no', 'date'],
    hooks: DEAL_STAGE_HOOKS,
    columns: [
      ref('deal_no', 'deals', ['сделка', 'номерсделки'], true),
      date('date', ['дата', 'датаперехода', 'датаизменения'], true, 'the day the deal moved; one move a deal a day'),
      { ...ref('stage', 'stages', ['этап', 'стадия', 'новыйэтап'], true), help: 'the stage it moved to: a stage of the deal\'s channel' },
      { ...ref('reason', 'reasons', ['причина', 'причинаотказа', 'причинавозврата']), help: 'a refusal reason code: required for a move back, to a lost stage, or out of a won or lost one' },
      { name: 'note', type: 'text', aliases: ['комментарий', 'примечание', 'заметка'], help: 'free text' },
    ],
    table: {
      table: 'deal_stage_events',
      fields: {
        ...direct('date', 'note', 'stage_id'),
        deal_no: { column: 'deal_id', ref: 'deals' },
        stage: { column: 'stage_id', ref: 'stages', readOnly: true },
        reason: { column: 'reason_id', ref: 'reasons' },
      },
    },
  },
  {
    name: 'claim-causes', title: 'Claim causes', kind: 'master', key: ['code'],
    columns: [code('code', 'cause code', ['код', 'кодпричины']), name(['причинапретензии', 'причина'])],
    table: { table: 'claim_causes', fields: direct('code', 'name') },
  },
  {
    name: 'claims', title: 'Client claims', kind: 'single', key: ['claim_no'],
    hooks: CLAIM_HOOKS,
    columns: [
      code('claim_no', 'claim number', ['претензия', 'номерпретензии', 'рекламация', 'номер']),
      date('date', ['дата', 'датапретензии', 'датаполучения'], true),
      ref('client_code', 'clients', ['клиент', 'контрагент', 'кодклиента', 'покупатель'], true),
      { ...ref('cause_code', 'causes', ['причина', 'причинапретензии', 'кодпричины'], true), help: 'code of a claim cause (crm import claim-causes)' },
      { name: 'status', type: 'text', required: true, aliases: ['статус', 'состояние'], choices: CLAIM_STATUSES, help: 'new, in_work, resolved or rejected (новая, в работе, решена, отклонена)' },
      { ...ref('shipment_no', 'shipments', ['реализация', 'отгрузка', 'номерреализации', 'номеротгрузки']), help: 'the shipment claimed against: the same client\'s, on or before the claim' },
      ref('sku', 'products', ITEM_ALIASES),
      { ...qty(), required: false, help: 'quantity claimed, greater than 0' },
      money('amount', ['сумма', 'суммапретензии', 'стоимость'], false, 'what the claim is worth'),
      { name: 'result', type: 'text', aliases: ['результат', 'решение', 'итог'], choices: CLAIM_RESULTS, help: 'replacement, refund, discount, repair or rejected (замена, возврат, скидка, ремонт, отказ); a rejected claim\'s result is rejected' },
      date('resolved_date', ['датарешения', 'датазакрытия', 'датаурегулирования'], false, 'the day the claim was resolved or rejected: required for those, empty while it is new or in work'),
      ref('manager_code', 'managers', ['менеджер', 'ответственный', 'кодменеджера']),
      money('recovered_amount', ['возмещенопоставщиком', 'возмещено', 'компенсацияпоставщика', 'возмещение'], false, 'what the supplier paid back'),
      { name: 'description', type: 'text', aliases: ['описание', 'суть', 'комментарий'], help: 'free text' },
    ],
    table: {
      table: 'claims',
      fields: {
        ...direct('claim_no', 'date', 'status', 'qty', 'amount', 'result', 'resolved_date', 'recovered_amount', 'description'),
        client_code: { column: 'client_id', ref: 'clients' },
        cause_code: { column: 'cause_id', ref: 'causes' },
        shipment_no: { column: 'shipment_id', ref: 'shipments' },
        sku: { column: 'product_id', ref: 'products' },
        manager_code: { column: 'manager_id', ref: 'managers' },
      },
    },
  },
  {
    name: 'negotiation-templates', title: 'Negotiation templates (checklists)', kind: 'master', key: ['template_code', 'item'],
    hooks: NEGOTIATION_TEMPLATE_HOOKS,
    columns: [
      { name: 'template_code', type: 'text', required: true, aliases: ['шаблон', 'кодшаблона'], help: 'template code' },
      { name: 'position', type: 'int', required: true, aliases: ['позиция', 'порядок', 'номерпункта', 'номер'], min: 1, max: 1000, help: 'order of the item in the checklist, unique within the template' },
      { name: 'item', type: 'text', required: true, aliases: ['пункт', 'вопрос', 'пунктчеклиста'], help: 'the checklist item, unique within the template' },
    ],
    table: { table: 'negotiation_templates', fields: direct('template_code', 'position', 'item') },
  },
  {
    name: 'negotiations', title: 'Negotiations', kind: 'single', key: ['negotiation_no'],
    hooks: NEGOTIATION_HOOKS,
    columns: [
      code('negotiation_no', 'negotiation number', ['переговоры', 'номерпереговоров', 'встреча', 'номер']),
      date('date', ['дата', 'датапереговоров'], true),
      ref('client_code', 'clients', ['клиент', 'контрагент', 'кодклиента', 'покупатель'], true),
      { name: 'template_code', type: 'text', required: true, aliases: ['шаблон', 'кодшаблона'], help: 'the checklist it was prepared with (crm import negotiation-templates)' },
      ref('manager_code', 'managers', ['менеджер', 'ответственный', 'кодменеджера']),
      { name: 'result', type: 'text', aliases: ['результат', 'итог'], choices: NEGOTIATION_RESULTS, help: 'agreed, postponed or refused (договорились, отложено, отказ); empty = not yet known' },
      date('next_date', ['следующийконтакт', 'датаследующейвстречи', 'следующийшаг'], false, 'the next meeting agreed; on or after the date'),
      { name: 'note', type: 'text', aliases: ['комментарий', 'примечание', 'отчет'], help: 'free text: the report of the meeting' },
    ],
    table: {
      table: 'negotiations',
      fields: {
        ...direct('negotiation_no', 'date', 'template_code', 'result', 'next_date', 'note'),
        client_code: { column: 'client_id', ref: 'clients' },
        manager_code: { column: 'manager_id', ref: 'managers' },
      },
    },
  },
  {
    name: 'negotiation-items', title: 'Negotiation checklist results', kind: 'single', key: ['negotiation_no', 'item'],
    hooks: NEGOTIATION_ITEM_HOOKS,
    columns: [
      ref('negotiation_no', 'negotiations', ['переговоры', 'номерпереговоров'], true),
      { name: 'item', type: 'text', required: true, aliases: ['пункт', 'вопрос', 'пунктчеклиста'], help: 'an item of the negotiation\'s template' },
      { name: 'outcome', type: 'text', required: true, aliases: ['ответ', 'выполнено', 'результат', 'отметка'], choices: ITEM_OUTCOMES, help: 'yes, partly or no (да, частично, нет)' },
      { name: 'note', type: 'text', aliases: ['комментарий', 'примечание'], help: 'free text' },
    ],
    table: { table: 'negotiation_items', fields: { ...direct('item', 'outcome', 'note'), negotiation_no: { column: 'negotiation_id', ref: 'negotiations' } } },
  },
  // ── the money side of a deal (SPEC §9, issue 14) ──
  {
    name: 'prices', title: 'Price lists with history', kind: 'single', key: ['sku', 'price_type', 'from_date'],
    hooks: PRICE_HOOKS,
    columns: [
      ref('sku', 'products', ITEM_ALIASES, true),
      { name: 'price_type', type: 'text', required: true, aliases: ['типцен', 'типцены', 'видцен', 'прайслист', 'колонкапрайса'], help: 'the price list: wholesale, retail, dealer … (a client\'s price_type names one)' },
      money('price', ['цена', 'ценазаединицу'], true, 'price per unit'),
      date('from_date', ['датаначала', 'действуетс', 'дата', 'сдаты', 'начало'], true, 'the day the price holds from, until the next price of the same SKU and price type'),
    ],
    table: { table: 'prices', fields: { ...direct('price_type', 'price', 'from_date'), sku: { column: 'product_id', ref: 'products' } } },
  },
  {
    name: 'deliveries', title: 'Deliveries paid by the company', kind: 'single', key: ['delivery_no'],
    hooks: DELIVERY_HOOKS,
    columns: [
      code('delivery_no', 'delivery number', ['доставка', 'номердоставки', 'номер', 'документ']),
      date('date', ['дата', 'датадоставки'], true),
      { ...ref('shipment_no', 'shipments', ['реализация', 'отгрузка', 'номерреализации', 'номеротгрузки'], true), help: 'the shipment delivered' },
      { name: 'carrier', type: 'text', aliases: ['перевозчик', 'транспортнаякомпания', 'тк', 'экспедитор'], help: 'who carried it (free text)' },
      money('cost', ['стоимость', 'стоимостьдоставки', 'сумма', 'затраты', 'себестоимость'], true, 'what the company paid for the delivery'),
    ],
    table: {
      table: 'deliveries',
      fields: { ...direct('delivery_no', 'date', 'carrier', 'cost'), shipment_no: { column: 'shipment_id', ref: 'shipments' } },
    },
  },
  {
    name: 'commission-rules', title: 'Commission rules of managers', kind: 'master', key: ['manager_code', 'from_date', 'group_code'],
    columns: [
      ref('manager_code', 'managers', ['менеджер', 'кодменеджера', 'сотрудник'], true),
      date('from_date', ['датаначала', 'действуетс', 'дата', 'сдаты', 'начало'], true, 'the day the rule holds from, until the next rule of the same manager and group'),
      { name: 'base', type: 'text', required: true, aliases: ['база', 'базарасчета', 'отчего', 'основа'], choices: COMMISSION_BASES, help: 'revenue or margin (выручка, маржа): what the percent is of' },
      { ...pct('pct', ['процент', 'ставка', 'процентпремии', 'ставка%'], 'commission rate'), required: true },
      { ...ref('group_code', 'groups', ['группа', 'кодгруппы', 'группатоваров']), help: 'a rate for one product group and its descendants; empty = the manager\'s general rate (the nearest group rule wins)' },
    ],
    table: {
      table: 'commission_rules',
      fields: { ...direct('from_date', 'base', 'pct'), manager_code: { column: 'manager_id', ref: 'managers' }, group_code: { column: 'group_id', ref: 'groups' } },
    },
  },
  {
    name: 'commission-payments', title: 'Commission paid to managers', kind: 'single', key: ['payment_no'],
    hooks: COMMISSION_PAYMENT_HOOKS,
    columns: [
      code('payment_no', 'payment number', ['номерплатежа', 'номер', 'документ', 'ведомость']),
      date('date', ['дата', 'датавыплаты'], true),
      ref('manager_code', 'managers', ['менеджер', 'кодменеджера', 'сотрудник', 'получатель'], true),
      money('amount', ['сумма', 'суммавыплаты', 'выплачено'], true, 'commission paid, greater than 0', 0, true),
    ],
    table: { table: 'commission_payments', fields: { ...direct('payment_no', 'date', 'amount'), manager_code: { column: 'manager_id', ref: 'managers' } } },
  },
];

export const ENTITY_NAMES = ENTITIES.map((e) => e.name);

export function entitySpec(entity: string): EntitySpec | undefined {
  return ENTITIES.find((e) => e.name === entity);
}

/** Header fields of a document (the rest are line fields). */
export function isLineField(spec: EntitySpec, field: string): boolean {
  return spec.lines !== undefined && field in spec.lines.fields;
}
