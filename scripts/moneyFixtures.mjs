// The money side of the demo company (issue 14): price lists, clients' price types, deliveries
// paid by the company, commission rules and payouts, and a sample offer — derived, deterministic,
// from a demo database made without them: `node scripts/moneyFixtures.mjs DEMO.db`.
// The payouts pay each manager 90 % of the month's accrual on the 10th of the next month, so
// the commissions report shows balances carried over.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'fixtures');
const db = process.argv[2];
if (!db) throw new Error('usage: node scripts/moneyFixtures.mjs DEMO.db');

let seed = 20_261_127;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
const rub = (kopecks) => (Math.round(kopecks) / 100).toFixed(2);
const csv = (rows) => `${rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : c)).join(',')).join('\n')}\n`;
const sqlite = new Database(db, { readonly: true });

// price lists: wholesale (опт) and dealer (дилер) below the list price, raised on 2026-07-01; an announced rise
const products = sqlite.prepare('SELECT sku, price FROM products ORDER BY sku').all();
const prices = [['sku', 'price_type', 'price', 'from_date']];
for (const p of products) {
  prices.push([p.sku, 'опт', rub(p.price * 0.95), '2025-01-01'], [p.sku, 'опт', rub(p.price), '2026-07-01']);
  prices.push([p.sku, 'дилер', rub(p.price * 0.9), '2025-01-01'], [p.sku, 'дилер', rub(p.price * 0.93), '2026-07-01']);
}
for (const p of products.slice(0, 20)) prices.push([p.sku, 'опт', rub(p.price * 1.06), '2027-01-01']);
fs.writeFileSync(path.join(OUT, 'prices.csv'), csv(prices));

// clients' price types: dealers on дилер, most on опт, some on the list price (none)
const clients = sqlite.prepare("SELECT code, name FROM clients WHERE name NOT LIKE '=%' ORDER BY code").all();
const types = [['code', 'name', 'price_type']];
clients.forEach((c, i) => types.push([c.code, c.name, i % 7 === 6 ? '' : i % 5 === 0 ? 'дилер' : 'опт']));
fs.writeFileSync(path.join(OUT, 'clients-price-types.csv'), csv(types));

// deliveries the company paid: about one shipment in six of 2026 above 30 000 roubles, a few by two carriers
const CARRIERS = ['ПЭК', 'Деловые Линии', 'СДЭК', 'Собственный транспорт'];
const shipments = sqlite.prepare("SELECT shipment_no, date, amount FROM shipments WHERE date >= '2026-01-01' AND amount > 3000000 ORDER BY date, id").all();
const deliveries = [['delivery_no', 'date', 'shipment_no', 'carrier', 'cost']];
let n = 0;
for (const s of shipments) {
  if (random() > 0.17) continue;
  const carrier = CARRIERS[Math.floor(random() * CARRIERS.length)];
  deliveries.push([`ДОС-${String(++n).padStart(6, '0')}`, s.date, s.shipment_no, carrier, rub(Math.round((s.amount * (0.012 + random() * 0.025)) / 100) * 100)]);
  if (random() < 0.1) {
    const second = CARRIERS[(CARRIERS.indexOf(carrier) + 1) % CARRIERS.length];
    deliveries.push([`ДОС-${String(++n).padStart(6, '0')}`, s.date, s.shipment_no, second, rub(Math.round((s.amount * 0.008) / 100) * 100)]);
  }
}
fs.writeFileSync(path.join(OUT, 'deliveries.csv'), csv(deliveries));

// commission rules: general rates, a change in the middle of 2026, group rates (the nearest wins)
const rules = [
  ['manager_code', 'from_date', 'base', 'pct', 'group_code'],
  ['M01', '2025-01-01', 'revenue', '1.5', ''],
  ['M01', '2026-04-01', 'margin', '8', ''],
  ['M01', '2025-01-01', 'revenue', '2', 'G3'],
  ['M02', '2025-01-01', 'margin', '10', ''],
  ['M03', '2025-01-01', 'revenue', '1', ''],
  ['M03', '2026-01-01', 'margin', '12', 'G111'],
  ['M04', '2025-01-01', 'revenue', '1.2', ''],
  ['M04', '2025-01-01', 'revenue', '0.8', 'G1'],
  ['M05', '2025-01-01', 'margin', '9', ''],
  ['M05', '2026-07-01', 'margin', '10', ''],
];
fs.writeFileSync(path.join(OUT, 'commission-rules.csv'), csv(rules));

// payouts: 90 % of each month's accrual on the 10th of the next month (through October 2026)
const crm = (...args) => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'crm'), '--db', db, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
};
sqlite.close();
crm('import', 'commission-rules', path.join(OUT, 'commission-rules.csv'));
const payouts = [['payment_no', 'date', 'manager_code', 'amount']];
let p = 0;
for (let m = 0; m < 22; m++) {
  const year = 2025 + Math.floor(m / 12);
  const month = String((m % 12) + 1).padStart(2, '0');
  const next = m + 1;
  const payDate = `${2025 + Math.floor(next / 12)}-${String((next % 12) + 1).padStart(2, '0')}-10`;
  const report = JSON.parse(crm('report', 'commissions', '--from', `${year}-${month}`, '--to', `${year}-${month}`, '--json'));
  for (const row of report.rows) {
    if (row.accrued <= 0) continue;
    payouts.push([`ВП-${String(++p).padStart(5, '0')}`, payDate, row.manager, (Math.round(row.accrued * 90) / 100).toFixed(2)]);
  }
}
fs.writeFileSync(path.join(OUT, 'commission-payments.csv'), csv(payouts));

// a sample offer as a manager writes it: Russian headers, ;, decimal commas; one price left to the
// client's price type, one below cost
const sample = new Database(db, { readonly: true });
const offered = sample.prepare("SELECT sku, name, price, cost FROM products WHERE active = 1 ORDER BY sku LIMIT 6 OFFSET 40").all();
sample.close();
const comma = (k) => rub(k).replace('.', ',');
const lines = ['Коммерческое предложение для ООО «Вольт»', '', 'Артикул;Наименование;Количество;Цена'];
offered.forEach((o, i) => {
  const price = i === 2 ? '' : i === 4 ? comma(Math.round(o.cost * 0.97)) : comma(Math.round(o.price * 0.97));
  lines.push(`${o.sku};${o.name.replace(/;/g, ',')};${(i + 1) * 10};${price}`);
});
fs.writeFileSync(path.join(OUT, 'offer.csv'), `${lines.join('\n')}\n`);
console.log(`prices ${prices.length - 1}, client price types ${types.length - 1}, deliveries ${deliveries.length - 1}, rules ${rules.length - 1}, payouts ${payouts.length - 1}, offer ${offered.length} lines`);
