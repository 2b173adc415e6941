// SPEC §10, issue 15: the language of crm — Russian and English catalogs, Russian plurals,
// numbers and dates, reports and messages in Russian, the default from the locale.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.js';
import { chooseLang, langOption, localeLang, setLang } from '../src/i18n/lang.js';
import { ru } from '../src/i18n/ru.js';
import { dateRu, moneyDisplay, numberDisplay } from '../src/io/locale.js';
import { pluralRu } from '../src/util/plural.js';
import ExcelJS from 'exceljs';
import { REPORTS } from '../src/reports/definitions.js';
import { REPORT_WORDS_RU } from '../src/reports/definitionsRu.js';
import { COLUMN_TITLES } from '../src/reports/titles.js';
import { COLUMN_TITLES_RU, SECTION_TITLES_RU } from '../src/reports/titlesRu.js';
import { ROOT, baseDb, companyDb, crm, tempDir } from './helpers.js';

const NBSP = '\u00a0';

afterEach(() => setLang('en'));

describe('the catalogs', () => {
  it('have the same ids in both languages (a missing message fails here and in tsc)', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const [id, message] of Object.entries(ru)) expect(typeof message, id).toBe('function');
  });

  it('every id is used somewhere in src/ (a message nobody says is dead weight)', () => {
    const source = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? source(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const text = source(path.join(ROOT, 'src'))
      .filter((f) => !f.includes(`${path.sep}i18n${path.sep}`))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const unused = Object.keys(en).filter((id) => !text.includes(`'${id}'`));
    expect(unused).toEqual([]);
  });
});

describe('Russian plurals, numbers and dates', () => {
  it.each([
    [1, '1 строка'],
    [2, '2 строки'],
    [5, '5 строк'],
    [11, '11 строк'],
    [21, '21 строка'],
    [22, '22 строки'],
    [25, '25 строк'],
    [111, '111 строк'],
    [1234, `1${NBSP}234 строки`],
  ])('%i → %s', (n, text) => {
    expect(pluralRu(n, 'строка', 'строки', 'строк')).toBe(text);
  });

  it('money 1234567.89 is 1 234 567,89 with no-break spaces; English keeps 1 234 567.89', () => {
    expect(moneyDisplay(123456789, 'ru')).toBe(`1${NBSP}234${NBSP}567,89`);
    expect(moneyDisplay(-123456789, 'ru')).toBe(`-1${NBSP}234${NBSP}567,89`);
    expect(moneyDisplay(123456789)).toBe('1 234 567.89');
    expect(numberDisplay(1234.5, 3, 'ru')).toBe(`1${NBSP}234,5`);
  });

  it('a date is 31.12.2026', () => {
    expect(dateRu('2026-12-31')).toBe('31.12.2026');
  });
});

describe('choosing the language', () => {
  it.each([
    [{ LANG: 'ru_RU.UTF-8' }, 'ru'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'C.UTF-8' }, 'en'],
    [{}, 'en'],
    [{ LANG: 'ru_RU.UTF-8', LC_ALL: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'en_US.UTF-8', LC_MESSAGES: 'ru_RU.UTF-8' }, 'ru'],
    [{ LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: 'ru_UA' }, 'ru'],
    [{ LANG: 'ru' }, 'ru'],
    [{ LANG: 'rus' }, 'en'],
  ])('locale %j → %s', (env, lang) => {
    expect(localeLang(env)).toBe(lang);
  });

  it('--lang beats CRM_LANG beats the locale', () => {
    expect(chooseLang('en', { CRM_LANG: 'ru', LANG: 'ru_RU.UTF-8' }).lang).toBe('en');
    expect(chooseLang(undefined, { CRM_LANG: 'en', LANG: 'ru_RU.UTF-8' }).lang).toBe('en');
    expect(chooseLang(undefined, { CRM_LANG: '', LANG: 'ru_RU.UTF-8' }).lang).toBe('ru');
    expect(langOption(['--db', 'x.db', 'report', 'sales', '--lang=ru'])).toBe('ru');
    expect(langOption(['--lang', 'en', 'import', 'clients', 'f.csv'])).toBe('en');
    expect(langOption(['import', '--', '--lang'])).toBeUndefined();
  });

  it('a spawned crm speaks Russian under LANG=ru_RU.UTF-8 and English under C.UTF-8', () => {
    const db = baseDb();
    const env = { CRM_LANG: '', LC_ALL: '', LC_MESSAGES: '' };
    const russian = crm(['--db', db, 'history', '--user', 'nobody'], { env: { ...env, LANG: 'ru_RU.UTF-8' } });
    expect(russian.stdout).toBe('подходящих операций нет\n');
    const english = crm(['--db', db, 'history', '--user', 'nobody'], { env: { ...env, LANG: 'C.UTF-8' } });
    expect(english.stdout).toBe('no operations match\n');
  });
});

// plan by month for group A: Jan 1200, Feb 1500; fact: Jan 1000 (S1), Feb 2000.5 (S2)
const COMPANY: [string, string][] = [
  ['managers', 'code,name\nM1,Анна\n'],
  ['groups', 'code,name\nA,Альфа\n'],
  ['products', 'sku,name,group_code,price,cost\nPA,Товар А,A,100,60\n'],
  ['clients', 'code,name,manager_code\nK1,Клиент один,M1\n'],
  ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nS1,2026-01-10,K1,PA,10,1000\nS2,2026-02-05,K1,PA,20,2000.5\n'],
  ['stock', 'date,sku,qty\n2026-01-01,PA,50\n'],
  ['plan-sales', 'group_code,2026-01,2026-02\nA,1200,1500\n'],
];
const AS_OF = ['--as-of', '2026-02-28'];

describe('reports in Russian', () => {
  let db: string;
  let dir: string;
  const report = (args: string[], lang = 'ru') => {
    const r = crm(['--db', db, ...AS_OF, '--lang', lang, 'report', ...args]);
    expect(r.code, r.stderr).toBe(0);
    return r;
  };
  it('the company', () => {
    db = companyDb(COMPANY);
    dir = tempDir();
  });

  it('every English column title and section has Russian words; every report a Russian title', () => {
    expect(Object.keys(COLUMN_TITLES).filter((k) => COLUMN_TITLES_RU[k] === undefined)).toEqual([]);
    expect(Object.keys(SECTION_TITLES_RU).sort()).toEqual(['cash_in', 'inventory', 'managers', 'order_cash', 'purchases', 'sales', 'supplier_payments', 'totals']);
    expect(REPORTS.map((r) => r.name).filter((n) => REPORT_WORDS_RU[n] === undefined)).toEqual([]);
    expect(REPORTS.map((r) => r.name).filter((n) => !REPORT_WORDS_RU[n]?.help?.includes('\n'))).toEqual([]);
  });

  it('terminal: months, column titles, totals and numbers in Russian; English unchanged', () => {
    const ru = report(['sales']).stdout;
    expect(ru).toContain('янв 2026');
    expect(ru).toContain('Группа');
    expect(ru).toContain('Итого');
    expect(ru).toContain(`2${NBSP}000,50`);
    const en = report(['sales'], 'en').stdout;
    expect(en).toContain('Jan 2026');
    expect(en).toContain('Total');
    expect(en).toContain('2 000.50');
  });

  it('a date column reads 31.12.2026 in Russian (stock at a day: last sale)', () => {
    const r = crm(['--db', db, '--lang', 'ru', 'report', 'illiquid', '--date', '2026-12-31']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('05.02.2026');
    expect(r.stdout).not.toContain('2026-02-05');
  });

  it('CSV keeps the English keys under --lang ru; --headers ru writes the Russian titles, the numbers stay machine-readable', () => {
    const plain = report(['sales', '--format', 'csv']).stdout.split('\n');
    expect(plain[0]).toBe('month,group,amount,qty,margin,orders');
    const ru = report(['sales', '--format', 'csv', '--headers', 'ru'], 'en').stdout.split('\n');
    expect(ru[0]).toBe('Месяц,Группа,Сумма,Количество,Маржа,Заказы');
    expect(ru).toContain('2026-02,A,2000.50,20,800.50,1');
    expect(ru.at(-2)).toMatch(/^Итого,/);
  });

  it('JSON keeps the English field names under --lang ru', () => {
    const json = JSON.parse(report(['sales', '--json']).stdout);
    expect(Object.keys(json.rows[0])).toEqual(['month', 'group', 'amount', 'qty', 'margin', 'orders']);
  });

  it('xlsx: sheet names and column titles in Russian, money a number', async () => {
    const file = path.join(dir, 'plan-fact.xlsx');
    report(['plan-fact', '-o', file]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((w) => w.name)).toContain('Продажи');
    const sheet = book.getWorksheet('Продажи')!;
    const texts = sheet.getSheetValues().flat().filter((v): v is string => typeof v === 'string');
    expect(texts).toContain('Группа');
    expect(texts).toContain('янв 2026');
    expect(texts).toContain('С начала года');
    expect(texts).toContain('Итого');
  });

  it('HTML: lang="ru", the title, the table and the chart in Russian', () => {
    const file = path.join(dir, 'sales.html');
    report(['sales', '-o', file]);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('годовой отчёт о продажах');
    expect(html).toContain('Продажи и маржа по месяцам');
    expect(html).toContain('>Итого<');
    expect(html).toContain('янв 2026');
  });

  it('--help of a report: its formulas and options in Russian', () => {
    const r = crm(['report', 'plan-fact', '--help', '--lang', 'ru']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('отклонение = факт − план');
    expect(r.stdout).toContain('только эта группа товаров и её потомки');
    expect(r.stdout).toContain('Параметры:');
    expect(r.stdout).toContain('справка по команде');
    expect(crm(['report', 'plan-fact', '--help']).stdout).toContain('deviation = fact − plan');
  });
});

describe('--headers ru: crm export writes Russian headers that crm import reads back', () => {
  it.each(['clients', 'orders', 'products'])('%s: export --headers ru → import --dry-run: every row unchanged', (entity) => {
    const db = baseDb();
    const file = path.join(path.dirname(db), `${entity}.csv`);
    const out = crm(['--db', db, 'export', entity, '-o', file, '--headers', 'ru']);
    expect(out.code, out.stderr).toBe(0);
    const header = fs.readFileSync(file, 'utf8').split('\n')[0]!;
    expect(header).toMatch(/^(Код|Номер заказа|Артикул),/);
    expect(header).not.toMatch(/_/);
    const back = crm(['--db', db, 'import', entity, file, '--dry-run']);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/: 0 inserted, 0 updated, [1-9][\d,]* unchanged; 0 rows rejected/);
  });
});

describe('common messages in Russian', () => {
  it('init, import, history, undo speak Russian; the numbers of operations are the same as in English', () => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    const ru = (...args: string[]) => crm(['--db', db, '--lang', 'ru', ...args]);
    expect(ru('init').stderr).toMatch(/^создана база .*crm\.db \(версия схемы \d+\)\n$/);
    const file = path.join(dir, 'managers.csv');
    fs.writeFileSync(file, 'code,name\nM1,Анна\nM2,Борис\n');
    const imported = ru('import', 'managers', file);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe('managers: 2 строки; записи: добавлено 2, изменено 0, без изменений 0; отклонено: 0 строк; операция 1\n');
    const history = ru('history').stdout;
    expect(history).toContain('Операция');
    expect(history).toContain('Пользователь');
    const undo = ru('undo', '1');
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toMatch(/^операция 1 отменена операцией 2 \(crm undo 2 вернёт её\): /);
  });
});
