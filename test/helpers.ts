// Real parts only: the built crm binary, real SQLite files in temp dirs, real csv/xlsx files.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Ctx } from '../src/context.js';
import { openDb } from '../src/db/connection.js';
import { sq } from '../src/db/handle.js';
import { PgConnection } from '../src/db/pg/connection.js';
import { clientConfig } from '../src/db/pg/config.js';
import pg from 'pg';

/**
 * The backend this run of the end-to-end tests uses (docs/testing.md): vitest's `postgres`
 * project (vitest.config.ts) runs the files of PG_E2E_FILES again with CRM_TEST_BACKEND=postgres,
 * and then companyDb / baseDb / copyDb / newDb give postgres:// URLs of scratch databases on
 * $CRM_TEST_PG, and query / dbFingerprint read them. The default is SQLite files.
 */
export const BACKEND: 'sqlite' | 'postgres' = process.env.CRM_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
/** This file runs on PostgreSQL: cases about SQLite files themselves skip with `it.skipIf(ON_PG)`. */
export const ON_PG = BACKEND === 'postgres';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const BIN = path.join(ROOT, 'bin', 'crm');
export const BASE = path.join(ROOT, 'test', 'fixtures', 'base');
export const BAD = path.join(ROOT, 'test', 'fixtures', 'bad');

/** Temp folders made by this test file; test/setup.ts removes them after the file, pass or fail. */
const created: string[] = [];

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-test-'));
  created.push(dir);
  return dir;
}

/** The server of the PostgreSQL runs: $CRM_TEST_PG, a database there the user may create databases from. */
const PG_ADMIN = process.env.CRM_TEST_PG ?? 'postgres:///postgres';
let admin: PgConnection | undefined;
const scratch: string[] = [];
let scratchCount = 0;

/** One statement on the admin database (synchronous: the helpers are); a busy template is retried a moment later. */
function adminExec(sql: string): void {
  admin ??= new PgConnection(PG_ADMIN);
  for (let attempt = 0; ; attempt++) {
    try {
      admin.request({ type: 'exec', sql });
      return;
    } catch (error) {
      // CREATE DATABASE … TEMPLATE t while the last crm on t is still saying goodbye
      if ((error as { sqlstate?: string }).sqlstate !== '55006' || attempt >= 50) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

function pgUrl(name: string): string {
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new PostgreSQL database (empty, or a copy of the database of `template`), dropped after the test file. */
export function scratchPgDb(template?: string): string {
  // CRM_TEST_PG_PREFIX: names of one's own on a server several people test on
  const name = `${process.env.CRM_TEST_PG_PREFIX ?? 'crm_e2e'}_${process.pid}_${++scratchCount}`;
  adminExec(`CREATE DATABASE ${name}${template ? ` TEMPLATE "${new URL(template).pathname.slice(1)}"` : ''}`);
  scratch.push(name);
  return pgUrl(name);
}

/**
 * test/setup.ts: the scratch databases of this file go with its temp folders, a few at once
 * (a DROP DATABASE takes a second or more on a busy server; a file may have made dozens).
 */
export async function removeScratchDatabases(): Promise<void> {
  admin?.close();
  admin = undefined;
  const all = scratch.splice(0);
  const names = [...all];
  const drop = async () => {
    const client = new pg.Client(clientConfig(PG_ADMIN));
    await client.connect();
    try {
      for (let name = names.pop(); name !== undefined; name = names.pop()) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, names.length) }, drop));
  if (all.length === 0) return;
  // crm init made each database's group roles, which belong to the server: they go too (else hundreds
  // pile up) — after every database, since a copy of a template database holds grants to the template's
  // roles; a role some other database still uses stays (best effort)
  const client = new pg.Client(clientConfig(PG_ADMIN));
  await client.connect();
  try {
    for (const name of all) {
      for (const role of ['admin', 'analyst', 'manager', 'warehouse']) await client.query(`DROP ROLE IF EXISTS "${name}_${role}"`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

/** Where a test's new database goes: `dir`/crm.db on SQLite, a new empty scratch database on PostgreSQL. */
export function newDb(dir = tempDir()): string {
  return ON_PG ? scratchPgDb() : path.join(dir, 'crm.db');
}

/**
 * A read-only connection with better-sqlite3's API (prepare → all / get / iterate, pluck, raw;
 * close) on an SQLite file or a postgres:// database: on PostgreSQL the SQL goes through crm's
 * dialect (sqlite_master and PRAGMA table_info included), so a test's dump works on both.
 */
export function openReader(db: string): Pick<Database.Database, 'prepare' | 'close'> {
  if (!db.startsWith('postgres')) return new Database(db, { readonly: true });
  const handle = openDb(db, 'read', { olderSchema: true });
  return { prepare: ((sql: string) => sq(handle).prepare(sql)) as unknown as Database.Database['prepare'], close: (() => handle.close()) as Database.Database['close'] };
}

/** `fn` with a reader of the database: an SQLite file, or (through crm's own dialect) a postgres:// database, one connection. */
function reading<T>(db: string, fn: (rows: (sql: string, params?: unknown[], raw?: boolean) => unknown[]) => T): T {
  if (!db.startsWith('postgres')) {
    const sqlite = new Database(db, { readonly: true });
    try {
      return fn((sql, params = [], raw = false) => {
        const stmt = sqlite.prepare(sql);
        return (raw ? stmt.raw() : stmt).all(...params);
      });
    } finally {
      sqlite.close();
    }
  }
  const handle = openDb(db, 'read', { olderSchema: true });
  try {
    return fn((sql, params = [], raw = false) => {
      const stmt = sq(handle).prepare(sql);
      return (raw ? stmt.raw() : stmt).all(...params);
    });
  } finally {
    handle.close();
  }
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) {
    // a test may have made a folder read-only to check refusals: give it back first
    try {
      fs.chmodSync(dir, 0o700);
    } catch {
      // already gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function crm(args: string[], options: { env?: Record<string, string>; cwd?: string; timeout?: number } = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', CRM_USER: 'tester', CRM_LANG: 'en', ...options.env },
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    // a year of order-profitability in JSON is over 1 MB, spawnSync's default buffer
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh database (SQLite or the backend under test) holding `crm demo`, with these settings set. */
export function demoCompany(settings: Record<string, string> = {}): string {
  const db = newDb();
  const run = crm(['--db', db, 'demo']);
  if (run.code !== 0) throw new Error(`crm demo: ${run.stderr}`);
  for (const [key, value] of Object.entries(settings)) {
    const set = crm(['--db', db, 'settings', 'set', key, value]);
    if (set.code !== 0) throw new Error(`settings set ${key}: ${set.stderr}`);
  }
  return db;
}

/** The small company's master data of the CRM and integrity tests: manager M1, group G, products P1 and P2, clients X (10 days' deferral) and Y, refusal reason R1. */
export const SMALL_MASTER: [string, string][] = [
    ['managers', 'code,name\nM1,Анна\n'],
    ['groups', 'code,name\nG,Товары\n'],
    ['products', 'sku,name,group_code,price,cost\nP1,Кабель,G,100,60\nP2,Лампа,G,100,60\n'],
    ['clients', 'code,name,manager_code,deferral_days\nX,Икс,M1,10\nY,Игрек,M1,0\n'],
    ['reasons', 'code,name\nR1,Дорого\n'],
];

/** crm on one database at a fixed --as-of: `run` any command; `ok` expects exit 0 (and no unexpected failure). */
export function crmAsOf(asOf: string): { run: (db: string, ...args: string[]) => Run; ok: (db: string, ...args: string[]) => Run } {
  const run = (db: string, ...args: string[]) => crm(['--db', db, '--as-of', asOf, ...args]);
  const ok = (db: string, ...args: string[]) => {
    const r = run(db, ...args);
    if (r.code !== 0 || r.stderr.includes('unexpected failure')) throw new Error(`crm ${args.join(' ')} → exit ${r.code}: ${r.stderr}`);
    return r;
  };
  return { run, ok };
}

/** The number of a database's latest operation. */
export const lastOperation = (db: string): number => Number(query<{ id: number }>(db, 'SELECT MAX(id) AS id FROM operations')[0]!.id);

/** A fingerprint of every row of every table: equal fingerprints = database unchanged. */
export function dbFingerprint(file: string): string {
  if (file.startsWith('postgres')) return pgFingerprint(file);
  const db = new Database(file, { readonly: true });
  try {
    const hash = createHash('sha256');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    for (const t of tables) {
      hash.update(t);
      for (const row of db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().iterate()) hash.update(JSON.stringify(row));
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

/**
 * PostgreSQL's: every table of the schema, rows sorted (no rowid; the order of a heap is not
 * the data). The id sequences are left out: a rolled-back insert advances them on PostgreSQL.
 */
function pgFingerprint(url: string): string {
  return reading(url, (rows) => {
    const hash = createHash('sha256');
    for (const [t] of rows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename", [], true) as string[][]) {
      hash.update(t!);
      for (const row of (rows(`SELECT * FROM "${t}"`, [], true) as unknown[][]).map((r) => JSON.stringify(r)).sort()) hash.update(row);
    }
    return hash.digest('hex');
  });
}

/** Rows of `sql` on the database (an SQLite file or a postgres:// URL: the SQL goes through crm's dialect). */
export function query<T = Record<string, unknown>>(file: string, sql: string, ...params: unknown[]): T[] {
  return reading(file, (rows) => rows(sql, params)) as T[];
}

/** A database with the small base company of test/fixtures/base (master data only). */
export function baseDb(dir = tempDir()): string {
  if (ON_PG) return scratchPgDb((baseTemplate ??= loadBase(scratchPgDb())));
  return loadBase(path.join(dir, 'crm.db'));
}
/** PostgreSQL: the base company is loaded once per test file, each baseDb() a copy of it (CREATE DATABASE … TEMPLATE). */
let baseTemplate: string | undefined;

/** `crm init` of `db` (an SQLite path or a postgres:// URL), then the small base company imported into it. */
export function loadBase(db: string): string {
  const init = crm(['--db', db, 'init']);
  if (init.code !== 0) throw new Error(`crm init failed: ${init.stderr}`);
  for (const [entity, file] of [
    ['managers', 'managers.csv'],
    ['groups', 'groups.csv'],
    ['suppliers', 'suppliers.csv'],
    ['products', 'products.csv'],
    ['clients', 'clients.csv'],
    ['reasons', 'reasons.csv'],
    ['orders', 'orders.csv'],
  ]) {
    const r = crm(['--db', db, 'import', entity!, path.join(BASE, file!)]);
    if (r.code !== 0) throw new Error(`base import of ${file} failed: ${r.stderr}`);
  }
  return db;
}

/** A copy of a prepared database in a new temp dir (each test gets its own). */
export function copyDb(template: string): { dir: string; db: string } {
  const dir = tempDir();
  if (template.startsWith('postgres')) return { dir, db: scratchPgDb(template) };
  const db = path.join(dir, 'crm.db');
  fs.copyFileSync(template, db);
  return { dir, db };
}

export function writeFile(dir: string, name: string, text: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

export async function writeXlsx(file: string, rows: unknown[][], options: { sheet?: string; numFmt?: Record<number, string> } = {}): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(options.sheet ?? 'Sheet1');
  for (const r of rows) ws.addRow(r);
  for (const [col, fmt] of Object.entries(options.numFmt ?? {})) ws.getColumn(Number(col)).numFmt = fmt;
  await wb.xlsx.writeFile(file);
  return file;
}

/** A command context for calling `runX(opts, ctx)` in-process: no TTY, output captured. */
export function testCtx(dbPath: string, overrides: Partial<Ctx> = {}): Ctx & { out(): string; err(): string } {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  return {
    dbPath,
    stdout: sink((t) => (out += t)),
    stderr: sink((t) => (err += t)),
    interactive: false,
    stderrTTY: false,
    color: false,
    yes: true,
    verbose: false,
    user: 'tester',
    asOf: '2026-11-27',
    now: () => new Date('2026-11-27T12:00:00Z'),
    argv: 'crm (test)',
    ...overrides,
    out: () => out,
    err: () => err,
  };
}

/**
 * The inverse of each committed migration (by schema version it brought), so a test can turn
 * a current database back into what an older crm left. A new migration adds its line here.
 */
export const UNDO_MIGRATION: Record<number, string> = {
  5: 'DROP TABLE sales_summary; DROP TABLE sales_summary_client;',
  6: `UPDATE plan_managers SET value = value / 100.0 WHERE indicator IN ('revenue', 'margin', 'avg_order', 'collected');
      ALTER TABLE suppliers DROP COLUMN inn;`,
  7: `DROP TABLE journal; DROP TABLE journal_ranges;
      ALTER TABLE clients DROP COLUMN active; ALTER TABLE suppliers DROP COLUMN active;
      ALTER TABLE operations DROP COLUMN kind; ALTER TABLE operations DROP COLUMN argv; ALTER TABLE operations DROP COLUMN source_sha256;
      ALTER TABLE operations DROP COLUMN finished_at; ALTER TABLE operations DROP COLUMN tables; ALTER TABLE operations DROP COLUMN undoes;
      ALTER TABLE operations DROP COLUMN undone_by;
      CREATE TABLE settings_old (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL); INSERT INTO settings_old SELECT key, value FROM settings;
      DROP TABLE settings; ALTER TABLE settings_old RENAME TO settings;`,
  8: `DROP TABLE negotiation_items; DROP TABLE negotiations; DROP TABLE negotiation_templates; DROP TABLE claims; DROP TABLE claim_causes;
      DROP TABLE deal_stage_events; DROP TABLE deals; DROP TABLE sales_stages; DROP TABLE interactions;`,
  9: `DROP TABLE prices; DROP TABLE deliveries; DROP TABLE commission_rules; DROP TABLE commission_payments;
      ALTER TABLE clients DROP COLUMN price_type;`,
  10: `CREATE TABLE plan_run_demand (run_id integer NOT NULL REFERENCES plan_runs(id) ON DELETE cascade, product_id integer NOT NULL REFERENCES products(id),
        group_id integer NOT NULL REFERENCES product_groups(id), month text NOT NULL, amount real NOT NULL, qty real NOT NULL);
      CREATE INDEX plan_run_demand_run ON plan_run_demand (run_id, product_id);
      CREATE TABLE plan_run_inventory (run_id integer NOT NULL REFERENCES plan_runs(id) ON DELETE cascade, product_id integer NOT NULL REFERENCES products(id),
        month text NOT NULL, opening real NOT NULL, scheduled real NOT NULL, planned real NOT NULL, demand real NOT NULL, closing real NOT NULL,
        min_stock real NOT NULL, need real NOT NULL, closing_value real NOT NULL);
      CREATE INDEX plan_run_inventory_run ON plan_run_inventory (run_id, product_id);
      CREATE TABLE plan_run_purchases (run_id integer NOT NULL REFERENCES plan_runs(id) ON DELETE cascade, product_id integer NOT NULL REFERENCES products(id),
        supplier_id integer REFERENCES suppliers(id), receipt_month text NOT NULL, order_date text NOT NULL, qty real NOT NULL, amount real NOT NULL, late integer NOT NULL);
      CREATE INDEX plan_run_purchases_run ON plan_run_purchases (run_id, product_id);
      CREATE TABLE plan_run_traces (run_id integer NOT NULL REFERENCES plan_runs(id) ON DELETE cascade, product_id integer NOT NULL REFERENCES products(id),
        trace text NOT NULL, PRIMARY KEY (run_id, product_id));
      DROP TABLE plan_run_skus;`,
  11: 'DROP TABLE product_month_sales; DROP TABLE sales_summary_client_group;',
  12: 'DROP TABLE deal_stage_moves;',
  13: 'DROP INDEX plan_min_stock_cover; DROP INDEX shipments_date; CREATE INDEX shipments_date ON shipments (date);',
};

/** Make `file` (a current crm database) what the crm of schema `version` left: older tables, older marks. */
export function downgradeDb(file: string, version: number): void {
  const raw = new Database(file);
  try {
    // the migrations applied, whatever user_version says (a test may have changed it)
    const current = raw.prepare('SELECT COUNT(*) FROM __drizzle_migrations').pluck().get() as number;
    for (let v = current; v > version; v--) {
      const undo = UNDO_MIGRATION[v];
      if (undo === undefined) throw new Error(`test/helpers.ts has no undo for schema version ${v}: add it to UNDO_MIGRATION`);
      raw.exec(undo);
      raw.exec('DELETE FROM __drizzle_migrations WHERE created_at = (SELECT MAX(created_at) FROM __drizzle_migrations)');
    }
    raw.pragma(`user_version = ${version}`);
    raw.pragma('application_id = 0'); // crm marked its files only from schema 5 on
  } finally {
    raw.close();
  }
}

/** A new database with a small company imported from CSV texts, in order (each through bin/crm). */
export function companyDb(files: [entity: string, csv: string][], asOf?: string): string {
  const dir = tempDir();
  const db = newDb(dir);
  const init = crm(['--db', db, 'init']);
  if (init.code !== 0) throw new Error(`init: ${init.stderr}`);
  for (const [entity, text] of files) {
    const run = crm(['--db', db, ...(asOf ? ['--as-of', asOf] : []), 'import', entity, writeFile(dir, `${entity}.csv`, text)]);
    if (run.code !== 0) throw new Error(`${entity}: ${run.stderr}`);
  }
  return db;
}
