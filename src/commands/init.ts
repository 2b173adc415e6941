import { t } from '../i18n/index.js';
import { say, type Ctx } from '../context.js';
import { knownSchemaVersion, openDb } from '../db/connection.js';

/** Create the database, or migrate an older crm database forward (the only command that does). */
export async function runInit(ctx: Ctx): Promise<void> {
  const db = openDb(ctx.dbPath, 'create');
  db.close();
  const known = knownSchemaVersion();
  const { created, from } = db.init!;
  if (created) say(ctx, t('init.created', ctx.dbPath, known));
  else if (from < known) say(ctx, t('init.migrated', ctx.dbPath, from, known));
  else say(ctx, t('init.current', ctx.dbPath, known));
}
