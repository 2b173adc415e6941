// `crm db check` and `crm db info` (SPEC §7): what is in the file and whether it holds
// together. Both only read, in one read transaction: a check while another process
// imports sees one moment of the database, so the summaries and the shipments agree.
import fs from 'node:fs';
import { CRM_APPLICATION_ID, knownSchemaVersion } from './connection.js';
import { databaseContents, type Contents } from './backup.js';
import { sq, type Db } from './handle.js';
import { compareProductFacts } from './productFacts.js';
import { compareStageMoves } from './stageMoves.js';
import { compareSalesSummaries } from './salesSummary.js';
import { isPostgres, type Sqlite } from './sqlite.js';
import { JOURNALED } from './tables.js';
import { plural } from '../util/plural.js';
import { t } from '../i18n/index.js';
import { fold } from '../model/dealMoves.js';

export interface Check {
  /** integrity, foreign keys, schema, sales summaries, journal */
  name: string;
  /** What was checked, in a few words. */
  detail: string;
  /** What is wrong: empty when the check passed. */
  findings: string[];
}

/** Findings listed per check; the count says how many there were in all. */
const SHOWN = 20;

function readTransaction<T>(sqlite: Sqlite, fn: () => T): T {
  if (sqlite.inTransaction) return fn();
  sqlite.exec('BEGIN');
  try {
    return fn();
  } finally {
    sqlite.exec('COMMIT');
  }
}

function capped(findings: string[], total = findings.length): string[] {
  const shown = findings.slice(0, SHOWN);
  return total > shown.length ? [...shown, `… and ${total - shown.length} more`] : shown;
}

export function checkDatabase(db: Db): Check[] {
  const sqlite = sq(db);
  return readTransaction(sqlite, () => {
    const integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    const checks: Check[] = [
      {
        name: 'integrity',
        detail: isPostgres(sqlite) ? 'PostgreSQL keeps pages and indexes whole itself (amcheck is the DBA\'s)' : 'SQLite integrity check of every page, table and index',
        findings: integrity.length === 1 && integrity[0] === 'ok' ? [] : capped(integrity),
      },
    ];
    // a damaged file: the other checks would read damaged pages
    if (checks[0]!.findings.length > 0) return checks;
    checks.push(foreignKeys(sqlite), schema(sqlite), summaries(sqlite), productFacts(sqlite), stageMoves(sqlite), journal(sqlite), recordRules(sqlite));
    return checks;
  });
}

function foreignKeys(sqlite: Sqlite): Check {
  const rows = sqlite.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[];
  return {
    name: 'foreign keys',
    detail: 'every reference points at an existing row',
    findings: capped(rows.slice(0, SHOWN).map((r) => `${r.table} row ${r.rowid ?? '?'} refers to a ${r.parent} row that does not exist`), rows.length),
  };
}

function schema(sqlite: Sqlite): Check {
  const version = sqlite.pragma('user_version', { simple: true }) as number;
  const applicationId = sqlite.pragma('application_id', { simple: true }) as number;
  const migrations = sqlite.prepare('SELECT COUNT(*) FROM __drizzle_migrations').pluck().get() as number;
  const known = knownSchemaVersion();
  const findings: string[] = [];
  if (version !== known) findings.push(`schema version ${version}, this crm's is ${known}`);
  if (migrations !== version) findings.push(`${migrations} migrations applied, but the schema version says ${version}`);
  if (applicationId !== CRM_APPLICATION_ID) findings.push(`not marked as a crm database (application_id ${applicationId}): run crm init on it`);
  return { name: 'schema', detail: `schema version ${version} (this crm's: ${known}), marked as crm's`, findings };
}

function summaries(sqlite: Sqlite): Check {
  const result = compareSalesSummaries(sqlite);
  return {
    name: 'sales summaries',
    detail: `${plural(result.groupRows, 'month × group row')}, ${plural(result.clientRows, 'month × client row')} and ${plural(result.clientGroupRows, 'month × client × group row')} equal a full scan of the shipment lines`,
    findings: capped(
      result.samples.map(
        (d) =>
          `${d.table} ${Object.entries(d.key).map(([k, v]) => `${k} ${v}`).join(', ')}: ${d.kind === 'stored' ? 'differs from the shipment lines (or has none)' : 'missing (the shipment lines have it)'}`,
      ),
      result.differed,
    ).concat(result.differed > 0 ? ['run "crm db rebuild-summaries" to repair them'] : []),
  };
}

function productFacts(sqlite: Sqlite): Check {
  const result = compareProductFacts(sqlite);
  return {
    name: 'product facts',
    detail: `${plural(result.rows, 'SKU × month row')} of sales facts equal a full scan of the shipment lines`,
    findings: capped(
      result.samples.map((d) => `product_month_sales ${d.sku} ${d.month}: ${d.kind === 'stored' ? 'differs from the shipment lines (or has none)' : 'missing (the shipment lines have it)'}`),
      result.differed,
    ).concat(result.differed > 0 ? ['run "crm db rebuild-summaries" to repair them'] : []),
  };
}

function stageMoves(sqlite: Sqlite): Check {
  const result = compareStageMoves(sqlite);
  return {
    name: 'deal stage moves',
    detail: `${plural(result.rows, 'row')} of deal_stage_moves (the funnel's) equal a full scan of the deal stage changes`,
    findings: capped(
      result.samples.map((d) => `deal_stage_moves ${d.dealNo} ${d.date}: ${d.kind === 'stored' ? 'differs from the deal stage changes (or has none)' : 'missing (the deal has that stage change)'}`),
      result.differed,
    ).concat(result.differed > 0 ? ['run "crm db rebuild-summaries" to repair them'] : []),
  };
}

interface OperationRow {
  id: number;
  finished_at: string | null;
  tables: string | null;
  undoes: number | null;
  undone_by: number | null;
  journaled: number;
}

/** The operations and their journal (SPEC §7): every entry names an existing operation, undo links point both ways. */
function journal(sqlite: Sqlite): Check {
  const findings: string[] = [];
  let total = 0;
  const add = (rows: string[], count = rows.length) => {
    findings.push(...rows);
    total += count;
  };
  const listed = <T>(sql: string, describe: (row: T) => string): void => {
    const count = sqlite.prepare(`SELECT COUNT(*) FROM (${sql}) listed`).pluck().get() as number;
    if (count > 0) add((sqlite.prepare(`${sql} LIMIT ${SHOWN}`).all() as T[]).map(describe), count);
  };
  const journaledTables = Object.keys(JOURNALED).map((t) => `'${t}'`).join(', ');
  for (const table of ['journal', 'journal_ranges']) {
    listed<{ id: number; op_id: number }>(
      `SELECT t.id, t.op_id FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM operations o WHERE o.id = t.op_id) ORDER BY t.id`,
      (r) => `${table} row ${r.id} names operation ${r.op_id}, which does not exist`,
    );
    listed<{ id: number; tbl: string }>(
      `SELECT id, tbl FROM ${table} WHERE tbl NOT IN (${journaledTables}) ORDER BY id`,
      (r) => `${table} row ${r.id} names table ${r.tbl}, which crm does not journal`,
    );
  }
  listed<{ id: number; action: string }>(
    `SELECT id, action FROM journal WHERE action NOT IN ('insert', 'update', 'delete') ORDER BY id`,
    (r) => `journal row ${r.id}: unknown action ${JSON.stringify(r.action)}`,
  );
  listed<{ id: number; action: string }>(
    `SELECT id, action FROM journal WHERE action IN ('update', 'delete') AND (before IS NULL OR NOT json_valid(before)) ORDER BY id`,
    (r) => `journal row ${r.id}: the ${r.action} has no readable before-image`,
  );
  listed<{ id: number; first_id: number; last_id: number }>(
    'SELECT id, first_id, last_id FROM journal_ranges WHERE first_id > last_id ORDER BY id',
    (r) => `journal_ranges row ${r.id}: range ${r.first_id}–${r.last_id} is empty`,
  );

  const ops = sqlite
    .prepare(
      `SELECT o.id, o.finished_at, o.tables, o.undoes, o.undone_by,
         EXISTS (SELECT 1 FROM journal j WHERE j.op_id = o.id) OR EXISTS (SELECT 1 FROM journal_ranges r WHERE r.op_id = o.id) AS journaled
       FROM operations o ORDER BY o.id`,
    )
    .all() as OperationRow[];
  const byId = new Map(ops.map((o) => [o.id, o]));
  const opFindings: string[] = [];
  for (const op of ops) {
    // operations recorded before the journal (migration 0006) have neither an end time nor counts per table
    if (op.finished_at === null && (op.tables !== null || op.journaled)) opFindings.push(`operation ${op.id} has a journal but no end time (finished_at)`);
    if (op.tables !== null) {
      const problem = tablesProblem(op.tables);
      if (problem) opFindings.push(`operation ${op.id}: its counts per table (operations.tables) ${problem}`);
    }
    if (op.undoes !== null) {
      const target = byId.get(op.undoes);
      if (!target) opFindings.push(`operation ${op.id} undoes operation ${op.undoes}, which does not exist`);
      else if (target.undone_by !== op.id) opFindings.push(`operation ${op.id} undoes operation ${op.undoes}, but that one says it was undone by ${target.undone_by ?? 'nothing'}`);
      else if (op.undoes >= op.id) opFindings.push(`operation ${op.id} undoes a later operation, ${op.undoes}`);
    }
    if (op.undone_by !== null) {
      const undo = byId.get(op.undone_by);
      if (!undo) opFindings.push(`operation ${op.id} was undone by operation ${op.undone_by}, which does not exist`);
      else if (undo.undoes !== op.id) opFindings.push(`operation ${op.id} was undone by operation ${op.undone_by}, but that one says it undoes ${undo.undoes ?? 'nothing'}`);
    }
  }
  add(opFindings.slice(0, SHOWN), opFindings.length);
  return {
    name: 'journal',
    detail: `${plural(ops.length, 'operation')}: every journal entry names one, undo links agree both ways, end times and counts per table are set`,
    findings: capped(findings, total),
  };
}

/**
 * The rules between records that imports keep (src/model/entityRules.ts) and an undo of old, or
 * a hand edit, may have broken: a claim against its shipment (the same client, not before it,
 * a line it has, no more than it shipped), a delivery not before its shipment, a deal's moves
 * to stages of its own channel and not before the deal, a deal's order of the deal's client.
 */
function recordRules(sqlite: Sqlite): Check {
  const findings: string[] = [];
  const rows = <T>(sql: string): T[] => sqlite.prepare(sql).all() as T[];
  for (const r of rows<{ claim_no: string; date: string; shipment_no: string; shipment_date: string }>(
    'SELECT k.claim_no, k.date, s.shipment_no, s.date AS shipment_date FROM claims k JOIN shipments s ON s.id = k.shipment_id WHERE s.date > k.date ORDER BY k.claim_no',
  )) findings.push(t('undo.checkClaimBefore', r.claim_no, r.date, r.shipment_no, r.shipment_date));
  for (const r of rows<{ claim_no: string; client: string; shipment_no: string; shipment_client: string }>(
    `SELECT k.claim_no, c.code AS client, s.shipment_no, sc.code AS shipment_client FROM claims k JOIN shipments s ON s.id = k.shipment_id
     JOIN clients c ON c.id = k.client_id JOIN clients sc ON sc.id = s.client_id WHERE k.client_id <> s.client_id ORDER BY k.claim_no`,
  )) findings.push(t('undo.checkClaimClient', r.claim_no, r.client, r.shipment_no, r.shipment_client));
  for (const r of rows<{ claim_no: string; shipment_no: string; sku: string; qty: number | null; shipped: number | null }>(
    `SELECT x.claim_no, x.shipment_no, x.sku, x.qty, x.shipped FROM (
       SELECT k.claim_no, s.shipment_no, p.sku, k.qty, (SELECT SUM(l.qty) FROM shipment_lines l WHERE l.shipment_id = k.shipment_id AND l.product_id = k.product_id) AS shipped
       FROM claims k JOIN shipments s ON s.id = k.shipment_id JOIN products p ON p.id = k.product_id) x
     WHERE x.shipped IS NULL OR (x.qty IS NOT NULL AND x.qty > x.shipped) ORDER BY x.claim_no`,
  )) findings.push(t('undo.checkClaimQty', r.claim_no, r.shipment_no, r.sku, r.qty === null ? null : Number(r.qty), r.shipped === null ? null : Number(r.shipped)));
  for (const r of rows<{ delivery_no: string; date: string; shipment_no: string; shipment_date: string }>(
    'SELECT d.delivery_no, d.date, s.shipment_no, s.date AS shipment_date FROM deliveries d JOIN shipments s ON s.id = d.shipment_id WHERE substr(d.date, 1, 10) < s.date ORDER BY d.delivery_no',
  )) findings.push(t('undo.checkDeliveryBefore', r.delivery_no, r.date, r.shipment_no, r.shipment_date));
  for (const r of rows<{ deal_no: string; date: string; stage: string; stage_channel: string; channel: string }>(
    `SELECT d.deal_no, e.date, s.stage, s.channel AS stage_channel, d.channel FROM deal_stage_events e JOIN deals d ON d.id = e.deal_id
     JOIN sales_stages s ON s.id = e.stage_id WHERE s.channel <> d.channel ORDER BY d.deal_no, e.date`,
  )) if (fold(r.stage_channel) !== fold(r.channel)) findings.push(t('undo.checkDealStage', r.deal_no, r.date, r.stage, r.stage_channel, r.channel));
  for (const r of rows<{ deal_no: string; date: string; deal_date: string }>(
    'SELECT d.deal_no, e.date, d.date AS deal_date FROM deal_stage_events e JOIN deals d ON d.id = e.deal_id WHERE e.date < d.date ORDER BY d.deal_no, e.date',
  )) findings.push(t('undo.checkDealMoveBefore', r.deal_no, r.date, r.deal_date));
  for (const r of rows<{ deal_no: string; client: string; order_no: string; order_client: string }>(
    `SELECT d.deal_no, c.code AS client, o.order_no, oc.code AS order_client FROM deals d JOIN sales_orders o ON o.id = d.order_id
     JOIN clients c ON c.id = d.client_id JOIN clients oc ON oc.id = o.client_id WHERE d.client_id <> o.client_id ORDER BY d.deal_no`,
  )) findings.push(t('undo.checkDealOrder', r.deal_no, r.client, r.order_no, r.order_client));
  return {
    name: 'record rules',
    detail: t('undo.checkDetail'),
    findings: findings.length === 0 ? [] : [...capped(findings), t('undo.checkFix')],
  };
}

/** Why `text` is not {table: {inserted, updated, deleted}} with whole non-negative counts; undefined when it is. */
function tablesProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'are not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'are not a JSON object';
  for (const [table, stats] of Object.entries(parsed)) {
    const s = stats as Record<string, unknown>;
    const ok = typeof s === 'object' && s !== null && ['inserted', 'updated', 'deleted'].every((k) => Number.isInteger(s[k]) && (s[k] as number) >= 0);
    if (!ok) return `give no whole counts inserted, updated, deleted for ${table}`;
  }
  return undefined;
}

export interface DatabaseInfo {
  file: string;
  schemaVersion: number;
  knownSchemaVersion: number;
  markedAsCrm: boolean;
  journalMode: string;
  fileBytes: number;
  walBytes: number;
  pageSize: number;
  pageCount: number;
  freePages: number;
  operations: number;
  journalRows: number;
  journalRanges: number;
  contents: Contents;
  /** On a PostgreSQL server: where it is, who is logged in, and the sizes the server keeps. */
  server?: ServerInfo;
}

export interface ServerInfo {
  /** e.g. "15.18"; the server's own `server_version`. */
  version: string;
  /** Host name or address, or the local socket's folder. */
  host: string;
  port: number;
  database: string;
  user: string;
  /** The whole database on disk (pg_database_size). */
  databaseBytes: number;
  /** crm's tables with their indexes and TOAST (pg_total_relation_size), each and together. */
  tablesBytes: number;
  tableBytes: Record<string, number>;
}

const exists = (sqlite: Sqlite, table: string) =>
  (sqlite.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as number) > 0;

export function databaseInfo(db: Db): DatabaseInfo {
  const sqlite = sq(db);
  return readTransaction(sqlite, () => {
    const contents = databaseContents(db);
    const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
    const count = (table: string) => (exists(sqlite, table) ? contents.tables[table] ?? 0 : 0);
    if (isPostgres(sqlite)) {
      // a server's database: its size on disk, in PostgreSQL's 8 KB pages; no file, no -wal
      const bytes = sqlite.prepare('SELECT pg_database_size(current_database())').pluck().get() as number;
      const page = sqlite.prepare("SELECT current_setting('block_size')::bigint").pluck().get() as number;
      const where = sqlite
        .prepare(
          `SELECT current_setting('server_version') AS version, COALESCE(host(inet_server_addr()), current_setting('unix_socket_directories')) AS host,
             COALESCE(inet_server_port(), CAST(current_setting('port') AS integer)) AS port, current_database() AS database, CAST(current_user AS text) AS "user"`,
        )
        .get() as { version: string; host: string; port: number; database: string; user: string };
      const sizes = sqlite
        .prepare(`SELECT CAST(c.relname AS text) AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c WHERE c.relnamespace = CAST(current_schema() AS regnamespace) AND c.relkind = 'r'`)
        .all() as { name: string; bytes: number }[];
      const tableBytes = Object.fromEntries(sizes.map((t) => [t.name, Number(t.bytes)]));
      const server: ServerInfo = {
        version: String(where.version).split(' ')[0]!,
        host: String(where.host).split(',')[0]!.trim(),
        port: Number(where.port),
        database: where.database,
        user: where.user,
        databaseBytes: Number(bytes),
        tablesBytes: sizes.reduce((n, t) => n + Number(t.bytes), 0),
        tableBytes,
      };
      return {
        server,
        file: db.path,
        schemaVersion: contents.schemaVersion,
        knownSchemaVersion: knownSchemaVersion(),
        markedAsCrm: contents.applicationId === CRM_APPLICATION_ID,
        journalMode: 'PostgreSQL server',
        fileBytes: bytes,
        walBytes: 0,
        pageSize: page,
        pageCount: Math.ceil(bytes / page),
        freePages: 0,
        operations: count('operations'),
        journalRows: count('journal'),
        journalRanges: count('journal_ranges'),
        contents,
      };
    }
    return {
      file: db.path,
      schemaVersion: contents.schemaVersion,
      knownSchemaVersion: knownSchemaVersion(),
      markedAsCrm: contents.applicationId === CRM_APPLICATION_ID,
      journalMode: fileJournalMode(db.path),
      fileBytes: size(db.path),
      walBytes: size(`${db.path}-wal`),
      pageSize: sqlite.pragma('page_size', { simple: true }) as number,
      pageCount: sqlite.pragma('page_count', { simple: true }) as number,
      freePages: sqlite.pragma('freelist_count', { simple: true }) as number,
      operations: count('operations'),
      journalRows: count('journal'),
      journalRanges: count('journal_ranges'),
      contents,
    };
  });
}

/** From the file's header, not the connection (a read of a read-only file runs on a copy in memory). */
function fileJournalMode(file: string): string {
  const bytes = Buffer.alloc(20);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, bytes, 0, 20, 0);
  } finally {
    fs.closeSync(fd);
  }
  return bytes[18] === 2 ? 'wal' : 'rollback journal';
}
