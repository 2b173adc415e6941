// An offer file whose price sits under a header crm does not know (Цена, руб.) was priced from
// the price list without a word (trial finding): the unused column and the missing price column
// are said, in both languages, also in --json; a file with a known price header says nothing of them.
import { beforeAll, describe, expect, it } from 'vitest';
import { companyDb, crm, SMALL_MASTER, tempDir, writeFile } from './helpers.js';

let db: string;
let dir: string;
beforeAll(() => {
  db = companyDb([...SMALL_MASTER]);
  dir = tempDir();
});

describe('offer evaluate: columns it does not use', () => {
  it.each([
    ['en', 'ignored unknown column: Цена, руб.', 'has no price column (цена, price): every price comes from'],
    ['ru', 'пропущен неизвестный столбец: Цена, руб.', 'нет столбца цены (цена, price): все цены взяты из'],
  ])('%s: an unknown price header is named, and the missing price column said', (lang, unknown, noPrice) => {
    const file = writeFile(dir, 'offer.csv', 'Артикул;Количество;Цена, руб.\r\nP1;10;3 450,44\r\n');
    const run = crm(['--db', db, '--lang', lang, 'offer', 'evaluate', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(unknown);
    expect(run.stderr).toContain(noPrice);
    const json = JSON.parse(crm(['--db', db, '--lang', lang, 'offer', 'evaluate', file, '--json']).stdout) as { warnings: string[] };
    expect(json.warnings.some((w) => w.includes(noPrice))).toBe(true);
  });

  it('a known price header: no word about columns, the price from the file', () => {
    const file = writeFile(dir, 'priced.csv', 'Артикул;Количество;Цена\r\nP1;10;123,45\r\n');
    const run = crm(['--db', db, 'offer', 'evaluate', file, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/column/);
    const json = JSON.parse(run.stdout) as { rows: { price: number }[]; warnings: string[] };
    expect(json.warnings.filter((w) => /column/.test(w))).toEqual([]);
    expect(json.rows[0]!.price).toBe(123.45);
  });
});

describe('offer evaluate: a refused file says nothing was evaluated, in either language', () => {
  it.each([
    ['en', 'empty.csv', '', 'crm: empty file: nothing was evaluated\n'],
    ['ru', 'empty.csv', '', 'crm: пустой файл: ничего не рассчитано\n'],
    ['en', 'noqty.csv', 'sku;price\r\nP1;100\r\n', ': nothing was evaluated\n'],
    ['ru', 'noqty.csv', 'sku;price\r\nP1;100\r\n', ': ничего не рассчитано\n'],
  ])('%s %s', (lang, name, text, ending) => {
    const run = crm(['--db', db, '--lang', lang, 'offer', 'evaluate', writeFile(dir, name, text)]);
    expect(run.code).toBe(2);
    expect(run.stderr.endsWith(ending)).toBe(true);
    expect(run.stderr).not.toMatch(/nothing was written|ничего не записано/);
  });
});
