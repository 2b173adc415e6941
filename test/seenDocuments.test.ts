// Issue 16: an import's memory of the documents it has seen must not grow like objects per
// document; older ones live in a flat table. Whatever the table holds, a key that comes back
// is found with its first row, header fingerprint and written flag, and a new key is new.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../src/db/importStore.js';
import { sameHeader, SeenDocuments } from '../src/import/seenDocuments.js';
import { baseDb, crm, dbFingerprint, tempDir, writeFile } from './helpers.js';

describe('the documents an import has seen (issue 16)', () => {
  it('finds every one of 100,000 documents again, old or recent, and no other key', () => {
    const seen = new SeenDocuments();
    const sig = (i: number) => fingerprint(`header ${i}`);
    for (let i = 0; i < 100_000; i++) seen.set(`R${i}`, { firstRow: i + 2, badRows: i === 7 ? [9] : [], headerSig: sig(i), written: i % 3 === 0, bad: i === 7 });
    expect(seen.size).toBe(100_000);
    for (const i of [0, 1, 7, 5000, 49_999, 80_000, 99_999]) {
      const state = seen.get(`R${i}`)!;
      expect(state.firstRow).toBe(i + 2);
      expect(sameHeader(state.headerSig, sig(i))).toBe(true);
      expect(sameHeader(state.headerSig, sig(i + 1))).toBe(false);
      expect(state.written).toBe(i % 3 === 0);
      expect(state.bad).toBe(i === 7);
      expect(state.badRows).toEqual(i === 7 ? [9] : []);
    }
    // a document found again is an object again: what is changed on it stays
    seen.get('R5')!.written = true;
    for (let i = 100_000; i < 140_000; i++) seen.set(`R${i}`, { firstRow: i + 2, badRows: [], headerSig: sig(i), written: false, bad: false });
    expect(seen.get('R5')!.written).toBe(true);
    for (const key of ['R100000000', 'X1', '', 'R-1']) expect(seen.get(key)).toBeUndefined();
  });

  it('a document that comes back 30,000 documents later with other header fields is refused; with the same, its lines are added', () => {
    const dir = tempDir();
    const db = baseDb();
    const rows = ['shipment_no,date,client_code,sku,qty,amount'];
    for (let i = 0; i < 30_000; i++) rows.push(`N${i},2026-01-${String(1 + (i % 28)).padStart(2, '0')},C1,A1,1,10`);
    const before = dbFingerprint(db);
    const bad = crm(['--db', db, 'import', 'shipments', writeFile(dir, 'bad.csv', `${[...rows, 'N3,2026-01-04,C2,A1,1,10'].join('\n')}\n`)]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('document N3 appears again with other header fields (first at row 5)');
    expect(dbFingerprint(db)).toBe(before);
    const good = crm(['--db', db, 'import', 'shipments', writeFile(dir, 'good.csv', `${[...rows, 'N3,2026-01-04,C1,A2,2,20'].join('\n')}\n`)]);
    expect(good.code).toBe(0);
    const raw = new Database(db, { readonly: true });
    const lines = raw.prepare("SELECT COUNT(*) FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id WHERE s.shipment_no = 'N3'").pluck().get();
    raw.close();
    expect(lines).toBe(2);
  });
});
