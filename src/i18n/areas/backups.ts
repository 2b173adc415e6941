// Words of `crm backup`, `crm restore` and `crm db copy` (src/commands/backup.ts,
// src/db/backup.ts, src/db/copy.ts): refusals, the damage found in a backup, the counts table.
// The rows-referring-to-missing-rows warnings stay English: they are stored in the manifest and
// compared by restore, so they must not depend on the language of the run that made them.
import { defineArea } from '../area.js';
import { intRu, pluralRu } from '../../util/plural.js';

/** `2026-11-28 00:31:22` (localTime) or an ISO time → `28.11.2026 00:31:22`, as a Russian reader writes it. */
export function timeRu(text: string): string {
  const local = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(text);
  if (local) return `${local[3]}.${local[2]}.${local[1]} ${local[4]}`;
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(d.getTime())) return text;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** `7.1 MB` (bytesDisplay) → `7,1 МБ`. */
export function sizeRu(text: string): string {
  const units: Record<string, string> = { bytes: 'байт', KB: 'КБ', MB: 'МБ', GB: 'ГБ', TB: 'ТБ' };
  const m = /^([\d.]+) (bytes|KB|MB|GB|TB)$/.exec(text);
  return m ? `${m[1]!.replace('.', ',')}\u00a0${units[m[2]!]}` : text;
}

const rowsRu = (n: number) => pluralRu(n, 'строка', 'строки', 'строк');
const permission = (code: string | undefined) => code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
const inTheWay = (code: string | undefined) => code === 'EEXIST' || code === 'ENOTDIR';

export const backups = defineArea(
  {
    'backups.fileExists': (file: string) => `${file} exists: crm backup never replaces a file; give a new name, or leave FILE out for backups/crm-YYYYMMDD-HHMMSS.db`,
    'backups.cannotCreateFolder': (dir: string, code: string | undefined, message: string) =>
      `cannot create the folder ${dir} for the backup: ${permission(code) ? 'permission denied' : inTheWay(code) ? 'a file of that name is in the way' : message}; give a FILE elsewhere (crm backup FILE)`,
    'backups.existsAlready': (file: string) => `${file} exists already: try again in a second`,
    'backups.copyFailed': (database: string, problems: string[]) =>
      `the copy of ${database} failed its verification, no backup was kept: ${problems.join('; ')} (crm db check looks at the database itself)`,
    'backups.copySchema': (found: number, database: number) => `schema version ${found}, the database's is ${database}`,
    'backups.missingReferences': (warnings: string[]) =>
      `warning: the database has rows that refer to missing rows, copied as they are (crm db check lists them): ${warnings.join('; ')}`,
    'backups.operation': (id: number, command: string, user: string, when: string, argv: string | null | undefined) => `${id}, ${command} by ${user}, ${when}${argv ? ` (${argv})` : ''}`,
    'backups.noOperation': () => 'none yet',
    'backups.columnTable': () => 'table',
    'backups.columnRows': () => 'rows',
    'backups.columnNow': () => 'now',
    'backups.columnBackup': () => 'backup',
    'backups.columnReplaced': () => 'replaced',
    'backups.columnSize': () => 'size',
    // crm db info of an SQLite file (src/commands/db.ts)
    'backups.infoFile': (file: string) => `file: ${file}`,
    'backups.infoSize': (total: string, file: string, wal: string, mode: string) => `size: ${total} (file ${file}, -wal ${wal}); journal mode: ${mode}`,
    'backups.infoPages': (pages: number, pageSize: string, free: number) => `pages: ${pages.toLocaleString('en-US')} of ${pageSize}, ${free.toLocaleString('en-US')} free`,
    'backups.noManifest': (file: string, manifest: string) =>
      `${file} has no manifest (${manifest} beside it): crm restores only backups made by crm backup; to restore a plain copy of a database, make a backup of it first: crm --db COPY backup`,
    'backups.manifestNotJson': (manifest: string, message: string) => `${manifest} is not a crm backup manifest (not JSON: ${message}); nothing was written`,
    'backups.manifestNotObject': (manifest: string) => `${manifest} is not a crm backup manifest (not a JSON object); nothing was written`,
    'backups.manifestIncomplete': (manifest: string) => `${manifest} is not a crm backup manifest (application, sha256, schema_version or tables missing); nothing was written`,
    'backups.emptyName': () => "the backup file name is empty: give the backup's .db file (ls backups/)",
    'backups.notAFile': (file: string) => `${file} is not a file: give the backup's .db file`,
    'backups.isTheDatabase': (file: string, database: string, suffix: string) =>
      `${file} is the database ${database}${suffix ? `'s ${suffix} file` : ' itself'}: give a backup made by crm backup`,
    'backups.damagedSha': (file: string, sha: string, manifestSha: string) =>
      `${file} does not match its manifest (sha256 ${sha}…, the manifest says ${manifestSha}…): it was damaged or changed since the backup; nothing was written`,
    'backups.damagedChecks': (file: string, problems: string[]) => `${file} fails its checks: ${problems.join('; ')}: it was damaged or changed since the backup; nothing was written`,
    'backups.damagedReferences': (file: string, warnings: string[]) =>
      `${file} has rows its manifest does not know of that refer to missing rows: ${warnings.join('; ')}: it was damaged or changed since the backup; nothing was written`,
    'backups.damagedContents': (file: string, differences: string[]) =>
      `${file} does not hold what its manifest says: ${differences.join('; ')}: it was damaged or changed since the backup; nothing was written`,
    'backups.manifestSchema': (found: number, manifest: number) => `schema version ${found}, the manifest says ${manifest}`,
    'backups.manifestNewer': (file: string, version: number, known: number) =>
      `${file}: its manifest says schema version ${version}, newer than this crm understands (${known}): restore it with a newer crm; nothing was written`,
    'backups.noDatabase': (database: string, file: string) =>
      `no database at ${database}: restore replaces the contents of an existing database; to start one from this backup, copy it there (cp ${file} ${database}) or run crm init first`,
    'backups.diskFull': (file: string) => `disk full while copying ${file} beside the database: nothing was written`,
    'backups.cannotWriteBeside': (dir: string, code: string) => `cannot write beside the database in ${dir} (${code}): nothing was written`,
    'backups.otherDatabasePreview': (file: string, source: string, here: string) =>
      `warning: ${file} is a backup of ${source}, not of ${here}: restoring it would replace every row of this database with that one's (it takes --yes)`,
    'backups.otherDatabaseYes': (file: string, source: string, here: string) => `warning: ${file} is a backup of ${source}, not of ${here}: restored with --yes`,
    'backups.otherDatabase': (file: string, source: string, here: string) =>
      `${file} is a backup of ${source}, not of ${here}: to replace every row of this database with that one's, run again with --yes (crm --yes restore ${file}); nothing was written`,
    'backups.previewBackup': (created: string, source: string, version: number, migratedTo: number | undefined) =>
      `backup: made ${created} from ${source}, schema version ${version}${migratedTo !== undefined ? ` (migrated to ${migratedTo} when restored)` : ''}, sha256 verified`,
    // src/db/backup.ts
    'backups.cannotWrite': (dir: string) => `cannot write the backup in ${dir}: SQLite cannot create a file there; give a FILE in a folder you may write`,
    'backups.notSqlite': (file: string) => `${file} is not a crm backup: not an SQLite database file`,
    'backups.foreignSqlite': (file: string) => `${file} is another application's SQLite database, not a crm backup`,
    'backups.newerSchema': (file: string, version: number, known: number) =>
      `${file} has schema version ${version}, newer than this crm understands (${known}): restore it with a newer crm; nothing was written`,
    'backups.walMode': (file: string) => `${file} is a database in WAL mode, not a file crm backup made: make a backup of it with crm --db ${file} backup`,
    'backups.cannotOpen': (message: string) => `SQLite cannot open it: ${message}`,
    'backups.integrity': (text: string) => `integrity check: ${text}`,
    'backups.missingTables': (file: string, missing: string[]) => `${file} is not a crm backup: it has no ${missing.join(', ')} table`,
    'backups.damaged': (message: string) => `damaged: ${message}`,
    'backups.tableMissing': (table: string, expected: number) => `table ${table} is missing (expected ${expected} rows)`,
    'backups.tableUnexpected': (table: string, found: number) => `table ${table} (${found} rows) was not expected`,
    'backups.tableCount': (table: string, found: number, expected: number) => `${table}: ${found} rows, expected ${expected}`,
    'backups.tablesDiffer': (tables: string[]) => `the backup's tables differ from the database's after migrating it: ${tables.join(', ')}`,
    // src/db/copy.ts
    'backups.copyHoldsData': (where: string, table: string) => `${where} already holds data (table ${table}): crm db copy writes only into a new file or an empty database; nothing was written`,
    'backups.copyNoTables': (to: string, from: string, missing: string[]) =>
      `${to} does not have the tables of ${from} (${missing.join(', ') || 'other tables'}): both must be at this crm's schema version`,
    'backups.copyColumns': (table: string, to: string, from: string) => `${table} has other columns in ${to} than in ${from}`,
    'backups.copyMismatch': (table: string, from: string, rows: number, checksum: string, copied: number, copiedChecksum: string) =>
      `${table}: ${from} has ${rows} rows (${checksum}), the copy ${copied} (${copiedChecksum}); nothing was written`,
  },
  {
    'backups.fileExists': (file) => `${file} уже есть: crm backup никогда не заменяет файл; дайте новое имя или не указывайте FILE — тогда копия ляжет в backups/crm-YYYYMMDD-HHMMSS.db`,
    'backups.cannotCreateFolder': (dir, code, message) =>
      `не удаётся создать папку ${dir} для копии: ${permission(code) ? 'нет прав доступа' : inTheWay(code) ? 'мешает файл с таким именем' : message}; укажите FILE в другом месте (crm backup FILE)`,
    'backups.existsAlready': (file) => `${file} уже есть: попробуйте через секунду`,
    'backups.copyFailed': (database, problems) =>
      `копия ${database} не прошла проверку, резервная копия не сохранена: ${problems.join('; ')} (саму базу проверяет crm db check)`,
    'backups.copySchema': (found, database) => `версия схемы ${found}, а у базы ${database}`,
    'backups.missingReferences': (warnings) =>
      `предупреждение: в базе есть строки, ссылающиеся на отсутствующие строки, они скопированы как есть (их перечисляет crm db check): ${warnings.join('; ')}`,
    'backups.operation': (id, command, user, when, argv) => `${id}, ${command}, выполнил ${user}, ${timeRu(when)}${argv ? ` (${argv})` : ''}`,
    'backups.noOperation': () => 'пока нет',
    'backups.columnTable': () => 'таблица',
    'backups.columnRows': () => 'строк',
    'backups.columnNow': () => 'сейчас',
    'backups.columnBackup': () => 'в копии',
    'backups.columnReplaced': () => 'заменено',
    'backups.columnSize': () => 'размер',
    'backups.infoFile': (file) => `файл: ${file}`,
    'backups.infoSize': (total, file, wal, mode) => `размер: ${sizeRu(total)} (файл ${sizeRu(file)}, -wal ${sizeRu(wal)}); режим журнала: ${mode}`,
    'backups.infoPages': (pages, pageSize, free) => `страниц: ${intRu(pages)} по ${sizeRu(pageSize)}, свободных ${intRu(free)}`,
    'backups.noManifest': (file, manifest) =>
      `у ${file} нет манифеста (рядом нет ${manifest}): crm восстанавливает только копии, сделанные crm backup; чтобы восстановить простую копию базы, сначала сделайте из неё резервную копию: crm --db COPY backup`,
    'backups.manifestNotJson': (manifest, message) => `${manifest} — не манифест резервной копии crm (не JSON: ${message}); ничего не записано`,
    'backups.manifestNotObject': (manifest) => `${manifest} — не манифест резервной копии crm (не объект JSON); ничего не записано`,
    'backups.manifestIncomplete': (manifest) => `${manifest} — не манифест резервной копии crm (нет application, sha256, schema_version или tables); ничего не записано`,
    'backups.emptyName': () => 'имя файла копии пустое: укажите .db-файл копии (ls backups/)',
    'backups.notAFile': (file) => `${file} — не файл: укажите .db-файл копии`,
    'backups.isTheDatabase': (file, database, suffix) =>
      `${file} — ${suffix ? `файл ${suffix} базы ${database}` : `сама база ${database}`}: укажите копию, сделанную crm backup`,
    'backups.damagedSha': (file, sha, manifestSha) =>
      `${file} не совпадает со своим манифестом (sha256 ${sha}…, в манифесте ${manifestSha}…): файл повреждён или изменён после копирования; ничего не записано`,
    'backups.damagedChecks': (file, problems) => `${file} не проходит проверки: ${problems.join('; ')}: файл повреждён или изменён после копирования; ничего не записано`,
    'backups.damagedReferences': (file, warnings) =>
      `в ${file} есть неизвестные манифесту строки, ссылающиеся на отсутствующие строки: ${warnings.join('; ')}: файл повреждён или изменён после копирования; ничего не записано`,
    'backups.damagedContents': (file, differences) =>
      `${file} содержит не то, что сказано в манифесте: ${differences.join('; ')}: файл повреждён или изменён после копирования; ничего не записано`,
    'backups.manifestSchema': (found, manifest) => `версия схемы ${found}, в манифесте ${manifest}`,
    'backups.manifestNewer': (file, version, known) =>
      `${file}: по манифесту версия схемы ${version}, новее, чем понимает этот crm (${known}): восстановите её более новым crm; ничего не записано`,
    'backups.noDatabase': (database, file) =>
      `базы данных ${database} нет: restore заменяет содержимое существующей базы; чтобы начать базу с этой копии, скопируйте её туда (cp ${file} ${database}) или сначала выполните crm init`,
    'backups.diskFull': (file) => `диск заполнен при копировании ${file} рядом с базой: ничего не записано`,
    'backups.cannotWriteBeside': (dir, code) => `нельзя писать рядом с базой в ${dir} (${code}): ничего не записано`,
    'backups.otherDatabasePreview': (file, source, here) =>
      `предупреждение: ${file} — копия ${source}, а не ${here}: восстановление заменило бы все строки этой базы строками той (для него нужен --yes)`,
    'backups.otherDatabaseYes': (file, source, here) => `предупреждение: ${file} — копия ${source}, а не ${here}: восстановлено с --yes`,
    'backups.otherDatabase': (file, source, here) =>
      `${file} — копия ${source}, а не ${here}: чтобы заменить все строки этой базы строками той, запустите ещё раз с --yes (crm --yes restore ${file}); ничего не записано`,
    'backups.previewBackup': (created, source, version, migratedTo) =>
      `копия: сделана ${timeRu(created)} из ${source}, версия схемы ${version}${migratedTo !== undefined ? ` (при восстановлении будет перенесена на ${migratedTo})` : ''}, sha256 проверена`,
    'backups.cannotWrite': (dir) => `не удаётся записать копию в ${dir}: SQLite не может создать там файл; укажите FILE в папке, куда можно писать`,
    'backups.notSqlite': (file) => `${file} — не резервная копия crm: это не файл базы SQLite`,
    'backups.foreignSqlite': (file) => `${file} — база SQLite другой программы, а не резервная копия crm`,
    'backups.newerSchema': (file, version, known) =>
      `у ${file} версия схемы ${version}, новее, чем понимает этот crm (${known}): восстановите её более новым crm; ничего не записано`,
    'backups.walMode': (file) => `${file} — база в режиме WAL, а не файл, сделанный crm backup: сделайте из неё копию командой crm --db ${file} backup`,
    'backups.cannotOpen': (message) => `SQLite не может его открыть: ${message}`,
    'backups.integrity': (text) => `проверка целостности: ${text}`,
    'backups.missingTables': (file, missing) => `${file} — не резервная копия crm: в нём нет ${missing.length === 1 ? 'таблицы' : 'таблиц'} ${missing.join(', ')}`,
    'backups.damaged': (message) => `повреждён: ${message}`,
    'backups.tableMissing': (table, expected) => `нет таблицы ${table} (ожидалось ${rowsRu(expected)})`,
    'backups.tableUnexpected': (table, found) => `таблица ${table} (${rowsRu(found)}) не ожидалась`,
    'backups.tableCount': (table, found, expected) => `${table}: ${rowsRu(found)}, ожидалось ${intRu(expected)}`,
    'backups.tablesDiffer': (tables) => `после переноса схемы таблицы копии расходятся с таблицами базы: ${tables.join(', ')}`,
    'backups.copyHoldsData': (where, table) => `в ${where} уже есть данные (таблица ${table}): crm db copy пишет только в новый файл или в пустую базу; ничего не записано`,
    'backups.copyNoTables': (to, from, missing) =>
      `в ${to} нет таблиц ${from} (${missing.join(', ') || 'других таблиц'}): обе базы должны быть на версии схемы этого crm`,
    'backups.copyColumns': (table, to, from) => `у ${table} в ${to} другие столбцы, чем в ${from}`,
    'backups.copyMismatch': (table, from, rows, checksum, copied, copiedChecksum) =>
      `${table}: в ${from} ${rowsRu(rows)} (${checksum}), в копии ${intRu(copied)} (${copiedChecksum}); ничего не записано`,
  },
);
