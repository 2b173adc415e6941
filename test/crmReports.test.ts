// SPEC §9 reports on small companies whose every number is worked out on paper in the
// comments (funnel, claims, interactions --silent-days, negotiations), and property tests of
// the funnel on random event histories.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeFunnel } from '../src/reports/funnel.js';
import type { StageInfo } from '../src/model/dealMoves.js';
import { companyDb, crm } from './helpers.js';

const json = (db: string, ...args: string[]) => {
  const run = crm(['--db', db, 'report', ...args, '--format', 'json']);
  if (run.code !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
};

const BASE: [string, string][] = [
  ['managers', 'code,name\nM1,Анна\nM2,Борис\n'],
  ['groups', 'code,name\nG,Товары\n'],
  ['suppliers', 'code,name\nS1,Первый\nS2,Второй\n'],
  ['products', 'sku,name,group_code,price,cost,supplier_code\nP1,Кабель,G,100,60,S1\nP2,Лампа,G,100,60,S2\n'],
  ['clients', 'code,name,manager_code\nX,Икс,M1\nY,Игрек,M2\nZ,Зет,M2\n'],
  ['reasons', 'code,name\nR1,Дорого\nR2,Сроки\n'],
];

describe('funnel, on paper', () => {
  let db: string;
  beforeAll(() => {
    db = companyDb([
      ...BASE,
      [
        'stages',
        'channel,stage,position,outcome\n' +
          'direct,lead,1,open\ndirect,offer,2,open\ndirect,contract,3,open\ndirect,won,,won\ndirect,lost,,lost\n' +
          'dealers,ask,1,open\ndealers,terms,2,open\ndealers,deal,,won\ndealers,refuse,,lost\n',
      ],
      [
        'deals',
        'deal_no,date,client_code,channel,manager_code,amount\n' +
          'D1,2026-01-01,X,direct,M1,100\n' + // lead → offer → contract → won
          'D2,2026-01-05,X,direct,M1,200\n' + // lead → contract (skips offer) → lost R1
          'D3,2026-01-10,Y,direct,M2,300\n' + // lead → offer → lead (back) → contract → offer (back), open at --to
          'D4,2026-03-01,Y,direct,M2,400\n' + // no moves: in lead at --to
          'D5,2026-03-20,Z,direct,M2,500\n' + // its move of April 5 is after --to: in lead at --to
          'D6,2025-12-20,Z,direct,M2,600\n' + // created before --from: not in the funnel
          'E1,2026-02-01,X,dealers,M1,1000\n', // ask → terms → deal (won)
      ],
      [
        'deal-stages',
        'deal_no,date,stage,reason\n' +
          'D1,2026-01-11,offer,\nD1,2026-01-21,contract,\nD1,2026-02-01,won,\n' +
          'D2,2026-01-15,contract,\nD2,2026-02-04,lost,R1\n' +
          'D3,2026-01-20,offer,\nD3,2026-01-25,lead,R1\nD3,2026-02-04,contract,\nD3,2026-02-14,offer,R2\n' +
          'D5,2026-04-05,offer,\nD6,2026-01-02,offer,\n' +
          'E1,2026-02-11,terms,\nE1,2026-02-21,deal,\n',
      ],
    ]);
  });

  it('counts reached, current, amounts, conversions, days and backward moves of every open stage', () => {
    const r = json(db, 'funnel', '--from', '2026-01-01', '--to', '2026-03-31');
    expect(r.rows).toEqual([
      // dealers: E1 alone. ask 02-01 → 02-11 (10 d), terms 02-11 → 02-21 (10 d), won
      { channel: 'dealers', stage: 'ask', position: 1, reached: 1, current: 0, amount: 0, conversion_next_pct: 100, avg_days: 10, backward_out: 0 },
      // terms is the last open stage: conversion = won 1 / reached 1
      { channel: 'dealers', stage: 'terms', position: 2, reached: 1, current: 0, amount: 0, conversion_next_pct: 100, avg_days: 10, backward_out: 0 },
      // direct: D1–D5 (D6 is older). Highest open position: D1 3 (and won), D2 3, D3 3, D4 1, D5 1
      // lead: reached 5; current D4 + D5 = 400 + 500; → offer 3 / 5 = 60 %
      //   finished visits: D1 01-01→01-11 10, D2 01-05→01-15 10, D3 01-10→01-20 10, D3 01-25→02-04 10 → 40 / 4 = 10
      { channel: 'direct', stage: 'lead', position: 1, reached: 5, current: 2, amount: 900, conversion_next_pct: 60, avg_days: 10, backward_out: 0 },
      // offer: reached D1, D2 (skipped it, but got higher), D3 = 3; current D3 (300); → contract 3 / 3
      //   finished visits: D1 01-11→01-21 10, D3 01-20→01-25 5 (its second visit is open) → 15 / 2 = 7.5
      //   backward out: D3 offer → lead
      { channel: 'direct', stage: 'offer', position: 2, reached: 3, current: 1, amount: 300, conversion_next_pct: 100, avg_days: 7.5, backward_out: 1 },
      // contract: reached 3; current none; last open stage: won 1 / 3
      //   visits: D1 01-21→02-01 11, D2 01-15→02-04 20, D3 02-04→02-14 10 → 41 / 3; backward out: D3 contract → offer
      { channel: 'direct', stage: 'contract', position: 3, reached: 3, current: 0, amount: 0, conversion_next_pct: 100 / 3, avg_days: 41 / 3, backward_out: 1 },
    ]);
    // deals 6 (5 direct + 1 dealers), won D1 and E1, lost D2 (R1)
    expect(r.totals).toMatchObject({ deals: 6, won: 2, lost: 1, won_pct: 100 / 3, current: 3, amount: 1200, backward_out: 2 });
    expect(r.totals.lost_by_reason).toEqual({ R1: 1 });
    // each backward event counted once: D3 offer → lead and contract → offer
    expect(r.totals.backward_moves).toEqual([
      { channel: 'direct', from: 'offer', to: 'lead', count: 1 },
      { channel: 'direct', from: 'contract', to: 'offer', count: 1 },
    ]);
    expect(r.totals.by_channel).toEqual([
      { channel: 'dealers', deals: 1, won: 1, lost: 0, won_pct: 100 },
      { channel: 'direct', deals: 5, won: 1, lost: 1, won_pct: 20 },
    ]);
  });

  it('ignores the events after --to: at 2026-02-10 D3 is in contract, D2 not yet lost', () => {
    const r = json(db, 'funnel', '--from', '2026-01-01', '--to', '2026-02-10', '--channel', 'direct');
    // D1, D2, D3 (D4, D5 are later). D1 won 02-01; D2 lost 02-04 (within); D3 in contract since 02-04
    expect(r.rows.map((x: { stage: string; current: number; reached: number }) => [x.stage, x.reached, x.current])).toEqual([
      ['lead', 3, 0],
      ['offer', 3, 0],
      ['contract', 3, 1],
    ]);
    expect(r.totals).toMatchObject({ deals: 3, won: 1, lost: 1 });
    // the D3 move back of 02-14 is after --to
    expect(r.totals.backward_moves).toEqual([{ channel: 'direct', from: 'offer', to: 'lead', count: 1 }]);
  });

  it('--manager keeps that manager\'s deals only', () => {
    const r = json(db, 'funnel', '--from', '2026-01-01', '--to', '2026-03-31', '--manager', 'M1', '--channel', 'direct');
    expect(r.totals).toMatchObject({ deals: 2, won: 1, lost: 1 }); // D1, D2
  });
});

describe('claims, on paper', () => {
  let db: string;
  beforeAll(() => {
    db = companyDb([
      ...BASE,
      ['shipments', 'shipment_no,date,client_code,sku,qty,amount\nS1,2026-01-05,X,P1,100,10000\nS2,2026-01-06,X,P2,50,5000\nS3,2026-01-07,Y,P1,100,10000\nS4,2025-12-01,Y,P2,500,50000\n'],
      ['claim-causes', 'code,name\nDEF,Брак\nSHORT,Недовложение\nDOCS,Документы\n'],
      [
        'claims',
        'claim_no,date,client_code,cause_code,status,shipment_no,sku,qty,amount,result,resolved_date,recovered_amount\n' +
          'K1,2026-01-10,X,DEF,resolved,S1,P1,10,1000,replacement,2026-01-20,600\n' + // 10 days
          'K2,2026-01-15,Y,DEF,resolved,S3,P1,5,500,refund,2026-02-14,\n' + // 30 days
          'K3,2026-02-01,X,SHORT,new,S2,P2,2,200,,,\n' +
          'K4,2026-02-10,X,SHORT,rejected,S2,P2,1,100,rejected,2026-02-12,\n' + // rejected: not in the days to resolve
          'K5,2026-03-01,Y,DOCS,in_work,,,,300,,,\n' +
          'K6,2026-04-02,Y,DEF,new,S3,P1,1,100,,,\n', // after --to
      ],
    ]);
  });

  it('by cause: count, qty, amount, recovered, net cost, open and the average days to resolve', () => {
    const r = json(db, 'claims', '--from', '2026-01-01', '--to', '2026-03-31', '--by', 'cause');
    expect(r.rows).toEqual([
      // DEF: K1 + K2: qty 15, 1500, recovered 600, net 900, none open, (10 + 30) / 2 = 20 days
      { cause: 'DEF', name: 'Брак', claims: 2, qty: 15, amount: 1500, recovered: 600, net_cost: 900, open: 0, avg_days_to_resolve: 20 },
      // SHORT: K3 (open) + K4 (rejected): qty 3, 300
      { cause: 'SHORT', name: 'Недовложение', claims: 2, qty: 3, amount: 300, recovered: 0, net_cost: 300, open: 1, avg_days_to_resolve: null },
      { cause: 'DOCS', name: 'Документы', claims: 1, qty: 0, amount: 300, recovered: 0, net_cost: 300, open: 1, avg_days_to_resolve: null },
    ]);
    // recovered 600 of 2100 claimed = 28.57 %
    expect(r.totals).toMatchObject({ claims: 5, qty: 18, amount: 2100, recovered: 600, net_cost: 1500, open: 2, avg_days_to_resolve: 20, recovered_pct: (600 * 100) / 2100 });
  });

  it('a claim resolved after --to is open at --to', () => {
    // at 2026-02-01 K2 (resolved 02-14) is still open, K1 resolved (10 days)
    const r = json(db, 'claims', '--from', '2026-01-01', '--to', '2026-02-01', '--by', 'cause');
    expect(r.rows[0]).toMatchObject({ cause: 'DEF', claims: 2, open: 1, avg_days_to_resolve: 10 });
  });

  it('by product and supplier: the claim rate against the quantity shipped in the period', () => {
    const byProduct = json(db, 'claims', '--from', '2026-01-01', '--to', '2026-03-31', '--by', 'product');
    const rate = (rows: Record<string, unknown>[], key: string, value: string) => rows.find((x) => x[key] === value);
    // P1: claimed 15 of 200 shipped in Jan–Mar (S1 + S3) = 7.5 %; P2: 3 of 50 (S4 is December) = 6 %
    expect(rate(byProduct.rows, 'sku', 'P1')).toMatchObject({ claims: 2, qty: 15, shipped_qty: 200, claim_rate_pct: 7.5 });
    expect(rate(byProduct.rows, 'sku', 'P2')).toMatchObject({ claims: 2, qty: 3, shipped_qty: 50, claim_rate_pct: 6 });
    const bySupplier = json(db, 'claims', '--from', '2026-01-01', '--to', '2026-03-31', '--by', 'supplier');
    expect(rate(bySupplier.rows, 'supplier', 'S1')).toMatchObject({ claims: 2, shipped_qty: 200, claim_rate_pct: 7.5, recovered: 600, net_cost: 900 });
    expect(rate(bySupplier.rows, 'supplier', 'S2')).toMatchObject({ claims: 2, shipped_qty: 50, claim_rate_pct: 6 });
  });
});

describe('interactions, on paper', () => {
  let db: string;
  beforeAll(() => {
    db = companyDb([
      ...BASE,
      [
        'interactions',
        'date,client_code,kind,direction,manager_code,subject\n' +
          '2026-03-01 10:00,X,звонок,in,M1,цены\n' + // X: last contact 30 days before 03-31
          '2026-03-02,Y,email,out,M2,сверка\n' + // Y: 29 days before
          '2026-02-01,Y,визит,out,M2,знакомство\n',
      ],
    ]);
  });

  it('--silent-days N: a client last in touch exactly N days before --to is silent, N − 1 days is not; never in touch is silent', () => {
    const r = json(db, 'interactions', '--to', '2026-03-31', '--silent-days', '30');
    // Z never: first (days_silent null); X exactly 30 days; Y 29 days → not silent
    expect(r.rows.map((x: { client: string; days_silent: number | null }) => [x.client, x.days_silent])).toEqual([
      ['Z', null],
      ['X', 30],
    ]);
    expect(r.totals).toMatchObject({ clients: 2, share_pct: (2 * 100) / 3 });
    const r29 = json(db, 'interactions', '--to', '2026-03-30', '--silent-days', '30');
    expect(r29.rows.map((x: { client: string }) => x.client)).toEqual(['Z']); // X is 29 days silent on 03-30
  });

  it('by kind and by manager: counts, in and out, distinct clients', () => {
    const r = json(db, 'interactions', '--from', '2026-01-01', '--to', '2026-03-31', '--by', 'manager');
    expect(r.rows).toEqual([
      { manager: 'M2', name: 'Борис', interactions: 2, inbound: 0, outbound: 2, clients: 1, last_date: '2026-03-02' },
      { manager: 'M1', name: 'Анна', interactions: 1, inbound: 1, outbound: 0, clients: 1, last_date: '2026-03-01 10:00' },
    ]);
    expect(r.totals).toMatchObject({ interactions: 3, inbound: 1, outbound: 2, clients: 2 });
  });
});

describe('negotiations, on paper', () => {
  let db: string;
  beforeAll(() => {
    db = companyDb([
      ...BASE,
      ['negotiation-templates', 'template_code,position,item\nT,1,price\nT,2,terms\nT,3,volume\n'],
      [
        'negotiations',
        'negotiation_no,date,client_code,template_code,manager_code,result\n' +
          'N1,2026-02-01,X,T,M1,agreed\nN2,2026-02-02,Y,T,M2,refused\nN3,2026-02-03,Z,T,M2,agreed\nN4,2026-02-04,X,T,M1,\n',
      ],
      [
        'negotiation-items',
        'negotiation_no,item,outcome\n' +
          'N1,price,yes\nN1,terms,yes\nN1,volume,partly\n' +
          'N2,price,no\nN2,terms,yes\n' + // volume not discussed: not a no
          'N3,price,yes\nN3,terms,no\nN3,volume,no\n',
      ],
    ]);
  });

  it('result shares, and per item the share of yes among the negotiations that answered it', () => {
    const r = json(db, 'negotiations', '--from', '2026-01-01', '--to', '2026-03-31', '--by', 'template');
    const results = r.rows.filter((x: { section: string }) => x.section === 'results');
    // 4 negotiations: agreed 2 (50 %), refused 1 (25 %), no result 1
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ section: 'results', template: 'T', negotiations: 4, agreed: 2, postponed: 0, refused: 1, no_result: 1, agreed_pct: 50, postponed_pct: 0, refused_pct: 25 });
    const items = r.rows.filter((x: { section: string }) => x.section === 'items').map((x: Record<string, unknown>) => [x.item, x.answered, x.yes, x.partly, x.no, x.yes_pct]);
    expect(items).toEqual([
      ['price', 3, 2, 0, 1, (2 * 100) / 3], // N1 yes, N2 no, N3 yes
      ['terms', 3, 2, 0, 1, (2 * 100) / 3], // N1 yes, N2 yes, N3 no
      ['volume', 2, 0, 1, 1, 0], // N1 partly, N3 no; N2 left it out
    ]);
  });
});

// ── properties of the funnel on random histories ──

const STAGES: StageInfo[] = [
  { id: 1, channel: 'c', stage: 's1', position: 1, outcome: 'open' },
  { id: 2, channel: 'c', stage: 's2', position: 2, outcome: 'open' },
  { id: 3, channel: 'c', stage: 's3', position: 3, outcome: 'open' },
  { id: 4, channel: 'c', stage: 's4', position: 4, outcome: 'open' },
  { id: 5, channel: 'c', stage: 'won', position: null, outcome: 'won' },
  { id: 6, channel: 'c', stage: 'lost', position: null, outcome: 'lost' },
];

/** Deals with stage events on distinct days after the deal's date. */
const history = fc.array(
  fc.record({ start: fc.integer({ min: 1, max: 28 }), moves: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 20 }), stage: fc.integer({ min: 1, max: 6 }) }), { maxLength: 8 }), amount: fc.integer({ min: 0, max: 1_000_000 }) }),
  { maxLength: 30 },
);

const day = (n: number) => new Date(Date.UTC(2026, 0, n)).toISOString().slice(0, 10);

function build(h: { start: number; moves: { gap: number; stage: number }[]; amount: number }[]) {
  const deals = h.map((d, i) => ({ id: i + 1, channel: 'c', date: day(d.start), amount: d.amount }));
  const events: [number, string, number, string | null][] = [];
  h.forEach((d, i) => {
    let n = d.start;
    for (const m of d.moves) {
      n += m.gap;
      events.push([i + 1, day(n), m.stage, m.stage === 6 ? 'R1' : null]);
    }
  });
  return { deals, events };
}

/** The stage of a deal at the end, by walking its events (moves to the stage it is in skipped). */
function finalStage(start: number, events: [number, string, number, string | null][]): number {
  let at = start;
  for (const e of [...events].sort((a, b) => (a[1] < b[1] ? -1 : 1))) if (e[2] !== at) at = e[2];
  return at;
}

describe('funnel properties on random event histories', () => {
  it('Σ current over the stages = deals neither won nor lost; reached never grows along the positions; each backward event counted once', () => {
    fc.assert(
      fc.property(history, (h) => {
        const { deals, events } = build(h);
        const r = computeFunnel({ stages: STAGES, deals, events });
        const finals = deals.map((d) => finalStage(1, events.filter((e) => e[0] === d.id)));
        const open = finals.filter((s) => s <= 4).length;
        expect(r.rows.reduce((s, x) => s + x.current, 0)).toBe(open);
        expect(r.totals.won + r.totals.lost + open).toBe(deals.length);
        for (let i = 1; i < r.rows.length; i++) expect(r.rows[i]!.reached).toBeLessThanOrEqual(r.rows[i - 1]!.reached);
        expect(r.rows[0]!.reached).toBe(deals.length);
        // backward events by hand: a move from an open stage to an open stage of a lower position
        let backward = 0;
        for (const d of deals) {
          let at = 1;
          for (const e of events.filter((x) => x[0] === d.id).sort((a, b) => (a[1] < b[1] ? -1 : 1))) {
            if (e[2] === at) continue;
            if (at <= 4 && e[2] <= 4 && e[2] < at) backward++;
            at = e[2];
          }
        }
        expect(r.totals.backward_out).toBe(backward);
        expect(r.backwardMoves.reduce((s, m) => s + m.count, 0)).toBe(backward);
        // amounts follow the deals in each stage
        expect(r.totals.amount).toBe(deals.filter((_, i) => finals[i]! <= 4).reduce((s, d) => s + d.amount, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('the order of the events as given does not matter', () => {
    fc.assert(
      fc.property(history, (h) => {
        const { deals, events } = build(h);
        expect(computeFunnel({ stages: STAGES, deals, events: [...events].reverse() })).toEqual(computeFunnel({ stages: STAGES, deals, events }));
      }),
      { numRuns: 100 },
    );
  });
});
