// Issue 16: the shortcuts that make a 20,000-SKU plan run fast must give what the plain way
// gives: the per-group SKU lookup of demand rows, the month buckets of supplier payments, the
// calendar's remembered days, and the seen-documents table's parts through many grows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../src/db/importStore.js';
import { SeenDocuments } from '../src/import/seenDocuments.js';
import { addDays, dayNumber, isoOfDay } from '../src/planning/calendar.js';
import { DemandRowLookup } from '../src/planning/demand.js';
import { byMonthThenSku } from '../src/planning/supplierPayments.js';
import type { PurchaseRow } from '../src/planning/types.js';

const sku = fc.constantFrom('P1', 'P2', 'P3', 'P10', 'Q');
const month = fc.constantFrom('2027-01', '2027-02', '2027-03');

describe('plan run shortcuts (issue 16)', () => {
  it('DemandRowLookup gives lookup(sku) for any order of rows, whatever came before', () => {
    const row = fc.record({ sku, month, group: fc.constantFrom('G1', 'G2') });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const lookup = new DemandRowLookup((s: string) => `value of ${s}`);
        for (const r of rows) expect(lookup.get(r)).toBe(`value of ${r.sku}`);
      }),
    );
  });

  it('byMonthThenSku is the stable sort by receipt month, then SKU (ties keep their order)', () => {
    const purchase = fc.record({ sku, receiptMonth: month, qty: fc.integer({ min: 1, max: 9 }) });
    fc.assert(
      fc.property(fc.array(purchase, { maxLength: 40 }), (list) => {
        const rows = list.map((p, i) => ({ ...p, supplier: 'S', orderDate: '2027-01-01', amount: i, late: false }) as PurchaseRow);
        const stable = [...rows].sort((a, b) => (a.receiptMonth < b.receiptMonth ? -1 : a.receiptMonth > b.receiptMonth ? 1 : a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
        expect(byMonthThenSku(rows)).toEqual(stable);
      }),
    );
  });

  it('the calendar gives the same days the second time (remembered) as the first', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), fc.integer({ min: -400, max: 400 }), (day, days) => {
        const iso = isoOfDay(day);
        expect(isoOfDay(day)).toBe(iso);
        expect(dayNumber(iso)).toBe(day);
        expect(dayNumber(iso)).toBe(day);
        expect(addDays(iso, days)).toBe(isoOfDay(day + days));
        expect(new Date(`${iso}T00:00:00Z`).getTime() / 86_400_000).toBe(day);
      }),
    );
  });

  it('the seen-documents table finds each of 400,000 documents through many grows of its parts', () => {
    const seen = new SeenDocuments();
    for (let i = 0; i < 400_000; i++) seen.set(`D${i}`, { firstRow: i + 2, badRows: [], headerSig: fingerprint(`h${i}`), written: i % 2 === 0, bad: false });
    expect(seen.size).toBe(400_000);
    for (let i = 0; i < 400_000; i += 997) {
      const state = seen.get(`D${i}`)!;
      expect(state.firstRow).toBe(i + 2);
      expect(state.written).toBe(i % 2 === 0);
    }
    for (const key of ['D400000', 'D-1', 'E1']) expect(seen.get(key)).toBeUndefined();
  });
});
