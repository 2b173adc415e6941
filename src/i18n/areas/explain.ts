// `crm plan explain RUN SKU [MONTH]` (src/commands/planExplain.ts): the derivation of one SKU's
// plan in words and numbers. The numbers come formatted in the language of the run; the
// formulas keep their symbols (× / − = →).
import { plural, pluralRu } from '../../util/plural.js';
import { defineArea } from '../area.js';

const daysRu = (n: number) => pluralRu(n, 'день', 'дня', 'дней');
const productsRu = (n: number) => pluralRu(n, 'активный товар', 'активных товара', 'активных товаров');

export const explain = defineArea(
  {
    'explain.units': (qty: string, one: boolean) => `${qty} ${one ? 'unit' : 'units'}`,
    'explain.head': (sku: string, run: number, from: string, to: string, sales: string, stock: string) =>
      `SKU ${sku} in plan run ${run}: ${from}..${to}, sales plan v${sales}, minimum stock v${stock}`,
    'explain.terms': (group: string, supplier: string | null, cost: string, price: string, lead: number, multiple: string) =>
      `group ${group}, supplier ${supplier ?? '(none: paid on receipt)'}, cost ${cost}, list price ${price}, lead time ${plural(lead, 'day')}, order multiple ${multiple}`,
    'explain.history': (start: string, end: string, months: number, amount: string, units: string) =>
      `history (shipments ${start}..${end}, ${plural(months, 'month')}): ${amount} for ${units}`,
    'explain.unitPriceHistory': (price: string, amount: string, units: string) => `unit price ${price} = history ${amount} / ${units}`,
    'explain.unitPriceList': (price: string) => `unit price ${price} = the list price (no sales in the lookback window)`,
    'explain.opening': (units: string, end: string, count: { qty: string; date: string } | null, receipts: string, shipments: string) =>
      `opening stock ${units} at the end of ${end} = ${count ? `count ${count.qty} on ${count.date}` : 'no count (0)'} + receipts ${receipts} − shipments ${shipments} after it`,
    'explain.noDemand': (sku: string, month: string) => `  demand: no sales-plan row covers ${sku} in ${month} → 0`,
    'explain.weightEqual': (n: number, group: string) =>
      `1 / ${n} (equal weights: the ${plural(n, 'active product')} of ${group} ${n === 1 ? 'has' : 'have'} no sales in the lookback window)`,
    'explain.weightHistory': (weight: string, amount: string, groupHistory: string, n: number, group: string) =>
      `${weight} = history ${amount} / ${groupHistory} of the ${plural(n, 'active product')} of ${group}`,
    'explain.demand': (group: string, month: string, plan: string, weight: string) => `  demand: sales plan of ${group} for ${month} is ${plan}; weight ${weight}`,
    'explain.demandCalc': (plan: string, weight: string, amount: string, price: string, units: string) => `          → ${plan} × ${weight} = ${amount}; / unit price ${price} = ${units}`,
    'explain.openingMonth': (units: string, first: boolean) => `  opening: ${units}${first ? ' (the opening stock above)' : ' (closing of the month before)'}`,
    'explain.noScheduled': () => '  scheduled receipts: none',
    'explain.scheduled': (qty: string, po: string, expected: boolean, date: string, lead: number, overdue: boolean) =>
      `  scheduled receipt: ${qty} open on purchase order ${po} (${expected ? `expected ${date}` : `no expected date: order date + ${plural(lead, 'day')} lead time = ${date}`}${overdue ? ', overdue: counted in the first month' : ''})`,
    'explain.minStock': (qty: string) => `  minimum stock: ${qty}`,
    'explain.need': (min: string, demand: string, opening: string, scheduled: string, need: string) =>
      `  need = max(0, min ${min} + demand ${demand} − opening ${opening} − scheduled ${scheduled}) = ${need}`,
    'explain.planned': (need: string, multiple: string, qty: string, month: string) => `  planned receipt: ${need} rounded up to a multiple of ${multiple} = ${qty}, arriving ${month}-01`,
    'explain.orderDate': (month: string, lead: number, date: string, lateBefore: string | undefined) =>
      `  order date: ${month}-01 − ${plural(lead, 'day')} = ${date}${lateBefore !== undefined ? ` — LATE: before ${lateBefore}-01, the first day of the plan` : ''}`,
    'explain.purchase': (qty: string, cost: string, amount: string) => `  purchase: ${qty} × cost ${cost} = ${amount}`,
    'explain.payNow': (deferral: number, amount: string, date: string) =>
      `  payment: deferral ${plural(deferral, 'day')} → all ${amount} paid on ${date}${deferral < 0 ? ' (prepayment)' : ''}`,
    'explain.payDeferred': (deferral: number, creditLine: string | null, date: string, outstanding: string) =>
      `  payment: deferral ${plural(deferral, 'day')}, ${creditLine === null ? 'unlimited credit line' : `credit line ${creditLine}`}, deferred and not yet due on ${date}: ${outstanding}`,
    'explain.payDeferredCalc': (deferred: string, deferredDate: string, paidNow: string, room: { credit: string; outstanding: string } | null) =>
      `           → deferred ${deferred} (paid ${deferredDate}), paid on receipt ${paidNow}${room ? ` (room = max(0, ${room.credit} − ${room.outstanding}))` : ''}`,
    'explain.noPlanned': () => '  planned receipt: none',
    'explain.closing': (opening: string, scheduled: string, planned: string, demand: string, units: string, closing: string, cost: string, value: string) =>
      `  closing: ${opening} + ${scheduled} + ${planned} − ${demand} = ${units}, value ${closing} × ${cost} = ${value}`,
  },
  {
    'explain.units': (qty) => `${qty} шт.`,
    'explain.head': (sku, run, from, to, sales, stock) => `Товар ${sku} в расчёте плана ${run}: ${from}..${to}, план продаж v${sales}, минимальный остаток v${stock}`,
    'explain.terms': (group, supplier, cost, price, lead, multiple) =>
      `группа ${group}, поставщик ${supplier ?? '(нет: оплата при поступлении)'}, себестоимость ${cost}, цена из карточки ${price}, срок поставки ${daysRu(lead)}, кратность заказа ${multiple}`,
    'explain.history': (start, end, months, amount, units) =>
      `история (отгрузки ${start}..${end}, ${pluralRu(months, 'месяц', 'месяца', 'месяцев')}): ${amount} за ${units}`,
    'explain.unitPriceHistory': (price, amount, units) => `цена единицы ${price} = история ${amount} / ${units}`,
    'explain.unitPriceList': (price) => `цена единицы ${price} = цена из карточки (продаж за период истории нет)`,
    'explain.opening': (units, end, count, receipts, shipments) =>
      `начальный остаток ${units} на конец ${end} = ${count ? `инвентаризация ${count.qty} на ${count.date}` : 'инвентаризации нет (0)'} + поступления ${receipts} − отгрузки ${shipments} после неё`,
    'explain.noDemand': (sku, month) => `  спрос: ни одна строка плана продаж не покрывает ${sku} в ${month} → 0`,
    'explain.weightEqual': (n, group) => `1 / ${n} (равные веса: у ${productsRu(n)} группы ${group} нет продаж за период истории)`,
    'explain.weightHistory': (weight, amount, groupHistory, n, group) => `${weight} = история ${amount} / ${groupHistory} (${productsRu(n)} группы ${group})`,
    'explain.demand': (group, month, plan, weight) => `  спрос: план продаж ${group} на ${month} — ${plan}; вес ${weight}`,
    'explain.demandCalc': (plan, weight, amount, price, units) => `          → ${plan} × ${weight} = ${amount}; / цена единицы ${price} = ${units}`,
    'explain.openingMonth': (units, first) => `  начало: ${units}${first ? ' (начальный остаток выше)' : ' (конец предыдущего месяца)'}`,
    'explain.noScheduled': () => '  ожидаемые поступления: нет',
    'explain.scheduled': (qty, po, expected, date, lead, overdue) =>
      `  ожидаемое поступление: ${qty} по заказу поставщику ${po} (${expected ? `ожидается ${date}` : `даты нет: дата заказа + срок поставки ${daysRu(lead)} = ${date}`}${overdue ? ', просрочено: учтено в первом месяце' : ''})`,
    'explain.minStock': (qty) => `  минимальный остаток: ${qty}`,
    'explain.need': (min, demand, opening, scheduled, need) =>
      `  потребность = max(0, минимум ${min} + спрос ${demand} − начало ${opening} − ожидается ${scheduled}) = ${need}`,
    'explain.planned': (need, multiple, qty, month) => `  плановое поступление: ${need}, округлено вверх до кратного ${multiple} = ${qty}, приходит ${month}-01`,
    'explain.orderDate': (month, lead, date, lateBefore) =>
      `  дата заказа: ${month}-01 − ${daysRu(lead)} = ${date}${lateBefore !== undefined ? ` — ОПОЗДАНИЕ: раньше ${lateBefore}-01, первого дня плана` : ''}`,
    'explain.purchase': (qty, cost, amount) => `  закупка: ${qty} × себестоимость ${cost} = ${amount}`,
    'explain.payNow': (deferral, amount, date) => `  оплата: отсрочка ${daysRu(deferral)} → все ${amount} оплачены ${date}${deferral < 0 ? ' (предоплата)' : ''}`,
    'explain.payDeferred': (deferral, creditLine, date, outstanding) =>
      `  оплата: отсрочка ${daysRu(deferral)}, ${creditLine === null ? 'кредитный лимит не ограничен' : `кредитный лимит ${creditLine}`}, в отсрочке и не к оплате на ${date}: ${outstanding}`,
    'explain.payDeferredCalc': (deferred, deferredDate, paidNow, room) =>
      `           → в отсрочку ${deferred} (оплата ${deferredDate}), при поступлении ${paidNow}${room ? ` (запас = max(0, ${room.credit} − ${room.outstanding}))` : ''}`,
    'explain.noPlanned': () => '  плановое поступление: нет',
    'explain.closing': (opening, scheduled, planned, demand, units, closing, cost, value) =>
      `  конец: ${opening} + ${scheduled} + ${planned} − ${demand} = ${units}, стоимость ${closing} × ${cost} = ${value}`,
  },
);
