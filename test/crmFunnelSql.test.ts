// The funnel is counted in SQL (src/db/crmQueries.ts funnelCounts); the JS walk over every deal
// and event (computeFunnel) stays the reference: on random deal histories — moves forward,
// back, skipping stages, won, lost, reopened, several a deal, some after --to — both give the
// same result, for the whole period and for --manager, --client and --channel. The changes are
// written by hand here, so the derived deal_stage_moves is rebuilt after them (src/db/stageMoves.ts).
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/connection.js';
import { funnelCounts, reasonCodes, stagesOf } from '../src/db/crmQueries.js';
import { rebuildStageMoves } from '../src/db/stageMoves.js';
import { funnelByEvents, funnelFromCounts, funnelOf, type FunnelResult } from '../src/reports/funnel.js';
import { companyDb } from './helpers.js';

let file: string;
let stages: { id: number; channel: string }[];
beforeAll(() => {
  file = companyDb([
    ['managers', 'code,name\nM1,Анна\nM2,Борис\n'],
    ['clients', 'code,name,manager_code\nX,Икс,M1\nY,Игрек,M2\n'],
    ['reasons', 'code,name\nR1,Дорого\nR2,Сроки\n'],
    ['stages', 'channel,stage,position,outcome\ndirect,lead,1,\ndirect,offer,2,\ndirect,contract,3,\ndirect,won,,won\ndirect,lost,,lost\ndealers,ask,1,\ndealers,sign,2,\ndealers,done,,won\ndealers,gone,,lost\n'],
  ]);
  const db = new Database(file, { readonly: true });
  stages = db.prepare('SELECT id, channel FROM sales_stages ORDER BY id').all() as { id: number; channel: string }[];
  db.close();
}, 120_000);

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);

const arbDeal = fc.record({
  channel: fc.constantFrom('direct', 'dealers'),
  client: fc.constantFrom(1, 2),
  manager: fc.option(fc.constantFrom(1, 2), { nil: null }),
  start: fc.integer({ min: 0, max: 80 }),
  amount: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
  // each move: days after the one before, which stage of the channel (an index), a reason or not
  moves: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 20 }), stage: fc.nat(10), reason: fc.option(fc.constantFrom(1, 2), { nil: null }) }), { maxLength: 6 }),
});

/** Sorted keys and a fixed order of lists: the two paths may list equal things in another order. */
function canonical(r: FunnelResult): unknown {
  return { ...r, lostByReason: Object.entries(r.lostByReason).sort(), backwardMoves: [...r.backwardMoves].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) };
}

describe('funnel: SQL counts = the JS walk (property)', () => {
  it('on random deal histories, with every filter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbDeal, { minLength: 1, maxLength: 12 }), async (deals) => {
        const raw = new Database(file);
        try {
          raw.exec('DELETE FROM deal_stage_events; DELETE FROM deals;');
          const addDeal = raw.prepare('INSERT INTO deals (deal_no, date, client_id, channel, manager_id, amount) VALUES (?, ?, ?, ?, ?, ?)');
          const addMove = raw.prepare('INSERT INTO deal_stage_events (deal_id, date, stage_id, reason_id) VALUES (?, ?, ?, ?)');
          deals.forEach((d, i) => {
            const id = Number(addDeal.run(`D${i}`, day(d.start), d.client, d.channel, d.manager, d.amount).lastInsertRowid);
            const own = stages.filter((s) => s.channel === d.channel);
            let at = d.start;
            let here = 0; // the deal starts in the channel's first stage (the lowest id here)
            for (const m of d.moves) {
              at += m.gap;
              // a move goes to another stage (the rules refuse one to the stage the deal is in)
              here = (here + 1 + (m.stage % (own.length - 1))) % own.length;
              addMove.run(id, day(at), own[here]!.id, m.reason);
            }
          });
          rebuildStageMoves(raw); // written by hand here: the derived moves too
        } finally {
          raw.close();
        }
        const db = openDb(file, 'read');
        try {
          for (const opts of [
            { from: day(0), to: day(60) },
            { from: day(10), to: day(200) },
            { from: day(0), to: day(200), manager: 'M1' },
            { from: day(0), to: day(200), client: 'Y' },
            { from: day(0), to: day(200), channel: 'dealers' },
          ]) {
            const sql = funnelFromCounts({ stages: await stagesOf(db), counts: await funnelCounts(db, opts), reasons: await reasonCodes(db), channels: opts.channel ? [opts.channel] : undefined });
            expect(sql, 'counted in SQL, not handed to the JS walk').toBeDefined();
            expect(canonical(sql!)).toEqual(canonical(await funnelByEvents(db, opts)));
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('a history the rules never write (a move to the stage the deal is in) is counted by the JS walk', async () => {
    const raw = new Database(file);
    try {
      raw.exec('DELETE FROM deal_stage_events; DELETE FROM deals;');
      const id = Number(raw.prepare("INSERT INTO deals (deal_no, date, client_id, channel) VALUES ('D1', ?, 1, 'direct')").run(day(0)).lastInsertRowid);
      const offer = stages.filter((s) => s.channel === 'direct')[1]!.id;
      raw.prepare('INSERT INTO deal_stage_events (deal_id, date, stage_id) VALUES (?, ?, ?), (?, ?, ?)').run(id, day(3), offer, id, day(7), offer);
      rebuildStageMoves(raw);
    } finally {
      raw.close();
    }
    const db = openDb(file, 'read');
    try {
      const opts = { from: day(0), to: day(60) };
      expect(funnelFromCounts({ stages: await stagesOf(db), counts: await funnelCounts(db, opts), reasons: await reasonCodes(db) })).toBeUndefined();
      const r = await funnelOf(db, opts);
      expect(r).toEqual(await funnelByEvents(db, opts));
      // lead 3 days, then offer: one finished visit (lead), the repeat ignored
      expect(r.rows.filter((x) => x.channel === 'direct').map((x) => [x.stage, x.current, x.avg_days])).toEqual([['lead', 0, 3], ['offer', 1, null], ['contract', 0, null]]);
    } finally {
      db.close();
    }
  });

  it('a move to another channel\'s stage is counted by the JS walk too', async () => {
    const raw = new Database(file);
    try {
      raw.exec('DELETE FROM deal_stage_events; DELETE FROM deals;');
      const id = Number(raw.prepare("INSERT INTO deals (deal_no, date, client_id, channel) VALUES ('D1', ?, 1, 'direct')").run(day(0)).lastInsertRowid);
      const sign = stages.filter((s) => s.channel === 'dealers')[1]!.id;
      raw.prepare('INSERT INTO deal_stage_events (deal_id, date, stage_id) VALUES (?, ?, ?)').run(id, day(3), sign);
      rebuildStageMoves(raw);
    } finally {
      raw.close();
    }
    const db = openDb(file, 'read');
    try {
      const opts = { from: day(0), to: day(60) };
      const counts = await funnelCounts(db, opts);
      expect(counts.foreign).toBe(1);
      expect(funnelFromCounts({ stages: await stagesOf(db), counts, reasons: await reasonCodes(db) })).toBeUndefined();
      expect(await funnelOf(db, opts)).toEqual(await funnelByEvents(db, opts));
    } finally {
      db.close();
    }
  });
});
