// Deterministic generator of the demo company in fixtures/ (`npm run fixtures`).
// Same seed → the same data (xlsx differ only in zip timestamps). It simulates a small electrical wholesaler from
// January 2025 to November 2026: orders, shipments, payments, purchases, receipts,
// supplier payments, stock counts, reservations, refusals, and plans for 2026 and 2027.
// The files are written the ways users bring them: xlsx from Excel, UTF-8 CSV, and one
// 1C export (Windows-1251, `;`, decimal comma, Russian headers).
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { nameKey } from '../src/model/normalize.js';
import { CRM_FIXTURE_FILES, generateCrm } from './crmFixtures.js';
import { seededRandom } from './random.js';

export const FIXTURE_SEED = 20251;
const START = '2025-01-01';
const END = '2026-11-25'; // the last business day of the history
const COUNT_DAY = '2025-12-31'; // the yearly stock count (a Wednesday)

export interface Company {
  managers: Record<string, unknown>[];
  groups: Record<string, unknown>[];
  suppliers: Record<string, unknown>[];
  products: Record<string, unknown>[];
  clients: Record<string, unknown>[];
  reasons: Record<string, unknown>[];
  orders: Record<string, unknown>[];
  shipments: Record<string, unknown>[];
  payments: Record<string, unknown>[];
  purchases: Record<string, unknown>[];
  receipts: Record<string, unknown>[];
  supplierPayments: Record<string, unknown>[];
  stock: Record<string, unknown>[];
  reservations: Record<string, unknown>[];
  planSales: { group_code: string; months: Record<string, number> }[];
  planManagers: Record<string, unknown>[];
  planMinStock: { sku: string; months: Record<string, number> }[];
}

const DAY = 86_400_000;
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (isoDay: string, n: number) => iso(new Date(toDate(isoDay).getTime() + n * DAY));
const money = (rubles: number) => Math.round(rubles * 100) / 100;

export function generateCompany(seed = FIXTURE_SEED): Company {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;

  const managers = [
    ['M01', 'Иванова Анна Сергеевна', 'ivanova@example.ru'],
    ['M02', 'Петров Игорь Николаевич', 'petrov@example.ru'],
    ['M03', 'Сидорова Ольга Викторовна', 'sidorova@example.ru'],
    ['M04', 'Кузнецов Дмитрий Олегович', 'kuznetsov@example.ru'],
    ['M05', 'Смирнова Елена Павловна', 'smirnova@example.ru'],
  ].map(([code, name, email]) => ({ code, name, email, active: 1 }));

  // three levels: top → middle → leaf, 21 groups
  const tree: [string, string, [string, string, [string, string][]][]][] = [
    ['G1', 'Кабель и провод', [
      ['G11', 'Силовой кабель', [['G111', 'Кабель ВВГ'], ['G112', 'Кабель АВВГ']]],
      ['G12', 'Провод', [['G121', 'Провод ПВС'], ['G122', 'Провод ПуГВ']]],
      ['G13', 'Слаботочный кабель', []],
    ]],
    ['G2', 'Электроустановочные изделия', [
      ['G21', 'Розетки и выключатели', [['G211', 'Розетки'], ['G212', 'Выключатели']]],
      ['G22', 'Автоматика', [['G221', 'Автоматические выключатели'], ['G222', 'УЗО']]],
    ]],
    ['G3', 'Освещение', [
      ['G31', 'Светильники', [['G311', 'Светодиодные панели'], ['G312', 'Прожекторы']]],
      ['G32', 'Лампы', []],
    ]],
  ];
  const groups: Record<string, unknown>[] = [];
  const leafGroups: { code: string; name: string; middle: string }[] = [];
  for (const [code, name, middles] of tree) {
    groups.push({ code, name, parent_code: '', illiquid_after_days: code === 'G3' ? 120 : '' });
    for (const [mCode, mName, leaves] of middles) {
      groups.push({ code: mCode, name: mName, parent_code: code, illiquid_after_days: '' });
      if (leaves.length === 0) leafGroups.push({ code: mCode, name: mName, middle: mCode });
      for (const [lCode, lName] of leaves) {
        groups.push({ code: lCode, name: lName, parent_code: mCode, illiquid_after_days: lCode === 'G312' ? 90 : '' });
        leafGroups.push({ code: lCode, name: lName, middle: mCode });
      }
    }
  }

  const supplierNames = ['ЭлектроКабель', 'Север-Провод', 'Энергия', 'СветоТехника', 'АвтоматПром', 'Легранд-Дистрибуция', 'КабельСнаб', 'Урал-Свет'];
  const suppliers = supplierNames.map((name, i) => ({
    code: `S${String(i + 1).padStart(2, '0')}`,
    name: `ООО «${name}»`,
    deferral_days: [30, 45, -14, 14, 0, 60, 21, -7][i]!,
    credit_line: [3_000_000, '', 0, 1_500_000, 800_000, 5_000_000, 2_000_000, 0][i]!,
  }));

  const variants: Record<string, string[]> = {
    G111: ['ВВГнг 3х1,5', 'ВВГнг 3х2,5', 'ВВГнг 3х4', 'ВВГнг 5х2,5', 'ВВГнг-LS 3х1,5', 'ВВГнг-LS 3х2,5', 'ВВГ 2х1,5', 'ВВГ 4х6'],
    G112: ['АВВГ 2х2,5', 'АВВГ 4х16', 'АВВГ 3х10', 'АВВГ 4х25'],
    G121: ['ПВС 2х0,75', 'ПВС 3х1,5', 'ПВС 3х2,5', 'ПВС 2х1,5'],
    G122: ['ПуГВ 1х1,5', 'ПуГВ 1х2,5', 'ПуГВ 1х4', 'ПуГВ 1х6'],
    G13: ['UTP 4х2х0,5 cat.5e', 'FTP 4х2х0,5', 'КСПВ 4х0,5', 'RG-6U'],
    G211: ['Розетка 1-м с з/к белая', 'Розетка 2-м с з/к', 'Розетка накладная IP44', 'Розетка с крышкой IP54'],
    G212: ['Выключатель 1-кл белый', 'Выключатель 2-кл', 'Выключатель проходной', 'Диммер 600 Вт'],
    G221: ['Автомат 1P 16А C', 'Автомат 1P 25А C', 'Автомат 3P 32А C', 'Автомат 2P 40А C', 'Автомат 1P 10А B'],
    G222: ['УЗО 2P 25А 30мА', 'УЗО 4P 40А 30мА', 'Дифавтомат 1P+N 16А'],
    G311: ['Панель 36 Вт 595х595', 'Панель 40 Вт 1195х180', 'Панель 18 Вт круглая'],
    G312: ['Прожектор 50 Вт IP65', 'Прожектор 100 Вт IP65', 'Прожектор 30 Вт с датчиком'],
    G32: ['Лампа LED A60 10 Вт E27', 'Лампа LED свеча 7 Вт E14', 'Лампа LED GU10 5 Вт', 'Лампа LED T8 18 Вт'],
  };
  const brands = ['Эконом', 'Стандарт', 'Про', 'Люкс', 'Индустрия', 'Дом', 'Техно'];
  const units: Record<string, string> = { G1: 'м' };
  const products: Record<string, unknown>[] = [];
  const productInfo: { sku: string; group: string; middle: string; price: number; cost: number; supplier: string; manager: string; lead: number; multiple: number; popularity: number }[] = [];
  const nameKeys = new Set<string>();
  let n = 0;
  while (products.length < 300) {
    const leaf = leafGroups[n % leafGroups.length]!;
    n++;
    const variant = pick(variants[leaf.code]!);
    let name = `${variant} «${pick(brands)}»`;
    for (let k = 2; nameKeys.has(nameKey(name)); k++) name = `${variant} «${pick(brands)}» исп.${k}`;
    nameKeys.add(nameKey(name));
    const sku = `A${String(products.length + 1).padStart(4, '0')}`;
    const cost = money(leaf.code.startsWith('G1') ? 20 + rnd() * 300 : 40 + rnd() * 4000);
    const price = money(cost * (1.18 + rnd() * 0.4));
    const supplier = suppliers[(leafGroups.indexOf(leaf) + int(0, 1)) % suppliers.length]!.code;
    const manager = managers[int(0, 4)]!.code as string;
    const lead = pick([7, 14, 21, 30, 45]);
    const multiple = leaf.code.startsWith('G1') ? pick([50, 100]) : pick([1, 5, 10]);
    const active = rnd() < 0.96 ? 1 : 0;
    products.push({
      sku,
      name,
      group_code: leaf.code,
      unit: units[leaf.code.slice(0, 2)] ?? 'шт',
      price,
      cost,
      supplier_code: supplier,
      manager_code: manager,
      support_level: pick(['A', 'B', 'B', 'C']),
      lead_time_days: lead,
      order_multiple: multiple,
      illiquid_after_days: rnd() < 0.05 ? 60 : '',
      active,
    });
    productInfo.push({ sku, group: leaf.code, middle: leaf.middle, price, cost, supplier, manager, lead, multiple, popularity: active ? rnd() ** 2 : 0 });
  }

  const clientWords = ['Электромонтаж', 'СтройСвет', 'ЭнергоСервис', 'ТехноДом', 'Вольт', 'Ампер', 'ПромЭлектро', 'МастерСтрой', 'Гефест', 'Альфа', 'Ресурс', 'Монолит'];
  const forms = ['ООО', 'ИП', 'АО', 'ООО', 'ООО'];
  const clients: Record<string, unknown>[] = [];
  const clientInfo: { code: string; manager: string; discount: number; deferral: number; weight: number }[] = [];
  for (let i = 0; i < 60; i++) {
    const code = `C${String(i + 1).padStart(3, '0')}`;
    const deferral = pick([-7, 0, 0, 14, 30, 30, 45, 60]);
    const discount = pick([0, 0, 3, 5, 5, 7, 10, 15]);
    const manager = managers[i % 5]!.code as string;
    const weight = 0.2 + rnd() ** 2 * 3;
    clients.push({
      code,
      name: `${pick(forms)} «${clientWords[i % clientWords.length]}${i >= clientWords.length ? `-${Math.floor(i / clientWords.length) + 1}` : ''}»`,
      inn: String(7700000000 + int(100000, 999999) * 10 + (i % 10)),
      manager_code: manager,
      segment: pick(['монтажники', 'розница', 'застройщики', 'промышленность']),
      channel: pick(['менеджер', 'сайт', 'тендер']),
      discount_pct: discount,
      deferral_days: deferral,
      credit_limit: deferral <= 0 ? 0 : pick(['', 300_000, 1_000_000, 2_500_000]),
      purchase_potential: int(10, 200) * 100_000,
    });
    clientInfo.push({ code, manager, discount, deferral, weight });
  }
  // one client name that would run as a formula in a careless spreadsheet
  clients[59]!.name = '=ИП Формулов';

  const reasons = [
    ['R1', 'Дорого'],
    ['R2', 'Нет в наличии'],
    ['R3', 'Долгий срок поставки'],
    ['R4', 'Выбрали другого поставщика'],
    ['R5', 'Отменён проект'],
  ].map(([code, name]) => ({ code, name }));

  // ── the simulation, day by day ──
  const totalPopularity = productInfo.reduce((s, p) => s + p.popularity, 0);
  const stockQty = new Map<string, number>();
  const stock: Record<string, unknown>[] = [];
  // about 1,000 order lines a month, spread by popularity; cable sells by the metre
  const monthlyQty = (p: (typeof productInfo)[number]) => (1000 * p.popularity * (p.multiple >= 50 ? 105 : 6.5)) / totalPopularity;
  for (const p of productInfo) {
    const qty = p.popularity > 0 ? Math.ceil((monthlyQty(p) * 3) / p.multiple) * p.multiple : int(0, 20);
    stockQty.set(p.sku, qty);
    stock.push({ date: '2024-12-31', sku: p.sku, qty });
  }
  const orders: Record<string, unknown>[] = [];
  const shipments: Record<string, unknown>[] = [];
  const payments: Record<string, unknown>[] = [];
  const reservations: Record<string, unknown>[] = [];
  const purchases: Record<string, unknown>[] = [];
  const receipts: Record<string, unknown>[] = [];
  const supplierPayments: Record<string, unknown>[] = [];
  const soldByMonth = new Map<string, number>(); // sku|month → qty
  const salesByMiddleMonth = new Map<string, number>(); // middle|month → rubles
  const salesByManagerMonth = new Map<string, number>();
  const totalWeight = clientInfo.reduce((s, c) => s + c.weight, 0);
  const pickWeighted = <T>(items: T[], weight: (t: T) => number, total: number): T => {
    let x = rnd() * total;
    for (const item of items) {
      x -= weight(item);
      if (x <= 0) return item;
    }
    return items[items.length - 1]!;
  };

  let orderSeq = 0;
  let shipmentSeq = 0;
  let paymentSeq = 0;
  let poSeq = 0;
  let receiptSeq = 0;
  let supplierPaymentSeq = 0;
  let countStock = false;
  const pendingReceipts: { date: string; po: string; supplier: string; lines: { sku: string; qty: number; cost: number }[] }[] = [];
  // `stockQty` is what is left to sell: shipments are taken off when the order is taken, even
  // when they leave a few days later. The books at a day add back what has not left yet.
  const shippedLater: { date: string; sku: string; qty: number }[] = [];
  for (let t = toDate(START).getTime(); t <= toDate(END).getTime(); t += DAY) {
    const day = iso(new Date(t));
    const weekday = new Date(t).getUTCDay();
    const month = day.slice(0, 7);
    // purchases on the first business day of each month, per supplier, for last month's sales
    if (day.endsWith('-01') || (day.slice(8) <= '03' && weekday === 1)) {
      if (!purchases.some((p) => String(p.date).slice(0, 7) === month)) {
        for (const s of suppliers) {
          const lines = productInfo
            .filter((p) => p.supplier === s.code && p.popularity > 0)
            .map((p) => {
              const need = Math.max(0, monthlyQty(p) * 2.6 - (stockQty.get(p.sku) ?? 0));
              const qty = Math.ceil(need / p.multiple) * p.multiple;
              return { sku: p.sku, qty, cost: p.cost, lead: p.lead };
            })
            .filter((l) => l.qty > 0);
          if (lines.length === 0) continue;
          const po = `ПЗ-${String(++poSeq).padStart(5, '0')}`;
          for (const l of lines) {
            purchases.push({ po_no: po, date: day, supplier_code: s.code, sku: l.sku, qty: l.qty, cost: l.cost, expected_date: addDays(day, l.lead) });
          }
          const lead = Math.max(...lines.map((l) => l.lead));
          pendingReceipts.push({ date: addDays(day, lead + int(-2, 3)), po, supplier: s.code, lines: lines.map(({ sku, qty, cost }) => ({ sku, qty, cost })) });
        }
      }
    }
    for (const r of pendingReceipts.filter((r) => r.date === day)) {
      const receiptNo = `ПТ-${String(++receiptSeq).padStart(5, '0')}`;
      let amount = 0;
      for (const l of r.lines) {
        receipts.push({ receipt_no: receiptNo, date: day, supplier_code: r.supplier, sku: l.sku, qty: l.qty, cost: l.cost, po_no: r.po });
        stockQty.set(l.sku, (stockQty.get(l.sku) ?? 0) + l.qty);
        amount += l.qty * l.cost;
      }
      const supplier = suppliers.find((s) => s.code === r.supplier)!;
      const payDate = addDays(day, supplier.deferral_days);
      if (payDate <= END) {
        supplierPayments.push({ payment_no: `ПП-${String(++supplierPaymentSeq).padStart(5, '0')}`, date: payDate < START ? START : payDate, supplier_code: r.supplier, amount: money(amount), po_no: r.po });
      }
    }
    if (weekday === 0 || weekday === 6) continue;
    if (day === COUNT_DAY) countStock = true;
    const ordersToday = int(9, 15);
    for (let o = 0; o < ordersToday; o++) {
      const client = pickWeighted(clientInfo, (c) => c.weight, totalWeight);
      const orderNo = `ЗК-${String(++orderSeq).padStart(6, '0')}`;
      const lineCount = int(1, 7);
      const lines: { sku: string; qty: number; price: number; cost: number }[] = [];
      for (let l = 0; l < lineCount; l++) {
        const p = pickWeighted(productInfo, (x) => x.popularity, totalPopularity);
        if (lines.some((x) => x.sku === p.sku)) continue;
        // never sell what is not there: stock stays at zero or above on every day
        const step = p.multiple >= 50 ? 10 : 1;
        const available = Math.floor((stockQty.get(p.sku) ?? 0) / step) * step;
        const qty = Math.min(p.multiple >= 50 ? int(1, 20) * 10 : int(1, 12), available);
        if (qty <= 0) continue;
        stockQty.set(p.sku, (stockQty.get(p.sku) ?? 0) - qty);
        const discount = client.discount + (rnd() < 0.05 ? 3 : 0);
        lines.push({ sku: p.sku, qty, price: money(p.price * (1 - discount / 100)), cost: p.cost });
      }
      if (lines.length === 0) {
        orderSeq--; // everything asked for was out of stock: no order
        continue;
      }
      const refused = rnd() < 0.05;
      const reason = refused ? pick(reasons).code : '';
      const grantedDeferral = rnd() < 0.06 ? client.deferral + 15 : '';
      const grantedDiscount = lines.length && rnd() < 0.05 ? client.discount + 3 : '';
      const shipDate = addDays(day, int(0, 4));
      const shipped = !refused && shipDate <= END;
      const deferral = grantedDeferral === '' ? client.deferral : grantedDeferral;
      const plannedPayment = addDays(shipDate, deferral);
      const amount = lines.reduce((s, l) => s + l.qty * l.price, 0);
      const paidDate = addDays(shipDate, deferral + (rnd() < 0.7 ? int(-3, 5) : int(6, 45)));
      const paid = shipped && paidDate <= END;
      for (const l of lines) {
        orders.push({
          order_no: orderNo,
          date: day,
          client_code: client.code,
          sku: l.sku,
          qty: l.qty,
          price: l.price,
          manager_code: client.manager,
          discount_pct: grantedDiscount,
          deferral_days: grantedDeferral,
          planned_ship_date: addDays(day, 2),
          planned_payment_date: plannedPayment,
          actual_ship_date: shipped ? shipDate : '',
          actual_payment_date: paid ? paidDate : '',
          status: refused ? 'refused' : paid ? 'paid' : shipped ? 'shipped' : 'confirmed',
          refusal_reason: reason,
        });
        if (!refused && (!shipped || toDate(day).getTime() > toDate(END).getTime() - 60 * DAY)) {
          reservations.push({ order_no: orderNo, sku: l.sku, qty: l.qty, reserved_date: day, released_date: shipped ? shipDate : '' });
        }
      }
      if (!shipped) {
        for (const l of lines) stockQty.set(l.sku, (stockQty.get(l.sku) ?? 0) + l.qty); // nothing left the warehouse
        continue;
      }
      const shipmentNo = `РТ-${String(++shipmentSeq).padStart(6, '0')}`;
      // originals that would come back after the last day of the history are still out (the import refuses a future date)
      const back = rnd() < 0.9 && addDays(shipDate, 20) <= END ? addDays(shipDate, int(3, 40)) : '';
      const originals = back <= END ? back : '';
      for (const l of lines) {
        shipments.push({
          shipment_no: shipmentNo,
          date: shipDate,
          client_code: client.code,
          sku: l.sku,
          qty: l.qty,
          amount: money(l.qty * l.price),
          cost: money(l.qty * l.cost),
          order_no: orderNo,
          originals_date: originals,
        });
        if (shipDate > day) shippedLater.push({ date: shipDate, sku: l.sku, qty: l.qty });
        const m = shipDate.slice(0, 7);
        soldByMonth.set(`${l.sku}|${m}`, (soldByMonth.get(`${l.sku}|${m}`) ?? 0) + l.qty);
        const middle = productInfo.find((p) => p.sku === l.sku)!.middle;
        salesByMiddleMonth.set(`${middle}|${m}`, (salesByMiddleMonth.get(`${middle}|${m}`) ?? 0) + l.qty * l.price);
        salesByManagerMonth.set(`${client.manager}|${m}`, (salesByManagerMonth.get(`${client.manager}|${m}`) ?? 0) + l.qty * l.price);
      }
      if (paid) {
        // most pay in full, some in two parts
        const split = rnd() < 0.15 ? money(amount * 0.5) : money(amount);
        payments.push({ payment_no: `ПКО-${String(++paymentSeq).padStart(6, '0')}`, date: paidDate < day ? day : paidDate, client_code: client.code, amount: split, order_no: orderNo });
        if (split < money(amount)) {
          const second = addDays(paidDate, int(5, 30));
          if (second <= END) payments.push({ payment_no: `ПКО-${String(++paymentSeq).padStart(6, '0')}`, date: second, client_code: client.code, amount: money(money(amount) - split), order_no: orderNo });
        }
      }
    }
    if (countStock) {
      // the yearly count at the end of the day: what the books say, minus a little shrinkage
      countStock = false;
      for (const p of productInfo) {
        const notYetShipped = shippedLater.filter((x) => x.sku === p.sku && x.date > day).reduce((s, x) => s + x.qty, 0);
        const shrinkage = (stockQty.get(p.sku) ?? 0) > 0 && rnd() < 0.1 ? 1 : 0;
        stockQty.set(p.sku, (stockQty.get(p.sku) ?? 0) - shrinkage);
        stock.push({ date: day, sku: p.sku, qty: (stockQty.get(p.sku) ?? 0) + notYetShipped });
      }
    }
  }

  // ── plans: 2026 and 2027 by middle-level group, managers, minimum stock ──
  const months = (year: number) => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const middles = [...new Set(leafGroups.map((l) => l.middle))];
  const planSales = middles.map((g) => {
    const row: Record<string, number> = {};
    for (const m of [...months(2026), ...months(2027)]) {
      const base = salesByMiddleMonth.get(`${g}|2025-${m.slice(5)}`) ?? 0;
      const growth = m.startsWith('2026') ? 1.1 : 1.2;
      row[m] = Math.round((base * growth) / 1000) * 1000;
    }
    return { group_code: g, months: row };
  });
  const planManagers: Record<string, unknown>[] = [];
  for (const mgr of managers) {
    for (const m of [...months(2026), ...months(2027)]) {
      const revenue = Math.round(((salesByManagerMonth.get(`${mgr.code}|2025-${m.slice(5)}`) ?? 0) * 1.1) / 1000) * 1000;
      planManagers.push({ month: m, manager_code: mgr.code, indicator: 'revenue', value: revenue });
      planManagers.push({ month: m, manager_code: mgr.code, indicator: 'margin', value: Math.round(revenue * 0.22) });
      planManagers.push({ month: m, manager_code: mgr.code, indicator: 'orders', value: 50 });
      planManagers.push({ month: m, manager_code: mgr.code, indicator: 'new_clients', value: 1 });
      planManagers.push({ month: m, manager_code: mgr.code, indicator: 'avg_order', value: Math.round(revenue / 50) });
      planManagers.push({ month: m, manager_code: mgr.code, indicator: 'collected', value: revenue });
    }
  }
  const planMinStock = productInfo
    .filter((p) => p.popularity > 0.05)
    .map((p) => {
      const row: Record<string, number> = {};
      for (const m of months(2027)) {
        const avg = (soldByMonth.get(`${p.sku}|2026-${m.slice(5)}`) ?? soldByMonth.get(`${p.sku}|2025-${m.slice(5)}`) ?? 0) / 2;
        row[m] = Math.ceil(avg);
      }
      return { sku: p.sku, months: row };
    });

  return {
    managers, groups, suppliers, products, clients, reasons, orders, shipments, payments, purchases, receipts,
    supplierPayments, stock, reservations, planSales, planManagers, planMinStock,
  };
}

// ── writing ──────────────────────────────────────────────────────────────────

function csv(file: string, rows: Record<string, unknown>[]): void {
  const columns = Object.keys(rows[0]!);
  fs.writeFileSync(file, stringify(rows.map((r) => columns.map((c) => r[c] ?? '')), { header: true, columns }));
}

/** 1C export: Windows-1251, `;`, decimal comma, dd.mm.yyyy, Russian headers. */
function csv1c(file: string, rows: Record<string, unknown>[], headers: Record<string, string>): void {
  const columns = Object.keys(headers);
  const ru = (value: unknown, column: string) => {
    if (typeof value === 'number') return String(value).replace('.', ',');
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const [y, m, d] = value.split('-');
      return column === 'date' ? `${d}.${m}.${y} 0:00:00` : `${d}.${m}.${y}`;
    }
    return value ?? '';
  };
  const text = stringify(rows.map((r) => columns.map((c) => ru(r[c], c))), {
    header: true,
    columns: columns.map((c) => ({ key: c, header: headers[c]! })),
    delimiter: ';',
    record_delimiter: 'windows',
  });
  fs.writeFileSync(file, iconv.encode(text, 'cp1251'));
}

async function xlsx(file: string, sheet: string, header: string[], rows: unknown[][]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date('2026-11-26T00:00:00Z');
  workbook.modified = workbook.created;
  const ws = workbook.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c) => (c.width = 16));
  await workbook.xlsx.writeFile(file);
}

export async function writeFixtures(dir: string, seed = FIXTURE_SEED): Promise<string[]> {
  const c = generateCompany(seed);
  fs.mkdirSync(dir, { recursive: true });
  const out = (name: string) => path.join(dir, name);
  csv(out('managers.csv'), c.managers);
  await xlsx(out('groups.xlsx'), 'Группы', ['Код', 'Наименование', 'Родитель', 'Порог неликвидности'], c.groups.map((g) => [g.code, g.name, g.parent_code || null, g.illiquid_after_days || null]));
  csv(out('suppliers.csv'), c.suppliers);
  const productColumns = Object.keys(c.products[0]!);
  await xlsx(out('products.xlsx'), 'Номенклатура', productColumns, c.products.map((p) => productColumns.map((k) => (p[k] === '' ? null : p[k]))));
  const clientColumns = Object.keys(c.clients[0]!);
  await xlsx(out('clients.xlsx'), 'Клиенты', clientColumns, c.clients.map((p) => clientColumns.map((k) => (p[k] === '' ? null : p[k]))));
  csv(out('reasons.csv'), c.reasons);
  csv(out('orders.csv'), c.orders);
  csv1c(out('shipments-1c.csv'), c.shipments, {
    shipment_no: 'Реализация',
    date: 'Дата',
    client_code: 'Контрагент',
    sku: 'Артикул',
    qty: 'Количество',
    amount: 'Сумма',
    cost: 'Себестоимость',
    order_no: 'Заказ',
    originals_date: 'Дата возврата оригиналов',
  });
  csv(out('payments.csv'), c.payments);
  csv(out('purchases.csv'), c.purchases);
  csv(out('receipts.csv'), c.receipts);
  csv(out('supplier-payments.csv'), c.supplierPayments);
  csv(out('stock.csv'), c.stock);
  csv(out('reservations.csv'), c.reservations);
  const monthsOf = Object.keys(c.planSales[0]!.months);
  await xlsx(out('plan-sales.xlsx'), 'План продаж', ['Группа', ...monthsOf], c.planSales.map((r) => [r.group_code, ...monthsOf.map((m) => r.months[m]!)]));
  csv(out('plan-managers.csv'), c.planManagers);
  const minMonths = Object.keys(c.planMinStock[0]!.months);
  await xlsx(out('plan-min-stock.xlsx'), 'Минимальный запас', ['Артикул', ...minMonths], c.planMinStock.map((r) => [r.sku, ...minMonths.map((m) => r.months[m]!)]));
  writeCrmFixtures(dir, c);
  return fs.readdirSync(dir).sort();
}

/** The CRM history of the company (scripts/crmFixtures.ts), as UTF-8 CSV. */
export function writeCrmFixtures(dir: string, c: Company): void {
  const crm = generateCrm(c);
  for (const [, file, part] of CRM_FIXTURE_FILES) csv(path.join(dir, file), crm[part]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'fixtures';
  const files = await writeFixtures(dir);
  console.log(`wrote ${files.length} files to ${dir}/ (seed ${FIXTURE_SEED})`);
}
