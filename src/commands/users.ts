// `crm users add|list|edit|disable|explain` (SPEC §8): crm's users as PostgreSQL roles, the
// rights of src/db/rightsPolicy.ts. On SQLite there are no users: exit 2 saying so.
import { say, type Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import { withDb } from '../db/connection.js';
import { isPostgresUrl } from '../db/pg/open.js';
import { addUser, disableUser, editUser, explainRight, listUsers, type CrmUser } from '../db/rights.js';
import { ROLES } from '../db/rightsPolicy.js';

function needServer(ctx: Ctx): void {
  if (!isPostgresUrl(ctx.dbPath)) {
    throw new UsageError(`users and rights need PostgreSQL: ${ctx.dbPath} is an SQLite file, which is one user's (docs/postgresql.md, "Users and rights"); use --db postgres://…`);
  }
}

/** The password: the first line of stdin, never echoed or logged. */
async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (password === '') throw new UsageError('--password-stdin: no password on stdin (echo it from a secret store: … | crm users add LOGIN --password-stdin)');
  return password;
}

const describe = (u: CrmUser) => `${u.login} (${u.role}${u.manager ? `, manager ${u.manager}` : ''}${u.active ? '' : ', disabled'})`;

export async function runUsersAdd(login: string, opts: { role?: string; manager?: string; passwordStdin?: boolean }, ctx: Ctx): Promise<void> {
  needServer(ctx);
  if (opts.role === undefined) throw new UsageError(`crm users add ${login} needs --role: ${ROLES.join(' | ')}`);
  const password = opts.passwordStdin ? await readPassword() : undefined;
  const user = await withDb(ctx.dbPath, 'write', async (db) => addUser(db, { login, role: opts.role!, manager: opts.manager, password }));
  say(ctx, `added ${describe(user)}: logs in as postgres://${login}:PASSWORD@HOST/DB${password === undefined ? ' once it has a password (crm users edit LOGIN --password-stdin)' : ''}`);
}

export async function runUsersEdit(login: string, opts: { role?: string; manager?: string; passwordStdin?: boolean; enable?: boolean }, ctx: Ctx): Promise<void> {
  needServer(ctx);
  if (opts.role === undefined && opts.manager === undefined && !opts.passwordStdin && !opts.enable) {
    throw new UsageError('crm users edit: say what changes (--role, --manager, --password-stdin, --enable)');
  }
  const password = opts.passwordStdin ? await readPassword() : undefined;
  const user = await withDb(ctx.dbPath, 'write', async (db) => editUser(db, login, { role: opts.role, manager: opts.manager, password, enable: opts.enable }));
  say(ctx, `changed ${describe(user)}${password === undefined ? '' : ', new password set'}`);
}

export async function runUsersDisable(login: string, ctx: Ctx): Promise<void> {
  needServer(ctx);
  const user = await withDb(ctx.dbPath, 'write', async (db) => disableUser(db, login));
  say(ctx, `disabled ${user.login}: it can no longer log in; its operations keep its name (crm users edit ${user.login} --enable lets it in again)`);
}

export async function runUsersList(opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  needServer(ctx);
  const users = await withDb(ctx.dbPath, 'read', async (db) => listUsers(db));
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
    return;
  }
  if (users.length === 0) {
    say(ctx, 'no users yet: crm users add LOGIN --role admin|analyst|manager|warehouse');
    return;
  }
  const width = Math.max(5, ...users.map((u) => u.login.length));
  ctx.stdout.write(`${'login'.padEnd(width)}  role       manager  status\n`);
  for (const u of users) ctx.stdout.write(`${u.login.padEnd(width)}  ${u.role.padEnd(9)}  ${(u.manager ?? '').padEnd(7)}  ${u.active ? 'active' : 'disabled'}\n`);
}

export async function runUsersExplain(login: string, entity: string, key: string, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  needServer(ctx);
  const e = await withDb(ctx.dbPath, 'read', async (db) => explainRight(db, login, entity, key));
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(e, null, 2)}\n`);
    return;
  }
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  ctx.stdout.write(`${e.login} (${e.role}${e.manager ? `, manager ${e.manager}` : ''}) on ${entity} ${key}:\n`);
  ctx.stdout.write(`  read:   ${yes(e.read.allowed)} — ${e.read.rule}\n`);
  ctx.stdout.write(`  change: ${yes(e.change.allowed)} — ${e.change.rule}\n`);
  if (e.hidden.length > 0 && e.read.allowed) ctx.stdout.write(`  not shown: ${e.hidden.join(', ')} (money of ${e.table})\n`);
}
