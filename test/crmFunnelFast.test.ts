// The funnel over deal_stage_moves (issue 13: src/db/stageMoves.ts, one derived row per stage
// change): every write of stage changes, deals or stages keeps it in the same operation —
// imports, `deals move`, `deals edit`, `delete deals`, undo of each — and then it equals a
// recomputation from deal_stage_events (what `crm db rebuild-summaries` writes and `crm db
// check` compares), and the funnel counted over it equals the JS walk over every change
// (computeFunnel, the reference). On SQLite and, in the postgres project, on PostgreSQL.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { knownSchemaVersion, openDb } from '../src/db/connection.js';
import { sq } from '../src/db/handle.js';
import { compareStageMoves } from '../src/db/stageMoves.js';
import { funnelByEvents, funnelOf, type FunnelResult } from '../src/reports/funnel.js';
import { companyDb, copyDb, crm, crmAsOf, dbFingerprint, downgradeDb, lastOperation, ON_PG, query, tempDir, writeFile } from './helpers.js';

const AS_OF = '2026-12-31';
const { run, ok } = crmAsOf(AS_OF);

const STAGES = ['lead', 'offer', 'contract', 'won', 'lost'];
let template: string;
beforeAll(() => {
  template = companyDb([
    ['managers', 'code,name\nM1,Анна\nM2,Борис\n'],
    ['clients', 'code,name,manager_code\nX,Икс,M1\nY,Игрек,M2\n'],
    ['reasons', 'code,name\nR1,Дорого\nR2,Сроки\n'],
    ['stages', 'channel,stage,position,outcome\ndirect,lead,1,\ndirect,offer,2,\ndirect,contract,3,\ndirect,won,,won\ndirect,lost,,lost\ndealers,ask,1,\ndealers,sign,2,\ndealers,done,,won\ndealers,gone,,lost\n'],
    ['deals', 'deal_no,date,client_code,channel,manager_code,amount\nD1,2026-01-05,X,direct,M1,1000\nD2,2026-01-10,Y,direct,,2000\nD3,2026-02-01,X,dealers,M2,500\n'],
    ['deal-stages', 'deal_no,date,stage,reason\nD1,2026-01-15,offer,\nD1,2026-01-25,lead,R1\nD1,2026-02-03,contract,\nD2,2026-01-20,offer,\nD2,2026-02-01,won,\nD3,2026-02-11,sign,\n'],
  ]);
}, 180_000);

/** The derived rows as stored, in change order. */
const moves = (db: string) =>
  query<Record<string, unknown>>(db, 'SELECT event_id, deal_id, deal_date, date, stage_id, from_stage_id, days, next_date, highest, other_channel, reason_id FROM deal_stage_moves ORDER BY event_id').map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' || (typeof v === 'string' && /^\d+$/.test(v) && k !== 'date') ? Number(v) : v])),
  );

const canonical = (r: FunnelResult) => ({ ...r, lostByReason: Object.entries(r.lostByReason).sort(), backwardMoves: [...r.backwardMoves].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) });

/** deal_stage_moves equals a recomputation, and the funnel over it equals the walk over every change, with each filter. */
async function holds(db: string, what: string): Promise<void> {
  const handle = openDb(db, 'read', { olderSchema: true });
  try {
    const compared = compareStageMoves(sq(handle));
    expect(compared.differed, `${what}: deal_stage_moves = a recomputation (${JSON.stringify(compared.samples)})`).toBe(0);
    expect(compared.rows, `${what}: one row per stage change`).toBe(Number(sq(handle).prepare('SELECT COUNT(*) FROM deal_stage_events').pluck().get()));
    for (const opts of [
      { from: '2026-01-01', to: '2026-02-15' },
      { from: '2026-01-06', to: AS_OF },
      { from: '2026-01-01', to: AS_OF, manager: 'M1' },
      { from: '2026-01-01', to: AS_OF, client: 'Y' },
      { from: '2026-01-01', to: AS_OF, channel: 'direct' },
    ]) {
      expect(canonical(await funnelOf(handle, opts)), `${what}: ${JSON.stringify(opts)}`).toEqual(canonical(await funnelByEvents(handle, opts)));
    }
  } finally {
    handle.close();
  }
}

describe('deal_stage_moves is kept by every write and its undo', () => {
  it('import of deals and stage changes: one row per change, with the stage left, the days, the next change and the highest position', async () => {
    const { db } = copyDb(template);
    const stage = new Map(query<{ id: number; channel: string; stage: string }>(db, 'SELECT id, channel, stage FROM sales_stages').map((s) => [`${s.channel}/${s.stage}`, Number(s.id)]));
    const d1 = moves(db).filter((m) => m.deal_id === moves(db)[0]!.deal_id);
    // D1: opened 01-05 in lead; offer 01-15 (10 days), back to lead 01-25 (10), contract 02-03 (9)
    expect(d1.map((m) => [m.date, m.from_stage_id, m.stage_id, m.days, m.next_date, m.highest, m.other_channel])).toEqual([
      ['2026-01-15', null, stage.get('direct/offer'), 10, '2026-01-25', 2, 0],
      ['2026-01-25', stage.get('direct/offer'), stage.get('direct/lead'), 10, '2026-02-03', 2, 0],
      ['2026-02-03', stage.get('direct/lead'), stage.get('direct/contract'), 9, null, 3, 0],
    ]);
    await holds(db, 'after the imports');
  });

  it('deals move, deals edit (an earlier date), delete deals: each kept, and each undo puts the rows back as they were', async () => {
    const { db } = copyDb(template);
    const before = moves(db);
    const steps: [string, string[]][] = [
      ['deals move', ['deals', 'move', 'D3', 'gone', '--date', '2026-03-01', '--reason', 'R2']],
      ['deals move between two changes', ['deals', 'move', 'D1', 'contract', '--date', '2026-01-20']],
      ['deals edit: an earlier date', ['deals', 'edit', 'D1', '--date', '2026-01-02']],
      ['delete deals', ['delete', 'deals', 'D2']],
    ];
    const dumps = [before];
    for (const [what, args] of steps) {
      ok(db, ...args);
      await holds(db, what);
      dumps.push(moves(db));
      expect(dumps.at(-1), `${what} changed the derived rows`).not.toEqual(dumps.at(-2));
    }
    // undo, newest first: each gives the rows of the step before
    for (let i = steps.length - 1; i >= 0; i--) {
      ok(db, 'undo', String(lastOperation(db) - (steps.length - 1 - i) * 2));
      await holds(db, `undo of ${steps[i]![0]}`);
      expect(moves(db), `undo of ${steps[i]![0]}`).toEqual(dumps[i]);
    }
  });

  it('undo of a stage import takes its rows away and recomputes the rows it changed; undo of the undo puts them back', async () => {
    const { db, dir } = copyDb(template);
    const before = moves(db);
    // a change between two stored ones (D1 on 01-20) and a changed one (D2's won on 02-01 becomes lost)
    ok(db, 'import', 'deal-stages', writeFile(dir, 'more.csv', 'deal_no,date,stage,reason\nD1,2026-01-20,contract,\nD2,2026-02-01,lost,R2\nD3,2026-03-01,done,\n'));
    const imported = lastOperation(db);
    await holds(db, 'the second import');
    const after = moves(db);
    expect(after).not.toEqual(before);
    ok(db, 'undo', String(imported));
    await holds(db, 'its undo');
    expect(moves(db)).toEqual(before);
    ok(db, 'undo', String(lastOperation(db)));
    await holds(db, 'the undo of the undo');
    expect(moves(db)).toEqual(after);
  });

  it('a stage import that changes nothing writes nothing, the derived rows neither', () => {
    const { db, dir } = copyDb(template);
    const print = dbFingerprint(db);
    const again = run(db, 'import', 'deal-stages', writeFile(dir, 'same.csv', 'deal_no,date,stage,reason\nD1,2026-01-15,offer,\n'));
    expect(again.code).toBe(0);
    expect(dbFingerprint(db)).toBe(print);
  });
});

describe('rebuild-summaries and db check', () => {
  it('rebuild-summaries gives the same rows the writes kept; --check says they match', () => {
    const { db } = copyDb(template);
    const kept = moves(db);
    const check = run(db, 'db', 'rebuild-summaries', '--check');
    expect(check.code).toBe(0);
    expect(check.stderr).toContain('deal stage moves checked: deal_stage_moves 6 stage change rows; they matched the deal stage changes');
    const rebuilt = run(db, 'db', 'rebuild-summaries', '--json');
    expect(rebuilt.code).toBe(0);
    expect(JSON.parse(rebuilt.stdout)).toMatchObject({ tables: { deal_stage_moves: 6 }, stage_moves_differed: 0 });
    expect(moves(db)).toEqual(kept);
    const dbCheck = run(db, 'db', 'check');
    expect(dbCheck.stdout).toMatch(/^ok +deal stage moves: 6 rows of deal_stage_moves/m);
  });

  it.runIf(!ON_PG)('a derived row changed or missing by hand: db check and rebuild-summaries --check fail naming it (exit 1), rebuild-summaries repairs it', () => {
    const { db } = copyDb(template);
    const kept = moves(db);
    writeSql(db, "UPDATE deal_stage_moves SET days = days + 1 WHERE date = '2026-01-25'; DELETE FROM deal_stage_moves WHERE date = '2026-02-11'");
    const check = run(db, 'db', 'check');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^FAILED +deal stage moves: .*\n.*deal_stage_moves D1 2026-01-25: differs from the deal stage changes/m);
    expect(check.stdout).toContain('deal_stage_moves D1 2026-01-25: missing (the deal has that stage change)');
    expect(check.stdout).toContain('deal_stage_moves D3 2026-02-11: missing');
    const print = dbFingerprint(db);
    const summaries = run(db, 'db', 'rebuild-summaries', '--check');
    expect(summaries.code).toBe(1);
    expect(summaries.stderr).toContain('3 rows differ from the deal stage changes'); // the changed row counts twice: as stored and as missing
    expect(summaries.stderr).toContain('deal_stage_moves differs from the deal stage changes: run "crm db rebuild-summaries" to repair it');
    expect(dbFingerprint(db), '--check writes nothing').toBe(print);
    const repair = run(db, 'db', 'rebuild-summaries');
    expect(repair.code).toBe(0);
    expect(repair.stderr).toContain('3 rows differed from the deal stage changes');
    expect(moves(db)).toEqual(kept);
  });

  it.runIf(!ON_PG)('a database of schema 11 gets its rows computed when crm migrates it', async () => {
    const { db } = copyDb(template);
    const kept = moves(db);
    downgradeDb(db, 11);
    expect(query(db, "SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'deal_stage_moves'")).toEqual([{ n: 0 }]);
    expect(crm(['--db', db, 'init']).stderr).toContain(`migrated from schema version 11 to ${knownSchemaVersion()}`);
    expect(moves(db)).toEqual(kept);
    await holds(db, 'after the migration');
  });
});

/** Write SQL by hand into an SQLite file (a damaged derived table). */
function writeSql(db: string, sql: string): void {
  const handle = openDb(db, 'write');
  try {
    sq(handle).exec(sql);
  } finally {
    handle.close();
  }
}

describe('random histories written through imports, moves and undo (property)', () => {
  const arbDeal = fc.record({
    channel: fc.constantFrom('direct', 'dealers'),
    client: fc.constantFrom('X', 'Y'),
    start: fc.integer({ min: 0, max: 60 }),
    moves: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 20 }), stage: fc.nat(10) }), { maxLength: 5 }),
  });
  const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);
  const CHANNEL: Record<string, string[]> = { direct: STAGES, dealers: ['ask', 'sign', 'done', 'gone'] };

  it('the derived rows equal a recomputation and the funnel equals the walk after each write and undo', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbDeal, { minLength: 1, maxLength: 8 }), fc.nat(100), async (deals, pick) => {
        const { db } = copyDb(template);
        const dir = tempDir();
        const dealRows = deals.map((d, i) => `R${i},${day(d.start)},${d.client},${d.channel},,${(i + 1) * 100}`);
        const stageRows: string[] = [];
        const last: string[] = [];
        deals.forEach((d, i) => {
          const own = CHANNEL[d.channel]!;
          let at = d.start;
          let here = 0;
          for (const m of d.moves) {
            at += m.gap;
            here = (here + 1 + (m.stage % (own.length - 1))) % own.length; // another stage than the one it is in
            stageRows.push(`R${i},${day(at)},${own[here]},R1`); // a reason on every move: back, lost and reopening need one
          }
          last.push(own[here]!);
        });
        ok(db, 'import', 'deals', writeFile(dir, 'deals.csv', `deal_no,date,client_code,channel,manager_code,amount\n${dealRows.join('\n')}\n`));
        const stagesOp = stageRows.length > 0 ? (ok(db, 'import', 'deal-stages', writeFile(dir, 'stages.csv', `deal_no,date,stage,reason\n${stageRows.join('\n')}\n`)), lastOperation(db)) : undefined;
        await holds(db, 'imported');
        // one more move of one deal and its undo, then the undo of the stage import
        const i = pick % deals.length;
        const own = CHANNEL[deals[i]!.channel]!;
        const to = own.find((s) => s !== last[i])!;
        ok(db, 'deals', 'move', `R${i}`, to, '--date', day(200), '--reason', 'R2');
        await holds(db, 'moved');
        ok(db, 'undo', String(lastOperation(db)));
        await holds(db, 'the move undone');
        if (stagesOp !== undefined) {
          ok(db, 'undo', String(stagesOp));
          await holds(db, 'the import undone');
          expect(moves(db)).toEqual(moves(template));
        }
      }),
      { numRuns: ON_PG ? 2 : 6 },
    );
  }, 600_000);
});
