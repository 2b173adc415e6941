// crm plan versions|export|diff|revise|runs|show (src/commands/plan.ts), the rules of a plan's
// changes (src/planning/planRules.ts) and the warnings of a plan run (src/planning). A run's
// warnings are stored with it in the words of the run that made them.
import { intRu, plural, pluralRu } from '../../util/plural.js';
import { defineArea } from '../area.js';

/** `A, B, C, … and 3 more` (ten shown). */
const listed = (items: string[], more: (n: number) => string) => `${items.slice(0, 10).join(', ')}${items.length > 10 ? `, … ${more(items.length - 10)}` : ''}`;
const runListEn = (ids: number[]) => (ids.length === 0 ? 'none' : ids.join(', '));
const runListRu = (ids: number[]) => (ids.length === 0 ? 'нет' : ids.join(', '));
const skusRu = (n: number) => pluralRu(n, 'товар', 'товара', 'товаров');

export const plan = defineArea(
  {
    'plan.noPlanYet': (kind: string) => `there is no ${kind} plan yet`,
    'plan.noSuchVersion': (version: number, kind: string) => `version ${version} of the ${kind} plan does not exist`,
    'plan.exportFormat': () => 'a plan exports to .xlsx or .csv (the wide layout)',
    'plan.exported': (version: number, kind: string, file: string, rows: number, months: number) =>
      `wrote version ${version} of the ${kind} plan to ${file}: ${plural(rows, 'row')} × ${plural(months, 'month')}`,
    'plan.diffLine': (kind: string, from: number, to: number, cells: number) => `${kind} plan: version ${from} → ${to}: ${plural(cells, 'cell')} changed`,
    'plan.nothingToRevise': (kind: string, entity: string) => `there is no ${kind} plan to revise yet: import one with crm import ${entity}`,
    'plan.problemsIn': (n: number, file: string) => `${plural(n, 'problem')} in ${file}: nothing was written`,
    'plan.outsideWindow': (n: number, from: string, to: string) => `${plural(n, 'cell')} outside the revision window ${from}..${to} or in a past month: nothing was written`,
    'plan.cannotRun': () => 'the plan cannot be run: nothing was stored',
    'plan.pruneNeedsKeep': () => '--prune needs --keep N: how many of the newest runs to keep',
    'plan.pruned': (dryRun: boolean, removed: number[], kept: number[], keep: number, operation: number | undefined) =>
      `${removed.length === 0 ? 'nothing to remove' : `${dryRun ? 'would remove' : 'removed'} ${plural(removed.length, 'run')}: ${runListEn(removed)}`}; ` +
      `kept ${runListEn(kept)} (the ${plural(keep, 'newest run')} and every run plan-fact uses)${operation ? `; operation ${operation} (crm undo ${operation} puts them back)` : ''}`,
    'plan.keepNeedsPrune': () => '--keep goes with --prune: crm plan runs --prune --keep N',
    'plan.dryRunNeedsPrune': () => '--dry-run goes with --prune: crm plan runs --prune --keep N --dry-run',
    'plan.jsonAndPrune': () => '--json and --prune: give one (crm plan runs --json lists what is left)',
    'plan.groupedBy': (what: string) => `${what} can be grouped by`,
    'plan.noSuchRun': (id: number) => `there is no plan run ${id} (see crm plan runs)`,
    'plan.jsonAndFormat': (format: string) => `--json and --format ${format} contradict each other: give one`,
    'plan.whatNeeded': (outputs: string) => `--what ${outputs} is needed, or -o FILE.xlsx for the whole run (one sheet per output)`,
    'plan.nothingForSku': (run: number, sku: string) => `run ${run} has nothing for SKU ${sku} (no demand, minimum stock, receipts or stock)`,
    'plan.monthNotInRun': (month: string, run: number, from: string, months: number) => `MONTH ${month} is not in run ${run} (${from}, ${plural(months, 'month')})`,
    // src/planning/planRules.ts
    'plan.pastFrozen': (month: string) => `${month} is past and frozen (an admin may change it with --force and a --note saying why)`,
    'plan.outsideRevision': (from: string, to: string) => `outside the revision window ${from}..${to} (--force to change it anyway)`,
    // src/planning: warnings and problems of a run
    'plan.groupAndAncestor': (month: string, group: string, ancestor: string) =>
      `${month}: the sales plan has both group ${group} and its ancestor ${ancestor}; plan one level (remove one of the rows)`,
    'plan.groupWithoutProducts': (month: string, group: string) =>
      `${month}: group ${group} has no active product, so its plan makes no demand (its money still counts in the cash-in plan)`,
    'plan.noPrice': (sku: string) => `${sku} has no sales history and no list price, so its share of the plan makes no demand`,
    'plan.negativeStock': (items: string[]) =>
      `${plural(items.length, 'SKU')} ${items.length === 1 ? 'starts' : 'start'} with negative stock (a receipt or a stock count is missing; the plan buys to cover it): ${listed(items, (n) => `and ${n} more`)}`,
    'plan.noSupplier': (items: string[]) =>
      `${plural(items.length, 'SKU')} to purchase ${items.length === 1 ? 'has' : 'have'} no supplier and ${items.length === 1 ? 'is' : 'are'} paid on receipt: ${listed(items, (n) => `and ${n} more`)}`,
  },
  {
    'plan.noPlanYet': (kind) => `плана ${kind} ещё нет`,
    'plan.noSuchVersion': (version, kind) => `версии ${version} плана ${kind} нет`,
    'plan.exportFormat': () => 'план выгружается в .xlsx или .csv (широкий вид)',
    'plan.exported': (version, kind, file, rows, months) =>
      `версия ${version} плана ${kind} записана в ${file}: ${pluralRu(rows, 'строка', 'строки', 'строк')} × ${pluralRu(months, 'месяц', 'месяца', 'месяцев')}`,
    'plan.diffLine': (kind, from, to, cells) => `план ${kind}: версия ${from} → ${to}: изменено ячеек: ${intRu(cells)}`,
    'plan.nothingToRevise': (kind, entity) => `плана ${kind} для пересмотра ещё нет: загрузите его командой crm import ${entity}`,
    'plan.problemsIn': (n, file) => `${file}: ${pluralRu(n, 'ошибка', 'ошибки', 'ошибок')}, ничего не записано`,
    'plan.outsideWindow': (n, from, to) =>
      `${pluralRu(n, 'ячейка', 'ячейки', 'ячеек')} вне окна пересмотра ${from}..${to} или в прошедшем месяце: ничего не записано`,
    'plan.cannotRun': () => 'план не рассчитать: ничего не сохранено',
    'plan.pruneNeedsKeep': () => '--prune нужен --keep N: сколько последних расчётов оставить',
    'plan.pruned': (dryRun, removed, kept, keep, operation) =>
      `${removed.length === 0 ? 'удалять нечего' : `${dryRun ? 'было бы удалено' : 'удалено'} расчётов: ${intRu(removed.length)}: ${runListRu(removed)}`}; ` +
      `оставлены: ${runListRu(kept)} (${pluralRu(keep, 'последний расчёт', 'последних расчёта', 'последних расчётов')} и все, на которые опирается plan-fact)` +
      `${operation ? `; операция ${operation} (вернуть — crm undo ${operation})` : ''}`,
    'plan.keepNeedsPrune': () => '--keep работает вместе с --prune: crm plan runs --prune --keep N',
    'plan.dryRunNeedsPrune': () => '--dry-run работает вместе с --prune: crm plan runs --prune --keep N --dry-run',
    'plan.jsonAndPrune': () => '--json и --prune: укажите одно (что осталось, покажет crm plan runs --json)',
    'plan.groupedBy': (what) => `${what} группируется по`,
    'plan.noSuchRun': (id) => `расчёта плана ${id} нет (список — crm plan runs)`,
    'plan.jsonAndFormat': (format) => `--json и --format ${format} противоречат друг другу: укажите одно`,
    'plan.whatNeeded': (outputs) => `нужен --what ${outputs} или -o FILE.xlsx для всего расчёта (лист на каждый результат)`,
    'plan.nothingForSku': (run, sku) => `в расчёте ${run} ничего нет по товару ${sku} (ни спроса, ни минимального остатка, ни поступлений, ни остатка)`,
    'plan.monthNotInRun': (month, run, from, months) => `MONTH ${month} не входит в расчёт ${run} (${from}, ${pluralRu(months, 'месяц', 'месяца', 'месяцев')})`,
    'plan.pastFrozen': (month) => `${month} уже прошёл и заморожен (администратор может изменить его с --force и --note с причиной)`,
    'plan.outsideRevision': (from, to) => `вне окна пересмотра ${from}..${to} (--force, чтобы изменить всё равно)`,
    'plan.groupAndAncestor': (month, group, ancestor) =>
      `${month}: в плане продаж есть и группа ${group}, и её предок ${ancestor}; планируйте на одном уровне (уберите одну из строк)`,
    'plan.groupWithoutProducts': (month, group) =>
      `${month}: в группе ${group} нет активных товаров, поэтому её план не даёт спроса (деньги плана всё равно входят в план поступлений)`,
    'plan.noPrice': (sku) => `у ${sku} нет ни истории продаж, ни цены из карточки, поэтому его доля плана не даёт спроса`,
    'plan.negativeStock': (items) =>
      `${skusRu(items.length)} с отрицательным остатком на начало (не хватает поступления или инвентаризации; план закупает, чтобы покрыть его): ${listed(items, (n) => `и ещё ${intRu(n)}`)}`,
    'plan.noSupplier': (items) =>
      `у ${pluralRu(items.length, 'товара', 'товаров', 'товаров')} к закупке нет поставщика, они оплачиваются при поступлении: ${listed(items, (n) => `и ещё ${intRu(n)}`)}`,
  },
);
