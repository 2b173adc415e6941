// Master data by hand (crm clients|products|suppliers|managers|groups add|edit|list|show|duplicates)
// and `crm delete`. Entities are named as the command line names them (clients, orders); the
// Russian words of the five master entities are below.
import { intRu, plural, pluralRu } from '../../util/plural.js';
import { defineArea } from '../area.js';

/** One of the master entities, as SINGULAR (src/commands/masterEntities.ts) names it. */
type One = 'client' | 'product' | 'supplier' | 'manager' | 'group';

/** Russian: [nominative, accusative, genitive, masculine?] */
const ONE_RU: Record<One, { nom: string; gen: string; plural: [string, string, string]; feminine?: true }> = {
  client: { nom: 'клиент', gen: 'клиента', plural: ['клиент', 'клиента', 'клиентов'] },
  product: { nom: 'товар', gen: 'товара', plural: ['товар', 'товара', 'товаров'] },
  supplier: { nom: 'поставщик', gen: 'поставщика', plural: ['поставщик', 'поставщика', 'поставщиков'] },
  manager: { nom: 'менеджер', gen: 'менеджера', plural: ['менеджер', 'менеджера', 'менеджеров'] },
  group: { nom: 'группа', gen: 'группы', plural: ['группа', 'группы', 'групп'], feminine: true },
};

export const master = defineArea(
  {
    // crm delete (src/commands/delete.ts, src/db/delete.ts)
    'master.deletePlan': (entity: string) => `a plan version goes by undoing the import that made it: crm history --entity ${entity}, then crm undo OP`,
    'master.deleteNoKey': (entity: string) => `${entity} rows have no single number or code to name them; undo the import that wrote them (crm history --entity ${entity})`,
    'master.deleteWhich': (entity: string, key: string) => `name the ${entity} to delete by their ${key}`,
    'master.deleteNotByRecord': (entity: string) => `${entity} cannot be deleted record by record`,
    'master.deleteMissing': (entity: string, one: string, keys: string[]) =>
      `no ${keys.length === 1 ? one : entity} ${keys.map((k) => JSON.stringify(k)).join(', ')}: nothing was deleted (crm export ${entity} lists them)`,
    'master.referredBy': (key: string, refs: string) => `${key}: referred to by ${refs}`,
    'master.refRows': (n: number, table: string, keys: string[], more: boolean) => `${n} ${table.replace(/_/g, ' ')}${keys.length ? ` (${keys.join(', ')}${more ? ', …' : ''})` : ''}`,
    'master.cannotDelete': (blocked: string, entity: string, archiveKey: string | undefined) =>
      `cannot delete ${blocked}${archiveKey !== undefined ? `; archive instead: crm ${entity} edit ${archiveKey} --active false` : '; delete or undo what refers to it first (crm history record shows who wrote it)'}; nothing was deleted`,
    'master.wouldDelete': (n: number, one: string, entity: string) => `dry run, nothing written: would delete ${plural(n, one, entity)}`,
    'master.deleted': (n: number, one: string, entity: string, op: number) =>
      `deleted ${plural(n, one, entity)} as operation ${op} (crm undo ${op} brings ${n === 1 ? 'it' : 'them'} back)`,
    // crm ENTITY add|edit|list|show
    'master.noSuchGroup': (group: string) => `--group ${group}: no such group`,
    'master.listed': (n: number, one: One, entity: string) => plural(n, one, entity),
    'master.groupProducts': (n: number, illiquidDays: number | null) => `${plural(n, 'product')}${illiquidDays !== null ? `, illiquid after ${illiquidDays} d` : ''}`,
    'master.noSuch': (one: One, key: string, code: string) => `no ${one} with ${key} "${code}"`,
    'master.notWritten': (one: One, add: boolean) => `${one} not ${add ? 'added' : 'changed'}: nothing was written`,
    'master.missingFlags': (flags: string, entity: string) => `missing ${flags}: no terminal to ask, so pass them as flags (crm ${entity} add --help)`,
    'master.exists': (one: One, key: string, entity: string) => `${one} ${key} already exists: use crm ${entity} edit ${key}`,
    'master.added': (one: One, key: string) => `added ${one} ${key}`,
    'master.nothingToChange': (flag: string, entity: string) => `nothing to change: pass one or more fields, e.g. ${flag} VALUE (crm ${entity} edit --help)`,
    'master.changed': (one: One, code: string, changed: boolean) => (changed ? `changed ${one} ${code}` : `${one} ${code} unchanged`),
    // crm products prices (src/commands/productPrices.ts)
    'master.noTypedPrices': (day: string) => `prices at ${day}: none by price type (crm import prices); the list price above holds`,
    'master.pricesAt': (day: string) => `prices at ${day}:`,
    'master.priceFrom': (from: string, announced: boolean) => `from ${from}${announced ? ' (announced)' : ''}`,
    // crm products|clients|suppliers duplicates
    'master.noDuplicates': () => 'no suspected duplicates',
    'master.duplicateProducts': (n: number) => `${plural(n, 'group')} of products with the same normalized name`,
    'master.duplicateParties': (n: number, entity: string) => `${plural(n, 'group')} of ${entity} that look like one`,
    'master.sameBy': (inn: boolean, value: string) => `${inn ? 'INN' : 'name'} ${value}`,
  },
  {
    'master.deletePlan': (entity) => `версия плана удаляется отменой загрузки, которая её создала: crm history --entity ${entity}, затем crm undo OP`,
    'master.deleteNoKey': (entity) => `у строк ${entity} нет одного номера или кода, по которому их назвать; отмените загрузку, которая их записала (crm history --entity ${entity})`,
    'master.deleteWhich': (entity, key) => `укажите, какие ${entity} удалить, по ${key}`,
    'master.deleteNotByRecord': (entity) => `${entity} нельзя удалять по одной записи`,
    'master.deleteMissing': (entity, _one, keys) =>
      `в ${entity} нет ${keys.map((k) => JSON.stringify(k)).join(', ')}: ничего не удалено (список — crm export ${entity})`,
    'master.referredBy': (key, refs) => `${key}: на него ссылаются ${refs}`,
    'master.refRows': (n, table, keys, more) => `${table.replace(/_/g, ' ')}: ${intRu(n)}${keys.length ? ` (${keys.join(', ')}${more ? ', …' : ''})` : ''}`,
    'master.cannotDelete': (blocked, entity, archiveKey) =>
      `удалить нельзя: ${blocked}${archiveKey !== undefined ? `; вместо этого отправьте в архив: crm ${entity} edit ${archiveKey} --active false` : '; сначала удалите или отмените то, что ссылается (кто это записал — crm history record)'}; ничего не удалено`,
    'master.wouldDelete': (n, _one, entity) => `пробный запуск, ничего не записано: было бы удалено записей ${entity}: ${intRu(n)}`,
    'master.deleted': (n, _one, entity, op) => `удалено записей ${entity}: ${intRu(n)}, операция ${op} (вернуть — crm undo ${op})`,
    'master.noSuchGroup': (group) => `--group ${group}: такой группы нет`,
    'master.listed': (n, one) => pluralRu(n, ...ONE_RU[one].plural),
    'master.groupProducts': (n, illiquidDays) =>
      `${pluralRu(n, 'товар', 'товара', 'товаров')}${illiquidDays !== null ? `, неликвид через ${pluralRu(illiquidDays, 'день', 'дня', 'дней')}` : ''}`,
    'master.noSuch': (one, key, code) => `нет ${ONE_RU[one].gen} с ${key} "${code}"`,
    'master.notWritten': (one, add) =>
      `${ONE_RU[one].nom} не ${add ? (ONE_RU[one].feminine ? 'добавлена' : 'добавлен') : ONE_RU[one].feminine ? 'изменена' : 'изменён'}: ничего не записано`,
    'master.missingFlags': (flags, entity) => `не хватает ${flags}: терминала для вопросов нет, укажите их параметрами (crm ${entity} add --help)`,
    'master.exists': (one, key, entity) => `${ONE_RU[one].nom} ${key} уже есть: используйте crm ${entity} edit ${key}`,
    'master.added': (one, key) => `${ONE_RU[one].feminine ? 'добавлена' : 'добавлен'} ${ONE_RU[one].nom} ${key}`,
    'master.nothingToChange': (flag, entity) => `менять нечего: укажите одно или несколько полей, например ${flag} ЗНАЧЕНИЕ (crm ${entity} edit --help)`,
    'master.changed': (one, code, changed) =>
      changed ? `${ONE_RU[one].feminine ? 'изменена' : 'изменён'} ${ONE_RU[one].nom} ${code}` : `${ONE_RU[one].nom} ${code} без изменений`,
    'master.noTypedPrices': (day) => `цены на ${day}: по типам цен нет (crm import prices); действует цена из карточки выше`,
    'master.pricesAt': (day) => `цены на ${day}:`,
    'master.priceFrom': (from, announced) => `с ${from}${announced ? ' (объявлена)' : ''}`,
    'master.noDuplicates': () => 'похожих дублей нет',
    'master.duplicateProducts': (n) => `${pluralRu(n, 'группа', 'группы', 'групп')} товаров с одинаковым нормализованным названием`,
    'master.duplicateParties': (n, entity) => `${pluralRu(n, 'группа', 'группы', 'групп')} ${entity}, похожих на одного`,
    'master.sameBy': (inn, value) => `${inn ? 'ИНН' : 'название'} ${value}`,
  },
);
