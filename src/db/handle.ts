// The database handle stays inside src/db (issue 11): a `Db` outside is an opaque value that
// the functions of src/db take; only they reach the driver, through `sq`. An architecture
// test keeps every other module from importing this file, the driver, or writing SQL.
import type { Sqlite } from './sqlite.js';

const HANDLE: unique symbol = Symbol('crm database handle');

export interface Db {
  readonly path: string;
  close(): void;
  /** `create` mode: whether crm created the file, else the schema version it had (migrated since when older). */
  readonly init?: { created: boolean; from: number };
  readonly [HANDLE]: Sqlite;
}

export function makeDb(path: string, sqlite: Sqlite, init?: Db['init']): Db {
  return { path, close: () => sqlite.close(), init, [HANDLE]: sqlite };
}

/** The driver of an open database: for the modules of src/db only. */
export function sq(db: Db): Sqlite {
  return db[HANDLE];
}
