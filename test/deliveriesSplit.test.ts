// The deliveries report by carrier splits a shipment two carriers delivered between them; its
// revenue and margin in whole kopecks by largest remainder, so the rows add up to the totals
// exactly (trial finding: 14 683,21 halved half-up on both rows gave a kopeck more than the total).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeliveredShipment } from '../src/db/moneyQueries.js';
import { deliveriesTable } from '../src/reports/deliveries.js';

const shipment = (no: number, amount: number, cost: number, deliveries: DeliveredShipment['deliveries']): DeliveredShipment => ({
  shipmentNo: `S${no}`, date: '2026-10-29', client: 'C1', clientName: 'Клиент', manager: null, amount, cost, deliveries,
});

describe('deliveries by carrier', () => {
  it('by hand: two free deliveries of one shipment halve its margin 1 468 321 kopecks as 734 161 + 734 160', () => {
    const table = deliveriesTable([shipment(1, 3000000, 1531679, [{ carrier: null, cost: 0 }, { carrier: 'ПЭК', cost: 0 }])], 'carrier', new Map());
    expect(table.rows.map((r) => r.margin)).toEqual([734161, 734160]);
    expect(table.totals!.margin).toBe(1468321);
  });

  it('property: rows add up to the totals exactly, every amount in whole kopecks', () => {
    const arbDelivery = fc.record({ carrier: fc.constantFrom(null, 'ПЭК', 'Деловые линии', 'КИТ'), cost: fc.integer({ min: 0, max: 50000 }) });
    const arbShipment = fc.record({ amount: fc.integer({ min: 0, max: 5_000_000 }), cost: fc.integer({ min: 0, max: 6_000_000 }), deliveries: fc.array(arbDelivery, { minLength: 1, maxLength: 4 }) });
    fc.assert(
      fc.property(fc.array(arbShipment, { minLength: 1, maxLength: 8 }), (list) => {
        const table = deliveriesTable(list.map((s, i) => shipment(i, s.amount, s.cost, s.deliveries)), 'carrier', new Map());
        for (const key of ['revenue', 'margin', 'delivery_cost', 'margin_after_delivery'] as const) {
          const rows = table.rows.map((r) => r[key] as number);
          for (const v of rows) expect(Number.isInteger(v)).toBe(true);
          expect(rows.reduce((a, b) => a + b, 0)).toBe(table.totals![key]);
        }
      }),
    );
  });
});
