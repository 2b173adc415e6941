// Opening a crm database on a PostgreSQL server (SPEC §8): `--db postgres://USER@HOST/DB`.
// The same modes as an SQLite file (src/db/connection.ts): `read` sees one REPEATABLE READ
// snapshot and never writes; `write` and `preview` need crm's schema at this crm's version;
// `create` (crm init) creates the schema from drizzle-pg/schema.sql in an empty database.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CrmError, RefusedError, UsageError } from '../../errors.js';
import { makeDb, type Db } from '../handle.js';
import { PgDatabase, redact } from './facade.js';

/** `postgres://…` or `postgresql://…`: a PostgreSQL server rather than an SQLite file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** drizzle-pg/schema.sql next to dist/ (bundle) or src/ (tests). */
export function pgSchemaFile(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'drizzle-pg', 'schema.sql');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('drizzle-pg/schema.sql not found next to the crm installation');
}

/** The schema's functions and views that make SQLite's SQL text run: not generated from the tables. */
export const PG_SUPPORT_SQL = `
CREATE TABLE crm_meta (key text COLLATE "C" PRIMARY KEY, value text COLLATE "C" NOT NULL);
-- julianday(): SQLite's Julian day number (a fraction of a day from noon), for ISO dates and times
CREATE FUNCTION julianday(t text) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT extract(epoch FROM t::timestamp)::double precision / 86400.0 + 2440587.5 $$;
-- json_extract(doc, '$.a.b'): the value as text (crm compares it with text keys)
CREATE FUNCTION json_extract(doc text, path text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT doc::jsonb #>> string_to_array(substr(path, 3), '.') $$;
CREATE FUNCTION json_valid(doc text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT
  AS $$ BEGIN PERFORM doc::json; RETURN true; EXCEPTION WHEN others THEN RETURN false; END $$;
-- crm's tables as SQLite's catalog lists them (crm_meta is no table of the data, like user_version)
CREATE VIEW sqlite_master AS
  SELECT 'table'::text COLLATE "C" AS type, c.relname::text COLLATE "C" AS name, c.relname::text COLLATE "C" AS tbl_name
  FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace AND c.relname <> 'crm_meta';
`;

/** What the server said, as crm's refusals: one line, no stack. */
export function pgOpenError(url: string, error: unknown): unknown {
  if (error instanceof CrmError) return error;
  const e = error as { code?: string; message?: string };
  const where = redact(url);
  const message = e?.message ?? String(error);
  if (e?.code === '3D000') return new UsageError(`${message} on the PostgreSQL server of ${where}: create the database first (createdb), then crm init --db ${where}`);
  if (e?.code === '28P01' || e?.code === '28000') return new RefusedError(`PostgreSQL refused the login for ${where}: ${message}`);
  if (e?.code === '42501') return new RefusedError(`PostgreSQL refused: ${message}; nothing was written`);
  if (e?.code === '55P03') return new RefusedError(`the database ${where} is locked by another writer; waited, nothing was written`);
  if (e?.code === '40001' || e?.code === '40P01') return new RefusedError(`another writer changed the same rows of ${where} at the same time (${message}); nothing was written, run the command again`);
  if (e?.code === '53100') return new RefusedError(`the PostgreSQL server of ${where} is out of disk space: nothing was written`);
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ENOENT|connect/i.test(message) && !e?.code?.match(/^[0-9A-Z]{5}$/)) {
    return new RefusedError(`cannot connect to the PostgreSQL server of ${where}: ${message}`);
  }
  return error;
}

export interface PgOpenChecks {
  known: number;
  checkVersion(file: string, version: number, mode: 'read' | 'write' | 'create' | 'preview'): number;
}

/** Open `url` in `mode`; `create` makes crm's schema in an empty database. */
export function openPostgres(url: string, mode: 'read' | 'write' | 'create' | 'preview', checks: PgOpenChecks, olderSchema = false): Db {
  const where = redact(url);
  let pg: PgDatabase | undefined;
  try {
    pg = new PgDatabase(url, { readonly: mode === 'read' });
    const hasMeta = (pg.prepare("SELECT COUNT(*) FROM pg_class WHERE relname = 'crm_meta' AND relnamespace = current_schema()::regnamespace").pluck().get() as number) > 0;
    if (!hasMeta) {
      if (mode !== 'create') throw new UsageError(`no crm database at ${where} — create it with crm init --db ${where}`);
      const tables = pg.prepare("SELECT COUNT(*) FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace").pluck().get() as number;
      if (tables > 0) throw new UsageError(`${where} holds another application's tables, not a crm database: pass an empty database to crm init`);
      const schema = fs.readFileSync(pgSchemaFile(), 'utf8');
      pg.connection.request({
        type: 'exec',
        sql: `BEGIN; ${schema}\n${PG_SUPPORT_SQL}\nINSERT INTO crm_meta (key, value) VALUES ('schema_version', '${checks.known}'); COMMIT`,
      });
      return makeDb(where, pg, { created: true, from: 0 });
    }
    const version = Number(pg.pragma('user_version', { simple: true }));
    checks.checkVersion(where, version, olderSchema ? 'create' : mode);
    if (mode === 'create' && version < checks.known) {
      throw new RefusedError(`${where} has schema version ${version}: crm cannot migrate a PostgreSQL database forward yet (docs/postgresql.md); nothing was written`);
    }
    return makeDb(where, pg, mode === 'create' ? { created: false, from: version } : undefined);
  } catch (error) {
    pg?.close();
    throw pgOpenError(url, error);
  }
}
