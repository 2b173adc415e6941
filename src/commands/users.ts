// `crm users add|list|edit|disable|explain` (SPEC §8): crm's users as PostgreSQL roles, the
// rights of src/db/rightsPolicy.ts. On SQLite there are no users: exit 2 saying so.
import { say, type Ctx } from '../context.js';
import { t } from '../i18n/index.js';
import { UsageError } from '../errors.js';
import { withDb } from '../db/connection.js';
import { isPostgresUrl } from '../db/pg/open.js';
import { addUser, disableUser, editUser, explainRight, listUsers, type CrmUser } from '../db/rights.js';
import { ROLES } from '../db/rightsPolicy.js';

function needServer(ctx: Ctx): void {
  if (!isPostgresUrl(ctx.dbPath)) {
    throw new UsageError(t('db.usersNeedServer', ctx.dbPath));
  }
}

/** The password: the first line of stdin, never echoed or logged. */
async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (password === '') throw new UsageError(t('db.usersNoPassword'));
  return password;
}

const describe = (u: CrmUser) => `${u.login} (${u.role}${u.manager ? `, manager ${u.manager}` : ''}${u.active ? '' : ', disabled'})`;

export async function runUsersAdd(login: string, opts: { role?: string; manager?: string; passwordStdin?: boolean }, ctx: Ctx): Promise<void> {
  needServer(ctx);
  if (opts.role === undefined) throw new UsageError(t('db.usersNeedRole', login, ROLES.join(' | ')));
  const password = opts.passwordStdin ? await readPassword() : undefined;
  const user = await withDb(ctx.dbPath, 'write', async (db) => addUser(db, { login, role: opts.role!, manager: opts.manager, password }));
  say(ctx, t('db.usersAdded', describe(user), login, password !== undefined));
}

export async function runUsersEdit(login: string, opts: { role?: string; manager?: string; passwordStdin?: boolean; enable?: boolean }, ctx: Ctx): Promise<void> {
  needServer(ctx);
  if (opts.role === undefined && opts.manager === undefined && !opts.passwordStdin && !opts.enable) {
    throw new UsageError(t('db.usersEditWhat'));
  }
  const password = opts.passwordStdin ? await readPassword() : undefined;
  const user = await withDb(ctx.dbPath, 'write', async (db) => editUser(db, login, { role: opts.role, manager: opts.manager, password, enable: opts.enable }));
  say(ctx, t('db.usersChanged', describe(user), password !== undefined));
}

export async function runUsersDisable(login: string, ctx: Ctx): Promise<void> {
  needServer(ctx);
  const user = await withDb(ctx.dbPath, 'write', async (db) => disableUser(db, login));
  say(ctx, t('db.usersDisabled', user.login));
}

export async function runUsersList(opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  needServer(ctx);
  const users = await withDb(ctx.dbPath, 'read', async (db) => listUsers(db));
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
    return;
  }
  if (users.length === 0) {
    say(ctx, t('db.usersNone'));
    return;
  }
  const width = Math.max(5, ...users.map((u) => u.login.length));
  const [loginH, roleH, managerH, statusH] = t('db.usersHeader').split('|') as [string, string, string, string];
  const w = (text: string, n: number) => text.padEnd(n);
  ctx.stdout.write(`${w(loginH, width)}  ${w(roleH, 9)}  ${w(managerH, 7)}  ${statusH}\n`);
  for (const u of users) ctx.stdout.write(`${w(u.login, width)}  ${w(u.role, 9)}  ${w(u.manager ?? '', 7)}  ${t('db.usersStatus', u.active)}\n`);
}

export async function runUsersExplain(login: string, entity: string, key: string, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  needServer(ctx);
  const e = await withDb(ctx.dbPath, 'read', async (db) => explainRight(db, login, entity, key));
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(e, null, 2)}\n`);
    return;
  }
  ctx.stdout.write(`${t('db.explainWho', e.login, e.role, e.manager, entity, key)}\n`);
  ctx.stdout.write(`${t('db.explainRead', e.read.allowed, e.read.rule)}\n`);
  ctx.stdout.write(`${t('db.explainChange', e.change.allowed, e.change.rule)}\n`);
  if (e.hidden.length > 0 && e.read.allowed) ctx.stdout.write(`${t('db.explainHidden', e.hidden, e.table)}\n`);
}
