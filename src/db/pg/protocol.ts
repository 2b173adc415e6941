// The messages between the main thread and the PostgreSQL worker (src/db/pg/worker.ts).

export interface PgWorkerData {
  url: string;
  /** Int32[0]: 0 while a request runs, 1 when its reply is on the port. */
  signal: SharedArrayBuffer;
}

export type PgRequest =
  | { type: 'connect' }
  | { type: 'query'; sql: string; params: unknown[]; array: boolean }
  | { type: 'exec'; sql: string }
  /** COPY … FROM STDIN with `data` (text format, one line per row), one after the other: the bulk path of imports. */
  | { type: 'copy'; copies: { sql: string; data: string }[] }
  | { type: 'close' };

export interface PgErrorInfo {
  message: string;
  /** PostgreSQL's SQLSTATE: 23505 unique violation, 55P03 lock timeout, 42501 insufficient privilege … */
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
}

export type PgReply =
  | { ok: true; rows?: unknown[]; rowCount?: number; columns?: string[]; txStatus: string }
  | { ok: false; error: PgErrorInfo; txStatus?: string };
