import fs from 'node:fs';
import path from 'node:path';
import { say, type Ctx } from '../context.js';
import { withDb, type Db } from '../db/connection.js';
import { UsageError, ValidationError, type Problem } from '../errors.js';
import { importFile, importSpec, type ImportSummary } from '../import/importer.js';
import { startProgress } from '../io/progress.js';
import { outputTable } from '../io/render/index.js';
import type { Table } from '../io/table.js';

export interface ImportCommandOptions {
  entity: string;
  file: string;
  sheet?: string;
  encoding?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  errors?: string;
  allowDuplicates?: boolean;
  note?: string;
  json?: boolean;
}

/** `--errors FILE`: every problem as a sheet the user can filter and fix from. */
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
  if (path.extname(file).toLowerCase() === '.json') throw new UsageError('--errors: write the problems to .xlsx or .csv');
  await outputTable(table, { output: file }, { stdout: process.stdout, color: false });
}

export function summaryLine(s: ImportSummary): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const unit = s.documents ? 'documents' : s.entity.startsWith('plan-') ? 'plan cells' : 'records';
  const changes = `${fmt(s.inserted)} inserted, ${fmt(s.updated)} updated, ${fmt(s.unchanged)} unchanged`;
  const version = s.planVersion !== undefined ? `; new plan version ${s.planVersion}` : '';
  return `${s.dryRun ? 'dry run, nothing written: ' : ''}${s.entity}: ${fmt(s.rows)} rows; ${unit}: ${changes}; ${fmt(s.rejected)} rows rejected${version}`;
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
      dryRun: opts.dryRun,
      skipInvalid: opts.skipInvalid,
      allowDuplicates: opts.allowDuplicates,
      note: opts.note,
      user: ctx.user,
      now: ctx.now(),
      onBytes: progress ? (bytes) => progress.update(bytes) : undefined,
    });
  } finally {
    progress?.stop();
  }
}

export async function runImport(opts: ImportCommandOptions, ctx: Ctx): Promise<void> {
  importSpec(opts.entity); // a mistyped entity is bad usage before the database is touched
  const summary = await withDb(ctx.dbPath, 'write', (db) => importWithProgress(db, opts, ctx));
  for (const w of summary.warnings) say(ctx, `warning: ${w}`);
  const problemCount = summary.problems.length + summary.moreProblems;
  if (opts.errors && problemCount > 0) {
    await writeProblems(opts.errors, summary.problems);
    say(ctx, `wrote ${summary.problems.length} problems to ${opts.errors}`);
  }
  if (problemCount > 0 && !opts.skipInvalid) {
    throw new ValidationError(
      summary.problems,
      `${problemCount} problem${problemCount === 1 ? '' : 's'} in ${summary.file}: nothing was written (fix them, or use --skip-invalid to import the valid rows)`,
      summary.moreProblems,
    );
  }
  if (problemCount > 0) {
    const { formatProblem } = await import('../errors.js');
    for (const p of summary.problems.slice(0, 50)) say(ctx, formatProblem(p));
    if (problemCount > 50) say(ctx, `… and ${problemCount - 50} more${opts.errors ? '' : ' (write them all with --errors FILE)'}`);
  }
  if (opts.json) {
    const { problems, ...rest } = summary;
    ctx.stdout.write(`${JSON.stringify({ ...rest, problems: problems.length + summary.moreProblems }, null, 2)}\n`);
  } else if (summary.rows === 0) {
    ctx.stdout.write(`${summary.entity}: the file has only a header: nothing to import\n`);
  } else {
    ctx.stdout.write(`${summaryLine(summary)}\n`);
  }
}
