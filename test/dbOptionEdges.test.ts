// An empty --db is a mistake (a script's unset variable: `crm --db "$DB" …`): exit 2 naming
// the option, and no ./crm.db touched. An empty $CRM_DB is taken as unset, as shells leave it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crm, dbFingerprint, tempDir } from './helpers.js';

describe('an empty --db or $CRM_DB', () => {
  it.each([
    ['en', ['--db', ''], 'crm: --db is empty: give a database file (crm.db) or postgres://USER@HOST/DB\n'],
    ['en', ['--db', '  '], 'crm: --db is empty: give a database file (crm.db) or postgres://USER@HOST/DB\n'],
    ['ru', ['--db', ''], 'crm: --db пусто: укажите файл базы (crm.db) или postgres://USER@HOST/DB\n'],
  ])('%s %j → exit 2, nothing created', (lang, dbArgs, message) => {
    const dir = tempDir();
    for (const command of [['init'], ['clients', 'list']]) {
      const run = crm(['--lang', lang, ...dbArgs, ...command], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(message);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('an empty $CRM_DB means the default ./crm.db', () => {
    const dir = tempDir();
    expect(crm(['init'], { cwd: dir, env: { CRM_DB: '' } }).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'crm.db'))).toBe(true);
  });
});

// A write's day comes from --date, else from --as-of: a refused day names the option that gave it.
describe('a refused day names --as-of when --date was not given', () => {
  it.each([
    [[], '--as-of "2020-01-01"'],
    [['--date', '2020-01-01'], '--date "2020-01-01"'],
  ])('claims resolve %j', (dateArgs, named) => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    expect(crm(['--db', db, 'demo']).code).toBe(0);
    const claims = JSON.parse(crm(['--db', db, 'claims', 'list', '--json']).stdout).claims as { claim_no: string; status: string }[];
    const claim = claims.find((c) => c.status === 'new' || c.status === 'in_work')!.claim_no;
    const before = dbFingerprint(db);
    const run = crm(['--db', db, '--as-of', '2020-01-01', 'claims', 'resolve', claim, '--result', 'замена', ...dateArgs]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${named}: expected a date on or after the claim's date`);
    expect(dbFingerprint(db)).toBe(before);
  });
});
