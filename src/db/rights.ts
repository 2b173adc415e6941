// Users and rights on a PostgreSQL server (SPEC §8, docs/postgresql.md "Users and rights"):
// the policy of src/db/rightsPolicy.ts compiled to group roles, GRANTs and row-level security
// policies; crm's users as LOGIN roles in those groups; `crm users explain`. The server
// enforces the rights: crm asks it, never filters rows itself. SQLite has no users.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { RefusedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { sq, type Db } from './handle.js';
import { isPostgres, type Sqlite } from './sqlite.js';
import { PgDatabase, WRITE_LOCK_KEY } from './pg/facade.js';
import { BUSY_TIMEOUT_MS } from './sqlite.js';
import { ENTITY_TABLES, POLICY, ROLES, rightsOn, type Role, type RowRule } from './rightsPolicy.js';
import { summarySyncFunctionsSql } from './summaryTables.js';

/** Tables every role reads: crm's own bookkeeping of the schema. */
const SCHEMA_TABLES = ['crm_meta', '__drizzle_migrations', 'sqlite_master'];

export function onServer(db: Db): boolean {
  return sq(db) instanceof PgDatabase;
}

function server(db: Db): PgDatabase {
  const pg = sq(db);
  if (!(pg instanceof PgDatabase)) throw new UsageError(t('db.usersNeedServerDb'));
  return pg;
}

type Row = Record<string, unknown>;
function rows(pg: PgDatabase, sql: string, params: unknown[] = []): Row[] {
  return (pg.connection.request({ type: 'query', sql, params, array: false }).rows ?? []) as Row[];
}
function exec(pg: PgDatabase, sql: string): void {
  pg.connection.request({ type: 'exec', sql });
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The group role of `role` in this database: roles are the server's, so each database has its own groups. */
function groupName(database: string, role: Role): string {
  return `${database}_${role}`;
}

/** A row rule as the condition of a policy: the user is the server's current_user. */
function policyCondition(rule: RowRule): string {
  // a sub-select: evaluated once per statement (an InitPlan), not once per row the rule looks at
  return rule.sql.replace(/:manager/g, '(SELECT crm_manager_id(current_user::text))').replace(/:login/g, 'current_user::text');
}

/** The functions and tables the rights stand on; created by crm init with the schema. */
function supportSql(schema: string): string {
  const path = `SET search_path = ${ident(schema)}`;
  const summary = (table: string, key: string[]) => {
    const measures = ['amount', 'qty', 'cost', 'lines', 'orders'];
    const type: Record<string, string> = { month: 'text', qty: 'double precision' };
    const cols = [...key, ...measures];
    return `CREATE OR REPLACE FUNCTION crm_add_${table}(${cols.map((c) => `p_${c} ${type[c] ?? 'bigint'}`).join(', ')}) RETURNS void
  LANGUAGE sql SECURITY DEFINER ${path} AS $f$
  INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `p_${c}`).join(', ')})
  ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${measures.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(', ')} $f$;
CREATE OR REPLACE FUNCTION crm_prune_${table}() RETURNS void LANGUAGE sql SECURITY DEFINER ${path} AS $f$ DELETE FROM ${table} WHERE lines = 0 $f$;`;
  };
  return `
CREATE TABLE IF NOT EXISTS crm_users (login text COLLATE "C" PRIMARY KEY, role text COLLATE "C" NOT NULL, manager_code text COLLATE "C", disabled bigint NOT NULL DEFAULT 0);
CREATE OR REPLACE FUNCTION crm_user_role(login text) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER ${path}
  AS $f$ SELECT u.role FROM crm_users u WHERE u.login = $1 $f$;
CREATE OR REPLACE FUNCTION crm_manager_id(login text) RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER ${path}
  AS $f$ SELECT m.id FROM crm_users u JOIN managers m ON m.code = u.manager_code WHERE u.login = $1 $f$;
-- the operation's user is the server's current_user for every user crm added (SPEC §8)
CREATE OR REPLACE FUNCTION crm_stamp_user() RETURNS trigger LANGUAGE plpgsql
  AS $f$ BEGIN IF crm_user_role(current_user::text) IS NOT NULL THEN NEW."user" := current_user::text; END IF; RETURN NEW; END $f$;
CREATE OR REPLACE FUNCTION crm_stamp_author() RETURNS trigger LANGUAGE plpgsql
  AS $f$ BEGIN IF crm_user_role(current_user::text) IS NOT NULL THEN NEW.author := current_user::text; END IF; RETURN NEW; END $f$;
DROP TRIGGER IF EXISTS crm_stamp_user ON operations;
CREATE TRIGGER crm_stamp_user BEFORE INSERT ON operations FOR EACH ROW EXECUTE FUNCTION crm_stamp_user();
DROP TRIGGER IF EXISTS crm_stamp_user ON plan_runs;
CREATE TRIGGER crm_stamp_user BEFORE INSERT ON plan_runs FOR EACH ROW EXECUTE FUNCTION crm_stamp_user();
DROP TRIGGER IF EXISTS crm_stamp_author ON plan_versions;
CREATE TRIGGER crm_stamp_author BEFORE INSERT ON plan_versions FOR EACH ROW EXECUTE FUNCTION crm_stamp_author();
-- the sales summaries are kept by every writer, but read by a manager only through the rules:
-- the writes go through these functions (src/db/dialect/pg.ts), the tables stay closed
${summary('sales_summary', ['month', 'group_id'])}
${summary('sales_summary_client', ['month', 'client_id', 'manager_id'])}
${summary('sales_summary_client_group', ['month', 'client_id', 'group_id'])}
-- for the users who may not add to them (SUMMARY_WRITERS): the rows a write touched, recomputed from the shipments
${summarySyncFunctionsSql(path)}
`;
}

/** The GRANTs and policies of one database: the policy compiled. */
export function compileRights(database: string, tables: string[], columnsOf: (table: string) => string[]): string {
  const out: string[] = [];
  const rowTables = new Set<string>();
  for (const r of ROLES) {
    const g = ident(groupName(database, r));
    for (const t of SCHEMA_TABLES) out.push(`GRANT SELECT ON ${ident(t)} TO ${g}`);
    for (const t of tables) {
      const rights = rightsOn(r, t);
      if (rights.hidden?.length) {
        const shown = columnsOf(t).filter((c) => !rights.hidden!.includes(c));
        out.push(`GRANT SELECT (${shown.map(ident).join(', ')}) ON ${ident(t)} TO ${g}`);
      } else if (rights.read) out.push(`GRANT SELECT ON ${ident(t)} TO ${g}`);
      if (rights.write) out.push(`GRANT INSERT, UPDATE, DELETE ON ${ident(t)} TO ${g}`);
      if (rights.rows) rowTables.add(t);
    }
    if (POLICY[r].admin) out.push(`GRANT ALL ON crm_users TO ${g}`);
  }
  for (const t of tables.filter((x) => rowTables.has(x))) {
    out.push(`ALTER TABLE ${ident(t)} ENABLE ROW LEVEL SECURITY`);
    for (const r of ROLES) {
      const rights = rightsOn(r, t);
      const name = ident(`crm_${r}`);
      out.push(`DROP POLICY IF EXISTS ${name} ON ${ident(t)}`);
      if (!rights.read && !rights.write) continue;
      const condition = rights.rows ? policyCondition(rights.rows) : 'true';
      out.push(
        rights.write
          ? `CREATE POLICY ${name} ON ${ident(t)} TO ${ident(groupName(database, r))} USING (${condition}) WITH CHECK (${condition})`
          : `CREATE POLICY ${name} ON ${ident(t)} FOR SELECT TO ${ident(groupName(database, r))} USING (${condition})`,
      );
    }
  }
  return out.join(';\n');
}

/** pg_advisory_lock key of the installs of rights (crm init, crm users …) on one database: "crm2". */
const INSTALL_LOCK_KEY = 0x63726d32;
/** How long an install waits for another to end: one takes seconds, on a busy server tens of them. */
const INSTALL_WAIT_MS = Number(process.env.CRM_INSTALL_TIMEOUT_MS ?? 60_000);

function busy(pg: PgDatabase, waitedMs: number): RefusedError {
  let database = '?';
  try {
    database = String(rows(pg, 'SELECT current_database() AS d')[0]!.d);
  } catch {
    // the transaction is aborted: the name is only for the message
  }
  return new RefusedError(t('db.rightsBusy', database, waitedMs / 1000));
}

/**
 * Run `fn` (crm init's schema and rights, a change of users) as the only install on this
 * database: two at once changed the same catalog rows (PostgreSQL: "tuple concurrently
 * updated", a duplicate key, a deadlock). The next one waits up to CRM_INSTALL_TIMEOUT_MS, then
 * exit 3. A session lock: released here, or with the connection when crm stops.
 */
export function withInstallLock<T>(pg: PgDatabase, fn: () => T): T {
  try {
    exec(pg, `SET lock_timeout = '${INSTALL_WAIT_MS}ms'; SELECT pg_advisory_lock(${INSTALL_LOCK_KEY}); RESET lock_timeout`);
  } catch (error) {
    if ((error as { sqlstate?: string }).sqlstate === '55P03') throw busy(pg, INSTALL_WAIT_MS);
    throw error;
  }
  try {
    return fn();
  } finally {
    try {
      exec(pg, `SELECT pg_advisory_unlock(${INSTALL_LOCK_KEY})`);
    } catch {
      // an aborted transaction: the lock goes with the connection, which the error closes
    }
  }
}

/** Whether the connected user may create roles (CREATEROLE or superuser). */
function mayCreateRoles(pg: PgDatabase): boolean {
  return rows(pg, 'SELECT rolsuper OR rolcreaterole AS may FROM pg_roles WHERE rolname = current_user')[0]?.may === 1;
}

/** Whether the connected user owns crm's tables (made the database with crm init) or is a superuser. */
function ownsSchema(pg: PgDatabase): boolean {
  return (
    rows(pg, "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) OR pg_has_role(current_user, c.relowner, 'USAGE') AS owns FROM pg_class c WHERE c.relname = 'operations' AND c.relnamespace = current_schema()::regnamespace")[0]?.owns === 1
  );
}

/** The roles that write the sales summaries with crm_add_… (the others' writes recompute the rows they touch: crm_sync_…). */
const SUMMARY_KEYS: Record<string, number> = { sales_summary: 2, sales_summary_client: 3, sales_summary_client_group: 3 };
export const SUMMARY_WRITERS: readonly Role[] = ROLES.filter((r) => Object.keys(SUMMARY_KEYS).every((t) => rightsOn(r, t).write));
const SUMMARY_ADDERS = Object.entries(SUMMARY_KEYS).map(([t, keys]) => `crm_add_${t}(text, ${'bigint, '.repeat(keys - 1)}bigint, double precision, bigint, bigint, bigint)`);

/**
 * Create or refresh the rights of the database: crm_users, the functions, and — where the
 * connected user may create roles — the four group roles with their GRANTs and policies.
 * Run by crm init (as the schema's owner) and when users change; one transaction.
 */
export function installRights(pg: PgDatabase): { groups: boolean } {
  const schema = String(rows(pg, 'SELECT current_schema() AS s')[0]!.s);
  const database = String(rows(pg, 'SELECT current_database() AS d')[0]!.d);
  const tables = (rows(pg, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") as { name: string }[]).map((r) => r.name);
  const columns = new Map<string, string[]>();
  for (const r of rows(pg, 'SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY ordinal_position') as { t: string; c: string }[]) {
    columns.set(r.t, [...(columns.get(r.t) ?? []), r.c]);
  }
  const groups = mayCreateRoles(pg);
  const script = [supportSql(schema)];
  if (groups) {
    for (const r of ROLES) {
      const g = groupName(database, r);
      script.push(`DO $d$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(g)}) THEN CREATE ROLE ${ident(g)} NOLOGIN; END IF; END $d$`);
    }
    const all = ROLES.map((r) => ident(groupName(database, r))).join(', ');
    script.push(`REVOKE ALL ON ALL TABLES IN SCHEMA ${ident(schema)} FROM ${all}`);
    // a dry run puts the id sequences back where they were (pg/facade.ts): every writer needs them
    script.push(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${ident(schema)} TO ${all}`);
    // crm's functions (the summaries' writers among them) are for crm's users, not every login of the server
    script.push(`REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA ${ident(schema)} FROM PUBLIC`, `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${ident(schema)} TO ${all}`);
    // the summaries' adders trust the numbers they are given: only for the roles that may write the summaries anyway
    const others = ROLES.filter((r) => !SUMMARY_WRITERS.includes(r)).map((r) => ident(groupName(database, r)));
    if (others.length > 0) script.push(`REVOKE EXECUTE ON FUNCTION ${SUMMARY_ADDERS.map((f) => `${ident(schema)}.${f}`).join(', ')} FROM ${others.join(', ')}`);
    script.push(compileRights(database, tables, (t) => columns.get(t) ?? []));
  }
  // the policies and triggers change crm's tables: no writer may be in the middle of a write
  // (and an install of another crm on the same database waits, even when called without withInstallLock)
  try {
    exec(
      pg,
      `BEGIN; SET LOCAL lock_timeout = '${BUSY_TIMEOUT_MS}ms'; SELECT pg_advisory_xact_lock(${INSTALL_LOCK_KEY}); SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY});
       ${script.join(';\n')}; COMMIT`,
    );
  } catch (error) {
    if (pg.connection.txStatus !== 'I') exec(pg, 'ROLLBACK');
    if ((error as { sqlstate?: string }).sqlstate === '55P03') throw busy(pg, BUSY_TIMEOUT_MS);
    throw error;
  }
  return { groups };
}

/** crm init on an existing database: refresh the rights when the connected user owns the schema. */
export function refreshRights(pg: PgDatabase): void {
  if (ownsSchema(pg)) installRights(pg);
}

// ---------------------------------------------------------------------------------------
// users

export interface CrmUser {
  login: string;
  role: Role;
  manager: string | null;
  active: boolean;
}

const LOGIN = /^[a-z_][a-z0-9_]{0,62}$/;

function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(t('db.usersUnknownRole', role, ROLES.join(', ')));
  return role as Role;
}

/** The password as the server keeps it (SCRAM-SHA-256, RFC 5803): the password itself never goes to the server, its logs or the SQL text. */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** The user may create roles, and the database has crm's groups (refreshed here when the user owns it). */
function prepareUserChange(pg: PgDatabase, what: string): string {
  const me = String(rows(pg, 'SELECT current_user AS u')[0]!.u);
  if (!mayCreateRoles(pg)) {
    throw new RefusedError(t('db.usersNeedCreateRole', what, me));
  }
  if (ownsSchema(pg)) installRights(pg);
  const database = String(rows(pg, 'SELECT current_database() AS d')[0]!.d);
  const missing = ROLES.filter((r) => rows(pg, 'SELECT 1 FROM pg_roles WHERE rolname = $1', [groupName(database, r)]).length === 0);
  if (missing.length > 0) throw new RefusedError(t('db.usersNoRights'));
  return database;
}

function findUser(pg: PgDatabase, login: string): CrmUser | undefined {
  const r = rows(pg, 'SELECT u.login, u.role, u.manager_code, r.rolcanlogin AS can FROM crm_users u LEFT JOIN pg_roles r ON r.rolname = u.login WHERE u.login = $1', [login])[0];
  return r ? { login: String(r.login), role: r.role as Role, manager: (r.manager_code as string | null) ?? null, active: r.can === 1 } : undefined;
}

function checkManager(pg: PgDatabase, role: Role, manager: string | undefined): string | null {
  if (role === 'manager' && manager === undefined) throw new UsageError(t('db.usersNeedManager'));
  if (role !== 'manager' && manager !== undefined) throw new UsageError(t('db.usersManagerOnly', role));
  if (manager !== undefined && rows(pg, 'SELECT 1 FROM managers WHERE code = $1', [manager]).length === 0) throw new UsageError(t('db.usersNoManager', manager));
  return manager ?? null;
}

export function listUsers(db: Db): CrmUser[] {
  const pg = server(db);
  return (rows(pg, 'SELECT login FROM crm_users ORDER BY login') as { login: string }[]).map((r) => findUser(pg, r.login)!);
}

export function addUser(db: Db, u: { login: string; role: string; manager?: string; password?: string }): CrmUser {
  const pg = server(db);
  if (!LOGIN.test(u.login)) throw new UsageError(t('db.usersBadLogin', u.login));
  const role = checkRole(u.role);
  return withInstallLock(pg, () => addUserLocked(pg, u, role));
}

function addUserLocked(pg: PgDatabase, u: { login: string; manager?: string; password?: string }, role: Role): CrmUser {
  const database = prepareUserChange(pg, 'add');
  const manager = checkManager(pg, role, u.manager);
  if (rows(pg, 'SELECT 1 FROM pg_roles WHERE rolname = $1', [u.login]).length > 0) {
    throw new UsageError(t('db.usersRoleExists', u.login));
  }
  const password = u.password === undefined ? '' : ` PASSWORD ${literal(scramVerifier(u.password))}`;
  exec(
    pg,
    `BEGIN; CREATE ROLE ${ident(u.login)} LOGIN${POLICY[role].admin ? ' CREATEROLE' : ''}${password} IN ROLE ${ident(groupName(database, role))};
     INSERT INTO crm_users (login, role, manager_code) VALUES (${literal(u.login)}, ${literal(role)}, ${manager === null ? 'NULL' : literal(manager)}); COMMIT`,
  );
  return findUser(pg, u.login)!;
}

export function editUser(db: Db, login: string, change: { role?: string; manager?: string; password?: string; enable?: boolean }): CrmUser {
  const pg = server(db);
  return withInstallLock(pg, () => editUserLocked(pg, login, change));
}

function editUserLocked(pg: PgDatabase, login: string, change: { role?: string; manager?: string; password?: string; enable?: boolean }): CrmUser {
  const database = prepareUserChange(pg, 'edit');
  const user = findUser(pg, login);
  if (!user) throw new UsageError(t('db.usersNoUser', login));
  const role = change.role === undefined ? user.role : checkRole(change.role);
  const manager = role === 'manager' ? checkManager(pg, role, change.manager ?? user.manager ?? undefined) : checkManager(pg, role, change.manager);
  const steps: string[] = [];
  if (role !== user.role) {
    steps.push(`REVOKE ${ident(groupName(database, user.role))} FROM ${ident(login)}`, `GRANT ${ident(groupName(database, role))} TO ${ident(login)}`);
    steps.push(`ALTER ROLE ${ident(login)} ${POLICY[role].admin ? 'CREATEROLE' : 'NOCREATEROLE'}`);
  }
  if (change.password !== undefined) steps.push(`ALTER ROLE ${ident(login)} PASSWORD ${literal(scramVerifier(change.password))}`);
  if (change.enable) steps.push(`ALTER ROLE ${ident(login)} LOGIN`, `UPDATE crm_users SET disabled = 0 WHERE login = ${literal(login)}`);
  steps.push(`UPDATE crm_users SET role = ${literal(role)}, manager_code = ${manager === null ? 'NULL' : literal(manager)} WHERE login = ${literal(login)}`);
  exec(pg, `BEGIN; ${steps.join(';\n')}; COMMIT`);
  return findUser(pg, login)!;
}

/** The user can no longer log in; the record of what they did stays (their operations keep their name). */
export function disableUser(db: Db, login: string): CrmUser {
  const pg = server(db);
  return withInstallLock(pg, () => {
    prepareUserChange(pg, 'disable');
    if (!findUser(pg, login)) throw new UsageError(t('db.usersNoUser', login));
    exec(pg, `BEGIN; ALTER ROLE ${ident(login)} NOLOGIN; UPDATE crm_users SET disabled = 1 WHERE login = ${literal(login)}; COMMIT`);
    return findUser(pg, login)!;
  });
}

// ---------------------------------------------------------------------------------------
// what the rights mean for a command

/** The role of the connected user when crm added it; undefined for anyone else (the owner, SQLite). */
/**
 * Whether this connection writes under crm's rights (a user crm added, not the schema's owner):
 * then the summaries are written through crm's functions, one row at a time, never by COPY
 * into tables the user may not read (src/db/salesSummary.ts).
 */
export function writesUnderRights(sqlite: Sqlite): boolean {
  if (!isPostgres(sqlite)) return false;
  return sqlite.prepare('SELECT crm_user_role(CAST(current_user AS text))').pluck().get() != null;
}

function currentRole(db: Db): Role | undefined {
  if (!onServer(db)) return undefined;
  const role = rows(server(db), 'SELECT crm_user_role(current_user::text) AS r')[0]?.r;
  return (role as Role | null) ?? undefined;
}

/** The columns of `table` the user may not read (column GRANTs); none on SQLite or for a schema owner. */
export function unreadableColumns(db: Db, table: string): string[] {
  if (!onServer(db)) return [];
  const pg = server(db);
  const found = rows(
    pg,
    // pg_attribute, not information_schema.columns: that one lists only the columns the user may read
    `SELECT a.attname::text AS c FROM pg_attribute a
     WHERE a.attrelid = to_regclass(format('%I.%I', current_schema(), $1::text)) AND a.attnum > 0 AND NOT a.attisdropped
       AND NOT has_column_privilege(a.attrelid, a.attnum, 'SELECT')
     ORDER BY a.attnum`,
    [table],
  );
  return found.map((r) => String(r.c));
}

/** `--force` on frozen plan months is the admin's (SPEC §5, §8); on SQLite and for the schema's owner it is the user's own. */
export function mayForcePlans(db: Db): boolean {
  const role = currentRole(db);
  return role === undefined || POLICY[role].admin;
}

/**
 * Whether the server shows this user only some of the shipments: then a summary that has no
 * client (the group summary) cannot answer, and the reports read the shipments (src/db/salesQueries.ts).
 */
export function rowsFiltered(db: Db): boolean {
  const role = currentRole(db);
  return role !== undefined && rightsOn(role, 'shipments').rows !== undefined;
}

// ---------------------------------------------------------------------------------------
// crm users explain LOGIN ENTITY KEY

export interface Right {
  allowed: boolean;
  /** The rule that decides it. */
  rule: string;
}

export interface Explanation {
  login: string;
  role: Role;
  manager: string | null;
  table: string;
  key: string;
  read: Right;
  change: Right;
  hidden: string[];
}

export function explainRight(db: Db, login: string, entity: string, key: string): Explanation {
  const pg = server(db);
  const user = findUser(pg, login);
  if (!user) throw new UsageError(t('db.usersNoUser', login));
  const table = ENTITY_TABLES[entity] ?? entity;
  const known = rows(pg, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1", [table]).length > 0;
  if (!known || SCHEMA_TABLES.includes(table)) throw new UsageError(t('usage.explainUnknown', entity));
  if (rows(pg, "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'id'", [table]).length === 0) {
    throw new UsageError(t('usage.explainNoRecords', entity));
  }
  const keyColumn = String(
    rows(
      pg,
      `SELECT a.attname::text AS c FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
       WHERE k.conrelid = $1::regclass AND k.contype = 'u' AND array_length(k.conkey, 1) = 1 ORDER BY k.conname LIMIT 1`,
      [table],
    )[0]?.c ?? 'id',
  );
  const found = rows(pg, `SELECT id FROM ${ident(table)} WHERE ${ident(keyColumn)}::text = $1`, [key])[0];
  if (!found) throw new UsageError(t('usage.explainNoRecord', entity, key));
  const rights = rightsOn(user.role, table);
  const managerId = user.manager === null ? null : rows(pg, 'SELECT id FROM managers WHERE code = $1', [user.manager])[0]?.id ?? null;
  let rowsMatch = true;
  let ruleText = `the ${user.role} role ${rights.write ? 'reads and changes' : rights.read ? 'reads' : 'has no rights on'} every row of ${table}`;
  if (rights.rows) {
    const params: unknown[] = [found.id];
    const condition = rights.rows.sql.replace(/:manager|:login/g, (name) => `$${params.push(name === ':manager' ? managerId : login)}::${name === ':manager' ? 'bigint' : 'text'}`);
    rowsMatch = rows(pg, `SELECT (${condition}) AS ok FROM ${ident(table)} WHERE id = $1`, params)[0]?.ok === 1;
    ruleText = `rule "${rights.rows.name}" of the ${user.role} role: ${rights.rows.says}${user.manager ? ` (${user.manager})` : ''}${rowsMatch ? '' : ' — not so for this record'}`;
  }
  const right = (granted: boolean, what: string): Right => ({ allowed: granted && rowsMatch, rule: granted ? ruleText : `the ${user.role} role may not ${what} ${table}` });
  return {
    login,
    role: user.role,
    manager: user.manager,
    table,
    key,
    read: right(rights.read, 'read'),
    change: right(rights.write, 'change'),
    hidden: rights.hidden ?? [],
  };
}

/**
 * Whether this user's writes keep the sales summaries by crm_sync_… (the touched rows
 * recomputed on the server) because the server refuses it crm_add_… (src/db/salesSummary.ts).
 */
export function summariesBySync(sqlite: Sqlite): boolean {
  const adder = "to_regprocedure('crm_add_sales_summary(text, bigint, bigint, double precision, bigint, bigint, bigint)')";
  return (
    sqlite
      .prepare(`SELECT CASE WHEN ${adder} IS NOT NULL AND NOT has_function_privilege(${adder}, 'EXECUTE') AND to_regprocedure('crm_sync_sales_summary(text)') IS NOT NULL THEN 1 ELSE 0 END`)
      .pluck()
      .get() === 1
  );
}
