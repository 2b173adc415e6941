// The bulk path of imports on PostgreSQL (SPEC §8 "Bulk load", src/db/pgBulk.ts): new
// documents go in by COPY in batches, the rest row by row. The same imports on an SQLite
// file (row by row) and on a server (COPY, batches of 7 rows so that documents, orders and
// summary buckets straddle batches) give the same answers and leave the same data: every
// table, the sales summaries, the journal, the operation rows; undo gives the same again.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { crm, loadBase, tempDir, writeFile } from './helpers.js';
import { PG_AVAILABLE, scratchDatabase } from './pgServer.js';

const ENV = { CRM_PG_COPY_BATCH_ROWS: '7' };
const AS_OF = '2026-11-27';

/** Shipments of the base company: O1 is C1's order (several shipments a month, both groups), O2 C2's. */
function shipments(first: number, count: number): string {
  const skus = ['A1', 'A2', 'L1'];
  let text = 'shipment_no,date,client_code,sku,qty,amount,cost,order_no,instructions\n';
  for (let i = first; i < first + count; i++) {
    const client = i % 3 === 0 ? 'C2' : 'C1';
    const order = i % 4 === 3 ? '' : client === 'C1' ? 'O1' : 'O2';
    const date = `2026-0${1 + (i % 3)}-${String(1 + (i % 27)).padStart(2, '0')}`;
    const note = i % 5 === 0 ? '"с\\обратной косой, ""кавычки"",\tтаб\nи строка"' : i % 5 === 1 ? 'у двери' : '';
    for (let l = 0; l <= i % 3; l++) {
      text += `S${i},${date},${client},${skus[(i + l) % 3]},${1 + ((i * 7 + l) % 13)}.5,${100 + i * 3 + l}.25,${i % 2 === 0 ? `${50 + l}.1` : ''},${order},${note}\n`;
    }
  }
  return text;
}

const BOOKKEEPING = new Set(['journal', 'operations', 'sqlite_sequence', '__drizzle_migrations']);

/** Every table of an SQLite file, rows in id order (numbers to 6 places); journal images parsed; operations without times and command lines. */
function dump(file: string): Record<string, unknown> {
  const sqlite = new Database(file, { readonly: true });
  try {
    const out: Record<string, unknown> = {};
    for (const t of sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]) {
      if (BOOKKEEPING.has(t)) continue;
      const columns = (sqlite.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name);
      const order = columns.includes('id') ? 'id' : columns.map((_, i) => i + 1).join(', ');
      const rows = sqlite.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).raw().all();
      out[t] = createHash('sha256').update(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v))).digest('hex').slice(0, 16);
    }
    // an image's lines in id order: json_group_array (json_agg on PostgreSQL) promises no order
    const image = (text: unknown) => {
      if (text === null) return null;
      const parsed = JSON.parse(String(text)) as { children?: Record<string, { id: number }[]> };
      for (const lines of Object.values(parsed.children ?? {})) lines.sort((x, y) => x.id - y.id);
      return parsed;
    };
    // entries of one operation in row order: a range deleted in one statement is journaled in the order the table is scanned
    out.journal = (sqlite.prepare('SELECT op_id, tbl, row_id, action, before, after FROM journal ORDER BY op_id, tbl, row_id, id').all() as Record<string, unknown>[]).map((j) => ({
      ...j,
      before: image(j.before),
      after: image(j.after),
    }));
    out.operations = sqlite.prepare('SELECT id, kind, command, entity, user, inserted, updated, unchanged, rejected, tables, undoes, undone_by FROM operations ORDER BY id').all();
    return out;
  } finally {
    sqlite.close();
  }
}

describe.skipIf(!PG_AVAILABLE)('PostgreSQL: imports by COPY leave what row by row leaves', () => {
  const dir = tempDir();
  let lite = '';
  let pg = '';

  beforeAll(async () => {
    lite = path.join(dir, 'crm.db');
    pg = await scratchDatabase('pgBulk.test');
    for (const db of [lite, pg]) loadBase(db);
  }, 120_000);

  const changed = shipments(1, 40).replace(/^S7,(.*),(\d+)\.25,/m, 'S7,$1,9$2.25,'); // S7's first line: another amount
  // S45 comes in two pieces (its lines apart in the file), a row with an unknown client is rejected
  const second = `${changed}${shipments(41, 20)}S45,2026-03-19,C2,A2,3,33.00,,O2,\nS99,2026-03-01,NOPE,A1,1,1,,,\n`;
  const steps: [string, string[], number][] = [
    ['a first import of new shipments', ['import', 'shipments', writeFile(dir, 's1.csv', shipments(1, 40))], 0],
    ['the same file again: all unchanged', ['import', 'shipments', path.join(dir, 's1.csv')], 0],
    ['a dry run with its change set', ['import', 'shipments', writeFile(dir, 's2.csv', second), '--skip-invalid', '--dry-run', '-v'], 4],
    ['a changed shipment, new ones, one in two pieces, a rejected row', ['import', 'shipments', path.join(dir, 's2.csv'), '--skip-invalid'], 4],
    ['payments (single records)', ['import', 'payments', writeFile(dir, 'p.csv', 'payment_no,date,client_code,amount,order_no\nP1,2026-02-01,C1,100,O1\nP2,2026-02-02,C2,"2 000,50",\nP3,2026-02-03,C1,7,\n')], 0],
    ['orders (documents that are no shipments)', ['import', 'orders', writeFile(dir, 'o.csv', 'order_no,date,client_code,sku,qty,price,status\nO7,2026-03-01,C1,A1,10,95,open\nO7,2026-03-01,C1,A2,5,60,open\nO8,2026-03-02,C2,L1,1,150,open\nO1,2026-01-10,C1,A1,100,96,shipped\n')], 0],
    ['shipments of the new orders', ['import', 'shipments', writeFile(dir, 's3.csv', 'shipment_no,date,client_code,sku,qty,amount,order_no\nT1,2026-03-05,C1,A1,10,950,O7\nT2,2026-03-06,C1,A2,5,300,O7\nT3,2026-03-07,C2,L1,1,150,O8\n')], 0],
    ['history', ['history', '--json'], 0],
    ['the sales report by client', ['report', 'sales', '--by', 'client', '--from', '2026-01', '--to', '2026-12', '--json'], 0],
  ];

  const run = (db: string, args: string[]) => {
    const r = crm(['--as-of', AS_OF, '--db', db, ...args], { env: ENV });
    const clean = (s: string) =>
      s.split(db).join('DB').replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?Z?/g, 'TIME').replace(/\d+(\.\d+)? ?(s|ms)\b/g, 'N s');
    return { code: r.code, stdout: clean(r.stdout), stderr: clean(r.stderr) };
  };

  it.each(steps)('%s: the same answer on both', (_title, args, code) => {
    const a = run(lite, args);
    const b = run(pg, args);
    expect(a.code, a.stderr).toBe(code);
    expect(b.stderr).toBe(a.stderr);
    expect(b.stdout).toBe(a.stdout);
    expect(b.code).toBe(a.code);
  });

  it('new documents go in by COPY: a few round trips per batch, not one per row', () => {
    const stats = path.join(dir, 'stats.json');
    const file = writeFile(dir, 's4.csv', shipments(100, 300)); // 300 shipments, 600 lines
    const r = crm(['--db', pg, 'import', 'shipments', file, '--dry-run'], { env: { CRM_PG_COPY_BATCH_ROWS: '500', CRM_BENCH_STATS: stats } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('300 inserted');
    const { pgRequests } = JSON.parse(fs.readFileSync(stats, 'utf8')) as { pgRequests: number };
    expect(pgRequests).toBeLessThan(100); // row by row: 900 inserts and more
  });

  it('db check: the summaries equal a full scan on both', () => {
    const summaries = (out: string) => out.split('\n').find((l) => l.includes('sales summaries'));
    const a = run(lite, ['db', 'check']);
    const b = run(pg, ['db', 'check']);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(summaries(b.stdout)).toMatch(/^ok\s+sales summaries/);
    expect(summaries(b.stdout)).toBe(summaries(a.stdout));
  });

  const pgDump = () => {
    const file = path.join(tempDir(), 'pg.db');
    const copy = crm(['db', 'copy', pg, file]);
    expect(copy.code, copy.stderr).toBe(0);
    return dump(file);
  };

  it('the same data, summaries, journal and operations on both', () => {
    const a = dump(lite);
    const b = pgDump();
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const key of Object.keys(a)) expect(b[key], key).toEqual(a[key]);
  });

  it('undo of each import, newest first, leaves the same on both', () => {
    const ops = (dump(lite).operations as { id: number; kind: string }[]).filter((o) => o.kind === 'import').map((o) => o.id).reverse();
    for (const op of ops.slice(0, 5)) {
      const a = run(lite, ['undo', String(op)]);
      const b = run(pg, ['undo', String(op)]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.stdout).toBe(a.stdout);
      expect(b.code).toBe(0);
    }
    const a = dump(lite);
    const b = pgDump();
    for (const key of Object.keys(a)) expect(b[key], key).toEqual(a[key]);
    expect(run(pg, ['db', 'check']).stdout).toMatch(/ok\s+sales summaries/);
  });
});
