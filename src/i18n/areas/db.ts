// Words of `crm db …` and `crm users …` and of the database itself (a server's edges:
// hidden columns, versions, previews), English and Russian side by side.
import { defineArea } from '../area.js';
import { intRu, plural, pluralRu } from '../../util/plural.js';
import { sizeRu } from './backups.js';

/** The rows of each derived table, by its name. */
export interface DerivedRows {
  groupRows: number;
  clientRows: number;
  clientGroupRows: number;
  productMonthRows: number;
}

export const db = defineArea(
  {
    'db.columnsHidden': (columns: string[]) => `not shown: ${columns.join(', ')} (your role may not read them)`,
    'db.historyGaps': (missing: string[]) =>
      `no operation ${missing.join(', ')}: on a PostgreSQL server a write that was interrupted or failed uses up its number and writes nothing (or the operation is another user's, which your role does not see)`,
    'db.demoServerHolds': (url: string) => `${url} already holds a crm database: pass --force to replace its rows with the demo's (in one transaction; users and rights stay), or --db OTHER`,
    'db.infoServer': (version: string, where: string, database: string, user: string) => `server: PostgreSQL ${version} at ${where}; database ${database}, user ${user}`,
    'db.infoServerSize': (database: string, tables: string) => `size: database ${database} on the server; crm's tables ${tables} with their indexes`,
    'db.usersNeedServer': (file: string) => `users and rights need PostgreSQL: ${file} is an SQLite file, which is one user's (docs/postgresql.md, "Users and rights"); use --db postgres://…`,
    'db.usersNoPassword': () => '--password-stdin: no password on stdin (echo it from a secret store: … | crm users add LOGIN --password-stdin)',
    'db.usersNeedRole': (login: string, roles: string) => `crm users add ${login} needs --role: ${roles}`,
    'db.usersAdded': (user: string, login: string, hasPassword: boolean) => `added ${user}: logs in as postgres://${login}:PASSWORD@HOST/DB${hasPassword ? '' : ' once it has a password (crm users edit LOGIN --password-stdin)'}`,
    'db.usersEditWhat': () => 'crm users edit: say what changes (--role, --manager, --password-stdin, --enable)',
    'db.usersChanged': (user: string, newPassword: boolean) => `changed ${user}${newPassword ? ', new password set' : ''}`,
    'db.usersDisabled': (login: string) => `disabled ${login}: it can no longer log in; its operations keep its name (crm users edit ${login} --enable lets it in again)`,
    'db.usersNone': () => 'no users yet: crm users add LOGIN --role admin|analyst|manager|warehouse',
    'db.usersHeader': () => 'login|role|manager|status',
    'db.usersStatus': (active: boolean) => (active ? 'active' : 'disabled'),
    'db.explainWho': (login: string, role: string, manager: string | null, entity: string, key: string) => `${login} (${role}${manager ? `, manager ${manager}` : ''}) on ${entity} ${key}:`,
    'db.explainRead': (allowed: boolean, rule: string) => `  read:   ${allowed ? 'yes' : 'no'} — ${rule}`,
    'db.explainChange': (allowed: boolean, rule: string) => `  change: ${allowed ? 'yes' : 'no'} — ${rule}`,
    'db.explainHidden': (columns: string[], table: string) => `  not shown: ${columns.join(', ')} (money of ${table})`,
    'db.usersNeedServerDb': () => 'users and rights need PostgreSQL: an SQLite file is one user\'s (docs/postgresql.md, "Users and rights"); use --db postgres://…',
    'db.usersUnknownRole': (role: string, roles: string) => `unknown role "${role}": one of ${roles}`,
    'db.usersNeedCreateRole': (what: string, me: string) => `crm users ${what} needs a PostgreSQL user that may create roles (CREATEROLE): ${me} may not; nothing was changed`,
    'db.usersNoRights': () => `the rights of this database are not installed: run crm init as the database's owner first; nothing was changed`,
    'db.usersNeedManager': () => 'a manager user needs --manager CODE: the manager whose clients the user sees',
    'db.usersManagerOnly': (role: string) => `--manager is for the manager role; a ${role} sees ${role === 'warehouse' ? 'every client' : 'everything'}`,
    'db.usersNoManager': (manager: string) => `no manager ${manager}: import the managers first (crm import managers)`,
    'db.usersBadLogin': (login: string) => `login "${login}": lower-case latin letters, digits and _, starting with a letter, at most 63`,
    'db.usersRoleExists': (login: string) => `the server has a role ${login} already: choose another login (crm users edit changes a user crm made)`,
    'db.usersNoUser': (login: string) => `no crm user ${login} (crm users list)`,
    'db.rightsBusy': (database: string, seconds: number) =>
      `database ${database} is busy: another crm init, crm users change or write holds it; waited ${seconds} s, nothing was changed — run the command again`,
    /** `crm db rebuild-summaries [--check]`: every derived table by name with its rows, then the drift. */
    'db.summaries': (checked: boolean, r: DerivedRows, differed: number) =>
      `sales summaries ${checked ? 'checked' : 'rebuilt'}: sales_summary ${plural(r.groupRows, 'month × group row')}, ` +
      `sales_summary_client ${plural(r.clientRows, 'month × client row')}, sales_summary_client_group ${plural(r.clientGroupRows, 'month × client × group row')}, ` +
      `product_month_sales ${plural(r.productMonthRows, 'SKU × month row')}; ` +
      (differed === 0 ? 'they matched the shipments' : `${plural(differed, 'row')} ${checked ? (differed === 1 ? 'differs' : 'differ') : 'differed'} from the shipments`),
    'db.summariesDiffer': () => 'the sales summaries differ from the shipments: run "crm db rebuild-summaries" to repair them',
    /** The funnel's deal_stage_moves, after the summaries' line. */
    'db.stageMoves': (checked: boolean, rows: number, differed: number) =>
      `deal stage moves ${checked ? 'checked' : 'rebuilt'}: deal_stage_moves ${plural(rows, 'stage change row')}; ` +
      (differed === 0 ? 'they matched the deal stage changes' : `${plural(differed, 'row')} ${checked ? (differed === 1 ? 'differs' : 'differ') : 'differed'} from the deal stage changes`),
    'db.stageMovesDiffer': () => 'deal_stage_moves differs from the deal stage changes: run "crm db rebuild-summaries" to repair it',
    'db.checkFailed': (db: string, failed: string[]) => `db check: ${db} failed ${plural(failed.length, 'check')} (${failed.join(', ')}); see the findings above`,
    'db.checkPassed': (db: string, checks: number) => `db check: ${db} passed ${plural(checks, 'check')}`,
    'db.infoSchema': (version: number, known: number, marked: boolean) => `schema version: ${version} (${version === known ? 'current' : version < known ? `older than this crm's ${known}: crm init migrates it` : `newer than this crm's ${known}`})${marked ? '' : ", not marked as crm's yet"}`,
    'db.infoOperations': (operations: number, rows: number, ranges: number) => `operations: ${operations.toLocaleString('en-US')}; journal: ${plural(rows, 'row')}, ${plural(ranges, 'range')} of inserted rows`,
    'db.infoLast': (what: string | undefined) => `last operation: ${what ?? 'none yet'}`,
    'db.infoEmptyTables': (n: number) => `(${plural(n, 'empty table')} not shown)`,
    'db.copied': (rows: number, tables: number, from: string, to: string, seconds: string) => `copied ${plural(rows, 'row')} of ${plural(tables, 'table')} from ${from} to ${to} in ${seconds} s: counts and checksums agree`,
    'db.copySame': (to: string) => `crm db copy: FROM and TO are the same database (${to})`,
    'db.copyExists': (to: string) => `${to} already exists: crm db copy writes a new file (or an empty PostgreSQL database); nothing was written`,
  },
  {
    'db.columnsHidden': (columns: string[]) => `не показаны: ${columns.join(', ')} (вашей роли они недоступны)`,
    'db.historyGaps': (missing: string[]) =>
      `операций ${missing.join(', ')} нет: на сервере PostgreSQL прерванная или неудачная запись расходует свой номер и ничего не пишет (или операция другого пользователя, которую вашей роли не видно)`,
    'db.demoServerHolds': (url: string) => `${url} уже содержит базу crm: --force заменит её строки демо-данными (одной транзакцией; пользователи и права останутся), или укажите --db ДРУГАЯ`,
    'db.infoServer': (version: string, where: string, database: string, user: string) => `сервер: PostgreSQL ${version} на ${where}; база ${database}, пользователь ${user}`,
    'db.infoServerSize': (database: string, tables: string) => `размер: база ${sizeRu(database)} на сервере; таблицы crm ${sizeRu(tables)} вместе с индексами`,
    'db.usersNeedServer': (file: string) => `пользователи и права есть только в PostgreSQL: ${file} — файл SQLite, он для одного пользователя (docs/postgresql.md, «Users and rights»); укажите --db postgres://…`,
    'db.usersNoPassword': () => '--password-stdin: на stdin нет пароля (передайте его из хранилища секретов: … | crm users add LOGIN --password-stdin)',
    'db.usersNeedRole': (login: string, roles: string) => `crm users add ${login}: нужна --role: ${roles}`,
    'db.usersAdded': (user: string, login: string, hasPassword: boolean) => `добавлен ${user}: входит как postgres://${login}:ПАРОЛЬ@HOST/DB${hasPassword ? '' : ', когда получит пароль (crm users edit LOGIN --password-stdin)'}`,
    'db.usersEditWhat': () => 'crm users edit: укажите, что изменить (--role, --manager, --password-stdin, --enable)',
    'db.usersChanged': (user: string, newPassword: boolean) => `изменён ${user}${newPassword ? ', задан новый пароль' : ''}`,
    'db.usersDisabled': (login: string) => `отключён ${login}: больше не может войти; его операции сохраняют его имя (crm users edit ${login} --enable снова пустит его)`,
    'db.usersNone': () => 'пользователей пока нет: crm users add LOGIN --role admin|analyst|manager|warehouse',
    'db.usersHeader': () => 'логин|роль|менеджер|статус',
    'db.usersStatus': (active: boolean) => (active ? 'активен' : 'отключён'),
    'db.explainWho': (login: string, role: string, manager: string | null, entity: string, key: string) => `${login} (${role}${manager ? `, менеджер ${manager}` : ''}), ${entity} ${key}:`,
    'db.explainRead': (allowed: boolean, rule: string) => `  чтение:    ${allowed ? 'да' : 'нет'} — ${rule}`,
    'db.explainChange': (allowed: boolean, rule: string) => `  изменение: ${allowed ? 'да' : 'нет'} — ${rule}`,
    'db.explainHidden': (columns: string[], table: string) => `  не видны: ${columns.join(', ')} (деньги из ${table})`,
    'db.usersNeedServerDb': () => 'пользователи и права есть только в PostgreSQL: файл SQLite — для одного пользователя (docs/postgresql.md, «Users and rights»); укажите --db postgres://…',
    'db.usersUnknownRole': (role: string, roles: string) => `неизвестная роль «${role}»: одна из ${roles}`,
    'db.usersNeedCreateRole': (what: string, me: string) => `crm users ${what}: нужен пользователь PostgreSQL, который может создавать роли (CREATEROLE), а ${me} не может; ничего не изменено`,
    'db.usersNoRights': () => `права этой базы не установлены: сначала выполните crm init от имени владельца базы; ничего не изменено`,
    'db.usersNeedManager': () => 'пользователю-менеджеру нужен --manager КОД: менеджер, чьих клиентов он видит',
    'db.usersManagerOnly': (role: string) => `--manager — только для роли manager; ${role} видит ${role === 'warehouse' ? 'всех клиентов' : 'всё'}`,
    'db.usersNoManager': (manager: string) => `нет менеджера ${manager}: сначала загрузите менеджеров (crm import managers)`,
    'db.usersBadLogin': (login: string) => `логин «${login}»: строчные латинские буквы, цифры и _, начиная с буквы, не длиннее 63`,
    'db.usersRoleExists': (login: string) => `на сервере уже есть роль ${login}: выберите другой логин (crm users edit меняет пользователя, созданного crm)`,
    'db.usersNoUser': (login: string) => `нет пользователя crm ${login} (crm users list)`,
    'db.rightsBusy': (database: string, seconds: number) =>
      `база ${database} занята: её держит другой crm init, изменение пользователей crm users или запись; ждали ${seconds} с, ничего не изменено — повторите команду`,
    'db.summaries': (checked: boolean, r: DerivedRows, differed: number) =>
      `сводки продаж ${checked ? 'проверены' : 'пересчитаны'}: sales_summary ${pluralRu(r.groupRows, 'строка', 'строки', 'строк')} (месяц × группа), ` +
      `sales_summary_client ${pluralRu(r.clientRows, 'строка', 'строки', 'строк')} (месяц × клиент), sales_summary_client_group ${pluralRu(r.clientGroupRows, 'строка', 'строки', 'строк')} (месяц × клиент × группа), ` +
      `product_month_sales ${pluralRu(r.productMonthRows, 'строка', 'строки', 'строк')} (SKU × месяц); ` +
      (differed === 0
        ? 'совпадают с отгрузками'
        : `${pluralRu(differed, 'строка', 'строки', 'строк')} ${checked ? (differed % 10 === 1 && differed % 100 !== 11 ? 'расходится' : 'расходятся') : differed % 10 === 1 && differed % 100 !== 11 ? 'расходилась' : 'расходились'} с отгрузками`),
    'db.summariesDiffer': () => 'сводки продаж расходятся с отгрузками: исправьте их командой "crm db rebuild-summaries"',
    'db.stageMoves': (checked: boolean, rows: number, differed: number) =>
      `переходы сделок ${checked ? 'проверены' : 'пересчитаны'}: deal_stage_moves ${pluralRu(rows, 'строка', 'строки', 'строк')} (по одной на смену этапа); ` +
      (differed === 0
        ? 'совпадают со сменами этапов'
        : `${pluralRu(differed, 'строка', 'строки', 'строк')} ${checked ? (differed % 10 === 1 && differed % 100 !== 11 ? 'расходится' : 'расходятся') : differed % 10 === 1 && differed % 100 !== 11 ? 'расходилась' : 'расходились'} со сменами этапов`),
    'db.stageMovesDiffer': () => 'deal_stage_moves расходится со сменами этапов сделок: исправьте командой "crm db rebuild-summaries"',
    'db.checkFailed': (db: string, failed: string[]) => `db check: ${db} не прошла ${pluralRu(failed.length, 'проверку', 'проверки', 'проверок')} (${failed.join(', ')}); находки — выше`,
    'db.checkPassed': (db: string, checks: number) => `db check: ${db} прошла ${pluralRu(checks, 'проверку', 'проверки', 'проверок')}`,
    'db.infoSchema': (version: number, known: number, marked: boolean) => `версия схемы: ${version} (${version === known ? 'текущая' : version < known ? `старше, чем у этого crm (${known}): crm init перенесёт её вперёд` : `новее, чем у этого crm (${known})`})${marked ? '' : ', ещё не помечена как база crm'}`,
    'db.infoOperations': (operations: number, rows: number, ranges: number) => `операций: ${intRu(operations)}; журнал: ${pluralRu(rows, 'строка', 'строки', 'строк')}, ${pluralRu(ranges, 'диапазон', 'диапазона', 'диапазонов')} вставленных строк`,
    'db.infoLast': (what: string | undefined) => `последняя операция: ${what ?? 'пока нет'}`,
    'db.infoEmptyTables': (n: number) => `(не показаны пустые таблицы: ${n})`,
    'db.copied': (rows: number, tables: number, from: string, to: string, seconds: string) => `скопировано ${pluralRu(rows, 'строка', 'строки', 'строк')} из ${pluralRu(tables, 'таблицы', 'таблиц', 'таблиц')} из ${from} в ${to} за ${seconds.replace('.', ',')} с: количества и контрольные суммы совпадают`,
    'db.copySame': (to: string) => `crm db copy: FROM и TO — одна и та же база (${to})`,
    'db.copyExists': (to: string) => `${to} уже существует: crm db copy пишет в новый файл (или в пустую базу PostgreSQL); ничего не записано`,
  },
);
