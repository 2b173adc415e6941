// Words of `crm db …` and `crm users …` and of the database itself (a server's edges:
// hidden columns, versions, previews), English and Russian side by side.
import { defineArea } from '../area.js';

export const db = defineArea(
  {
    'db.columnsHidden': (columns: string[]) => `not shown: ${columns.join(', ')} (your role may not read them)`,
    'db.demoServerHolds': (url: string) => `${url} already holds a crm database: pass --force to replace its rows with the demo's (in one transaction; users and rights stay), or --db OTHER`,
    'db.infoServer': (version: string, where: string, database: string, user: string) => `server: PostgreSQL ${version} at ${where}; database ${database}, user ${user}`,
    'db.infoServerSize': (database: string, tables: string) => `size: database ${database} on the server; crm's tables ${tables} with their indexes`,
  },
  {
    'db.columnsHidden': (columns: string[]) => `не показаны: ${columns.join(', ')} (вашей роли они недоступны)`,
    'db.demoServerHolds': (url: string) => `${url} уже содержит базу crm: --force заменит её строки демо-данными (одной транзакцией; пользователи и права останутся), или укажите --db ДРУГАЯ`,
    'db.infoServer': (version: string, where: string, database: string, user: string) => `сервер: PostgreSQL ${version} на ${where}; база ${database}, пользователь ${user}`,
    'db.infoServerSize': (database: string, tables: string) => `размер: база ${database} на сервере; таблицы crm ${tables} вместе с индексами`,
  },
);
