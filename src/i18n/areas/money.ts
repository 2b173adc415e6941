// The money side of a deal (SPEC §9, issue 14): the commands offer, shipments and settings and
// the reports commissions and deliveries — their refusals, summaries and warnings, and the
// import's rules of shipments against their deliveries (src/model/entityRules.ts).
import { plural, pluralRu } from '../../util/plural.js';
import { defineArea } from '../area.js';

const shipmentsRu = (n: number) => pluralRu(n, 'отгрузка', 'отгрузки', 'отгрузок');
const rowsRu = (n: number) => pluralRu(n, 'строка', 'строки', 'строк');
const daysRu = (n: number) => pluralRu(n, 'день', 'дня', 'дней');

export const money = defineArea(
  {
    // src/model/entityRules.ts: a shipment and its deliveries
    'money.deliveryCarries': (delivery: string, date: string, others: number) =>
      `delivery ${delivery} of ${date}${others > 0 ? ` (and ${plural(others, 'other delivery', 'other deliveries')})` : ''} carries this shipment: expected a date on or before it (change or delete the delivery first)`,
    'money.shipmentsAfterToday': (n: number, today: string, some: string) =>
      `${n === 1 ? 'a shipment' : plural(n, 'shipment')} dated after today (${today}): ${some} (a typo? its deliveries and originals can be recorded only from that day)`,
    // crm settings
    'money.unknownSetting': (key: string, near: string | undefined, known: string) =>
      `unknown setting "${key}": ${near ? `did you mean "${near}"? ` : ''}the known settings are ${known} (crm settings list)`,
    'money.expectedPercent': () => 'a percent from 0 to 100: 16, 16%, 16,5',
    'money.expectedDays': () => 'a whole number of days, 1 or more',
    'money.badSetting': (key: string, text: string, expected: string) => `${key} ${JSON.stringify(text)}: expected ${expected}; nothing was written`,
    'money.settingSame': (key: string, value: string) => `${key} is ${value} already`,
    'money.settingSet': (key: string, value: string, operation: number) => `${key} = ${value} (operation ${operation}; crm undo ${operation} takes it back)`,
    'money.settingDefault': () => '(default)',
    'money.helpMoneyRate': () => 'yearly cost of money in %, for the cost of money of a deal (order-profitability, offer evaluate)',
    'money.helpIlliquidAfter': () => 'days without sales after which stock is illiquid, where neither the product nor a group says',
    'money.settingDefaultAlready': (key: string, value: string) => `${key} is at its default (${value}) already`,
    'money.settingReset': (key: string, value: string, was: string, operation: number) =>
      `${key} = ${value}, its default (was ${was}) (operation ${operation}; crm undo ${operation} takes it back)`,
    // crm shipments originals | list | show
    'money.dateAndClear': () => '--date and --clear contradict each other: give one',
    'money.noShipmentWritten': (no: string) => `no shipment with shipment_no "${no}"; nothing was written`,
    'money.noShipment': (no: string) => `no shipment with shipment_no "${no}"`,
    'money.originalsBefore': (flag: string, date: string, no: string, day: string) => `${flag} ${date} is before shipment ${no} itself (${day}): the originals cannot come back before it; nothing was written`,
    'money.originalsAfterToday': (flag: string, date: string, today: string) => `${flag} ${date} is after today (${today}): record the originals when they are back; nothing was written`,
    'money.originalsNoneAlready': (no: string) => `shipment ${no} has no originals date already`,
    'money.originalsAlready': (no: string, date: string) => `shipment ${no}: originals back on ${date} already`,
    'money.originalsSet': (no: string, date: string | null, was: string | null, operation: number) =>
      `shipment ${no}: originals ${date === null ? 'not back' : `back on ${date}`}${was === null ? '' : ` (was ${was})`} (operation ${operation}; crm undo ${operation} takes it back)`,
    'money.badOriginalsFilter': (value: string) => `--originals ${value}: expected out or back`,
    'money.noSuchClient': (code: string) => `--client ${code}: no such client (crm clients list)`,
    'money.noSuchManager': (code: string) => `--manager ${code}: no such manager (crm managers list)`,
    'money.shipmentCount': (n: number) => plural(n, 'shipment'),
    'money.showLines': () => 'lines:',
    'money.showDeliveries': () => 'deliveries:',
    'money.showNoDeliveries': () => 'deliveries: none paid by the company',
    'money.showCost': (cost: string) => `(cost ${cost})`,
    'money.showNoCarrier': () => '(no carrier)',
    'money.noPricesInForce': () => 'none in force yet',
    'money.noManager': () => '(no manager)',
    // crm offer evaluate
    'money.badMoneyOption': (flag: string, text: string) => `${flag} ${text}: expected an amount of money, 0 or more (1234.56 or 1 234,56)`,
    'money.badDeferral': (text: string) => `--deferral-days ${text}: expected whole days from -3650 to 3650 (negative = prepayment)`,
    'money.badRate': (text: string) => `--rate ${text}: expected a percent from 0 to 100`,
    'money.skuCase': (skus: string) => `matches the SKUs ${skus} but for case: write the SKU exactly`,
    'money.unknownSku': () => 'unknown product code: no product has this SKU (crm products list)',
    'money.offerProblems': (file: string) => `the offer ${file} has problems: nothing was evaluated`,
    'money.offerNothingEvaluated': (message: string) => `${message}: nothing was evaluated`,
    'money.noOfferLines': (file: string) => `${file}: no offer lines (sku, qty, price) under the header`,
    'money.noPriceColumn': (file: string) => `${file} has no price column (цена, price): every price comes from the client's price list or the product card`,
    'money.offerTotalsRow': (file: string, row: number, under: number) =>
      `${file}: read the lines down to the totals row ${row}; ${plural(under, 'row')} under it (an evaluated offer's summary) ignored`,
    'money.ambiguousPriceType': (client: string, type: string, twins: string) =>
      `client ${client}'s price type "${type}" matches the price types ${twins}, which differ only in case: write it on the card as one of them is spelled (crm clients edit ${client} --price-type …); nothing was evaluated`,
    'money.offerTitle': (file: string, asOf: string, client: string | null) => `offer ${file}   as of ${asOf}${client !== null ? `   client ${client}` : ''}`,
    'money.offerTermsTitle': (title: string) => `${title}: terms and warnings`,
    'money.offerTermColumn': () => 'Term',
    'money.offerValueColumn': () => 'Value',
    'money.outputIsOffer': (file: string) => `-o ${file}: that is the offer file being evaluated: the output would overwrite it; nothing was written (choose another file)`,
    'money.warning': (text: string) => `warning: ${text}`,
    'money.noTypedPrice': (row: number, sku: string, type: string, list: string, discount: number) =>
      `row ${row}: ${sku} has no price of type ${type} at the day: the product's list price ${list} is taken${discount > 0 ? `, less the card's discount ${discount} %` : ''}`,
    'money.noPriceType': (row: number, sku: string, client: string | null, list: string, discount: number) =>
      `row ${row}: ${sku}: no price given and ${client !== null ? `client ${client} has no price type` : 'no --client'}: the product's list price ${list} is taken${discount > 0 ? `, less the card's discount ${discount} %` : ''}`,
    'money.zeroPrice': (row: number, sku: string, type: string, from: string) =>
      `row ${row}: ${sku}: the price list ${type} gives a price of 0 (from ${from}): the line is free — a give-away, or an empty price a 1C export wrote as 0? (crm products show ${sku})`,
    'money.belowCost': (row: number, sku: string, price: string, cost: string) => `row ${row}: ${sku} priced ${price} below its cost ${cost}`,
    'money.deferralBeyond': (days: number, client: string, card: number) => `deferral ${days} days is beyond client ${client}'s card (${card} days)`,
    'money.creditLimit': (client: string, balance: string, offer: string, limit: string) =>
      `credit limit of client ${client} exceeded: balance ${balance} + offer ${offer} > limit ${limit}`,
    // the reports commissions and deliveries
    'money.noCommissionRules': () => 'no commission rules (crm import commission-rules): nothing accrues',
    'money.noDeliveredShipments': () => 'no delivered shipments in the period (crm import deliveries)',
    // every report's refusal of --layout wide (src/reports/present.ts); the money reports' trial found it in English
    'money.noWideLayout': (report: string, oneDay: boolean) => `--layout wide: report ${report} has no month columns: it is one row per ${oneDay ? 'item' : 'line'} already (--layout long or tidy)`,
  },
  {
    'money.deliveryCarries': (delivery: string, date: string, others: number) =>
      `эту отгрузку везёт доставка ${delivery} от ${date}${others > 0 ? ` (и ещё ${pluralRu(others, 'доставка', 'доставки', 'доставок')})` : ''}: ожидается дата не позже неё (сначала измените или удалите доставку)`,
    'money.shipmentsAfterToday': (n: number, today: string, some: string) =>
      `${n === 1 ? 'отгрузка' : shipmentsRu(n)} с датой после сегодняшней (${today}): ${some} (опечатка? её доставки и оригиналы можно записать только с этого дня)`,
    'money.unknownSetting': (key, near, known) =>
      `неизвестная настройка "${key}": ${near ? `может быть, "${near}"? ` : ''}известные настройки: ${known} (crm settings list)`,
    'money.expectedPercent': () => 'процент от 0 до 100: 16, 16%, 16,5',
    'money.expectedDays': () => 'целое число дней, 1 или больше',
    'money.badSetting': (key, text, expected) => `${key} ${JSON.stringify(text)}: ожидается ${expected}; ничего не записано`,
    'money.settingSame': (key, value) => `${key} уже равно ${value}`,
    'money.settingSet': (key, value, operation) => `${key} = ${value} (операция ${operation}; crm undo ${operation} отменит её)`,
    'money.settingDefault': () => '(по умолчанию)',
    'money.helpMoneyRate': () => 'годовая стоимость денег в %, для стоимости денег сделки (order-profitability, offer evaluate)',
    'money.helpIlliquidAfter': () => 'дней без продаж, после которых запас неликвиден, если ни товар, ни группа не задают своё',
    'money.settingDefaultAlready': (key, value) => `${key} и так равно значению по умолчанию (${value})`,
    'money.settingReset': (key, value, was, operation) =>
      `${key} = ${value}, значение по умолчанию (было ${was}) (операция ${operation}; crm undo ${operation} отменит её)`,
    'money.dateAndClear': () => '--date и --clear противоречат друг другу: укажите одно',
    'money.noShipmentWritten': (no) => `нет отгрузки с номером "${no}"; ничего не записано`,
    'money.noShipment': (no) => `нет отгрузки с номером "${no}"`,
    'money.originalsBefore': (flag, date, no, day) => `${flag} ${date} раньше самой отгрузки ${no} (${day}): оригиналы не могут вернуться до неё; ничего не записано`,
    'money.originalsAfterToday': (flag, date, today) => `${flag} ${date} позже сегодняшнего дня (${today}): запишите возврат оригиналов, когда они вернутся; ничего не записано`,
    'money.originalsNoneAlready': (no) => `у отгрузки ${no} и так нет даты возврата оригиналов`,
    'money.originalsAlready': (no, date) => `отгрузка ${no}: оригиналы уже записаны вернувшимися ${date}`,
    'money.originalsSet': (no, date, was, operation) =>
      `отгрузка ${no}: оригиналы ${date === null ? 'не вернулись' : `вернулись ${date}`}${was === null ? '' : ` (было ${was})`} (операция ${operation}; crm undo ${operation} отменит её)`,
    'money.badOriginalsFilter': (value) => `--originals ${value}: ожидается out (не вернулись) или back (вернулись)`,
    'money.noSuchClient': (code) => `--client ${code}: нет такого клиента (crm clients list)`,
    'money.noSuchManager': (code) => `--manager ${code}: нет такого менеджера (crm managers list)`,
    'money.shipmentCount': (n) => shipmentsRu(n),
    'money.showLines': () => 'строки:',
    'money.showDeliveries': () => 'доставки:',
    'money.showNoDeliveries': () => 'доставки: компания не оплачивала',
    'money.showCost': (cost) => `(себестоимость ${cost})`,
    'money.showNoCarrier': () => '(перевозчик не указан)',
    'money.noPricesInForce': () => 'пока ни одна не действует',
    'money.noManager': () => '(без менеджера)',
    'money.badMoneyOption': (flag, text) => `${flag} ${text}: ожидается денежная сумма, 0 или больше (1234.56 или 1 234,56)`,
    'money.badDeferral': (text) => `--deferral-days ${text}: ожидается целое число дней от -3650 до 3650 (отрицательное — предоплата)`,
    'money.badRate': (text) => `--rate ${text}: ожидается процент от 0 до 100`,
    'money.skuCase': (skus) => `совпадает с артикулами ${skus} с точностью до регистра: напишите артикул точно`,
    'money.unknownSku': () => 'неизвестный артикул: нет товара с таким артикулом (crm products list)',
    'money.offerProblems': (file) => `в предложении ${file} есть ошибки: ничего не рассчитано`,
    'money.offerNothingEvaluated': (message) => `${message}: ничего не рассчитано`,
    'money.noOfferLines': (file) => `${file}: под заголовком нет строк предложения (sku, qty, price)`,
    'money.noPriceColumn': (file) => `в ${file} нет столбца цены (цена, price): все цены взяты из прайс-листа клиента или карточки товара`,
    'money.offerTotalsRow': (file, row, under) =>
      `${file}: строки прочитаны до строки итогов ${row}; ${rowsRu(under)} под ней (итоги рассчитанного предложения) ${under % 10 === 1 && under % 100 !== 11 ? 'пропущена' : 'пропущены'}`,
    'money.ambiguousPriceType': (client, type, twins) =>
      `тип цен клиента ${client} «${type}» совпадает с типами цен ${twins}, различающимися только регистром: запишите в карточке так, как написан один из них (crm clients edit ${client} --price-type …); ничего не рассчитано`,
    'money.offerTitle': (file, asOf, client) => `предложение ${file}   на ${asOf}${client !== null ? `   клиент ${client}` : ''}`,
    'money.offerTermsTitle': (title) => `${title}: условия и предупреждения`,
    'money.offerTermColumn': () => 'Условие',
    'money.offerValueColumn': () => 'Значение',
    'money.outputIsOffer': (file) => `-o ${file}: это сам файл рассчитываемого предложения: вывод затёр бы его; ничего не записано (выберите другой файл)`,
    'money.warning': (text) => `предупреждение: ${text}`,
    'money.noTypedPrice': (row, sku, type, list, discount) =>
      `строка ${row}: у ${sku} нет цены типа ${type} на этот день: взята цена из карточки товара ${list}${discount > 0 ? ` за вычетом скидки клиента ${discount} %` : ''}`,
    'money.noPriceType': (row, sku, client, list, discount) =>
      `строка ${row}: ${sku}: цена не указана, а ${client !== null ? `у клиента ${client} нет типа цен` : '--client не задан'}: взята цена из карточки товара ${list}${discount > 0 ? ` за вычетом скидки клиента ${discount} %` : ''}`,
    'money.zeroPrice': (row, sku, type, from) =>
      `строка ${row}: ${sku}: прайс-лист ${type} даёт цену 0 (с ${from}): строка бесплатна — это подарок или пустая цена, которую выгрузка из 1С записала как 0? (crm products show ${sku})`,
    'money.belowCost': (row, sku, price, cost) => `строка ${row}: ${sku} по цене ${price} ниже себестоимости ${cost}`,
    'money.deferralBeyond': (days, client, card) => `отсрочка ${daysRu(days)} больше, чем в карточке клиента ${client} (${daysRu(card)})`,
    'money.creditLimit': (client, balance, offer, limit) => `превышен кредитный лимит клиента ${client}: долг ${balance} + предложение ${offer} > лимит ${limit}`,
    'money.noCommissionRules': () => 'нет правил комиссии (crm import commission-rules): ничего не начисляется',
    'money.noDeliveredShipments': () => 'в периоде нет отгрузок с доставкой (crm import deliveries)',
    'money.noWideLayout': (report, oneDay) => `--layout wide: в отчёте ${report} нет столбцов по месяцам: он и так по строке на ${oneDay ? 'объект' : 'запись'} (--layout long или tidy)`,
  },
);
