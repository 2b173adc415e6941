// Words of the file readers (src/io/read.ts: CSV, encodings, xlsx) and of finding the header
// row of an import (src/import/rowSource.ts). They run in the parse worker too, which reads
// the language from CRM_LANG.
import { defineArea } from '../area.js';
import { intRu, plural, pluralRu } from '../../util/plural.js';

export const readers = defineArea(
  {
    'readers.headerRowBlank': (headerRow: number, file: string, sheet: string | undefined) => `--header-row ${headerRow}: row ${headerRow} of ${file}${sheet ? `, sheet ${sheet}` : ''} is blank`,
    'readers.headerRowNotHeader': (headerRow: number) => `--header-row ${headerRow}: row ${headerRow} is not a header, a required column is missing: nothing was written`,
    'readers.headerRowBeyond': (headerRow: number, file: string, sheet: string | undefined, rows: number) =>
      `--header-row ${headerRow}: ${file}${sheet ? `, sheet ${sheet}` : ''} has ${rows === 0 ? 'no rows' : `only ${rows} rows`}`,
    'readers.noHeaderRow': (searched: number, closest: number, missing: string[]) =>
      `no header row: ${searched === 1 ? 'the only row does not name' : `none of the first ${searched} rows names`} every required column; row ${closest} comes closest, missing ${missing.join(', ')} (--header-row N names the header row): nothing was written`,
    'readers.workerFailed': (message: string) => `import worker failed: ${message}`,
    'readers.workerExited': (code: number) => `import worker exited with code ${code}`,
    'readers.workerOrder': (type: string) => `import worker sent ${type} before the header`,
    'readers.zipNamedCsv': () => 'not a CSV text file but a zip archive (an .xlsx workbook named .csv?): save it from Excel as CSV, or import the .xlsx',
    'readers.zeroBytes': () => 'not a CSV text file (it contains zero bytes): save it from Excel or 1C as CSV',
    'readers.csvLine': (what: string, line: string | undefined) => (line === undefined ? what : `${what}; the line reads ${line}`),
    'readers.csvInvalid': (code: string) => `not a valid CSV line (${code})`,
    'readers.csvQuoteNotClosed': () => 'a quoted value is not closed: the file looks truncated, or a value starts with a quote that is never closed',
    'readers.csvClosingQuote': () => 'a closing quote is followed by other text',
    'readers.csvOpeningQuote': () => 'a quote inside a value that is not quoted',
    'readers.csvTooLong': () => 'the line is too long',
    'readers.cutCharacter': (bytes: number, encoding: string) =>
      `the file ends in the middle of a character (${plural(bytes, 'byte')}, odd for ${encoding}): it looks cut short; nothing was written`,
    'readers.notDecoding': (encoding: string) => `does not decode as ${encoding} (? marks the bytes)`,
    'readers.utf8Cut': () => 'UTF-8 that ends in the middle of a character: the file looks cut short',
    'readers.notUtf8': () => 'not UTF-8 (shown here as Windows-1251)',
    'readers.utf8NotOther': (encoding: string) => `UTF-8, not ${encoding} (shown here as UTF-8)`,
    'readers.noCharacter': (encoding: string) => `a byte that is no character in ${encoding} (? marks it)`,
    'readers.mixedEncodings': (file: string, encoding: string, given: boolean, count: number, listed: number) =>
      `${file} is read as ${encoding}${given ? ' (--encoding)' : ''}, but ${plural(count, 'line')} ${count === 1 ? 'is' : 'are'} ` +
      `in another encoding${count > listed ? ` (the first ${listed} are listed)` : ''}; nothing was written. Save the whole file in one encoding: UTF-8, or Windows-1251 with --encoding cp1251`,
    'readers.excelError': (error: string) => `an Excel error ${error}: fix the cell in Excel`,
    'readers.formulaNoValue': (formula: string) => `a formula saved without its value (=${formula}): open and save the file in Excel`,
    'readers.cannotReadWorkbook': (message: string) => `cannot read the workbook: ${message}`,
    'readers.noSheet': (file: string, sheet: string, seen: string[]) => `${file}: no sheet named "${sheet}" (sheets: ${seen.join(', ') || 'none'})`,
  },
  {
    'readers.headerRowBlank': (headerRow, file, sheet) => `--header-row ${headerRow}: строка ${headerRow} файла ${file}${sheet ? `, лист ${sheet}` : ''} пустая`,
    'readers.headerRowNotHeader': (headerRow) => `--header-row ${headerRow}: строка ${headerRow} — не заголовок, нет обязательного столбца: ничего не записано`,
    'readers.headerRowBeyond': (headerRow, file, sheet, rows) =>
      `--header-row ${headerRow}: в ${file}${sheet ? `, лист ${sheet}` : ''} ${rows === 0 ? 'нет строк' : `всего ${pluralRu(rows, 'строка', 'строки', 'строк')}`}`,
    'readers.noHeaderRow': (searched, closest, missing) =>
      `нет строки заголовков: ${searched === 1 ? 'единственная строка называет не' : `ни одна из первых ${intRu(searched)} строк не называет`} все обязательные столбцы; ближе всех строка ${closest}, в ней нет ${missing.join(', ')} (строку заголовков указывает --header-row N): ничего не записано`,
    'readers.workerFailed': (message) => `сбой процесса импорта: ${message}`,
    'readers.workerExited': (code) => `процесс импорта завершился с кодом ${code}`,
    'readers.workerOrder': (type) => `процесс импорта прислал ${type} раньше заголовка`,
    'readers.zipNamedCsv': () => 'это не текстовый CSV, а zip-архив (книга .xlsx с именем .csv?): сохраните её из Excel как CSV или загрузите .xlsx',
    'readers.zeroBytes': () => 'это не текстовый CSV (в нём нулевые байты): сохраните его из Excel или 1С как CSV',
    'readers.csvLine': (what, line) => (line === undefined ? what : `${what}; строка: ${line}`),
    'readers.csvInvalid': (code) => `строка не по правилам CSV (${code})`,
    'readers.csvQuoteNotClosed': () => 'значение в кавычках не закрыто: файл похож на обрезанный, или значение начинается с кавычки, которая нигде не закрывается',
    'readers.csvClosingQuote': () => 'за закрывающей кавычкой идёт другой текст',
    'readers.csvOpeningQuote': () => 'кавычка внутри значения без кавычек',
    'readers.csvTooLong': () => 'строка слишком длинная',
    'readers.cutCharacter': (bytes, encoding) =>
      `файл кончается посреди символа (${pluralRu(bytes, 'байт', 'байта', 'байт')}, нечётно для ${encoding}): похоже, он обрезан; ничего не записано`,
    'readers.notDecoding': (encoding) => `не читается как ${encoding} (? отмечает байты)`,
    'readers.utf8Cut': () => 'UTF-8, обрывающийся посреди символа: файл похож на обрезанный',
    'readers.notUtf8': () => 'не UTF-8 (показано как Windows-1251)',
    'readers.utf8NotOther': (encoding) => `UTF-8, а не ${encoding} (показано как UTF-8)`,
    'readers.noCharacter': (encoding) => `байт, который не является символом в ${encoding} (? отмечает его)`,
    'readers.mixedEncodings': (file, encoding, given, count, listed) =>
      `${file} читается как ${encoding}${given ? ' (--encoding)' : ''}, но ${pluralRu(count, 'строка', 'строки', 'строк')} в другой кодировке` +
      `${count > listed ? ` (показаны первые ${intRu(listed)})` : ''}; ничего не записано. Сохраните весь файл в одной кодировке: UTF-8 или Windows-1251 с --encoding cp1251`,
    'readers.excelError': (error) => `ошибка Excel ${error}: исправьте ячейку в Excel`,
    'readers.formulaNoValue': (formula) => `формула сохранена без значения (=${formula}): откройте и сохраните файл в Excel`,
    'readers.cannotReadWorkbook': (message) => `не удаётся прочитать книгу: ${message}`,
    'readers.noSheet': (file, sheet, seen) => `${file}: нет листа «${sheet}» (листы: ${seen.join(', ') || 'нет'})`,
  },
);
