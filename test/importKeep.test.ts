// Issues 13/14 trial findings: a document re-imported from a file without some of its columns
// (a nightly 1C export never carries the originals date, the instructions, the order …) keeps
// the stored values of those columns, as master data does; such a re-import of unchanged data is
// "unchanged" (no operation, no journal rows). An order, its shipments and the deals naming it
// stay one client's. SQLite and PostgreSQL (vitest.config.ts PG_E2E_FILES).
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { companyDb, copyDb, crm, dbFingerprint, lastOperation, ON_PG, query, writeFile } from './helpers.js';

const AS_OF = '2026-06-01';

// M1/M2, P1 (cost 60) / P2 (cost 80), C1 (M1) / C2 (M2), supplier S1, a channel with stages,
// a claim cause and a negotiation template: what the documents below refer to.
const MASTER: [string, string][] = [
  ['managers', 'code,name\nM1,Менеджер Один\nM2,Менеджер Два\n'],
  ['groups', 'code,name\nG1,Группа\n'],
  ['suppliers', 'code,name\nS1,Поставщик\n'],
  ['products', 'sku,name,group_code,price,cost,supplier_code\nP1,Товар один,G1,100,60,S1\nP2,Товар два,G1,100,80,S1\n'],
  ['clients', 'code,name,manager_code\nC1,Клиент один,M1\nC2,Клиент два,M2\n'],
  ['reasons', 'code,name\nR1,Дорого\n'],
  ['stages', 'channel,stage,position,outcome\nпрямые,лид,1,open\nпрямые,КП,2,open\nпрямые,выиграна,,won\nпрямые,проиграна,,lost\n'],
  ['claim-causes', 'code,name\nQ1,Брак\n'],
  ['negotiation-templates', 'template_code,position,item\nT1,1,цена\nT1,2,сроки\n'],
];

// Each document entity with every optional column filled in; imported in this order.
const FULL: [string, string][] = [
  [
    'orders',
    'order_no,date,client_code,sku,qty,price,manager_code,discount_pct,deferral_days,planned_ship_date,planned_payment_date,status,refusal_reason\n' +
      'O1,2026-01-10,C1,P1,10,100,M1,5,30,2026-01-15,2026-02-15,shipped,\nO1,2026-01-10,C1,P2,5,100,M1,5,30,2026-01-15,2026-02-15,shipped,\n' +
      'O2,2026-01-12,C2,P1,3,100,M2,,,,,refused,R1\nO3,2026-02-05,C2,P2,1,100,M2,,,,,confirmed,\n',
  ],
  [
    'shipments',
    'shipment_no,date,client_code,sku,qty,amount,cost,order_no,originals_date,instructions\n' +
      'T1,2026-01-15,C1,P1,10,1000,550,O1,2026-01-20,звонить за час\nT1,2026-01-15,C1,P2,5,500,390,O1,2026-01-20,звонить за час\n' +
      'T2,2026-02-10,C2,P2,1,100,80,O3,2026-02-12,\n',
  ],
  ['purchases', 'po_no,date,supplier_code,sku,qty,cost,expected_date\nPO1,2026-01-05,S1,P1,100,55,2026-01-25\nPO1,2026-01-05,S1,P2,50,75,2026-01-28\n'],
  ['receipts', 'receipt_no,date,supplier_code,sku,qty,cost,po_no\nRC1,2026-01-26,S1,P1,100,55,PO1\n'],
  ['payments', 'payment_no,date,client_code,amount,order_no\nPAY1,2026-02-01,C1,1000,O1\n'],
  ['supplier-payments', 'payment_no,date,supplier_code,amount,po_no\nSP1,2026-02-02,S1,5500,PO1\n'],
  ['reservations', 'order_no,sku,qty,reserved_date,released_date\nO1,P1,10,2026-01-10,2026-01-15\n'],
  ['deliveries', 'delivery_no,date,shipment_no,carrier,cost\nD1,2026-01-16,T1,ПЭК,300\n'],
  [
    'interactions',
    'interaction_no,date,client_code,kind,direction,manager_code,contact,subject,document_no,result,next_date\n' +
      'I1,2026-01-08,C1,call,in,M1,Иван,цены,вх-5,просил КП,2026-01-09\n',
  ],
  ['deals', 'deal_no,date,client_code,channel,manager_code,title,amount,expected_close,order_no\nDL1,2026-01-02,C1,прямые,M1,Кабель на объект,1500,2026-02-01,O1\n'],
  [
    'claims',
    'claim_no,date,client_code,cause_code,status,shipment_no,sku,qty,amount,result,resolved_date,manager_code,recovered_amount,description\n' +
      'K1,2026-01-20,C1,Q1,resolved,T1,P1,1,100,refund,2026-01-25,M1,50,царапины\n',
  ],
  ['negotiations', 'negotiation_no,date,client_code,template_code,manager_code,result,next_date,note\nN1,2026-01-03,C1,T1,M1,agreed,2026-01-10,договорились о цене\n'],
  ['negotiation-items', 'negotiation_no,item,outcome,note\nN1,цена,yes,скидка 5%\n'],
];

/**
 * Each entity re-imported with only its required columns (the key's and the ones it cannot do
 * without); `changed` also changes one present column ([column, value as exported]).
 */
const PARTIAL: { entity: string; same: string; changed: string; column: string; value: unknown }[] = [
  {
    entity: 'orders',
    same: 'order_no,date,client_code,sku,qty,price\nO1,2026-01-10,C1,P1,10,100\nO1,2026-01-10,C1,P2,5,100\nO2,2026-01-12,C2,P1,3,100\n',
    changed: 'order_no,date,client_code,sku,qty,price\nO1,2026-01-11,C1,P1,10,100\nO1,2026-01-11,C1,P2,5,100\n',
    column: 'date', value: '2026-01-11',
  },
  {
    entity: 'shipments',
    same: 'shipment_no,date,client_code,sku,qty,amount\nT1,2026-01-15,C1,P1,10,1000\nT1,2026-01-15,C1,P2,5,500\n',
    changed: 'shipment_no,date,client_code,sku,qty,amount\nT1,2026-01-14,C1,P1,10,1000\nT1,2026-01-14,C1,P2,5,500\n',
    column: 'date', value: '2026-01-14',
  },
  {
    entity: 'purchases',
    same: 'po_no,date,supplier_code,sku,qty,cost\nPO1,2026-01-05,S1,P1,100,55\nPO1,2026-01-05,S1,P2,50,75\n',
    changed: 'po_no,date,supplier_code,sku,qty,cost\nPO1,2026-01-04,S1,P1,100,55\nPO1,2026-01-04,S1,P2,50,75\n',
    column: 'date', value: '2026-01-04',
  },
  {
    entity: 'receipts',
    same: 'receipt_no,date,supplier_code,sku,qty,cost\nRC1,2026-01-26,S1,P1,100,55\n',
    changed: 'receipt_no,date,supplier_code,sku,qty,cost\nRC1,2026-01-27,S1,P1,100,55\n',
    column: 'date', value: '2026-01-27',
  },
  {
    entity: 'payments',
    same: 'payment_no,date,client_code,amount\nPAY1,2026-02-01,C1,1000\n',
    changed: 'payment_no,date,client_code,amount\nPAY1,2026-02-03,C1,1000\n',
    column: 'date', value: '2026-02-03',
  },
  {
    entity: 'supplier-payments',
    same: 'payment_no,date,supplier_code,amount\nSP1,2026-02-02,S1,5500\n',
    changed: 'payment_no,date,supplier_code,amount\nSP1,2026-02-04,S1,5500\n',
    column: 'date', value: '2026-02-04',
  },
  {
    entity: 'reservations',
    same: 'order_no,sku,qty,reserved_date\nO1,P1,10,2026-01-10\n',
    changed: 'order_no,sku,qty,reserved_date\nO1,P1,8,2026-01-10\n',
    column: 'qty', value: 8,
  },
  {
    entity: 'deliveries',
    same: 'delivery_no,date,shipment_no,cost\nD1,2026-01-16,T1,300\n',
    changed: 'delivery_no,date,shipment_no,cost\nD1,2026-01-16,T1,320\n',
    column: 'cost', value: 320,
  },
  {
    entity: 'interactions',
    same: 'interaction_no,date,client_code,kind\nI1,2026-01-08,C1,call\n',
    changed: 'interaction_no,date,client_code,kind\nI1,2026-01-08,C1,meeting\n',
    column: 'kind', value: 'meeting',
  },
  {
    entity: 'deals',
    same: 'deal_no,date,client_code,channel\nDL1,2026-01-02,C1,прямые\n',
    changed: 'deal_no,date,client_code,channel\nDL1,2026-01-01,C1,прямые\n',
    column: 'date', value: '2026-01-01',
  },
  {
    // a resolved claim needs its resolved date: the stored one counts when the file lacks the column
    entity: 'claims',
    same: 'claim_no,date,client_code,cause_code,status\nK1,2026-01-20,C1,Q1,resolved\n',
    changed: 'claim_no,date,client_code,cause_code,status\nK1,2026-01-21,C1,Q1,resolved\n',
    column: 'date', value: '2026-01-21',
  },
  {
    entity: 'negotiations',
    same: 'negotiation_no,date,client_code,template_code\nN1,2026-01-03,C1,T1\n',
    changed: 'negotiation_no,date,client_code,template_code\nN1,2026-01-02,C1,T1\n',
    column: 'date', value: '2026-01-02',
  },
  {
    entity: 'negotiation-items',
    same: 'negotiation_no,item,outcome\nN1,цена,yes\n',
    changed: 'negotiation_no,item,outcome\nN1,цена,partly\n',
    column: 'outcome', value: 'partly',
  },
];

let template: string;
beforeAll(() => {
  template = companyDb([...MASTER, ...FULL], AS_OF);
}, 300_000);

const run = (db: string, ...args: string[]) => crm(['--db', db, '--as-of', AS_OF, ...args]);

/** The entity as `crm export` writes it (JSON records: every column, codes, roubles). */
function exported(db: string, dir: string, entity: string): Record<string, unknown>[] {
  const file = path.join(dir, `${entity}-${Math.random().toString(36).slice(2)}.json`);
  const r = run(db, 'export', entity, '-o', file);
  if (r.code !== 0) throw new Error(`export ${entity}: ${r.stderr}`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>[];
}

/** Journal rows of the database (an unchanged re-import writes none). */
const journalRows = (db: string) =>
  Number(query<{ n: number }>(db, 'SELECT (SELECT COUNT(*) FROM journal) + (SELECT COUNT(*) FROM journal_ranges) AS n')[0]!.n);

describe('a re-import without some columns keeps their stored values', () => {
  it('the company imported with every column keeps them all (the starting point)', () => {
    const { dir, db } = copyDb(template);
    const shipments = exported(db, dir, 'shipments').filter((s) => s.shipment_no === 'T1');
    expect(shipments.map((s) => [s.cost, s.order_no, s.originals_date, s.instructions])).toEqual([
      [550, 'O1', '2026-01-20', 'звонить за час'],
      [390, 'O1', '2026-01-20', 'звонить за час'],
    ]);
  });

  it.each(PARTIAL)('$entity: the same data without the optional columns is unchanged; a change keeps them; undo restores', ({ entity, same, changed, column, value }) => {
    const { dir, db } = copyDb(template);
    const full = exported(db, dir, entity);
    const fingerprint = dbFingerprint(db);
    const op = lastOperation(db);
    const journal = journalRows(db);

    // the nightly export without the optional columns: nothing to write, nothing journaled
    const again = run(db, 'import', entity, writeFile(dir, 'same.csv', same));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/0 inserted, 0 updated, \d+ unchanged/);
    expect(lastOperation(db)).toBe(op);
    expect(journalRows(db)).toBe(journal);
    expect(dbFingerprint(db)).toBe(fingerprint);

    // one present column changed: written, and every column the file lacks as it was
    const change = run(db, 'import', entity, writeFile(dir, 'changed.csv', changed));
    expect(change.code, change.stderr).toBe(0);
    expect(change.stdout).toMatch(/0 inserted, 1 updated/);
    const key = Object.keys(full[0]!)[0]!;
    const changedKey = full.find((r) => changed.split('\n')[1]!.startsWith(`${String(r[key])},`))![key];
    const expected = full.map((r) => (r[key] === changedKey ? { ...r, [column]: value } : r));
    expect(exported(db, dir, entity)).toEqual(expected);

    // the update undoes to the data before it
    const undo = run(db, 'undo', String(lastOperation(db)));
    expect(undo.code, undo.stderr).toBe(0);
    expect(exported(db, dir, entity)).toEqual(full);
  });

  it('a present but empty cell clears an optional field (as master data); the default of an empty cost is the product cost × qty', () => {
    const { dir, db } = copyDb(template);
    const r = run(
      db, 'import', 'shipments',
      writeFile(dir, 'clear.csv', 'shipment_no,date,client_code,sku,qty,amount,cost,instructions\nT1,2026-01-15,C1,P1,10,1000,,\nT1,2026-01-15,C1,P2,5,500,390,\n'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(exported(db, dir, 'shipments').filter((s) => s.shipment_no === 'T1').map((s) => [s.cost, s.order_no, s.originals_date, s.instructions])).toEqual([
      [600, 'O1', '2026-01-20', null],
      [390, 'O1', '2026-01-20', null],
    ]);
  });

  it('a line of a file without costs keeps the stored cost of the line of the same SKU and quantity; a changed quantity takes the default', () => {
    const { dir, db } = copyDb(template);
    const r = run(db, 'import', 'shipments', writeFile(dir, 'qty.csv', 'shipment_no,date,client_code,sku,qty,amount\nT1,2026-01-15,C1,P1,10,1000\nT1,2026-01-15,C1,P2,6,600\n'));
    expect(r.code, r.stderr).toBe(0);
    expect(exported(db, dir, 'shipments').filter((s) => s.shipment_no === 'T1').map((s) => [s.sku, s.qty, s.cost])).toEqual([
      ['P1', 10, 550],
      ['P2', 6, 480],
    ]);
  });

  it('an order re-imported without a status keeps its stored one (not the default "confirmed")', () => {
    const { dir, db } = copyDb(template);
    const r = run(db, 'import', 'orders', writeFile(dir, 'o.csv', 'order_no,date,client_code,sku,qty,price\nO1,2026-01-10,C1,P1,10,101\nO1,2026-01-10,C1,P2,5,100\n'));
    expect(r.code, r.stderr).toBe(0);
    const orders = exported(db, dir, 'orders').filter((o) => o.order_no === 'O1');
    expect(orders.map((o) => [o.price, o.status, o.manager_code, o.discount_pct, o.deferral_days, o.planned_payment_date])).toEqual([
      [101, 'shipped', 'M1', 5, 30, '2026-02-15'],
      [100, 'shipped', 'M1', 5, 30, '2026-02-15'],
    ]);
  });

  it('a document split across the file keeps the stored values too', () => {
    const { dir, db } = copyDb(template);
    const text = 'shipment_no,date,client_code,sku,qty,amount\nT1,2026-01-14,C1,P1,10,1000\nT9,2026-01-14,C2,P1,1,100\nT1,2026-01-14,C1,P2,5,500\n';
    const r = run(db, 'import', 'shipments', writeFile(dir, 'split.csv', text));
    expect(r.code, r.stderr).toBe(0);
    const t1 = exported(db, dir, 'shipments').filter((s) => s.shipment_no === 'T1');
    expect(t1.map((s) => [s.date, s.order_no, s.originals_date, s.instructions])).toEqual([
      ['2026-01-14', 'O1', '2026-01-20', 'звонить за час'],
      ['2026-01-14', 'O1', '2026-01-20', 'звонить за час'],
    ]);
  });

  it('the rules see the kept values: a new resolved claim without a resolved date is refused (a stored one keeps its date: above); a date moved past the kept originals is refused', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const r = run(db, 'import', 'claims', writeFile(dir, 'k.csv', 'claim_no,date,client_code,cause_code,status\nK2,2026-01-22,C1,Q1,resolved\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('column resolved_date');
    expect(dbFingerprint(db)).toBe(before);
    // a kept date that a changed one makes wrong: the originals of T2 came back 2026-02-12
    const late = run(db, 'import', 'shipments', writeFile(dir, 'late.csv', 'shipment_no,date,client_code,sku,qty,amount\nT2,2026-02-13,C2,P2,1,100\n'));
    expect(late.code).toBe(2);
    expect(late.stderr).toContain('row 2, column originals_date "2026-02-12"');
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('an order, its shipments and the deals naming it are one client\'s', () => {
  const CASES: { what: string; entity: string; text: string; fragment: string }[] = [
    {
      what: 'a new shipment naming another client\'s order',
      entity: 'shipments',
      text: 'shipment_no,date,client_code,sku,qty,amount,order_no\nT5,2026-02-01,C1,P1,1,100,O2\n',
      fragment: 'row 2, column order_no "O2": order O2 is client C2\'s, not C1\'s',
    },
    {
      what: 'a stored shipment moved to another client while its kept order stays C2\'s',
      entity: 'shipments',
      text: 'shipment_no,date,client_code,sku,qty,amount\nT2,2026-02-10,C1,P2,1,100\n',
      fragment: 'order O3 is client C2\'s, not C1\'s',
    },
    {
      what: 'an order moved to another client while a deal and a shipment of C1 name it',
      entity: 'orders',
      text: 'order_no,date,client_code,sku,qty,price\nO1,2026-01-10,C2,P1,10,100\nO1,2026-01-10,C2,P2,5,100\n',
      fragment: 'row 2, column client_code "C2": deal DL1 of client C1, shipment T1 of client C1 name order O1: it cannot move to client C2',
    },
    {
      what: 'a deal naming another client\'s order',
      entity: 'deals',
      text: 'deal_no,date,client_code,channel,order_no\nDL2,2026-01-03,C1,прямые,O2\n',
      fragment: 'order O2 is client C2\'s, not C1\'s',
    },
  ];
  it.each(CASES)('$what: exit 2, nothing written', ({ entity, text, fragment }) => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const r = run(db, 'import', entity, writeFile(dir, 'x.csv', text));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).toContain('nothing was written');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('an order named only by its own client\'s deals and shipments changes freely; --skip-invalid writes the others', () => {
    const { dir, db } = copyDb(template);
    const r = run(
      db, 'import', 'orders', '--skip-invalid',
      writeFile(dir, 'o.csv', 'order_no,date,client_code,sku,qty,price\nO1,2026-01-10,C2,P1,10,100\nO2,2026-01-12,C1,P1,3,100\n'),
    );
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('deal DL1 of client C1, shipment T1 of client C1 name order O1');
    const clients = query<{ order_no: string; code: string }>(db, 'SELECT o.order_no, c.code FROM sales_orders o JOIN clients c ON c.id = o.client_id ORDER BY o.order_no');
    expect(clients).toEqual([{ order_no: 'O1', code: 'C1' }, { order_no: 'O2', code: 'C1' }, { order_no: 'O3', code: 'C2' }]);
  });
});

describe('property: partial re-imports never change a column the file lacks', () => {
  // shipment T1's columns a file may leave out, with values a file could give them
  const OPTIONAL = ['cost', 'order_no', 'originals_date', 'instructions'] as const;
  const VALUES: Record<(typeof OPTIONAL)[number], string[]> = {
    cost: ['', '500', '555.55'],
    order_no: ['', 'O1'],
    originals_date: ['', '2026-01-20', '2026-02-01'],
    instructions: ['', 'звонить за час', 'в пятницу'],
  };
  const step = fc.record({
    columns: fc.subarray([...OPTIONAL]),
    pick: fc.record({ cost: fc.nat(2), order_no: fc.nat(1), originals_date: fc.nat(2), instructions: fc.nat(2) }),
    amount: fc.constantFrom('1000', '1100'),
  });

  /** T1's lines with the optional columns, in line order. */
  const t1 = (db: string) =>
    query<Record<string, unknown>>(
      db,
      `SELECT l.cost, o.order_no, s.originals_date, s.instructions FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id
       LEFT JOIN sales_orders o ON o.id = s.order_id WHERE s.shipment_no = 'T1' ORDER BY l.id`,
    );

  it('random sequences of imports with random subsets of the optional columns', () => {
    const { dir, db } = copyDb(template);
    let n = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 3 }), (steps) => {
        for (const s of steps) {
          const before = t1(db);
          const header = ['shipment_no', 'date', 'client_code', 'sku', 'qty', 'amount', ...s.columns];
          const cell = (c: (typeof OPTIONAL)[number]) => VALUES[c][s.pick[c] % VALUES[c].length]!;
          const line = (sku: string, qty: number, amount: string) => ['T1', '2026-01-15', 'C1', sku, String(qty), amount, ...s.columns.map(cell)].join(',');
          const text = `${header.join(',')}\n${line('P1', 10, s.amount)}\n${line('P2', 5, '500')}\n`;
          const r = run(db, 'import', 'shipments', writeFile(dir, `p${++n}.csv`, text));
          expect(r.code, r.stderr).toBe(0);
          const after = t1(db);
          for (const c of OPTIONAL.filter((o) => !s.columns.includes(o))) {
            expect(after.map((l) => l[c]), `${c} after importing ${header.join(',')}`).toEqual(before.map((l) => l[c]));
          }
        }
      }),
      { numRuns: ON_PG ? 4 : 8 },
    );
  });
});
