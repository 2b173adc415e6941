// Issue 9, "Command line" and "The tests themselves": every misuse of an option is a clear
// exit 2 naming the option and the value, and writes nothing; what --skip-invalid leaves
// behind has its own exit code; what crm writes cannot run as a spreadsheet formula.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES } from '../src/model/entities.js';
import { suggest } from '../src/util/suggest.js';
import { BIN, baseDb, copyDb, crm, dbFingerprint, query, tempDir, writeFile } from './helpers.js';

let template: string;
beforeAll(() => {
  template = baseDb();
  const dir = path.dirname(template);
  for (const [entity, text] of [
    ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nT1,2026-01-12,C1,A1,10,1000\n'],
    // version 1 and version 2 of the sales plan: PWR 1000 → 2000 a month
    ['plan-sales', 'group_code,2026-01,2026-02,2026-03,2026-04\nPWR,1000,1000,1000,1000\n'],
    ['plan-sales', 'group_code,2026-01,2026-02,2026-03,2026-04\nPWR,2000,2000,2000,2000\n'],
    // A1 counted 1000 at the end of March, minimum 10: April's demand cannot need anything
    ['stock', 'date,sku,qty\n2026-03-31,A1,1000\n'],
    ['plan-min-stock', 'sku,2026-04\nA1,10\n'],
  ]) {
    // as of January: the 2026 months are not past yet, so the second version may change them
    const run = crm(['--db', template, '--as-of', '2026-01-05', 'import', entity!, writeFile(dir, `${entity}.csv`, text!)]);
    if (run.code !== 0) throw new Error(`${entity}: ${run.stderr}`);
  }
  const run = crm(['--db', template, '--as-of', '2026-03-31', 'plan', 'run', '--months', '1']);
  if (run.code !== 0) throw new Error(`plan run: ${run.stderr}`);
});

const GOOD_SHIPMENTS = 'shipment_no,date,client_code,sku,qty,amount\nT9,2026-02-01,C1,A1,1,100\n';

describe('misuse is exit 2 naming the option and the value, and writes nothing', () => {
  // [arguments after --db, message fragment]; FILE is a valid shipments file, DIR a temp folder
  const cases: [string, string[], string][] = [
    // dates and months: calendar-valid, ISO or dd.mm.yyyy for days, YYYY-MM for months
    ['--as-of month 13, day 45', ['--as-of', '2026-13-45', 'report', 'sales'], '--as-of 2026-13-45: expected a real date like 2026-11-30 or 30.11.2026'],
    ['--as-of Feb 29 of a common year', ['--as-of', '2026-02-29', 'plan', 'run'], '--as-of 2026-02-29: the day does not exist (2026-02 has 28 days, not 29)'],
    ['--as-of April 31 written the Russian way', ['--as-of', '31.04.2026', 'import', 'shipments', 'FILE'], '--as-of 31.04.2026: the day does not exist (2026-04 has 30 days, not 31)'],
    ['--as-of without leading zeros', ['--as-of', '2026-1-5', 'report', 'sales'], '--as-of 2026-1-5: expected a real date'],
    ['--as-of empty', ['--as-of', '', 'report', 'sales'], '--as-of "": expected a real date'],
    ['--as-of a time', ['--as-of', '2026-03-01T10:00', 'report', 'sales'], '--as-of 2026-03-01T10:00: expected a real date'],
    ['report --from month 13', ['report', 'sales', '--from', '2026-13'], '--from 2026-13: expected a month (2026-03) or a date (2026-03-15, 15.03.2026)'],
    ['report --to Feb 30', ['report', 'sales', '--to', '2026-02-30'], '--to 2026-02-30: the day does not exist (2026-02 has 28 days, not 30)'],
    ['report --date day 32', ['report', 'illiquid', '--date', '32.01.2026'], '--date 32.01.2026: the day does not exist (2026-01 has 31 days, not 32)'],
    ['report --date an Excel serial', ['report', 'illiquid', '--date', '46113'], '--date 46113: expected a month (2026-03) or a date'],
    ['plan run --from month 13', ['plan', 'run', '--from', '2027-13'], '--from 2027-13: expected a month like 2027-01'],
    ['plan run --from month 0', ['plan', 'run', '--from', '2027-00'], '--from 2027-00: expected a month like 2027-01'],
    ['plan run --from a day', ['plan', 'run', '--from', '2027-01-01'], '--from 2027-01-01: expected a month like 2027-01'],
    ['plan revise --from one digit', ['plan', 'revise', 'sales', '--from', '2027-1', 'FILE'], '--from 2027-1: expected a month like 2027-01'],
    ['plan explain MONTH 13', ['plan', 'explain', '1', 'A1', '2026-13'], 'MONTH 2026-13: expected a month like 2027-01'],
    // a mistyped name from a closed list suggests the right one
    ['import product', ['import', 'product', 'FILE'], 'unknown entity "product": did you mean "products"? expected one of: managers,'],
    ['import shipment', ['import', 'shipment', 'FILE'], 'did you mean "shipments"?'],
    ['import nonsense: no suggestion', ['import', 'zzzz', 'FILE'], 'unknown entity "zzzz": expected one of: managers,'],
    ['import toString', ['import', 'toString', 'FILE'], 'unknown entity "toString": expected one of'],
    ['export clint', ['export', 'clint', '-o', 'DIR/c.csv'], 'unknown entity "clint": did you mean "clients"?'],
    ['template shipment', ['template', 'shipment', '-o', 'DIR/t.xlsx'], 'unknown entity "shipment": did you mean "shipments"?'],
    ['plan export sale', ['plan', 'export', 'sale', '-o', 'DIR/p.xlsx'], 'unknown plan "sale": did you mean "sales"? expected one of: sales, managers, min-stock'],
    ['plan versions minstock', ['plan', 'versions', 'minstock'], 'did you mean "min-stock"?'],
    ['plan revise sale', ['plan', 'revise', 'sale', '--from', '2026-04', 'FILE'], 'did you mean "sales"?'],
    ['plan show --what purchase', ['plan', 'show', '1', '--what', 'purchase'], '--what "purchase": did you mean "purchases"? expected one of: demand, inventory, purchases'],
    ['plan show --what constructor', ['plan', 'show', '1', '--what', 'constructor'], '--what "constructor": expected one of'],
    ['plan show --by skus', ['plan', 'show', '1', '--what', 'inventory', '--by', 'skus'], '--by "skus": did you mean "sku"? inventory can be grouped by: sku, group, month, supplier'],
    ['help formts', ['help', 'formts'], 'no help topic or command "formts": did you mean "formats"?'],
    ['help exitcodes', ['help', 'exitcodes'], 'did you mean "exit-codes"?'],
    // --errors is checked before anything is read or written
    ['--errors .db', ['import', 'shipments', 'FILE', '--skip-invalid', '--errors', 'DIR/e.db'], '--errors DIR/e.db: the problems go to an .xlsx or .csv file'],
    ['--errors .json', ['import', 'shipments', 'FILE', '--errors', 'DIR/e.json'], '--errors DIR/e.json: the problems go to an .xlsx or .csv file'],
    ['--errors in a missing folder', ['import', 'shipments', 'FILE', '--skip-invalid', '--errors', 'DIR/none/e.csv'], '--errors DIR/none/e.csv: folder DIR/none does not exist'],
    ['--errors is a folder', ['import', 'shipments', 'FILE', '--skip-invalid', '--errors', 'DIR/folder.csv'], '--errors DIR/folder.csv: that is a folder, not a file'],
    // versions of subcommands are theirs
    ['report --version not a number', ['report', 'plan-fact', '--version', 'x'], '--version x: expected latest, baseline or a version number'],
    ['plan export --version 0', ['plan', 'export', 'sales', '--version', '0', '-o', 'DIR/p.xlsx'], '--version 0: expected a version number'],
    ['plan export --version that does not exist', ['plan', 'export', 'sales', '--version', '7', '-o', 'DIR/p.xlsx'], 'version 7 of the sales plan does not exist'],
    // options that do not apply are refused, not dropped
    ['--note on a non-plan import', ['import', 'shipments', 'FILE', '--note', 'why'], '--note is kept with a new plan version; shipments makes none'],
    ['--sheet on a CSV', ['import', 'shipments', 'FILE', '--sheet', 'Лист1'], '--sheet is for .xlsx workbooks; good.csv has no sheets'],
    // outputs: standard output, a folder path, a dangling link
    ['-o -', ['export', 'clients', '-o', '-', '--format', 'csv'], '-o -: crm writes files, not standard output, with -o'],
    ['-o ending in /', ['export', 'clients', '-o', 'DIR/adir.csv/'], 'a path ending in "/" names a folder'],
  ];

  let db: string;
  let dir: string;
  beforeAll(() => {
    ({ db, dir } = copyDb(template));
    fs.mkdirSync(path.join(dir, 'folder.csv'));
    writeFile(dir, 'good.csv', GOOD_SHIPMENTS);
  });

  it('an -o that is a link to nothing is refused (its target is not made up)', () => {
    fs.symlinkSync(path.join(dir, 'nowhere', 'x.csv'), path.join(dir, 'dangling.csv'));
    const run = crm(['--db', db, 'export', 'clients', '-o', path.join(dir, 'dangling.csv')]);
    expect([run.code, run.stderr]).toEqual([2, expect.stringContaining('a link to')]);
    expect(fs.lstatSync(path.join(dir, 'dangling.csv')).isSymbolicLink()).toBe(true);
    fs.rmSync(path.join(dir, 'dangling.csv'));
  });

  it.each(cases)('%s', (_, args, fragment) => {
    const files = () => fs.readdirSync(dir).sort();
    const before = { db: dbFingerprint(db), files: files() };
    const resolved = args.map((a) => (a === 'FILE' ? path.join(dir, 'good.csv') : a.replace('DIR', dir)));
    const run = crm(['--db', db, ...resolved]);
    expect(run.stderr).toContain(fragment.replaceAll('DIR', dir));
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('unexpected failure');
    expect(run.stdout).toBe('');
    expect(dbFingerprint(db)).toBe(before.db);
    expect(files()).toEqual(before.files); // no output, no errors file, no temp file
  });
});

describe('--version N belongs to the subcommand', () => {
  it('report plan-fact --version 1 compares with version 1 of the plan, not the latest', () => {
    const { db } = copyDb(template);
    const plan = (args: string[]) => {
      const run = crm(['--db', db, '--as-of', '2026-03-31', 'report', 'plan-fact', '--from', '2026-01', '--to', '2026-03', ...args, '--format', 'json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as { params: Record<string, unknown>; rows: Record<string, unknown>[] };
    };
    const v1 = plan(['--version', '1']);
    expect(v1.params).toMatchObject({ version: 1, sales_version: 1 });
    const latest = plan([]);
    expect(latest.params).toMatchObject({ version: 'latest', sales_version: 2 });
    // PWR January: 1000 in version 1, 2000 in version 2 (fact: T1 1000)
    const januaryPwr = (r: { rows: Record<string, unknown>[] }) => r.rows.find((row) => row.section === 'sales' && row.group === 'PWR' && row.month === '2026-01');
    expect(januaryPwr(v1)).toMatchObject({ plan: 1000, fact: 1000 });
    expect(januaryPwr(latest)).toMatchObject({ plan: 2000, fact: 1000 });
  });

  it('plan export sales --version 1 writes version 1; crm --version alone prints the version of crm', async () => {
    const { dir, db } = copyDb(template);
    const file = path.join(dir, 'v1.xlsx');
    const run = crm(['--db', db, 'plan', 'export', 'sales', '--version', '1', '-o', file]);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('sales v1');
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['group_code', '2026-01', '2026-02', '2026-03', '2026-04']);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['PWR', 1000, 1000, 1000, 1000]);
    for (const flag of ['--version', '-V']) expect(crm([flag])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });
});

describe('dates in options: both written forms of a real day', () => {
  it('--as-of 31.03.2026 is 2026-03-31; a report month stands for its first or last day', () => {
    const { db } = copyDb(template);
    const run = crm(['--db', db, '--as-of', '31.03.2026', 'report', 'plan-fact', '--from', '2026-02', '--to', '2026-02', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).params).toMatchObject({ from: '2026-02-01', to: '2026-02-28', as_of: '2026-03-31' });
    const leap = crm(['--db', db, '--as-of', '2028-02-29', 'report', 'sales', '--from', '01.02.2028', '--format', 'json']);
    expect(leap.code).toBe(0);
    expect(JSON.parse(leap.stdout).params).toMatchObject({ from: '2028-02-01', to: '2028-02-29' });
  });
});

describe('--search matches % and _ literally', () => {
  it('finds only the names, codes and INNs that contain the text', () => {
    const { dir, db } = copyDb(template);
    const file = writeFile(dir, 'c.csv', 'code,name,inn\nC10,Скидка 100% Опт,7701000010\nC11,ООО Имя_Фамилия,7701000011\nC_12,ООО Дельта,7701000012\n');
    expect(crm(['--db', db, 'import', 'clients', file]).code).toBe(0);
    const codes = (text: string) => {
      const run = crm(['--db', db, 'clients', 'list', '--search', text, '--json']);
      expect(run.code).toBe(0);
      return (JSON.parse(run.stdout).clients as { code: string }[]).map((c) => c.code);
    };
    expect(codes('%')).toEqual(['C10']);
    expect(codes('100%')).toEqual(['C10']);
    expect(codes('_')).toEqual(['C11', 'C_12']);
    expect(codes('"')).toEqual([]);
    expect(codes('7701000011')).toEqual(['C11']);
    // the normalized match still works: case, ё/е and look-alike letters ignored
    expect(codes('альфа')).toEqual(['C1']);
    const one = crm(['--db', db, 'clients', 'list', '--search', '%']);
    expect(one.stderr).toBe('1 client\n');
  });
});

describe('help', () => {
  it('formats lists every column of every entity with its type and Russian aliases', () => {
    const run = crm(['help', 'formats']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    for (const e of ENTITIES) {
      const at = lines.findIndex((l) => l.startsWith(`${e.name} — `));
      expect(at, e.name).toBeGreaterThan(0);
      // a column of fixed values has a second line, its values and their words (values: …)
      const own = lines.slice(at + 1).filter((l) => !/^\s+(values|значения): /.test(l));
      e.columns.forEach((c, i) => {
        const line = own[i]!;
        expect(line.trim().startsWith(`${c.name}${c.required ? '*' : ''} `) || line.trim() === `${c.name}${c.required ? '*' : ''}`, `${e.name}.${c.name}: ${line}`).toBe(true);
        expect(line.endsWith((c.aliases ?? []).join(', ')), `${e.name}.${c.name}: ${line}`).toBe(true);
      });
    }
    expect(run.stdout).toMatch(/^clients — Clients\n {2}code\* +text +код, кодклиента, кодконтрагента\n {2}name\* +text +наименование, название, клиент, контрагент, покупатель\n/m);
    expect(run.stdout).toMatch(/^ {2}manager_code +code \(managers\) +менеджер, кодменеджера, ответственный$/m);
  });

  it('exit-codes documents 4', () => {
    expect(crm(['help', 'exit-codes']).stdout).toContain('4  done with --skip-invalid: the valid rows were written');
  });

  it('suggest() takes the nearest name within 3 edits that keeps more than 40 % of the word', () => {
    expect(suggest('clint', ['clients', 'products'])).toBe('clients');
    expect(suggest('PRODUCT', ['clients', 'products'])).toBe('products');
    expect(suggest('xyz', ['clients', 'products'])).toBeUndefined();
    expect(suggest('abc', ['xyz', 'abcdefgh'])).toBeUndefined(); // all letters changed; 5 edits
  });
});

describe('--skip-invalid: exit 4 when the valid rows went in, and every rejected row in --errors', () => {
  // T5 has four lines and one bad one (row 3): the whole document is rejected; T2 goes in
  const FILE = 'shipment_no,date,client_code,sku,qty,amount\nT5,2026-01-11,C1,A1,10,1000\nT5,2026-01-11,C1,L1,-1,150\nT5,2026-01-11,C1,A2,3,300\nT5,2026-01-11,C1,L1,2,300\nT2,2026-01-12,C2,L1,2,300\n';

  it.each(['csv', 'xlsx'])('writes T2, exits 4 and lists all four lines of T1 in the .%s errors file', async (ext) => {
    const { dir, db } = copyDb(template);
    const errors = path.join(dir, `errors.${ext}`);
    const run = crm(['--db', db, 'import', 'shipments', writeFile(dir, 's.csv', FILE), '--skip-invalid', '--errors', errors]);
    expect(run.stdout).toMatch(/^shipments: 5 rows; documents: 1 inserted, 0 updated, 0 unchanged; 4 rows rejected; operation \d+\n$/);
    expect(run.stderr).toContain('s.csv, row 3, column qty "-1": expected a number greater than 0');
    expect(run.stderr).toContain(`wrote 1 problem and 3 other lines of rejected documents to ${errors}`);
    expect(run.stderr).toContain('crm: done, 4 rows rejected\n');
    expect(run.code).toBe(4);
    expect(query(db, "SELECT shipment_no FROM shipments WHERE shipment_no IN ('T2', 'T5')")).toEqual([{ shipment_no: 'T2' }]);
    let rows: unknown[][];
    if (ext === 'csv') rows = parse(fs.readFileSync(errors, 'utf8')) as string[][];
    else {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(errors);
      rows = [];
      wb.worksheets[0]!.eachRow((row) => rows.push(Array.from({ length: 6 }, (_, i) => String(row.getCell(i + 1).value ?? ''))));
    }
    expect(rows).toEqual([
      ['file', 'sheet', 'row', 'column', 'value', 'message'],
      ['s.csv', '', '2', 'shipment_no', 'T5', 'rejected with document T5: row 3 has a problem'],
      ['s.csv', '', '3', 'qty', '-1', 'expected a number greater than 0'],
      ['s.csv', '', '4', 'shipment_no', 'T5', 'rejected with document T5: row 3 has a problem'],
      ['s.csv', '', '5', 'shipment_no', 'T5', 'rejected with document T5: row 3 has a problem'],
    ]);
  });

  it('without --errors stderr says how many good lines went with their document; --json keeps exit 4', () => {
    const { dir, db } = copyDb(template);
    const run = crm(['--db', db, 'import', 'shipments', writeFile(dir, 's.csv', FILE), '--skip-invalid', '--json']);
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ inserted: 1, rejected: 4, problems: 1 });
    expect(run.stderr).toContain('3 other lines of rejected documents not shown (--errors FILE lists every rejected row)');
  });

  it('a single line rejected: "1 row", "1 problem"; every row rejected: exit 2 and nothing written', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const bad = writeFile(dir, 'bad.csv', 'shipment_no,date,client_code,sku,qty,amount\nT6,2026-01-11,C1,A1,-1,10\n');
    const all = crm(['--db', db, 'import', 'shipments', bad, '--skip-invalid']);
    expect(all.stdout).toBe('shipments: 1 row; documents: 0 inserted, 0 updated, 0 unchanged; 1 row rejected\n');
    expect(all.stderr).toContain(`crm: every row of ${bad} was rejected: nothing was written`);
    expect(all.code).toBe(2);
    expect(dbFingerprint(db)).toBe(before);
    const strict = crm(['--db', db, 'import', 'shipments', bad]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain(`crm: 1 problem in ${bad}: nothing was written`);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('--dry-run --skip-invalid previews the same outcome: exit 4, nothing written', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'import', 'shipments', writeFile(dir, 's.csv', FILE), '--skip-invalid', '--dry-run']);
    expect(run.stdout).toContain('dry run, nothing written: shipments: 5 rows; documents: 1 inserted');
    expect(run.stderr).toContain('crm: done, 4 rows rejected (dry run: nothing was written)');
    expect(run.code).toBe(4);
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('plurals', () => {
  it('"1 value", "2 columns" for a short CSV line', () => {
    const { dir, db } = copyDb(template);
    const run = crm(['--db', db, 'import', 'clients', writeFile(dir, 'c.csv', 'code,name\nC9\n')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the line has 1 value but the header has 2 columns: a truncated line?');
    expect(run.stderr).toContain('crm: 1 problem in');
  });

  it('"1 cell changed" between plan versions', () => {
    const { dir, db } = copyDb(template);
    expect(crm(['--db', db, '--as-of', '2026-01-05', 'import', 'plan-sales', writeFile(dir, 'p.csv', 'group_code,2026-01\nPWR,3000\n')]).code).toBe(0);
    expect(crm(['--db', db, 'plan', 'diff', 'sales', '2', '3']).stdout).toContain('sales plan: version 2 → 3: 1 cell changed');
  });
});

describe('text that a spreadsheet would run as a formula', () => {
  // names as another tool may have written them into the database (an import trims TAB and CR)
  const NAMES: Record<string, string> = {
    C1: '@SUM(1+1)',
    C2: '+A1*2',
    C3: '-2+3',
    C4: '\tTAB',
    C5: '\rCR',
    C6: '=HYPERLINK("x")',
    C7: '-3',
  };
  const guarded = (name: string) => (name === '-3' ? name : `'${name}`); // a plain number is no formula

  let db: string;
  let dir: string;
  beforeAll(() => {
    ({ db, dir } = copyDb(template));
    const sqlite = new Database(db);
    const insert = sqlite.prepare('INSERT INTO clients (code, name) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name');
    for (const [code, name] of Object.entries(NAMES)) insert.run(code, name);
    sqlite.close();
  });

  const namesIn = (rows: string[][]) => Object.fromEntries(rows.slice(1).map((r) => [r[0], r[1]]));

  it.each([
    ['export csv', ['export', 'clients', '-o', 'OUT.csv'], 'utf8'],
    ['export 1c', ['export', 'clients', '-o', 'OUT.csv', '--format', '1c'], 'cp1251'],
    ['clients list csv', ['clients', 'list', '--format', 'csv', '-o', 'OUT.csv'], 'utf8'],
  ])('%s guards = + - @ TAB CR with a quote', (_, args, encoding) => {
    const out = path.join(dir, `${_.replace(/ /g, '-')}.csv`);
    const run = crm(['--db', db, ...args.map((a) => (a === 'OUT.csv' ? out : a))]);
    expect(run.code).toBe(0);
    const text = iconv.decode(fs.readFileSync(out), encoding);
    const rows = parse(text, { delimiter: encoding === 'cp1251' ? ';' : ',' }) as string[][];
    const names = namesIn(rows);
    for (const [code, name] of Object.entries(NAMES)) expect(names[code], code).toBe(guarded(name));
  });

  it('the CSV export imports back unchanged (the guard is stripped again)', () => {
    const out = path.join(dir, 'round.csv');
    expect(crm(['--db', db, 'export', 'clients', '-o', out]).code).toBe(0);
    const run = crm(['--db', db, 'import', 'clients', out]);
    expect(run.stdout).toContain('records: 0 inserted, 0 updated, 7 unchanged');
  });

  it('xlsx holds the same text as plain strings, never formulas', async () => {
    const out = path.join(dir, 'clients.xlsx');
    expect(crm(['--db', db, 'export', 'clients', '-o', out]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0]!;
    const seen: Record<string, unknown> = {};
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const cell = row.getCell(2);
      expect(cell.type, String(row.getCell(1).value)).toBe(ExcelJS.ValueType.String);
      seen[String(row.getCell(1).value)] = cell.value;
    });
    // (xlsx is XML: a CR inside text comes back as a line feed)
    for (const [code, name] of Object.entries(NAMES)) expect(seen[code], code).toBe(name.replace('\r', '\n'));
  });
});

describe('a SKU whose opening stock covers demand and minimum needs nothing', () => {
  it('need is 0, not negative, in the stored run and in plan explain', () => {
    const { db } = copyDb(template);
    // run 1 (before all): April, sales plan v2 PWR 2000; A1 has all of PWR's history (T1: 10 for
    // 1000) → weight 1, unit price 100 → 20 units. need = max(0, min 10 + 20 − opening 1000) = 0
    const explain = crm(['--db', db, 'plan', 'explain', '1', 'A1', '2026-04']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('need = max(0, min 10 + demand 20 − opening 1 000 − scheduled 0) = 0\n');
    expect(explain.stdout).not.toMatch(/= -\d/);
    expect(explain.stdout).toContain('planned receipt: none');
    const stored = JSON.parse(crm(['--db', db, 'plan', 'explain', '1', 'A1', '--json']).stdout) as { inventory: { month: string; need: number }[] };
    expect(stored.inventory.find((r) => r.month === '2026-04')!.need).toBe(0);
    expect(Math.min(...stored.inventory.map((r) => r.need))).toBe(0);
  });
});

describe('what a second look found', () => {
  it('an --errors file of an earlier run does not stay behind when this run has no problems', () => {
    const { dir, db } = copyDb(template);
    const errors = path.join(dir, 'problems.csv');
    const bad = crm(['--db', db, 'import', 'shipments', writeFile(dir, 'bad.csv', 'shipment_no,date,client_code,sku,qty,amount\nT1,2026-02-01,C404,A1,1,100\n'), '--skip-invalid', '--errors', errors]);
    expect(bad.code).toBe(2);
    expect(fs.readFileSync(errors, 'utf8')).toContain('C404');
    const good = crm(['--db', db, 'import', 'shipments', writeFile(dir, 'bad.csv', GOOD_SHIPMENTS), '--skip-invalid', '--errors', errors]);
    expect(good.code).toBe(0);
    expect(fs.readFileSync(errors, 'utf8')).toBe('file,sheet,row,column,value,message\n');
  });

  it('a file of another entity is refused, not imported as junk (a clients export given to import managers)', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const file = path.join(dir, 'clients.csv');
    expect(crm(['--db', db, 'export', 'clients', '-o', file]).code).toBe(0);
    const run = crm(['--db', db, 'import', 'managers', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('clients.csv looks like a clients file, not managers: import it with crm import clients');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('--search finds a name typed with the other alphabet\'s look-alike letters', () => {
    const { dir, db } = copyDb(template);
    expect(crm(['--db', db, 'import', 'clients', writeFile(dir, 'c.csv', 'code,name\nC60,LED-Свет\nC61,Лампа\n')]).code).toBe(0);
    const find = (text: string) => JSON.parse(crm(['--db', db, 'clients', 'list', '--search', text, '--json']).stdout).clients.map((c: { code: string }) => c.code);
    expect(find('LЕD')).toEqual(['C60']); // Cyrillic Е
    expect(find('Лaмпa')).toEqual(['C61']); // Latin a
  });

  it('--as-of takes dd.mm.yy as imports do', () => {
    const run = crm(['--db', copyDb(template).db, '--as-of', '30.11.26', 'report', 'sales', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).params.as_of).toBe('2026-11-30');
  });

  it.skipIf(!fs.existsSync('/usr/bin/script'))('Ctrl-C at a prompt is exit 130 "interrupted", not an unexpected failure', () => {
    const db = copyDb(template).db;
    const before = dbFingerprint(db);
    // script(1) gives crm a terminal; the prompt for the name gets Ctrl-C
    const run = spawnSync('bash', ['-c', `(sleep 1.5; printf '\\003') | script -qec "node ${BIN} --db ${db} clients add --code C990" /dev/null`], {
      encoding: 'utf8',
      env: { ...process.env, CI: '', NO_COLOR: '1' },
    });
    expect(run.stdout).toContain('crm: interrupted at the prompt, nothing was written');
    expect(run.status).toBe(130);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('| head on stdout and stderr together is no failure', () => {
    const db = copyDb(template).db;
    // stderr ("N clients") into a pipe nobody reads any more
    const piped = spawnSync('bash', ['-c', `set -o pipefail; node ${BIN} --db ${db} clients list 2>&1 >/dev/null | true`], { encoding: 'utf8' });
    expect(piped.status).toBe(0);
  });
});
