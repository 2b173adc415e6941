// Русские слова справки команд (`crm … --help` при --lang ru, SPEC §10): описание команды, её
// аргументов и параметров — по пути команды ('deals move') и флагу ('--date'). Английские слова
// остаются там, где команды регистрируются (src/cli.ts, src/commands/*Cli.ts); main() загружает
// этот модуль только при русском языке и переводит уже построенное дерево commander
// (translateHelp), поэтому английский запуск и запуск без справки его не грузят.
// Параметр, одинаковый у многих команд, переводится один раз — по его английским словам
// (SAME_WORDS_RU); английские слова изменились — перевод не найден, справка останется английской,
// и test/languageHelp.test.ts это поймает. Справка отчётов — src/reports/definitionsRu.ts.
import type { EventEmitter } from 'node:events';
import { Help, type Argument, type Command, type Option } from 'commander';

interface CommandWordsRu {
  /** Описание команды. */
  d: string;
  /** Описания аргументов по имени. */
  args?: Record<string, string>;
  /** Описания параметров по длинному флагу (`--date`). */
  opts?: Record<string, string>;
  /** Текст после справки (вместо английского addHelpText('after')). */
  after?: string;
}

/** Названия сущностей импорта (crm help formats, команды справочников). */
export const ENTITY_TITLES_RU: Record<string, string> = {
  managers: 'Менеджеры',
  groups: 'Группы товаров',
  suppliers: 'Поставщики',
  products: 'Товары',
  clients: 'Клиенты',
  reasons: 'Причины отказа',
  orders: 'Заказы покупателей',
  shipments: 'Отгрузки',
  payments: 'Оплаты клиентов',
  purchases: 'Заказы поставщикам',
  receipts: 'Поступления товара',
  'supplier-payments': 'Оплаты поставщикам',
  stock: 'Остатки (инвентаризация)',
  reservations: 'Резервы',
  'plan-sales': 'План продаж',
  'plan-managers': 'План менеджеров',
  'plan-min-stock': 'План минимального запаса',
  interactions: 'Взаимодействия (звонки, эл. письма, письма, факсы, встречи)',
  stages: 'Этапы воронки продаж по каналам',
  deals: 'Сделки',
  'deal-stages': 'Смены этапов сделок',
  'claim-causes': 'Причины претензий',
  claims: 'Претензии клиентов',
  'negotiation-templates': 'Шаблоны переговоров (чек-листы)',
  negotiations: 'Переговоры',
  'negotiation-items': 'Результаты пунктов чек-листов переговоров',
  prices: 'Прайс-листы с историей',
  deliveries: 'Доставки за счёт компании',
  'commission-rules': 'Правила комиссии менеджеров',
  'commission-payments': 'Выплаты комиссии менеджерам',
};

/** Падежи записи справочника или журнала CRM: добавить кого/что, поля кого/чего, список кого/чего, ключ. */
const RECORD_RU: Record<string, { acc: string; gen: string; many: string; key: string }> = {
  clients: { acc: 'клиента', gen: 'клиента', many: 'клиентов', key: 'код клиента' },
  products: { acc: 'товар', gen: 'товара', many: 'товаров', key: 'артикул товара' },
  suppliers: { acc: 'поставщика', gen: 'поставщика', many: 'поставщиков', key: 'код поставщика' },
  managers: { acc: 'менеджера', gen: 'менеджера', many: 'менеджеров', key: 'код менеджера' },
  groups: { acc: 'группу', gen: 'группы', many: 'групп', key: 'код группы' },
  interactions: { acc: 'взаимодействие', gen: 'взаимодействия', many: 'взаимодействий', key: 'номер взаимодействия' },
  deals: { acc: 'сделку', gen: 'сделки', many: 'сделок', key: 'номер сделки' },
  negotiations: { acc: 'запись переговоров', gen: 'записи переговоров', many: 'переговоров', key: 'номер переговоров' },
  claims: { acc: 'претензию', gen: 'претензии', many: 'претензий', key: 'номер претензии' },
};

// a no-break space in 1 234,56, as Russian numbers are printed (docs/language.md), so it never wraps
const MONEY = 'деньги: 1234.56 или 1\u00a0234,56';

/** Столбец сущности как параметр add/edit: по имени столбца, уточнение — по сущности. */
const COLUMN_RU: Record<string, string> = {
  name: 'наименование, как его читают люди',
  inn: 'ИНН, хранится как текст',
  manager_code: 'код существующего менеджера',
  group_code: 'код существующей группы',
  supplier_code: 'код существующего поставщика',
  client_code: 'код существующего клиента',
  order_no: 'номер существующего заказа',
  segment: 'сегмент (произвольный текст)',
  channel: 'канал продаж (произвольный текст)',
  discount_pct: 'стандартная скидка; процент 0–100: 5, 5%, 5,5',
  deferral_days: 'дней между отгрузкой/приходом и оплатой; отрицательное — предоплата за столько дней до',
  credit_limit: `кредитный лимит; пусто — без ограничения, 0 — без кредита; ${MONEY}`,
  purchase_potential: `потенциал закупок за год; ${MONEY}`,
  active: 'да/нет: true/false, 1/0, да/нет; пусто — да; false переносит в архив',
  price_type: 'прайс-лист (crm import prices), по которому считается предложение без цены; пусто — цена из карточки товара',
  sku: 'артикул (SKU)',
  unit: 'единица измерения: шт, кг, м …',
  price: `цена по прайсу за единицу; ${MONEY}`,
  cost: `себестоимость единицы; ${MONEY}`,
  support_level: 'уровень поддержки (произвольный текст, например A/B/C)',
  lead_time_days: 'дней от заказа поставщику до прихода, от 0 до 3650',
  order_multiple: 'закупка округляется вверх до кратного этому числу',
  illiquid_after_days: 'дней без продаж, после которых запас считается неликвидным; пусто — унаследовать',
  credit_line: `кредитная линия; пусто — без ограничения, 0 — без кредита; ${MONEY}`,
  email: 'адрес электронной почты',
  parent_code: 'код родительской группы (в этом файле или в базе); пусто — верхний уровень',
  interaction_no:
    'номер взаимодействия; пусто — выводится из даты, клиента, вида, направления, контакта, темы и номера документа (та же строка, импортированная снова, — то же взаимодействие)',
  date: 'дата: 2026-12-31, 31.12.2026 или дата Excel',
  kind: 'call, email, mail (бумажное письмо), fax, meeting, visit или other (звонок, эл. письмо, письмо, факс, встреча, визит, другое)',
  direction: 'in или out (входящий, исходящий); пусто — не указано',
  contact: 'контактное лицо клиента',
  subject: 'о чём шла речь',
  document_no: 'номер письма или факса (по журналу входящих или исходящих)',
  next_date: 'следующий согласованный контакт; не раньше даты',
  deal_no: 'номер сделки',
  title: 'о чём сделка',
  expected_close: 'день, когда сделка должна закрыться; не раньше её даты',
  negotiation_no: 'номер переговоров',
  template_code: 'чек-лист, по которому готовились (crm import negotiation-templates)',
  note: 'произвольный текст: отчёт о встрече',
  claim_no: 'номер претензии',
  cause_code: 'код причины претензии (crm import claim-causes)',
  status: 'new, in_work, resolved или rejected (новая, в работе, решена, отклонена)',
  shipment_no: 'отгрузка, по которой претензия: того же клиента, не позже претензии',
  qty: 'количество по претензии, больше 0',
  resolved_date: 'день, когда претензия решена или отклонена: обязателен для них, пуст, пока она новая или в работе',
  recovered_amount: `что возместил поставщик; ${MONEY}`,
  description: 'произвольный текст',
};

const COLUMN_BY_ENTITY_RU: Record<string, Record<string, string>> = {
  clients: { code: 'код клиента', inn: 'ИНН, хранится как текст; у двух клиентов не может быть одного' },
  suppliers: { code: 'код поставщика', inn: 'ИНН, хранится как текст; у двух поставщиков не может быть одного' },
  managers: { code: 'код менеджера', name: 'ФИО' },
  groups: { code: 'код группы' },
  interactions: { date: 'день или день и время: 2026-03-05, 2026-03-05 14:30, 05.03.2026 14:30', result: 'чем закончилось' },
  deals: {
    date: 'день открытия сделки: она начинается с первого открытого этапа своего канала',
    channel: 'канал продаж: тот, у которого есть этапы (crm import stages)',
    amount: `ожидаемая сумма сделки; ${MONEY}`,
  },
  negotiations: {
    result: 'agreed, postponed или refused (договорились, отложено, отказ); пусто — ещё неизвестно',
    next_date: 'следующая согласованная встреча; не раньше даты',
  },
  claims: {
    sku: 'артикул существующего товара',
    amount: `во сколько оценена претензия; ${MONEY}`,
    result: 'replacement, refund, discount, repair или rejected (замена, возврат, скидка, ремонт, отказ); у отклонённой претензии — rejected',
  },
};

/** Параметры с одними и теми же английскими словами у многих команд: перевод по этим словам. */
const SAME_WORDS_RU: Record<string, string> = {
  'print JSON': 'вывести JSON',
  'print JSON with every field': 'вывести JSON со всеми полями',
  'table | csv | json | xlsx': 'table | csv | json | xlsx: формат вывода',
  'write to a file (.csv, .json, .xlsx)': 'записать в файл (.csv, .json, .xlsx)',
  'table | csv | json | xlsx | html (default: from -o, else table)': 'table | csv | json | xlsx | html (по умолчанию — по -o, иначе table)',
  'write to a file (.csv, .json, .xlsx, .html)': 'записать в файл (.csv, .json, .xlsx, .html)',
  'write to a file': 'записать в файл',
  'the same as --format json': 'то же, что --format json',
  'only this manager’s': 'только этого менеджера',
  'only this client’s': 'только этого клиента',
  "only this client's": 'только этого клиента',
  'code or name containing the text (case, ё/е and look-alike letters ignored)': 'код или наименование содержит текст (регистр, ё/е и похожие буквы не различаются)',
  'only this group and its descendants': 'только эта группа и её потомки',
  'dated on or after the day (or the first day of a month: 2026-03)': 'датированные этим днём или позже (или первым днём месяца: 2026-03)',
  'dated on or before the day (or the last day of a month)': 'датированные этим днём или раньше (или последним днём месяца)',
  'xlsx sheet to read (default: the first)': 'лист xlsx (по умолчанию первый)',
  'free text': 'произвольный текст',
  'sales | managers | min-stock': 'вид плана: sales | managers | min-stock',
  'version number': 'номер версии',
  'run number': 'номер расчёта',
  'operation number': 'номер операции',
  'the shipment number': 'номер отгрузки',
  'admin | analyst | manager | warehouse': 'роль: admin | analyst | manager | warehouse',
};

const PLAN_KIND = { kind: 'вид плана: sales | managers | min-stock' };

const WORDS_RU: Record<string, CommandWordsRu> = {
  '': {
    d: 'CRM и пакетное планирование для оптовых и дистрибьюторских компаний',
    opts: {
      '--db': 'файл базы SQLite или postgres://USER@HOST/DB (по умолчанию $CRM_DB, иначе ./crm.db)',
      '--as-of': '«сегодня» для этого запуска: 2026-11-30 или 30.11.2026 (по умолчанию — настоящая дата)',
      '--yes': 'никогда не спрашивать (cron); то же подразумевается при CI или без терминала',
      '--verbose': 'больше сообщений в stderr',
      '--debug': 'показывать трассировку стека ошибок',
      '--lang': 'ru | en: язык сообщений, ошибок и слов отчётов (по умолчанию $CRM_LANG, иначе ru, если LC_ALL/LC_MESSAGES/LANG — ru_*)',
    },
    after: '\n  -V, --version  версия crm (только первым аргументом: у подкоманд свой --version)\n',
  },
  init: { d: 'создать пустую базу (или перевести старую на текущую версию схемы)' },
  demo: {
    d: 'создать базу с демо-компанией из fixtures/ и подсказать, что попробовать',
    opts: { '--force': 'заменить файл базы, если он есть' },
  },
  import: {
    d: 'импорт файла .xlsx, .csv или .tsv (всё или ничего, если нет --skip-invalid)',
    args: {
      entity:
        // {en}: the English words, here the list of entities (one source: ENTITY_NAMES in src/model/entities.ts)
        '{en}: что загружается (crm help formats)',
      file: 'файл .xlsx, .csv или .tsv со строкой заголовков',
    },
    opts: {
      '--encoding': 'кодировка CSV, например utf-8 или cp1251 (по умолчанию определяется)',
      '--header-row': 'заголовок — строка N (по умолчанию первая из первых 30 строк, где названы обязательные столбцы)',
      '--match': 'ссылки: name — код, иначе точное нормализованное наименование или ИНН (по умолчанию); code — только коды',
      '--dry-run': 'проверить всё и показать, что изменится; ничего не записывать',
      '--skip-invalid': 'записать верные строки и сообщить об остальных (код выхода 4, если какие-то отклонены)',
      '--errors': 'записать каждую отклонённую строку в таблицу (.xlsx или .csv): строка, столбец, значение, сообщение',
      '--allow-duplicates': 'принять товары, чьё нормализованное наименование совпадает с другим артикулом, клиентов и поставщиков с тем же ИНН',
      '--force': 'планы: менять ячейки прошедших месяцев (администратор, с --note о причине)',
      '--note': 'примечание к новой версии плана',
      '--json': 'вывести итог в JSON',
    },
  },
  export: {
    d: 'записать сущность в формате импорта (.csv, .xlsx, .json; --format 1c — Windows-1251 и ;)',
    args: { entity: 'любая сущность, которую загружает crm import (см. crm help formats)' },
    opts: {
      '--output': 'файл для записи (.csv, .xlsx или .json)',
      '--format': 'csv | xlsx | json | 1c (по умолчанию — по расширению файла)',
      '--headers': 'en: имена столбцов snake_case (по умолчанию) | ru: русские заголовки, которые crm import принимает обратно',
    },
  },
  template: {
    d: 'пустой .xlsx с каноническими заголовками и листом с описанием каждого столбца',
    args: { entity: 'любая сущность, которую загружает crm import' },
    opts: { '--output': 'файл .xlsx для записи' },
  },
  history: {
    d: 'операции, сначала новые: каждая запись в базу — операция (SPEC §7)',
    opts: {
      '--entity': 'только операции с этой сущностью',
      '--user': 'только этого пользователя',
      '--since': 'только с этого дня',
      '--limit': 'не больше стольких',
    },
  },
  'history show': {
    d: 'что изменила одна операция: количество по таблицам; с --rows — каждая строка, поле за полем',
    opts: {
      '--rows': 'каждая изменённая строка (не больше --limit)',
      '--limit': 'сколько строк показать с --rows (по умолчанию 100)',
      '--json': 'вывести JSON (со строками)',
    },
  },
  'history record': {
    d: 'история одной записи: каждая операция, которая её касалась, и изменённые поля',
    args: { entity: 'clients, products, shipments …: сущность', key: 'её код или номер' },
  },
  undo: {
    d: 'отменить операцию: новая операция, возвращающая каждую затронутую строку (отмена отмены — повтор)',
    args: { op: 'номер операции (crm history)' },
    opts: {
      '--dry-run': 'сказать, что изменится; ничего не записывать',
      '--cascade': 'отменить и более поздние операции (сначала новые), которые меняли те же строки или ссылаются на её строки',
    },
  },
  delete: {
    d: 'удалить документы по номеру или записи справочников по коду (отказ, пока на них ссылаются другие записи: архивируйте через edit --active false)',
    args: { entity: 'shipments, orders, payments, clients, products …: сущность', keys: 'номера или коды' },
    opts: { '--dry-run': 'сказать, что будет удалено; ничего не записывать' },
  },
  db: { d: 'обслуживание файла базы' },
  'db rebuild-summaries': {
    d: 'пересчитать месячные итоги продаж по строкам отгрузок (их ведёт каждая запись; команда чинит или проверяет их)',
    opts: { '--check': 'только сравнить, ничего не записывать; код выхода 1, если есть расхождения' },
  },
  'db check': {
    d: 'проверить базу: целостность, внешние ключи, версия схемы, итоги продаж против полного пересчёта, журнал (код выхода 1 со списком неладного)',
  },
  'db info': {
    d: 'что в файле базы: версия схемы, размер, страницы, число строк по таблицам, операции и журнал, последняя операция',
  },
  'db copy': {
    d: 'скопировать всю базу в новый файл SQLite или пустую базу PostgreSQL (в любую сторону), сверяя число строк и контрольную сумму каждой таблицы',
    args: { from: 'база-источник: файл или postgres://…', to: 'новый файл или пустая база PostgreSQL (сначала createdb)' },
  },
  backup: {
    d: 'копия базы как проверенный снимок, в том числе пока другие пишут, с манифестом рядом (docs/safety.md)',
    args: { file: 'файл копии, новый (по умолчанию backups/crm-YYYYMMDD-HHMMSS.db рядом с базой)' },
    opts: {
      '--keep': 'затем удалить в этой папке копии старше N новейших (только файлы crm-YYYYMMDD-HHMMSS.db с манифестом crm)',
    },
    after: '\nКаждую ночь из cron:  30 2 * * *  cd /srv/crm && crm --db crm.db backup --keep 14 >> backups.log 2>&1\n',
  },
  restore: {
    d: 'заменить содержимое базы резервной копией (сверенной с её манифестом); заменённая база сохраняется как NAME.before-restore-YYYYMMDD-HHMMSS',
    args: { file: 'копия, сделанная crm backup (с FILE.manifest.json рядом)' },
    opts: {
      '--preview': 'только показать различия (строки по таблицам сейчас и в копии, последняя операция каждой); ничего не записывать',
    },
    after:
      '\nОдна транзакция: сбой оставит старую базу или восстановленную, но не смесь. Ждёт других пишущих (busy_timeout).\nЧтобы отменить восстановление, восстановите сохранённый файл NAME.before-restore-….\n',
  },
  'products duplicates': { d: 'возможные дубли товаров, уже записанные в базе (одинаковое нормализованное наименование)' },
  'clients duplicates': { d: 'возможные дубли клиентов: тот же ИНН или наименования, одинаковые после нормализации' },
  'suppliers duplicates': { d: 'возможные дубли поставщиков: тот же ИНН или наименования, одинаковые после нормализации' },
  'deals move': {
    d: 'записать смену этапа сделки (вперёд, назад, выигрыш, проигрыш или возобновление); одна операция, её можно отменить',
    args: { deal: 'номер сделки', stage: 'этап канала сделки (crm import stages)' },
    opts: {
      '--date': 'день смены (по умолчанию --as-of); вторая смена в тот же день заменяет первую',
      '--reason': 'код причины отказа (crm reasons): обязателен для шага назад, перехода в проигрыш и выхода из выигрыша или проигрыша',
    },
    after: '\nПримеры:\n  crm deals move D-101 proposal\n  crm deals move D-101 qualification --reason PRICE --note "хочет цену ниже"\n',
  },
  'claims resolve': {
    d: 'закрыть претензию: результат, день (по умолчанию --as-of) и что возместил поставщик; статус resolved, или rejected при результате rejected',
    args: { claim: 'номер претензии' },
    opts: {
      '--result': 'replacement, refund, discount, repair или rejected: результат',
      '--date': 'день решения (по умолчанию --as-of)',
      '--recovered-amount': 'что возместил поставщик',
      '--amount': 'во сколько в итоге оценена претензия',
    },
  },
  'negotiations check': {
    d: 'записать итог пункта чек-листа переговоров (повторно для того же пункта — изменить)',
    args: {
      negotiation: 'номер переговоров',
      item: 'пункт шаблона переговоров (его текст или номер: 1, 2 …)',
      outcome: 'yes, partly или no (да, частично, нет)',
    },
  },
  plan: { d: 'планы: версии, пересмотры, расчёт планирования и его результаты' },
  'plan versions': { d: 'версии планов (автор, время, примечание)', args: PLAN_KIND },
  'plan export': {
    d: 'версия плана в широком виде (столбец на месяц), чтобы править и загрузить обратно',
    args: PLAN_KIND,
    opts: { '--version': 'номер версии (по умолчанию последняя)', '--output': '.xlsx или .csv' },
  },
  'plan diff': {
    d: 'ячейки, изменившиеся между двумя версиями, старое → новое, и итоги по месяцам',
    args: { ...PLAN_KIND, v2: 'номер версии или latest' },
  },
  'plan revise': {
    d: 'новая версия, меняющая только 3 месяца начиная с --from (код выхода 3 со списком прочих изменённых ячеек)',
    args: { ...PLAN_KIND, file: 'план, длинный или широкий вид' },
    opts: {
      '--from': 'первый месяц окна пересмотра, YYYY-MM',
      '--force': 'разрешить изменения вне окна (прошедшие месяцы остаются замороженными)',
      '--note': 'примечание к новой версии',
    },
  },
  'plan run': {
    d: 'расчёт цепочки планирования: спрос, запасы, закупки, оплаты поставщикам, поступления денег; расчёт сохраняется',
    opts: {
      '--from': 'первый месяц, YYYY-MM (по умолчанию — месяц после --as-of)',
      '--months': 'горизонт в месяцах',
      '--lookback': 'месяцев истории до --from',
      '--sales-version': 'версия плана продаж (по умолчанию последняя)',
      '--stock-version': 'версия плана минимального запаса (по умолчанию последняя)',
      '--json': 'вывести весь расчёт в JSON (SPEC §4)',
    },
  },
  'plan runs': {
    d: 'сохранённые расчёты; --prune --keep N удаляет старые, которые не использует plan-fact',
    opts: {
      '--prune': 'удалить все расчёты, кроме N новейших (--keep) и тех, что использует plan-fact; одна операция, её можно отменить',
      '--keep': 'с --prune: сколько новейших расчётов оставить',
      '--dry-run': 'с --prune: сказать, что будет удалено; ничего не записывать',
    },
  },
  'plan show': {
    d: 'один результат расчёта таблицей или файлом; -o FILE.xlsx без --what записывает все результаты',
    opts: {
      '--what': 'demand | inventory | purchases | supplier-payments | cash-in | order-cash: какой результат',
      '--by': 'суммировать по sku, group, supplier, month, source, client …',
      '--format': 'table | csv | json | xlsx: формат вывода',
    },
  },
  'plan explain': {
    d: 'как получено каждое число одного артикула — словами и числами',
    args: { sku: 'артикул (SKU)', month: 'только этот месяц, YYYY-MM' },
    opts: { '--json': 'числа вывода в JSON (трассировка и строки расчёта)' },
  },
  report: { d: 'отчёты таблицей, CSV, JSON, xlsx или HTML (crm report list)' },
  'report list': {
    d: 'отчёты, по строке на каждый',
    opts: { '--json': 'вывести JSON: каждый отчёт с периодом, фильтрами и параметрами' },
  },
  settings: { d: 'настройки компании: money_rate_pct, illiquid_after_days' },
  'settings set': {
    d: 'изменить настройку (одна операция: crm undo её отменяет)',
    args: { key: 'money_rate_pct | illiquid_after_days: настройка', value: 'новое значение' },
  },
  'settings reset': {
    d: 'вернуть настройке значение по умолчанию (одна операция: crm undo её отменяет)',
    args: { key: 'money_rate_pct | illiquid_after_days: настройка' },
  },
  'settings list': { d: 'каждая настройка со значением (или значением по умолчанию) и её смыслом' },
  shipments: { d: 'отгрузки: список, карточка, подписанные оригиналы' },
  'shipments list': {
    d: 'отгрузки с суммами, стоимостью доставки, датой возврата оригиналов и указаниями по отгрузке',
    opts: {
      '--from': 'с этого месяца или дня',
      '--to': 'по этот месяц или день',
      '--originals': 'out: оригиналы не вернулись; back: оригиналы вернулись',
    },
  },
  'shipments show': { d: 'одна отгрузка: её поля, строки и доставки, оплаченные за неё компанией' },
  'shipments originals': {
    d: 'записать день возврата подписанных оригиналов отгрузки (crm report originals — те, что ещё не вернулись)',
    opts: {
      '--date': 'день возврата (по умолчанию --as-of)',
      '--clear': 'оригиналы всё же не вернулись: очистить дату',
    },
  },
  offer: { d: 'коммерческие предложения: окупится ли сделка, ещё до предложения' },
  'offer evaluate': {
    d: 'оценить предложение (sku, qty, price) так же, как order-profitability оценивает заказ; ничего не записывается',
    args: { file: '.xlsx, .csv или .tsv со столбцами sku, qty, price (русские заголовки и десятичные запятые — как в импорте)' },
    opts: {
      '--client': 'клиент: тип цены, отсрочка, история оплат, претензии, кредитный лимит, менеджер',
      '--manager': 'чьи правила комиссии применяются (по умолчанию — менеджер клиента)',
      '--deferral-days': 'предложенная отсрочка, дней (отрицательная — предоплата; по умолчанию — из карточки клиента)',
      '--delivery': 'доставка за счёт компании, распределяется по строкам пропорционально выручке',
      '--other-costs': 'прочие расходы сделки, распределяются так же',
      '--rate': 'годовая стоимость денег в % (по умолчанию — настройка money_rate_pct)',
    },
    after: `
По строкам и в итоге: revenue (выручка) = qty × price (цена пуста — цена типа цены клиента на --as-of,
иначе цена из карточки товара), cost (себестоимость) = qty × себестоимость товара, margin (маржа),
commission — комиссия, как если бы всё оплачено (правило на --as-of), cost_of_money (стоимость денег)
= revenue × rate / 100 × (отсрочка + средняя задержка оплат клиента за 12 месяцев до того) / 365
(отрицательная — кредит), expected_claims (ожидаемые претензии) = revenue × чистая стоимость претензий
клиента / выручка за те же месяцы, net_margin = margin − доставка − прочие расходы − комиссия
− стоимость денег − ожидаемые претензии. Сравнивается с маржой % клиента и маржой % группы каждой строки
за 12 месяцев до --as-of. Предупреждения: цена ниже себестоимости, отсрочка больше, чем в карточке клиента,
превышен кредитный лимит (баланс на --as-of + предложение).
`,
  },
  users: { d: 'пользователи и их права на сервере PostgreSQL (SPEC §8; docs/postgresql.md)' },
  'users add': {
    d: 'добавить пользователя: роль PostgreSQL в группе его роли (нужно право CREATEROLE)',
    args: { login: 'логин: строчные латинские буквы, цифры, _' },
    opts: {
      '--manager': 'роль manager: менеджер, чьих клиентов пользователь видит и меняет',
      '--password-stdin': 'прочитать пароль из первой строки stdin (без эха)',
    },
  },
  'users list': { d: 'пользователи, добавленные crm, с ролью, менеджером и состоянием' },
  'users edit': {
    d: 'изменить роль, менеджера или пароль пользователя или снова впустить отключённого',
    opts: {
      '--manager': 'менеджер, чьих клиентов пользователь видит',
      '--password-stdin': 'новый пароль из первой строки stdin',
      '--enable': 'снова разрешить отключённому пользователю вход',
    },
  },
  'users disable': { d: 'пользователь больше не может войти (его история остаётся)' },
  'users explain': {
    d: 'может ли пользователь читать и менять одну запись и по какому правилу',
    args: {
      entity: 'clients, orders, shipments, payments, deals, interactions, products … (или таблица): сущность',
      key: 'код или номер записи',
    },
  },
  help: {
    d: 'справка по команде или теме: formats, exit-codes',
    args: { topic: 'команда или тема: formats, exit-codes' },
  },
};

// ── журналы CRM и справочники: list, show, add, edit ─────────────────────────

const EXTRA_SUBCOMMANDS_RU: Record<string, string> = {
  deals: ', смена этапа (move)',
  negotiations: ', отметка пункта чек-листа (check)',
  claims: ', закрытие (resolve)',
};
const CRM_RECORDS = new Set(['interactions', 'deals', 'negotiations', 'claims']);

for (const [entity, r] of Object.entries(RECORD_RU)) {
  const crmRecord = CRM_RECORDS.has(entity);
  const title = ENTITY_TITLES_RU[entity]!;
  WORDS_RU[entity] = { d: `${title}: список (list), карточка (show), добавление (add), изменение (edit)${EXTRA_SUBCOMMANDS_RU[entity] ?? ''}` };
  WORDS_RU[`${entity} list`] = crmRecord
    ? {
        d: `список ${r.many}, сначала старые`,
        opts: {
          '--kind': 'call, email, mail, fax, meeting, visit или other: вид',
          '--channel': 'только этот канал продаж',
          '--open': entity === 'deals' ? 'только сделки на открытом этапе (на --as-of)' : 'только новые претензии и претензии в работе',
          '--status': 'статус: новая, в работе, решена, отклонена (или new, in_work, resolved, rejected); открыта (open) = --open',
          '--template': 'только подготовленные по этому чек-листу',
        },
      }
    : { d: entity === 'groups' ? 'дерево групп с числом товаров' : `список ${r.many}` };
  const show =
    entity === 'clients'
      ? 'карточка клиента: все поля, баланс и просрочка, последние взаимодействия, открытые сделки и претензии, продажи за последние 12 месяцев'
      : entity === 'deals'
        ? 'сделка и вся история её этапов, с днями на каждом этапе'
        : `все поля ${r.gen}${entity === 'negotiations' ? ' и её чек-лист' : ''}`;
  const key = { args: Object.fromEntries(['code', 'sku', 'interaction_no', 'deal_no', 'negotiation_no', 'claim_no'].map((k) => [k, r.key])) };
  WORDS_RU[`${entity} show`] = { d: show, ...key };
  WORDS_RU[`${entity} add`] = {
    d: `добавить ${r.acc}; на терминале спрашивает недостающие обязательные поля, иначе они нужны как параметры`,
    after: entity === 'deals' ? '\nНовая сделка начинается на первом открытом этапе своего канала в день своей даты; двигайте её командой crm deals move.\n' : undefined,
  };
  WORDS_RU[`${entity} edit`] = { d: `изменить поля ${r.gen}; те же проверки, что при импорте`, ...key };
}

const DUPLICATES_RU: Record<string, string> = {
  "accept a name that normalizes like another product's": 'принять наименование, которое после нормализации совпадает с наименованием другого товара',
  'accept an INN another code already has': 'принять ИНН, который уже есть у другого кода',
};

/** Параметр add/edit, сделанный из столбца сущности: русские слова столбца и та же приписка, что у английских. */
function columnOption(entity: string, option: Option): string | undefined {
  if (option.long === '--allow-duplicates') return DUPLICATES_RU[option.description];
  const column = option.long?.slice(2).replace(/-/g, '_') ?? '';
  const words = COLUMN_BY_ENTITY_RU[entity]?.[column] ?? COLUMN_RU[column];
  if (words === undefined) return undefined;
  const english = option.description;
  if (english.endsWith(' (required: cannot be cleared)')) return `${words} (обязательно: очистить нельзя)`;
  if (english.endsWith(' (required)')) return `${words} (обязательно)`;
  if (english.endsWith('; "" clears it')) return `${words}; "" очищает`;
  return words;
}

/** commander's own "(default: …)" after a description, in Russian. */
const EXTRA_RU: Record<string, string> = { default: 'по умолчанию', choices: 'варианты', preset: 'без значения', env: 'переменная' };
const russianExtra = (text: string) => text.replace(/\((default|choices|preset|env): /g, (_, what: string) => `(${EXTRA_RU[what]}: `);

/**
 * The help of every command of `program` in Russian: descriptions of commands, arguments and
 * options, and the text after the help. The reports' commands are Russian already (src/cli.ts
 * registerReportCommands). Words not found stay English (test/languageHelp.test.ts fails on them).
 */
export function translateHelp(program: Command): void {
  // one configuration object is shared by every command (commander copies the reference)
  Object.assign(program.configureHelp(), {
    optionDescription(this: Help, option: Option) {
      return russianExtra(Help.prototype.optionDescription.call(this, option));
    },
    argumentDescription(this: Help, argument: Argument) {
      return russianExtra(Help.prototype.argumentDescription.call(this, argument));
    },
  });
  const walk = (cmd: Command, path: string[]): void => {
    const key = path.join(' ');
    // `crm report NAME`: its words come from src/reports/definitionsRu.ts when it is registered
    if (path[0] === 'report' && path.length === 2 && path[1] !== 'list') return;
    const words = WORDS_RU[key];
    const entity = path.length === 2 && (path[1] === 'add' || path[1] === 'edit') ? path[0]! : undefined;
    if (words) cmd.description(words.d);
    for (const argument of cmd.registeredArguments) {
      if (!argument.description) continue;
      argument.description = (words?.args?.[argument.name()] ?? SAME_WORDS_RU[argument.description] ?? argument.description).replace('{en}', argument.description);
    }
    for (const option of cmd.options) {
      const ru = words?.opts?.[option.long ?? ''] ?? (entity ? columnOption(entity, option) : undefined) ?? SAME_WORDS_RU[option.description];
      if (ru !== undefined) option.description = ru;
    }
    if (words?.after !== undefined) {
      (cmd as unknown as EventEmitter).removeAllListeners('afterHelp');
      cmd.addHelpText('after', words.after);
    }
    // commander's own `help [command]` of a command with subcommands (made when first asked for)
    const implicitHelp = new Help().visibleCommands(cmd).find((sub) => !cmd.commands.includes(sub));
    implicitHelp?.description('справка по команде');
    for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
}
