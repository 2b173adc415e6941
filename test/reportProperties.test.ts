// Properties every report keeps on random companies (issue 10): the totals row adds up its
// rows, the --manager filter partitions the totals (Σ over the managers = all), and JSON,
// CSV and xlsx carry the same values.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReport } from '../src/commands/report.js';
import { openDb } from '../src/db/connection.js';
import { importFile } from '../src/import/importer.js';
import type { Cell } from '../src/io/locale.js';
import { REPORTS } from '../src/reports/definitions.js';
import { titleOf } from '../src/reports/titles.js';
import { tempDir, testCtx } from './helpers.js';

const MANAGERS = ['M1', 'M2', 'M3'];
const SKUS = ['A', 'B', 'C', 'D'];
const CLIENTS = ['K1', 'K2', 'K3', 'K4'];
const day = (d: number) => `2026-${String(1 + Math.floor(d / 28)).padStart(2, '0')}-${String(1 + (d % 28)).padStart(2, '0')}`;

const arbCompany = fc.record({
  productManagers: fc.array(fc.constantFrom(...MANAGERS), { minLength: SKUS.length, maxLength: SKUS.length }),
  clientManagers: fc.array(fc.constantFrom(...MANAGERS), { minLength: CLIENTS.length, maxLength: CLIENTS.length }),
  orders: fc.array(
    fc.record({
      client: fc.integer({ min: 0, max: CLIENTS.length - 1 }),
      manager: fc.option(fc.constantFrom(...MANAGERS), { nil: null }),
      day: fc.integer({ min: 0, max: 160 }),
      lines: fc.uniqueArray(fc.record({ sku: fc.integer({ min: 0, max: SKUS.length - 1 }), qty: fc.integer({ min: 1, max: 20 }), price: fc.integer({ min: 1, max: 500 }) }), {
        minLength: 1,
        maxLength: 3,
        selector: (l) => l.sku,
      }),
      shipAfter: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
      refused: fc.boolean(),
      reservedDays: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
    }),
    { minLength: 1, maxLength: 12 },
  ),
  payments: fc.array(fc.record({ client: fc.integer({ min: 0, max: CLIENTS.length - 1 }), day: fc.integer({ min: 0, max: 170 }), amount: fc.integer({ min: 1, max: 3000 }) }), { maxLength: 6 }),
  counts: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: SKUS.length, maxLength: SKUS.length }),
});
type Company = typeof arbCompany extends fc.Arbitrary<infer T> ? T : never;

/** The company as import tables (header + rows), in load order. */
function tables(c: Company): [string, Cell[], Cell[][]][] {
  const orders: Cell[][] = [];
  const shipments: Cell[][] = [];
  const reservations: Cell[][] = [];
  c.orders.forEach((o, i) => {
    const no = `O${i}`;
    for (const l of o.lines) {
      orders.push([no, day(o.day), CLIENTS[o.client]!, SKUS[l.sku]!, l.qty, l.price, o.manager, o.refused ? 'R1' : null]);
      if (!o.refused && o.shipAfter !== null) shipments.push([`T${i}`, day(o.day + o.shipAfter), CLIENTS[o.client]!, SKUS[l.sku]!, l.qty, l.qty * l.price, no]);
      if (o.reservedDays !== null) reservations.push([no, SKUS[l.sku]!, l.qty, day(o.day), day(o.day + o.reservedDays)]);
    }
  });
  return [
    ['managers', ['code', 'name'], MANAGERS.map((m) => [m, `Менеджер ${m}`])],
    ['groups', ['code', 'name', 'parent_code'], [['TOP', 'Верх', null], ['SUB', 'Низ', 'TOP'], ['OTHER', 'Другое', null]]],
    ['suppliers', ['code', 'name'], [['S1', 'Первый'], ['S2', 'Второй']]],
    ['products', ['sku', 'name', 'group_code', 'price', 'cost', 'supplier_code', 'manager_code', 'illiquid_after_days'], SKUS.map((s, i) => [s, `Товар ${s}`, ['TOP', 'SUB', 'OTHER', 'SUB'][i]!, 100, 10 + i, i % 2 ? 'S2' : 'S1', c.productManagers[i]!, 20])],
    ['clients', ['code', 'name', 'manager_code', 'purchase_potential', 'credit_limit'], CLIENTS.map((k, i) => [k, `Клиент ${k}`, c.clientManagers[i]!, 5000, i === 0 ? 100 : null])],
    ['reasons', ['code', 'name'], [['R1', 'Дорого']]],
    ['stock', ['date', 'sku', 'qty'], SKUS.map((s, i) => ['2025-12-31', s, c.counts[i]!])],
    ['orders', ['order_no', 'date', 'client_code', 'sku', 'qty', 'price', 'manager_code', 'refusal_reason'], orders],
    ['shipments', ['shipment_no', 'date', 'client_code', 'sku', 'qty', 'amount', 'order_no'], shipments],
    ['payments', ['payment_no', 'date', 'client_code', 'amount'], c.payments.map((p, i) => [`P${i}`, day(p.day), CLIENTS[p.client]!, p.amount])],
    ['reservations', ['order_no', 'sku', 'qty', 'reserved_date', 'released_date'], reservations],
    // issue 14: commission rules (a group rule, both bases) and deliveries of some shipments
    ['commission-rules', ['manager_code', 'from_date', 'base', 'pct', 'group_code'], [['M1', '2026-01-01', 'revenue', 2, null], ['M2', '2026-01-01', 'margin', 10, null], ['M3', '2026-01-01', 'revenue', 1, null], ['M3', '2026-03-01', 'revenue', 3, 'SUB']]],
    // (on the shipment's day: a delivery before its shipment or after today is refused)
    ['deliveries', ['delivery_no', 'date', 'shipment_no', 'carrier', 'cost'], [...new Map(shipments.map((s) => [String(s[0]), String(s[1])]))].filter(([, date], i) => i % 2 === 0 && date <= '2026-06-30').map(([no, date], i) => [`D${i}`, date, no, i % 3 ? 'ПЭК' : 'СДЭК', 10 + i])],
  ];
}

async function build(c: Company): Promise<string> {
  const file = path.join(tempDir(), 'crm.db');
  const db = openDb(file, 'create');
  try {
    for (const [entity, header, rows] of tables(c)) {
      if (rows.length === 0) continue;
      const s = await importFile(db, { entity, file: entity, memory: { header, rows }, user: 'test', now: new Date('2026-06-30T00:00:00Z') });
      if (s.problems.length > 0) throw new Error(`${entity}: ${s.problems[0]!.message}`);
    }
  } finally {
    db.close();
  }
  return file;
}

type Json = { rows: Record<string, unknown>[]; totals: Record<string, unknown> };

async function reportAs(file: string, name: string, opts: Record<string, string | boolean>, output?: string): Promise<string> {
  const ctx = testCtx(file, { asOf: '2026-06-30' });
  await runReport(name, { ...opts, ...(output ? { output } : { json: true }) }, ctx);
  return output ? '' : ctx.out();
}

const period = (name: string): Record<string, string> => (REPORTS.find((r) => r.name === name)!.period === 'range' ? { from: '2026-01', to: '2026-06' } : { date: '2026-06-30' });

/** Totals that are no sum of the rows: ratios, averages, distinct counts, shares. */
const NOT_ADDED = new Set([
  'pct', 'ytd_pct', 'share_pct', 'utilization_pct', 'receivables_turnover', 'dso_days', 'advances_turnover', 'advances_days', 'avg_order',
  'profitability', 'turnover', 'avg_days_in_reserve', 'days_of_cover', 'orders', 'remaining', 'threshold', 'days_idle', 'negative',
  // issue 14
  'net_margin_pct', 'cost_pct', 'margin_after_delivery_pct', 'max_days_out', 'payment_delay_days',
]);
/** Per report: the totals that --manager partitions (a sum over the company that each row belongs to one manager of). */
const PARTITIONED: Record<string, string[]> = {
  sales: ['amount', 'qty', 'margin'],
  'receivables-turnover': ['revenue', 'avg_receivables', 'avg_advances', 'receivables_end', 'not_due', 'overdue_1_30', 'overdue_31_60', 'overdue_61_90', 'overdue_over_90'],
  stock: ['qty', 'value', 'reserved', 'free'],
  illiquid: ['qty', 'value'],
  'illiquid-sales': ['lines', 'qty', 'amount', 'margin'],
  'reserve-turnover': ['avg_reserved_value', 'shipped_from_reserve'],
  'low-profit-stock': ['stock_margin', 'stock_avg_value'],
  refusals: ['orders', 'amount'],
  potential: ['potential', 'purchases'],
  managers: ['revenue', 'margin', 'orders'],
  terms: ['amount'],
  delays: ['days_late'],
  'order-profitability': ['revenue', 'cost', 'margin', 'commission', 'cost_of_money', 'net_margin'],
  commissions: ['opening', 'accrued', 'paid', 'closing'],
  deliveries: ['revenue', 'delivery_cost', 'margin', 'margin_after_delivery'],
  originals: ['shipments', 'amount'],
};

/** Sums over rows may differ in the last bits of a double; formats must agree exactly. */
const close = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 0.011 + 1e-9 * Math.abs(a) : a === b);
const same = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) : a === b);

describe('every report on random companies', () => {
  it('totals add up the rows; --manager partitions the totals; JSON = CSV = xlsx', async () => {
    await fc.assert(
      fc.asyncProperty(arbCompany, async (company) => {
        const file = await build(company);
        const dir = path.dirname(file);
        for (const def of REPORTS.filter((r) => r.name !== 'plan-fact')) {
          const base = period(def.name);
          const all = JSON.parse(await reportAs(file, def.name, base)) as Json;
          // the totals row adds up its rows
          for (const [key, total] of Object.entries(all.totals)) {
            if (NOT_ADDED.has(key) || typeof total !== 'number' || !(key in (all.rows[0] ?? {}))) continue;
            const sum = all.rows.reduce((s, r) => s + Number(r[key] ?? 0), 0);
            if (!close(sum, total)) throw new Error(`${def.name}: total ${key} ${total} ≠ Σ rows ${sum}`);
          }
          // Σ over the managers = all
          if (def.filters.includes('manager')) {
            const parts = await Promise.all(MANAGERS.map(async (m) => JSON.parse(await reportAs(file, def.name, { ...base, manager: m })) as Json));
            for (const key of PARTITIONED[def.name] ?? []) {
              const sum = parts.reduce((s, p) => s + Number(p.totals[key] ?? 0), 0);
              if (!close(sum, Number(all.totals[key] ?? 0))) throw new Error(`${def.name}: Σ over managers of ${key} ${sum} ≠ ${all.totals[key]}`);
            }
          }
          // JSON = CSV = xlsx, cell by cell
          const csvFile = path.join(dir, `${def.name}.csv`);
          const xlsxFile = path.join(dir, `${def.name}.xlsx`);
          await reportAs(file, def.name, base, csvFile);
          // xlsx is for people: titles in words, names beside codes (found by title), a row per month asked for
          await reportAs(file, def.name, { ...base, layout: 'long' }, xlsxFile);
          const csv = parse(fs.readFileSync(csvFile, 'utf8')) as string[][];
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.readFile(xlsxFile);
          const ws = wb.worksheets[0]!;
          const keys = csv[0]!;
          const titles = (ws.getRow(1).values as unknown[]).slice(1);
          all.rows.forEach((row, i) => {
            keys.forEach((key, j) => {
              if (!(key in row)) return; // a headline column of the totals row
              const json = row[key] ?? null;
              const text = csv[i + 1]![j]!;
              const fromCsv = text === '' ? null : typeof json === 'number' ? Number(text) : text;
              const at = titles.indexOf(titleOf(key));
              if (at < 0) throw new Error(`${def.name}: no column titled ${titleOf(key)} (${key}) in the xlsx`);
              const cell = ws.getRow(i + 2).getCell(at + 1).value;
              const fromXlsx = cell instanceof Date ? cell.toISOString().slice(0, 10) : typeof json === 'boolean' ? cell : (cell ?? null);
              if (!same(fromCsv, json) || !same(fromXlsx, json)) {
                throw new Error(`${def.name} row ${i + 1} ${key}: JSON ${json}, CSV ${text}, xlsx ${String(cell)}`);
              }
            });
          });
        }
        return true;
      }),
      { numRuns: 8 },
    );
  }, 300_000);
});
