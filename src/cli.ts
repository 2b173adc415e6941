// The command tree. Only commander is loaded at start-up: each command's implementation
// (and exceljs, inquirer) is imported when that command runs, so `crm --help` is fast.
import fs from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { commandLine, currentUser, resolveDbPath, todayIso, type Ctx } from './context.js';
import { CrmError, EXIT, UsageError, ValidationError, formatProblem } from './errors.js';
import { lang, setLang, t } from './i18n/index.js';
import { chooseLang, langOption } from './i18n/lang.js';
import { registerCrmCommands } from './commands/crmCli.js';
import { registerMasterCommands } from './commands/masterCli.js';
import { registerMoneyCommands } from './commands/moneyCli.js';
import { registerUserCommands } from './commands/usersCli.js';
import { parseDayOption } from './io/locale.js';
import { ENTITY_NAMES } from './model/entities.js';
import { EXTRA_OPTIONS, FILTERS, REPORTS, type FilterName } from './reports/definitions.js';
import { REPORT_OPTIONS_RU, reportHelp, reportTitle } from './reports/definitionsRu.js';
import { VERSION } from './version.js';
import { guardInterrupts, interruptedAfterCommit } from './util/interrupt.js';
import { redactStream } from './util/redact.js';

export { VERSION };

interface GlobalOptions {
  db?: string;
  asOf?: string;
  yes?: boolean;
  verbose?: boolean;
  debug?: boolean;
  lang?: string;
}

function makeCtx(program: Command): Ctx {
  const g = program.opts<GlobalOptions>();
  const noColor = 'NO_COLOR' in process.env;
  if (g.db !== undefined && g.db.trim() === '') throw new UsageError(t('files.emptyDbOption'));
  return {
    dbPath: resolveDbPath(g.db),
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && !g.yes && !process.env.CI,
    stderrTTY: Boolean(process.stderr.isTTY),
    color: Boolean(process.stdout.isTTY) && !noColor,
    yes: Boolean(g.yes),
    verbose: Boolean(g.verbose),
    user: currentUser(),
    asOf: g.asOf !== undefined ? parseDayOption('--as-of', g.asOf) : todayIso(),
    now: () => new Date(),
    argv: commandLine(process.argv.slice(2)),
  };
}

const HELP_TITLES_RU: Record<string, string> = { 'Usage:': 'Вызов:', 'Options:': 'Параметры:', 'Commands:': 'Команды:', 'Arguments:': 'Аргументы:', 'Global Options:': 'Общие параметры:' };

export function buildProgram(): Command {
  const program = new Command('crm')
    .description('CRM toolkit and batch planning engine for wholesale and distribution companies')
    .option('--db <path>', 'SQLite database file or postgres://USER@HOST/DB (default: $CRM_DB, else ./crm.db)')
    .option('--as-of <date>', '"today" for this run, 2026-11-30 or 30.11.2026 (default: the real date)')
    .option('-y, --yes', 'never prompt (cron); also implied by CI or no terminal')
    .option('-v, --verbose', 'say more on stderr')
    .option('--debug', 'show stack traces of errors')
    .option('--lang <lang>', 'ru | en: the language of messages, errors and report words (default: $CRM_LANG, else ru when LC_ALL/LC_MESSAGES/LANG is ru_*)')
    .addHelpText('after', '\n  -V, --version  print the version of crm (only as the first argument: subcommands have a --version of their own)\n')
    .showHelpAfterError(t('cli.helpAfterError'))
    // the headings of --help in the language of the run (commander writes them in English)
    .configureHelp(lang() === 'ru' ? { styleTitle: (title: string) => HELP_TITLES_RU[title] ?? title } : {})
    .helpOption('-h, --help', lang() === 'ru' ? 'справка по команде' : 'display help for command')
    .configureOutput({ outputError: (text, write) => write(commanderWords(text)) })
    .exitOverride();

  program
    .command('init')
    .description('create an empty database (or migrate an older one forward)')
    .action(async () => {
      const { runInit } = await import('./commands/init.js');
      await runInit(makeCtx(program));
    });

  program
    .command('demo')
    .description('create a database with the demo company from fixtures/ and say what to try next')
    .option('--force', 'replace the database file if it exists')
    .action(async (opts: { force?: boolean }) => {
      const { runDemo } = await import('./commands/demo.js');
      await runDemo({ force: Boolean(opts.force) }, makeCtx(program));
    });

  program
    .command('import')
    .description('import an .xlsx, .csv or .tsv file (all-or-nothing unless --skip-invalid)')
    .argument('<entity>', ENTITY_NAMES.join(', '))
    .argument('<file>', '.xlsx, .csv or .tsv file with a header row')
    .option('--sheet <name>', 'xlsx sheet to read (default: the first)')
    .option('--encoding <name>', 'CSV encoding, e.g. utf-8 or cp1251 (default: detected)')
    .option('--header-row <n>', 'the header is row N (default: the first of the first 30 rows naming the required columns)')
    .option('--match <how>', 'references: name = a code, else an exact normalized name or INN (default); code = codes only')
    .option('--dry-run', 'check everything and print what would change; write nothing')
    .option('--skip-invalid', 'write the valid rows and report the rest (exit 4 when some were rejected)')
    .option('--errors <file>', 'write every rejected row to a sheet (.xlsx or .csv): row, column, value, message')
    .option('--allow-duplicates', 'accept products whose normalized names equal another SKU, clients or suppliers with the same INN')
    .option('--force', 'plans: change cells of past months (an admin, with --note saying why)')
    .option('--note <text>', 'note stored with a new plan version')
    .addOption(new Option('--json', 'print the summary as JSON'))
    .action(async (entity: string, file: string, opts) => {
      const { runImport } = await import('./commands/import.js');
      await runImport({ entity, file, ...opts }, makeCtx(program));
    });

  program
    .command('export')
    .description('write an entity in the import format (.csv, .xlsx, .json; --format 1c for Windows-1251 ; CSV)')
    .argument('<entity>', 'any entity crm imports (see crm help formats)')
    .requiredOption('-o, --output <file>', 'the file to write (.csv, .xlsx or .json)')
    .option('--format <format>', 'csv | xlsx | json | 1c (default: from the file extension)')
    .option('--headers <names>', 'en: the snake_case column names (default) | ru: Russian headers, which crm import accepts back')
    .action(async (entity: string, opts: { output: string; format?: string; headers?: string }) => {
      const { runExport } = await import('./commands/export.js');
      await runExport({ entity, ...opts }, makeCtx(program));
    });

  program
    .command('template')
    .description('an empty .xlsx with the canonical headers and a sheet explaining each column')
    .argument('<entity>', 'any entity crm imports')
    .requiredOption('-o, --output <file>', 'the .xlsx file to write')
    .action(async (entity: string, opts: { output: string }) => {
      const { runTemplate } = await import('./commands/export.js');
      await runTemplate({ entity, ...opts }, makeCtx(program));
    });

  const history = program
    .command('history')
    .description('the operations, newest first: every write is one (SPEC §7)')
    .option('--entity <entity>', 'only operations on this entity')
    .option('--user <user>', 'only this user\'s')
    .option('--since <day>', 'only from this day on')
    .option('--limit <n>', 'at most this many')
    .option('--json', 'print JSON')
    .action(async (opts) => (await import('./commands/history.js')).runHistory(opts, makeCtx(program)));
  // commander gives `history`'s own --json / --limit to it wherever they stand: show and record take them from there
  history
    .command('show')
    .description('what one operation changed: counts per table; with --rows each row, field by field')
    .argument('<op>', 'operation number')
    .option('--rows', 'every row it changed (at most --limit)')
    .option('--limit <n>', 'rows to show with --rows (default 100)')
    .option('--json', 'print JSON (with the rows)')
    .action(async (op: string, opts) => (await import('./commands/history.js')).runHistoryShow(op, { ...history.opts(), ...opts }, makeCtx(program)));
  history
    .command('record')
    .description('the timeline of one record: every operation that touched it and the fields it changed')
    .argument('<entity>', 'clients, products, shipments …')
    .argument('<key>', 'its code or number')
    .option('--json', 'print JSON')
    .action(async (entity: string, key: string, opts) => (await import('./commands/history.js')).runHistoryRecord(entity, key, { ...history.opts(), ...opts }, makeCtx(program)));

  program
    .command('undo')
    .description('undo an operation: a new operation that puts back every row it touched (undo the undo to redo)')
    .argument('<op>', 'operation number (crm history)')
    .option('--dry-run', 'say what would change; write nothing')
    .option('--cascade', 'also undo, newest first, the later operations that changed the same rows or refer to its rows')
    .option('--json', 'print JSON')
    .action(async (op: string, opts) => (await import('./commands/undo.js')).runUndo(op, opts, makeCtx(program)));

  program
    .command('delete')
    .description('delete documents by number or master data by code (refused while other records refer to them: archive with edit --active false)')
    .argument('<entity>', 'shipments, orders, payments, clients, products …')
    .argument('<keys...>', 'numbers or codes')
    .option('--dry-run', 'say what would go; write nothing')
    .option('--json', 'print JSON')
    .action(async (entity: string, keys: string[], opts) => (await import('./commands/delete.js')).runDelete(entity, keys, opts, makeCtx(program)));

  const db = program.command('db').description('maintenance of the database file');
  db.command('rebuild-summaries')
    .description('recompute the monthly sales summaries from the shipment lines (they are kept by every write; this repairs or checks them)')
    .option('--check', 'compare only, write nothing; exit 1 if they differ')
    .option('--json', 'print JSON')
    .action(async (opts: { check?: boolean; json?: boolean }) => {
      const { runRebuildSummaries } = await import('./commands/db.js');
      await runRebuildSummaries({ check: Boolean(opts.check), json: Boolean(opts.json) }, makeCtx(program));
    });

  db.command('check')
    .description('check the database: integrity, foreign keys, schema version, sales summaries against a full scan, the journal (exit 1 listing what is wrong)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => (await import('./commands/db.js')).runDbCheck(opts, makeCtx(program)));
  db.command('info')
    .description('what the database file holds: schema version, size, pages, row counts per table, operations and journal, the last operation')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => (await import('./commands/db.js')).runDbInfo(opts, makeCtx(program)));

  db.command('copy')
    .description('copy a whole database into a new SQLite file or an empty PostgreSQL database (either way round), verifying row counts and a checksum per table')
    .argument('<from>', 'the database to copy: a file or postgres://…')
    .argument('<to>', 'a new file, or an empty PostgreSQL database (createdb first)')
    .option('--json', 'print JSON')
    .action(async (from: string, to: string, opts: { json?: boolean }) => (await import('./commands/db.js')).runDbCopy(from, to, opts, makeCtx(program)));

  program
    .command('backup')
    .description('copy the database as a verified snapshot, also while others write, with a manifest beside it (docs/safety.md)')
    .argument('[file]', 'the backup to write, a new file (default: backups/crm-YYYYMMDD-HHMMSS.db beside the database)')
    .option('--keep <n>', 'then delete older backups of that folder beyond the newest N (only crm-YYYYMMDD-HHMMSS.db files with their crm manifest)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nNightly, from cron:  30 2 * * *  cd /srv/crm && crm --db crm.db backup --keep 14 >> backups.log 2>&1\n')
    .action(async (file: string | undefined, opts) => (await import('./commands/backup.js')).runBackup(file, opts, makeCtx(program)));

  program
    .command('restore')
    .description('replace the contents of the database with a backup (verified against its manifest); the replaced database is kept as NAME.before-restore-YYYYMMDD-HHMMSS')
    .argument('<file>', 'a backup made by crm backup (its FILE.manifest.json beside it)')
    .option('--preview', 'only show the differences (rows per table now and in the backup, the last operation of each); write nothing')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nOne transaction: a crash leaves the old database or the restored one, never a mix. Waits for other writers (busy_timeout).\nTo undo a restore, restore the kept NAME.before-restore-… file.\n')
    .action(async (file: string, opts) => (await import('./commands/backup.js')).runRestore(file, opts, makeCtx(program)));

  registerMasterCommands(program, makeCtx);
  registerCrmCommands(program, makeCtx);
  registerPlanCommands(program);
  registerReportCommands(program);
  registerMoneyCommands(program, makeCtx);
  registerUserCommands(program, makeCtx);

  const products = program.commands.find((c) => c.name() === 'products')!;
  products
    .command('duplicates')
    .description('list suspected duplicate products already in the database (same normalized name)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { runProductDuplicates } = await import('./commands/products.js');
      await runProductDuplicates({ json: Boolean(opts.json) }, makeCtx(program));
    });
  for (const entity of ['clients', 'suppliers'] as const) {
    program.commands
      .find((c) => c.name() === entity)!
      .command('duplicates')
      .description(`list suspected duplicate ${entity}: the same INN, or names that normalize alike`)
      .option('--json', 'print JSON')
      .action(async (opts: { json?: boolean }) => {
        const { runPartyDuplicates } = await import('./commands/products.js');
        await runPartyDuplicates(entity, { json: Boolean(opts.json) }, makeCtx(program));
      });
  }

  program.helpCommand(false);
  program
    .command('help')
    .argument('[topic]', 'a command, or a topic: formats, exit-codes')
    .description('help for a command, or a topic: formats, exit-codes')
    .action(async (topic?: string) => {
      const sub = program.commands.find((c) => c.name() === topic);
      if (sub) return sub.outputHelp();
      if (topic === undefined) return program.outputHelp();
      const { helpTopic } = await import('./commands/helpTopics.js');
      process.stdout.write(helpTopic(topic, program.commands.map((c) => c.name())));
    });

  return program;
}

/**
 * The command tree with its help in the language of the run. The Russian words of the help load
 * only for a Russian run that may show help (`args` given: see helpMayShow; not given: always).
 */
export async function programOfRun(args?: string[]): Promise<Command> {
  const program = buildProgram();
  if (lang() === 'ru' && (args === undefined || helpMayShow(program, args))) (await import('./i18n/helpRu.js')).translateHelp(program);
  return program;
}

/** -h, --help, `help`, or the words of the line stop at a command with subcommands (commander shows its help). */
function helpMayShow(program: Command, args: string[]): boolean {
  if (args.some((a) => a === '-h' || a === '--help' || a === 'help')) return true;
  let cmd = program;
  for (const word of args) {
    if (word === '--') break;
    const sub = word.startsWith('-') ? undefined : cmd.commands.find((c) => c.name() === word);
    if (sub) cmd = sub;
    else if (cmd.commands.length === 0) break; // a leaf: the rest are its arguments
  }
  return cmd.commands.length > 0;
}

function registerPlanCommands(program: Command): void {
  const plan = program.command('plan').description('plans: versions, revisions, the planning run and its results');
  const load = () => import('./commands/plan.js');
  plan
    .command('versions')
    .description('the versions of the plans (author, time, note)')
    .argument('[kind]', 'sales | managers | min-stock')
    .option('--json', 'print JSON')
    .action(async (kind: string | undefined, opts) => (await load()).runVersions(kind, opts, makeCtx(program)));
  plan
    .command('export')
    .description('a plan version in the wide layout (one column per month), ready to edit and import back')
    .argument('<kind>', 'sales | managers | min-stock')
    .option('--version <n>', 'version number (default: latest)')
    .requiredOption('-o, --output <file>', '.xlsx or .csv')
    .action(async (kind: string, opts) => (await load()).runPlanExport(kind, opts, makeCtx(program)));
  plan
    .command('diff')
    .description('cells that changed between two versions, old → new, and totals by month')
    .argument('<kind>', 'sales | managers | min-stock')
    .argument('<v1>', 'version number')
    .argument('<v2>', 'version number, or latest')
    .option('--json', 'print JSON')
    .action(async (kind: string, v1: string, v2: string, opts) => (await load()).runPlanDiff(kind, v1, v2, opts, makeCtx(program)));
  plan
    .command('revise')
    .description('a new version that changes only the 3 months from --from (exit 3 listing any other changed cell)')
    .argument('<kind>', 'sales | managers | min-stock')
    .argument('<file>', 'the plan, long or wide layout')
    .requiredOption('--from <month>', 'first month of the revision window, YYYY-MM')
    .option('--force', 'allow changes outside the window (months already past stay frozen)')
    .option('--note <text>', 'note stored with the new version')
    .action(async (kind: string, file: string, opts) => (await load()).runRevise(kind, file, opts, makeCtx(program)));
  plan
    .command('run')
    .description('run the planning chain: demand, inventory, purchases, supplier payments, cash in; stores the run')
    .option('--from <month>', 'first month, YYYY-MM (default: the month after --as-of)')
    .option('--months <n>', 'horizon in months', '12')
    .option('--lookback <n>', 'months of history before --from', '12')
    .option('--sales-version <n>', 'sales plan version (default: latest)')
    .option('--stock-version <n>', 'minimum-stock plan version (default: latest)')
    .option('--json', 'print the whole run as JSON (SPEC §4)')
    .action(async (opts) => (await load()).runPlanRun(opts, makeCtx(program)));
  plan
    .command('runs')
    .description('the stored runs; --prune --keep N removes old runs no plan-fact uses')
    .option('--json', 'print JSON')
    .option('--prune', 'remove every run but the N newest (--keep) and those plan-fact uses; one operation, undoable')
    .option('--keep <n>', 'with --prune: how many of the newest runs to keep')
    .option('--dry-run', 'with --prune: say what would go; write nothing')
    .action(async (opts) => (await load()).runRuns(opts, makeCtx(program)));
  plan
    .command('show')
    .description('one output of a run as a table or file; -o FILE.xlsx without --what writes every output')
    .argument('<run>', 'run number')
    .option('--what <output>', 'demand | inventory | purchases | supplier-payments | cash-in | order-cash')
    .option('--by <field>', 'sum by sku, group, supplier, month, source, client …')
    .option('--format <format>', 'table | csv | json | xlsx')
    .option('--json', 'the same as --format json')
    .option('-o, --output <file>', 'write to a file')
    .action(async (run: string, opts) => (await load()).runShow(run, opts, makeCtx(program)));
  plan
    .command('explain')
    .description('how every number of one SKU was derived, in words and numbers')
    .argument('<run>', 'run number')
    .argument('<sku>', 'SKU')
    .argument('[month]', 'only this month, YYYY-MM')
    .option('--json', 'the numbers of the derivation as JSON (the trace and the rows of the run)')
    .action(async (run: string, sku: string, month: string | undefined, opts: { json?: boolean }) =>
      (await load()).runExplain(run, sku, month, makeCtx(program), Boolean(opts.json)));
}

function registerReportCommands(program: Command): void {
  const report = program.command('report').description('reports as tables, CSV, JSON, xlsx or HTML (crm report list)');
  report
    .command('list')
    .description('the reports, one line each')
    .option('--json', 'print JSON: every report with its period, filters and options')
    .action(async (opts: { json?: boolean }) => (await import('./commands/report.js')).runReportList(opts, makeCtx(program)));
  const ru = lang() === 'ru';
  for (const def of REPORTS) {
    const cmd = report.command(def.name).description(reportTitle(def));
    // Every period option and filter is known to every report, shown only where it applies:
    // one the report does not take is refused naming those it does (never silently ignored).
    const option = (flags: string, help: string, shown: boolean) => cmd.addOption(shown ? new Option(flags, help) : new Option(flags, help).hideHelp());
    const words = REPORT_OPTIONS_RU;
    option('--from <period>', ru ? words.from : 'first month or day (default: January of --as-of)', def.period === 'range');
    option('--to <period>', ru ? words.to : 'last month or day (default: --as-of)', def.period === 'range');
    option('--date <day>', ru ? words.date : 'the day the report is about (default: --as-of)', def.period === 'date');
    for (const [name, help] of Object.entries(FILTERS)) option(`--${name} <code>`, ru ? (words.filters[name] ?? help) : help, def.filters.includes(name as FilterName));
    if (def.by) cmd.option('--by <dimension>', ru ? words.by(def.by) : `${def.by.join(' | ')} (default ${def.by[0]})`);
    else option('--by <dimension>', ru ? words.notTaken : 'not taken by this report', false);
    for (const o of def.options ?? []) cmd.option(EXTRA_OPTIONS[o].flags, ru ? (words.extra[o] ?? EXTRA_OPTIONS[o].help) : EXTRA_OPTIONS[o].help);
    if (def.months) cmd.option('--show <measures>', ru ? words.show(def.months.measures, def.months.defaults) : `what a month shows in the month layout: ${def.months.measures.join(',')} (default ${def.months.defaults.join(',')})`);
    else option('--show <measures>', ru ? words.notTaken : 'not taken by this report', false);
    cmd
      .option('--format <format>', ru ? words.format : 'table | csv | json | xlsx | html (default: from -o, else table)')
      .option('--json', ru ? words.json : 'the same as --format json')
      .option('-o, --output <file>', ru ? words.output : 'write to a file instead of the terminal (atomically): .csv, .json, .xlsx, .html')
      .option('--headers <names>', ru ? words.headers : 'en (snake_case, the default) | ru: Russian column titles as the CSV header')
      .option(
        '--layout <layout>',
        def.months
          ? ru
            ? words.layoutMonths
            : 'months (terminal, xlsx, html default): a column per month | long: a row per month (csv, json default) | tidy: a row per measure, for pivot tables (csv, xlsx)'
          : ru
            ? words.layoutLong
            : 'long (default) | tidy: one row per measure, for pivot tables (csv, xlsx)',
      )
      .addHelpText('after', `\n${reportHelp(def)}\n`);
    cmd.action(async (opts) => (await import('./commands/report.js')).runReport(def.name, opts, makeCtx(program)));
  }
}

/** commander's own error lines in the language of the run (they are English as commander writes them). */
function commanderWords(text: string): string {
  if (lang() === 'en') return text;
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^error: unknown option '([^']*)'/, (m) => t('cli.unknownOption', m[1]!)],
    [/^error: unknown command '([^']*)'/, (m) => t('cli.unknownCommand', m[1]!)],
    [/^error: missing required argument '([^']*)'/, (m) => t('cli.missingArgument', m[1]!)],
    [/^error: option '([^']*)' argument missing/, (m) => t('cli.missingOptionValue', m[1]!)],
    [/^error: required option '([^']*)' not specified/, (m) => t('cli.missingMandatoryOption', m[1]!)],
    [/^error: too many arguments.*Expected (\d+) argument.*$/m, (m) => t('cli.excessArguments', Number(m[1]))],
  ];
  for (const [pattern, words] of rules) {
    const m = text.match(pattern);
    if (m) return text.replace(m[0], words(m));
  }
  return text;
}

/** The one place where errors become messages and exit codes (SPEC §1). */
export async function main(argv: string[]): Promise<number> {
  // The program's own --version is read only as the first argument: anywhere else
  // commander would take it from subcommands that have one (`report plan-fact --version 1`).
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  // the language first, so that every later word (commander's errors and help too) speaks it
  const chosen = chooseLang(langOption(argv.slice(2)));
  setLang(chosen.lang);
  const debug = argv.includes('--debug');
  if (chosen.bad) {
    process.stderr.write(`crm: ${t('cli.badLang', chosen.bad.source, chosen.bad.value)}\n`);
    return EXIT.usage;
  }
  const program = await programOfRun(argv.slice(2));
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    // Ctrl-C or Ctrl-D at a prompt (inquirer): the user stopped; nothing was written yet
    if ((error as Error)?.name === 'ExitPromptError' || (error as Error)?.name === 'AbortPromptError') {
      process.stderr.write(`crm: ${t('cli.interrupted')}\n`);
      return EXIT.interrupted;
    }
    // a refusal of the PostgreSQL server that no command mapped (permission denied, RLS): exit 3, one line
    if (typeof (error as { sqlstate?: unknown } | undefined)?.sqlstate === 'string') {
      const { pgOpenError } = await import('./db/pg/open.js');
      error = pgOpenError(resolveDbPath(program.opts<GlobalOptions>().db), error);
    }
    if (error instanceof ValidationError) {
      const shown = error.problems.slice(0, 50);
      for (const p of shown) process.stderr.write(`${formatProblem(p)}\n`);
      const more = error.problems.length - shown.length + error.more;
      if (more > 0) process.stderr.write(`${t('cli.moreProblems', more)}\n`);
      process.stderr.write(`crm: ${error.message}\n`);
      if (debug) process.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    if (error instanceof CrmError) {
      process.stderr.write(`crm: ${error.message}\n`);
      if (debug) process.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    const e = error as Error;
    process.stderr.write(`crm: ${t('cli.unexpected', e?.message ?? String(error))}\n`);
    if (debug) process.stderr.write(`${e?.stack}\n`);
    else process.stderr.write(`${t('cli.runWithDebug')}\n`);
    return EXIT.failure;
  }
}

// `npm run bench` reads the peak memory of a run from here (no effect otherwise)
if (process.env.CRM_BENCH_STATS) {
  const statsFile = process.env.CRM_BENCH_STATS;
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const pgRequests = (globalThis as { crmPgRequests?: { value: number } }).crmPgRequests?.value; // set only when a server was used
    fs.writeFileSync(statsFile, JSON.stringify({ maxRssKb: usage.maxRSS, userCpuMs: usage.userCPUTime / 1000, systemCpuMs: usage.systemCPUTime / 1000, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, pgRequests }));
  });
}

// Ctrl-C / SIGTERM: nothing written before a commit, the command finishes after one
guardInterrupts();

// the password of a postgres:// URL is never shown, whichever message names the database
redactStream(process.stdout);
redactStream(process.stderr);

// `crm … | head` (or `2>&1 | head`) closes the pipe early: that is not an error
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv).then(
  (code) => {
    const late = interruptedAfterCommit();
    if (late) process.stderr.write(`${late}\n`);
    process.exitCode = code;
  },
  () => {
    process.exitCode = EXIT.failure;
  },
);
