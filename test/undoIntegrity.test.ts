// Undo keeps the rules (issues 13 and 14): an undo that would leave a claim, a delivery, a
// deal's order or a deal's moves breaking the rules an import keeps is refused (exit 3), naming
// the records and the later operations to undo first, nothing written; following that advice
// the undo goes through and `db check` is clean. `db check` finds such damage made by hand.
// Refusals say "… and N more"; every message in English and Russian.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDbCheck } from '../src/commands/db.js';
import { runImport } from '../src/commands/import.js';
import { runUndo } from '../src/commands/undo.js';
import { openDb } from '../src/db/connection.js';
import { sq } from '../src/db/handle.js';
import { rebuildStageMoves } from '../src/db/stageMoves.js';
import { RefusedError } from '../src/errors.js';
import { companyDb, copyDb, crmAsOf, dbFingerprint, lastOperation, ON_PG, query, SMALL_MASTER, testCtx, writeFile } from './helpers.js';

const AS_OF = '2026-03-01';
const { run, ok } = crmAsOf(AS_OF);
const SHIPMENTS = 'shipment_no,date,client_code,sku,qty,amount,cost\n';
const S1 = `${SHIPMENTS}S1,2026-01-05,X,P1,10,1000,600\n`;
const CLAIMS = 'claim_no,date,client_code,cause_code,status,shipment_no,sku,qty,amount\n';
const DELIVERIES = 'delivery_no,date,shipment_no,carrier,cost\n';
const DEALS = 'deal_no,date,client_code,channel,manager_code,amount,title,order_no\n';

let template: string;
beforeAll(() => {
  template = companyDb([
    ...SMALL_MASTER,
    ['orders', 'order_no,date,client_code,sku,qty,price\nO1,2026-01-03,X,P1,10,100\n'],
    ['shipments', S1],
    ['stages', 'channel,stage,position,outcome\ndirect,lead,1,\ndirect,offer,2,\ndirect,won,,won\ndirect,lost,,lost\ntenders,ask,1,\ntenders,bid,2,\ntenders,offer,3,\ntenders,done,,won\n'],
    ['claim-causes', 'code,name\nDEF,Брак\n'],
  ], AS_OF);
}, 120_000);

/** An import of `csv` as `entity`; its operation number. */
function imported(db: string, dir: string, entity: string, csv: string): number {
  ok(db, 'import', entity, writeFile(dir, `${entity}-${Math.random().toString(36).slice(2)}.csv`, csv));
  return lastOperation(db);
}

/** Rows changed by hand, as damage an undo of old could have left (SQLite file or PostgreSQL). */
/** Break a rule by hand; the derived stage moves follow (db check then finds the rule, not stale derived rows). */
function damage(db: string, sql: string): void {
  if (!db.startsWith('postgres')) {
    const sqlite = new Database(db);
    sqlite.exec(sql);
    sqlite.close();
  }
  const handle = openDb(db, 'write');
  try {
    if (db.startsWith('postgres')) for (const statement of sql.split(';').filter((s) => s.trim())) sq(handle).prepare(statement).run();
    rebuildStageMoves(sq(handle));
  } finally {
    handle.close();
  }
}

/** A company after: the operation to undo (`target`), then the later ones that hang records off it (`later`, in order). */
type Scenario = (db: string, dir: string) => { target: number; later: number[]; again?: [string, string] };

const reimported = (csv: string, after: (db: string, dir: string) => number[]): Scenario => (db, dir) => {
  const target = imported(db, dir, 'shipments', csv);
  return { target, later: after(db, dir), again: ['shipments', S1] };
};

const scenarios: [string, Scenario, string[]][] = [
  [
    'a claim dated before the shipment the undo puts back',
    reimported(`${SHIPMENTS}S1,2026-01-03,X,P1,10,1000,600\n`, (db, dir) => [imported(db, dir, 'claims', `${CLAIMS}K1,2026-01-04,X,DEF,new,S1,P1,1,100\n`)]),
    ['claims K1: shipment S1 is of 2026-01-05, after the claim'],
  ],
  [
    'a claim for more than the shipment the undo puts back shipped',
    reimported(`${SHIPMENTS}S1,2026-01-05,X,P1,20,2000,1200\n`, (db, dir) => [imported(db, dir, 'claims', `${CLAIMS}K1,2026-01-10,X,DEF,new,S1,P1,15,100\n`)]),
    ['claims K1: more than shipment S1 shipped of P1 (10)'],
  ],
  [
    'a claim on a line the shipment the undo puts back has not',
    reimported(`${SHIPMENTS}S1,2026-01-05,X,P1,10,1000,600\nS1,2026-01-05,X,P2,5,500,300\n`, (db, dir) => [
      imported(db, dir, 'claims', `${CLAIMS}K1,2026-01-10,X,DEF,new,S1,P2,1,100\n`),
    ]),
    ['claims K1: shipment S1 has no line of P2 (it shipped P1)'],
  ],
  [
    'a claim of the client the shipment went to before the undo',
    reimported(`${SHIPMENTS}S1,2026-01-05,Y,P1,10,1000,600\n`, (db, dir) => [imported(db, dir, 'claims', `${CLAIMS}K1,2026-01-10,Y,DEF,new,S1,P1,1,100\n`)]),
    ['claims K1: shipment S1 went to client X, not Y'],
  ],
  [
    'a delivery dated before the shipment the undo puts back',
    reimported(`${SHIPMENTS}S1,2026-01-03,X,P1,10,1000,600\n`, (db, dir) => [imported(db, dir, 'deliveries', `${DELIVERIES}DL1,2026-01-04,S1,ПЭК,100\n`)]),
    ['deliveries DL1: before shipment S1 itself (2026-01-05)'],
  ],
  [
    'a claim and a delivery: both named, and both operations, newest first',
    reimported(`${SHIPMENTS}S1,2026-01-03,X,P1,20,2000,1200\n`, (db, dir) => [
      imported(db, dir, 'claims', `${CLAIMS}K1,2026-01-04,X,DEF,new,S1,P1,15,100\n`),
      imported(db, dir, 'deliveries', `${DELIVERIES}DL1,2026-01-04,S1,ПЭК,100\n`),
    ]),
    ['claims K1: shipment S1 is of 2026-01-05, after the claim', 'claims K1: more than shipment S1 shipped of P1 (10)', 'deliveries DL1: before shipment S1 itself'],
  ],
  [
    'a deal linked to an order the undo gives back to another client',
    (db, dir) => {
      const target = imported(db, dir, 'orders', 'order_no,date,client_code,sku,qty,price\nO1,2026-01-03,Y,P1,10,100\n');
      return { target, later: [imported(db, dir, 'deals', `${DEALS}D1,2026-01-05,Y,direct,M1,1000,кабель,O1\n`)] };
    },
    ['deals D1: ', 'O1'],
  ],
  [
    "a deal's channel put back after it moved to a stage only the other channel has",
    (db, dir) => {
      imported(db, dir, 'deals', `${DEALS}D1,2026-01-05,X,direct,M1,1000,кабель,\n`);
      const target = imported(db, dir, 'deals', `${DEALS}D1,2026-01-05,X,tenders,M1,1000,кабель,\n`);
      ok(db, 'deals', 'move', 'D1', 'bid', '--date', '2026-01-10');
      return { target, later: [lastOperation(db)] };
    },
    ['deal-stages D1 2026-01-10: ', 'not a stage of the deal\'s channel "direct"'],
  ],
  [
    "a deal's channel put back after it moved to a stage both channels have",
    (db, dir) => {
      imported(db, dir, 'deals', `${DEALS}D1,2026-01-05,X,direct,M1,1000,кабель,\n`);
      const target = imported(db, dir, 'deals', `${DEALS}D1,2026-01-05,X,tenders,M1,1000,кабель,\n`);
      ok(db, 'deals', 'move', 'D1', 'offer', '--date', '2026-01-10');
      return { target, later: [lastOperation(db)] };
    },
    ['deal-stages D1 2026-01-10: deal D1 would be in stage "offer" of channel "tenders", not of its own channel "direct"'],
  ],
  [
    'a negotiation and its checklist on a template the undo takes away',
    (db, dir) => {
      const target = imported(db, dir, 'negotiation-templates', 'template_code,position,item\nT,1,Цена\nT,2,Сроки\n');
      const negotiations = imported(db, dir, 'negotiations', 'negotiation_no,date,client_code,template_code\nN1,2026-02-01,X,T\n');
      return { target, later: [negotiations, imported(db, dir, 'negotiation-items', 'negotiation_no,item,outcome\nN1,Цена,yes\n')] };
    },
    ['negotiations N1: unknown template', 'negotiation-items N1 Цена: not an item of template "T"'],
  ],
  [
    "a deal in a channel whose stages the undo takes away",
    (db, dir) => {
      const target = imported(db, dir, 'stages', 'channel,stage,position,outcome\npartners,call,1,\npartners,deal,,won\n');
      return { target, later: [imported(db, dir, 'deals', `${DEALS}D7,2026-01-05,X,partners,M1,1000,кабель,\n`)] };
    },
    ['deals D7: '],
  ],
];

describe('an undo that would leave records hanging off what it restores breaking their rules', () => {
  it.each(scenarios)('%s: refused (exit 3) naming them, nothing written; undone in the order said, it goes through', (_what, scenario, fragments) => {
    const { db, dir } = copyDb(template);
    const { target, later, again } = scenario(db, dir);
    const before = dbFingerprint(db);
    for (const args of [[], ['--dry-run'], ['--cascade']]) {
      const r = run(db, 'undo', String(target), ...args);
      for (const f of fragments) expect(r.stderr).toContain(f);
      expect(r.stderr).toContain(`cannot undo operation ${target}: the records left would break their rules — `);
      const named = [...later].reverse().map((op) => `operation ${op} (`);
      expect(r.stderr).toContain(`undo the later changes of these records first, newest first: ${named[0]}`);
      for (const n of named) expect(r.stderr).toContain(n);
      expect(r.stderr).toContain('nothing was written');
      expect(r.code).toBe(3);
      expect(dbFingerprint(db)).toBe(before);
    }
    // the advice: the later operations first, newest first; then the undo, and the data holds together
    for (const op of [...later].reverse()) ok(db, 'undo', String(op));
    ok(db, 'undo', String(target));
    expect(run(db, 'db', 'check').code).toBe(0);
    if (again) ok(db, 'import', again[0], writeFile(dir, 'again.csv', again[1])); // the unchanged file is taken again
  });

  it("a claim's own change taken back, before a shipment re-dated since: refused", () => {
    const { db, dir } = copyDb(template);
    imported(db, dir, 'claims', `${CLAIMS}K1,2026-01-06,X,DEF,new,S1,P1,1,100\n`);
    const target = imported(db, dir, 'claims', `${CLAIMS}K1,2026-01-20,X,DEF,new,S1,P1,1,100\n`);
    const reshipped = imported(db, dir, 'shipments', `${SHIPMENTS}S1,2026-01-15,X,P1,10,1000,600\n`);
    const before = dbFingerprint(db);
    const r = run(db, 'undo', String(target));
    expect(r.stderr).toContain('claims K1: shipment S1 is of 2026-01-15, after the claim');
    expect(r.stderr).toContain(`newest first: operation ${reshipped} (import shipments); nothing was written`);
    expect(r.code).toBe(3);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('records that keep their rules: the undo goes through and db check is clean', () => {
    const { db, dir } = copyDb(template);
    const target = imported(db, dir, 'shipments', `${SHIPMENTS}S1,2026-01-03,X,P1,20,2000,1200\n`);
    imported(db, dir, 'claims', `${CLAIMS}K1,2026-01-06,X,DEF,new,S1,P1,10,100\n`);
    imported(db, dir, 'deliveries', `${DELIVERIES}DL1,2026-01-05,S1,ПЭК,100\n`);
    ok(db, 'undo', String(target));
    expect(query(db, "SELECT date FROM shipments WHERE shipment_no = 'S1'")).toEqual([{ date: '2026-01-05' }]);
    expect(run(db, 'db', 'check').code).toBe(0);
  });

  it('--lang ru: the refusal in Russian', () => {
    const { db, dir } = copyDb(template);
    const target = imported(db, dir, 'shipments', `${SHIPMENTS}S1,2026-01-03,X,P1,10,1000,600\n`);
    const claims = imported(db, dir, 'claims', `${CLAIMS}K1,2026-01-04,X,DEF,new,S1,P1,1,100\n`);
    const before = dbFingerprint(db);
    const r = run(db, '--lang', 'ru', 'undo', String(target));
    expect(r.stderr).toContain(`нельзя отменить операцию ${target}: оставшиеся записи нарушили бы свои правила — claims K1: реализация S1 от 2026-01-05, позже претензии`);
    expect(r.stderr).toContain(`сначала отмените более поздние изменения этих записей, от новых к старым: операция ${claims} (import claims); ничего не записано`);
    expect(r.code).toBe(3);
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('refusals say how many more they do not name', () => {
  it('seven claims broken: five named, "… and 2 more records"', () => {
    const { db, dir } = copyDb(template);
    const target = imported(db, dir, 'shipments', `${SHIPMENTS}S1,2026-01-05,X,P1,20,2000,1200\n`);
    imported(db, dir, 'claims', CLAIMS + [1, 2, 3, 4, 5, 6, 7].map((i) => `K${i},2026-01-10,X,DEF,new,S1,P1,15,100\n`).join(''));
    const r = run(db, 'undo', String(target));
    expect(r.stderr).toContain('claims K5: more than shipment S1 shipped of P1 (10); … and 2 more records; undo the later changes');
    expect(r.stderr).not.toContain('claims K6');
    expect(r.code).toBe(3);
    expect(run(db, '--lang', 'ru', 'undo', String(target)).stderr).toContain('; … и ещё 2 записи; сначала отмените');
  });

  it('twelve later operations in the way: ten named, "… and 2 more operations"', () => {
    const { db } = copyDb(template);
    ok(db, 'clients', 'add', '--code', 'Z', '--name', 'Зет');
    const target = lastOperation(db);
    for (let i = 1; i <= 12; i++) ok(db, 'clients', 'edit', 'Z', '--deferral-days', String(i));
    const r = run(db, 'undo', String(target));
    expect(r.stderr).toContain(`operation ${target + 3} (clients edit) changed the same rows: clients Z; … and 2 more operations; undo those first, or use --cascade`);
    expect(r.stderr).not.toContain(`operation ${target + 2} (`);
    expect(r.code).toBe(3);
    expect(run(db, '--lang', 'ru', 'undo', String(target)).stderr).toContain('; … и ещё 2 операции; сначала отмените их или используйте --cascade; ничего не записано');
  });

  it('eight rows of one operation in the way: five named, "… and 3 more rows"', () => {
    const { db, dir } = copyDb(template);
    const codes = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `C${i}`);
    const target = imported(db, dir, 'clients', `code,name\n${codes.map((c) => `${c},Клиент ${c}`).join('\n')}\n`);
    const later = imported(db, dir, 'clients', `code,name,deferral_days\n${codes.map((c) => `${c},Клиент ${c},5`).join('\n')}\n`);
    const r = run(db, 'undo', String(target));
    expect(r.stderr).toContain(`operation ${later} (import clients) changed the same rows: clients C1, clients C2, clients C3, clients C4, clients C5 … and 3 more rows; undo that one first`);
    expect(r.code).toBe(3);
  });
});

describe('--lang ru: every undo refusal in Russian', () => {
  it.each([
    [['undo', '999'], 2, 'нет операции 999 (их список — crm history)'],
    [['undo', '__undone__'], 3, 'уже отменена операцией'],
    [['undo', '__blocked__'], 3, 'изменила те же строки: clients Z; сначала отмените её или используйте --cascade; ничего не записано'],
  ] as [string[], number, string][])('%j → exit %i', (args, code, fragment) => {
    const { db } = copyDb(template);
    ok(db, 'clients', 'add', '--code', 'Z', '--name', 'Зет');
    const added = lastOperation(db);
    ok(db, 'clients', 'edit', 'Z', '--deferral-days', '3');
    const edited = lastOperation(db);
    ok(db, 'undo', String(edited));
    ok(db, 'clients', 'edit', 'Z', '--deferral-days', '4');
    const resolved = args.map((a) => (a === '__undone__' ? String(edited) : a === '__blocked__' ? String(added) : a));
    const before = dbFingerprint(db);
    const r = run(db, '--lang', 'ru', ...resolved);
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).not.toMatch(/cannot|nothing was written|there is no/);
    expect(r.code).toBe(code);
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('db check finds the damage in a database already broken', () => {
  let broken: string;
  beforeAll(() => {
    const { db, dir } = copyDb(template);
    imported(db, dir, 'orders', 'order_no,date,client_code,sku,qty,price\nOY,2026-01-04,Y,P2,5,100\n');
    imported(db, dir, 'claims', `${CLAIMS}K1,2026-01-10,X,DEF,new,S1,P1,2,100\n`);
    imported(db, dir, 'deliveries', `${DELIVERIES}DL1,2026-01-06,S1,ПЭК,100\n`);
    imported(db, dir, 'deals', `${DEALS}D1,2026-01-05,X,direct,M1,1000,кабель,O1\n`);
    ok(db, 'deals', 'move', 'D1', 'offer', '--date', '2026-01-10');
    expect(run(db, 'db', 'check').code).toBe(0);
    broken = db;
  });

  it.each([
    ["UPDATE claims SET date = '2026-01-01'", 'claim K1 of 2026-01-01 is against shipment S1 of 2026-01-05, a later day'],
    ['UPDATE claims SET qty = 50', 'claim K1 claims 50 of P1 of shipment S1, which shipped 10'],
    ["UPDATE claims SET product_id = (SELECT id FROM products WHERE sku = 'P2')", 'claim K1 names the line of P2 of shipment S1, which has none'],
    ["UPDATE claims SET client_id = (SELECT id FROM clients WHERE code = 'Y')", 'claim K1 of client Y is against shipment S1 of client X'],
    ["UPDATE deliveries SET date = '2026-01-02'", 'delivery DL1 of 2026-01-02 carries shipment S1 of 2026-01-05, a later day'],
    [
      "UPDATE deal_stage_events SET stage_id = (SELECT id FROM sales_stages WHERE channel = 'tenders' AND stage = 'offer')",
      'deal D1 moved on 2026-01-10 to stage "offer" of channel "tenders", not of its own channel "direct"',
    ],
    ["UPDATE deal_stage_events SET date = '2026-01-01'", "deal D1 moved on 2026-01-01, before the deal's own date 2026-01-05"],
    ["UPDATE deals SET order_id = (SELECT id FROM sales_orders WHERE order_no = 'OY')", 'deal D1 of client X is linked to order OY of client Y'],
  ])('%s → "%s"', (sql, finding) => {
    const { db } = copyDb(broken);
    damage(db, sql);
    const r = run(db, 'db', 'check');
    expect(r.stdout).toMatch(/^FAILED +record rules: /m);
    expect(r.stdout).toContain(finding);
    expect(r.stdout).toContain('undo the operation that broke them');
    expect(r.stderr).toContain('failed 1 check (record rules)');
    expect(r.code).toBe(1);
  });

  it('--lang ru: the findings in Russian', () => {
    const { db } = copyDb(broken);
    damage(db, "UPDATE claims SET date = '2026-01-01'; UPDATE deliveries SET date = '2026-01-02'");
    const r = run(db, '--lang', 'ru', 'db', 'check');
    expect(r.stdout).toContain('претензия K1 от 2026-01-01 — к реализации S1 от 2026-01-05, более позднего дня');
    expect(r.stdout).toContain('доставка DL1 от 2026-01-02 везёт реализацию S1 от 2026-01-05, более позднего дня');
  });
});

describe('property: random shipments, claims, deliveries and undos keep the rules', () => {
  type Step =
    | { kind: 'ship'; no: string; day: number; client: string; sku: string; qty: number }
    | { kind: 'claim'; no: string; day: number; client: string; shipment: string; sku: string; qty: number }
    | { kind: 'delivery'; no: string; day: number; shipment: string }
    | { kind: 'undo'; pick: number; cascade: boolean };
  const day = fc.integer({ min: 1, max: 9 });
  // weighted to the histories that matter: S1 re-imported, then claims and deliveries against it, then undos
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('ship' as const), no: fc.constantFrom('S1', 'S1', 'S2'), day, client: fc.constantFrom('X', 'X', 'Y'), sku: fc.constantFrom('P1', 'P1', 'P2'), qty: fc.integer({ min: 1, max: 9 }) }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('claim' as const), no: fc.constantFrom('K1', 'K2', 'K3'), day, client: fc.constantFrom('X', 'X', 'Y'),
        shipment: fc.constantFrom('S1', 'S1', 'S2'), sku: fc.constantFrom('P1', 'P1', 'P2'), qty: fc.integer({ min: 1, max: 9 }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delivery' as const), no: fc.constantFrom('DL1', 'DL2'), day, shipment: fc.constantFrom('S1', 'S1', 'S2') }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('undo' as const), pick: fc.nat(), cascade: fc.constantFrom(false, false, true) }) },
  );

  /** `crm db check` in-process: throws (exit 1) on any finding. */
  async function clean(db: string): Promise<void> {
    const ctx = testCtx(db, { asOf: AS_OF });
    await runDbCheck({}, ctx).catch((error: unknown) => {
      throw new Error(`crm db check failed: ${String(error)}\n${ctx.out()}`);
    });
  }

  it('every accepted undo leaves db check clean; every refused one (exit 3) leaves the database as it was', async () => {
    const base = lastOperation(template);
    let undone = 0;
    let refused = 0;
    let broken = 0; // refused for the rules of the records hanging off what the undo restores
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 14 }), async (steps) => {
        const { dir, db } = copyDb(template);
        for (const [i, s] of steps.entries()) {
          const ctx = testCtx(db, { asOf: AS_OF });
          const file = (text: string) => writeFile(dir, `f${i}.csv`, text);
          const before = dbFingerprint(db);
          try {
            if (s.kind === 'ship') {
              await runImport({ entity: 'shipments', file: file(`${SHIPMENTS}${s.no},2026-01-0${s.day},${s.client},${s.sku},${s.qty},${s.qty * 100},${s.qty * 60}\n`) }, ctx);
            } else if (s.kind === 'claim') {
              await runImport({ entity: 'claims', file: file(`${CLAIMS}${s.no},2026-01-0${s.day},${s.client},DEF,new,${s.shipment},${s.sku},${s.qty},100\n`) }, ctx);
            } else if (s.kind === 'delivery') {
              await runImport({ entity: 'deliveries', file: file(`${DELIVERIES}${s.no},2026-01-0${s.day},${s.shipment},ПЭК,100\n`) }, ctx);
            } else {
              const ops = query<{ id: number }>(db, 'SELECT id FROM operations WHERE undone_by IS NULL AND id > ? ORDER BY id', base).map((o) => Number(o.id));
              if (ops.length === 0) continue;
              await runUndo(String(ops[s.pick % ops.length]), { cascade: s.cascade }, ctx);
              undone++;
            }
          } catch (error) {
            // refused (an undo: exit 3) or invalid (an import: exit 2): nothing written
            if (s.kind === 'undo') {
              expect(error).toBeInstanceOf(RefusedError);
              refused++;
              if (String((error as Error).message).includes('the records left would break their rules')) broken++;
            } else expect([2, 3], String(error)).toContain((error as { exitCode?: number }).exitCode);
            expect(dbFingerprint(db)).toBe(before);
            continue;
          }
          await clean(db);
        }
      }),
      {
        numRuns: ON_PG ? 10 : 40,
        // always among them: S1 re-imported with a P2 line, a claim on it, the re-import undone (refused: the claim's line would go)
        examples: [[[
          { kind: 'ship', no: 'S1', day: 1, client: 'X', sku: 'P2', qty: 1 },
          { kind: 'claim', no: 'K1', day: 1, client: 'X', shipment: 'S1', sku: 'P2', qty: 1 },
          { kind: 'undo', pick: 0, cascade: false },
          { kind: 'claim', no: 'K1', day: 2, client: 'X', shipment: 'S1', sku: 'P2', qty: 1 },
          { kind: 'undo', pick: 0, cascade: true },
        ]]],
      },
    );
    // the property saw both sides
    expect(undone).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect(broken).toBeGreaterThan(0);
  }, 600_000);
});
