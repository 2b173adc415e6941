// Issue 15, the messages beyond the cells and headers: an import's references, duplicates and
// warnings, the ranges and option values expected, master data and delete, the plan commands,
// change sets and the numbers of a chart's axis — each misuse run in Russian and in English
// (the English words unchanged), exit code and nothing written.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setLang } from '../src/i18n/lang.js';
import { compactNumber } from '../src/io/render/svg.js';
import { parseCell, CellProblem } from '../src/import/columns.js';
import { entitySpec } from '../src/model/entities.js';
import { baseDb, crm, dbFingerprint, tempDir } from './helpers.js';

const NBSP = '\u00a0';
let db: string;
let dir: string;
beforeAll(() => {
  db = baseDb();
  dir = tempDir();
  const file = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  file('unknown-manager.csv', 'code,name,manager_code\nK1,Клиент,M99\n');
  file('same-inn.csv', 'code,name,inn\nK1,Новый клиент,7701000001\n');
  file('discount.csv', 'code,name,discount_pct\nK1,Клиент,150\n');
  file('extra-column.csv', 'code,name,colour\nK1,Клиент,red\n');
});
afterEach(() => setLang('en'));

// [group, argv (@ = the temp folder), exit code, Russian fragment, English fragment]
const CASES: [string, string[], number, string, string][] = [
  ['1. an unknown reference', ['import', 'clients', '@/unknown-manager.csv'], 2,
    'такого кода нет в справочнике managers: сначала загрузите его (crm import managers)', 'unknown manager code: import managers first'],
  ['1. a mistyped entity: did you mean', ['import', 'client', '@/same-inn.csv'], 2,
    'неизвестная сущность "client": может быть, "clients"? ожидается одно из:', 'unknown entity "client": did you mean "clients"? expected one of:'],
  ['1. a duplicate INN', ['import', 'clients', '@/same-inn.csv'], 2,
    'этот ИНН уже у клиента C1 "ООО Альфа"', 'client C1 "ООО Альфа" already has this INN (use --allow-duplicates if they really are two clients)'],
  ['2. a percent out of its range', ['import', 'clients', '@/discount.csv'], 2, 'ожидается число от 0 до 100 %', 'expected a number from 0 to 100 %'],
  ['2. an option value expected', ['history', '--limit', '0'], 2, '--limit 0: ожидается целое число, 1 или больше', '--limit 0: expected a whole number, 1 or more'],
  ['2. a day that does not exist', ['history', '--since', '31.02.2026'], 2, 'такого дня нет (в месяце 2026-02 дней: 28, а не 31)', 'the day does not exist (2026-02 has 28 days, not 31)'],
  ['3. a warning of an import', ['import', 'clients', '@/extra-column.csv', '--dry-run'], 0, 'пропущен неизвестный столбец: colour', 'ignored unknown column: colour'],
  ['5. a change set of a dry run', ['import', 'clients', '@/extra-column.csv', '--dry-run'], 0, 'изменилось бы: clients +1', 'would change: clients +1'],
  ['4. editing a client that is not there', ['clients', 'edit', 'NOPE', '--name', 'X'], 2, 'нет клиента с code "NOPE"', 'no client with code "NOPE"'],
  ['4. deleting a client that is not there', ['delete', 'clients', 'NOPE'], 2, 'в clients нет "NOPE": ничего не удалено', 'no client "NOPE": nothing was deleted'],
  ['4. deleting a client others refer to', ['delete', 'clients', 'C1'], 3, 'удалить нельзя: C1: на него ссылаются', 'cannot delete C1: referred to by'],
  ['4. plan runs --keep without --prune', ['plan', 'runs', '--keep', '3'], 2, '--keep работает вместе с --prune', '--keep goes with --prune: crm plan runs --prune --keep N'],
  ['4. plan show of no run', ['plan', 'show', '999'], 2, 'расчёта плана 999 нет (список — crm plan runs)', 'there is no plan run 999 (see crm plan runs)'],
];

describe('messages in Russian, and the English unchanged', () => {
  it.each(CASES)('%s', (_group, args, code, ru, en) => {
    const before = dbFingerprint(db);
    const argv = args.map((a) => a.replace('@', dir));
    const russian = crm(['--db', db, '--lang', 'ru', ...argv]);
    expect(russian.code).toBe(code);
    expect(russian.stdout + russian.stderr).toContain(ru);
    expect(russian.stderr).not.toMatch(/unexpected|непредвиденная|at .*\.js:\d+/);
    const english = crm(['--db', db, '--lang', 'en', ...argv]);
    expect(english.code).toBe(code);
    expect(english.stdout + english.stderr).toContain(en);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('a problem in Russian keeps no English words of its own (the range of a whole-number column)', () => {
    const spec = entitySpec('clients')!;
    const column = spec.columns.find((c) => c.name === 'deferral_days')!;
    setLang('ru');
    const ru = parseCell(column, '99999999999');
    setLang('en');
    const en = parseCell(column, '99999999999');
    expect(ru).toBeInstanceOf(CellProblem);
    expect((ru as CellProblem).problem.message).toBe(`ожидается целое число от -3${NBSP}650 до 3${NBSP}650`);
    expect((en as CellProblem).problem.message).toBe('expected a whole number from -3650 to 3650');
  });
});

// the files and databases a user names (src/i18n/areas/files.ts): [case, argv (@ = the temp folder), exit code, Russian, English]
const FILE_CASES: [string, string[], number, string, string][] = [
  ['a folder as the database', ['--db', '@', 'clients', 'list'], 2, '— папка, а не файл базы данных: укажите --db ФАЙЛ', 'is a folder, not a database file: pass --db FILE'],
  ['a CSV file as the database', ['--db', '@/extra-column.csv', 'clients', 'list'], 2, '— не база crm (это не файл SQLite)', 'is not a crm database (not an SQLite file)'],
  ['no database there', ['--db', '@/none.db', 'clients', 'list'], 2, '— создайте её командой crm init', '— create it with crm init'],
  ['-o into a folder that does not exist', ['report', 'sales', '-o', '@/no/such/r.csv'], 2, 'папки', 'does not exist'],
  ['-o naming a folder', ['report', 'sales', '-o', '@'], 2, 'это папка, а не файл; укажите имя файла', 'that is a folder, not a file; give a file name'],
];

describe('files and databases in Russian, and the English unchanged', () => {
  it.each(FILE_CASES)('%s', (_case, args, code, ru, en) => {
    const before = dbFingerprint(db);
    const argv = args.map((a) => a.replace('@', dir));
    const withDb = argv.includes('--db') ? argv : ['--db', db, ...argv];
    const russian = crm(['--lang', 'ru', ...withDb]);
    expect(russian.code).toBe(code);
    expect(russian.stderr).toContain(ru);
    const english = crm(['--lang', 'en', ...withDb]);
    expect(english.code).toBe(code);
    expect(english.stderr).toContain(en);
    expect(dbFingerprint(db)).toBe(before);
    expect(fs.existsSync(path.join(dir, 'none.db'))).toBe(false);
  });
});

describe('4. crm plan explain', () => {
  it('derives a SKU in Russian words and numbers; English unchanged', () => {
    const own = baseDb();
    const plan = path.join(dir, 'plan.csv');
    fs.writeFileSync(plan, 'group_code,2027-01\nPWR,1000000\n');
    expect(crm(['--db', own, 'import', 'plan-sales', plan]).code).toBe(0);
    expect(crm(['--db', own, 'plan', 'run', '--from', '2027-01', '--months', '1']).code).toBe(0);
    const ru = crm(['--db', own, '--lang', 'ru', 'plan', 'explain', '1', 'A1']);
    expect(ru.code).toBe(0);
    expect(ru.stdout).toContain('Товар A1 в расчёте плана 1: 2027-01..2027-01');
    expect(ru.stdout).toContain('  потребность = max(0, минимум ');
    expect(ru.stdout).not.toMatch(/\b(need|demand|opening|closing|unit price)\b/);
    const en = crm(['--db', own, '--lang', 'en', 'plan', 'explain', '1', 'A1']);
    expect(en.stdout).toContain('SKU A1 in plan run 1: 2027-01..2027-01');
    expect(en.stdout).toContain('  need = max(0, min ');
  });
});

describe('6. the numbers of a chart axis', () => {
  it.each([
    [1234.5, `1${NBSP}234,5`, '1 234.5'],
    [12_500, `12,5${NBSP}тыс.`, '12.5 k'],
    [3_400_000, `3,4${NBSP}млн`, '3.4 M'],
    [-1_200_000_000, `−1,2${NBSP}млрд`, '−1.2 bn'],
    [0, '0', '0'],
  ])('%d → %s in Russian, %s in English', (n, ru, en) => {
    expect(compactNumber(n, 'ru')).toBe(ru);
    expect(compactNumber(n, 'en')).toBe(en);
  });
});
