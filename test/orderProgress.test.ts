// Orders follow their documents (issue 10): status, actual ship and payment dates come from
// the shipments that reference the order and the client's payments, oldest first (SPEC §2).
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderProgress, paidInFullDates } from '../src/planning/orderProgress.js';
import { crm, tempDir, writeFile } from './helpers.js';

describe('paid in full, oldest first', () => {
  it('settles the oldest shipment first; an advance settles a later shipment on its own day', () => {
    // S1 Jan 10 for 100, S2 Jan 12 for 50; paid 60 on Jan 5 (advance), 60 on Jan 20, 30 on Jan 25
    // S1: 60 (Jan 5) + 40 (Jan 20) → paid in full Jan 20; S2: 20 (Jan 20) + 30 (Jan 25) → Jan 25
    const paid = paidInFullDates(
      [{ id: 'S2', date: '2026-01-12', amount: 50 }, { id: 'S1', date: '2026-01-10', amount: 100 }],
      [{ date: '2026-01-20', amount: 60 }, { date: '2026-01-05', amount: 60 }, { date: '2026-01-25', amount: 30 }],
    );
    expect([...paid]).toEqual([['S1', '2026-01-20'], ['S2', '2026-01-25']]);
    // a 200 advance pays both on their own days
    expect([...paidInFullDates([{ id: 'S1', date: '2026-01-10', amount: 100 }, { id: 'S2', date: '2026-01-12', amount: 50 }], [{ date: '2026-01-01', amount: 200 }])]).toEqual([
      ['S1', '2026-01-10'],
      ['S2', '2026-01-12'],
    ]);
  });

  it('a shipment counts as paid exactly when the payments reach the shipments up to it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.integer({ min: 1, max: 28 }), amount: fc.integer({ min: 1, max: 500 }) }), { maxLength: 8 }),
        fc.array(fc.record({ day: fc.integer({ min: 1, max: 28 }), amount: fc.integer({ min: 1, max: 500 }) }), { maxLength: 8 }),
        (ships, pays) => {
          const iso = (d: number) => `2026-01-${String(d).padStart(2, '0')}`;
          const shipments = ships.map((s, i) => ({ id: `S${i}`, date: iso(s.day), amount: s.amount }));
          const paid = paidInFullDates(shipments, pays.map((p) => ({ date: iso(p.day), amount: p.amount })));
          const total = pays.reduce((s, p) => s + p.amount, 0);
          const sorted = [...shipments].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
          let cumulative = 0;
          return sorted.every((s) => {
            cumulative += s.amount;
            const day = paid.get(s.id);
            if (cumulative > total) return day === undefined;
            // paid no earlier than the shipment, on a day when the payments so far cover it
            const paidBy = pays.filter((p) => iso(p.day) <= day!).reduce((x, p) => x + p.amount, 0);
            return day !== undefined && day >= s.date && paidBy >= cumulative;
          });
        },
      ),
    );
  });
});

describe('order status from the documents', () => {
  const base = { status: 'confirmed', actualShipDate: null, actualPaymentDate: null, ordered: new Map([['A', 10], ['B', 5]]) };

  it('confirmed → partly shipped → shipped → paid', () => {
    expect(orderProgress({ ...base, shipments: [] })).toMatchObject({ status: 'confirmed', actualShipDate: null });
    const part = { id: 'T1', date: '2026-01-10', lines: [{ sku: 'A', qty: 10 }], paidOn: '2026-01-15' };
    expect(orderProgress({ ...base, shipments: [part] })).toMatchObject({ status: 'partly_shipped', actualShipDate: null, actualPaymentDate: null });
    const rest = { id: 'T2', date: '2026-01-12', lines: [{ sku: 'B', qty: 5 }], paidOn: null };
    expect(orderProgress({ ...base, shipments: [part, rest] })).toMatchObject({ status: 'shipped', actualShipDate: '2026-01-12', actualPaymentDate: null });
    expect(orderProgress({ ...base, shipments: [part, { ...rest, paidOn: '2026-01-20' }] })).toMatchObject({
      status: 'paid', actualShipDate: '2026-01-12', actualPaymentDate: '2026-01-20', disagrees: [],
    });
  });

  it('imported actual dates that the documents contradict are named; refused orders and orders without documents keep what was imported', () => {
    const done = { id: 'T1', date: '2026-01-10', lines: [{ sku: 'A', qty: 10 }, { sku: 'B', qty: 5 }], paidOn: null };
    expect(orderProgress({ ...base, actualShipDate: '2026-01-08', shipments: [done] }).disagrees).toEqual(['actual_ship_date']);
    expect(orderProgress({ ...base, status: 'refused', shipments: [done] }).status).toBe('refused');
    expect(orderProgress({ ...base, status: 'shipped', actualShipDate: '2025-12-01', shipments: [] })).toMatchObject({ status: 'shipped', actualShipDate: '2025-12-01' });
  });
});

describe('the delays report before and after a shipment and a payment', () => {
  it('a late order is late until shipped, then late by the days it took; the payment likewise', () => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    const imp = (entity: string, text: string) => {
      const run = crm(['--db', db, 'import', entity, writeFile(dir, `${entity}-${Math.random()}.csv`, text)]);
      expect(run.code, run.stderr).toBe(0);
    };
    expect(crm(['--db', db, 'init']).code).toBe(0);
    imp('groups', 'code,name\nG,Товары\n');
    imp('products', 'sku,name,group_code,price,cost\nA,Товар,G,100,60\n');
    imp('clients', 'code,name\nK,Клиент\n');
    // ordered Jan 5, to ship Jan 6 and be paid Jan 15; imported as plain "confirmed"
    imp('orders', 'order_no,date,client_code,sku,qty,price,planned_ship_date,planned_payment_date\nO1,2026-01-05,K,A,10,100,2026-01-06,2026-01-15\n');
    const delays = () => {
      const run = crm(['--db', db, '--as-of', '2026-01-31', 'report', 'delays', '--json']);
      expect(run.code, run.stderr).toBe(0);
      return (JSON.parse(run.stdout).rows as Record<string, unknown>[]).map((r) => [r.what, r.status, r.actual, r.days_late]);
    };
    // as of Jan 31: not shipped, 25 days past Jan 6; not paid, 16 days past Jan 15
    expect(delays()).toEqual([['shipment', 'confirmed', null, 25], ['payment', 'confirmed', null, 16]]);
    imp('shipments', 'shipment_no,date,client_code,sku,qty,amount,order_no\nT1,2026-01-08,K,A,10,1000,O1\n');
    // shipped Jan 8: 2 days late, done; the payment is still outstanding
    expect(delays()).toEqual([['shipment', 'shipped', '2026-01-08', 2], ['payment', 'shipped', null, 16]]);
    imp('payments', 'payment_no,date,client_code,amount\nP1,2026-01-20,K,1000\n');
    // paid in full Jan 20 (the payment names no order: it settles the oldest shipment): 5 days late
    expect(delays()).toEqual([['shipment', 'paid', '2026-01-08', 2], ['payment', 'paid', '2026-01-20', 5]]);
    // a file that says otherwise about an actual date gets a warning; the documents still decide
    const again = crm(['--db', db, 'import', 'orders', writeFile(dir, 'o2.csv', 'order_no,date,client_code,sku,qty,price,planned_ship_date,planned_payment_date,actual_ship_date\nO1,2026-01-05,K,A,10,100,2026-01-06,2026-01-15,2026-01-07\n')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('warning: order O1: actual_ship_date as imported differs from its shipments (2026-01-08); reports follow the documents');
    expect(delays()).toEqual([['shipment', 'paid', '2026-01-08', 2], ['payment', 'paid', '2026-01-20', 5]]);
  });
});
