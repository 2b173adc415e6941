// Files and databases a user names: missing, foreign, damaged, unwritable (src/db/connection.ts,
// src/io/outputPath.ts, src/io/read.ts, src/io/write.ts).
import { defineArea } from '../area.js';

export const files = defineArea(
  {
    'files.readOnly': (file: string, reason: string) =>
      `read-only database ${file}: ${reason}; nothing was written`,
    'files.foreignSqlite': (file: string) =>
      `${file} is another application's SQLite database, not a crm database: pass the right --db PATH`,
    'files.dbPermission': (file: string) =>
      `cannot read the database ${file}: permission denied`,
    'files.dbIsFolder': (file: string) =>
      `${file} is a folder, not a database file: pass --db FILE`,
    'files.dbNotRegular': (file: string) =>
      `${file} is not a regular file, so not a crm database: pass the right --db PATH`,
    'files.dbEmpty': (file: string) =>
      `${file} is an empty file (0 bytes), not a crm database: pass the right --db PATH (crm init creates a database only where no file exists)`,
    'files.notSqlite': (file: string) =>
      `${file} is not a crm database (not an SQLite file): pass the right --db PATH`,
    'files.damagedHeader': (file: string, what: string) =>
      `${file} is damaged (${what}): crm did not open it; move it aside and copy a backup in its place (mv ${file} ${file}.damaged; cp backups/crm-….db ${file}) — crm restore needs a database it can open`,
    'files.keptChanging': (file: string) =>
      `cannot read ${file}: it kept changing while crm read it; try again`,
    'files.folderNotWritable': (file: string, dir: string) =>
      `cannot create ${file}: the folder ${dir} is not writable; nothing was written`,
    'files.noDatabase': (file: string) =>
      `no database at ${file} — create it with crm init`,
    'files.emptyDbOption': () => `--db is empty: give a database file (crm.db) or postgres://USER@HOST/DB`,
    'files.newerSchema': (file: string, version: number, known: number) =>
      `${file} has schema version ${version}, newer than this crm understands (${known}): upgrade crm to open it`,
    'files.diskFullDb': (file: string) =>
      `disk full while writing ${file}: nothing was written`,
    'files.damagedSqlite': (file: string, message: string) =>
      `${file} is damaged (SQLite: ${message}): move it aside and copy a backup in its place (mv ${file} ${file}.damaged; cp backups/crm-….db ${file}) — crm restore needs a database it can open`,
    'files.cannotOpen': (file: string, message: string) =>
      `cannot open the database ${file}: ${message}`,
    'files.formatClash': (given: string, flag: string, file: string, format: string, wanted: string | null) =>
      `${given} and ${flag} ${file} disagree: ${format} ${wanted ? `goes to a ${wanted} file` : 'is no file format'}; rename the file or leave out ${given.split(' ')[0]}`,
    'files.notXlsx': () => 'not an .xlsx workbook (the file is not a zip archive); save it from Excel as .xlsx',
    'files.outDash': (who: string) =>
      `${who}: crm writes files, not standard output, with -o; leave -o out to print to the terminal`,
    'files.outSlash': (who: string) =>
      `${who}: a path ending in "/" names a folder; give a file name`,
    'files.outDanglingLink': (who: string, target: string) =>
      `${who}: a link to ${target}, which does not exist; give the file itself`,
    'files.outFolder': (who: string) =>
      `${who}: that is a folder, not a file; give a file name`,
    'files.outNotRegular': (who: string) =>
      `${who}: not a regular file (a device, pipe or socket); give a file name`,
    'files.outNoFolder': (who: string, dir: string) =>
      `${who}: folder ${dir} does not exist`,
    'files.outNotFolder': (who: string, dir: string) =>
      `${who}: ${dir} is not a folder`,
    'files.outNotWritable': (who: string, dir: string) =>
      `${who}: folder ${dir} is not writable`,
    'files.diskFullFile': (file: string) =>
      `disk full while writing ${file}: nothing was written, an existing file is unchanged`,
    'files.unknownEncoding': (encoding: string) =>
      `--encoding ${encoding}: unknown encoding`,
  },
  {
    'files.readOnly': (file: string, reason: string) =>
      `база данных ${file} только для чтения: ${reason}; ничего не записано`,
    'files.foreignSqlite': (file: string) =>
      `${file} — база SQLite другой программы, а не база crm: укажите правильный --db ПУТЬ`,
    'files.dbPermission': (file: string) =>
      `не удаётся прочитать базу данных ${file}: нет прав доступа`,
    'files.dbIsFolder': (file: string) =>
      `${file} — папка, а не файл базы данных: укажите --db ФАЙЛ`,
    'files.dbNotRegular': (file: string) =>
      `${file} — не обычный файл, значит, не база crm: укажите правильный --db ПУТЬ`,
    'files.dbEmpty': (file: string) =>
      `${file} — пустой файл (0 байт), а не база crm: укажите правильный --db ПУТЬ (crm init создаёт базу только там, где файла ещё нет)`,
    'files.notSqlite': (file: string) =>
      `${file} — не база crm (это не файл SQLite): укажите правильный --db ПУТЬ`,
    'files.damagedHeader': (file: string, what: string) =>
      `${file} повреждён (${what}): crm его не открыл; отложите его и положите на его место резервную копию (mv ${file} ${file}.damaged; cp backups/crm-….db ${file}) — crm restore нужна база, которую можно открыть`,
    'files.keptChanging': (file: string) =>
      `не удаётся прочитать ${file}: файл менялся, пока crm его читал; попробуйте ещё раз`,
    'files.folderNotWritable': (file: string, dir: string) =>
      `не удаётся создать ${file}: в папку ${dir} нельзя писать; ничего не записано`,
    'files.noDatabase': (file: string) =>
      `базы данных ${file} нет — создайте её командой crm init`,
    'files.emptyDbOption': () => `--db пусто: укажите файл базы (crm.db) или postgres://USER@HOST/DB`,
    'files.newerSchema': (file: string, version: number, known: number) =>
      `у ${file} версия схемы ${version}, новее, чем понимает этот crm (${known}): обновите crm, чтобы её открыть`,
    'files.diskFullDb': (file: string) =>
      `диск заполнен при записи ${file}: ничего не записано`,
    'files.damagedSqlite': (file: string, message: string) =>
      `${file} повреждён (SQLite: ${message}): отложите его и положите на его место резервную копию (mv ${file} ${file}.damaged; cp backups/crm-….db ${file}) — crm restore нужна база, которую можно открыть`,
    'files.cannotOpen': (file: string, message: string) =>
      `не удаётся открыть базу данных ${file}: ${message}`,
    'files.formatClash': (given, flag, file, format, wanted) =>
      `${given} и ${flag} ${file} не согласуются: ${format} ${wanted ? `пишется в файл ${wanted}` : '— не формат файла'}; переименуйте файл или уберите ${given.split(' ')[0]}`,
    'files.notXlsx': () => 'не книга .xlsx (файл не zip-архив); сохраните его из Excel как .xlsx',
    'files.outDash': (who: string) =>
      `${who}: с -o crm пишет в файл, а не в стандартный вывод; уберите -o, чтобы вывести на терминал`,
    'files.outSlash': (who: string) =>
      `${who}: путь, оканчивающийся на «/», — это папка; укажите имя файла`,
    'files.outDanglingLink': (who: string, target: string) =>
      `${who}: ссылка на ${target}, которого нет; укажите сам файл`,
    'files.outFolder': (who: string) =>
      `${who}: это папка, а не файл; укажите имя файла`,
    'files.outNotRegular': (who: string) =>
      `${who}: не обычный файл (устройство, канал или сокет); укажите имя файла`,
    'files.outNoFolder': (who: string, dir: string) =>
      `${who}: папки ${dir} нет`,
    'files.outNotFolder': (who: string, dir: string) =>
      `${who}: ${dir} — не папка`,
    'files.outNotWritable': (who: string, dir: string) =>
      `${who}: в папку ${dir} нельзя писать`,
    'files.diskFullFile': (file: string) =>
      `диск заполнен при записи ${file}: ничего не записано, прежний файл не изменён`,
    'files.unknownEncoding': (encoding: string) =>
      `--encoding ${encoding}: неизвестная кодировка`,
  },
);
