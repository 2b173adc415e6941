// The loader reads only the newest documents that cover each party's balance; oldest-first
// matching over those must leave exactly what it leaves over all documents.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDb } from '../src/db/connection.js';
import { openDocuments } from '../src/db/balances.js';
import { stockAt } from '../src/db/stock.js';
import { loadPlanningInputs } from '../src/db/planInputs.js';
import { importFile } from '../src/import/importer.js';
import { addDays } from '../src/planning/calendar.js';
import { openItems } from '../src/planning/openItems.js';
import { query, tempDir } from './helpers.js';

const NOW = new Date('2026-11-26T00:00:00Z');

async function load(dir: string, files: Record<string, string>) {
  const dbFile = path.join(dir, 'crm.db');
  const db = openDb(dbFile, 'create');
  try {
    for (const [entity, text] of Object.entries(files)) {
      const file = path.join(dir, `${entity}.csv`);
      fs.writeFileSync(file, text);
      const summary = await importFile(db, { entity, file, user: 't', now: NOW });
      if (summary.problems.length) throw new Error(JSON.stringify(summary.problems));
    }
    return { dbFile, loaded: await loadPlanningInputs(db, { from: '2027-01', months: 1, lookback: 12 }) };
  } finally {
    db.close();
  }
}

const BASE = {
  groups: 'code,name\nG,Группа\n',
  products: 'sku,name,group_code,price,cost\nP,Товар,G,10,5\n',
  clients: 'code,name,deferral_days\nC1,Альфа,30\nC2,Бета,-5\n',
  'plan-sales': 'month,group_code,amount\n2027-01,G,100\n',
};

describe('open receivables from the loader', () => {
  it('equal oldest-first matching over every shipment', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ client: fc.constantFrom('C1', 'C2'), day: fc.integer({ min: 0, max: 400 }), amount: fc.integer({ min: 1, max: 500 }) }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.record({ client: fc.constantFrom('C1', 'C2'), day: fc.integer({ min: 0, max: 420 }), amount: fc.integer({ min: 1, max: 900 }) }), { maxLength: 6 }),
        async (shipments, payments) => {
          const dir = tempDir();
          const date = (day: number) => addDays('2025-12-01', day);
          const { loaded } = await load(dir, {
            ...BASE,
            shipments: `shipment_no,date,client_code,sku,qty,amount\n${shipments.map((s, i) => `S${i},${date(s.day)},${s.client},P,1,${s.amount}`).join('\n')}\n`,
            ...(payments.length ? { payments: `payment_no,date,client_code,amount\n${payments.map((p, i) => `M${i},${date(p.day)},${p.client},${p.amount}`).join('\n')}\n` } : {}),
          });
          // every shipment and payment before 2027-01-01, matched the long way
          const before = (day: number) => date(day) < '2027-01-01';
          const all = shipments
            .map((s, i) => ({ s, i }))
            .filter(({ s }) => before(s.day))
            .sort((a, b) => (date(a.s.day) < date(b.s.day) ? -1 : date(a.s.day) > date(b.s.day) ? 1 : a.i - b.i))
            .map(({ s, i }) => ({ party: s.client, document: `S${i}`, date: date(s.day), amount: s.amount * 100, dueDate: addDays(date(s.day), s.client === 'C1' ? 30 : -5) }));
          const paid = payments.filter((p) => before(p.day)).map((p) => ({ party: p.client, amount: p.amount * 100 }));
          const expected = openItems(all, paid);
          const actual = openItems(loaded.inputs.shipmentsBeforeFrom, loaded.inputs.clientPaidBeforeFrom);
          expect(actual).toEqual(expected);
          fs.rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('open documents at any day (issue 16: read through the summaries and the indexes)', () => {
  it('equal oldest-first matching over every document before the day, receivables and payables', async () => {
    const doc = fc.record({ party: fc.constantFrom(1, 2, 3), day: fc.integer({ min: 0, max: 150 }), amount: fc.integer({ min: 0, max: 500 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(doc, { minLength: 1, maxLength: 15 }),
        fc.array(doc.map((p) => ({ ...p, amount: p.amount + 1 })), { maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 160 }), { minLength: 1, maxLength: 4 }),
        async (documents, payments, days) => {
          const dir = tempDir();
          const date = (day: number) => addDays('2026-10-20', day);
          const dbFile = path.join(dir, 'crm.db');
          const db = openDb(dbFile, 'create');
          try {
            const files: Record<string, string> = {
              ...BASE,
              clients: 'code,name,deferral_days\nC1,Альфа,30\nC2,Бета,-5\nC3,Гамма,0\n',
              suppliers: 'code,name,deferral_days\nS1,Один,10\nS2,Два,0\nS3,Три,45\n',
              shipments: `shipment_no,date,client_code,sku,qty,amount\n${documents.map((d, i) => `T${i},${date(d.day)},C${d.party},P,1,${d.amount}`).join('\n')}\n`,
              receipts: `receipt_no,date,supplier_code,sku,qty,cost\n${documents.map((d, i) => `R${i},${date(d.day)},S${d.party},P,2,${d.amount / 4}`).join('\n')}\n`,
              ...(payments.length
                ? {
                    payments: `payment_no,date,client_code,amount\n${payments.map((p, i) => `M${i},${date(p.day)},C${p.party},${p.amount}`).join('\n')}\n`,
                    'supplier-payments': `payment_no,date,supplier_code,amount\n${payments.map((p, i) => `N${i},${date(p.day)},S${p.party},${p.amount / 2}`).join('\n')}\n`,
                  }
                : {}),
            };
            for (const [entity, text] of Object.entries(files)) {
              const file = path.join(dir, `${entity}.csv`);
              fs.writeFileSync(file, text);
              const summary = await importFile(db, { entity, file, user: 't', now: NOW });
              if (summary.problems.length) throw new Error(JSON.stringify(summary.problems));
            }
            for (const day of days) {
              const until = date(day);
              for (const [side, prefix, amountOf, paidOf, deferral] of [
                ['receivables', 'C', (a: number) => a * 100, (a: number) => a * 100, [30, -5, 0]],
                ['payables', 'S', (a: number) => (a / 4) * 2 * 100, (a: number) => (a / 2) * 100, [10, 0, 45]],
              ] as const) {
                // every document and payment before the day, matched the long way
                const all = documents
                  .map((d, i) => ({ d, i }))
                  .filter(({ d }) => date(d.day) < until)
                  .sort((a, b) => (date(a.d.day) < date(b.d.day) ? -1 : date(a.d.day) > date(b.d.day) ? 1 : a.i - b.i))
                  .map(({ d, i }) => ({ party: `${prefix}${d.party}`, document: `${side === 'receivables' ? 'T' : 'R'}${i}`, date: date(d.day), amount: amountOf(d.amount), dueDate: addDays(date(d.day), deferral[d.party - 1]!) }));
                const paid = payments.filter((p) => date(p.day) < until).map((p) => ({ party: `${prefix}${p.party}`, amount: paidOf(p.amount) }));
                const loaded = await openDocuments(db, side, until);
                expect(openItems(loaded.docs, loaded.paid), `${side} before ${until}`).toEqual(openItems(all, paid));
              }
            }
          } finally {
            db.close();
            fs.rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('stock at a day (issue 16: after the latest count summed per SKU by the database)', () => {
  it('equals count + receipts − shipments after each SKU\'s own last count, counted or not, any day', async () => {
    const move = fc.record({ sku: fc.constantFrom('P', 'Q', 'R'), day: fc.integer({ min: 0, max: 12 }), qty: fc.integer({ min: 1, max: 50 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(move, { maxLength: 10 }),
        fc.array(move, { maxLength: 6 }),
        fc.array(move, { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 14 }), { minLength: 1, maxLength: 3 }),
        async (shipped, received, counted, days) => {
          const dir = tempDir();
          const date = (day: number) => addDays('2026-03-01', day);
          const db = openDb(path.join(dir, 'crm.db'), 'create');
          try {
            const files: Record<string, string> = {
              ...BASE,
              products: 'sku,name,group_code,price,cost\nP,Товар,G,10,5\nQ,Второй,G,10,5\nR,Третий,G,10,5\n',
              suppliers: 'code,name\nS,Поставщик\n',
              ...(shipped.length ? { shipments: `shipment_no,date,client_code,sku,qty,amount\n${shipped.map((m, i) => `T${i},${date(m.day)},C1,${m.sku},${m.qty},1`).join('\n')}\n` } : {}),
              ...(received.length ? { receipts: `receipt_no,date,supplier_code,sku,qty,cost\n${received.map((m, i) => `R${i},${date(m.day)},S,${m.sku},${m.qty},1`).join('\n')}\n` } : {}),
              ...(counted.length ? { stock: `date,sku,qty\n${[...new Map(counted.map((m) => [`${m.day}|${m.sku}`, m])).values()].map((m) => `${date(m.day)},${m.sku},${m.qty}`).join('\n')}\n` } : {}),
            };
            for (const [entity, text] of Object.entries(files)) {
              const file = path.join(dir, `${entity}.csv`);
              fs.writeFileSync(file, text);
              const summary = await importFile(db, { entity, file, user: 't', now: NOW });
              if (summary.problems.length) throw new Error(JSON.stringify(summary.problems));
            }
            for (const d of days) {
              const day = date(d);
              const expected = ['P', 'Q', 'R'].map((sku) => {
                const counts = counted.filter((m) => m.sku === sku && date(m.day) <= day).sort((a, b) => a.day - b.day);
                const last = counts[counts.length - 1];
                const after = (list: typeof shipped) => list.filter((m) => m.sku === sku && date(m.day) <= day && (!last || m.day > last.day)).reduce((n, m) => n + m.qty, 0);
                const countQty = last ? counted.filter((m) => m.sku === sku && m.day === last.day).pop()!.qty : 0;
                return { sku, countDate: last ? date(last.day) : null, countQty, receiptsAfterCount: after(received), shippedAfterCount: after(shipped), qty: countQty + after(received) - after(shipped) };
              });
              expect(await stockAt(db, day), day).toEqual(expected);
            }
          } finally {
            db.close();
            fs.rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('document totals', () => {
  it('shipments.amount and receipts.amount stay Σ of their lines through inserts, updates and split documents', async () => {
    const dir = tempDir();
    const { dbFile } = await load(dir, {
      ...BASE,
      suppliers: 'code,name\nS,Поставщик\n',
      shipments: 'shipment_no,date,client_code,sku,qty,amount\nT1,2026-01-10,C1,P,1,100\nT2,2026-01-11,C2,P,2,50\nT1,2026-01-10,C1,P,3,300\n',
      receipts: 'receipt_no,date,supplier_code,sku,qty,cost\nR1,2026-01-05,S,P,3,2.5\nR1,2026-01-05,S,P,1,4\n',
    });
    const db = openDb(dbFile, 'write');
    const file = path.join(dir, 'again.csv');
    fs.writeFileSync(file, 'shipment_no,date,client_code,sku,qty,amount\nT2,2026-01-11,C2,P,2,70\n');
    await importFile(db, { entity: 'shipments', file, user: 't', now: NOW });
    db.close();
    expect(query(dbFile, 'SELECT shipment_no, amount, (SELECT SUM(amount) FROM shipment_lines WHERE shipment_id = s.id) AS lines FROM shipments s ORDER BY shipment_no')).toEqual([
      { shipment_no: 'T1', amount: 40000, lines: 40000 },
      { shipment_no: 'T2', amount: 7000, lines: 7000 },
    ]);
    // 3 × 2.50 + 1 × 4.00 = 11.50
    expect(query(dbFile, 'SELECT amount FROM receipts')).toEqual([{ amount: 1150 }]);
  });
});
