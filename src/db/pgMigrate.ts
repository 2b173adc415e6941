// `crm init` on a PostgreSQL database of an older crm schema (docs/postgresql.md): migrated
// forward by the same migrations as an SQLite file, so both backends change their data alike.
// Under the write lock, in one transaction of the server: every row is copied into an SQLite
// file of the server's version (the first N committed migrations), SQLite's migrations carry
// it to this crm's version (with what the newer schema derives: the summaries, the product
// facts), then crm's tables on the server are made anew from drizzle-pg/schema.sql and the
// rows go back, ids and id counters kept, verified by count and checksum per table. Any
// failure rolls everything back: the server keeps its older schema and every row.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyRows } from './copy.js';
import { sq, type Db } from './handle.js';
import { PgDatabase } from './pg/facade.js';
import { pgSchemaFile } from './pg/open.js';
import { beginWrite } from './sqlite.js';
import { quoteIdent } from './tables.js';

/** What src/db/connection.ts lends (passed in: this module is loaded by it, never the other way). */
export interface SqliteSide {
  createAtVersion(file: string, version: number, scratch: string): Db;
  openDb(file: string, mode: 'create'): Db;
  migrationRecords(): { hash: string; createdAt: number }[];
  knownSchemaVersion(): number;
}

export function migrateServerForward(db: Db, from: number, { createAtVersion, openDb, migrationRecords, knownSchemaVersion }: SqliteSide): void {
  const pg = sq(db);
  if (!(pg instanceof PgDatabase)) throw new Error('migrateServerForward: not a PostgreSQL database');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-migrate-'));
  const file = path.join(scratch, 'crm.db');
  let older: Db | undefined;
  let migrated: Db | undefined;
  try {
    beginWrite(pg); // nobody writes while the rows move
    try {
      // 1. the server's rows, as they are, into an SQLite file of the server's schema version
      older = createAtVersion(file, from, path.join(scratch, 'migrations'));
      sq(older).exec('BEGIN');
      copyRows(db, older);
      sq(older).exec('COMMIT');
      older.close();
      older = undefined;
      // 2. SQLite's migrations carry them to this crm's version
      migrated = openDb(file, 'create');
      // 3. the server's tables anew at this version, and the rows back in (the users and the meta row stay)
      const tables = (pg.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> '__drizzle_migrations'").pluck().all() as string[]).map(quoteIdent);
      const records = migrationRecords()
        .map((m) => `('${m.hash}', ${m.createdAt})`)
        .join(', ');
      pg.connection.request({
        type: 'exec',
        sql: `${tables.length > 0 ? `DROP TABLE ${tables.join(', ')} CASCADE;` : ''}
${fs.readFileSync(pgSchemaFile(), 'utf8')}
TRUNCATE "__drizzle_migrations"; INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES ${records};
UPDATE crm_meta SET value = '${knownSchemaVersion()}' WHERE key = 'schema_version'`,
      });
      pg.schemaChanged();
      copyRows(migrated, db);
      pg.exec('COMMIT');
    } finally {
      if (pg.inTransaction) pg.exec('ROLLBACK');
    }
  } finally {
    older?.close();
    migrated?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
