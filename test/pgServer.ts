// The PostgreSQL server of the tests (SPEC §8): $CRM_TEST_PG (a URL of a database on a server
// where the user may create databases), else the machine's own server through its socket
// (postgres:///postgres). Each test file gets a scratch database of its own, dropped after
// the file; with no server reachable the PostgreSQL tests are skipped with one line.
import path from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { clientConfig } from '../src/db/pg/config.js';

export const PG_ADMIN_URL = process.env.CRM_TEST_PG ?? 'postgres:///postgres';

/** Why there is no server to test on, or undefined when there is one. */
async function unreachable(): Promise<string | undefined> {
  const client = new pg.Client({ ...clientConfig(PG_ADMIN_URL), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const reason = await unreachable();
/** Whether the PostgreSQL tests run: say once per file why not. */
export const PG_AVAILABLE = reason === undefined;
if (!PG_AVAILABLE) console.log(`PostgreSQL tests skipped: no server at ${PG_ADMIN_URL} (${reason}); set CRM_TEST_PG or start one`);

/** The URL of a database on the same server as PG_ADMIN_URL. */
export function databaseUrl(name: string, user?: string, password?: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  if (user !== undefined) {
    u.username = user;
    u.password = password ?? '';
  }
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(clientConfig(PG_ADMIN_URL));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const made: string[] = [];
let counter = 0;

/** A new empty database for this test file, dropped after it; `hint` names it after the file (`prefix` first). */
export async function scratchDatabase(hint: string, prefix = 'crm_test'): Promise<string> {
  const name = `${prefix}_${path.basename(hint).replace(/\W+/g, '_').toLowerCase()}_${process.pid}_${++counter}`.slice(0, 63);
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name}`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  made.push(name);
  return databaseUrl(name);
}

/** Run SQL on a database of the tests (not through crm): for setting up and looking. */
export async function pgQuery<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client(clientConfig(url));
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  if (made.length === 0) return;
  await admin(async (c) => {
    for (const name of made.splice(0)) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
});
