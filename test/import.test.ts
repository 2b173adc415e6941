// SPEC §3 import behaviour on real files and real databases through the built binary.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, baseDb, copyDb, crm, dbFingerprint, downgradeDb, ON_PG, query, tempDir, writeFile, writeXlsx, type Run } from './helpers.js';

let template: string;
beforeAll(() => {
  template = baseDb();
});

const freshDb = () => copyDb(template);

/** crm in a child process without blocking this one (another crm may be running meanwhile). */
function crmAsync(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', CRM_USER: 'tester' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Whether another connection holds the write lock (a writer's BEGIN IMMEDIATE would wait). */
function writeLocked(db: string): boolean {
  const probe = new Database(db, { timeout: 0 });
  try {
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    probe.close();
  }
}

/** Bytes in the database file and its journal or WAL. */
function written(db: string): number {
  return [db, `${db}-wal`, `${db}-journal`].reduce((sum, file) => sum + (fs.existsSync(file) ? fs.statSync(file).size : 0), 0);
}

async function waitUntil(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('files that are fine', () => {
  it('a file with only a header: exit 0, nothing to import', () => {
    const { dir, db } = freshDb();
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'import', 'clients', writeFile(dir, 'h.csv', 'code,name\n')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nothing to import');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('an unknown column is a warning, not an error', () => {
    const { dir, db } = freshDb();
    const run = crm(['--db', db, 'import', 'clients', writeFile(dir, 'c.csv', 'code,name,Примечание\nC3,ООО Гамма,позвонить\n')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: c.csv: ignored unknown column: Примечание');
    expect(query(db, "SELECT name FROM clients WHERE code = 'C3'")).toEqual([{ name: 'ООО Гамма' }]);
  });

  it('reads a 1C export (Windows-1251, ;, decimal comma, Russian headers) without flags', () => {
    const { dir, db } = freshDb();
    const text =
      'Реализация;Дата;Контрагент;Артикул;Количество;Сумма;Себестоимость;Заказ\r\n' +
      'РТ-1;15.01.2026 0:00:00;C1;A1;100;9 500,00;8000,5;O1\r\n' +
      'РТ-1;15.01.2026 0:00:00;C1;L1;10;1400;;O1\r\n';
    const file = writeFile(dir, 'realizacii.csv', iconv.encode(text, 'cp1251'));
    const run = crm(['--db', db, 'import', 'shipments', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = query(
      db,
      `SELECT s.shipment_no, s.date, c.code client, p.sku, l.qty, l.amount, l.cost, o.order_no
       FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id JOIN clients c ON c.id = s.client_id
       JOIN products p ON p.id = l.product_id LEFT JOIN sales_orders o ON o.id = s.order_id ORDER BY l.id`,
    );
    expect(lines).toEqual([
      { shipment_no: 'РТ-1', date: '2026-01-15', client: 'C1', sku: 'A1', qty: 100, amount: 950000, cost: 800050, order_no: 'O1' },
      // empty cost: the product's cost × qty = 90.00 × 10 (SPEC §3)
      { shipment_no: 'РТ-1', date: '2026-01-15', client: 'C1', sku: 'L1', qty: 10, amount: 140000, cost: 90000, order_no: 'O1' },
    ]);
  });

  it('stores =SUM(A1) in a name as text', () => {
    const { dir, db } = freshDb();
    const run = crm(['--db', db, 'import', 'clients', writeFile(dir, 'f.csv', "code,name\nC3,=SUM(A1)\nC4,'+7 495 000\n")]);
    expect(run.code).toBe(0);
    expect(query(db, "SELECT code, name FROM clients WHERE code IN ('C3','C4') ORDER BY code")).toEqual([
      { code: 'C3', name: '=SUM(A1)' },
      { code: 'C4', name: '+7 495 000' },
    ]);
  });

  it('reads xlsx: Excel dates, serials, numbers and percent-formatted cells', async () => {
    const { dir, db } = freshDb();
    const clients = await writeXlsx(
      path.join(dir, 'clients.xlsx'),
      [
        ['Код', 'Контрагент', 'Скидка', 'Отсрочка', 'Кредитный лимит'],
        ['C5', 'ООО Дельта', 0.07, -7, 250000.5],
        ['C6', 'ООО Омега', 0.1, 45, null],
      ],
      { numFmt: { 3: '0%' } },
    );
    expect(crm(['--db', db, 'import', 'clients', clients]).code).toBe(0);
    expect(query(db, "SELECT code, discount_pct, deferral_days, credit_limit FROM clients WHERE code IN ('C5','C6') ORDER BY code")).toEqual([
      { code: 'C5', discount_pct: 7, deferral_days: -7, credit_limit: 25000050 },
      { code: 'C6', discount_pct: 10, deferral_days: 45, credit_limit: null },
    ]);
    const pay = await writeXlsx(path.join(dir, 'payments.xlsx'), [
      ['payment_no', 'date', 'client_code', 'amount'],
      ['P1', new Date(Date.UTC(2026, 2, 31)), 'C1', 1000],
      ['P2', 46113, 'C1', '1 234,50'],
    ]);
    const run = crm(['--db', db, 'import', 'payments', pay]);
    expect(run.stderr).toBe('');
    expect(query(db, 'SELECT payment_no, date, amount FROM client_payments ORDER BY payment_no')).toEqual([
      { payment_no: 'P1', date: '2026-03-31', amount: 100000 },
      { payment_no: 'P2', date: '2026-04-01', amount: 123450 },
    ]);
  });

  it('reads the sheet named by --sheet and names it in problems', async () => {
    const { dir, db } = freshDb();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['nothing here']);
    const ws = wb.addWorksheet('Клиенты');
    ws.addRow(['code', 'name', 'discount_pct']);
    ws.addRow(['C7', 'ООО Каппа', 200]);
    const file = path.join(dir, 'book.xlsx');
    await wb.xlsx.writeFile(file);
    const run = crm(['--db', db, 'import', 'clients', file, '--sheet', 'Клиенты']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('book.xlsx, sheet Клиенты, row 2, column discount_pct "200"');
    const missing = crm(['--db', db, 'import', 'clients', file, '--sheet', 'Nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no sheet named "Nope" (sheets: Notes, Клиенты)');
  });

  it('a group may name a parent that comes later in the same file', () => {
    const { dir, db } = freshDb();
    const run = crm(['--db', db, 'import', 'groups', writeFile(dir, 'g.csv', 'code,name,parent_code\nLEAF,Лист,MID\nMID,Середина,CAB\n')]);
    expect(run.stderr).toBe('');
    expect(query(db, "SELECT g.code, p.code parent FROM product_groups g JOIN product_groups p ON p.id = g.parent_id WHERE g.code IN ('LEAF','MID') ORDER BY g.code")).toEqual([
      { code: 'LEAF', parent: 'MID' },
      { code: 'MID', parent: 'CAB' },
    ]);
  });
});

describe('idempotence, updates and dry runs', () => {
  it('re-importing the same file changes nothing; a changed line updates its document', () => {
    const { dir, db } = freshDb();
    const text = 'shipment_no,date,client_code,sku,qty,amount\nT1,2026-01-11,C1,A1,10,1000\nT1,2026-01-11,C1,L1,1,150\nT2,2026-01-12,C2,L1,2,300\n';
    const file = writeFile(dir, 's.csv', text);
    expect(crm(['--db', db, 'import', 'shipments', file]).stdout).toContain('documents: 2 inserted, 0 updated, 0 unchanged');
    const before = dbFingerprint(db);
    const lines = () => query(db, 'SELECT id, shipment_id, qty FROM shipment_lines ORDER BY id');
    const first = lines();
    const again = crm(['--db', db, 'import', 'shipments', file]);
    expect(again.stdout).toContain('documents: 0 inserted, 0 updated, 2 unchanged');
    expect(lines()).toEqual(first); // not even rewritten
    expect(dbFingerprint(db)).toBe(before);
    writeFile(dir, 's.csv', text.replace('T2,2026-01-12,C2,L1,2,300', 'T2,2026-01-12,C2,L1,3,450'));
    expect(crm(['--db', db, 'import', 'shipments', file]).stdout).toContain('documents: 0 inserted, 1 updated, 1 unchanged');
    expect(query(db, "SELECT l.qty, l.amount FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id WHERE s.shipment_no = 'T2'")).toEqual([
      { qty: 3, amount: 45000 },
    ]);
  });

  it('--dry-run prints the changes and writes nothing', () => {
    const { dir, db } = freshDb();
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'import', 'clients', writeFile(dir, 'c.csv', 'code,name,deferral_days\nC1,ООО Альфа,45\nC3,ООО Гамма,0\n'), '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dry run, nothing written: clients: 2 rows; records: 1 inserted, 1 updated, 0 unchanged');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('columns absent from the file keep their stored values', () => {
    const { dir, db } = freshDb();
    const run = crm(['--db', db, 'import', 'products', writeFile(dir, 'prices.csv', 'sku,name,group_code,price,cost\nA1,Кабель ВВГ 3х2.5,PWR,110,80\n')]);
    expect(run.stdout).toContain('0 inserted, 1 updated');
    expect(query(db, "SELECT price, lead_time_days, order_multiple, unit FROM products WHERE sku = 'A1'")).toEqual([
      { price: 11000, lead_time_days: 14, order_multiple: 100, unit: 'м' },
    ]);
  });

  it('--skip-invalid writes the valid rows, reports the rest, and --errors lists them in a sheet', async () => {
    const { dir, db } = freshDb();
    const file = writeFile(dir, 'p.csv', 'payment_no,date,client_code,amount\nP1,2026-03-01,C1,100\nP2,2026-03-02,C404,200\nP3,2026-02-30,C1,300\nP4,2026-03-04,C2,400\n');
    const errors = path.join(dir, 'errors.xlsx');
    const run = crm(['--db', db, 'import', 'payments', file, '--skip-invalid', '--errors', errors]);
    expect(run.code).toBe(4); // done, some rows rejected
    expect(run.stdout).toContain('records: 2 inserted, 0 updated, 0 unchanged; 2 rows rejected');
    expect(run.stderr).toContain('p.csv, row 3, column client_code "C404": unknown client code');
    expect(query(db, 'SELECT payment_no FROM client_payments ORDER BY payment_no')).toEqual([{ payment_no: 'P1' }, { payment_no: 'P4' }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(errors);
    const ws = wb.getWorksheet('problems')!;
    expect(ws.getRow(1).values).toEqual([undefined, 'file', 'sheet', 'row', 'column', 'value', 'message']);
    expect((ws.getRow(2).values as unknown[]).slice(3, 6)).toEqual([3, 'client_code', 'C404']);
    expect((ws.getRow(3).values as unknown[]).slice(3, 6)).toEqual([4, 'date', '2026-02-30']);
  });

  it('--skip-invalid rejects a whole document when one of its lines is bad', () => {
    const { dir, db } = freshDb();
    const file = writeFile(dir, 's.csv', 'shipment_no,date,client_code,sku,qty,amount\nT1,2026-01-11,C1,A1,10,1000\nT1,2026-01-11,C1,L1,-1,150\nT2,2026-01-12,C2,L1,2,300\n');
    const errors = path.join(dir, 'errors.csv');
    const run = crm(['--db', db, 'import', 'shipments', file, '--skip-invalid', '--errors', errors]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('crm: done, 2 rows rejected');
    expect(query(db, 'SELECT shipment_no FROM shipments')).toEqual([{ shipment_no: 'T2' }]);
    expect(run.stdout).toContain('2 rows rejected');
    // both rows of T1: the bad one and the good one rejected with it
    expect(fs.readFileSync(errors, 'utf8')).toBe(
      'file,sheet,row,column,value,message\n' +
        's.csv,,2,shipment_no,T1,rejected with document T1: row 3 has a problem\n' +
        's.csv,,3,qty,-1,expected a number greater than 0\n',
    );
  });
});

describe('plans', () => {
  it('imports the wide layout (янв.27 headers) as a new version; the same file again makes none', async () => {
    const { dir, db } = freshDb();
    const file = await writeXlsx(path.join(dir, 'plan.xlsx'), [
      ['Группа', 'янв.27', 'фев.27', 'март 2027'],
      ['PWR', 100000, '120 000,50', null],
      ['LIT', 5000, 0, 7000],
    ]);
    const run = crm(['--db', db, 'import', 'plan-sales', file, '--note', 'бюджет 2027']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('plan cells: 5 inserted');
    expect(query(db, "SELECT v.number, v.author, v.note, g.code, p.month, p.amount FROM plan_sales p JOIN plan_versions v ON v.id = p.version_id JOIN product_groups g ON g.id = p.group_id ORDER BY g.code, p.month")).toEqual([
      { number: 1, author: 'tester', note: 'бюджет 2027', code: 'LIT', month: '2027-01', amount: 500000 },
      { number: 1, author: 'tester', note: 'бюджет 2027', code: 'LIT', month: '2027-02', amount: 0 },
      { number: 1, author: 'tester', note: 'бюджет 2027', code: 'LIT', month: '2027-03', amount: 700000 },
      { number: 1, author: 'tester', note: 'бюджет 2027', code: 'PWR', month: '2027-01', amount: 10000000 },
      { number: 1, author: 'tester', note: 'бюджет 2027', code: 'PWR', month: '2027-02', amount: 12000050 },
    ]);
    const again = crm(['--db', db, 'import', 'plan-sales', file]);
    expect(again.stdout).toContain('plan cells: 0 inserted, 0 updated, 5 unchanged');
    expect(query(db, 'SELECT COUNT(*) n FROM plan_versions')).toEqual([{ n: 1 }]);
  });

  it('refuses an unknown indicator, a bad month and a cell given twice', () => {
    const { dir, db } = freshDb();
    const before = dbFingerprint(db);
    const file = writeFile(dir, 'm.csv', 'month,manager_code,indicator,value\n2027-01,M1,revenue,100\n2027-13,M1,revenue,100\n2027-02,M1,happiness,5\n2027-01,M1,revenue,200\n');
    const run = crm(['--db', db, 'import', 'plan-managers', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('row 3, column month "2027-13": expected a month');
    expect(run.stderr).toContain('row 4, column indicator "happiness": expected one of: revenue, margin, orders, new_clients, avg_order, collected');
    expect(run.stderr).toContain('row 5, column manager_code+indicator "2027-01 + M1 + revenue": the same plan cell appears twice in the file (first at row 2)');
    expect(dbFingerprint(db)).toBe(before);
  });
});

// SQLite-only on PostgreSQL (ON_PG): these are about the file — its write lock, WAL, what is not
// an SQLite file, the schema version in its header; test/pg.test.ts and pgConcurrency.test.ts
// have the server's side of each.
describe('the database file', () => {
  it.skipIf(ON_PG)('a second writer waits busy_timeout, then exits 3 and writes nothing', () => {
    const { dir, db } = freshDb();
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const run = crm(['--db', db, 'import', 'clients', writeFile(dir, 'c.csv', 'code,name\nC3,ООО Гамма\n')], { env: { CRM_BUSY_TIMEOUT_MS: '300' } });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('is locked by another writer');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(query(db, "SELECT COUNT(*) n FROM clients WHERE code = 'C3'")).toEqual([{ n: 0 }]);
  });

  it.skipIf(ON_PG)('a report reads while an import holds the write lock (WAL): exit 0, the numbers committed before', async () => {
    const { dir, db } = freshDb();
    // committed before the import: one January shipment, 10 × A1 for 1000
    const january = writeFile(dir, 'jan.csv', 'shipment_no,date,client_code,sku,qty,amount\nJ1,2026-01-15,C1,A1,10,1000\n');
    expect(crm(['--db', db, 'import', 'shipments', january]).code).toBe(0);
    // 14,000 March shipments of 10 with long numbers: about 95 MB of pages, twice the import's
    // 48 MB page cache. Past the cache a rollback-journal writer spills under an exclusive lock
    // that shuts readers out; with WAL it spills into the -wal file and readers go on.
    const lines = ['shipment_no,date,client_code,sku,qty,amount'];
    const long = 'N'.repeat(1500);
    for (let i = 0; i < 14_000; i++) lines.push(`${long}${i},2026-03-${String(1 + (i % 28)).padStart(2, '0')},C1,A1,1,10`);
    const big = writeFile(dir, 'big.csv', `${lines.join('\n')}\n`);
    const sales = () => crmAsync(['--db', db, 'report', 'sales', '--from', '2026-01', '--to', '2026-12', '--format', 'json']);
    const importer = spawn(process.execPath, [BIN, '--db', db, 'import', 'shipments', big], { env: { ...process.env, NO_COLOR: '1', CRM_USER: 'tester' }, stdio: 'ignore' });
    const imported = new Promise<number>((resolve) => importer.on('close', (code) => resolve(code ?? -1)));
    try {
      // the import holds the lock and has begun to write pages out of its full cache (it spills)
      const start = written(db);
      await waitUntil(() => writeLocked(db) && written(db) - start > 8 * 2 ** 20, 60_000);
      const during = await sales();
      // the lock was held before the report started and is still held now: one import
      // transaction covered the whole report
      expect(writeLocked(db)).toBe(true);
      expect(during.stderr).toBe('');
      expect(during.code).toBe(0);
      expect(JSON.parse(during.stdout).rows.map((r: Record<string, unknown>) => [r.month, r.amount, r.qty])).toEqual([['2026-01', 1000, 10]]);
    } finally {
      expect(await imported).toBe(0);
    }
    const after = await sales();
    expect(JSON.parse(after.stdout).rows.map((r: Record<string, unknown>) => [r.month, r.amount, r.qty])).toEqual([
      ['2026-01', 1000, 10],
      ['2026-03', 140_000, 14_000],
    ]);
  });

  it.skipIf(ON_PG)('a file that is not a database is bad input: exit 2, one line, the file left as it was', () => {
    const dir = tempDir();
    const junk = writeFile(dir, 'clients.csv', 'code,name\nC1,x\n');
    for (const args of [['report', 'sales'], ['import', 'clients', junk]]) {
      const run = crm(['--db', junk, ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`crm: ${junk} is not a crm database (not an SQLite file): pass the right --db PATH\n`);
    }
    expect(fs.readFileSync(junk, 'utf8')).toBe('code,name\nC1,x\n');
  });

  it.skipIf(ON_PG)('refuses a database written by a newer crm (exit 3), and one written by an older crm until crm init migrates it', () => {
    const { dir, db } = freshDb();
    const raw = new Database(db);
    const version = raw.pragma('user_version', { simple: true }) as number;
    expect(version).toBeGreaterThan(0);
    raw.pragma(`user_version = ${version + 1}`);
    raw.close();
    const run = crm(['--db', db, 'import', 'clients', writeFile(dir, 'c.csv', 'code,name\nC3,x\n')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`has schema version ${version + 1}, newer than this crm understands (${version})`);

    // the same file as the crm of the schema before left it
    downgradeDb(db, version - 1);
    const refused = crm(['--db', db, 'report', 'sales']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`has schema version ${version - 1}, older than this crm's (${version}): run "crm init" on it`);
    const init = crm(['--db', db, 'init']);
    expect(init.code).toBe(0);
    expect(init.stderr).toContain(`migrated from schema version ${version - 1} to ${version}`);
    expect(query(db, "SELECT COUNT(*) n FROM sqlite_master WHERE name = 'sales_summary'")).toEqual([{ n: 1 }]);
    const check = new Database(db);
    expect(check.pragma('user_version', { simple: true })).toBe(version);
    expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
    check.close();
    expect(crm(['--db', db, 'report', 'sales']).code).toBe(0);
  });

  it.skipIf(ON_PG)('a missing database is an error for commands that only read', () => {
    const dir = tempDir();
    const run = crm(['--db', path.join(dir, 'none.db'), 'products', 'duplicates']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no database at');
  });

  it('every import is one operation in the history', () => {
    const { dir, db } = freshDb();
    crm(['--db', db, 'import', 'reasons', writeFile(dir, 'r.csv', 'code,name\nR2,Нет в наличии\n')]);
    expect(query(db, "SELECT command, entity, user, inserted, source FROM operations ORDER BY id DESC LIMIT 1")).toEqual([
      { command: 'import reasons', entity: 'reasons', user: 'tester', inserted: 1, source: path.join(dir, 'r.csv') },
    ]);
  });
});

describe('products duplicates', () => {
  it('lists products with the same normalized name', () => {
    const { dir, db } = freshDb();
    const file = writeFile(dir, 'p.csv', 'sku,name,group_code,price,cost\nB1,"КАБЕЛЬ ВВГ 3x2,5",PWR,1,1\n');
    expect(crm(['--db', db, 'import', 'products', file]).code).toBe(2);
    expect(crm(['--db', db, 'import', 'products', file, '--allow-duplicates']).code).toBe(0);
    const run = crm(['--db', db, 'products', 'duplicates', '--json']);
    expect(JSON.parse(run.stdout)).toEqual({
      duplicates: [
        {
          normalized: 'кабель ввг 3×2.5',
          products: [
            { sku: 'A1', name: 'Кабель ВВГ 3х2.5' },
            { sku: 'B1', name: 'КАБЕЛЬ ВВГ 3x2,5' },
          ],
        },
      ],
    });
  });
});
