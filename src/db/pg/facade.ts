// better-sqlite3's API, the part src/db uses, on a PostgreSQL connection: prepare → all / get
// / run / iterate (with pluck and raw), exec, pragma, inTransaction, transaction, close. The
// SQL text goes through the dialect (src/db/dialect/pg.ts); the calls stay synchronous.
import { translate, translateScript, type Translated } from '../dialect/pg.js';
import { BUSY_TIMEOUT_MS, type RunResult, type Sqlite, type SqliteStatement } from '../sqlite.js';
import { PgConnection } from './connection.js';

/** pg_advisory_xact_lock key of crm's write lock: "crm1". */
export const WRITE_LOCK_KEY = 0x63726d31;

type Mode = 'object' | 'pluck' | 'raw';

/**
 * The id sequences of crm's tables and where each stands (NULL: never used) — those this user
 * may set (a user crm added writes only some tables), with the table of the ids where it may read it.
 */
const SEQUENCES = `SELECT format('%I.%I', schemaname, sequencename), last_value,
  CASE WHEN sequencename::text LIKE '%\\_id\\_seq' AND has_table_privilege(format('%I.%I', schemaname, regexp_replace(sequencename::text, '_id_seq$', '')), 'SELECT')
    THEN format('%I.%I', schemaname, regexp_replace(sequencename::text, '_id_seq$', '')) END
  FROM pg_sequences WHERE schemaname = current_schema() AND has_sequence_privilege(format('%I.%I', schemaname, sequencename), 'UPDATE')`;

function flatten(params: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const p of params) {
    if (Array.isArray(p)) out.push(...flatten(p));
    else if (p === undefined) out.push(null);
    else if (typeof p === 'bigint') out.push(p.toString());
    else if (typeof p === 'boolean') out.push(p ? 1 : 0);
    else out.push(p);
  }
  return out;
}

class PgStatement implements SqliteStatement {
  private mode: Mode = 'object';

  constructor(
    private readonly db: PgDatabase,
    private readonly t: Translated,
  ) {}

  pluck(on = true): this {
    this.mode = on ? 'pluck' : 'object';
    return this;
  }

  raw(on = true): this {
    this.mode = on ? 'raw' : 'object';
    return this;
  }

  private rows(params: unknown[]): unknown[] {
    const reply = this.db.connection.request({ type: 'query', sql: this.t.sql, params: flatten(params), array: this.mode !== 'object' });
    const rows = reply.rows ?? [];
    return this.mode === 'pluck' ? rows.map((r) => (r as unknown[])[0]) : rows;
  }

  all(...params: unknown[]): unknown[] {
    return this.rows(params);
  }

  get(...params: unknown[]): unknown {
    return this.rows(params)[0];
  }

  *iterate(...params: unknown[]): IterableIterator<unknown> {
    yield* this.rows(params);
  }

  run(...params: unknown[]): RunResult {
    const reply = this.db.connection.request({ type: 'query', sql: this.t.sql, params: flatten(params), array: true });
    const rows = (reply.rows ?? []) as unknown[][];
    const last = this.t.returningId && rows.length > 0 ? Number(rows[rows.length - 1]![0]) : 0;
    return { changes: reply.rowCount ?? 0, lastInsertRowid: last };
  }
}

export class PgDatabase implements Sqlite {
  readonly connection: PgConnection;
  readonly name: string;
  readonly readonly: boolean;
  private readonly cache = new Map<string, Translated>();
  private idTables: Set<string> | undefined;
  /** The sequences as the write lock found them: a rollback puts them back. */
  private sequences: [string, number | null, string | null][] | undefined;
  /** This write transaction shares the write lock with other imports of documents. */
  private shared = false;

  /** Whether other writers may be writing beside this transaction (PostgreSQL imports of documents). */
  get concurrentWriters(): boolean {
    return this.shared;
  }
  /** The schema version row (crm_meta); `PRAGMA user_version` reads and writes it. */
  private readonly metaTable = 'crm_meta';

  constructor(url: string, options: { readonly?: boolean } = {}) {
    this.name = redact(url);
    this.readonly = options.readonly === true;
    this.connection = new PgConnection(url);
    this.connection.request({ type: 'exec', sql: "SET client_min_messages = warning; SET TIME ZONE 'UTC'" });
    // a command that only reads sees one consistent snapshot (SPEC §8)
    if (this.readonly) this.connection.request({ type: 'exec', sql: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' });
  }

  /** The tables were made anew (a migration): what was learnt about them is forgotten. */
  schemaChanged(): void {
    this.idTables = undefined;
    this.cache.clear();
  }

  get open(): boolean {
    return true;
  }

  get inTransaction(): boolean {
    return this.connection.txStatus !== 'I';
  }

  private hasId = (table: string): boolean => {
    if (!this.idTables) {
      const rows = this.connection.request({
        type: 'query',
        sql: "SELECT table_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id'",
        params: [],
        array: true,
      }).rows as string[][];
      this.idTables = new Set(rows.map((r) => r[0]!));
    }
    return this.idTables.has(table);
  };

  prepare(sql: string): PgStatement {
    let t = this.cache.get(sql);
    if (!t) this.cache.set(sql, (t = translate(sql, this.hasId)));
    return new PgStatement(this, t);
  }

  exec(sql: string): this {
    const text = sql.trim().replace(/;$/, '');
    if (/^BEGIN\s+IMMEDIATE(\s+DOCUMENTS)?$/i.test(text)) {
      // the writer lock of SPEC §1: one writer at a time, the next waits busy_timeout, then 55P03;
      // imports of documents share it (each locks the documents it writes, src/db/pgBulk.ts)
      this.shared = /DOCUMENTS$/i.test(text);
      const lock = this.shared ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
      this.connection.request({ type: 'exec', sql: `BEGIN; SET LOCAL lock_timeout = '${BUSY_TIMEOUT_MS}ms'; SELECT ${lock}(${WRITE_LOCK_KEY})` });
      this.sequences = this.connection.request({ type: 'query', sql: SEQUENCES, params: [], array: true }).rows as [string, number | null, string | null][];
      this.connection.request({ type: 'exec', sql: 'SAVEPOINT crm_begin' });
    } else if (/^ROLLBACK$/i.test(text) && this.sequences) {
      // a sequence does not roll back: put each back where it was, so the next operation, plan
      // run or version gets the number SQLite's AUTOINCREMENT would give (a dry run leaves no gap).
      // Still under the write lock, after undoing the rows (the savepoint also ends an aborted state).
      const reset = this.sequences.map(([name, last]) => `setval('${name.replace(/'/g, "''")}', ${last ?? 1}, ${last !== null})`);
      const shared = this.shared;
      const sequences = this.sequences;
      this.sequences = undefined;
      this.shared = false;
      try {
        this.connection.drain();
      } catch {
        // a COPY not waited for failed: rolled back with the rest
      }
      if (shared) {
        // other imports may be writing (and taking ids) now: a sequence goes back only when no
        // other writer holds the lock, and never below the ids committed since (else: a gap in the numbers)
        const guarded = sequences.map(([name, last, table]) => {
          const committed = table ? `(SELECT MAX(id) FROM ${table})` : 'NULL';
          return `setval('${name.replace(/'/g, "''")}', GREATEST(${last ?? 0}, COALESCE(${committed}, 0), 1), GREATEST(${last ?? 0}, COALESCE(${committed}, 0)) > 0)`;
        });
        this.connection.request({
          type: 'exec',
          sql: `ROLLBACK TO SAVEPOINT crm_begin; ${guarded.length > 0 ? `SELECT ${guarded.join(', ')} WHERE pg_try_advisory_xact_lock(${WRITE_LOCK_KEY});` : ''} ROLLBACK`,
        });
        return this;
      }
      this.connection.request({ type: 'exec', sql: `ROLLBACK TO SAVEPOINT crm_begin; ${reset.length > 0 ? `SELECT ${reset.join(', ')};` : ''} ROLLBACK` });
    } else if (/^(COMMIT|END)$/i.test(text)) {
      this.sequences = undefined;
      this.shared = false;
      this.connection.request({ type: 'exec', sql: 'COMMIT' });
    } else if (/^BEGIN$/i.test(text)) {
      this.connection.request({ type: 'exec', sql: 'BEGIN ISOLATION LEVEL REPEATABLE READ' });
    } else {
      this.connection.request({ type: 'exec', sql: translateScript(sql) });
    }
    return this;
  }

  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const m = /^\s*(\w+)\s*(?:=\s*(.+?))?\s*;?\s*$/.exec(source);
    if (!m) throw new Error(`PRAGMA ${source} is not known on PostgreSQL`);
    const name = m[1]!.toLowerCase();
    const value = m[2];
    const answer = (v: unknown) => (options.simple ? v : [{ [name]: v }]);
    switch (name) {
      case 'user_version':
        if (value !== undefined) {
          this.prepare(`UPDATE ${this.metaTable} SET value = ? WHERE key = 'schema_version'`).run(String(Number(value)));
          return [];
        }
        return answer(Number(this.prepare(`SELECT value FROM ${this.metaTable} WHERE key = 'schema_version'`).pluck().get() ?? 0));
      case 'application_id':
        return value === undefined ? answer(WRITE_LOCK_KEY) : [];
      case 'defer_foreign_keys':
        if (value !== undefined && /^(on|1|true)$/i.test(value)) this.connection.request({ type: 'exec', sql: 'SET CONSTRAINTS ALL DEFERRED' });
        return [];
      case 'query_only':
        return [];
      case 'foreign_keys':
      case 'busy_timeout':
      case 'journal_mode':
      case 'synchronous':
      case 'cache_size':
        return value === undefined ? answer(0) : [];
      case 'integrity_check':
        return answer('ok');
      case 'foreign_key_check':
        return [];
      case 'page_size':
      case 'page_count':
      case 'freelist_count':
        return answer(0);
      default:
        throw new Error(`PRAGMA ${name} is not known on PostgreSQL`);
    }
  }

  transaction(fn: () => void): () => void {
    return () => {
      const nested = this.inTransaction;
      this.connection.request({ type: 'exec', sql: nested ? 'SAVEPOINT crm_tx' : 'BEGIN' });
      try {
        fn();
        this.connection.request({ type: 'exec', sql: nested ? 'RELEASE SAVEPOINT crm_tx' : 'COMMIT' });
      } catch (error) {
        this.connection.request({ type: 'exec', sql: nested ? 'ROLLBACK TO SAVEPOINT crm_tx; RELEASE SAVEPOINT crm_tx' : 'ROLLBACK' });
        throw error;
      }
    };
  }

  /**
   * COPY each `table (columns)` FROM STDIN, in order, in one round trip: rows in COPY's text
   * format. `wait: false` returns at once (the next request waits for it and throws its error).
   */
  copyIn(copies: { table: string; columns: string[]; data: string }[], options: { wait?: boolean } = {}): void {
    const list = copies
      .filter((c) => c.data.length > 0)
      .map((c) => ({ sql: `COPY ${c.table} (${c.columns.map((n) => (n === 'user' ? '"user"' : n)).join(', ')}) FROM STDIN`, data: c.data }));
    if (list.length === 0) return;
    if (options.wait === false) this.connection.send({ type: 'copy', copies: list });
    else this.connection.request({ type: 'copy', copies: list });
  }

  close(): this {
    this.connection.close();
    return this;
  }
}

/** The URL as messages show it: without the password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
