// Words of option checks and output files shared by many commands: the file an output may
// not replace (src/io/outputPath.ts, src/io/write.ts), crm export's formats and warnings,
// crm import's and crm history's option checks, report options, plan inputs, crm users explain.
import { defineArea } from '../area.js';
import { intRu, plural, pluralRu } from '../../util/plural.js';

export const usage = defineArea(
  {
    'usage.cannotWriteWho': (file: string) => `cannot write ${file}`,
    'usage.isDatabase': (who: string, file: string) => `${who}: that is the database ${file}; nothing was written (choose another file)`,
    'usage.isInput': (who: string, file: string) => `${who}: that is the file being imported (${file}); nothing was written (choose another file)`,
    'usage.isJournal': (who: string, suffix: string, file: string) => `${who}: that is the ${suffix} file of the database ${file}; nothing was written (choose another file)`,
    'usage.emptyFileName': (flag: string | undefined) => `${flag ? `${flag}: ` : ''}the file name is empty: give a file name`,
    'usage.writeDenied': (file: string, readOnlyFs: boolean) => `cannot write ${file}: ${readOnlyFs ? 'read-only file system' : 'permission denied'}`,
    'usage.exportExtension': (output: string) => `-o ${output}: use .csv, .xlsx or .json, or --format csv|xlsx|json|1c`,
    'usage.templateXlsx': () => 'a template is an .xlsx file: -o FILE.xlsx',
    'usage.cp1251Lost': (chunks: number) => `${plural(chunks, 'chunk')} had characters Windows-1251 cannot hold (such as ×); they were written as "?"`,
    'usage.errorsFile': (file: string) => `--errors ${file}: the problems go to an .xlsx or .csv file`,
    'usage.forceNotPlan': (entity: string) => `--force is for plans (a past month of a plan); ${entity} has none`,
    'usage.forceNeedsNote': () => '--force changes past plan months: say why with --note',
    'usage.noteNotPlan': (entity: string) => `--note is kept with a new plan version; ${entity} makes none`,
    'usage.sheetNotXlsx': (file: string) => `--sheet is for .xlsx workbooks; ${file} has no sheets`,
    'usage.historyOfPlan': (plan: string) => `a plan's history is its versions: crm plan versions ${plan}`,
    'usage.historyNoKey': (entity: string) => `${entity} has no single key to name one record; crm history --entity ${entity} lists its operations`,
    'usage.historyNoRecord': (singular: string, entity: string, key: string) =>
      `no ${singular} ${key}, now or in the journal (crm export ${entity} lists them; crm history --entity ${entity} lists its operations)`,
    'usage.layoutTidy': (format: string) => `--layout tidy is for csv and xlsx files (pivot tables), not ${format}`,
    'usage.silentDaysFrom': () => '--silent-days counts back from --to: give --to (default --as-of), not --from',
    'usage.silentDaysBy': () => '--silent-days lists clients: it takes no --by',
    'usage.noPlanToCompare': (version: string | number) => `no plan to compare with (version ${version}): import plan-sales or plan-managers first`,
    'usage.noSuchPlanVersion': (flag: string, number: number) => `${flag} ${number}: no such version (see crm plan versions)`,
    'usage.noSalesPlan': () => 'there is no sales plan yet: import one with crm import plan-sales FILE',
    'usage.explainUnknown': (entity: string) => `unknown entity "${entity}": a table of crm (clients, orders, shipments, payments, deals, interactions, products …)`,
    'usage.explainNoRecords': (entity: string) =>
      `${entity} has no records of their own to explain (its rows are cells of a plan or a summary): the role's rights on it are those of its table, see crm users explain on a record`,
    'usage.explainNoRecord': (entity: string, key: string) => `no ${entity} ${key}`,
  },
  {
    'usage.cannotWriteWho': (file) => `не удаётся записать ${file}`,
    'usage.isDatabase': (who, file) => `${who}: это база данных ${file}; ничего не записано (выберите другой файл)`,
    'usage.isInput': (who, file) => `${who}: это загружаемый файл (${file}); ничего не записано (выберите другой файл)`,
    'usage.isJournal': (who, suffix, file) => `${who}: это файл ${suffix} базы данных ${file}; ничего не записано (выберите другой файл)`,
    'usage.emptyFileName': (flag) => `${flag ? `${flag}: ` : ''}имя файла пустое: укажите имя файла`,
    'usage.writeDenied': (file, readOnlyFs) => `не удаётся записать ${file}: ${readOnlyFs ? 'файловая система только для чтения' : 'нет прав доступа'}`,
    'usage.exportExtension': (output) => `-o ${output}: нужен файл .csv, .xlsx или .json, или --format csv|xlsx|json|1c`,
    'usage.templateXlsx': () => 'шаблон — это файл .xlsx: -o ФАЙЛ.xlsx',
    'usage.cp1251Lost': (chunks) =>
      `в ${pluralRu(chunks, 'фрагменте', 'фрагментах', 'фрагментах')} были символы, которых нет в Windows-1251 (например ×); они записаны как "?"`,
    'usage.errorsFile': (file) => `--errors ${file}: проблемы пишутся в файл .xlsx или .csv`,
    'usage.forceNotPlan': (entity) => `--force — для планов (прошедший месяц плана); у ${entity} плана нет`,
    'usage.forceNeedsNote': () => '--force меняет прошедшие месяцы плана: объясните причину в --note',
    'usage.noteNotPlan': (entity) => `--note хранится с новой версией плана; ${entity} версий не создаёт`,
    'usage.sheetNotXlsx': (file) => `--sheet — для книг .xlsx; в ${file} листов нет`,
    'usage.historyOfPlan': (plan) => `история плана — это его версии: crm plan versions ${plan}`,
    'usage.historyNoKey': (entity) => `у ${entity} нет единственного ключа, чтобы назвать одну запись; операции с ней перечисляет crm history --entity ${entity}`,
    'usage.historyNoRecord': (_singular, entity, key) =>
      `в ${entity} нет записи ${key} ни сейчас, ни в журнале (их перечисляет crm export ${entity}; операции — crm history --entity ${entity})`,
    'usage.layoutTidy': (format) => `--layout tidy — для файлов csv и xlsx (сводные таблицы), не для ${format}`,
    'usage.silentDaysFrom': () => '--silent-days отсчитывается назад от --to: укажите --to (по умолчанию --as-of), а не --from',
    'usage.silentDaysBy': () => '--silent-days перечисляет клиентов: --by не нужен',
    'usage.noPlanToCompare': (version) => `не с чем сравнивать (версия ${typeof version === 'number' ? intRu(version) : version}): сначала загрузите plan-sales или plan-managers`,
    'usage.noSuchPlanVersion': (flag, number) => `${flag} ${number}: такой версии нет (см. crm plan versions)`,
    'usage.noSalesPlan': () => 'плана продаж пока нет: загрузите его командой crm import plan-sales FILE',
    'usage.explainUnknown': (entity) => `неизвестная сущность «${entity}»: нужна таблица crm (clients, orders, shipments, payments, deals, interactions, products …)`,
    'usage.explainNoRecords': (entity) =>
      `у ${entity} нет своих записей, которые можно объяснить (её строки — ячейки плана или сводки): права роли на неё — права на её таблицу, см. crm users explain для записи`,
    'usage.explainNoRecord': (entity, key) => `в ${entity} нет ${key}`,
  },
);
