// The layout the README describes (issue 11): SQL, the driver and the database handle live in
// src/db only; src/model imports nothing of the layers above it; no module imports itself
// round a cycle. Read from the source files, so a change that breaks the layout fails here.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SRC = path.join(ROOT, 'src');

function sourceFiles(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

const FILES = sourceFiles();
const rel = (file: string) => path.relative(SRC, file).split(path.sep).join('/');
const text = new Map(FILES.map((f) => [f, fs.readFileSync(f, 'utf8')]));

/** Every module specifier a file imports (static, `import type`, dynamic), as written. */
function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'([^']+)'/gm)].map((m) => m[1]!);
}

/** Relative imports resolved to the source files they name. */
function localImports(file: string): string[] {
  return specifiers(text.get(file)!)
    .filter((s) => s.startsWith('.'))
    .map((s) => path.normalize(path.join(path.dirname(file), s)).replace(/\.js$/, '.ts'))
    .filter((t) => text.has(t));
}

/** SQL statements in source text: what only src/db may hold. */
const SQL = /\b(SELECT\s[\s\S]{0,200}?\sFROM\s|INSERT\s+INTO\s|DELETE\s+FROM\s|UPDATE\s+\w+\s+SET\s|PRAGMA\s+\w+|BEGIN\s+IMMEDIATE|CREATE\s+TABLE\s)/;

describe('the layout of src/', () => {
  const outsideDb = FILES.filter((f) => !rel(f).startsWith('db/'));

  it('finds the source (a check over no files would pass for nothing)', () => {
    expect(FILES.length).toBeGreaterThan(50);
    expect(FILES.some((f) => rel(f) === 'db/handle.ts')).toBe(true);
  });

  it('no module outside src/db imports a database driver, drizzle or the handle', () => {
    const offenders = outsideDb.flatMap((f) =>
      specifiers(text.get(f)!)
        .filter((s) => /^(better-sqlite3|pg|pg-copy-streams|drizzle-orm)(\/|$)/.test(s) || /(^|\/)db\/(handle|sqlite)(\.js)?$/.test(s))
        .map((s) => `${rel(f)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no SQL text outside src/db', () => {
    const offenders = outsideDb.filter((f) => SQL.test(text.get(f)!)).map(rel);
    expect(offenders).toEqual([]);
  });

  it('the SQL check does see SQL (it finds it in src/db)', () => {
    expect(FILES.filter((f) => rel(f).startsWith('db/') && SQL.test(text.get(f)!)).length).toBeGreaterThan(5);
  });

  it('src/model and src/planning import nothing from the layers that use them', () => {
    const lower = FILES.filter((f) => /^(model|planning)\//.test(rel(f)));
    const offenders = lower.flatMap((f) =>
      localImports(f)
        // the message catalogs (src/i18n) are a leaf: words in two languages, importing only src/util
        .filter((t) => !/^(model|planning|util|i18n)\//.test(rel(t)) && rel(t) !== 'errors.ts')
        .map((t) => `${rel(f)} imports ${rel(t)}`),
    );
    expect(offenders).toEqual([]);
  });

  it('src/i18n imports nothing but src/util (so every layer may speak through it)', () => {
    const offenders = FILES.filter((f) => rel(f).startsWith('i18n/')).flatMap((f) =>
      localImports(f)
        .filter((t) => !/^(i18n|util)\//.test(rel(t)))
        .map((t) => `${rel(f)} imports ${rel(t)}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no import cycles', () => {
    const cycles = new Set<string>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const done = new Set<string>();
    const visit = (file: string): void => {
      stack.push(file);
      onStack.add(file);
      for (const next of localImports(file)) {
        if (onStack.has(next)) cycles.add([...stack.slice(stack.indexOf(next)), next].map(rel).join(' → '));
        else if (!done.has(next)) visit(next);
      }
      stack.pop();
      onStack.delete(file);
      done.add(file);
    };
    for (const f of FILES) if (!done.has(f)) visit(f);
    expect([...cycles]).toEqual([]);
  });
});
