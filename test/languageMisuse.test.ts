// Issue 15, the language: every misuse of --lang, CRM_LANG and --headers — exit code, the
// message (in the language it would otherwise speak), and nothing written. Then the errors of a
// bad import said in Russian, with nothing written either.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BAD, baseDb, crm, dbFingerprint, tempDir } from './helpers.js';

let db: string;
let dir: string;
beforeAll(() => {
  db = baseDb();
  dir = tempDir();
});

// [name, argv (@ = the temp folder), env, exit code, message fragment]
const CASES: [string, string[], Record<string, string>, number, string][] = [
  ['--lang de', ['--lang', 'de', 'import', 'clients', path.join(BAD, 'impossible-date.csv')], {}, 2, '--lang de: expected ru or en'],
  ['--lang=DE (case matters: ru|en)', ['--lang=RU', 'history'], {}, 2, '--lang RU: expected ru or en'],
  ['--lang without a value', ['history', '--lang'], {}, 2, '--lang : expected ru or en'],
  ['--lang de under a Russian locale: refused in Russian', ['--lang', 'de', 'history'], { LANG: 'ru_RU.UTF-8', CRM_LANG: '' }, 2, '--lang de: ожидается ru или en'],
  ['CRM_LANG=fr', ['history'], { CRM_LANG: 'fr' }, 2, 'CRM_LANG fr: expected ru or en'],
  ['CRM_LANG=fr even with --lang ru (a broken setting is said, not hidden)', ['--lang', 'ru', 'history'], { CRM_LANG: 'fr' }, 2, 'CRM_LANG fr: expected ru or en'],
  ['report --headers ru --format json', ['report', 'sales', '--headers', 'ru', '--format', 'json'], {}, 2, '--headers ru names the columns of a CSV or xlsx file in Russian; json keeps the English field names'],
  ['report --headers ru --json, in Russian', ['--lang', 'ru', 'report', 'sales', '--headers', 'ru', '--json'], {}, 2, 'в json имена полей остаются английскими'],
  ['report --headers ru -o x.json', ['report', 'sales', '--headers', 'ru', '-o', '@/x.json'], {}, 2, 'json keeps the English field names'],
  ['report --headers de', ['report', 'sales', '--headers', 'de', '--format', 'csv'], {}, 2, '--headers de: expected en (snake_case, the default) or ru'],
  ['export --headers ru -o x.json', ['export', 'clients', '--headers', 'ru', '-o', '@/x.json'], {}, 2, 'json keeps the English field names'],
  ['export --headers russian', ['export', 'clients', '--headers', 'russian', '-o', '@/x.csv'], {}, 2, '--headers russian: expected en (snake_case, the default) or ru'],
  ['an unknown option, in Russian', ['--lang', 'ru', 'report', 'sales', '--bogus'], {}, 2, "ошибка: неизвестный параметр '--bogus'"],
  ['a missing argument, in Russian', ['--lang', 'ru', 'import', 'clients'], {}, 2, "ошибка: не указан обязательный аргумент 'file'"],
  ['--date on a period report, in Russian', ['--lang', 'ru', 'report', 'sales', '--date', '2026-01-01'], {}, 2, 'отчёт sales — за период: используйте --from/--to (а не --date)'],
  ['--date on a period report, English unchanged', ['report', 'sales', '--date', '2026-01-01'], {}, 2, 'report sales covers a period: use --from/--to (not --date)'],
  ['--show bad, in Russian', ['--lang', 'ru', 'report', 'sales', '--show', 'x'], {}, 2, '--show x: ожидается одно или несколько из amount, qty, margin, orders через запятую'],
  ['an unknown client, in Russian', ['--lang', 'ru', 'report', 'sales', '--client', 'NOPE'], {}, 2, '--client NOPE: такого кода нет (список — crm clients list)'],
  ['--format bad, in Russian', ['--lang', 'ru', 'report', 'sales', '--format', 'pdf'], {}, 2, '--format pdf: ожидается одно из: table, csv, json, xlsx, html'],
];

describe('misuse of the language options', () => {
  it.each(CASES)('%s: exit %i, says so, writes nothing', (_name, args, env, code, message) => {
    const before = dbFingerprint(db);
    const filesBefore = fs.readdirSync(dir).sort();
    const run = crm(['--db', db, ...args.map((a) => a.replace('@', dir))], { env });
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/unexpected|непредвиденная|at .*\.js:\d+/);
    expect(run.stdout).toBe('');
    expect(fs.readdirSync(dir).sort()).toEqual(filesBefore);
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('a bad import, said in Russian', () => {
  it('the problems name the file, row and column in Russian; the summary line counts in Russian; nothing written', () => {
    const before = dbFingerprint(db);
    const file = path.join(dir, 'clients.csv');
    fs.writeFileSync(file, 'code,name,discount_pct\nK1,Клиент,abc\nK2,,5\nK3,Третий,7\n');
    const run = crm(['--db', db, '--lang', 'ru', 'import', 'clients', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('clients.csv, строка 2, столбец discount_pct "abc": ожидается число');
    expect(run.stderr).toContain('clients.csv, строка 3, столбец name "": обязательное значение не заполнено');
    expect(run.stderr).toContain(`crm: ${file}: 2 ошибки, ничего не записано (исправьте их или загрузите верные строки с --skip-invalid)`);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('--skip-invalid --dry-run: the summary in Russian with Russian plurals, exit 4, nothing written', () => {
    const before = dbFingerprint(db);
    const file = path.join(dir, 'clients2.csv');
    fs.writeFileSync(file, 'code,name\nK1,Первый\nK2,\nK3,Третий\n');
    const run = crm(['--db', db, '--lang', 'ru', 'import', 'clients', file, '--skip-invalid', '--dry-run']);
    expect(run.code).toBe(4);
    expect(run.stdout).toContain('пробный запуск, ничего не записано: clients: 3 строки; записи: добавлено 2, изменено 0, без изменений 0; отклонено: 1 строка');
    expect(run.stderr).toContain('готово, отклонено: 1 строка (пробный запуск: ничего не записано)');
    expect(dbFingerprint(db)).toBe(before);
  });
});
