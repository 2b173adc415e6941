// Issue 13, the third trial's findings mended at the end of the stop: a channel spelled in other
// letters is the same channel for a stages file (no second funnel beside the first) and for a
// re-imported moved deal; a move out of a lost stage to a won one is a reopening and needs its
// reason; Russian counts say the number once.
import { beforeAll, describe, expect, it } from 'vitest';
import { companyDb, copyDb, crmAsOf, dbFingerprint, query, writeFile } from './helpers.js';

const AS_OF = '2026-03-01';

let template: string;
beforeAll(() => {
  template = companyDb([
    ['managers', 'code,name\nM1,Анна\n'],
    ['clients', 'code,name,manager_code\nX,Икс,M1\n'],
    ['reasons', 'code,name\nR1,Дорого\n'],
    ['stages', 'channel,stage,position,outcome\nПрямые,Контакт,1,\nПрямые,КП,2,\nПрямые,Выиграна,,won\nПрямые,Проиграна,,lost\n'],
    ['deals', 'deal_no,date,client_code,channel,manager_code\nD1,2026-01-05,X,Прямые,M1\nD2,2026-01-06,X,Прямые,M1\n'],
    ['deal-stages', 'deal_no,date,stage,reason\nD1,2026-01-15,КП,\nD2,2026-01-16,Проиграна,R1\n'],
  ]);
}, 120_000);

const { run } = crmAsOf(AS_OF);

describe('a channel in other letters is the same channel', () => {
  it('a stages file spelled ПРЯМЫЕ / кп changes nothing: the same stages, unchanged', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const file = writeFile(dir, 'stages.csv', 'channel,stage,position,outcome\nПРЯМЫЕ,контакт,1,\nпрямые,кп,2,\nПРЯМЫЕ,Выиграна,,won\n');
    const r = run(db, 'import', 'stages', file);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toContain('0 inserted, 0 updated, 3 unchanged');
    expect(dbFingerprint(db)).toBe(before);
    expect(query(db, 'SELECT DISTINCT channel FROM sales_stages')).toEqual([{ channel: 'Прямые' }]);
  });

  it('a new open stage in other letters takes a position of the same channel: refused when taken', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const r = run(db, 'import', 'stages', writeFile(dir, 's.csv', 'channel,stage,position,outcome\nпрямые,Счёт,2,\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('КП');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('a moved deal re-imported with its channel in capitals is unchanged, not refused', () => {
    const { dir, db } = copyDb(template);
    const before = dbFingerprint(db);
    const r = run(db, 'import', 'deals', writeFile(dir, 'd.csv', 'deal_no,date,client_code,channel,manager_code\nD1,2026-01-05,X,ПРЯМЫЕ,M1\n'));
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toContain('1 unchanged');
    expect(dbFingerprint(db)).toBe(before);
  });
});

describe('out of a lost stage', () => {
  it('to a won stage without a reason: refused as a reopening, nothing written; with one: moved', () => {
    const { db } = copyDb(template);
    const before = dbFingerprint(db);
    const refused = run(db, 'deals', 'move', 'D2', 'Выиграна', '--date', '2026-01-20');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('reopening a deal from "Проиграна" (lost) needs a reason');
    expect(dbFingerprint(db)).toBe(before);
    expect(run(db, 'deals', 'move', 'D2', 'Выиграна', '--date', '2026-01-20', '--reason', 'R1').code).toBe(0);
  });
});

describe('Russian counts', () => {
  it('deals list says "2 сделки", the number once', () => {
    const { db } = copyDb(template);
    const r = run(db, '--lang', 'ru', 'deals', 'list');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/(^|\n)2 сделки/);
    expect(r.stderr).not.toContain('2 2');
  });
});
