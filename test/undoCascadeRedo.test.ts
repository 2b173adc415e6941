// `crm undo OP --cascade` makes one undo per operation; its summary says "crm undo FIRST --cascade
// redoes them all". That redo must take every undo of that cascade, also the ones touching other
// rows than FIRST did (trial finding: a deal's middle move was left out, the deal's history wrong).
import { describe, expect, it } from 'vitest';
import { crmAsOf, lastOperation, query, SMALL_MASTER, companyDb, copyDb } from './helpers.js';

describe('the redo a cascade names redoes all of it', () => {
  it('add a deal, move it twice, undo the add with --cascade, then the named redo: all three back', () => {
    const template = companyDb([
      ...SMALL_MASTER,
      ['stages', 'channel,stage,position,outcome\ndirect,lead,1,\ndirect,offer,2,\ndirect,won,,won\ndirect,lost,,lost\n'],
    ]);
    const { db } = copyDb(template);
    const { ok } = crmAsOf('2026-03-01');
    const moves = () => query<{ date: string; stage: string }>(db, 'SELECT e.date, s.stage FROM deal_stage_events e JOIN sales_stages s ON s.id = e.stage_id ORDER BY e.date');
    ok(db, 'deals', 'add', '--deal-no', 'D1', '--date', '2026-01-05', '--client-code', 'X', '--channel', 'direct', '--amount', '1000');
    const added = lastOperation(db);
    ok(db, 'deals', 'move', 'D1', 'offer', '--date', '2026-01-10');
    ok(db, 'deals', 'move', 'D1', 'lost', '--date', '2026-01-20', '--reason', 'R1');
    const before = moves();
    expect(before).toEqual([{ date: '2026-01-10', stage: 'offer' }, { date: '2026-01-20', stage: 'lost' }]);

    const undo = ok(db, 'undo', String(added), '--cascade');
    const first = Number(/crm undo (\d+) --cascade redoes them all/.exec(undo.stderr + undo.stdout)![1]);
    expect(moves()).toEqual([]);
    const redo = ok(db, 'undo', String(first), '--cascade');
    expect(redo.stderr + redo.stdout).toContain('undoing 3 operations');
    expect(moves()).toEqual(before);
    expect(query(db, "SELECT deal_no FROM deals WHERE deal_no = 'D1'")).toHaveLength(1);
    expect(ok(db, 'db', 'check').code).toBe(0);
  });
});
