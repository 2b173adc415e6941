// A synchronous PostgreSQL connection: node-postgres runs in a worker thread
// (src/db/pg/worker.ts → dist/pgWorker.js); each call posts one request and blocks on a
// shared flag until the worker has put the reply on the port (the technique of `synckit`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { PgErrorInfo, PgReply, PgRequest } from './protocol.js';
import { stopInterrupted } from '../../util/interrupt.js';

/** SQLSTATEs src/db handles by better-sqlite3's codes: the same code on both backends. */
const SQLITE_CODE: Record<string, string> = {
  '23505': 'SQLITE_CONSTRAINT_UNIQUE',
  '23503': 'SQLITE_CONSTRAINT_FOREIGNKEY',
  '23502': 'SQLITE_CONSTRAINT_NOTNULL',
  '23514': 'SQLITE_CONSTRAINT_CHECK',
  '55P03': 'SQLITE_BUSY', // lock_timeout: another writer held the lock
};

/** An error PostgreSQL (or the connection) reported: `code` as SQLite's where src/db knows one, else the SQLSTATE. */
export class PgError extends Error {
  readonly code?: string;
  /** PostgreSQL's own code: 23505, 42501, 3D000 … */
  readonly sqlstate?: string;
  readonly detail?: string;
  readonly constraint?: string;
  constructor(info: PgErrorInfo) {
    super(info.message);
    this.name = 'PgError';
    this.sqlstate = info.code;
    this.code = (info.code && SQLITE_CODE[info.code]) ?? info.code;
    this.detail = info.detail;
    this.constraint = info.constraint;
  }
}

/** dist/pgWorker.js: next to the running bundle, else in the checkout's dist/ (tests run the sources after `npm run build`). */
function workerFile(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  const tried: string[] = [];
  for (let i = 0; i < 5; i++) {
    for (const candidate of [path.join(dir, 'pgWorker.js'), path.join(dir, 'dist', 'pgWorker.js')]) {
      if (fs.existsSync(candidate)) return candidate;
      tried.push(candidate);
    }
    dir = path.dirname(dir);
  }
  throw new Error(`the PostgreSQL worker (pgWorker.js) is missing: run npm run build (looked at ${tried[0]})`);
}

/** Round trips to the worker in this process: CRM_BENCH_STATS reports them (the bulk path's test counts them). */
export const requestCount: { value: number } = ((globalThis as { crmPgRequests?: { value: number } }).crmPgRequests ??= { value: 0 });

/** How long one request may take before crm gives up on the worker (a hung server or a dead worker). */
const REQUEST_TIMEOUT_MS = Number(process.env.CRM_PG_REQUEST_TIMEOUT_MS ?? 30 * 60_000);

export class PgConnection {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private closed = false;
  /** The server's transaction status after the last request: I idle, T in a transaction, E failed transaction. */
  txStatus = 'I';

  constructor(readonly url: string) {
    const signal = new SharedArrayBuffer(4);
    this.flag = new Int32Array(signal);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(workerFile(), { workerData: { url, signal, port: port2 }, transferList: [port2] });
    this.worker.unref();
    this.request({ type: 'connect' });
  }

  /** A request posted without waiting (a bulk COPY): its reply is read before the next request goes. */
  private pending = false;

  /** Send one request and wait for its reply; a PostgreSQL error is thrown as PgError. */
  request(request: PgRequest): Extract<PgReply, { ok: true }> {
    this.drain();
    this.post(request);
    return this.reply();
  }

  /**
   * Send one request and return at once: the worker runs it while this thread goes on (the
   * next batch of an import is parsed while the server takes this one). Its reply, or its
   * error, comes with the next call.
   */
  send(request: PgRequest): void {
    this.drain();
    this.post(request);
    this.pending = true;
  }

  /** Wait for the reply of a request sent without waiting; its error is thrown here, once. */
  drain(): void {
    if (!this.pending) return;
    this.pending = false;
    this.reply();
  }

  private post(request: PgRequest): void {
    if (this.closed) throw new Error('the PostgreSQL connection is closed');
    requestCount.value++;
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(request);
  }

  private reply(): Extract<PgReply, { ok: true }> {
    const waited = Atomics.wait(this.flag, 0, 0, REQUEST_TIMEOUT_MS);
    // Ctrl-C came while the server ran the statement (the worker cancelled it): stop now, as
    // the signal handler would at the next await; the transaction ends with the connection
    if (Atomics.load(this.flag, 0) === 2) stopInterrupted('SIGINT');
    const message = receiveMessageOnPort(this.port);
    if (!message) {
      throw new Error(waited === 'timed-out' ? `PostgreSQL did not answer within ${REQUEST_TIMEOUT_MS / 1000} s` : 'the PostgreSQL worker stopped');
    }
    const reply = message.message as PgReply;
    if (reply.txStatus) this.txStatus = reply.txStatus;
    if (!reply.ok) throw new PgError(reply.error);
    return reply;
  }

  close(): void {
    if (this.closed) return;
    try {
      this.pending = false; // a reply still to come is of no use now: close waits for the worker's queue
      this.request({ type: 'close' });
    } catch {
      // closing a broken connection: nothing to save
    }
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }
}
