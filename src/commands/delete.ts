// `crm delete ENTITY KEY…` (SPEC §7): documents by number, master data by code; an
// operation like any other, so `crm undo` brings them back.
import type { Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { deleteRecords } from '../db/delete.js';
import { UsageError } from '../errors.js';
import { ENTITY_NAMES, entitySpec } from '../model/entities.js';
import { singular } from '../util/plural.js';
import { changeSetLines, PREVIEW_ROWS } from './changeSet.js';
import { unknownName } from '../util/suggest.js';
import { t } from '../i18n/index.js';

export async function runDelete(entity: string, keys: string[], opts: { dryRun?: boolean; json?: boolean }, ctx: Ctx): Promise<void> {
  const spec = entitySpec(entity);
  if (!spec) throw new UsageError(unknownName('unknown entity', entity, ENTITY_NAMES));
  if (spec.plan) throw new UsageError(t('master.deletePlan', spec.name));
  if (spec.key.length > 1) throw new UsageError(t('master.deleteNoKey', spec.name));
  if (keys.length === 0) throw new UsageError(t('master.deleteWhich', spec.name, spec.key[0]!));
  const { out, changeLines } = await withDb(ctx.dbPath, opts.dryRun ? 'preview' : 'write', async (db) => {
    const meta = { argv: ctx.argv, user: ctx.user, startedAt: ctx.now().toISOString() };
    const o = await deleteRecords(db, spec, [...new Set(keys)], meta, { dryRun: Boolean(opts.dryRun), previewRows: opts.dryRun && ctx.verbose ? PREVIEW_ROWS : undefined });
    return { out: o, changeLines: opts.dryRun ? changeSetLines(o.tables, o.preview, db) : [] };
  });
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ dry_run: Boolean(opts.dryRun), deleted: out.result, operation: out.operation ?? null, tables: out.tables }, null, 2)}\n`);
    return;
  }
  if (opts.dryRun) ctx.stdout.write(`${[t('master.wouldDelete', out.result, singular(spec.name), spec.name), ...changeLines].join('\n')}\n`);
  else ctx.stdout.write(`${t('master.deleted', out.result, singular(spec.name), spec.name, out.operation!)}\n`);
}
