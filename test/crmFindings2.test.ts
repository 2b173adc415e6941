// The second round of issue 13's holes (the CRM side): a shipment re-import that drops the
// line a claim names, stage names of deal-stages files in any case, an undo of a stages update
// that later deal moves depend on. Every misuse is a row: input → exit code, message fragment,
// database unchanged.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { companyDb, copyDb, crm, crmAsOf, dbFingerprint, lastOperation, query, SMALL_MASTER, tempDir, writeFile } from './helpers.js';

const AS_OF = '2026-03-01';

let template: string;
beforeAll(() => {
  template = companyDb([
    ...SMALL_MASTER,
    ['shipments', 'shipment_no,date,client_code,sku,qty,amount,cost\nS1,2026-01-05,X,P1,10,1000,600\nS1,2026-01-05,X,P2,3,300,180\nS2,2026-02-20,X,P2,5,500,300\n'],
    ['stages', 'channel,stage,position,outcome\ndirect,lead,1,\ndirect,offer,2,\ndirect,contract,3,\ndirect,won,,won\ndirect,lost,,lost\n'],
    ['deals', 'deal_no,date,client_code,channel,manager_code,amount,title\nD1,2026-01-05,X,direct,M1,1000,кабель\nD2,2026-01-10,Y,direct,,500,щитки\n'],
    ['deal-stages', 'deal_no,date,stage,reason\nD1,2026-01-15,offer,\n'],
    ['claim-causes', 'code,name\nDEF,Брак\n'],
    ['claims', 'claim_no,date,client_code,cause_code,status,shipment_no,sku,qty,amount\nK1,2026-01-20,X,DEF,new,S1,P1,1,100\nK2,2026-02-22,X,DEF,new,S2,P2,2,200\n'],
  ]);
}, 120_000);

const { run, ok } = crmAsOf(AS_OF);
const SHIPMENTS = 'shipment_no,date,client_code,sku,qty,amount,cost\n';
const DEAL_STAGES = 'deal_no,date,stage,reason\n';

/** The misuse table: args, or an import as [entity, csv]. */
function refused(db: string, dir: string, input: string[], code: number, fragment: string): string {
  const args = input.length === 2 && input[1]!.includes('\n') ? ['import', input[0]!, writeFile(dir, `${input[0]}.csv`, input[1]!)] : input;
  const before = dbFingerprint(db);
  const r = run(db, ...args);
  expect(r.stderr).toContain(fragment);
  expect(r.code).toBe(code);
  expect(r.stderr).not.toContain('unexpected failure');
  expect(dbFingerprint(db)).toBe(before);
  return r.stderr;
}

describe('misuse: exit code, message, nothing written', () => {
  let db: string;
  let dir: string;
  beforeAll(() => {
    db = copyDb(template).db;
    dir = tempDir();
    // a twin of "offer" that differs only in case, as a database from before stages matched in any
    // case may hold (an import now takes "Offer" for "offer": see below)
    const sqlite = new Database(db);
    sqlite.prepare("INSERT INTO sales_stages (channel, stage, position, outcome) VALUES ('direct', 'Offer', 6, 'open')").run();
    sqlite.close();
  });

  it.each([
    // a: the re-import replaces the shipment's lines; K1 names the line of P1
    [['shipments', SHIPMENTS + 'S1,2026-01-05,X,P2,3,300,180\n'], 2, 'claim K1 is against the line of P1 of shipment S1, which this file drops: the claim would point at nothing'],
    [['shipments', SHIPMENTS + 'S2,2026-02-20,X,P2,1,100,60\n'], 2, 'claim K2 claims 2 of P2 of this shipment: expected at least that shipped'],
    [['shipments', SHIPMENTS + 'S2,2026-02-20,X,P1,5,500,300\n'], 2, 'claim K2 is against the line of P2 of shipment S2, which this file drops'],
    // b: "OFFER" matches "offer" and "Offer", neither spelled so
    [['deal-stages', DEAL_STAGES + 'D2,2026-02-01,OFFER,\n'], 2, 'ambiguous: channel "direct" has stages "offer" and "Offer", which differ only in case'],
    [['deals', 'move', 'D2', 'OFFER', '--date', '2026-02-01'], 2, 'ambiguous: channel "direct" has stages "offer" and "Offer"'],
    [['deal-stages', DEAL_STAGES + 'D2,2026-02-01,nonsense,\n'], 2, 'nonsense'],
  ] as [string[], number, string][])('%j → exit %i', (input, code, fragment) => {
    refused(db, dir, input, code, fragment);
  });

  it('a re-import that keeps the claimed lines is taken', () => {
    ok(db, 'import', 'shipments', writeFile(dir, 'keep.csv', SHIPMENTS + 'S1,2026-01-05,X,P1,10,1000,600\nS1,2026-01-05,X,P2,2,200,120\n'));
    expect(query(db, "SELECT COUNT(*) AS n FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id WHERE s.shipment_no = 'S1'")).toEqual([{ n: 2 }]);
  });
});

describe('deal-stages files name stages in any case (b)', () => {
  it('"CONTRACT" and "Lead" are the channel\'s "contract" and "lead", stored as the channel spells them', () => {
    const { db, dir } = copyDb(template);
    ok(db, 'import', 'deal-stages', writeFile(dir, 'ds.csv', DEAL_STAGES + 'D2,2026-02-01,CONTRACT,\nD1,2026-02-02,Lead,R1\n'));
    const stages = query(db, 'SELECT d.deal_no, e.date, s.stage FROM deal_stage_events e JOIN deals d ON d.id = e.deal_id JOIN sales_stages s ON s.id = e.stage_id ORDER BY e.date');
    expect(stages).toEqual([
      { deal_no: 'D1', date: '2026-01-15', stage: 'offer' },
      { deal_no: 'D2', date: '2026-02-01', stage: 'contract' },
      { deal_no: 'D1', date: '2026-02-02', stage: 'lead' },
    ]);
    // the same file again changes nothing
    const before = dbFingerprint(db);
    ok(db, 'import', 'deal-stages', `${dir}/ds.csv`);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('a stages file cannot make a twin: "Offer" is the stored "offer" (whose history refuses the new position)', () => {
    const { db, dir } = copyDb(template);
    const before = dbFingerprint(db);
    const r = run(db, 'import', 'stages', writeFile(dir, 'twin.csv', 'channel,stage,position,outcome\nDIRECT,Offer,6,\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stage "offer" of channel "direct" (open 2 → open 6) would rewrite the funnel history of 1 deal (D1)');
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('undo of a stages update the later deal moves depend on (c)', () => {
  const TENDERS = 'channel,stage,position,outcome\ntenders,ask,1,\ntenders,bid,2,\ntenders,sign,3,\ntenders,done,,won\n';
  /** tenders: ask 1, bid 2, sign 3; then bid moved to 4 before any deal; then deal T1 and its moves. */
  function company(moves: [string, string][]): { db: string; update: number } {
    const { db, dir } = copyDb(template);
    ok(db, 'import', 'stages', writeFile(dir, 't1.csv', TENDERS));
    ok(db, 'import', 'stages', writeFile(dir, 't2.csv', 'channel,stage,position,outcome\ntenders,bid,4,\n'));
    const update = lastOperation(db);
    ok(db, 'deals', 'add', '--deal-no', 'T1', '--date', '2026-02-01', '--client-code', 'X', '--channel', 'tenders');
    for (const [stage, date] of moves) ok(db, 'deals', 'move', 'T1', stage, '--date', date);
    return { db, update };
  }

  it.each([
    // ask → sign (3) → bid (4): with bid back at 2, the last move is a move back without a reason
    ['a later move becomes a move back', [['sign', '2026-02-05'], ['bid', '2026-02-10']], 'deal-stages T1 2026-02-10: deal T1: a move back from "sign" (position 3) to "bid" (position 2) needs a reason'],
    // the moves keep the rule, but bid's position is the funnel's history of T1
    ['the position a later move counted on', [['sign', '2026-02-05']], 'stage "bid" of channel "tenders" (open 4 → open 2) would rewrite the funnel history of 1 deal (T1)'],
  ] as [string, [string, string][], string][])('%s: refused (exit 3), nothing written', (_what, moves, fragment) => {
    const { db, update } = company(moves);
    const before = dbFingerprint(db);
    const r = run(db, 'undo', String(update));
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).toContain('undo the later changes of these records first');
    expect(r.code).toBe(3);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('with no deal in the channel the undo goes through', () => {
    const { db, dir } = copyDb(template);
    ok(db, 'import', 'stages', writeFile(dir, 't1.csv', TENDERS));
    ok(db, 'import', 'stages', writeFile(dir, 't2.csv', 'channel,stage,position,outcome\ntenders,bid,4,\n'));
    ok(db, 'undo', String(lastOperation(db)));
    expect(query(db, "SELECT position FROM sales_stages WHERE channel = 'tenders' AND stage = 'bid'")).toEqual([{ position: 2 }]);
  });
});

describe('--lang ru: the CRM commands refuse in Russian', () => {
  let db: string;
  beforeAll(() => {
    db = copyDb(template).db;
    ok(db, 'claims', 'resolve', 'K1', '--date', '2026-02-01', '--result', 'refund');
  });
  it.each([
    // deals: a move to the lost stage without a reason
    [['deals', 'move', 'D2', 'lost', '--date', '2026-02-01'], 2, ['сделка D2 не перемещена: ничего не записано', 'переход на проигрышный этап «lost» требует причины']],
    // claims: resolving a resolved claim; a claim against a line the shipment does not have
    [['claims', 'resolve', 'K1', '--result', 'refund'], 3, ['претензия K1 уже решена (2026-02-01)']], // the status in Russian too
    [['claims', 'add', '--claim-no', 'K9', '--date', '2026-02-01', '--client-code', 'X', '--cause-code', 'DEF', '--status', 'new', '--shipment-no', 'S2', '--sku', 'P1'], 2, ['претензия не добавлена: ничего не записано', 'в реализации S2 нет строки P1']],
    // interactions: a next date before the interaction
    [['interactions', 'add', '--date', '2026-02-01', '--client-code', 'X', '--kind', 'call', '--next-date', '2026-01-01'], 2, ['взаимодействие не добавлено: ничего не записано', 'ожидается дата не раньше даты взаимодействия']],
    // negotiations: one that is not there
    [['negotiations', 'check', 'N9', '1', 'done'], 2, ['нет переговоров с negotiation_no "N9"']],
    // deals show of a deal that is not there
    [['deals', 'show', 'D404'], 2, ['нет сделки с deal_no "D404"']],
  ] as [string[], number, string[]][])('%j → exit %i, in Russian', (args, code, fragments) => {
    const before = dbFingerprint(db);
    const r = run(db, '--lang', 'ru', ...args);
    for (const f of fragments) expect(r.stderr).toContain(f);
    expect(r.code).toBe(code);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('a move says what it did in Russian', () => {
    const r = ok(db, '--lang', 'ru', 'deals', 'move', 'D2', 'contract', '--date', '2026-02-01');
    expect(r.stdout + r.stderr).toContain('сделка D2: lead → contract 2026-02-01');
    expect(r.stdout + r.stderr).toContain('(операция');
  });
});
