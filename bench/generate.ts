// Deterministic bench data: a company with many SKUs and clients, and shipment files of
// any size (CSV like a 1C export in UTF-8, or xlsx written by exceljs's streaming writer).
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { seededRandom } from '../scripts/random.js';

export interface BenchCompany {
  skus: number;
  clients: number;
}

/** Master data files: managers, groups, suppliers, products, clients. */
export function writeMasterData(dir: string, size: BenchCompany): Record<string, string> {
  fs.mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  const write = (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    files[name.replace(/\.csv$/, '')] = file;
  };
  write('managers.csv', ['code,name', ...Array.from({ length: 10 }, (_, i) => `M${i},Менеджер ${i}`)]);
  const groups = ['code,name,parent_code'];
  for (let top = 0; top < 5; top++) {
    groups.push(`G${top},Группа ${top},`);
    for (let mid = 0; mid < 8; mid++) groups.push(`G${top}${mid},Группа ${top}.${mid},G${top}`);
  }
  write('groups.csv', groups);
  write('suppliers.csv', ['code,name,deferral_days,credit_line', ...Array.from({ length: 20 }, (_, i) => `S${i},Поставщик ${i},${(i % 5) * 15 - 15},${i % 3 === 0 ? '' : 1_000_000 * i}`)]);
  const rnd = seededRandom(7);
  const products = ['sku,name,group_code,price,cost,supplier_code,manager_code,lead_time_days,order_multiple'];
  for (let i = 0; i < size.skus; i++) {
    const cost = (10 + rnd() * 990).toFixed(2);
    const price = (Number(cost) * 1.3).toFixed(2);
    products.push(`P${i},Товар номер ${i},G${i % 5}${i % 8},${price},${cost},S${i % 20},M${i % 10},${7 + (i % 5) * 7},${[1, 5, 10][i % 3]}`);
  }
  write('products.csv', products);
  write('clients.csv', ['code,name,manager_code,discount_pct,deferral_days,credit_limit', ...Array.from({ length: size.clients }, (_, i) => `C${i},Клиент ${i},M${i % 10},${i % 11},${(i % 7) * 10 - 10},${i % 4 === 0 ? '' : 100_000 * (i % 50)}`)]);
  return files;
}

export interface ShipmentLine {
  no: string;
  date: string;
  client: string;
  sku: string;
  qty: number;
  amount: number;
  cost: number;
}

/** `count` shipment lines, ~4 per document, spread over the two years 2020–2021; documents numbered `${prefix}1`, `${prefix}2` … */
export function* shipmentLines(count: number, size: BenchCompany, seed = 42, prefix = 'R'): Generator<ShipmentLine> {
  const rnd = seededRandom(seed);
  let doc = 0;
  let left = 0;
  let date = '';
  let client = '';
  const start = Date.UTC(2020, 0, 1);
  const days = 731;
  for (let i = 0; i < count; i++) {
    if (left === 0) {
      doc++;
      left = 1 + Math.floor(rnd() * 7);
      date = new Date(start + Math.floor((i / count) * days) * 86_400_000).toISOString().slice(0, 10);
      client = `C${Math.floor(rnd() * size.clients)}`;
    }
    left--;
    const qty = 1 + Math.floor(rnd() * 20);
    const price = 10 + Math.floor(rnd() * 100000) / 100;
    yield { no: `${prefix}${doc}`, date, client, sku: `P${Math.floor(rnd() * size.skus)}`, qty, amount: Math.round(qty * price * 100) / 100, cost: Math.round(qty * price * 75) / 100 };
  }
}

export async function writeShipmentsCsv(file: string, count: number, size: BenchCompany, prefix = 'R'): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('shipment_no,date,client_code,sku,qty,amount,cost\n');
  let chunk = '';
  for (const l of shipmentLines(count, size, 42, prefix)) {
    chunk += `${l.no},${l.date},${l.client},${l.sku},${l.qty},${l.amount},${l.cost}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

export async function writeShipmentsXlsx(file: string, count: number, size: BenchCompany): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('Реализации');
  ws.addRow(['shipment_no', 'date', 'client_code', 'sku', 'qty', 'amount', 'cost']).commit();
  for (const l of shipmentLines(count, size)) ws.addRow([l.no, l.date, l.client, l.sku, l.qty, l.amount, l.cost]).commit();
  ws.commit();
  await wb.commit();
}

/** A sales plan by middle group (G00…G47) for 12 months from `from`, in the wide layout. */
export function writeSalesPlan(file: string, from: string): void {
  const months = Array.from({ length: 12 }, (_, i) => {
    const index = Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1 + i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
  const lines = [`group_code,${months.join(',')}`];
  for (let top = 0; top < 5; top++) for (let mid = 0; mid < 8; mid++) lines.push(`G${top}${mid},${months.map((_, i) => 2_000_000 + 10_000 * ((top * 8 + mid + i) % 13)).join(',')}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Minimum stock for every SKU and month, and a stock count for every SKU. */
export function writeStockFiles(dir: string, size: BenchCompany, from: string, countDate: string): { minStock: string; stock: string } {
  const rnd = seededRandom(11);
  const minStock = path.join(dir, 'min-stock.csv');
  const months = Array.from({ length: 12 }, (_, i) => {
    const index = Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1 + i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
  const rows = [`sku,${months.join(',')}`];
  for (let i = 0; i < size.skus; i++) rows.push(`P${i},${months.map(() => Math.floor(rnd() * 30)).join(',')}`);
  fs.writeFileSync(minStock, `${rows.join('\n')}\n`);
  const stock = path.join(dir, 'stock.csv');
  const counts = ['date,sku,qty'];
  for (let i = 0; i < size.skus; i++) counts.push(`${countDate},P${i},${Math.floor(rnd() * 500)}`);
  fs.writeFileSync(stock, `${counts.join('\n')}\n`);
  return { minStock, stock };
}

/** Client payments: each client pays 97 % of a month's shipments 30 days after the month (realistic receivables). */
export function writePayments(file: string, count: number, size: BenchCompany): void {
  const byClientMonth = new Map<string, number>();
  for (const l of shipmentLines(count, size)) {
    const key = `${l.client}|${l.date.slice(0, 7)}`;
    byClientMonth.set(key, (byClientMonth.get(key) ?? 0) + l.amount);
  }
  const rows = ['payment_no,date,client_code,amount'];
  let n = 0;
  for (const [key, amount] of [...byClientMonth].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [client, month] = key.split('|');
    const next = new Date(Date.UTC(Number(month!.slice(0, 4)), Number(month!.slice(5, 7)), 30)).toISOString().slice(0, 10);
    rows.push(`BP${++n},${next},${client},${(Math.round(amount * 97) / 100).toFixed(2)}`);
  }
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
}
