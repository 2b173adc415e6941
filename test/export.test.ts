// Issue #3: what crm holds goes out exactly as it can come back in (SPEC §3 export).
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/connection.js';
import { exportEntity, russianHeader } from '../src/export/exporter.js';
import { matchHeader } from '../src/import/columns.js';
import { ENTITIES } from '../src/model/entities.js';
import { importFile } from '../src/import/importer.js';
import { crm, newDb, query, ROOT, tempDir } from './helpers.js';

/** Load order: references first. */
const ORDER = ENTITIES.map((e) => e.name);
const NOW = new Date('2026-11-26T12:00:00Z');

/** Databases made here already: later imports open them to write (on PostgreSQL `create` would refresh the rights each time). */
const made = new Set<string>();

async function importInto(dbFile: string, entity: string, file: string) {
  const db = openDb(dbFile, made.has(dbFile) ? 'write' : 'create');
  made.add(dbFile);
  try {
    return await importFile(db, { entity, file, user: 'tester', now: NOW });
  } finally {
    db.close();
  }
}

async function exportFrom(dbFile: string, entity: string, file: string, format?: string) {
  const db = openDb(dbFile, 'read');
  try {
    return await exportEntity(db, entity, file, format);
  } finally {
    db.close();
  }
}

async function xlsxValues(file: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : v))));
  return out;
}

let demo: string;
beforeAll(() => {
  demo = newDb();
  const run = crm(['--db', demo, 'demo']);
  if (run.code !== 0) throw new Error(run.stderr);
});

describe.each(['csv', 'json', 'xlsx'])('round trip through %s', (format) => {
  it('export → import into a fresh database → export again gives equal files, for every entity', async () => {
    const dir = tempDir();
    const fresh = newDb(dir);
    for (const entity of ORDER) {
      const first = path.join(dir, `${entity}.1.${format}`);
      const second = path.join(dir, `${entity}.2.${format}`);
      const exported = await exportFrom(demo, entity, first);
      expect(exported.rows, entity).toBeGreaterThan(0);
      const summary = await importInto(fresh, entity, first);
      expect(summary.problems, entity).toEqual([]);
      expect(summary.rejected, entity).toBe(0);
      await exportFrom(fresh, entity, second);
      if (format === 'xlsx') expect(await xlsxValues(second), entity).toEqual(await xlsxValues(first));
      else expect(fs.readFileSync(second, 'utf8'), entity).toBe(fs.readFileSync(first, 'utf8'));
      // and importing the export back into where it came from changes nothing
      const again = await importInto(fresh, entity, first);
      expect(again.inserted + again.updated, entity).toBe(0);
    }
  }, 240_000); // every entity of the demo, the CRM history included, three times over
});

describe('export formats', () => {
  it('writes the canonical headers, money as plain decimals and ISO dates in CSV', async () => {
    const file = path.join(tempDir(), 'shipments.csv');
    await exportFrom(demo, 'shipments', file);
    const [header, first] = fs.readFileSync(file, 'utf8').split('\n');
    expect(header).toBe('shipment_no,date,client_code,sku,qty,amount,cost,order_no,originals_date,instructions');
    expect(first).toMatch(/^РТ-000001,2025-01-0\d,C\d{3},A\d{4},\d+(\.\d+)?,\d+\.\d{2},\d+\.\d{2},ЗК-\d{6},/);
  });

  it('--format 1c writes Windows-1251, ;, decimal comma, Russian headers — and imports back unchanged', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'shipments-1c.csv');
    const run = crm(['--db', demo, 'export', 'shipments', '-o', file, '--format', '1c']);
    expect(run.code).toBe(0);
    const text = iconv.decode(fs.readFileSync(file), 'cp1251');
    const [header, first] = text.split('\r\n');
    expect(header).toBe('Реализация;Дата;Клиент;Артикул;Количество;Сумма;Себестоимость;Номер заказа;Дата возврата оригиналов;Инструкции');
    expect(first).toMatch(/^РТ-000001;0\d\.01\.2025;C\d{3};A\d{4};[\d,]+;\d+,\d{2};\d+,\d{2};ЗК-\d{6};/);
    const back = crm(['--db', demo, 'import', 'shipments', file]);
    expect(back.stdout).toMatch(/documents: 0 inserted, 0 updated, [\d,]+ unchanged/);
  });

  it('every Russian header of the 1C format is accepted back by import', () => {
    for (const spec of ENTITIES) {
      const match = matchHeader(spec.columns.map((c) => russianHeader(c, spec.name)), spec.columns);
      expect([...match.index.keys()], spec.name).toEqual(spec.columns.map((c) => c.name));
    }
  });

  it('never writes a client name as a formula: xlsx text cell, CSV guarded with a quote', async () => {
    const dir = tempDir();
    await exportFrom(demo, 'clients', path.join(dir, 'c.xlsx'));
    await exportFrom(demo, 'clients', path.join(dir, 'c.csv'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'c.xlsx'));
    let found = false;
    wb.worksheets[0]!.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.text === '=ИП Формулов') {
          found = true;
          expect(cell.type).toBe(ExcelJS.ValueType.String);
          expect(cell.formula).toBeUndefined();
        }
      }),
    );
    expect(found).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'c.csv'), 'utf8')).toContain(",'=ИП Формулов,");
  });

  it('a template has the canonical headers and a sheet explaining each column', async () => {
    const file = path.join(tempDir(), 'products-template.xlsx');
    expect(crm(['template', 'products', '-o', file]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['products', 'columns']);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(ENTITIES.find((e) => e.name === 'products')!.columns.map((c) => c.name));
    expect(wb.worksheets[0]!.rowCount).toBe(1);
    const help = wb.worksheets[1]!;
    expect((help.getRow(1).values as unknown[]).slice(1)).toEqual(['column', 'required', 'type', 'accepted headers', 'description']);
    expect((help.getRow(2).values as unknown[]).slice(1, 3)).toEqual(['sku', 'yes']);
    expect(String(help.getRow(2).getCell(4).value)).toContain('артикул');
  });

  it('refuses an unknown entity or format with exit 2', () => {
    const dir = tempDir();
    expect(crm(['--db', demo, 'export', 'widgets', '-o', path.join(dir, 'w.csv')]).code).toBe(2);
    const run = crm(['--db', demo, 'export', 'clients', '-o', path.join(dir, 'w.txt')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('use .csv, .xlsx or .json');
  });

  it('reads Cyrillic text of a large xlsx intact (exceljs splits letters between zip chunks)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'clients.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = wb.addWorksheet('Клиенты');
    ws.addRow(['code', 'name']).commit();
    for (let i = 0; i < 6000; i++) ws.addRow([`К${i}`, `ООО «Щёлковская электротехническая компания №${i}»`]).commit();
    ws.commit();
    await wb.commit();
    const db = newDb(dir);
    const summary = await importInto(db, 'clients', file);
    expect(summary.inserted).toBe(6000);
    expect(query(db, "SELECT COUNT(*) n FROM clients WHERE name LIKE '%\uFFFD%' OR code LIKE '%\uFFFD%'")).toEqual([{ n: 0 }]);
    expect(query(db, "SELECT name FROM clients WHERE code = 'К5999'")).toEqual([{ name: 'ООО «Щёлковская электротехническая компания №5999»' }]);
  });
});

describe('the README round trip', () => {
  it('crm export X -o f.csv && crm import X f.csv reports everything unchanged', () => {
    const file = path.join(tempDir(), 'clients.csv');
    expect(crm(['--db', demo, 'export', 'clients', '-o', file]).code).toBe(0);
    expect(crm(['--db', demo, 'import', 'clients', file]).stdout).toContain('records: 0 inserted, 0 updated, 60 unchanged');
    void ROOT;
  });
});
