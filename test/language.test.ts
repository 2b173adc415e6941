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
import { ROOT, baseDb, crm } from './helpers.js';

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
