// Русский каталог: те же id, что в en.ts (компилятор и test/language.test.ts это проверяют).
// Каждое сообщение — целая фраза; числительные по правилам русского языка (pluralRu).
import { intRu, pluralRu } from '../util/plural.js';
import { areasRu } from './areas/index.js';
import { sizeRu } from './areas/backups.js';
import type { ImportCounts, Messages } from './en.js';

const rows = (n: number) => pluralRu(n, 'строка', 'строки', 'строк');
const problems = (n: number) => pluralRu(n, 'ошибка', 'ошибки', 'ошибок');
const operations = (n: number) => pluralRu(n, 'операция', 'операции', 'операций');

/** Whole Russian sentences for the expectations of src/io/locale.ts (a range keeps its English wording). */
const EXPECTED: Record<string, string> = {
  'an amount of money': 'ожидается денежная сумма',
  'an amount of money like 1234.56 or 1 234,56': 'ожидается денежная сумма, например 1234.56 или 1 234,56',
  'a number': 'ожидается число',
  'a whole number': 'ожидается целое число',
  'yes/no (1/0, да/нет)': 'ожидается да или нет (1/0, да/нет)',
  'a real date like 2026-12-31 or 31.12.2026': 'ожидается существующая дата, например 2026-12-31 или 31.12.2026',
  'a real date like 2026-12-31 or 31.12.2026, optionally with a time: 2026-12-31 14:30':
    'ожидается существующая дата, например 2026-12-31 или 31.12.2026, можно со временем: 2026-12-31 14:30',
  'a month like 2027-01, янв.27 or январь 2027': 'ожидается месяц, например 2027-01, янв.27 или январь 2027',
};

const unitRu = (unit: ImportCounts['unit']) => (unit === 'documents' ? 'документы' : unit === 'cells' ? 'ячейки плана' : 'записи');

const core: Omit<Messages, keyof typeof areasRu> = {
  'cli.badLang': (source, value) => `${source} ${value}: ожидается ru или en (язык сообщений и отчётов)`,
  'cli.interrupted': () => 'прервано на вопросе, ничего не записано',
  'cli.moreProblems': (n) => `… и ещё ${intRu(n)} (все — в файл с --errors FILE)`,
  'cli.unexpected': (message) => `непредвиденная ошибка: ${message}`,
  'cli.runWithDebug': () => '(подробности — запустите ещё раз с --debug)',
  'cli.helpAfterError': () => '(справка — с --help)',
  'cli.unknownOption': (option) => `ошибка: неизвестный параметр '${option}'`,
  'cli.unknownCommand': (command) => `ошибка: неизвестная команда '${command}'`,
  'cli.missingArgument': (name) => `ошибка: не указан обязательный аргумент '${name}'`,
  'cli.missingOptionValue': (option) => `ошибка: у параметра '${option}' нет значения`,
  'cli.missingMandatoryOption': (option) => `ошибка: не указан обязательный параметр '${option}'`,
  'cli.excessArguments': (n) => `ошибка: лишние аргументы: ожидается ${intRu(n)}`,
  'problem.sheet': (sheet) => `лист ${sheet}`,
  'problem.row': (row) => `строка ${row}`,
  'problem.column': (column) => `столбец ${column}`,
  'problem.found': (n) => `${problems(n)}, ничего не записано`,
  'cell.expected': (what) => EXPECTED[what] ?? `ожидается: ${what}`,
  'cell.required': () => 'обязательное значение не заполнено',
  'cell.oneOf': (allowed, words) => `ожидается одно из: ${allowed}${words ? `; принимается и: ${words}` : ''}`,
  'header.missingColumn': (column, accepted, wide) =>
    `нет обязательного столбца "${column}" (принимаемые заголовки: ${accepted})${wide ? '; или используйте широкий вид — столбец на месяц' : ''}`,
  'format.unknown': (format, formats) => `--format ${format}: ожидается одно из: ${formats}`,
  'format.tableToFile': (flag) => `--format table выводит на терминал; для ${flag} используйте csv, json, xlsx или html`,
  'format.noExtension': (flag, file) =>
    `${flag} ${file}: формат не понятен по расширению; используйте .csv, .json, .xlsx или .html${flag === '-o' ? ' либо --format' : ''}`,
  'format.xlsxNeedsFile': () => 'для xlsx нужен файл: -o FILE.xlsx',
  'headers.unknown': (value) => `--headers ${value}: ожидается en (snake_case, по умолчанию) или ru`,
  'headers.notCsv': (format) => `--headers ru называет столбцы файла CSV или xlsx по-русски; в ${format} имена полей остаются английскими`,
  'report.unknown': (name) => `нет отчёта "${name}"; список отчётов — crm report list`,
  'report.jsonAndFormat': (format) => `--json и --format ${format} противоречат друг другу: укажите одно`,
  'report.wrote': (n, name, file) => `${name}: ${pluralRu(n, 'строка', 'строки', 'строк')} записано в ${file}`,
  'report.listFooter': (filters) => `\nФильтры: ${filters} — там, где отчёт их принимает.\ncrm report ИМЯ --help объясняет столбцы, формулы и фильтры.`,
  'report.noSuchFilter': (report, refused, takes) =>
    `у отчёта ${report} нет фильтра ${refused}: ${takes !== undefined ? `его фильтры — ${takes}` : 'он не принимает фильтров'}`,
  'report.oneDay': (report) => `отчёт ${report} — на один день: используйте --date (а не --from/--to)`,
  'report.period': (report) => `отчёт ${report} — за период: используйте --from/--to (а не --date)`,
  'report.byNotTaken': (report, by, takes) => (takes !== undefined ? `--by ${by}: отчёт ${report} строится по ${takes}` : `отчёт ${report} не принимает --by`),
  'report.toBeforeFrom': (to, given, from) => `${given ? `--to ${to}` : `конец периода (--to, по умолчанию сегодня: ${to})`} раньше --from ${from}`,
  'report.noSuchCode': (filter, code, list) => `--${filter} ${code}: такого кода нет (список — crm ${list} list)`,
  'report.noSuchGroup': (code) => `--group ${code}: такой группы товаров нет (список — crm groups list)`,
  'report.noSuchChannel': (channel) => `--channel ${channel}: такого канала продаж нет (каналы и их этапы — crm export stages)`,
  'report.badLayout': (layout, months) => `--layout ${layout}: ожидается ${months ? 'months, long или tidy' : 'long или tidy'}`,
  'report.noMonthLayout': (report, oneDay) => `у отчёта ${report} нет вида по месяцам: в нём и так строка на ${oneDay ? 'позицию' : 'запись'} (--layout long или tidy)`,
  'report.monthsNotJson': () => '--layout months — для терминала, xlsx, html и csv: в JSON всегда строка на месяц (SPEC §6)',
  'report.tidyFormat': (format) => `--layout tidy — для файлов csv и xlsx (сводные таблицы), не для ${format}`,
  'report.noShow': (report) => `отчёт ${report} не принимает --show (у него нет вида по месяцам)`,
  'report.badShow': (show, measures) => `--show ${show}: ожидается одно или несколько из ${measures} через запятую`,
  'report.showNeedsMonths': (other) => `--show выбирает, что показывает месяц в виде по месяцам: не вместе с ${other} (добавьте --layout months)`,
  'import.summary': (s) =>
    `${s.dryRun ? 'пробный запуск, ничего не записано: ' : ''}${s.entity}: ${rows(s.rows)}; ${unitRu(s.unit)}: ` +
    `добавлено ${intRu(s.inserted)}, изменено ${intRu(s.updated)}, без изменений ${intRu(s.unchanged)}; отклонено: ${rows(s.rejected)}` +
    `${s.resolvedByName > 0 ? `; по названию найдено ссылок: ${intRu(s.resolvedByName)}` : ''}${s.planVersion !== undefined ? `; новая версия плана ${s.planVersion}` : ''}` +
    `${s.operation !== undefined ? `; операция ${s.operation}` : ''}`,
  'import.onlyHeader': (entity) => `${entity}: в файле только заголовок, загружать нечего`,
  'import.everyRowRejected': (file) => `все строки ${file} отклонены: ничего не записано`,
  'import.moreProblems': (n, errorsFile) => `… и ещё ${intRu(n)}${errorsFile ? '' : ' (все — в файл с --errors FILE)'}`,
  'import.otherLines': (n) => `не показано: ${pluralRu(n, 'другая строка', 'другие строки', 'других строк')} отклонённых документов (--errors FILE перечислит все)`,
  'import.wroteProblems': (n, otherLines, file) =>
    `в ${file} записаны: ${problems(n)}${otherLines > 0 ? ` и ${pluralRu(otherLines, 'другая строка', 'другие строки', 'других строк')} отклонённых документов` : ''}`,
  'import.problemsIn': (n, file) => `${file}: ${problems(n)}, ничего не записано (исправьте их или загрузите верные строки с --skip-invalid)`,
  'import.partly': (rejected, dryRun) => `готово, отклонено: ${rows(rejected)}${dryRun ? ' (пробный запуск: ничего не записано)' : ''}`,
  'import.warning': (text) => `предупреждение: ${text}`,
  'import.pastCells': (n) => `изменились бы ${pluralRu(n, 'ячейка', 'ячейки', 'ячеек')} прошедшего месяца: ничего не записано`,
  'plan.runSummary': (run, from, to, lookback, skus, purchases, late) =>
    `расчёт плана ${run}: ${from}..${to}, история ${pluralRu(lookback, 'месяц', 'месяца', 'месяцев')}; ${pluralRu(skus, 'товар', 'товара', 'товаров')}, ` +
    `${pluralRu(purchases, 'закупка', 'закупки', 'закупок')} (с опозданием: ${intRu(late)})`,
  'plan.moreWarnings': (n, run) => `… и ещё ${pluralRu(n, 'предупреждение', 'предупреждения', 'предупреждений')} (crm plan show ${run} --json)`,
  'init.created': (file, version) => `создана база ${file} (версия схемы ${version})`,
  'init.migrated': (file, from, to) => `${file}: схема обновлена с версии ${from} до ${to}`,
  'init.current': (file, version) => `${file}: схема версии ${version}, обновлять нечего`,
  'demo.exists': (file) => `${file} уже существует: --force заменит её демо-базой, или укажите --db ДРУГАЯ.db`,
  'demo.ready': (file, seconds) => `\nДемо-компания — в ${file} (${seconds.replace('.', ',')} с). Попробуйте:`,
  'export.wrote': (n, entity, file, format) => `${entity}: ${rows(n)} записано в ${file} (${format})`,
  'export.wroteTemplate': (entity, file) => `шаблон ${entity} записан в ${file}`,
  'undo.several': (dryRun, n, ops) => `${dryRun ? 'будет отменено' : 'отменяется'}: ${operations(n)}, от новых к старым: ${ops}`,
  'undo.line': (dryRun, op, undoOp, chainFirst, changes) =>
    `${dryRun ? `пробный запуск, ничего не записано: была бы отменена операция ${op}` : `операция ${op} отменена`}` +
    `${undoOp === undefined ? '' : ` операцией ${undoOp} (${chainFirst !== undefined ? `crm undo ${chainFirst} --cascade вернёт их все` : `crm undo ${undoOp} вернёт её`})`}: ${changes}`,
  'history.none': (filtered) => (filtered ? 'подходящих операций нет' : 'операций пока нет'),
  'history.noOperation': (id) => `операции ${id} нет (список — crm history)`,
  'backup.wrote': (database, file, size, version, sha) => `копия ${database}: ${file} (${sizeRu(size)}, версия схемы ${version}, sha256 ${sha}…)`,
  'backup.lastOperation': (what) => `последняя операция: ${what}`,
  'backup.removed': (keep, n, files) => `--keep ${keep}: удалено старых копий: ${intRu(n)}: ${files}`,
  'restore.done': (file, database, op, migratedFrom, to) =>
    `${file} восстановлена в ${database}, операция ${op}${migratedFrom !== undefined ? ` (схема обновлена с версии ${migratedFrom} до ${to})` : ''}`,
  'restore.kept': (kept) => `заменённая база сохранена как ${kept}: чтобы отменить восстановление, crm restore ${kept}`,
  'restore.lastBefore': (what) => `последняя операция до восстановления: ${what}`,
  'restore.lastOfBackup': (what) => `последняя операция копии: ${what}`,
  'restore.preview': (file, database) => `просмотр: восстановление ${file} в ${database} заменило бы все строки; ничего не записано`,
  'restore.lastNow': (what) => `последняя операция сейчас: ${what}`,
  'restore.noBackup': (file) => `копии ${file} нет`,
};

/** The whole Russian catalog: the messages above and every area's (src/i18n/areas). */
export const ru: Messages = { ...core, ...areasRu };
