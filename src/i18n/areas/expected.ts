// What a cell or an option should have been: the ranges of number columns (src/import/columns.ts)
// and the values options take (days, months, row numbers, versions …), whole sentences in both
// languages. A Russian number is grouped with no-break spaces and has a decimal comma.
import { intRu } from '../../util/plural.js';
import { defineArea } from '../area.js';

/** The type of a number column, as its range names it. */
export type NumberKind = 'money' | 'int' | 'number';

/** The values an option takes (`--days abc: expected a whole number of days, 0 or more`). */
const OPTION_EN = {
  dayOrMonth: 'a month (2026-03) or a date (2026-03-15, 15.03.2026)',
  day: 'a real date like 2026-11-30 or 30.11.2026',
  month: 'a month like 2027-01',
  version: 'latest, baseline or a version number',
  daysFrom0: 'a whole number of days, 0 or more',
  daysFrom1: 'a whole number of days, 1 or more',
  wideOrTidy: 'wide or tidy',
  exportFormat: 'csv, xlsx, json or 1c',
  rowNumber: 'a row number, 1 or more',
  codeOrName: 'code or name',
  operation: 'an operation number (crm history lists them)',
  wholeFrom1: 'a whole number, 1 or more',
  backupsToKeep: 'a whole number of backups to keep, 1 or more',
  planVersion: 'a version number (see crm plan versions)',
  runsToKeep: 'a whole number of runs, 0 or more',
  run: 'a run number (see crm plan runs)',
} as const;
export type OptionValue = keyof typeof OPTION_EN;

const OPTION_RU: Record<OptionValue, string> = {
  dayOrMonth: 'месяц (2026-03) или дата (2026-03-15, 15.03.2026)',
  day: 'существующая дата, например 2026-11-30 или 30.11.2026',
  month: 'месяц, например 2027-01',
  version: 'latest, baseline или номер версии',
  daysFrom0: 'целое число дней, 0 или больше',
  daysFrom1: 'целое число дней, 1 или больше',
  wideOrTidy: 'wide или tidy',
  exportFormat: 'csv, xlsx, json или 1c',
  rowNumber: 'номер строки, 1 или больше',
  codeOrName: 'code или name',
  operation: 'номер операции (список — crm history)',
  wholeFrom1: 'целое число, 1 или больше',
  backupsToKeep: 'целое число хранимых копий, 1 или больше',
  planVersion: 'номер версии (список — crm plan versions)',
  runsToKeep: 'целое число хранимых расчётов, 0 или больше',
  run: 'номер расчёта (список — crm plan runs)',
};

const KIND_EN: Record<NumberKind, string> = { money: 'an amount of money', int: 'a whole number', number: 'a number' };
const KIND_RU: Record<NumberKind, string> = { money: 'денежная сумма', int: 'целое число', number: 'число' };

/** English: 1 000 000 000 (spaces) from a million up, as the files' messages always wrote it. */
const numEn = (v: number) => (Math.abs(v) >= 1e6 ? String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ' ') : String(v));
/** Russian: 1 000 000 000 with no-break spaces, 0,5 with a comma. */
const numRu = (v: number) => {
  const [whole, fraction] = String(v).split('.');
  return `${intRu(Number(whole))}${fraction ? `,${fraction}` : ''}`;
};

export const expected = defineArea(
  {
    // src/import/columns.ts: a number outside its column's range
    'expected.range': (kind: NumberKind, low: number, high: number, percent: boolean, exclusive: boolean) =>
      `expected ${KIND_EN[kind]} ${exclusive ? `greater than ${numEn(low)} and at most` : `from ${numEn(low)} to`} ${numEn(high)}${percent ? ' %' : ''}`,
    'expected.atLeast': (kind: NumberKind, min: number, exclusive: boolean) => `expected ${KIND_EN[kind]} ${exclusive ? 'greater than' : 'not less than'} ${min}`,
    // options
    'expected.option': (option: string, value: string, what: OptionValue) => `${option} ${value}: expected ${OPTION_EN[what]}`,
    'expected.noSuchDay': (option: string, value: string, month: string, days: number, day: number) =>
      `${option} ${value}: the day does not exist (${month} has ${days} days, not ${day}): expected a real date like 2026-11-30 or 30.11.2026`,
    'expected.wholeUpTo': (option: string, value: string, max: number) => `${option} ${value}: expected a whole number from 1 to ${max}`,
    // src/io/read.ts
    'expected.fileType': (file: string, ext: string) => `${file}: unsupported file type "${ext || '(none)'}"; expected .xlsx, .csv, .tsv or .json`,
    'expected.jsonObject': () => 'expected an object with one field per column',
    'expected.jsonField': (key: string) => `field ${key}: expected a string, number or null`,
    'expected.jsonLine': () => 'not valid JSON: expected one object per line like the lines before',
    'expected.jsonInvalid': (error: string) => `not valid JSON: ${error}`,
    'expected.jsonArray': () => 'expected a JSON array of objects',
  },
  {
    'expected.range': (kind, low, high, percent, exclusive) =>
      `ожидается ${KIND_RU[kind]} ${exclusive ? `больше ${numRu(low)} и не больше` : `от ${numRu(low)} до`} ${numRu(high)}${percent ? ' %' : ''}`,
    'expected.atLeast': (kind, min, exclusive) => `ожидается ${KIND_RU[kind]} ${exclusive ? 'больше' : 'не меньше'} ${numRu(min)}`,
    'expected.option': (option, value, what) => `${option} ${value}: ожидается ${OPTION_RU[what]}`,
    'expected.noSuchDay': (option, value, month, days, day) =>
      `${option} ${value}: такого дня нет (в месяце ${month} дней: ${days}, а не ${day}): ожидается существующая дата, например 2026-11-30 или 30.11.2026`,
    'expected.wholeUpTo': (option, value, max) => `${option} ${value}: ожидается целое число от 1 до ${numRu(max)}`,
    'expected.fileType': (file, ext) => `${file}: неподдерживаемый тип файла "${ext || '(нет)'}"; ожидается .xlsx, .csv, .tsv или .json`,
    'expected.jsonObject': () => 'ожидается объект с полем на каждый столбец',
    'expected.jsonField': (key) => `поле ${key}: ожидается строка, число или null`,
    'expected.jsonLine': () => 'неверный JSON: ожидается по объекту на строку, как в строках выше',
    'expected.jsonInvalid': (error) => `неверный JSON: ${error}`,
    'expected.jsonArray': () => 'ожидается JSON-массив объектов',
  },
);
