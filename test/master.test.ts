// Issue #3: browsing and editing master data from the terminal, with the import's rules.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseDb, BIN, copyDb, crm, dbFingerprint, query, writeFile } from './helpers.js';

let template: string;
beforeAll(() => {
  template = baseDb();
  // a deeper tree and a name with ё for the filters
  const extra = copyDb(template);
  crm(['--db', extra.db, 'import', 'groups', writeFile(extra.dir, 'g.csv', 'code,name,parent_code\nVVG,Кабель ВВГ,PWR\n')]);
  crm(['--db', extra.db, 'import', 'products', writeFile(extra.dir, 'p.csv', 'sku,name,group_code,price,cost,manager_code\nV1,Кабель ВВГнг 5х4,VVG,300,250,M2\n')]);
  crm(['--db', extra.db, 'import', 'clients', writeFile(extra.dir, 'c.csv', 'code,name,manager_code\nC3,ООО «Ёлка»,M2\n')]);
  template = extra.db;
});

describe('list', () => {
  it('--group includes the descendants of the group', () => {
    const { db } = copyDb(template);
    const skus = (group: string) =>
      (JSON.parse(crm(['--db', db, 'products', 'list', '--group', group, '--json']).stdout).products as { sku: string }[]).map((p) => p.sku);
    expect(skus('CAB')).toEqual(['A1', 'A2', 'V1']); // CAB → PWR → VVG
    expect(skus('PWR')).toEqual(['A1', 'A2', 'V1']);
    expect(skus('VVG')).toEqual(['V1']);
    expect(skus('LIT')).toEqual(['L1']);
  });

  it('--search finds ё by е, ignoring case; --manager filters', () => {
    const { db } = copyDb(template);
    const codes = (...args: string[]) => (JSON.parse(crm(['--db', db, 'clients', 'list', '--json', ...args]).stdout).clients as { code: string }[]).map((c) => c.code);
    expect(codes('--search', 'елка')).toEqual(['C3']);
    expect(codes('--search', 'ЁЛКА')).toEqual(['C3']);
    expect(codes('--search', 'альф')).toEqual(['C1']);
    expect(codes('--manager', 'M2')).toEqual(['C2', 'C3']);
    const products = JSON.parse(crm(['--db', db, 'products', 'list', '--json', '--search', 'ввг 3x2,5']).stdout).products;
    expect(products.map((p: { sku: string }) => p.sku)).toEqual(['A1']); // Latin x and a decimal comma
  });

  it('prints a table with right-aligned money on the terminal side and JSON with money in roubles', () => {
    const { db } = copyDb(template);
    const table = crm(['--db', db, 'products', 'list']).stdout;
    expect(table).toContain('│ A1  │ Кабель ВВГ 3х2.5');
    expect(table).toMatch(/│\s+100\.00 │\s+80\.00 │/);
    const json = JSON.parse(crm(['--db', db, 'products', 'list', '--json', '--search', 'A1']).stdout);
    expect(json.products[0]).toMatchObject({ sku: 'A1', price: 100, cost: 80, order_multiple: 100, active: 1 });
  });

  it('groups list draws the tree with product counts', () => {
    const { db } = copyDb(template);
    expect(crm(['--db', db, 'groups', 'list']).stdout).toBe(
      ['CAB  Кабель  (3 products)', '└─ PWR  Силовой кабель  (3 products)', '   └─ VVG  Кабель ВВГ  (1 product)', 'LIT  Освещение  (1 product, illiquid after 120 d)', ''].join('\n'),
    );
  });
});

describe('show', () => {
  it('prints every field of one record', () => {
    const { db } = copyDb(template);
    const out = crm(['--db', db, 'clients', 'show', 'C1']).stdout;
    expect(out).toContain('name                ООО Альфа');
    expect(out).toContain('credit_limit        500 000.00');
    expect(JSON.parse(crm(['--db', db, 'clients', 'show', 'C1', '--json']).stdout)).toMatchObject({ code: 'C1', discount_pct: 5, credit_limit: 500000 });
  });

  it('a missing code is exit 2 with a clear message', () => {
    const { db } = copyDb(template);
    const run = crm(['--db', db, 'products', 'show', 'NOPE']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('crm: no product with sku "NOPE"\n');
  });
});

describe('add and edit', () => {
  it('refuse invalid values with the import’s own messages and leave the database unchanged', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    // the message the import gives for the same value
    const viaImport = crm(['--db', db, 'import', 'clients', writeFile(dir, 'c.csv', 'code,name,discount_pct,manager_code\nC9,ООО Новый,120,M99\n')]);
    expect(viaImport.stderr).toContain('column discount_pct "120": expected a number from 0 to 100 %');
    expect(viaImport.stderr).toContain('column manager_code "M99": unknown manager code: import managers first');
    const add = crm(['--db', db, 'clients', 'add', '--code', 'C9', '--name', 'ООО Новый', '--discount-pct', '120', '--manager-code', 'M99']);
    expect(add.code).toBe(2);
    expect(add.stderr).toContain('--discount-pct "120": expected a number from 0 to 100 %');
    expect(add.stderr).toContain('--manager-code "M99": unknown manager code: import managers first');
    const edit = crm(['--db', db, 'clients', 'edit', 'C1', '--deferral-days', 'месяц']);
    expect(edit.code).toBe(2);
    expect(edit.stderr).toContain('--deferral-days "месяц": expected a number');
    const dup = crm(['--db', db, 'products', 'add', '--sku', 'A9', '--name', 'кабель ввг 3x2,5', '--group-code', 'PWR', '--price', '1', '--cost', '1']);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('--name "кабель ввг 3x2,5": duplicates product A1 "Кабель ВВГ 3х2.5" already in the database');
    const cycle = crm(['--db', db, 'groups', 'edit', 'CAB', '--parent-code', 'VVG']);
    expect(cycle.code).toBe(2);
    expect(cycle.stderr).toContain('the group would be its own ancestor: CAB → VVG → PWR → CAB');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('add without a terminal and without the required flags says which flags, and never waits for input', () => {
    const { db } = copyDb(template);
    const before = dbFingerprint(db);
    const run = spawnSync(process.execPath, [BIN, '--db', db, 'products', 'add', '--sku', 'N1'], {
      input: '', // stdin is a closed pipe, not a terminal
      encoding: 'utf8',
      timeout: 15_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.error).toBeUndefined(); // not killed by the timeout
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('missing --name, --group-code, --price, --cost: no terminal to ask, so pass them as flags');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('adds a record, refuses to add it twice (exit 3), edits one field and keeps the rest', () => {
    const { db } = copyDb(template);
    const add = crm(['--db', db, 'clients', 'add', '--code', 'C9', '--name', 'ООО Новый', '--discount-pct', '7,5', '--credit-limit', '1 000 000', '--email', 'x']);
    expect(add.code).toBe(2); // clients have no email column: commander refuses the flag
    const ok = crm(['--db', db, 'clients', 'add', '--code', 'C9', '--name', 'ООО Новый', '--discount-pct', '7,5', '--credit-limit', '1 000 000']);
    expect(ok.stderr).toBe('added client C9\n');
    expect(crm(['--db', db, 'clients', 'add', '--code', 'C9', '--name', 'x']).code).toBe(3);
    const edit = crm(['--db', db, 'clients', 'edit', 'C9', '--deferral-days', '-5', '--segment', 'розница']);
    expect(edit.stderr).toBe('changed client C9\n');
    expect(query(db, "SELECT name, discount_pct, deferral_days, credit_limit, segment FROM clients WHERE code = 'C9'")).toEqual([
      { name: 'ООО Новый', discount_pct: 7.5, deferral_days: -5, credit_limit: 100000000, segment: 'розница' },
    ]);
    crm(['--db', db, 'clients', 'edit', 'C9', '--segment', '']);
    expect(query(db, "SELECT segment, credit_limit FROM clients WHERE code = 'C9'")).toEqual([{ segment: null, credit_limit: 100000000 }]);
    expect(query(db, "SELECT command FROM operations ORDER BY id DESC LIMIT 3")).toEqual([{ command: 'clients edit' }, { command: 'clients edit' }, { command: 'clients add' }]);
  });

  it('edit keeps required money fields as they were', () => {
    const { db } = copyDb(template);
    expect(crm(['--db', db, 'products', 'edit', 'A1', '--lead-time-days', '21']).stderr).toBe('changed product A1\n');
    expect(query(db, "SELECT price, cost, lead_time_days FROM products WHERE sku = 'A1'")).toEqual([{ price: 10000, cost: 8000, lead_time_days: 21 }]);
    expect(crm(['--db', db, 'products', 'edit', 'NOPE', '--price', '1']).code).toBe(2);
    expect(crm(['--db', db, 'products', 'edit', 'A1']).stderr).toContain('nothing to change');
  });
});
