// Words of `crm db …` and `crm users …` and of the database itself (a server's edges:
// hidden columns, versions, previews), English and Russian side by side.
import { defineArea } from '../area.js';

export const db = defineArea(
  {
    'db.columnsHidden': (columns: string[]) => `not shown: ${columns.join(', ')} (your role may not read them)`,
    'db.historyGaps': (missing: string[]) =>
      `no operation ${missing.join(', ')}: on a PostgreSQL server a write that was interrupted or failed uses up its number and writes nothing (or the operation is another user's, which your role does not see)`,
    'db.demoServerHolds': (url: string) => `${url} already holds a crm database: pass --force to replace its rows with the demo's (in one transaction; users and rights stay), or --db OTHER`,
    'db.infoServer': (version: string, where: string, database: string, user: string) => `server: PostgreSQL ${version} at ${where}; database ${database}, user ${user}`,
    'db.infoServerSize': (database: string, tables: string) => `size: database ${database} on the server; crm's tables ${tables} with their indexes`,
  },
  {
    'db.columnsHidden': (columns: string[]) => `не показаны: ${columns.join(', ')} (вашей роли они недоступны)`,
    'db.historyGaps': (missing: string[]) =>
      `операций ${missing.join(', ')} нет: на сервере PostgreSQL прерванная или неудачная запись расходует свой номер и ничего не пишет (или операция другого пользователя, которую вашей роли не видно)`,
    'db.demoServerHolds': (url: string) => `${url} уже содержит базу crm: --force заменит её строки демо-данными (одной транзакцией; пользователи и права останутся), или укажите --db ДРУГАЯ`,
    'db.infoServer': (version: string, where: string, database: string, user: string) => `сервер: PostgreSQL ${version} на ${where}; база ${database}, пользователь ${user}`,
    'db.infoServerSize': (database: string, tables: string) => `размер: база ${database} на сервере; таблицы crm ${tables} вместе с индексами`,
  },
);
