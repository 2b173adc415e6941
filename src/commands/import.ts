import fs from 'node:fs';
import path from 'node:path';
import { t } from '../i18n/index.js';
import { say, writeToday, type Ctx } from '../context.js';
import { withDb, type Db } from '../db/connection.js';
import { mayForcePlans } from '../db/rights.js';
import { CrmError, EXIT, RefusedError, UsageError, ValidationError, formatProblem, type Problem } from '../errors.js';
import { importFile, importSpec, type ImportSummary } from '../import/importer.js';
import { startProgress } from '../io/progress.js';
import { checkOutputPath, protectInput } from '../io/outputPath.js';
import { outputTable } from '../io/render/index.js';
import type { Table } from '../io/table.js';
import { plural } from '../util/plural.js';
import { unknownName } from '../util/suggest.js';
import { changeSetLines, PREVIEW_ROWS } from './changeSet.js';

export interface ImportCommandOptions {
  entity: string;
  file: string;
  sheet?: string;
  encoding?: string;
  /** `--header-row N` as given on the command line. */
  headerRow?: string;
  /** `--match code|name` as given. */
  match?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  errors?: string;
  allowDuplicates?: boolean;
  force?: boolean;
  note?: string;
  json?: boolean;
}

/** Exit 4: `--skip-invalid` wrote the valid rows and rejected the others. */
export class PartlyImported extends CrmError {
  override readonly exitCode = EXIT.partial;
}

/** `--errors FILE` is checked before the import starts: a destination it cannot write stops it early. */
export function checkErrorsFile(file: string, dbPath: string, input: string): void {
  // not the database, not the input; a folder that exists and can be written
  checkOutputPath(file, { flag: '--errors', database: dbPath, input });
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.csv') throw new UsageError(t('usage.errorsFile', file));
}

/** `--errors FILE`: every rejected row as a sheet the user can filter and fix from. */
export async function writeProblems(file: string, problems: Problem[]): Promise<void> {
  const table: Table = {
    name: 'problems',
    columns: [
      { key: 'file', header: 'file', kind: 'text' },
      { key: 'sheet', header: 'sheet', kind: 'text' },
      { key: 'row', header: 'row', kind: 'int' },
      { key: 'column', header: 'column', kind: 'text' },
      { key: 'value', header: 'value', kind: 'text', width: 30 },
      { key: 'message', header: 'message', kind: 'text', width: 90 },
    ],
    rows: problems.map((p) => ({
      file: p.file ?? null,
      sheet: p.sheet ?? null,
      row: p.row ?? null,
      column: p.column ?? null,
      value: p.value === undefined || p.value === null ? null : p.value instanceof Date ? p.value.toISOString().slice(0, 10) : String(p.value),
      message: p.message,
    })),
  };
  await outputTable(table, { output: file, flag: '--errors' }, { stdout: process.stdout, color: false });
}

export function summaryLine(s: ImportSummary): string {
  return t('import.summary', {
    dryRun: s.dryRun,
    entity: s.entity,
    rows: s.rows,
    unit: s.documents ? 'documents' : s.entity.startsWith('plan-') ? 'cells' : 'records',
    inserted: s.inserted,
    updated: s.updated,
    unchanged: s.unchanged,
    rejected: s.rejected,
    resolvedByName: s.resolvedByName,
    ...(s.planVersion !== undefined ? { planVersion: s.planVersion } : {}),
    ...(s.operation !== undefined ? { operation: s.operation } : {}),
  });
}


/** `--header-row N`: a row number as people see it (1 = the first row). */
function headerRowOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(t('expected.option', '--header-row', JSON.stringify(text), 'rowNumber'));
  }
  return Number(text);
}

function matchOption(text: string | undefined): 'code' | 'name' | undefined {
  if (text === undefined || text === 'code' || text === 'name') return text;
  throw new UsageError(t('expected.option', '--match', JSON.stringify(text), 'codeOrName'));
}

/** `-v`: the rows above the header and the references resolved by name. */
function sayVerbose(ctx: Ctx, s: ImportSummary): void {
  if (s.aboveHeaderCount > 0) {
    say(ctx, `header at row ${s.headerRow}; ignored ${plural(s.aboveHeaderCount, 'row')} above it:`);
    for (const r of s.aboveHeader) say(ctx, `  row ${r.row}: ${r.text}`);
    if (s.aboveHeaderCount > s.aboveHeader.length) say(ctx, `  … and ${s.aboveHeaderCount - s.aboveHeader.length} more`);
  }
  if (s.resolvedByName > 0) {
    say(ctx, `resolved by name (value → code${s.nameMappings.length >= 20 ? ', the first 20' : ''}):`);
    for (const m of s.nameMappings) say(ctx, `  ${m.column} "${m.value}" → ${m.code}`);
  }
}

/** Import one file into an open database, with the progress bar and messages of the CLI. */
export async function importWithProgress(db: Db, opts: ImportCommandOptions, ctx: Ctx): Promise<ImportSummary> {
  const big = fs.existsSync(opts.file) && fs.statSync(opts.file).size > 2_000_000;
  const progress = big ? startProgress(ctx, `importing ${opts.entity}`, fs.statSync(opts.file).size) : undefined;
  try {
    return await importFile(db, {
      entity: opts.entity,
      file: opts.file,
      sheet: opts.sheet,
      encoding: opts.encoding,
      headerRow: headerRowOption(opts.headerRow),
      match: matchOption(opts.match),
      dryRun: opts.dryRun,
      skipInvalid: opts.skipInvalid,
      allowDuplicates: opts.allowDuplicates,
      note: opts.note,
      previewRows: opts.dryRun && ctx.verbose ? PREVIEW_ROWS : undefined,
      // SPEC §5: a new plan version may not change a past month, unless an admin forces it with a note
      planRule: { currentMonth: ctx.asOf.slice(0, 7), force: Boolean(opts.force) && mayForcePlans(db), noted: opts.note !== undefined },
      user: ctx.user,
      now: ctx.now(),
      today: writeToday(ctx),
      argv: ctx.argv,
      onBytes: progress ? (bytes) => progress.update(bytes) : undefined,
    });
  } finally {
    progress?.stop();
  }
}

export async function runImport(opts: ImportCommandOptions, ctx: Ctx): Promise<void> {
  // bad usage before the database is opened or anything is read
  const spec = importSpec(opts.entity);
  if (opts.force && !spec.plan) throw new UsageError(t('usage.forceNotPlan', spec.name));
  if (opts.force && opts.note === undefined) throw new UsageError(t('usage.forceNeedsNote'));
  // options that do not apply are refused, not silently dropped
  if (opts.note !== undefined && !spec.plan) throw new UsageError(t('usage.noteNotPlan', spec.name));
  if (opts.sheet !== undefined && path.extname(opts.file).toLowerCase() !== '.xlsx') throw new UsageError(t('usage.sheetNotXlsx', path.basename(opts.file)));
  headerRowOption(opts.headerRow);
  matchOption(opts.match);
  if (opts.errors !== undefined) checkErrorsFile(opts.errors, ctx.dbPath, opts.file);
  protectInput(opts.file);
  // a dry run's change set is described while the database is open: rows it refers to are named by their codes
  const { summary, changeLines } = await withDb(ctx.dbPath, opts.dryRun ? 'preview' : 'write', async (db) => {
    const s = await importWithProgress(db, opts, ctx);
    return { summary: s, changeLines: s.dryRun && s.tables ? changeSetLines(s.tables, s.preview, db) : [] };
  });
  if (ctx.verbose) sayVerbose(ctx, summary);
  for (const w of summary.warnings) say(ctx, t('import.warning', w));
  if (summary.refused.length > 0) {
    for (const p of summary.refused) say(ctx, formatProblem({ ...p, file: path.basename(summary.file) }));
    throw new RefusedError(t('import.pastCells', summary.refused.length));
  }
  const problemCount = summary.problems.length + summary.moreProblems;
  const otherLines = summary.rejectedLines.length;
  if (opts.errors && problemCount === 0) {
    // a cron job's errors file is rewritten every night: an old list must not stay behind
    await writeProblems(opts.errors, []);
  }
  if (opts.errors && problemCount > 0) {
    // every rejected row in file order: the problems and the good lines rejected with their document
    const rows = [...summary.problems, ...summary.rejectedLines].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    await writeProblems(opts.errors, rows);
    say(ctx, t('import.wroteProblems', summary.problems.length, otherLines, opts.errors));
  }
  if (problemCount > 0 && !opts.skipInvalid) {
    throw new ValidationError(
      summary.problems,
      t('import.problemsIn', problemCount, summary.file),
      summary.moreProblems,
    );
  }
  if (problemCount > 0) {
    for (const p of summary.problems.slice(0, 50)) say(ctx, formatProblem(p));
    if (problemCount > 50) say(ctx, t('import.moreProblems', problemCount - 50, Boolean(opts.errors)));
    if (otherLines > 0 && !opts.errors) say(ctx, t('import.otherLines', otherLines));
  }
  if (opts.json) {
    const { problems, rejectedLines, aboveHeader, nameMappings, resolvedByName, ...rest } = summary;
    ctx.stdout.write(`${JSON.stringify({ ...rest, resolved_by_name: resolvedByName, problems: problems.length + summary.moreProblems }, null, 2)}\n`);
  } else if (summary.rows === 0) {
    ctx.stdout.write(`${t('import.onlyHeader', summary.entity)}\n`);
  } else {
    ctx.stdout.write(`${[summaryLine(summary), ...changeLines].join('\n')}\n`);
  }
  if (problemCount > 0) {
    // --skip-invalid: exit 4 when valid rows went in, exit 2 when every row was rejected
    if (summary.inserted + summary.updated + summary.unchanged === 0) {
      throw new ValidationError([], t('import.everyRowRejected', summary.file));
    }
    throw new PartlyImported(t('import.partly', summary.rejected, summary.dryRun));
  }
}
