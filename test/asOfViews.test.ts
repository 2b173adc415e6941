// A past --as-of shows records as they stood that day (trial findings): `deals show` leaves out the
// moves made later; `claims list --open` lists the claims open that day (made by then, not resolved
// or rejected by then), the claims report's rule; --to before --as-of is the day instead.
import { beforeAll, describe, expect, it } from 'vitest';
import { companyDb, crmAsOf, dbFingerprint, SMALL_MASTER } from './helpers.js';

let db: string;
beforeAll(() => {
  db = companyDb([
    ...SMALL_MASTER,
    ['shipments', 'shipment_no,date,client_code,sku,qty,amount,cost\nS1,2026-01-05,X,P1,10,1000,600\n'],
    ['claim-causes', 'code,name\nDEF,Брак\n'],
    ['claims', 'claim_no,date,client_code,cause_code,status,shipment_no,sku,qty,amount,result,resolved_date\nK1,2026-01-10,X,DEF,resolved,S1,P1,1,100,replacement,2026-02-01\nK2,2026-01-20,X,DEF,in_work,S1,P1,1,100,,\nK3,2026-03-01,X,DEF,new,S1,P1,1,100,,\n'],
    ['stages', 'channel,stage,position,outcome\ndirect,lead,1,\ndirect,offer,2,\ndirect,won,,won\ndirect,lost,,lost\n'],
    ['deals', 'deal_no,date,client_code,channel,manager_code,amount\nD1,2026-01-05,X,direct,M1,1000\n'],
    ['deal-stages', 'deal_no,date,stage,reason\nD1,2026-01-10,offer,\nD1,2026-02-10,won,\n'],
  ]);
});

const open = (asOf: string, ...args: string[]) =>
  (JSON.parse(crmAsOf(asOf).ok(db, 'claims', 'list', '--open', '--json', ...args).stdout).claims as { claim_no: string }[]).map((c) => c.claim_no);

describe('claims list --open on a past day', () => {
  it.each([
    ['2026-01-15', [], ['K1']], // K2 not made yet
    ['2026-01-31', [], ['K1', 'K2']], // K1 resolved on 1 February
    ['2026-02-01', [], ['K2']],
    ['2026-04-01', [], ['K2', 'K3']],
    ['2026-04-01', ['--to', '2026-01-31'], ['K1', 'K2']], // --to before --as-of is the day
  ])('--as-of %s %j → %j', (asOf, extra, expected) => {
    expect(open(asOf, ...extra)).toEqual(expected);
  });
});

describe('deals show on a past day', () => {
  it('the moves after --as-of are left out; the stage is the one of that day', () => {
    const show = (asOf: string) => JSON.parse(crmAsOf(asOf).ok(db, 'deals', 'show', 'D1', '--json').stdout) as { stage: string; stage_since: string; path: { date: string }[] };
    const past = show('2026-01-31');
    expect([past.stage, past.stage_since]).toEqual(['offer', '2026-01-10']);
    expect(past.path.map((p) => p.date)).toEqual(['2026-01-05', '2026-01-10']);
    const now = show('2026-03-01');
    expect([now.stage, now.path.length]).toEqual(['won', 3]);
  });
});

describe('a recovery over the claim amount says both amounts', () => {
  it.each([
    ['en', "recovered 200.00 is more than the claim's amount 100.00"],
    ['ru', 'возмещение 200,00 больше суммы претензии 100,00'],
  ])('%s', (lang, text) => {
    const before = dbFingerprint(db);
    const run = crmAsOf('2026-04-01').run(db, '--lang', lang, 'claims', 'edit', 'K2', '--recovered-amount', '200');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(text);
    expect(dbFingerprint(db)).toBe(before);
  });
});
