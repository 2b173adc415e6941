// The import's own problems beyond a cell and a header: references that name nothing, duplicate
// names and INNs, the rules of documents and CRM records (src/model/entityRules.ts), the
// warnings an import prints, and "did you mean" for a mistyped name (src/util/suggest.ts).
import { intRu, plural, pluralRu } from '../../util/plural.js';
import { defineArea } from '../area.js';

type Party = 'client' | 'supplier';
type Dated = 'interaction' | 'deal' | 'claim' | 'negotiation';
/** A deal or shipment that names an order (src/db/orderLinks.ts). */
type OrderReferrer = { what: 'deal' | 'shipment'; no: string; client: string };

/** `code, name or INN` */
const orList = (words: string[], or: string) => (words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} ${or} ${words[words.length - 1]}`);

/** What a reference may be written as, in Russian (genitive: «такого кода, названия или ИНН нет»). */
const WAYS_RU: Record<string, string> = { code: 'кода', name: 'названия', INN: 'ИНН' };
const waysRu = (labels: string[]) => orList(labels.map((l) => WAYS_RU[l] ?? l), 'или');

/** `a, b, c` or `a, b, c … (12 in all)`. */
const someOf = (items: readonly string[], inAll: (n: number) => string, shown = 8) =>
  items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} … (${inAll(items.length)})`;
const someEn = (items: readonly string[]) => someOf(items, (n) => `${n} in all`);
const someRu = (items: readonly string[]) => someOf(items, (n) => `всего ${intRu(n)}`);

const PARTY_RU: Record<Party, [string, string]> = { client: ['клиент', 'клиента'], supplier: ['поставщик', 'поставщика'] };
const DATED_RU: Record<Dated, string> = { interaction: 'взаимодействия', deal: 'сделки', claim: 'претензии', negotiation: 'переговоров' };
const STATUS_RU: Record<string, string> = { open: 'открыта', resolved: 'удовлетворена', rejected: 'отклонена', in_progress: 'в работе' };
const OUTCOME_RU: Record<string, string> = { open: 'открытый', won: 'выигран', lost: 'проигран', none: 'нет' };
const outcomeRu = (text: string) => text.replace(/^(open|won|lost|none)/, (w) => OUTCOME_RU[w] ?? w);

/** The first words of `unknownName` (src/util/suggest.ts) that callers pass, in Russian. */
const NAME_WHAT_RU: Record<string, string> = {
  'unknown entity': 'неизвестная сущность',
  'unknown plan': 'неизвестный план',
  'unknown setting': 'неизвестная настройка',
  'no help topic or command': 'нет такой темы справки или команды',
};
const NAME_EXPECTED_RU: Record<string, string> = {
  'expected one of': 'ожидается одно из',
  'topics and commands': 'темы и команды',
  'its items': 'его пункты',
  'its stages': 'его этапы',
};

export const importRules = defineArea(
  {
    // src/util/suggest.ts
    'importRules.unknownName': (what: string, word: string, near: string | undefined, expected: string, list: string) =>
      `${what} "${word}": ${near ? `did you mean "${near}"? ` : ''}${expected}: ${list}`,
    // src/import/rowParser.ts: the header and the shape of a row
    'importRules.emptyFile': (columns: string) => `the file is empty: expected a header row with the columns ${columns}`,
    'importRules.emptyFileSummary': () => 'empty file, nothing was written',
    'importRules.missingColumnSummary': () => 'a required column is missing, nothing was written',
    'importRules.unknownColumns': (file: string, n: number, list: string) => `${file}: ignored unknown column${n > 1 ? 's' : ''}: ${list}`,
    'importRules.repeatedColumns': (file: string, n: number, list: string) => `${file}: ignored repeated column${n > 1 ? 's' : ''}: ${list}`,
    'importRules.otherEntity': (columns: string, entity: string, other: string) => `the columns ${columns} are no ${entity} columns, but this header is a ${other} file's`,
    'importRules.otherEntitySummary': (file: string, other: string, entity: string) =>
      `${file} looks like a ${other} file, not ${entity}: import it with crm import ${other} (or remove the other columns); nothing was written`,
    'importRules.truncatedLine': (values: number, columns: number) => `the line has ${plural(values, 'value')} but the header has ${plural(columns, 'column')}: a truncated line?`,
    'importRules.strayDelimiter': (values: number, columns: number) => `the line has ${plural(values, 'value')} but the header has ${plural(columns, 'column')}: a stray delimiter?`,
    'importRules.skippedTotals': (file: string, row: number, text: string) => `${file}, row ${row}: skipped the totals row "${text}"`,
    'importRules.skippedNumbersOnly': (file: string, row: number, column: string) => `${file}, row ${row}: skipped a totals row (no ${column}, only numbers)`,
    'importRules.numbersOnlyNotLast': () => 'required value is empty (a row of only numbers is taken for a totals row only at the end of the file)',
    'importRules.planCount': (indicator: string) => `expected a whole number: ${indicator} counts`,
    // references by code, name or INN
    'importRules.unknownRef': (entity: string, ways: string[], found: string[], byNameWays: string[]) => {
      const one = entity.replace(/s$/, '');
      const hint =
        found.length === 1 ? ` (${one} ${found[0]} has this ${orList(byNameWays, 'or')}: --match name would resolve it)`
        : found.length > 1 ? ` (${found.length} ${entity} have this ${orList(byNameWays, 'or')}: ${found.slice(0, 10).join(', ')}; write the code)`
        : '';
      return `unknown ${one} ${orList(ways, 'or')}: import ${entity} first${hint}`;
    },
    'importRules.ambiguousRef': (entity: string, ways: string[], n: number, list: string, more: number) =>
      `matches ${n} ${entity} by ${orList(ways, 'or')}: ${list}${more > 0 ? ` and ${more} more` : ''}; write the code instead`,
    // src/import/importer.ts: documents and keys
    'importRules.isFolder': (file: string) => `${file}: that is a folder, not a file`,
    'importRules.importFolder': (folder: string, entity: string, files: string[]) =>
      `${folder}: that is a folder, not a file: give one file of it (.xlsx, .csv, .tsv or .json), e.g. crm import ${entity} ${folder.replace(/\/+$/, '')}/${files[0] ?? `${entity}.csv`}` +
      (files.length ? `; it holds ${files.slice(0, 8).join(', ')}${files.length > 8 ? ` … (${files.length} in all)` : ''}` : '; it holds no such file'),
    'importRules.headerDisagrees': (row: number, document: string, first: string) =>
      `disagrees with row ${row} of the same document ${document} ("${first}"): header fields must be equal on every line`,
    'importRules.appearsAgain': (row: number) => `appears again with different data (first at row ${row})`,
    'importRules.documentAgain': (document: string, row: number) => `document ${document} appears again with other header fields (first at row ${row})`,
    'importRules.documentTooBig': (total: string, max: string) => `the document's lines add up to about ${total}, beyond the ${max} an amount may be`,
    'importRules.rejectedWith': (document: boolean, key: string, what: string, rows: number[]) => {
      const cause =
        rows.length === 0 ? 'another of its lines has a problem'
        : rows.length === 1 ? `row ${rows[0]} has a problem`
        : `rows ${rows.slice(0, 5).join(', ')}${rows.length > 5 ? ', …' : ''} have problems`;
      return `rejected with ${document ? 'document' : what} ${key}: ${cause}`;
    },
    'importRules.planCellTwice': (row: number) => `the same plan cell appears twice in the file (first at row ${row})`,
    'importRules.empty': () => '(empty)',
    // src/model/entityRules.ts: groups, products, clients, suppliers
    'importRules.unknownParent': () => 'unknown group code: not in the database nor in this file',
    'importRules.ownAncestor': (chain: string) => `the group would be its own ancestor: ${chain}`,
    'importRules.duplicateProduct': (sku: string, name: string) => `duplicates product ${sku} "${name}" already in the database (use --allow-duplicates if they really differ)`,
    'importRules.duplicateProductInFile': (sku: string, name: string, row: number) => `duplicates product ${sku} "${name}" at row ${row} (use --allow-duplicates if they really differ)`,
    'importRules.innTaken': (what: Party, other: string, name: string) => `${what} ${other} "${name}" already has this INN (use --allow-duplicates if they really are two ${what}s)`,
    'importRules.innInFile': (what: Party, code: string, row: number) => `${what} ${code} at row ${row} has the same INN (use --allow-duplicates if they really are two ${what}s)`,
    'importRules.sameClientName': (row: number, code: string, name: string, other: string) =>
      `row ${row}: client ${code} "${name}" has the same name as client ${other} (crm clients duplicates lists such pairs)`,
    // documents
    'importRules.originalsBefore': (shipment: string, day: string) => `before shipment ${shipment} itself (${day}): the originals cannot come back before it`,
    'importRules.originalsAfterToday': (today: string) => `after today (${today}): record the originals when they are back`,
    'importRules.claimKeepsClient': (claim: string, client: string) => `claim ${claim} of client ${client} is against this shipment: its client stays (change or delete the claim first)`,
    'importRules.claimKeepsDate': (claim: string, date: string) => `claim ${claim} of ${date} is against this shipment: expected a date on or before it (change or delete the claim first)`,
    'importRules.orderDatesDiffer': (order: string, field: string, shipping: boolean, documents: string | null) =>
      `order ${order}: ${field} as imported differs from its ${shipping ? 'shipments' : 'payments'} (${documents ?? 'not yet'}); reports follow the documents`,
    'importRules.moreOrdersDiffer': (n: number) => `… and ${n} more orders whose actual dates differ from their documents`,
    'importRules.releasedBeforeReserved': (reserved: string) => `expected a date on or after reserved_date ${reserved}`,
    'importRules.notBefore': (what: Dated, day: string) => `expected a date on or after the ${what}'s date ${day}`,
    'importRules.afterToday': (today: string, what: 'delivery' | 'payment') => `after today (${today}): record the ${what} when it is made`,
    'importRules.deliveryBefore': (shipment: string, date: string) => `before shipment ${shipment} itself (${date}): a delivery cannot be dated before the goods are shipped`,
    'importRules.zeroPrices': (named: string[]) =>
      `${named.length === 1 ? 'a price' : `${named.length} prices`} of 0: ${someEn(named)} (an offer line without a price takes it and is free; check the file if these are not give-aways)`,
    'importRules.priceKey': (sku: string, type: string, from: string) => `${sku} ${type} from ${from}`,
    // stages and deals
    'importRules.stageHistory': (stage: string, channel: string, was: string, now: string, deals: string[], startMoves: boolean) =>
      `stage "${stage}" of channel "${channel}" (${was} → ${now}) would rewrite the funnel history of ${plural(deals.length, 'deal')} (${someEn(deals)})` +
      `${startMoves ? ': the stage new deals start in would change' : ''}; add new stages after the others, or delete those deals' moves first`,
    'importRules.stagePositionRequired': () => 'required for an open stage: its place in the channel (1 = where new deals start)',
    'importRules.stagePositionTaken': (position: string, channel: string, other: string) =>
      `position ${position} of channel "${channel}" is stage "${other}"'s: open stages of a channel need positions of their own`,
    'importRules.stageOutcomeNoPosition': (outcome: string) =>
      `a ${outcome} stage has no place in the funnel: leave its position empty (only open stages have one; a deal reaches ${outcome} from any of them)`,
    'importRules.channelNoOpenStage': (channel: string) =>
      `channel "${channel}" would have no open stage, and a deal starts in its channel's first open stage: give the channel one (outcome open, position 1) in this file`,
    'importRules.dealOrderClient': (order: string, orderClient: string, client: string) => `order ${order} is client ${orderClient}'s, not ${client}'s`,
    'importRules.orderKeepsClient': (order: string, client: string, named: OrderReferrer[]) =>
      `${someEn(named.map((r) => `${r.what} ${r.no} of client ${r.client}`))} ${named.length === 1 ? 'names' : 'name'} order ${order}: it cannot move to client ${client} (change or delete ${named.length === 1 ? 'it' : 'them'} first)`,
    'importRules.unknownChannel': (channels: string[]) => `unknown channel: import its stages first (crm import stages)${channels.length ? `; the channels are ${someEn(channels)}` : ''}`,
    'importRules.noOpenStage': () => 'the channel has no open stage for a deal to start in',
    'importRules.dealKeepsChannel': (deal: string, channel: string) => `deal ${deal} has moved through stages of channel "${channel}": its channel stays`,
    'importRules.dealMovedOn': (deal: string, date: string) => `deal ${deal} moved stage on ${date}: expected its date on or before that`,
    'importRules.dealMove': (deal: string, problem: string) => `deal ${deal}: ${problem}`,
    'importRules.storedMoveBroken': (deal: string, date: string, stage: string, problem: string) =>
      `deal ${deal}: after this move, the stored move of ${date} to "${stage}" would break the rule: ${problem}`,
    // claims
    'importRules.resolvedRequired': (status: string) => `required for a ${status} claim: the day it was ${status}`,
    'importRules.resolvedTooSoon': (status: string) => `a claim that is ${status} has no resolved date yet (status resolved or rejected closes it)`,
    'importRules.rejectedResult': () => "a rejected claim's result is rejected",
    'importRules.resultNeedsStatus': (status: string) => `the result rejected needs the status rejected, not ${status}`,
    // negotiations
    'importRules.templatePositionTaken': (position: string, template: string, other: string) => `position ${position} of template "${template}" is item "${other}"'s`,
    'importRules.templateItemRenamed': (position: string, template: string, other: string, item: string) =>
      `position ${position} of template "${template}" is item "${other}"'s, which this file leaves out: an item is known by its text, so "${item}" is not a new name for "${other}" but a second item (negotiations' outcomes stay with "${other}"); to put "${item}" in its place, give "${other}" another position in this file`,
  },
  {
    'importRules.unknownName': (what, word, near, expected, list) =>
      `${NAME_WHAT_RU[what] ?? what} "${word}": ${near ? `может быть, "${near}"? ` : ''}${NAME_EXPECTED_RU[expected] ?? expected}: ${list}`,
    'importRules.emptyFile': (columns) => `файл пуст: ожидается строка заголовка со столбцами ${columns}`,
    'importRules.emptyFileSummary': () => 'пустой файл, ничего не записано',
    'importRules.missingColumnSummary': () => 'нет обязательного столбца, ничего не записано',
    'importRules.unknownColumns': (file, n, list) => `${file}: ${n > 1 ? 'пропущены неизвестные столбцы' : 'пропущен неизвестный столбец'}: ${list}`,
    'importRules.repeatedColumns': (file, n, list) => `${file}: ${n > 1 ? 'пропущены повторные столбцы' : 'пропущен повторный столбец'}: ${list}`,
    'importRules.otherEntity': (columns, entity, other) => `столбцов ${columns} нет в файле ${entity}, а этот заголовок — файла ${other}`,
    'importRules.otherEntitySummary': (file, other, entity) =>
      `${file} похож на файл ${other}, а не ${entity}: загрузите его командой crm import ${other} (или уберите лишние столбцы); ничего не записано`,
    'importRules.truncatedLine': (values, columns) =>
      `в строке ${pluralRu(values, 'значение', 'значения', 'значений')}, а в заголовке ${pluralRu(columns, 'столбец', 'столбца', 'столбцов')}: строка обрезана?`,
    'importRules.strayDelimiter': (values, columns) =>
      `в строке ${pluralRu(values, 'значение', 'значения', 'значений')}, а в заголовке ${pluralRu(columns, 'столбец', 'столбца', 'столбцов')}: лишний разделитель?`,
    'importRules.skippedTotals': (file, row, text) => `${file}, строка ${row}: пропущена итоговая строка "${text}"`,
    'importRules.skippedNumbersOnly': (file, row, column) => `${file}, строка ${row}: пропущена итоговая строка (без ${column}, только числа)`,
    'importRules.numbersOnlyNotLast': () => 'обязательное значение не заполнено (строка из одних чисел считается итоговой, только если она в конце файла)',
    'importRules.planCount': (indicator) => `ожидается целое число: ${indicator} — это количество`,
    'importRules.unknownRef': (entity, ways, found, byNameWays) => {
      const hint =
        found.length === 1 ? ` (такое ${byNameWays.length > 1 ? `значение (${waysRu(byNameWays)})` : 'название'} у ${found[0]}: с --match name ссылка найдётся)`
        : found.length > 1 ? ` (такое значение (${waysRu(byNameWays)}) у ${pluralRu(found.length, 'записи', 'записей', 'записей')} ${entity}: ${found.slice(0, 10).join(', ')}; укажите код)`
        : '';
      return `такого ${waysRu(ways)} нет в справочнике ${entity}: сначала загрузите его (crm import ${entity})${hint}`;
    },
    'importRules.ambiguousRef': (entity, ways, n, list, more) =>
      `по значению (${waysRu(ways)}) подходят ${pluralRu(n, 'запись', 'записи', 'записей')} ${entity}: ${list}${more > 0 ? ` и ещё ${intRu(more)}` : ''}; укажите код`,
    'importRules.isFolder': (file) => `${file}: это папка, а не файл`,
    'importRules.importFolder': (folder, entity, files) =>
      `${folder}: это папка, а не файл: укажите один файл из неё (.xlsx, .csv, .tsv или .json), например crm import ${entity} ${folder.replace(/\/+$/, '')}/${files[0] ?? `${entity}.csv`}` +
      (files.length ? `; в ней: ${files.slice(0, 8).join(', ')}${files.length > 8 ? ` … (всего ${files.length})` : ''}` : '; таких файлов в ней нет'),
    'importRules.headerDisagrees': (row, document, first) =>
      `не совпадает со строкой ${row} того же документа ${document} ("${first}"): поля шапки должны быть одинаковы во всех строках`,
    'importRules.appearsAgain': (row) => `встречается ещё раз с другими данными (впервые в строке ${row})`,
    'importRules.documentAgain': (document, row) => `документ ${document} встречается ещё раз с другими полями шапки (впервые в строке ${row})`,
    'importRules.documentTooBig': (total, max) => `строки документа в сумме дают около ${total}, больше предела суммы ${max}`,
    'importRules.rejectedWith': (document, key, what, rows) => {
      const cause =
        rows.length === 0 ? 'ошибка в другой его строке'
        : rows.length === 1 ? `ошибка в строке ${rows[0]}`
        : `ошибки в строках ${rows.slice(0, 5).join(', ')}${rows.length > 5 ? ', …' : ''}`;
      return `отклонена вместе с ${document ? 'документом' : what} ${key}: ${cause}`;
    },
    'importRules.planCellTwice': (row) => `та же ячейка плана встречается в файле дважды (впервые в строке ${row})`,
    'importRules.empty': () => '(пусто)',
    'importRules.unknownParent': () => 'неизвестный код группы: его нет ни в базе, ни в этом файле',
    'importRules.ownAncestor': (chain) => `группа стала бы собственным предком: ${chain}`,
    'importRules.duplicateProduct': (sku, name) => `повторяет товар ${sku} "${name}", который уже есть в базе (если это разные товары, укажите --allow-duplicates)`,
    'importRules.duplicateProductInFile': (sku, name, row) => `повторяет товар ${sku} "${name}" из строки ${row} (если это разные товары, укажите --allow-duplicates)`,
    'importRules.innTaken': (what, other, name) =>
      `этот ИНН уже у ${PARTY_RU[what][1]} ${other} "${name}" (если это действительно два разных ${what === 'client' ? 'клиента' : 'поставщика'}, укажите --allow-duplicates)`,
    'importRules.innInFile': (what, code, row) =>
      `тот же ИНН у ${PARTY_RU[what][1]} ${code} в строке ${row} (если это действительно два разных ${what === 'client' ? 'клиента' : 'поставщика'}, укажите --allow-duplicates)`,
    'importRules.sameClientName': (row, code, name, other) =>
      `строка ${row}: у клиента ${code} "${name}" то же название, что у клиента ${other} (такие пары покажет crm clients duplicates)`,
    'importRules.originalsBefore': (shipment, day) => `раньше самой отгрузки ${shipment} (${dayRu(day)}): оригиналы не могут вернуться до неё`,
    'importRules.originalsAfterToday': (today) => `позже сегодняшнего дня (${dayRu(today)}): отмечайте оригиналы, когда они вернулись`,
    'importRules.claimKeepsClient': (claim, client) => `на эту отгрузку есть претензия ${claim} клиента ${client}: клиент отгрузки не меняется (сначала измените или удалите претензию)`,
    'importRules.claimKeepsDate': (claim, date) =>
      `на эту отгрузку есть претензия ${claim} от ${dayRu(date)}: дата отгрузки должна быть не позже неё (сначала измените или удалите претензию)`,
    'importRules.orderDatesDiffer': (order, field, shipping, documents) =>
      `заказ ${order}: ${field} в файле расходится с его ${shipping ? 'отгрузками' : 'оплатами'} (${documents === null ? 'ещё нет' : dayRu(documents)}); отчёты следуют документам`,
    'importRules.moreOrdersDiffer': (n) =>
      `… и ещё ${pluralRu(n, 'заказ', 'заказа', 'заказов')}, у которых фактические даты расходятся с документами`,
    'importRules.releasedBeforeReserved': (reserved) => `ожидается дата не раньше reserved_date ${dayRu(reserved)}`,
    'importRules.notBefore': (what, day) => `ожидается дата не раньше даты ${DATED_RU[what]} ${dayRu(day)}`,
    'importRules.afterToday': (today, what) => `позже сегодняшнего дня (${dayRu(today)}): отмечайте ${what === 'delivery' ? 'доставку' : 'выплату'}, когда она состоялась`,
    'importRules.deliveryBefore': (shipment, date) => `раньше самой отгрузки ${shipment} (${dayRu(date)}): доставка не может быть раньше отгрузки товара`,
    'importRules.zeroPrices': (named) =>
      `${named.length === 1 ? 'нулевая цена' : `нулевые цены (${intRu(named.length)})`}: ${someRu(named)} (строка предложения без цены возьмёт её и станет бесплатной; проверьте файл, если это не подарки)`,
    'importRules.priceKey': (sku, type, from) => `${sku} ${type} с ${dayRu(from)}`,
    'importRules.stageHistory': (stage, channel, was, now, deals, startMoves) =>
      `этап "${stage}" канала "${channel}" (${outcomeRu(was)} → ${outcomeRu(now)}) переписал бы историю воронки: ${pluralRu(deals.length, 'сделка', 'сделки', 'сделок')} (${someRu(deals)})` +
      `${startMoves ? ': изменился бы этап, с которого начинаются новые сделки' : ''}; добавляйте новые этапы после остальных или сначала удалите переходы этих сделок`,
    'importRules.stagePositionRequired': () => 'обязательно для открытого этапа: его место в канале (1 — где начинаются новые сделки)',
    'importRules.stagePositionTaken': (position, channel, other) =>
      `позиция ${position} канала "${channel}" занята этапом "${other}": у открытых этапов канала позиции должны быть разные`,
    'importRules.stageOutcomeNoPosition': (outcome) =>
      `у ${outcome === 'won' ? 'выигрышного' : 'проигрышного'} этапа нет места в воронке: оставьте позицию пустой (она есть только у открытых этапов; ${outcome === 'won' ? 'выиграть' : 'проиграть'} сделку можно с любого из них)`,
    'importRules.channelNoOpenStage': (channel) =>
      `у канала "${channel}" не было бы открытого этапа, а сделка начинается на первом открытом этапе своего канала: дайте каналу такой этап (исход «открыт», позиция 1) в этом файле`,
    'importRules.dealOrderClient': (order, orderClient, client) => `заказ ${order} — клиента ${orderClient}, а не ${client}`,
    'importRules.orderKeepsClient': (order, client, named) =>
      `на заказ ${order} ${named.length === 1 ? 'ссылается' : 'ссылаются'} ${someRu(named.map((r) => `${r.what === 'deal' ? 'сделка' : 'отгрузка'} ${r.no} клиента ${r.client}`))}: перевести его на клиента ${client} нельзя (сначала измените или удалите ${named.length === 1 ? 'её' : 'их'})`,
    'importRules.unknownChannel': (channels) =>
      `неизвестный канал: сначала загрузите его этапы (crm import stages)${channels.length ? `; каналы: ${someRu(channels)}` : ''}`,
    'importRules.noOpenStage': () => 'в канале нет открытого этапа, с которого начать сделку',
    'importRules.dealKeepsChannel': (deal, channel) => `сделка ${deal} уже проходила этапы канала "${channel}": её канал не меняется`,
    'importRules.dealMovedOn': (deal, date) => `сделка ${deal} сменила этап ${dayRu(date)}: её дата должна быть не позже`,
    'importRules.dealMove': (deal, problem) => `сделка ${deal}: ${problem}`,
    'importRules.storedMoveBroken': (deal, date, stage, problem) =>
      `сделка ${deal}: после этого перехода записанный переход ${dayRu(date)} на "${stage}" нарушил бы правило: ${problem}`,
    'importRules.resolvedRequired': (status) =>
      `обязательно для претензии, которая ${STATUS_RU[status] ?? status}: день, когда она ${STATUS_RU[status] ?? status}`,
    'importRules.resolvedTooSoon': (status) =>
      `у претензии в статусе ${status} ещё нет даты решения (её закрывает статус resolved или rejected)`,
    'importRules.rejectedResult': () => 'результат отклонённой претензии — rejected',
    'importRules.resultNeedsStatus': (status) => `результату rejected нужен статус rejected, а не ${status}`,
    'importRules.templatePositionTaken': (position, template, other) => `позиция ${position} шаблона "${template}" занята пунктом "${other}"`,
    'importRules.templateItemRenamed': (position, template, other, item) =>
      `позиция ${position} шаблона "${template}" занята пунктом "${other}", которого нет в этом файле: пункт узнаётся по тексту, поэтому "${item}" — не новое имя "${other}", а второй пункт (результаты переговоров остаются у "${other}"); чтобы поставить "${item}" на его место, дайте "${other}" другую позицию в этом файле`,
  },
);

/** `2026-12-31` → `31.12.2026` in Russian sentences (anything else as it is). */
function dayRu(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(.*)$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}${m[4]}` : iso;
}
