// `crm undo OP [--dry-run] [--cascade]` (SPEC §7).
import { say, type Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { undoOperations } from '../db/undo.js';
import { plural } from '../util/plural.js';
import { tableChanges } from './changeSet.js';
import { operationNumber } from './history.js';

export async function runUndo(opText: string, opts: { dryRun?: boolean; cascade?: boolean; json?: boolean }, ctx: Ctx): Promise<void> {
  const id = operationNumber(opText);
  const result = await withDb(ctx.dbPath, opts.dryRun ? 'preview' : 'write', async (db) =>
    undoOperations(db, id, {
      cascade: Boolean(opts.cascade),
      dryRun: Boolean(opts.dryRun),
      meta: { argv: ctx.argv, user: ctx.user, startedAt: ctx.now().toISOString() },
    }),
  );
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ dry_run: result.dryRun, undone: result.undone }, null, 2)}\n`);
    return;
  }
  if (result.undone.length > 1) say(ctx, `${result.dryRun ? 'would undo' : 'undoing'} ${plural(result.undone.length, 'operation')}, newest first: ${result.undone.map((u) => u.op).join(', ')}`);
  for (const u of result.undone) {
    const as = u.undo === undefined ? '' : ` as operation ${u.undo} (crm undo ${u.undo} redoes it)`;
    ctx.stdout.write(`${result.dryRun ? 'dry run, nothing written: would undo' : 'undid'} operation ${u.op}${as}: ${tableChanges(u.tables)}\n`);
  }
}
