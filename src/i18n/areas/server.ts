// Words of the database connection: a PostgreSQL server's refusals (src/db/pg/open.ts), the
// write lock and the schema version (src/db/sqlite.ts, src/db/connection.ts), two writers of
// one document (src/db/pgBulk.ts). What the server itself says (`message`) stays as it said it.
import { defineArea } from '../area.js';

const secondsRu = (ms: number) => String(ms / 1000).replace('.', ',');

export const server = defineArea(
  {
    'server.unknownTarget': (target: string) =>
      `${target}: not a database crm knows — a PostgreSQL server is postgres://USER:PASSWORD@HOST/DB, anything else is the path of an SQLite file`,
    'server.badUrl': (where: string) => `${where} is not a valid PostgreSQL URL: write postgres://USER:PASSWORD@HOST[:PORT]/DB`,
    'server.noPassword': (where: string) => `PostgreSQL refused the login for ${where}: no password given (put it in the URL, in $PGPASSWORD or in ~/.pgpass)`,
    'server.noDatabase': (message: string, where: string) => `${message} on the PostgreSQL server of ${where}: create the database first (createdb), then crm init --db ${where}`,
    'server.loginRefused': (where: string, message: string) => `PostgreSQL refused the login for ${where}: ${message}`,
    'server.refused': (message: string) => `PostgreSQL refused: ${message}; nothing was written`,
    'server.locked': (where: string) => `the database ${where} is locked by another writer; waited, nothing was written`,
    'server.conflict': (where: string, message: string) => `another writer changed the same rows of ${where} at the same time (${message}); nothing was written, run the command again`,
    'server.diskFull': (where: string) => `the PostgreSQL server of ${where} is out of disk space: nothing was written`,
    'server.cannotConnect': (where: string, message: string) => `cannot connect to the PostgreSQL server of ${where}: ${message}`,
    'server.noCrmDatabase': (where: string) => `no crm database at ${where} — create it with crm init --db ${where}`,
    'server.foreignTables': (where: string) => `${where} holds another application's tables, not a crm database: pass an empty database to crm init`,
    'server.sqliteOnly': (what: string) => `${what} is not available on PostgreSQL yet (docs/postgresql.md): use an SQLite database for it`,
    'server.lockedWaited': (database: string, ms: number) => `the database ${database} is locked by another writer; waited ${ms / 1000} s, nothing was written`,
    'server.documentBusy': (what: string) => `${what} was being written by another process; waited for it — nothing was written, run the import again`,
    'server.documentChanged': (entity: string, detail: string) =>
      `another process wrote ${entity} of this file while this import ran (${detail}); nothing was written, run the import again`,
    'server.walPending': (file: string, wal: string) =>
      `cannot read ${file}: ${wal} holds changes that are not in the database file yet, and crm may not write there to fold them in; run any crm command on it with write access first`,
    'server.olderSchema': (file: string, version: number, known: number, onServer: boolean) =>
      `${file} has schema version ${version}, older than this crm's (${known}): run "crm init" on it to migrate it forward (${onServer ? 'make a backup first: crm backup' : 'make a backup copy of the file first'}); nothing was written`,
  },
  {
    'server.unknownTarget': (target) =>
      `${target}: такой базы crm не знает — сервер PostgreSQL пишется как postgres://USER:PASSWORD@HOST/DB, всё остальное — путь к файлу SQLite`,
    'server.badUrl': (where) => `${where} — неверный адрес PostgreSQL: пишите postgres://USER:PASSWORD@HOST[:PORT]/DB`,
    'server.noPassword': (where) => `PostgreSQL не пустил в ${where}: пароль не задан (укажите его в адресе, в $PGPASSWORD или в ~/.pgpass)`,
    'server.noDatabase': (message, where) => `${message} на сервере PostgreSQL ${where}: сначала создайте базу (createdb), затем crm init --db ${where}`,
    'server.loginRefused': (where, message) => `PostgreSQL не пустил в ${where}: ${message}`,
    'server.refused': (message) => `PostgreSQL отказал: ${message}; ничего не записано`,
    'server.locked': (where) => `база ${where} занята другой записью; ожидание истекло, ничего не записано`,
    'server.conflict': (where, message) => `другая запись одновременно изменила те же строки ${where} (${message}); ничего не записано, запустите команду ещё раз`,
    'server.diskFull': (where) => `на сервере PostgreSQL ${where} кончилось место на диске: ничего не записано`,
    'server.cannotConnect': (where, message) => `не удаётся подключиться к серверу PostgreSQL ${where}: ${message}`,
    'server.noCrmDatabase': (where) => `в ${where} нет базы crm — создайте её командой crm init --db ${where}`,
    'server.foreignTables': (where) => `в ${where} таблицы другой программы, а не база crm: crm init нужна пустая база`,
    'server.sqliteOnly': (what) => `${what} на PostgreSQL пока недоступно (docs/postgresql.md): используйте для этого базу SQLite`,
    'server.lockedWaited': (database, ms) => `база ${database} занята другой записью; ждали ${secondsRu(ms)} с, ничего не записано`,
    'server.documentBusy': (what) => `${what} в это время записывал другой процесс; дождались его — ничего не записано, запустите импорт ещё раз`,
    'server.documentChanged': (entity, detail) =>
      `другой процесс записал ${entity} из этого файла, пока шёл импорт (${detail}); ничего не записано, запустите импорт ещё раз`,
    'server.walPending': (file, wal) =>
      `не удаётся прочитать ${file}: в ${wal} есть изменения, которых ещё нет в файле базы, а писать туда crm нельзя, чтобы их перенести; сначала выполните с правом записи любую команду crm с этой базой`,
    'server.olderSchema': (file, version, known, onServer) =>
      `у ${file} версия схемы ${version}, старше, чем у этого crm (${known}): выполните для неё "crm init", чтобы перенести её вперёд (${onServer ? 'сначала сделайте копию: crm backup' : 'сначала сделайте копию файла'}); ничего не записано`,
  },
);
