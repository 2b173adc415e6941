// Findings of the new-user trial of issue 13 (the CRM side): every misuse is a row of one
// table — input → exit code, message fragment, database unchanged — and the hand-computed
// report cases that were wrong follow it.
import { beforeAll, describe, expect, it } from 'vitest';
import { companyDb, copyDb, crm, dbFingerprint, query, tempDir, writeFile, crmAsOf, lastOperation } from './helpers.js';

const AS_OF = '2026-03-01';

let template: string;
beforeAll(() => {
  template = companyDb([
    ['managers', 'code,name\nM1,Анна\nM2,Борис\n'],
    ['groups', 'code,name\nG,Товары\n'],
    ['products', 'sku,name,group_code,price,cost\nP1,Кабель,G,100,60\nP2,Лампа,G,100,60\nP3,Щиток,G,100,60\n'],
    ['clients', 'code,name,manager_code,deferral_days\nX,Икс,M1,10\nY,Игрек,M2,0\n'],
    ['reasons', 'code,name\nR1,Дорого\nR2,Сроки\n'],
    ['orders', 'order_no,date,client_code,sku,qty,price\nO1,2026-01-03,X,P1,10,100\nOY,2026-01-04,Y,P2,5,100\n'],
    ['shipments', 'shipment_no,date,client_code,sku,qty,amount,cost\nS1,2026-01-05,X,P1,10,1000,600\nS2,2026-02-20,X,P2,5,500,300\nS3,2026-01-06,Y,P1,4,400,240\n'],
    ['stages', 'channel,stage,position,outcome\ndirect,lead,1,\ndirect,offer,2,\ndirect,contract,3,\ndirect,won,,won\ndirect,lost,,lost\ndealers,ask,1,\ndealers,sign,2,\ndealers,done,,won\n'],
    ['deals', 'deal_no,date,client_code,channel,manager_code,amount,title\nD1,2026-01-05,X,direct,M1,1000,кабель\nD2,2026-01-10,X,direct,M1,2000,лампы\nD3,2026-01-12,Y,direct,,500,щитки\n'],
    ['deal-stages', 'deal_no,date,stage,reason\nD1,2026-01-15,offer,\nD2,2026-01-20,offer,\nD2,2026-02-01,won,\n'],
    ['claim-causes', 'code,name\nDEF,Брак\n'],
    [
      'claims',
      'claim_no,date,client_code,cause_code,status,shipment_no,sku,qty,amount,result,resolved_date\n' +
        'K1,2026-01-20,X,DEF,resolved,S1,P1,1,100,refund,2026-01-25\nK2,2026-02-22,X,DEF,new,S2,P2,2,200,,\n',
    ],
  ]);
}, 120_000);

const { run, ok } = crmAsOf(AS_OF);

const claimAdd = (...more: string[]) => ['claims', 'add', '--claim-no', 'K9', '--date', '2026-02-01', '--client-code', 'X', '--cause-code', 'DEF', ...more];
const SHIPMENT_S1 = 'shipment_no,date,client_code,sku,qty,amount,cost\n';

describe('misuse: exit code, message, nothing written', () => {
  let db: string;
  let dir: string;
  beforeAll(() => {
    db = copyDb(template).db;
    dir = tempDir();
    ok(db, 'deals', 'move', 'D1', 'contract', '--date', '2026-02-10');
  });

  // args, or an import: [entity, csv]
  it.each([
    // finding 2: a stage's position and outcome are the funnel's history
    [['stages', 'channel,stage,position,outcome\ndirect,offer,4,\n'], 2, 'stage "offer" of channel "direct" (open 2 → open 4) would rewrite the funnel history of 2 deals (D1, D2)'],
    [['stages', 'channel,stage,position,outcome\ndirect,contract,,won\n'], 2, '(open 3 → won) would rewrite the funnel history of 2 deals (D1, D2)'],
    [['stages', 'channel,stage,position,outcome\ndirect,lead,5,\n'], 2, '3 deals (D1, D2, D3): the stage new deals start in would change'],
    // finding 2: a re-imported shipment keeps the claims against it valid
    [['shipments', SHIPMENT_S1 + 'S1,2026-01-21,X,P1,10,1000,600\n'], 2, 'claim K1 of 2026-01-20 is against this shipment: expected a date on or before it'],
    [['shipments', SHIPMENT_S1 + 'S1,2026-01-05,Y,P1,10,1000,600\n'], 2, 'claim K1 of client X is against this shipment: its client stays'],
    // finding 5: implausible claims, a deal with another client's order
    [claimAdd('--status', 'new', '--shipment-no', 'S1', '--sku', 'P1', '--qty', '11'), 2, '--qty "11": more than shipment S1 shipped of P1 (10)'],
    [claimAdd('--status', 'new', '--shipment-no', 'S1', '--sku', 'P2', '--qty', '1'), 2, '--sku "P2": shipment S1 has no line of P2 (it shipped P1)'],
    [claimAdd('--status', 'resolved', '--resolved-date', '2026-02-05', '--result', 'refund', '--amount', '100', '--recovered-amount', '150'), 2, "--recovered-amount: recovered 150.00 is more than the claim's amount 100.00"],
    [claimAdd('--status', 'rejected', '--resolved-date', '2026-02-05', '--recovered-amount', '10'), 2, '--recovered-amount: a rejected claim cost nothing'],
    [['deals', 'add', '--deal-no', 'D9', '--date', '2026-01-01', '--client-code', 'X', '--channel', 'direct', '--order-no', 'OY'], 2, "--order-no \"OY\": order OY is client Y's, not X's"],
    // finding 6: moving "back" the same day is taking that day's move back: crm undo
    [['deals', 'move', 'D1', 'offer', '--date', '2026-02-10'], 2, 'a second move on 2026-02-10 replaces the move to "contract" of that day; to take that move back, crm undo its operation'],
    // finding 6: list options that clash
    [['claims', 'list', '--open', '--status', 'resolved'], 2, '--open and --status resolved contradict each other'],
  ] as [string[], number, string][])('%j → exit %i', (input, code, fragment) => {
    const args = input.length === 2 && input[1]!.includes('\n') ? ['import', input[0]!, writeFile(dir, `${input[0]}.csv`, input[1]!)] : input;
    const before = dbFingerprint(db);
    const r = run(db, ...args);
    expect(r.stderr).toContain(fragment);
    expect(r.code).toBe(code);
    expect(r.stderr).not.toContain('unexpected failure');
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('undo keeps a deal history the rules allow (finding 1)', () => {
  it.each([
    // offer(01-15) → contract(01-20) → offer(01-25, back R1): without the contract move the last is a move to the stage it is in
    ['a later move to the stage the deal is then in', [['contract', '2026-01-20'], ['offer', '2026-01-25', 'R1']], 0, 'deal-stages D1 2026-01-25: deal D1: the deal is in stage "offer" already'],
    // offer → contract → lead (R1) → offer: without the move back, offer after contract is a move back without a reason
    ['a later move that becomes a move back without a reason', [['contract', '2026-01-20'], ['lead', '2026-01-25', 'R1'], ['offer', '2026-02-01']], 1, 'deal-stages D1 2026-02-01: deal D1: a move back from "contract" (position 3) to "offer" (position 2) needs a reason'],
  ] as [string, string[][], number, string][])('%s: refused (exit 3), nothing written', (_what, moves, undone, fragment) => {
    const { db } = copyDb(template);
    const ops: number[] = [];
    for (const [stage, date, reason] of moves) {
      ok(db, 'deals', 'move', 'D1', stage!, '--date', date!, ...(reason ? ['--reason', reason] : []));
      ops.push(lastOperation(db));
    }
    const before = dbFingerprint(db);
    const r = run(db, 'undo', String(ops[undone]));
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).toContain('undo the later changes of these records first');
    expect(r.code).toBe(3);
    expect(dbFingerprint(db)).toBe(before);
    // the latest move can go: what is left keeps the rules
    ok(db, 'undo', String(ops.at(-1)));
  });
});

describe('lists and reports filter --manager by one rule (finding 3)', () => {
  let db: string;
  beforeAll(() => {
    db = copyDb(template).db;
  });
  const keys = (args: string[], key: string) => (JSON.parse(ok(db, ...args, '--json').stdout)[args[0]!] as Record<string, unknown>[]).map((r) => r[key]);

  it("the record's manager, else its client's: D3 has none, its client Y is M2's", () => {
    expect(keys(['deals', 'list', '--manager', 'M2'], 'deal_no')).toEqual(['D3']);
    expect(keys(['deals', 'list', '--manager', 'M1'], 'deal_no')).toEqual(['D1', 'D2']);
    // K1 and K2 name no manager; their client X is M1's — as the claims report counts them
    expect(keys(['claims', 'list', '--manager', 'M1'], 'claim_no')).toEqual(['K1', 'K2']);
    const report = JSON.parse(ok(db, 'report', 'claims', '--from', '2026-01-01', '--to', '2026-02-28', '--manager', 'M1', '--format', 'json').stdout);
    expect(report.totals.claims).toBe(2);
  });

  it('--status takes the words an import takes', () => {
    expect(keys(['claims', 'list', '--status', 'решена'], 'claim_no')).toEqual(['K1']);
  });
});

describe('report claims, computed by hand (finding 4)', () => {
  let db: string;
  beforeAll(() => {
    db = copyDb(template).db;
    // K3: P3, never shipped; resolved only after January
    ok(db, 'claims', 'add', '--claim-no', 'K3', '--date', '2026-01-10', '--client-code', 'X', '--cause-code', 'DEF', '--status', 'resolved', '--sku', 'P3', '--qty', '4', '--amount', '50', '--result', 'refund', '--resolved-date', '2026-02-15');
  });
  const report = (...args: string[]) => JSON.parse(ok(db, 'report', 'claims', '--from', '2026-01-01', '--to', '2026-01-31', '--format', 'json', ...args).stdout);

  it('the claim rate counts the claimed qty of products shipped in the period only', () => {
    // January: K1 (P1, 1) and K3 (P3, 4); shipped P1 10 (S1) + 4 (S3) = 14, P3 nothing
    const r = report('--by', 'product');
    expect(r.rows.map((x: Record<string, unknown>) => [x.sku, x.qty, x.shipped_qty, x.claim_rate_pct])).toEqual([
      ['P1', 1, 14, (100 * 1) / 14],
      ['P3', 4, 0, null],
    ]);
    // the total is 1 / 14, not (1 + 4) / 14 = 35.7 % above every row
    expect(r.totals.claim_rate_pct).toBeCloseTo((100 * 1) / 14, 9);
    expect(r.totals.overall_claim_rate_pct).toBeCloseTo((100 * 1) / 14, 9);
    expect(r.totals.qty).toBe(5);
  });

  it('--by status is the status at --to', () => {
    // K1 resolved 01-25 (by --to); K3 resolved 02-15, after --to: in work on 01-31, and open
    const r = report('--by', 'status');
    const rows = Object.fromEntries(r.rows.map((x: Record<string, unknown>) => [x.status, [x.claims, x.open, x.avg_days_to_resolve]]));
    expect(rows).toEqual({ resolved: [1, 0, 5], in_work: [1, 1, null] });
  });
});

describe('names as people type them, the rest of finding 6', () => {
  let db: string;
  beforeAll(() => {
    db = copyDb(template).db;
  });

  it('channels and stages in any case; Russian outcomes', () => {
    ok(db, 'deals', 'move', 'D1', 'Contract', '--date', '2026-02-10');
    expect(query(db, "SELECT s.stage FROM deal_stage_events e JOIN sales_stages s ON s.id = e.stage_id WHERE e.date = '2026-02-10'")).toEqual([{ stage: 'contract' }]);
    ok(db, 'deals', 'add', '--deal-no', 'D4', '--date', '2026-01-20', '--client-code', 'Y', '--channel', 'DEALERS');
    expect(query(db, "SELECT channel FROM deals WHERE deal_no = 'D4'")).toEqual([{ channel: 'dealers' }]);
    const list = JSON.parse(ok(db, 'deals', 'list', '--channel', 'Dealers', '--json').stdout).deals;
    expect(list.map((d: Record<string, unknown>) => d.deal_no)).toEqual(['D4']);
    const funnel = ok(db, 'report', 'funnel', '--from', '2026-01-01', '--to', '2026-02-28', '--channel', 'DIRECT', '--format', 'json');
    expect(JSON.parse(funnel.stdout).rows.every((r: Record<string, unknown>) => r.channel === 'direct')).toBe(true);
    const dir = tempDir();
    ok(db, 'import', 'stages', writeFile(dir, 'st.csv', 'Канал;Этап;Позиция;Исход\nтендеры;заявка;1;открыт\nтендеры;победа;;выигрыш\nтендеры;поражение;;проигрыш\n'));
    expect(query(db, "SELECT stage, outcome FROM sales_stages WHERE channel = 'тендеры' ORDER BY id")).toEqual([
      { stage: 'заявка', outcome: 'open' }, { stage: 'победа', outcome: 'won' }, { stage: 'поражение', outcome: 'lost' },
    ]);
  });

  it('one deal is "1 deal"', () => {
    const r = ok(db, 'report', 'funnel', '--from', '2026-01-01', '--to', '2026-02-28');
    expect(r.stdout + r.stderr).toContain('dealers: 1 deal, 0 won');
  });

  it('history record of a deal shows its stage moves', () => {
    const h = JSON.parse(ok(db, 'history', 'record', 'deals', 'D1', '--json').stdout);
    const parts = h.changes.map((c: Record<string, unknown>) => c.part ?? null);
    expect(parts).toContain('deal_stage_events 2026-01-15');
    expect(parts).toContain('deal_stage_events 2026-02-10');
    expect(ok(db, 'history', 'record', 'deals', 'D1').stdout).toContain('deals move D1: deal_stage_events 2026-02-10 created');
  });
});

describe('funnel xlsx (finding 6)', () => {
  it('the lost reasons, backward moves and channels are sheets of typed cells, not text in one cell', async () => {
    const { db, dir } = copyDb(template);
    ok(db, 'deals', 'move', 'D3', 'lost', '--date', '2026-02-01', '--reason', 'R2');
    ok(db, 'deals', 'move', 'D1', 'lead', '--date', '2026-02-12', '--reason', 'R1');
    const file = `${dir}/f.xlsx`;
    ok(db, 'report', 'funnel', '--from', '2026-01-01', '--to', '2026-02-28', '-o', file);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const rowsOf = (name: string) => {
      const sheet = book.getWorksheet(name);
      expect(sheet, name).toBeDefined();
      const out: unknown[][] = [];
      sheet!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return out;
    };
    expect(rowsOf('lost by reason')).toContainEqual(['R2', 1]);
    expect(rowsOf('backward moves')).toContainEqual(['direct', 'offer', 'lead', 1]);
    expect(rowsOf('channels')).toContainEqual(['direct', 3, 1, 1, 100 / 3]);
  });
});
