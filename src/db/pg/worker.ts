// The worker thread holding the PostgreSQL connection (node-postgres). The main thread posts
// one request on the channel and blocks on a shared Int32 (Atomics.wait); the worker runs it,
// posts the reply and wakes the main thread, which reads the reply with receiveMessageOnPort:
// the synckit technique, so src/db stays synchronous on both backends.
import './navigator.js'; // first: before node-postgres looks for Cloudflare
import { spawn, type ChildProcess } from 'node:child_process';
import { workerData, type MessagePort } from 'node:worker_threads';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { clientConfig } from './config.js';
import type { PgReply, PgRequest, PgWorkerData } from './protocol.js';

const { types } = pg;
// int8 (COUNT, SUM of integers, bigint ids) and numeric (SUM of bigint, AVG) → JS numbers, as SQLite gives
types.setTypeParser(20, (v) => Number(v));
types.setTypeParser(1700, (v) => Number(v));
// json/jsonb stay text (the journal's images are JSON text on SQLite too); booleans 0/1 as SQLite's
types.setTypeParser(114, (v) => v);
types.setTypeParser(3802, (v) => v);
types.setTypeParser(16, (v) => (v === 't' ? 1 : 0));
// dates and times stay ISO text
for (const oid of [1082, 1083, 1114, 1184]) types.setTypeParser(oid, (v) => v);

const { url, port, signal } = workerData as PgWorkerData & { port: MessagePort };
const flag = new Int32Array(signal);
let client: pg.Client | undefined;
let broken: Error | undefined;
const statementNames = new Map<string, string>();

/** The request being run now (none between requests). */
let running: PgRequest | undefined;
/** Ctrl-C was caught: every reply from now on wakes the main thread to stop (never to go on with a cancelled statement's error). */
let interrupted = false;

function reply(message: PgReply): void {
  running = undefined;
  port.postMessage(message);
  Atomics.store(flag, 0, interrupted ? 2 : 1);
  Atomics.notify(flag, 0);
}

/**
 * Ctrl-C while the main thread waits for the server (Atomics.wait: its signal handler cannot
 * run until the reply comes, and a statement may take seconds). A worker gets no signals, so
 * a small shell in crm's process group traps the terminal's SIGINT and says so on its stdout;
 * then the running statement is cancelled on the server and the main thread is woken with 2
 * (src/db/pg/connection.ts stops the command: the transaction dies with the connection).
 * A COMMIT under way is left to finish: what it writes is then reported as written.
 * The shell ends within a second of crm (it watches its parent).
 */
const WATCH = `trap 'echo INT' INT; trap 'exit 0' TERM; while kill -0 $PPID 2>/dev/null; do sleep 1 & wait $!; done`;
let watcher: ChildProcess | undefined;

function watchInterrupts(): void {
  if (process.platform === 'win32') return;
  try {
    watcher = spawn('/bin/sh', ['-c', WATCH], { stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return; // no shell: Ctrl-C is noticed when the running statement ends
  }
  watcher.on('error', () => undefined);
  watcher.unref();
  (watcher.stdout as unknown as { unref?: () => void } | null)?.unref?.();
  watcher.stdout?.on('data', () => {
    const request = running;
    if (!request || (request.type === 'exec' && /^\s*COMMIT\b/i.test(request.sql)) || request.type === 'close') return;
    const active = (client as unknown as { activeQuery?: unknown } | undefined)?.activeQuery;
    interrupted = true;
    if (client && active) (new pg.Client(clientConfig(url)) as unknown as { cancel(c: pg.Client, q: unknown): void }).cancel(client, active);
    Atomics.store(flag, 0, 2);
    Atomics.notify(flag, 0);
  });
}

function serialize(error: unknown): PgReply {
  const e = error as Record<string, unknown> & Error;
  return {
    ok: false,
    error: {
      message: e?.message ?? String(error),
      code: typeof e?.code === 'string' ? e.code : undefined,
      detail: typeof e?.detail === 'string' ? e.detail : undefined,
      constraint: typeof e?.constraint === 'string' ? e.constraint : undefined,
      table: typeof e?.table === 'string' ? e.table : undefined,
    },
  };
}

async function handle(request: PgRequest): Promise<PgReply> {
  if (broken) throw broken;
  switch (request.type) {
    case 'connect': {
      client = new pg.Client(clientConfig(url));
      client.on('error', (error) => {
        broken = error;
      });
      await client.connect();
      watchInterrupts();
      return { ok: true, txStatus: client.getTransactionStatus() ?? 'I' };
    }
    case 'query': {
      // a named statement: the server parses and plans each text once per connection
      let name = statementNames.get(request.sql);
      if (!name) statementNames.set(request.sql, (name = `crm${statementNames.size}`));
      const result: pg.QueryResult = request.array
        ? await client!.query({ name, text: request.sql, values: request.params, rowMode: 'array' as const })
        : await client!.query({ name, text: request.sql, values: request.params });
      const columns = request.array ? undefined : result.fields.map((f) => f.name);
      return { ok: true, rows: result.rows, rowCount: result.rowCount ?? 0, columns, txStatus: client!.getTransactionStatus() ?? 'I' };
    }
    case 'exec': {
      await client!.query(request.sql);
      return { ok: true, txStatus: client!.getTransactionStatus() ?? 'I' };
    }
    case 'copy': {
      // COPY … FROM STDIN: the rows of a batch in one statement per table (pg-copy-streams)
      let rowCount = 0;
      for (const copy of request.copies) {
        const stream = client!.query(copyFrom(copy.sql));
        await pipeline(Readable.from([copy.data]), stream);
        rowCount += Number(stream.rowCount ?? 0);
      }
      return { ok: true, rowCount, txStatus: client!.getTransactionStatus() ?? 'I' };
    }
    case 'close': {
      watcher?.kill('SIGTERM');
      watcher = undefined;
      await client?.end();
      client = undefined;
      return { ok: true, txStatus: 'I' };
    }
  }
}

port.on('message', (request: PgRequest) => {
  running = request;
  handle(request).then(reply, (error) => {
    const out = serialize(error);
    reply(client ? { ...out, txStatus: client.getTransactionStatus() ?? 'I' } : out);
  });
});
