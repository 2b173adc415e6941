// `crm undo OP [--dry-run] [--cascade]` (SPEC §7).
import { t } from '../i18n/index.js';
import { say, type Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { undoOperations } from '../db/undo.js';
import { changeSetLines, PREVIEW_ROWS, tableChanges } from './changeSet.js';
import { operationNumber } from './history.js';

export async function runUndo(opText: string, opts: { dryRun?: boolean; cascade?: boolean; json?: boolean }, ctx: Ctx): Promise<void> {
  const id = operationNumber(opText);
  const { result, changeLines } = await withDb(ctx.dbPath, opts.dryRun ? 'preview' : 'write', async (db) => {
    const r = undoOperations(db, id, {
      cascade: Boolean(opts.cascade),
      dryRun: Boolean(opts.dryRun),
      meta: { argv: ctx.argv, user: ctx.user, startedAt: ctx.now().toISOString() },
      previewRows: opts.dryRun && ctx.verbose ? PREVIEW_ROWS : undefined,
    });
    // a dry run's rows are described while the database is open (with -v: each row)
    return { result: r, changeLines: r.undone.map((u) => (u.preview ? changeSetLines(u.tables, u.preview, db).slice(1) : [])) };
  });
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ dry_run: result.dryRun, undone: result.undone }, null, 2)}\n`);
    return;
  }
  if (result.undone.length > 1) say(ctx, t('undo.several', result.dryRun, result.undone.length, result.undone.map((u) => u.op).join(', ')));
  // a chain is redone from its first undo with --cascade: that takes the later undos back first
  const chainFirst = result.undone.length > 1 ? result.undone[0]!.undo : undefined;
  for (const [i, u] of result.undone.entries()) {
    const lines = [t('undo.line', result.dryRun, u.op, u.undo, chainFirst, tableChanges(u.tables)), ...changeLines[i]!];
    ctx.stdout.write(`${lines.join('\n')}\n`);
  }
}
