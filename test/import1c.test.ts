// SPEC §3 "1C reports as people save them": title lines above the header, a closing
// totals row, and the counterparty and item written by name (or INN) instead of our codes.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { headerKey } from '../src/import/columns.js';
import { ENTITIES } from '../src/model/entities.js';
import { nameKey } from '../src/model/normalize.js';
import { sniffDelimiter } from '../src/io/read.js';
import { baseDb, copyDb, crm, dbFingerprint, query, ROOT, writeFile, writeXlsx } from './helpers.js';

/**
 * cp1251, `;`, decimal commas, CRLF: rows 1–2 title and organization, row 3 blank, row 4 the
 * header, rows 5–8 data (the client by name, by INN and by code; items by name and by code),
 * row 9 "Итого".
 */
const REPORT = path.join(ROOT, 'test', 'fixtures', '1c', 'realizacii-report.csv');

let template: string;
beforeAll(() => {
  template = baseDb(); // clients C1 "ООО Альфа" (INN 7701000001), C2 "ИП Бета" (7701000002); products A1, A2, L1
});

const LINES_SQL = `SELECT s.shipment_no, s.date, c.code AS client, p.sku, l.qty, l.amount
  FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id JOIN clients c ON c.id = s.client_id
  JOIN products p ON p.id = l.product_id ORDER BY s.shipment_no, l.id`;

describe('sniffing the CSV delimiter past title lines', () => {
  it.each([
    ['title lines without a delimiter, then ; lines', 'Реализация товаров за ноябрь 2026 г.\nООО Вектор\n\nДокумент;Дата;Сумма\nРТ-1;03.11.2026;10\nРТ-2;04.11.2026;20\n', ';'],
    // the old rule read only the first non-empty line: its comma won
    ['a title line with a comma, then ; lines with decimal commas', 'ООО «Вектор», г. Москва\nДокумент;Дата;Сумма\nРТ-1;03.11.2026;10,50\nРТ-2;04.11.2026;1 000,00\n', ';'],
    ['a plain comma file', 'code,name,inn\nC1,ООО Альфа,7701000001\nC2,ИП Бета,7701000002\n', ','],
    ['a TAB file with a title', 'Остатки\ndate\tsku\tqty\n2026-01-01\tA1\t5\n', '\t'],
    ['delimiters inside quotes do not count', 'code,name\nC1,"Альфа; Бета; Гамма"\nC2,"Дельта; Эпсилон"\n', ','],
    ['a line cut at the end of the sample does not count', 'a;b;c\n1;2;3\n4;5;6\n7,8,9,10,11,12,13', ';'],
    ['one column: the default comma', 'code\nC1\nC2\n', ','],
  ])('%s', (_, text, expected) => {
    expect(sniffDelimiter(text)).toBe(expected);
  });

  it('looks at the first 30 lines that hold a delimiter: title lines without one do not count', () => {
    expect(sniffDelimiter(`${'a,b\n'.repeat(30)}${'x;y;z\n'.repeat(100)}`)).toBe(',');
    expect(sniffDelimiter(`${'Заголовок отчёта\n'.repeat(40)}${'x;y;z\n'.repeat(3)}`)).toBe(';');
  });
});

describe('names written by 1C', () => {
  it.each([['ООО «Альфа»'], ['ООО "Альфа"'], ['ООО „Альфа“'], ["ООО 'Альфа'"], ['ООО ‘Альфа’'], ['ООО"Альфа"'], ['ооо  АЛЬФА']])(
    'quotes, case and spacing do not matter: %s ≡ ООО Альфа',
    (name) => {
      expect(nameKey(name)).toBe(nameKey('ООО Альфа'));
    },
  );

  it('no header alias names two columns of one entity', () => {
    const collisions: string[] = [];
    for (const entity of ENTITIES) {
      const owner = new Map<string, string>();
      for (const column of entity.columns) {
        for (const text of [column.name, ...(column.aliases ?? [])]) {
          const key = headerKey(text);
          const other = owner.get(key);
          if (other !== undefined && other !== column.name) collisions.push(`${entity.name}: "${text}" is ${other} and ${column.name}`);
          owner.set(key, column.name);
        }
      }
    }
    expect(collisions).toEqual([]);
  });

  it('a 1C report header names the shipment columns', () => {
    const shipments = ENTITIES.find((e) => e.name === 'shipments')!;
    const sku = shipments.columns.find((c) => c.name === 'sku')!;
    expect(sku.aliases).toEqual(expect.arrayContaining(['номенклатура', 'товар']));
  });
});

describe('a 1C report saved as CSV imports', () => {
  it('finds the header, skips the totals row, resolves names and the INN, stores the codes', () => {
    const { db } = copyDb(template);
    const run = crm(['--db', db, 'import', 'shipments', REPORT]);
    expect(run.code).toBe(0);
    // 2 clients by name, 1 by INN, 3 items by name; row 8 uses codes
    expect(run.stdout).toMatch(/^shipments: 4 rows; documents: 3 inserted, 0 updated, 0 unchanged; 0 rows rejected; 6 references resolved by name; operation \d+\n$/);
    expect(run.stderr).toContain('warning: realizacii-report.csv, row 9: skipped the totals row "Итого"');
    expect(run.stderr).not.toContain('header at row'); // the title lines are listed with -v only
    expect(query(db, LINES_SQL)).toEqual([
      { shipment_no: 'РТ-000101', date: '2026-11-03', client: 'C1', sku: 'A1', qty: 100, amount: 1_000_000 },
      { shipment_no: 'РТ-000101', date: '2026-11-03', client: 'C1', sku: 'L1', qty: 10, amount: 150_000 },
      { shipment_no: 'РТ-000102', date: '2026-11-05', client: 'C2', sku: 'A2', qty: 20, amount: 140_050 },
      { shipment_no: 'РТ-000103', date: '2026-11-06', client: 'C1', sku: 'L1', qty: 5, amount: 75_000 },
    ]);

    // the same file again: the resolved codes were stored, so nothing changes
    const before = dbFingerprint(db);
    const again = crm(['--db', db, 'import', 'shipments', REPORT]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('documents: 0 inserted, 0 updated, 3 unchanged; 0 rows rejected; 6 references resolved by name');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('-v lists the rows above the header and the name → code mappings', () => {
    const { db } = copyDb(template);
    const run = crm(['--db', db, '-v', 'import', 'shipments', REPORT]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      [
        'header at row 4; ignored 2 rows above it:',
        '  row 1: Реализация товаров за ноябрь 2026 г.',
        '  row 2: Организация: ООО «Торговый дом Вектор»',
        'resolved by name (value → code):',
        '  client_code "ООО «Альфа»" → C1',
        '  sku "Кабель ВВГ 3x2,5" → A1',
        '  sku "Лампа LED 10 Вт" → L1',
        '  client_code "7701000002" → C2',
        '  sku "КАБЕЛЬ ВВГ 3х1,5" → A2',
      ].join('\n'),
    );
  });

  it('--json carries resolved_by_name and the header row', () => {
    const { db } = copyDb(template);
    const run = crm(['--db', db, 'import', 'shipments', REPORT, '--json']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ resolved_by_name: 6, headerRow: 4, aboveHeaderCount: 2, inserted: 3, encoding: 'cp1251', delimiter: ';' });
  });

  it('--header-row 4 forces the row the search finds; --match name is the default', () => {
    const { db } = copyDb(template);
    const run = crm(['--db', db, 'import', 'shipments', REPORT, '--header-row', '4', '--match', 'name']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3 inserted');
  });

  it.each([['Итого:'], ['ВСЕГО'], ['Total']])('a totals row starting with %s is skipped with a warning', (word) => {
    const { dir, db } = copyDb(template);
    const file = writeFile(dir, 'r.csv', `Документ;Дата;Контрагент;Номенклатура;Количество;Сумма\nРТ-1;03.11.2026;C1;A1;1;100\n;${word};;;1;100\n`);
    const run = crm(['--db', db, 'import', 'shipments', file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`warning: r.csv, row 3: skipped the totals row "${word}"`);
    expect(run.stdout).toContain('shipments: 1 row; documents: 1 inserted');
  });

  it('a header below the first 30 rows is found with --header-row only', () => {
    const { dir, db } = copyDb(template);
    const titles = Array.from({ length: 31 }, (_, i) => `Строка заголовка ${i + 1}`).join('\n');
    const file = writeFile(dir, 'deep.csv', `${titles}\nДокумент;Дата;Контрагент;Номенклатура;Количество;Сумма\nРТ-1;03.11.2026;C1;A1;1;100\n`);
    const before = dbFingerprint(db);
    const searched = crm(['--db', db, 'import', 'shipments', file]);
    expect(searched.code).toBe(2);
    expect(searched.stderr).toContain('none of the first 30 rows names every required column');
    expect(dbFingerprint(db)).toBe(before);
    const forced = crm(['--db', db, 'import', 'shipments', file, '--header-row', '32']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('1 inserted');
  });
});

describe('a 1C report saved as .xlsx imports', () => {
  it('title rows, a header not in column A, Excel dates and numbers, a totals row of numbers only', async () => {
    const { dir, db } = copyDb(template);
    const file = await writeXlsx(path.join(dir, 'report.xlsx'), [
      ['Реализация товаров за ноябрь 2026 г.'],
      [null, 'ООО «Торговый дом Вектор»'],
      [],
      [null, 'Документ', 'Дата', 'Покупатель', 'Товар', 'Количество', 'Сумма'],
      [null, 'РТ-7', new Date(Date.UTC(2026, 10, 3)), 'ООО "Альфа"', 'Лампа LED 10 Вт', 4, 600],
      [null, 'РТ-7', new Date(Date.UTC(2026, 10, 3)), 'ООО "Альфа"', 'кабель ввг 3×2,5', 10, 1000.5],
      [null, null, null, null, null, 14, 1600.5],
    ]);
    const run = crm(['--db', db, '-v', 'import', 'shipments', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('shipments: 2 rows; documents: 1 inserted, 0 updated, 0 unchanged; 0 rows rejected; 4 references resolved by name');
    expect(run.stderr).toContain('warning: report.xlsx, row 7: skipped a totals row (no shipment_no, only numbers)');
    expect(run.stderr).toContain('header at row 4; ignored 2 rows above it:\n  row 1: Реализация товаров за ноябрь 2026 г.\n  row 2: ООО «Торговый дом Вектор»');
    expect(query(db, LINES_SQL)).toEqual([
      { shipment_no: 'РТ-7', date: '2026-11-03', client: 'C1', sku: 'L1', qty: 4, amount: 60_000 },
      { shipment_no: 'РТ-7', date: '2026-11-03', client: 'C1', sku: 'A1', qty: 10, amount: 100_050 },
    ]);
    const before = dbFingerprint(db);
    const again = crm(['--db', db, 'import', 'shipments', file]);
    expect(again.stdout).toContain('1 unchanged');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('a wide plan under a title, with an Итого row', async () => {
    const { dir, db } = copyDb(template);
    const file = await writeXlsx(path.join(dir, 'plan.xlsx'), [
      ['План продаж на 2027 год'],
      [],
      ['Группа', '2027-01', '2027-02'],
      ['PWR', 100000, 110000],
      ['LIT', 50000, 55000],
      ['Итого', 150000, 165000],
    ]);
    const run = crm(['--db', db, 'import', 'plan-sales', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('plan-sales: 2 rows; plan cells: 4 inserted');
    expect(run.stderr).toContain('warning: plan.xlsx, row 6: skipped the totals row "Итого"');
  });
});

describe('big files: the header search and names in the worker thread', () => {
  const bigPayments = (dir: string, header: string) => {
    const lines = ['Поступления на расчётный счёт за ноябрь 2026 г.', 'ООО «Торговый дом Вектор»', '', header];
    for (let i = 1; i <= 25_000; i++) lines.push(`П-${String(i).padStart(6, '0')};03.11.2026;${i % 2 ? 'ООО «Альфа»' : '7701000002'};1 000,00`);
    lines.push('Итого;;;25 000 000,00');
    const file = writeFile(dir, 'payments.csv', `${lines.join('\n')}\n`);
    expect(fs.statSync(file).size).toBeGreaterThan(1_000_000); // WORKER_MIN_BYTES: parsed in the worker
    return file;
  };

  it('imports a big report with title lines, names and a totals row', () => {
    const { dir, db } = copyDb(template);
    const run = crm(['--db', db, 'import', 'payments', bigPayments(dir, 'Документ;Дата;Плательщик;Сумма')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^payments: 25,000 rows; records: 25,000 inserted, 0 updated, 0 unchanged; 0 rows rejected; 25,000 references resolved by name; operation \d+\n$/);
    expect(run.stderr).toContain('row 25005: skipped the totals row "Итого"');
    expect(query(db, 'SELECT c.code, count(*) AS n FROM client_payments p JOIN clients c ON c.id = p.client_id GROUP BY c.code ORDER BY c.code')).toEqual([
      { code: 'C1', n: 12_500 },
      { code: 'C2', n: 12_500 },
    ]);
  });

  it('a big file without a header and a forced bad header row are refused from the worker', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const file = bigPayments(dir, 'Документ;Дата;Плательщик;Итого к оплате');
    const missing = crm(['--db', db, 'import', 'payments', file]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('row 4 comes closest, missing amount');
    const forced = crm(['--db', db, 'import', 'payments', file, '--header-row', '3']);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toContain('--header-row 3: row 3 of payments.csv is blank');
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('refusals: exit 2, the database unchanged', () => {
  const noQty = 'Отчёт\nООО Вектор\n\nДокумент;Дата;Контрагент;Номенклатура;Сумма\nРТ-1;03.11.2026;C1;A1;100\n';
  const unknownName = 'Документ;Дата;Контрагент;Номенклатура;Количество;Сумма\nРТ-1;03.11.2026;ООО Омега;A1;1;100\n';
  it.each([
    { name: 'a name that matches two clients lists the candidates', args: [], twin: true, fragment: 'row 5, column client_code "ООО «Альфа»": matches 2 clients by name or INN: C1 "ООО Альфа", C9 "ООО «Альфа»"; write the code instead' },
    { name: '--match code refuses a name', args: ['--match', 'code'], fragment: 'column client_code "ООО «Альфа»": unknown client code: import clients first (client C1 has this name or INN: --match name would resolve it)' },
    { name: '--match code refuses an INN', args: ['--match', 'code'], fragment: 'row 7, column client_code "7701000002": unknown client code: import clients first (client C2 has this name or INN' },
    { name: '--match anything else', args: ['--match', 'fuzzy'], fragment: 'crm: --match "fuzzy": expected code or name' },
    { name: '--header-row not a number', args: ['--header-row', 'x'], fragment: 'crm: --header-row "x": expected a row number, 1 or more' },
    { name: '--header-row 0', args: ['--header-row', '0'], fragment: 'crm: --header-row "0": expected a row number, 1 or more' },
    { name: '--header-row on a title line', args: ['--header-row', '2'], fragment: 'crm: --header-row 2: row 2 is not a header, a required column is missing' },
    { name: '--header-row on the blank line', args: ['--header-row', '3'], fragment: 'crm: --header-row 3: row 3 of realizacii-report.csv is blank' },
    { name: '--header-row past the end', args: ['--header-row', '99'], fragment: 'crm: --header-row 99: realizacii-report.csv has only 9 rows' },
    { name: 'no header: the closest row and what it lacks', args: [], text: noQty, fragment: 'row 4 comes closest, missing qty' },
    { name: 'a name nobody has', args: [], text: unknownName, fragment: 'row 2, column client_code "ООО Омега": unknown client code, name or INN: import clients first' },
  ])('$name', ({ args, twin, text, fragment }) => {
    const { dir, db } = copyDb(template);
    if (twin) {
      const added = crm(['--db', db, 'import', 'clients', writeFile(dir, 'c.csv', 'code,name,inn\nC9,ООО «Альфа»,7702000009\n')]);
      expect(added.code).toBe(0);
    }
    const file = text === undefined ? REPORT : writeFile(dir, 'r.csv', text);
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'import', 'shipments', file, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(fragment);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('an xlsx without a header names the sheet row that came closest', async () => {
    const { dir, db } = copyDb(template);
    const file = await writeXlsx(path.join(dir, 'r.xlsx'), [['Отчёт'], ['Документ', 'Дата', 'Контрагент', 'Номенклатура', 'Количество']]);
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'import', 'shipments', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('r.xlsx, sheet Sheet1, row 2, column amount: required column "amount" is missing');
    expect(run.stderr).toContain('row 2 comes closest, missing amount');
    expect(dbFingerprint(db)).toBe(before);
  });
});
