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
import { lang, t } from '../i18n/index.js';
import { sizeRu } from '../i18n/areas/backups.js';
import type { TableColumn } from '../io/table.js';

export async function runRebuildSummaries(opts: { check: boolean; json: boolean }, ctx: Ctx): Promise<void> {
  const result = await withDb(ctx.dbPath, opts.check ? 'preview' : 'write', async (db) => rebuildSummaries(db, opts.check));
  if (opts.json) {
    const { groupRows, clientRows, clientGroupRows, productMonthRows, stageMoveRows, stageMovesDiffered, differed } = result;
    const tables = { sales_summary: groupRows, sales_summary_client: clientRows, sales_summary_client_group: clientGroupRows, product_month_sales: productMonthRows, deal_stage_moves: stageMoveRows };
    ctx.stdout.write(`${JSON.stringify({ checked: opts.check, group_rows: groupRows, client_rows: clientRows, client_group_rows: clientGroupRows, product_month_rows: productMonthRows, tables, differed, stage_moves_differed: stageMovesDiffered })}\n`);
  } else {
    say(ctx, t('db.summaries', opts.check, result, result.differed));
    // the funnel's derived stage moves (a company without deals has none: nothing said)
    if (result.stageMoveRows + result.stageMovesDiffered > 0) say(ctx, t('db.stageMoves', opts.check, result.stageMoveRows, result.stageMovesDiffered));
  }
  if (opts.check && result.differed > 0) throw new CrmError(t('db.summariesDiffer'));
  if (opts.check && result.stageMovesDiffered > 0) throw new CrmError(t('db.stageMovesDiffer'));
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
  if (failed.length > 0) throw new CrmError(t('db.checkFailed', ctx.dbPath, failed));
  if (!opts.json) say(ctx, t('db.checkPassed', ctx.dbPath, checks.length));
}

/** A size in the words of the run: `7.1 MB`, in Russian `7,1 МБ`. */
const sizeShown = (size: string) => (lang() === 'ru' ? sizeRu(size) : size);

export async function runDbInfo(opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const info = await withDb(ctx.dbPath, 'read', async (db) => databaseInfo(db), { olderSchema: true });
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return;
  }
  const c = info.contents;
  const op = c.lastOperation;
  const schemaLine = t('db.infoSchema', info.schemaVersion, info.knownSchemaVersion, info.markedAsCrm);
  const server = info.server;
  const lines = [
    ...(server
      ? [
          t('db.infoServer', server.version, `${server.host}:${server.port}`, server.database, server.user),
          schemaLine,
          t('db.infoServerSize', bytesDisplay(server.databaseBytes), bytesDisplay(server.tablesBytes)),
        ]
      : [
          t('backups.infoFile', path.resolve(info.file)),
          schemaLine,
          t('backups.infoSize', bytesDisplay(info.fileBytes + info.walBytes), bytesDisplay(info.fileBytes), bytesDisplay(info.walBytes), info.journalMode),
          t('backups.infoPages', info.pageCount, bytesDisplay(info.pageSize), info.freePages),
        ]),
    t('db.infoOperations', info.operations, info.journalRows, info.journalRanges),
    t('db.infoLast', op ? t('backups.operation', op.id, op.command, op.user, localTime(op.finished_at ?? op.started_at), null) : undefined),
    '',
  ];
  ctx.stdout.write(lines.join('\n'));
  const names = Object.keys(c.tables).sort();
  const shown = names.filter((t) => c.tables[t]! > 0);
  // on a server each table's size with its indexes (what a DBA asks first); a file's pages are shared
  const columns: TableColumn[] = [{ key: 'table', header: t('backups.columnTable'), kind: 'text' }, { key: 'rows', header: t('backups.columnRows'), kind: 'int' }];
  if (server) columns.push({ key: 'size', header: t('backups.columnSize'), kind: 'text' });
  await outputTable(
    { name: 'tables', columns, rows: shown.map((name) => ({ table: name, rows: c.tables[name]!, size: server ? sizeShown(bytesDisplay(server.tableBytes[name] ?? 0)) : null })) },
    {},
    ctx,
  );
  if (names.length > shown.length) ctx.stdout.write(`${t('db.infoEmptyTables', names.length - shown.length)}\n`);
}

const isUrl = (target: string) => /^postgres(ql)?:\/\//i.test(target);

export async function runDbCopy(from: string, to: string, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const same = isUrl(from) || isUrl(to) ? from === to : path.resolve(from) === path.resolve(to);
  if (same) throw new UsageError(t('db.copySame', to));
  if (!isUrl(to) && fs.existsSync(to)) throw new UsageError(t('db.copyExists', to));
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
  say(ctx, t('db.copied', rows, tables.length, from, to, ((Date.now() - started) / 1000).toFixed(1)));
}
