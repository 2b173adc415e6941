// The demo company end to end: `crm demo` loads every fixture through the import path,
// a second load changes nothing, and the 1C fixture really is cp1251 with `;`.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectEncoding, sniffDelimiter } from '../src/io/read.js';
import { crm, dbFingerprint, query, ROOT, tempDir } from './helpers.js';

describe('crm demo', () => {
  const dir = tempDir();
  const db = path.join(dir, 'demo.db');

  it('creates the demo database and says what to try next', () => {
    const run = crm(['--db', db, 'demo']);
    expect(run.stderr).toContain('The demo company is in');
    expect(run.stderr).toContain('Try next');
    expect(run.code).toBe(0);
    const count = (table: string) => query<{ n: number }>(db, `SELECT COUNT(*) n FROM ${table}`)[0]!.n;
    expect(count('managers')).toBe(5);
    expect(count('product_groups')).toBe(20);
    expect(count('products')).toBe(300);
    expect(count('clients')).toBe(60);
    expect(count('suppliers')).toBe(8);
    // about 12,000 shipment lines a year from January 2025 to November 2026
    const perYear = query<{ year: string; n: number }>(
      db,
      "SELECT substr(s.date, 1, 4) year, COUNT(*) n FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id GROUP BY year ORDER BY year",
    );
    expect(perYear.map((r) => r.year)).toEqual(['2025', '2026']);
    expect(perYear[0]!.n).toBeGreaterThan(10_000);
    expect(perYear[0]!.n).toBeLessThan(14_000);
    expect(query(db, "SELECT MIN(date) first, MAX(date) last FROM shipments")).toEqual([{ first: '2025-01-01', last: '2026-11-25' }]);
    // varied terms: prepayment clients, unlimited and zero credit
    expect(query<{ n: number }>(db, 'SELECT COUNT(*) n FROM clients WHERE deferral_days < 0')[0]!.n).toBeGreaterThan(0);
    expect(query<{ n: number }>(db, 'SELECT COUNT(*) n FROM suppliers WHERE credit_line IS NULL')[0]!.n).toBeGreaterThan(0);
    expect(query<{ n: number }>(db, "SELECT COUNT(*) n FROM sales_orders WHERE status = 'refused' AND refusal_reason_id IS NOT NULL")[0]!.n).toBeGreaterThan(0);
    // plans for 2026 and 2027
    expect(query(db, "SELECT kind, MIN(p.month) first, MAX(p.month) last FROM plan_sales p JOIN plan_versions v ON v.id = p.version_id GROUP BY kind")).toEqual([
      { kind: 'sales', first: '2026-01', last: '2027-12' },
    ]);
    expect(query(db, 'SELECT kind FROM plan_versions ORDER BY kind')).toEqual([{ kind: 'managers' }, { kind: 'min_stock' }, { kind: 'sales' }]);
    // a client name that is a formula in careless hands is stored as text
    expect(query(db, "SELECT name FROM clients WHERE name LIKE '=%'")).toEqual([{ name: '=ИП Формулов' }]);
  });

  it('never has a SKU below zero: every shipment is covered by a count or receipts', () => {
    // the documentary stock (SPEC §2) of each SKU at the end of every day it moves
    const events = query<{ sku: string; date: string; kind: string; qty: number }>(
      db,
      `SELECT p.sku, e.date, e.kind, SUM(e.qty) qty FROM (
         SELECT product_id, date, 'count' kind, qty FROM stock_counts
         UNION ALL SELECT l.product_id, r.date, 'in', l.qty FROM receipts r JOIN receipt_lines l ON l.receipt_id = r.id
         UNION ALL SELECT l.product_id, s.date, 'out', l.qty FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id) e
       JOIN products p ON p.id = e.product_id GROUP BY p.sku, e.date, e.kind ORDER BY p.sku, e.date`,
    );
    const below: string[] = [];
    const levels = new Map<string, number>();
    for (let i = 0; i < events.length; ) {
      const { sku, date } = events[i]!;
      let count: number | undefined;
      let delta = 0;
      for (; i < events.length && events[i]!.sku === sku && events[i]!.date === date; i++) {
        const e = events[i]!;
        if (e.kind === 'count') count = e.qty; // the quantity at the end of its day, same-day movements in it
        else delta += e.kind === 'in' ? e.qty : -e.qty;
      }
      const level = count ?? (levels.get(sku) ?? 0) + delta;
      levels.set(sku, level);
      if (level < -1e-9) below.push(`${sku} ${date} ${level}`);
    }
    expect(events.length).toBeGreaterThan(20_000);
    expect(below).toEqual([]);
    // and so the plan starts from no negative stock
    const run = crm(['--db', db, 'plan', 'runs', '--json']);
    expect(JSON.parse(run.stdout).runs[0].warnings).toBe(0);
  });

  it('has a year of CRM history: each CRM report shows something worth reading', () => {
    const report = (...args: string[]) => {
      const run = crm(['--db', db, '--as-of', '2026-11-25', 'report', ...args, '--format', 'json']);
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout);
    };
    const funnel = report('funnel', '--from', '2025-11-26', '--to', '2026-11-25');
    expect(new Set(funnel.rows.map((r: { channel: string }) => r.channel)).size).toBe(3);
    expect(funnel.totals.deals).toBeGreaterThan(250);
    expect(funnel.totals.won).toBeGreaterThan(0);
    expect(funnel.totals.current).toBeGreaterThan(0); // deals still open at --to
    expect(Object.keys(funnel.totals.lost_by_reason).length).toBeGreaterThan(1);
    expect(funnel.totals.backward_moves.length).toBeGreaterThan(3);
    const silent = report('interactions', '--to', '2026-11-25', '--silent-days', '30');
    expect(silent.rows.length).toBeGreaterThan(0);
    expect(silent.rows.length).toBeLessThan(60);
    const claims = report('claims', '--from', '2025-11-26', '--to', '2026-11-25', '--by', 'supplier');
    expect(claims.totals.recovered).toBeGreaterThan(0);
    expect(claims.totals.recovered).toBeLessThan(claims.totals.amount);
    expect(claims.rows.some((r: { claim_rate_pct: number | null }) => (r.claim_rate_pct ?? 0) > 0)).toBe(true);
    const negotiations = report('negotiations', '--from', '2025-11-26', '--to', '2026-11-25');
    expect(negotiations.rows.filter((r: { section: string }) => r.section === 'items').length).toBe(9);
    // a client card with interactions and sales
    const card = JSON.parse(crm(['--db', db, '--as-of', '2026-11-25', 'clients', 'show', 'C001', '--json']).stdout);
    expect(card.last_interactions.length).toBeGreaterThan(0);
    expect(card.sales_12_months.length).toBeGreaterThan(0);
  });

  it('refuses to overwrite an existing database without --force', () => {
    const run = crm(['--db', db, 'demo']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('already exists: pass --force');
  });

  it('importing a fixture again changes nothing', () => {
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'import', 'shipments', path.join(ROOT, 'fixtures', 'shipments-1c.csv')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/documents: 0 inserted, 0 updated, [\d,]+ unchanged; 0 rows rejected/);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('ships a 1C-style fixture: Windows-1251, semicolons, decimal commas', () => {
    const bytes = fs.readFileSync(path.join(ROOT, 'fixtures', 'shipments-1c.csv'));
    expect(detectEncoding(bytes.subarray(0, 65536))).toBe('cp1251');
    expect(sniffDelimiter(bytes.subarray(0, 200).toString('latin1'))).toBe(';');
    expect(bytes.toString('latin1')).toMatch(/;\d+,\d+;/);
  });
});

describe('the CLI shell', () => {
  it('--help lists the commands and exits 0', () => {
    const run = crm(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['init', 'demo', 'import', 'products']) expect(run.stdout).toContain(command);
  });

  it('an unknown command or option is bad usage: exit 2', () => {
    expect(crm(['frobnicate']).code).toBe(2);
    expect(crm(['import', 'clients']).code).toBe(2);
    const run = crm(['import', 'widgets', 'x.csv', '--db', path.join(tempDir(), 'x.db')]);
    expect(run.code).toBe(2);
  });

  it('help topics print the formats and exit codes', () => {
    const formats = crm(['help', 'formats']);
    expect(formats.stdout).toContain('shipments');
    expect(formats.stdout).toContain('shipment_no*');
    expect(crm(['help', 'exit-codes']).stdout).toContain('3  refused');
  });
});
