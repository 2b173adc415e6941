// Issue 10: one taxpayer number is one counterparty. Clients and suppliers that share an INN
// are refused (naming the one already there) unless --allow-duplicates; clients whose names
// normalize alike are a warning; `crm clients|suppliers duplicates` lists suspected pairs.
import { beforeAll, describe, expect, it } from 'vitest';
import { baseDb, copyDb, crm, dbFingerprint, query, writeFile } from './helpers.js';

let template: string;
beforeAll(() => {
  template = baseDb();
  const dir = copyDb(template).dir;
  const run = crm(['--db', template, 'import', 'clients', writeFile(dir, 'inn.csv', 'code,name,inn\nC1,ООО «Альфа»,7701234567\n')]);
  if (run.code !== 0) throw new Error(run.stderr);
  const s = crm(['--db', template, 'import', 'suppliers', writeFile(dir, 'sinn.csv', 'code,name,inn\nS1,ООО «Поставщик»,7809876543\n')]);
  if (s.code !== 0) throw new Error(s.stderr);
});

describe('the same INN under another code', () => {
  it.each([
    ['clients', 'code,name,inn\nC77,ООО «Альфа-2»,7701234567\n', 'row 2, column inn "7701234567": client C1 "ООО «Альфа»" already has this INN (use --allow-duplicates if they really are two clients)'],
    ['clients', 'code,name,inn\nC77,Первый,5000000001\nC78,Второй,5000000001\n', 'row 3, column inn "5000000001": client C77 at row 2 has the same INN'],
    ['suppliers', 'code,name,inn\nS77,ООО «Поставщик-2»,7809876543\n', 'row 2, column inn "7809876543": supplier S1 "ООО «Поставщик»" already has this INN'],
  ])('%s: refused, exit 2, nothing written', (entity, text, message) => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'import', entity, writeFile(dir, 'x.csv', text)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('--allow-duplicates lets it in; changing a record’s own INN, or moving an INN to the record that takes it over, is fine', () => {
    const { dir, db } = copyDb(template);
    expect(crm(['--db', db, 'import', 'clients', writeFile(dir, 'a.csv', 'code,name,inn\nC77,Филиал,7701234567\n'), '--allow-duplicates']).code).toBe(0);
    // C1 gives its INN to C78 in the same file
    const moved = crm(['--db', copyDb(template).db, 'import', 'clients', writeFile(dir, 'm.csv', 'code,name,inn\nC1,ООО «Альфа»,7700000000\nC78,ООО «Альфа» новое,7701234567\n')]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(query(db, "SELECT code FROM clients WHERE inn = '7701234567' ORDER BY code")).toEqual([{ code: 'C1' }, { code: 'C77' }]);
  });

  it('a supplier is found by its INN where a code is expected', () => {
    const { dir, db } = copyDb(template);
    const run = crm(['--db', db, 'import', 'supplier-payments', writeFile(dir, 'p.csv', 'payment_no,date,supplier_code,amount\nPP1,2026-01-10,7809876543,1000\n')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('1 reference resolved by name');
    expect(query(db, 'SELECT s.code FROM supplier_payments p JOIN suppliers s ON s.id = p.supplier_id')).toEqual([{ code: 'S1' }]);
  });
});

describe('clients with names that normalize alike', () => {
  it('are let in with a warning, and listed by crm clients duplicates with the INN pairs', () => {
    const { dir, db } = copyDb(template);
    const run = crm(['--db', db, 'import', 'clients', writeFile(dir, 'n.csv', 'code,name,inn\nC90,ооо "альфа",7701111111\n')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: row 2: client C90 "ооо "альфа"" has the same name as client C1');
    expect(crm(['--db', db, 'import', 'clients', writeFile(dir, 'd.csv', 'code,name,inn\nC91,ИП Иванов,7701111111\n'), '--allow-duplicates']).code).toBe(0);
    const listed = JSON.parse(crm(['--db', db, 'clients', 'duplicates', '--json']).stdout);
    expect(listed.duplicates).toEqual([
      { by: 'inn', value: '7701111111', records: [{ code: 'C90', name: 'ооо "альфа"', inn: '7701111111' }, { code: 'C91', name: 'ИП Иванов', inn: '7701111111' }] },
      { by: 'name', value: 'ооо альфа', records: [{ code: 'C1', name: 'ООО «Альфа»', inn: '7701234567' }, { code: 'C90', name: 'ооо "альфа"', inn: '7701111111' }] },
    ]);
    const text = crm(['--db', db, 'clients', 'duplicates']);
    expect(text.stdout).toContain('INN 7701111111\n  C90\tооо "альфа"\tИНН 7701111111\n  C91\tИП Иванов');
    expect(text.stderr).toContain('2 groups of clients that look like one');
    expect(crm(['--db', db, 'suppliers', 'duplicates']).stdout).toBe('no suspected duplicates\n');
  });
});
