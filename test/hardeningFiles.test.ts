// Issue 9 "Files that must import": quotes as 1C and Excel users type them, encodings
// (mixed files refused naming their lines, UTF-16 read), and bounds on numbers. Every bad
// file: exit 2, the message (decoded: no mojibake), no stack trace, database unchanged.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKER_MIN_BYTES } from '../src/import/rowSource.js';
import { MAX_MONEY_KOPECKS, MAX_NUMBER, parseInteger, parseMoney, parseNumber } from '../src/io/locale.js';
import { BAD, baseDb, copyDb, crm, dbFingerprint, query, writeFile, writeXlsx, type Run } from './helpers.js';

let template: string;
beforeAll(() => {
  template = baseDb();
});

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const cp1251 = (text: string) => iconv.encode(text, 'cp1251');

/** What a refusal must never look like: csv-parse's bytes as letters, a crash, a stack. */
function expectCleanRefusal(run: Run): void {
  expect(run.stderr).not.toMatch(/unexpected failure|\n\s+at /);
  // UTF-8 Cyrillic read as Windows-1251 ("РћРћРћ") or as latin1 ("Ð", "Ñ"), or U+FFFD
  expect(run.stderr).not.toMatch(/[ÐÑ\ufffd]|Р[°±ѕµё]|РћР/);
  expect(run.code).toBe(2);
}

interface BadCase {
  file: string;
  entity: string;
  args?: string[];
  /** Every fragment must appear in stderr. */
  messages: string[];
}

const BAD_FILES: BadCase[] = [
  {
    // today: read whole as Windows-1251, C1 C3 C5 renamed to garbage, exit 0
    file: 'mixed-utf8-cp1251-lines.csv',
    entity: 'clients',
    messages: [
      'mixed-utf8-cp1251-lines.csv, row 3 "C2,ИП Бета-2,7701000002": not UTF-8',
      'mixed-utf8-cp1251-lines.csv, row 5 "C4,ООО Дельта,7701000004": not UTF-8',
      'mixed-utf8-cp1251-lines.csv is read as UTF-8, but 2 lines are in another encoding; nothing was written',
    ],
  },
  {
    file: 'mixed-cp1251-utf8-lines.csv',
    entity: 'clients',
    messages: [
      'mixed-cp1251-utf8-lines.csv, row 3 "C2,ИП Бета-2,7701000002": UTF-8, not Windows-1251',
      'is read as Windows-1251, but 1 line is in another encoding',
    ],
  },
  {
    file: 'mixed-cp1251-utf8-lines.csv',
    entity: 'clients',
    args: ['--encoding', 'cp1251'],
    messages: ['row 3 "C2,ИП Бета-2,7701000002": UTF-8, not Windows-1251', 'is read as Windows-1251 (--encoding), but 1 line'],
  },
  {
    file: 'six-lines-not-utf8.csv',
    entity: 'clients',
    messages: [
      'row 3 "C12,ООО Фирма 2,7701000012": not UTF-8',
      'row 11 "C20,ООО Фирма 10,7701000020": not UTF-8',
      '6 lines are in another encoding (the first 5 are listed)',
    ],
  },
  {
    file: 'undefined-byte-cp1251.csv',
    entity: 'clients',
    messages: ['undefined-byte-cp1251.csv, row 3 "C2,ИП Бета?,7701000002": a byte that is no character in Windows-1251'],
  },
  {
    file: 'utf16le-broken.csv',
    entity: 'clients',
    messages: ['utf16le-broken.csv, row 3 "C6,?x": does not decode as UTF-16LE'],
  },
  {
    // today: the row of the end of the file, and csv-parse's words
    file: 'unclosed-quote-utf8.csv',
    entity: 'clients',
    messages: ['unclosed-quote-utf8.csv, row 3: a quoted value is not closed', 'the line reads "C6,"ООО Ромашка,7701000006"'],
  },
  {
    file: 'unclosed-quote-cp1251.csv',
    entity: 'clients',
    messages: ['unclosed-quote-cp1251.csv, row 3: a quoted value is not closed', 'the line reads "C6,"ООО Ромашка,7701000006"'],
  },
  {
    file: 'zero-bytes.csv',
    entity: 'clients',
    messages: ['zero-bytes.csv: not a CSV text file (it contains zero bytes)'],
  },
  {
    // today: 10^20 stored as a double, 90071992547409.93 stored as …409.92
    file: 'money-too-big.csv',
    entity: 'payments',
    messages: [
      'row 2, column amount "100000000000000000000": expected an amount of money greater than 0 and at most 1 000 000 000 000',
      'row 3, column amount "90071992547409.93": expected an amount of money greater than 0 and at most 1 000 000 000 000',
      'row 4, column amount "1 000 000 000 000,01": expected an amount of money',
    ],
  },
  {
    file: 'qty-too-big.csv',
    entity: 'shipments',
    messages: ['row 2, column qty "10000000000": expected a number greater than 0 and at most 1 000 000 000'],
  },
  {
    file: 'whole-number-too-big.csv',
    entity: 'products',
    messages: ['row 2, column illiquid_after_days "5000000000": expected a whole number greater than 0 and at most 1 000 000 000'],
  },
];

describe('files that cannot be read right are refused whole, in words', () => {
  it.each(BAD_FILES.map((c) => ({ ...c, title: [c.file, ...(c.args ?? [])].join(' ') })))('$title', ({ file, entity, args = [], messages }) => {
    const { db } = copyDb(template);
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'import', entity, path.join(BAD, file), ...args]);
    for (const message of messages) expect(run.stderr).toContain(message);
    expectCleanRefusal(run);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('a UTF-8 file with a Windows-1251 line beyond the first 64 KB (and beyond the worker threshold)', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const lines = ['payment_no,date,client_code,amount,order_no'];
    for (let i = 1; lines.length < 40_000; i++) lines.push(`П${i},2026-01-05,C1,${i}.50,`);
    const head = utf8(`${lines.join('\n')}\n`);
    expect(head.length).toBeGreaterThan(WORKER_MIN_BYTES);
    const file = writeFile(dir, 'payments.csv', Buffer.concat([head, cp1251('Пбад,2026-01-05,C1,10,\n'), utf8('П99999,2026-01-05,C1,10,\n')]));
    // today: imported, the bad line's number decoded with U+FFFD
    const run = crm(['--db', db, 'import', 'payments', file]);
    expect(run.stderr).toContain('payments.csv, row 40001 "Пбад,2026-01-05,C1,10,": not UTF-8');
    expectCleanRefusal(run);
    expect(dbFingerprint(db)).toBe(before);
    const inline = crm(['--db', db, 'import', 'payments', file], { env: { CRM_NO_WORKER: '1' } });
    expect(inline.stderr).toContain('payments.csv, row 40001 "Пбад,2026-01-05,C1,10,": not UTF-8');
    expectCleanRefusal(inline);
    expect(dbFingerprint(db)).toBe(before);
  });

  it.each([
    ['UTF-8 with a BOM, CRLF and a blank line', Buffer.from('\ufeffcode,name\r\nC5,Вега\r\n\r\n"C6,Ромашка\r\nC7,Лира\r\n'), 'row 4', '""C6,Ромашка"'],
    ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('code,name\r\nC5,Вега\r\nC6,"Ромашка\r\nC7,Лира\r\n', 'utf-16le')]), 'row 3', '"C6,"Ромашка"'],
  ])('an unclosed quote in %s is named at the line where it opens', (_title, bytes, row, text) => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'import', 'clients', writeFile(dir, 'c.csv', bytes)]);
    expect(run.stderr).toContain(`c.csv, ${row}: a quoted value is not closed`);
    expect(run.stderr).toContain(`the line reads ${text}`);
    expectCleanRefusal(run);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('--encoding utf-8 on a Windows-1251 file is checked too', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const file = writeFile(dir, 'c.csv', cp1251('code,name\nC1,ООО Альфа Плюс\n'));
    const run = crm(['--db', db, 'import', 'clients', file, '--encoding', 'utf-8']);
    expect(run.stderr).toContain('c.csv, row 2 "C1,ООО Альфа Плюс": not UTF-8 (shown here as Windows-1251)');
    expect(run.stderr).toContain('c.csv is read as UTF-8 (--encoding), but 1 line is in another encoding');
    expectCleanRefusal(run);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('an .xlsx workbook named .csv', async () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const xlsx = await writeXlsx(path.join(dir, 'book.xlsx'), [['code', 'name'], ['C5', 'ООО Вега']]);
    const file = writeFile(dir, 'book.csv', fs.readFileSync(xlsx));
    const run = crm(['--db', db, 'import', 'clients', file]);
    expect(run.stderr).toContain('book.csv: not a CSV text file but a zip archive (an .xlsx workbook named .csv?)');
    expectCleanRefusal(run);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('Excel numeric cells have the same bounds', async () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const pay = await writeXlsx(path.join(dir, 'payments.xlsx'), [
      ['payment_no', 'date', 'client_code', 'amount'],
      ['P1', '2026-01-05', 'C1', 1e20],
      ['P2', '2026-01-05', 'C1', 90071992547409.93],
    ]);
    const run = crm(['--db', db, 'import', 'payments', pay]);
    expect(run.stderr).toContain('payments.xlsx, sheet Sheet1, row 2, column amount "100000000000000000000": expected an amount of money greater than 0 and at most 1 000 000 000 000');
    expect(run.stderr).toContain('row 3, column amount "90071992547409.94": expected an amount of money');
    expectCleanRefusal(run);
    const ship = await writeXlsx(path.join(dir, 'shipments.xlsx'), [
      ['shipment_no', 'date', 'client_code', 'sku', 'qty', 'amount'],
      ['T1', '2026-01-11', 'C1', 'A1', 2e9, 100],
    ]);
    const qty = crm(['--db', db, 'import', 'shipments', ship]);
    expect(qty.stderr).toContain('row 2, column qty "2000000000": expected a number greater than 0 and at most 1 000 000 000');
    expectCleanRefusal(qty);
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('files as people save them import', () => {
  const clientName = (db: string, code: string) => query<{ name: string; inn: string | null }>(db, 'SELECT name, inn FROM clients WHERE code = ?', code)[0];

  it.each([
    ['; with quotes inside a value (1C)', 'code;name;inn\nC903;ООО "Ромашка";7701234567\n', '7701234567'],
    [', with quotes inside a value (Excel)', 'code,name\nC903,ООО "Ромашка"\n', null],
    ['a properly quoted value with doubled quotes', 'code,name\nC903,"ООО ""Ромашка"""\n', null],
    ['a quoted value with a delimiter and doubled quotes', 'code;name;inn\nC903;"ООО ""Ромашка""; Москва";7701234567\n', '7701234567'],
  ])('%s', (_title, text, inn) => {
    const { dir, db } = copyDb(template);
    const run = crm(['--db', db, 'import', 'clients', writeFile(dir, 'c.csv', text)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const expected = text.includes('Москва') ? 'ООО "Ромашка"; Москва' : 'ООО "Ромашка"';
    expect(clientName(db, 'C903')).toEqual({ name: expected, inn });
  });

  const body = 'code;name;inn\nC1;ООО Альфа «Плюс»;7701000001\nC904;ИП Ёлкин Пётр;7701000904\n';
  it.each([
    ['Windows-1251', cp1251(body)],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(body)])],
    ['UTF-16 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(body, 'utf-16le')])],
    ['UTF-16 BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(body, 'utf-16be')])],
    ['UTF-16 LE without a BOM (zero bytes on every other position)', iconv.encode(body, 'utf-16le')],
    ['UTF-16 LE with a BOM and CRLF', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(body.replace(/\n/g, '\r\n'), 'utf-16le')])],
  ])('%s', (_title, bytes) => {
    const { dir, db } = copyDb(template);
    const run = crm(['--db', db, 'import', 'clients', writeFile(dir, 'c.csv', bytes)]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('1 inserted, 1 updated');
    expect(clientName(db, 'C1')).toEqual({ name: 'ООО Альфа «Плюс»', inn: '7701000001' });
    expect(clientName(db, 'C904')).toEqual({ name: 'ИП Ёлкин Пётр', inn: '7701000904' });
  });

  it('Windows-1251 whose first letters come after 64 KB of codes and numbers', () => {
    const { dir, db } = copyDb(template);
    const lines = ['code,name,inn'];
    for (let i = 1; i <= 4000; i++) lines.push(`K${i},Firm ${i},`);
    lines.push('C2,ИП Бета Поздняя,7701000002');
    const file = writeFile(dir, 'c.csv', cp1251(`${lines.join('\n')}\n`));
    const run = crm(['--db', db, 'import', 'clients', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(clientName(db, 'C2')).toEqual({ name: 'ИП Бета Поздняя', inn: '7701000002' });
  });

  it('amounts up to 10^12 roubles stay exact to the kopeck, quantities up to 10^9', () => {
    const { dir, db } = copyDb(template);
    const pay = writeFile(
      dir,
      'p.csv',
      'payment_no,date,client_code,amount\nP1,2026-01-05,C1,1000000000000\nP2,2026-01-05,C1,999999999999.99\nP3,2026-01-05,C1,"90 071 992 547,93"\n',
    );
    expect(crm(['--db', db, 'import', 'payments', pay]).code).toBe(0);
    expect(query(db, 'SELECT payment_no, amount FROM client_payments ORDER BY payment_no')).toEqual([
      { payment_no: 'P1', amount: 100_000_000_000_000 },
      { payment_no: 'P2', amount: 99_999_999_999_999 },
      { payment_no: 'P3', amount: 9_007_199_254_793 },
    ]);
    const exported = path.join(dir, 'out.csv');
    expect(crm(['--db', db, 'export', 'payments', '-o', exported]).code).toBe(0);
    expect(fs.readFileSync(exported, 'utf8')).toContain('999999999999.99');
    const ship = writeFile(dir, 's.csv', 'shipment_no,date,client_code,sku,qty,amount\nT1,2026-01-11,C1,A1,1000000000,100\n');
    expect(crm(['--db', db, 'import', 'shipments', ship]).code).toBe(0);
    expect(query(db, 'SELECT qty FROM shipment_lines')).toEqual([{ qty: 1_000_000_000 }]);
  });
});

describe('number bounds at the edge (io/locale.ts)', () => {
  const refused = { bad: expect.stringContaining('from -'), outOfRange: true };
  it.each([
    ['1000000000000', MAX_MONEY_KOPECKS],
    ['-1 000 000 000 000,00', -MAX_MONEY_KOPECKS],
    ['999999999999.99', MAX_MONEY_KOPECKS - 1],
    [1e12, MAX_MONEY_KOPECKS], // an Excel cell
    ['1000000000000.01', refused],
    ['9999999999999', refused], // 13 digits: the fast path
    ['90071992547409.93', refused],
    ['100000000000000000000', refused],
    [1e20, refused],
    [-1e13, refused],
  ])('money %s', (cell, expected) => {
    expect(parseMoney(cell)).toEqual(expected);
  });

  it.each([
    ['1000000000', MAX_NUMBER, MAX_NUMBER],
    ['-1 000 000 000', -MAX_NUMBER, -MAX_NUMBER],
    ['1000000000.5', refused, refused],
    ['999999999.5', 999_999_999.5, { bad: 'a whole number' }],
    [2e9, refused, refused],
  ])('number and whole number %s', (cell, number, whole) => {
    expect(parseNumber(cell)).toEqual(number);
    expect(parseInteger(cell)).toEqual(whole);
  });
});

describe('the bounds are stated', () => {
  it('in crm help formats', () => {
    const run = crm(['help', 'formats']);
    expect(run.stdout).toContain('Bounds: money within ±1 000 000 000 000 (exact to the kopeck), quantities and whole numbers within ±1 000 000 000.');
    expect(run.stdout).toContain('UTF-16 (detected');
  });
});

// found by trying it as a new user would (issue 9 review)
describe('what a second look found', () => {
  it('an xlsx formula saved without its value, or showing an Excel error, is refused — never read as empty', async () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const file = path.join(dir, 'f.xlsx');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Лист1');
    ws.addRow(['code', 'name', 'credit_limit', 'purchase_potential']);
    ws.addRow(['C1', 'ООО Альфа', { formula: '2*500000' }, { formula: '1/0', result: { error: '#DIV/0!' } }]);
    ws.addRow(['C2', { error: '#N/A' }, 100, 100]);
    await wb.xlsx.writeFile(file);
    const run = crm(['--db', db, 'import', 'clients', file]);
    expectCleanRefusal(run);
    expect(run.stderr).toContain('row 2, column credit_limit: a formula saved without its value (=2*500000): open and save the file in Excel');
    // (exceljs reads an error that a formula shows as a formula without its value: refused either way)
    expect(run.stderr).toMatch(/row 2, column purchase_potential: (an Excel error #DIV\/0!|a formula saved without its value \(=1\/0\))/);
    expect(run.stderr).toContain('row 3, column name: an Excel error #N/A'); // text columns too
    expect(dbFingerprint(db)).toBe(before);
  });

  it.each([
    ['KOI8-R', 'koi8-r'],
    ['CP866 (DOS)', 'cp866'],
  ])('%s is recognized and read, not garbled as Windows-1251', (_name, encoding) => {
    const { dir, db } = copyDb(template);
    const text = 'code;name\nC70;ИП Электромонтаж и сервис\nC71;ООО "Альфа плюс"\n';
    const run = crm(['--db', db, 'import', 'clients', writeFile(dir, 'x.csv', iconv.encode(text, encoding))]);
    expect(run.code, run.stderr).toBe(0);
    expect(query(db, "SELECT name FROM clients WHERE code IN ('C70', 'C71') ORDER BY code")).toEqual([{ name: 'ИП Электромонтаж и сервис' }, { name: 'ООО "Альфа плюс"' }]);
  });

  it('a 1C file of codes in capitals (РТ-000123, ЗК-000045) stays Windows-1251', () => {
    const { dir, db } = copyDb(template);
    const text = 'Реализация;Дата;Контрагент;Артикул;Количество;Сумма\nРТ-000123;01.02.2026;C1;A1;1;100\nРТ-000124;01.02.2026;C1;A1;2;200\n';
    const run = crm(['--db', db, 'import', 'shipments', writeFile(dir, 's.csv', cp1251(text))]);
    expect(run.code, run.stderr).toBe(0);
    expect(query(db, 'SELECT shipment_no FROM shipments ORDER BY shipment_no')).toEqual([{ shipment_no: 'РТ-000123' }, { shipment_no: 'РТ-000124' }]);
  });

  it.each([
    ['UTF-8 cut in the middle of its last character', utf8('code,name\nC72,ООО Первый').subarray(0, -1), 'UTF-8 that ends in the middle of a character: the file looks cut short'],
    ['UTF-16 with an odd number of bytes', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('code,name\nC73,Ряд\n', 'utf-16le').subarray(0, -1)]), 'the file ends in the middle of a character'],
  ])('%s: refused, nothing written', (_name, bytes, message) => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'import', 'clients', writeFile(dir, 'cut.csv', bytes)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('a document whose lines add up beyond the bound is refused: its total must stay exact', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const lines = Array.from({ length: 100 }, () => 'BIG-1,2026-02-01,C1,A1,1,"999999999999,99"').join('\n');
    const run = crm(['--db', db, 'import', 'shipments', writeFile(dir, 'big.csv', `shipment_no,date,client_code,sku,qty,amount\n${lines}\n`)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('row 2, column amount "BIG-1": the document\'s lines add up to about 99 999 999 999 999, beyond the 1 000 000 000 000 an amount may be');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('a row of only numbers without a number is a totals row at the end of a file, a bad row before the end', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const middle = crm(['--db', db, 'import', 'payments', writeFile(dir, 'm.csv', 'payment_no,date,client_code,amount\n,45600,7709106511,1000\nP1,2026-01-10,C1,100\n')]);
    expect(middle.code).toBe(2);
    expect(middle.stderr).toContain('row 2, column payment_no "": required value is empty (a row of only numbers is taken for a totals row only at the end of the file)');
    expect(dbFingerprint(db)).toBe(before);
    const end = crm(['--db', db, 'import', 'payments', writeFile(dir, 'e.csv', 'payment_no,date,client_code,amount\nP1,2026-01-10,C1,100\n,,,100\n')]);
    expect(end.code, end.stderr).toBe(0);
    expect(end.stderr).toContain('e.csv, row 3: skipped a totals row (no payment_no, only numbers)');
  });
});
