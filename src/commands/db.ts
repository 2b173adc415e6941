// `crm db …`: maintenance of the database file itself: rebuild-summaries, check, info.
import path from 'node:path';
import { say, type Ctx } from '../context.js';
import fs from 'node:fs';
import { CrmError, UsageError } from '../errors.js';
import { checkDatabase, databaseInfo } from '../db/check.js';
import { databaseError, openDb, withDb } from '../db/connection.js';
import { assertEmpty, copyDatabase, removeNewFile } from '../db/copy.js';
import { rebuildSummaries } from '../db/salesSummary.js';
import { bytesDisplay, localTime } from '../io/locale.js';
import { outputTable } from '../io/render/index.js';
import { plural } from '../util/plural.js';
import { t } from '../i18n/index.js';

export async function runRebuildSummaries(opts: { check: boolean; json: boolean }, ctx: Ctx): Promise<void> {
  const result = await withDb(ctx.dbPath, opts.check ? 'preview' : 'write', async (db) => rebuildSummaries(db, opts.check));
  if (opts.json) {
    const { groupRows, clientRows, clientGroupRows, productMonthRows, differed } = result;
    const tables = { sales_summary: groupRows, sales_summary_client: clientRows, sales_summary_client_group: clientGroupRows, product_month_sales: productMonthRows };
    ctx.stdout.write(`${JSON.stringify({ checked: opts.check, group_rows: groupRows, client_rows: clientRows, client_group_rows: clientGroupRows, product_month_rows: productMonthRows, tables, differed })}\n`);
  } else {
    say(ctx, t('db.summaries', opts.check, result, result.differed));
  }
  if (opts.check && result.differed > 0) throw new CrmError('the sales summaries differ from the shipments: run "crm db rebuild-summaries" to repair them');
}

export async function runDbCheck(opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const checks = await withDb(ctx.dbPath, 'read', async (db) => checkDatabase(db));
  const problems = checks.reduce((n, c) => n + c.findings.length, 0);
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ database: ctx.dbPath, ok: problems === 0, checks: checks.map((c) => ({ check: c.name, ok: c.findings.length === 0, detail: c.detail, findings: c.findings })) }, null, 2)}\n`);
  } else {
    for (const c of checks) {
      ctx.stdout.write(`${c.findings.length === 0 ? 'ok     ' : 'FAILED '} ${c.name}: ${c.detail}\n`);
      for (const f of c.findings) ctx.stdout.write(`          ${f}\n`);
    }
  }
  const failed = checks.filter((c) => c.findings.length > 0).map((c) => c.name);
  if (failed.length > 0) throw new CrmError(`db check: ${ctx.dbPath} failed ${plural(failed.length, 'check')} (${failed.join(', ')}); see the findings above`);
  if (!opts.json) say(ctx, `db check: ${ctx.dbPath} passed ${plural(checks.length, 'check')}`);
}

export async function runDbInfo(opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const info = await withDb(ctx.dbPath, 'read', async (db) => databaseInfo(db), { olderSchema: true });
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return;
  }
  const c = info.contents;
  const op = c.lastOperation;
  const version =
    info.schemaVersion === info.knownSchemaVersion ? 'current' : info.schemaVersion < info.knownSchemaVersion ? `older than this crm's ${info.knownSchemaVersion}: crm init migrates it` : `newer than this crm's ${info.knownSchemaVersion}`;
  const lines = [
    `file: ${/^postgres(ql)?:\/\//i.test(info.file) ? info.file : path.resolve(info.file)}`,
    `schema version: ${info.schemaVersion} (${version})${info.markedAsCrm ? '' : ', not marked as crm\'s yet'}`,
    `size: ${bytesDisplay(info.fileBytes + info.walBytes)} (file ${bytesDisplay(info.fileBytes)}, -wal ${bytesDisplay(info.walBytes)}); journal mode: ${info.journalMode}`,
    `pages: ${info.pageCount.toLocaleString('en-US')} of ${bytesDisplay(info.pageSize)}, ${info.freePages.toLocaleString('en-US')} free`,
    `operations: ${info.operations.toLocaleString('en-US')}; journal: ${plural(info.journalRows, 'row')}, ${plural(info.journalRanges, 'range')} of inserted rows`,
    `last operation: ${op ? `${op.id}, ${op.command} by ${op.user}, ${localTime(op.finished_at ?? op.started_at)}` : 'none yet'}`,
    '',
  ];
  ctx.stdout.write(lines.join('\n'));
  const names = Object.keys(c.tables).sort();
  const shown = names.filter((t) => c.tables[t]! > 0);
  await outputTable(
    { name: 'tables', columns: [{ key: 'table', header: 'table', kind: 'text' }, { key: 'rows', header: 'rows', kind: 'int' }], rows: shown.map((t) => ({ table: t, rows: c.tables[t]! })) },
    {},
    ctx,
  );
  if (names.length > shown.length) ctx.stdout.write(`(${plural(names.length - shown.length, 'empty table')} not shown)\n`);
}

const isUrl = (target: string) => /^postgres(ql)?:\/\//i.test(target);

export async function runDbCopy(from: string, to: string, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const same = isUrl(from) || isUrl(to) ? from === to : path.resolve(from) === path.resolve(to);
  if (same) throw new UsageError(`crm db copy: FROM and TO are the same database (${to})`);
  if (!isUrl(to) && fs.existsSync(to)) throw new UsageError(`${to} already exists: crm db copy writes a new file (or an empty PostgreSQL database); nothing was written`);
  const started = Date.now();
  const tables = await withDb(from, 'read', async (source) => {
    let target;
    try {
      target = openDb(to, 'create');
    } catch (error) {
      throw databaseError(to, error);
    }
    try {
      if (!target.init?.created) assertEmpty(target, to);
      return copyDatabase(source, target, ctx.verbose ? (table, rows) => say(ctx, `  ${table}: ${rows.toLocaleString('en-US')} rows`) : undefined);
    } catch (error) {
      target.close();
      target = undefined;
      if (!isUrl(to)) removeNewFile(to); // ours, and not whole: leave nothing
      throw databaseError(to, error);
    } finally {
      target?.close();
    }
  });
  const rows = tables.reduce((n, t) => n + t.rows, 0);
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ from, to, rows, tables }, null, 2)}\n`);
  } else {
    await outputTable(
      {
        name: 'copied',
        columns: [
          { key: 'table', header: 'table', kind: 'text' },
          { key: 'rows', header: 'rows', kind: 'int' },
          { key: 'checksum', header: 'sha-256 (both sides)', kind: 'text' },
        ],
        rows: tables.map((t) => ({ table: t.table, rows: t.rows, checksum: t.checksum.slice(0, 16) })),
      },
      {},
      ctx,
    );
  }
  say(ctx, `copied ${plural(rows, 'row')} of ${plural(tables.length, 'table')} from ${from} to ${to} in ${((Date.now() - started) / 1000).toFixed(1)} s: counts and checksums agree`);
}
