// SPEC §3 bad-input rules: every bad file is refused with a message naming the row,
// column and value, exit 2, and the database is byte-for-byte what it was.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BAD, baseDb, copyDb, crm, dbFingerprint, writeFile } from './helpers.js';

interface BadCase {
  file: string;
  entity: string;
  /** Every line of stderr that must appear (substrings). */
  messages: string[];
}

const CASES: BadCase[] = [
  { file: 'missing-required-column.csv', entity: 'products', messages: ['row 1, column price', 'required column "price" is missing'] },
  { file: 'text-in-number.csv', entity: 'products', messages: ['text-in-number.csv, row 3, column price "сто рублей": expected an amount of money'] },
  { file: 'zero-qty.csv', entity: 'shipments', messages: ['row 2, column qty "0": expected a number greater than 0'] },
  { file: 'negative-qty.csv', entity: 'shipments', messages: ['row 2, column qty "-3": expected a number greater than 0'] },
  { file: 'percent-over-100.csv', entity: 'clients', messages: ['row 2, column discount_pct "120": expected a number from 0 to 100 %'] },
  { file: 'impossible-date.csv', entity: 'shipments', messages: ['row 2, column date "31.02.2026": expected a real date'] },
  { file: 'unknown-client.csv', entity: 'shipments', messages: ['row 2, column client_code "C999": unknown client code'] },
  { file: 'unknown-sku.csv', entity: 'orders', messages: ['row 2, column sku "NOPE": unknown product code'] },
  { file: 'unknown-group.csv', entity: 'products', messages: ['row 2, column group_code "NOGROUP": unknown group code'] },
  { file: 'same-code-twice.csv', entity: 'clients', messages: ['row 3, column code "C5": appears again with different data (first at row 2)'] },
  {
    file: 'document-header-disagrees.csv',
    entity: 'shipments',
    messages: ['row 3, column client_code "C2": disagrees with row 2 of the same document T1 ("C1")'],
  },
  {
    file: 'duplicate-name.csv',
    entity: 'products',
    messages: ['row 3, column name "провод  пвс 3x1.5": duplicates product B1 "Провод ПВС 3х1,5" at row 2'],
  },
  {
    file: 'duplicate-name-in-db.csv',
    entity: 'products',
    messages: ['row 2, column name "КАБЕЛЬ  ВВГ 3x2,5": duplicates product A1 "Кабель ВВГ 3х2.5" already in the database'],
  },
  { file: 'group-own-ancestor.csv', entity: 'groups', messages: ['column parent_code "X2": the group would be its own ancestor: X1 → X2 → X3 → X1'] },
  { file: 'empty.csv', entity: 'clients', messages: ['empty.csv: the file is empty: expected a header row'] },
  { file: 'not-a-zip.xlsx', entity: 'clients', messages: ['not-a-zip.xlsx: not an .xlsx workbook (the file is not a zip archive)'] },
  { file: 'truncated.csv', entity: 'clients', messages: ['truncated.csv, row 3: a quoted value is not closed: the file looks truncated'] },
  { file: 'short-line.csv', entity: 'shipments', messages: ['row 3: the line has 3 values but the header has 6 columns: a truncated line?'] },
  { file: 'ninety-nine-good-one-bad.csv', entity: 'payments', messages: ['row 52, column amount "минус сто": expected an amount of money'] },
];

describe('bad input is refused whole (SPEC §3)', () => {
  let template: string;
  beforeAll(() => {
    template = baseDb();
  });

  it.each(CASES)('$file', ({ file, entity, messages }) => {
    const { db } = copyDb(template);
    const before = dbFingerprint(db);
    const run = crm(['--db', db, 'import', entity, path.join(BAD, file)]);
    for (const message of messages) expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace for a user error
    expect(run.code).toBe(2);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('lists every problem, not only the first', () => {
    const { dir, db } = copyDb(template);
    const file = writeFile(dir, 'many.csv', 'code,name,discount_pct,deferral_days\nC7,,5,30\nC8,ООО Омега,500,30\nC9,ООО Сигма,5,тридцать\n');
    const run = crm(['--db', db, 'import', 'clients', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('row 2, column name "": required value is empty');
    expect(run.stderr).toContain('row 3, column discount_pct "500": expected a number from 0 to 100 %');
    expect(run.stderr).toContain('row 4, column deferral_days "тридцать": expected a number');
    expect(run.stderr).toContain('3 problems in');
  });
});
