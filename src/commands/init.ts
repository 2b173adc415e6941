import fs from 'node:fs';
import { say, type Ctx } from '../context.js';
import { knownSchemaVersion, openDb } from '../db/connection.js';

export async function runInit(ctx: Ctx): Promise<void> {
  const existed = fs.existsSync(ctx.dbPath);
  const db = openDb(ctx.dbPath, { create: true });
  db.close();
  say(ctx, existed ? `${ctx.dbPath}: schema is at version ${knownSchemaVersion()}` : `created ${ctx.dbPath} (schema version ${knownSchemaVersion()})`);
}
