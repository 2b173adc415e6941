// Files above WORKER_MIN_BYTES are parsed in a worker thread: the same rules must hold
// there (every problem with its row, nothing written, errors from the worker as messages).
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKER_MIN_BYTES } from '../src/import/rowSource.js';
import { baseDb, copyDb, crm, dbFingerprint, query } from './helpers.js';

let template: string;
beforeAll(() => {
  template = baseDb();
});

function bigPayments(dir: string, rows: number, edit: (lines: string[]) => void = () => {}): string {
  const lines = ['payment_no,date,client_code,amount'];
  for (let i = 1; i <= rows; i++) lines.push(`P${String(i).padStart(7, '0')},2026-0${1 + (i % 9)}-1${i % 10},C${1 + (i % 2)},${1 + (i % 1000)}.${String(i % 100).padStart(2, '0')}`);
  edit(lines);
  const file = path.join(dir, 'payments.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  expect(fs.statSync(file).size).toBeGreaterThan(WORKER_MIN_BYTES);
  return file;
}

describe('big files (worker thread)', () => {
  it('imports 40,000 payments, and the same file again changes nothing', () => {
    const { dir, db } = copyDb(template);
    const file = bigPayments(dir, 40_000);
    const run = crm(['--db', db, 'import', 'payments', file]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('payments: 40,000 rows; records: 40,000 inserted');
    expect(query(db, 'SELECT COUNT(*) n, SUM(amount) total FROM client_payments')).toEqual([
      // Σ over i of (1 + i mod 1000) rubles + (i mod 100) kopecks
      {
        n: 40_000,
        total: Array.from({ length: 40_000 }, (_, k) => (1 + ((k + 1) % 1000)) * 100 + ((k + 1) % 100)).reduce((a, b) => a + b, 0),
      },
    ]);
    const before = dbFingerprint(db);
    expect(crm(['--db', db, 'import', 'payments', file]).stdout).toContain('0 inserted, 0 updated, 40,000 unchanged');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('reports bad rows deep in a big file with their row numbers and writes nothing', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const file = bigPayments(dir, 40_000, (lines) => {
      lines[25_000] = 'PX1,2026-02-30,C1,10';
      lines[39_999] = 'PX2,2026-02-03,C77,10';
    });
    const run = crm(['--db', db, 'import', 'payments', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('payments.csv, row 25001, column date "2026-02-30": expected a real date');
    expect(run.stderr).toContain('payments.csv, row 40000, column client_code "C77": unknown client code');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('a missing column or a truncated big file is reported from the worker', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const noAmount = bigPayments(dir, 40_000, (lines) => {
      lines[0] = 'payment_no,date,client_code,sum_of_money';
    });
    const missing = crm(['--db', db, 'import', 'payments', noAmount]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('required column "amount" is missing');
    const truncated = bigPayments(dir, 40_000, (lines) => {
      lines.push('P9999999,2026-01-01,C1,"12');
    });
    const run = crm(['--db', db, 'import', 'payments', truncated]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('row 40002: a quoted value is not closed');
    expect(dbFingerprint(db)).toBe(before);
  });
});
