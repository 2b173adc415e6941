import { say, type Ctx } from '../context.js';
import { knownSchemaVersion, openDb } from '../db/connection.js';

/** Create the database, or migrate an older crm database forward (the only command that does). */
export async function runInit(ctx: Ctx): Promise<void> {
  const db = openDb(ctx.dbPath, 'create');
  db.close();
  const known = knownSchemaVersion();
  const { created, from } = db.init!;
  if (created) say(ctx, `created ${ctx.dbPath} (schema version ${known})`);
  else if (from < known) say(ctx, `${ctx.dbPath}: migrated from schema version ${from} to ${known}`);
  else say(ctx, `${ctx.dbPath}: schema is at version ${known}`);
}
