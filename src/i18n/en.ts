// The English catalog: every message crm says in words, one typed function per id. The
// Russian catalog (ru.ts) has the same ids (the compiler and test/language.test.ts check it).
// A message is one whole sentence per language: never glue translated fragments together.
import { plural } from '../util/plural.js';
import { areasEn } from './areas/index.js';

const int = (n: number): string => n.toLocaleString('en-US');

const core = {
  // src/cli.ts main(): the edge where errors become lines
  'cli.badLang': (source: string, value: string) => `${source} ${value}: expected ru or en (the language of messages and reports)`,
  'cli.interrupted': () => 'interrupted at the prompt, nothing was written',
  'cli.moreProblems': (n: number) => `… and ${n} more (write them all with --errors FILE)`,
  'cli.unexpected': (message: string) => `unexpected failure: ${message}`,
  'cli.runWithDebug': () => '(run again with --debug for details)',
  'cli.helpAfterError': () => '(run with --help for usage)',
  // commander's own errors (src/cli.ts translates them by their code)
  'cli.unknownOption': (option: string) => `error: unknown option '${option}'`,
  'cli.unknownCommand': (command: string) => `error: unknown command '${command}'`,
  'cli.missingArgument': (name: string) => `error: missing required argument '${name}'`,
  'cli.missingOptionValue': (option: string) => `error: option '${option}' argument missing`,
  'cli.missingMandatoryOption': (option: string) => `error: required option '${option}' not specified`,
  'cli.excessArguments': (n: number) => `error: too many arguments: expected ${int(n)}`,
  // src/errors.ts: a problem with a cell of an input file
  'problem.sheet': (sheet: string) => `sheet ${sheet}`,
  'problem.row': (row: number) => `row ${row}`,
  'problem.column': (column: string) => `column ${column}`,
  'problem.found': (n: number) => `${plural(n, 'problem')} found, nothing was written`,
  // src/import/columns.ts: a cell that is not what its column takes (`what` is the expectation of src/io/locale.ts)
  'cell.expected': (what: string) => `expected ${what}`,
  'cell.required': () => 'required value is empty',
  'cell.oneOf': (allowed: string, words = '') => `expected one of: ${allowed}${words ? `; also accepted: ${words}` : ''}`,
  'header.missingColumn': (column: string, accepted: string, wide: boolean) =>
    `required column "${column}" is missing (accepted headers: ${accepted})${wide ? '; or use the wide layout with one column per month' : ''}`,
  // src/io/render: formats
  'format.unknown': (format: string, formats: string) => `--format ${format}: expected one of ${formats}`,
  'format.tableToFile': (flag: string) => `--format table prints to the terminal; use csv, json, xlsx or html with ${flag}`,
  'format.noExtension': (flag: string, file: string) =>
    `${flag} ${file}: cannot tell the format from the extension; use .csv, .json, .xlsx or .html${flag === '-o' ? ', or --format' : ''}`,
  'format.xlsxNeedsFile': () => 'xlsx needs a file: -o FILE.xlsx',
  'headers.unknown': (value: string) => `--headers ${value}: expected en (snake_case, the default) or ru`,
  'headers.notCsv': (format: string) => `--headers ru names the columns of a CSV or xlsx file in Russian; ${format} keeps the English field names`,
  // crm report: usage
  'report.unknown': (name: string) => `unknown report "${name}"; crm report list shows the reports`,
  'report.jsonAndFormat': (format: string) => `--json and --format ${format} contradict each other: give one`,
  'report.wrote': (n: number, name: string, file: string) => `wrote ${plural(n, 'row')} of ${name} to ${file}`,
  'report.listFooter': (filters: string) => `\nFilters: ${filters} where a report takes them.\ncrm report NAME --help explains the columns, formulas and filters.`,
  'report.noSuchFilter': (report: string, refused: string, takes: string | undefined) =>
    `report ${report} has no ${refused} filter: ${takes !== undefined ? `its filters are ${takes}` : 'it takes no filters'}`,
  'report.oneDay': (report: string) => `report ${report} is at one day: use --date (not --from/--to)`,
  'report.period': (report: string) => `report ${report} covers a period: use --from/--to (not --date)`,
  'report.byNotTaken': (report: string, by: string, takes: string | undefined) =>
    takes !== undefined ? `--by ${by}: report ${report} is by ${takes}` : `report ${report} takes no --by`,
  'report.toBeforeFrom': (to: string, given: boolean, from: string) => `${given ? `--to ${to}` : `the period's end (--to, default today: ${to})`} is before --from ${from}`,
  'report.noSuchCode': (filter: string, code: string, list: string) => `--${filter} ${code}: no such ${filter} (crm ${list} list)`,
  'report.noSuchGroup': (code: string) => `--group ${code}: no such product group (crm groups list)`,
  'report.noSuchChannel': (channel: string) => `--channel ${channel}: no such sales channel (crm export stages lists the channels and their stages)`,
  'report.badLayout': (layout: string, months: boolean) => `--layout ${layout}: expected ${months ? 'months, long or tidy' : 'long or tidy'}`,
  'report.noMonthLayout': (report: string, oneDay: boolean) => `report ${report} has no month layout: it is one row per ${oneDay ? 'item' : 'line'} already (--layout long or tidy)`,
  'report.monthsNotJson': () => '--layout months is for the terminal, xlsx, html and csv: JSON keeps one row per month (SPEC §6)',
  'report.tidyFormat': (format: string) => `--layout tidy is for csv and xlsx files (pivot tables), not ${format}`,
  'report.noShow': (report: string) => `report ${report} takes no --show (it has no month layout)`,
  'report.badShow': (show: string, measures: string) => `--show ${show}: expected one or more of ${measures}, separated by commas`,
  'report.showNeedsMonths': (other: string) => `--show picks what a month shows in the month layout: not with ${other} (add --layout months)`,
  // crm import
  'import.summary': (s: ImportCounts) =>
    `${s.dryRun ? 'dry run, nothing written: ' : ''}${s.entity}: ${plural(s.rows, 'row')}; ${s.unit === 'documents' ? 'documents' : s.unit === 'cells' ? 'plan cells' : 'records'}: ` +
    `${int(s.inserted)} inserted, ${int(s.updated)} updated, ${int(s.unchanged)} unchanged; ${plural(s.rejected, 'row')} rejected` +
    `${s.resolvedByName > 0 ? `; ${plural(s.resolvedByName, 'reference')} resolved by name` : ''}${s.planVersion !== undefined ? `; new plan version ${s.planVersion}` : ''}` +
    `${s.operation !== undefined ? `; operation ${s.operation}` : ''}`,
  'import.onlyHeader': (entity: string) => `${entity}: the file has only a header: nothing to import`,
  'import.everyRowRejected': (file: string) => `every row of ${file} was rejected: nothing was written`,
  'import.moreProblems': (n: number, errorsFile: boolean) => `… and ${n} more${errorsFile ? '' : ' (write them all with --errors FILE)'}`,
  'import.otherLines': (n: number) => `${plural(n, 'other line')} of rejected documents not shown (--errors FILE lists every rejected row)`,
  'import.wroteProblems': (n: number, otherLines: number, file: string) =>
    `wrote ${plural(n, 'problem')}${otherLines > 0 ? ` and ${plural(otherLines, 'other line')} of rejected documents` : ''} to ${file}`,
  'import.problemsIn': (n: number, file: string) => `${plural(n, 'problem')} in ${file}: nothing was written (fix them, or use --skip-invalid to import the valid rows)`,
  'import.partly': (rejected: number, dryRun: boolean) => `done, ${plural(rejected, 'row')} rejected${dryRun ? ' (dry run: nothing was written)' : ''}`,
  'import.warning': (text: string) => `warning: ${text}`,
  'import.pastCells': (n: number) => `${plural(n, 'cell')} of a past month would change: nothing was written`,
  // crm plan run
  'plan.runSummary': (run: number, from: string, to: string, lookback: number, skus: number, purchases: number, late: number) =>
    `plan run ${run}: ${from}..${to}, lookback ${plural(lookback, 'month')}; ${plural(skus, 'SKU')}, ${plural(purchases, 'purchase')} (${late} late)`,
  'plan.moreWarnings': (n: number, run: number) => `… and ${plural(n, 'more warning')} (crm plan show ${run} --json)`,
  // crm init, demo
  'init.created': (file: string, version: number) => `created ${file} (schema version ${version})`,
  'init.migrated': (file: string, from: number, to: number) => `${file}: migrated from schema version ${from} to ${to}`,
  'init.current': (file: string, version: number) => `${file}: schema is at version ${version}`,
  'demo.exists': (file: string) => `${file} already exists: pass --force to replace it with the demo, or --db OTHER.db`,
  'demo.ready': (file: string, seconds: string) => `\nThe demo company is in ${file} (${seconds} s). Try next:`,
  // crm export, template
  'export.wrote': (n: number, entity: string, file: string, format: string) => `wrote ${plural(n, `${entity} row`)} to ${file} (${format})`,
  'export.wroteTemplate': (entity: string, file: string) => `wrote the ${entity} template to ${file}`,
  // crm undo, history
  'undo.several': (dryRun: boolean, n: number, ops: string) => `${dryRun ? 'would undo' : 'undoing'} ${plural(n, 'operation')}, newest first: ${ops}`,
  'undo.line': (dryRun: boolean, op: number, undoOp: number | undefined, chainFirst: number | undefined, changes: string) =>
    `${dryRun ? 'dry run, nothing written: would undo' : 'undid'} operation ${op}` +
    `${undoOp === undefined ? '' : ` as operation ${undoOp} (${chainFirst !== undefined ? `crm undo ${chainFirst} --cascade redoes them all` : `crm undo ${undoOp} redoes it`})`}: ${changes}`,
  'history.none': (filtered: boolean) => (filtered ? 'no operations match' : 'no operations yet'),
  'history.noOperation': (id: number) => `there is no operation ${id} (crm history lists them)`,
  // crm backup, restore
  'backup.wrote': (database: string, file: string, size: string, version: number, sha: string) =>
    `backup of ${database}: ${file} (${size}, schema version ${version}, sha256 ${sha}…)`,
  'backup.lastOperation': (what: string) => `last operation: ${what}`,
  'backup.removed': (keep: string, n: number, files: string) => `--keep ${keep}: removed ${plural(n, 'older backup')}: ${files}`,
  'restore.done': (file: string, database: string, op: number, migratedFrom: number | undefined, to: number) =>
    `restored ${file} into ${database} as operation ${op}${migratedFrom !== undefined ? ` (migrated from schema version ${migratedFrom} to ${to})` : ''}`,
  'restore.kept': (kept: string) => `the replaced database is kept as ${kept}: to undo this restore, crm restore ${kept}`,
  'restore.lastBefore': (what: string) => `last operation before: ${what}`,
  'restore.lastOfBackup': (what: string) => `last operation of the backup: ${what}`,
  'restore.preview': (file: string, database: string) => `preview: restoring ${file} into ${database} would replace every row; nothing was written`,
  'restore.lastNow': (what: string) => `last operation now: ${what}`,
  'restore.noBackup': (file: string) => `no backup at ${file}`,
};

/** The whole English catalog: the messages above and every area's (src/i18n/areas). */
export const en = { ...core, ...areasEn };

/** The counts of an import summary line (crm import, crm demo). */
export interface ImportCounts {
  dryRun: boolean;
  entity: string;
  rows: number;
  unit: 'documents' | 'cells' | 'records';
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  resolvedByName: number;
  planVersion?: number;
  operation?: number;
}

/** Every id with its arguments; each returns the words. */
export type Messages = { [K in keyof typeof en]: (...args: Parameters<(typeof en)[K]>) => string };
