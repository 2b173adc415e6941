// The CRM commands a person types one at a time (SPEC §9): deals move/show, interactions,
// claims and negotiations add/edit/resolve/check, the client card — each write one undoable
// operation — and every misuse: exit code, message, database unchanged.
import { beforeAll, describe, expect, it } from 'vitest';
import { companyDb, copyDb, crm, dbFingerprint, query, crmAsOf } from './helpers.js';

const AS_OF = '2026-03-01';

let template: string;
beforeAll(() => {
  template = companyDb([
    ['managers', 'code,name\nM1,Анна\nM2,Борис\n'],
    ['groups', 'code,name\nG,Товары\n'],
    ['products', 'sku,name,group_code,price,cost\nP1,Кабель,G,100,60\nP2,Лампа,G,100,60\n'],
    ['clients', 'code,name,manager_code,deferral_days\nX,Икс,M1,10\nY,Игрек,M2,0\n'],
    ['reasons', 'code,name\nR1,Дорого\nR2,Сроки\n'],
    ['shipments', 'shipment_no,date,client_code,sku,qty,amount,cost\nS1,2026-01-05,X,P1,10,1000,600\nS2,2026-02-20,X,P2,5,500,300\n'],
    ['payments', 'payment_no,date,client_code,amount\nPM1,2026-01-10,X,400\n'],
    ['stages', 'channel,stage,position,outcome\ndirect,lead,1,\ndirect,offer,2,\ndirect,contract,3,\ndirect,won,,won\ndirect,lost,,lost\n'],
    ['deals', 'deal_no,date,client_code,channel,manager_code,amount,title\nD1,2026-01-05,X,direct,M1,1000,кабель\nD2,2026-01-10,X,direct,M1,2000,лампы\n'],
    ['deal-stages', 'deal_no,date,stage,reason\nD1,2026-01-15,offer,\nD2,2026-01-20,offer,\nD2,2026-02-01,won,\n'],
    ['claim-causes', 'code,name\nDEF,Брак\n'],
    [
      'claims',
      'claim_no,date,client_code,cause_code,status,shipment_no,sku,qty,amount,result,resolved_date\n' +
        'K1,2026-01-20,X,DEF,resolved,S1,P1,1,100,refund,2026-01-25\nK2,2026-02-22,X,DEF,new,S2,P2,2,200,,\n',
    ],
    ['negotiation-templates', 'template_code,position,item\nT,1,цена\nT,2,сроки\n'],
    ['negotiations', 'negotiation_no,date,client_code,template_code,manager_code,result\nN1,2026-02-05,X,T,M1,agreed\n'],
    ['interactions', 'date,client_code,kind,direction,manager_code,subject\n2026-02-10 11:00,X,звонок,in,M1,цены\n'],
  ]);
}, 120_000);

const { run } = crmAsOf(AS_OF);

describe('misuse: exit code, message, nothing written', () => {
  let db: string;
  beforeAll(() => {
    db = copyDb(template).db;
  });

  it.each([
    // deals move: the reason rule, stage and deal names, dates
    [['deals', 'move', 'D1', 'lead'], 2, 'a move back from "offer" (position 2) to "lead" (position 1) needs a reason'],
    [['deals', 'move', 'D1', 'lost'], 2, 'a move to the lost stage "lost" needs a reason'],
    [['deals', 'move', 'D2', 'offer'], 2, 'reopening a deal from "won" (won) needs a reason'],
    [['deals', 'move', 'D1', 'offer'], 2, 'the deal is in stage "offer" already'],
    [['deals', 'move', 'D1', 'leed', '--reason', 'R1'], 2, 'channel "direct" of deal D1 has no stage "leed": did you mean "lead"?'],
    [['deals', 'move', 'D9', 'offer'], 2, 'no deal with deal_no "D9"'],
    [['deals', 'move', 'D1', 'lead', '--reason', 'RX'], 2, '--reason "RX": unknown reason code'],
    [['deals', 'move', 'D1', 'contract', '--date', '2025-12-31'], 2, 'deal D1 was opened on 2026-01-05'],
    [['deals', 'move', 'D1', 'contract', '--date', '31.02.2026'], 2, '--date 31.02.2026: the day does not exist (2026-02 has 28 days, not 31)'],
    [['deals', 'move', 'D1', 'contract', 'extra'], 2, 'too many arguments'],
    [['deals', 'move', 'D1'], 2, "missing required argument 'stage'"],
    // add and edit
    [['deals', 'add', '--deal-no', 'D9', '--date', '2026-01-01', '--client-code', 'X', '--channel', 'tenders'], 2, '--channel "tenders": unknown channel'],
    [['deals', 'add', '--deal-no', 'D9'], 2, 'missing --date, --client-code, --channel: no terminal to ask'],
    [['deals', 'add', '--deal-no', 'D1', '--date', '2026-01-01', '--client-code', 'X', '--channel', 'direct'], 3, 'deal D1 already exists'],
    [['deals', 'add', '--deal-no', 'D9', '--date', '2026-01-01', '--client-code', 'X', '--channel', 'direct', '--amount', 'много'], 2, '--amount "много"'],
    [['deals', 'edit', 'D1'], 2, 'nothing to change'],
    [['deals', 'edit', 'D9', '--title', 'x'], 2, 'no deal with deal_no "D9"'],
    [['interactions', 'add', '--date', '2026-01-01', '--client-code', 'X', '--kind', 'pigeon'], 2, '--kind "pigeon": expected one of: call, email'],
    [['interactions', 'add', '--date', '2026-01-01', '--client-code', 'NOPE', '--kind', 'call'], 2, '--client-code "NOPE": unknown client'],
    [['interactions', 'add', '--date', '2026-02-10 11:00', '--client-code', 'X', '--kind', 'call', '--direction', 'in', '--subject', 'цены'], 3, 'this interaction is recorded already'],
    [['interactions', 'add', '--date', '2026-01-01', '--client-code', 'X', '--kind', 'call', '--next-date', '2025-12-01'], 2, '--next-date'],
    [['claims', 'add', '--claim-no', 'K9', '--date', '2026-02-01', '--client-code', 'X', '--cause-code', 'DEF', '--status', 'resolved'], 2, '--resolved-date: required for a resolved claim'],
    [['claims', 'add', '--claim-no', 'K9', '--date', '2026-02-01', '--client-code', 'Y', '--cause-code', 'DEF', '--status', 'new', '--shipment-no', 'S1'], 2, 'shipment S1 went to client X, not Y'],
    [['claims', 'add', '--claim-no', 'K9', '--date', '2026-02-01', '--client-code', 'X', '--cause-code', 'NOPE', '--status', 'new'], 2, '--cause-code "NOPE"'],
    // claims resolve
    [['claims', 'resolve', 'K1', '--result', 'refund'], 3, 'claim K1 is resolved already (on 2026-01-25)'],
    [['claims', 'resolve', 'K2', '--result', 'pigeon'], 2, '--result "pigeon": expected one of'],
    [['claims', 'resolve', 'K2'], 2, "required option '--result <result>' not specified"],
    [['claims', 'resolve', 'K2', '--result', 'refund', '--date', '2026-02-01'], 2, '--date'],
    [['claims', 'resolve', 'K9', '--result', 'refund'], 2, 'no claim with claim_no "K9"'],
    // negotiations check
    [['negotiations', 'check', 'N1', 'цеена', 'yes'], 2, 'has no item "цеена": did you mean "цена"?'],
    [['negotiations', 'check', 'N1', '3', 'yes'], 2, 'has no item "3"'],
    [['negotiations', 'check', 'N1', '1', 'maybe'], 2, '"maybe": expected one of: yes, partly, no'],
    [['negotiations', 'check', 'N9', '1', 'yes'], 2, 'no negotiation with negotiation_no "N9"'],
    // lists, shows, reports: unknown codes and clashing options
    [['deals', 'list', '--channel', 'tenders'], 2, '--channel tenders: no such sales channel'],
    [['deals', 'list', '--json', '--format', 'csv'], 2, '--json and --format csv contradict each other'],
    [['deals', 'list', '--from', '2026-03', '--to', '2026-01'], 2, '--to 2026-01-31 is before --from 2026-03-01'],
    [['interactions', 'list', '--client', 'NOPE'], 2, '--client NOPE: no such client'],
    [['interactions', 'list', '--kind', 'pigeon'], 2, '--kind pigeon: expected one of call'],
    [['claims', 'list', '--status', 'opened'], 2, '--status opened: expected new, in_work, resolved, rejected'], // open (открыта) is --open
    [['negotiations', 'list', '--template', 'NOPE'], 2, '--template NOPE: no such negotiation template'],
    [['deals', 'show', 'D9'], 2, 'no deal with deal_no "D9"'],
    [['clients', 'show', 'NOPE'], 2, 'no client with code "NOPE"'],
    [['report', 'funnel', '--channel', 'tenders'], 2, '--channel tenders: no such sales channel'],
    [['report', 'funnel', '--by', 'manager'], 2, 'report funnel takes no --by'],
    [['report', 'interactions', '--silent-days', '0'], 2, '--silent-days 0: expected a whole number of days, 1 or more'],
    [['report', 'interactions', '--silent-days', '30', '--by', 'kind'], 2, '--silent-days lists clients: it takes no --by'],
    [['report', 'claims', '--by', 'colour'], 2, '--by'],
  ] as [string[], number, string][])('%j → exit %i', (args, code, fragment) => {
    const before = dbFingerprint(db);
    const r = run(db, ...args);
    expect(r.stderr).toContain(fragment);
    expect(r.code).toBe(code);
    expect(r.stderr).not.toContain('unexpected failure');
    expect(dbFingerprint(db)).toBe(before);
  });
});

const events = (db: string) => query(db, 'SELECT deal_id, date, stage_id, reason_id, note FROM deal_stage_events ORDER BY deal_id, date');

describe('deals move and show', () => {
  it('a move back with its reason is recorded as one operation, show prints the path with days, undo takes it back', () => {
    const { db } = copyDb(template);
    const before = events(db);
    const r = run(db, 'deals', 'move', 'D1', 'lead', '--date', '2026-01-25', '--reason', 'R1', '--note', 'дорого');
    expect(r.stderr).toContain('deal D1: offer → lead on 2026-01-25, back; reason R1');
    expect(r.code).toBe(0);
    expect(run(db, 'deals', 'move', 'D1', 'contract', '--date', '2026-02-04').code).toBe(0);
    const show = JSON.parse(run(db, 'deals', 'show', 'D1', '--json').stdout);
    expect(show).toMatchObject({ deal_no: 'D1', channel: 'direct', stage: 'contract', outcome: 'open', stage_since: '2026-02-04', amount: 1000 });
    // lead 01-05→01-15 10 d, offer 01-15→01-25 10 d, lead (back) 01-25→02-04 10 d, contract since 02-04: 25 days to --as-of 03-01
    expect(show.path.map((p: Record<string, unknown>) => [p.date, p.stage, p.move, p.days, p.reason])).toEqual([
      ['2026-01-05', 'lead', 'start', 10, null],
      ['2026-01-15', 'offer', 'forward', 10, null],
      ['2026-01-25', 'lead', 'back', 10, 'R1'],
      ['2026-02-04', 'contract', 'forward', 25, null],
    ]);
    expect(show.path[2]).toMatchObject({ reason_name: 'Дорого', note: 'дорого' });
    const text = run(db, 'deals', 'show', 'D1').stdout;
    expect(text).toContain('contract (open) since 2026-02-04');
    // both moves are operations: undo them, the events are as before
    for (let i = 0; i < 2; i++) {
      const op = query<{ id: number }>(db, "SELECT id FROM operations WHERE kind = 'move' AND undone_by IS NULL ORDER BY id DESC LIMIT 1")[0]!.id;
      expect(crm(['--db', db, 'undo', String(op)]).code).toBe(0);
    }
    expect(events(db)).toEqual(before);
  });

  it('a second move the same day replaces the first; lost with a reason closes the deal; list --open leaves it out', () => {
    const { db } = copyDb(template);
    expect(run(db, 'deals', 'move', 'D1', 'contract', '--date', '2026-02-01').code).toBe(0);
    const r = run(db, 'deals', 'move', 'D1', 'lost', '--date', '2026-02-01', '--reason', 'R2');
    expect(r.stderr).toContain('(instead of contract that day)');
    expect(r.code).toBe(0);
    expect(query(db, "SELECT COUNT(*) AS n FROM deal_stage_events e JOIN deals d ON d.id = e.deal_id WHERE d.deal_no = 'D1' AND e.date = '2026-02-01'")).toEqual([{ n: 1 }]);
    const list = JSON.parse(run(db, 'deals', 'list', '--json').stdout).deals;
    expect(list.map((d: Record<string, unknown>) => [d.deal_no, d.stage, d.outcome])).toEqual([
      ['D1', 'lost', 'lost'],
      ['D2', 'won', 'won'],
    ]);
    expect(run(db, 'deals', 'list', '--open').stderr).not.toContain('deal');
  });
});

describe('claims, negotiations, interactions', () => {
  it('claims resolve sets status, result, day and what was recovered; undo takes it back', () => {
    const { db } = copyDb(template);
    const claim = () => query(db, "SELECT status, result, resolved_date, recovered_amount, amount FROM claims WHERE claim_no = 'K2'")[0];
    const before = claim();
    const r = run(db, 'claims', 'resolve', 'K2', '--result', 'замена', '--date', '2026-02-28', '--recovered-amount', '150');
    expect(r.stderr).toContain('claim K2 resolved on 2026-02-28 (замена)');
    expect(r.code).toBe(0);
    expect(claim()).toEqual({ status: 'resolved', result: 'replacement', resolved_date: '2026-02-28', recovered_amount: 15000, amount: 20000 });
    expect(crm(['--db', db, 'undo']).code).not.toBe(0); // undo needs the operation named
    const op = query<{ id: number }>(db, "SELECT id FROM operations WHERE kind = 'resolve'")[0]!.id;
    expect(crm(['--db', db, 'undo', String(op)]).code).toBe(0);
    expect(claim()).toEqual(before);
    // rejected: the result decides the status, the day defaults to --as-of
    expect(run(db, 'claims', 'resolve', 'K2', '--result', 'rejected').code).toBe(0);
    expect(claim()).toMatchObject({ status: 'rejected', result: 'rejected', resolved_date: AS_OF });
  });

  it('negotiations check records an item by position or text, show lists the checklist in template order', () => {
    const { db } = copyDb(template);
    expect(run(db, 'negotiations', 'check', 'N1', '2', 'частично', '--note', 'две недели').code).toBe(0);
    expect(run(db, 'negotiations', 'check', 'N1', 'цена', 'да').stderr).toContain('negotiation N1: "цена" yes');
    expect(run(db, 'negotiations', 'check', 'N1', 'цена', 'yes').stderr).toContain('nothing changed');
    const show = JSON.parse(run(db, 'negotiations', 'show', 'N1', '--json').stdout);
    expect(show.checklist).toEqual([
      { position: 1, item: 'цена', outcome: 'yes', note: null },
      { position: 2, item: 'сроки', outcome: 'partly', note: 'две недели' },
    ]);
    expect(query(db, "SELECT COUNT(*) AS n FROM operations WHERE kind = 'check'")).toEqual([{ n: 2 }]);
  });

  it('interactions add derives the number, list filters by kind in Russian too', () => {
    const { db } = copyDb(template);
    const r = run(db, 'interactions', 'add', '--date', '2026-02-12', '--client-code', 'Y', '--kind', 'факс', '--direction', 'исх', '--document-no', 'исх-12');
    expect(r.stderr).toMatch(/added interaction 20260212-\w+ \(operation \d+\)/);
    const faxes = JSON.parse(run(db, 'interactions', 'list', '--kind', 'факс', '--json').stdout).interactions;
    expect(faxes.map((i: Record<string, unknown>) => [i.client_code, i.kind, i.direction, i.document_no])).toEqual([['Y', 'fax', 'out', 'исх-12']]);
  });
});

describe('add and edit are operations too', () => {
  it('deals add, then edit, each undone in turn gives the deals back as they were', () => {
    const { db } = copyDb(template);
    const deals = () => query(db, 'SELECT deal_no, date, client_id, channel, manager_id, title, amount, expected_close, order_id FROM deals ORDER BY deal_no');
    const before = deals();
    const add = run(db, 'deals', 'add', '--deal-no', 'D3', '--date', '2026-02-15', '--client-code', 'Y', '--channel', 'direct', '--amount', '1 500,50');
    expect(add.stderr).toMatch(/added deal D3 \(operation \d+\)/);
    const added = deals();
    expect(added.find((d) => d.deal_no === 'D3')).toMatchObject({ amount: 150050, channel: 'direct' });
    const edit = run(db, 'deals', 'edit', 'D3', '--title', 'склад', '--expected-close', '2026-04-01');
    expect(edit.stderr).toMatch(/changed deal D3 \(operation \d+\)/);
    expect(deals().find((d) => d.deal_no === 'D3')).toMatchObject({ title: 'склад', expected_close: '2026-04-01', amount: 150050 });
    expect(run(db, 'deals', 'edit', 'D3', '--title', 'склад').stderr).toContain('deal D3 unchanged');
    const ops = query<{ id: number }>(db, "SELECT id FROM operations WHERE kind IN ('add', 'edit') ORDER BY id DESC");
    expect(crm(['--db', db, 'undo', String(ops[0]!.id)]).code).toBe(0);
    expect(deals()).toEqual(added);
    expect(crm(['--db', db, 'undo', String(ops[1]!.id)]).code).toBe(0);
    expect(deals()).toEqual(before);
  });
});

describe('clients show: the card', () => {
  it('terms, balance and overdue, last interactions, open deals with stages, open claims, sales by month', () => {
    const card = JSON.parse(run(template, 'clients', 'show', 'X', '--json').stdout);
    // shipped 1000 + 500, paid 400 → 1100. Unpaid, oldest paid first: S1 600 (due 01-15: overdue), S2 500 (due 03-02: not yet)
    expect(card).toMatchObject({ code: 'X', name: 'Икс', manager_code: 'M1', deferral_days: 10, as_of: AS_OF, balance: 1100, overdue: 600, overdue_shipments: 1 });
    expect(card.last_interactions).toEqual([{ date: '2026-02-10 11:00', kind: 'call', direction: 'in', manager: 'M1', contact: null, subject: 'цены', result: null, next_date: null }]);
    // D1 open in offer since 01-15 (45 days to 03-01); D2 is won
    expect(card.open_deals).toEqual([
      { deal_no: 'D1', date: '2026-01-05', channel: 'direct', stage: 'offer', since: '2026-01-15', days_in_stage: 45, title: 'кабель', amount: 1000, expected_close: null },
    ]);
    expect(card.open_claims).toEqual([{ claim_no: 'K2', date: '2026-02-22', cause: 'DEF', status: 'new', status_now: 'new', sku: 'P2', qty: 2, amount: 200, days_open: 7 }]);
    expect(card.sales_12_months).toEqual([
      { month: '2026-01', amount: 1000, margin: 400, margin_pct: 40, qty: 10 },
      { month: '2026-02', amount: 500, margin: 200, margin_pct: 40, qty: 5 },
    ]);
    const text = run(template, 'clients', 'show', 'X').stdout;
    for (const part of ['balance', '1 100.00', 'overdue', '600.00 (1 shipment past their deferral)', 'open deals:', 'D1', 'open claims:', 'K2', 'sales, 2025-04 to 2026-03']) expect(text).toContain(part);
  });
});
