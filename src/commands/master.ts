// list | show | add | edit of master data. add and edit go through the import itself
// (one in-memory row), so they accept and refuse exactly what an import file would.
import { say, writeToday, type Ctx } from '../context.js';
import { withDb, type Db } from '../db/connection.js';
import { findRecord, groupNodes, listRecords, unreadableFields, withDescendants, type GroupNode } from '../db/masterData.js';
import { t } from '../i18n/index.js';
import { RefusedError, UsageError, ValidationError, type Problem } from '../errors.js';
import type { ColumnSpec, Rec } from '../model/types.js';
import { CellProblem, parseCell } from '../import/columns.js';
import { entitySpec, type EntitySpec } from '../model/entities.js';
import { importFile } from '../import/importer.js';
import { searchKey } from '../model/normalize.js';
import { exportColumns } from '../export/exporter.js';
import { checkOutputPath } from '../io/outputPath.js';
import { outputTable, resolveFormat } from '../io/render/index.js';
import { displayCell, jsonCell, type Table } from '../io/table.js';
import { flagOf, optionKeyOf, SINGULAR, type MasterEntity } from './masterEntities.js';
import { pushTo } from '../util/multimap.js';

/** The columns a terminal list shows (every column goes to --json, csv and xlsx). */
const LIST_COLUMNS: Record<MasterEntity, string[]> = {
  clients: ['code', 'name', 'manager_code', 'segment', 'discount_pct', 'deferral_days', 'credit_limit', 'active'],
  products: ['sku', 'name', 'group_code', 'unit', 'price', 'cost', 'supplier_code', 'active'],
  suppliers: ['code', 'name', 'deferral_days', 'credit_line'],
  managers: ['code', 'name', 'email', 'active'],
  groups: ['code', 'name', 'parent_code', 'illiquid_after_days'],
};

const spec = (entity: MasterEntity): EntitySpec => entitySpec(entity)!;

export interface ListOptions {
  search?: string;
  group?: string;
  manager?: string;
  json?: boolean;
  format?: string;
  output?: string;
}

export async function runList(entity: MasterEntity, opts: ListOptions, ctx: Ctx): Promise<void> {
  if (opts.output !== undefined) {
    checkOutputPath(opts.output, { flag: '-o', database: ctx.dbPath });
    resolveFormat(opts.json ? 'json' : opts.format, opts.output, '-o', opts.json ? '--json' : undefined);
  }
  await withDb(ctx.dbPath, 'read', async (db) => {
    const s = spec(entity);
    let records = await listRecords(db, s);
    let tree: GroupNode[] | undefined;
    if (opts.group !== undefined || entity === 'groups') {
      tree = await groupNodes(db);
      if (opts.group !== undefined) {
        const parentOf = new Map(tree.map((g) => [g.code, g.parent_code]));
        if (!parentOf.has(opts.group)) throw new UsageError(t('master.noSuchGroup', opts.group));
        const wanted = withDescendants(opts.group, parentOf);
        records = records.filter((r) => wanted.has(String(entity === 'groups' ? r.code : r.group_code)));
      }
    }
    if (opts.manager !== undefined) records = records.filter((r) => r.manager_code === opts.manager);
    if (opts.search !== undefined) {
      // The text matches literally (`%` and `_` are characters, not wildcards) in the code,
      // name and INN, and also in the normalized name; a needle that normalizes to nothing
      // (`%`, `_`, `"`) would match every name there, so it only matches literally.
      const needle = searchKey(opts.search);
      const raw = opts.search.toLowerCase();
      records = records.filter((r) => {
        const code = String(r[s.key[0]!] ?? '').toLowerCase();
        const name = String(r.name ?? '');
        return (
          code.includes(raw) ||
          name.toLowerCase().includes(raw) ||
          (needle !== '' && searchKey(name).includes(needle)) ||
          (entity === 'clients' && String(r.inn ?? '').includes(raw))
        );
      });
    }
    const full = opts.json || opts.format !== undefined || opts.output !== undefined;
    if (entity === 'groups' && !full) {
      ctx.stdout.write(drawTree(tree!, new Set(records.map((r) => String(r.code)))));
      return;
    }
    // on a server a role may be denied some columns (the warehouse: the clients' money): shown without them
    const hidden = unreadableFields(db, s);
    const columns = exportColumns(s).filter((c) => (full || LIST_COLUMNS[entity].includes(c.key)) && !hidden.includes(c.key));
    const table: Table = { name: entity, columns, rows: records };
    await outputTable(table, { format: opts.json ? 'json' : opts.format, output: opts.output }, ctx);
    if (!full && records.length > 0) say(ctx, t('master.listed', records.length, SINGULAR[entity], entity));
    if (hidden.length > 0) say(ctx, t('db.columnsHidden', hidden));
  });
}

/** `groups list`: the hierarchy with product counts (own / with descendants). */
function drawTree(nodes: GroupNode[], shown: Set<string>): string {
  const children = new Map<string | null, GroupNode[]>();
  for (const n of nodes) pushTo(children, n.parent_code, n);
  const total = (n: GroupNode): number => n.products + (children.get(n.code) ?? []).reduce((s, c) => s + total(c), 0);
  const lines: string[] = [];
  const walk = (parent: string | null, prefix: string) => {
    const kids = (children.get(parent) ?? []).filter((k) => shown.has(k.code) || [...walkCodes(k)].some((c) => shown.has(c)));
    kids.forEach((n, i) => {
      const last = i === kids.length - 1;
      const products = total(n);
      lines.push(`${prefix}${parent === null ? '' : last ? '└─ ' : '├─ '}${n.code}  ${n.name}  (${t('master.groupProducts', products, n.illiquid_after_days)})`);
      walk(n.code, parent === null ? '' : `${prefix}${last ? '   ' : '│  '}`);
    });
  };
  const walkCodes = (n: GroupNode): Set<string> => {
    const out = new Set<string>([n.code]);
    for (const c of children.get(n.code) ?? []) for (const x of walkCodes(c)) out.add(x);
    return out;
  };
  walk(null, '');
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export async function runShow(entity: MasterEntity, code: string, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  // a client's show is its card (SPEC §9)
  if (entity === 'clients') return (await import('./clientCard.js')).runClientCard(code, opts, ctx);
  await withDb(ctx.dbPath, 'read', async (db) => {
    const s = spec(entity);
    const rec = await findRecord(db, s, code);
    if (!rec) throw new UsageError(t('master.noSuch', SINGULAR[entity], s.key[0]!, code));
    const hidden = unreadableFields(db, s);
    const columns = exportColumns(s).filter((c) => !hidden.includes(c.key));
    // a product's price lists: the prices in force at --as-of and those announced after it (SPEC §9)
    const prices = entity === 'products' ? await (await import('./productPrices.js')).productPrices(db, code, ctx.asOf) : undefined;
    if (opts.json) {
      const fields = Object.fromEntries(columns.map((c) => [c.key, jsonCell(c.kind, rec[c.key] ?? null)]));
      ctx.stdout.write(`${JSON.stringify(prices ? { ...fields, prices: prices.json } : fields, null, 2)}\n`);
      return;
    }
    const width = Math.max(...columns.map((c) => c.key.length));
    for (const c of columns) ctx.stdout.write(`${c.key.padEnd(width)}  ${displayCell(c.kind, rec[c.key] ?? null)}\n`);
    if (prices) ctx.stdout.write(prices.text);
  });
}

/** Flag values by column name, for the columns given on the command line. */
export function givenFields(s: EntitySpec, opts: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of s.columns) {
    const value = opts[optionKeyOf(c.name)];
    if (value !== undefined) out.set(c.name, value);
  }
  return out;
}

/** Ask for a value on the terminal; each answer is checked as it is given (`check`: against the database, e.g. a code that must exist). */
export async function ask(column: ColumnSpec, check?: (text: string) => Promise<string | null>): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  return input({
    message: `${column.name} (${column.help})`,
    validate: async (text) => {
      const parsed = parseCell(column, text);
      if (parsed instanceof CellProblem) return parsed.problem.message;
      return (await check?.(text)) ?? true;
    },
  });
}

/** Import problems as the command line sees them: the flag instead of file, row and column. */
function asFlagProblems(problems: Problem[]): Problem[] {
  return problems.map((p) => ({ column: p.column ? flagOf(p.column.split(',')[0]!) : undefined, value: p.value, message: p.message }));
}

async function applyFields(db: Db, entity: MasterEntity, command: string, fields: Map<string, string>, ctx: Ctx, allowDuplicates: boolean) {
  const summary = await importFile(db, {
    entity,
    file: `crm ${entity} ${command}`,
    memory: { header: [...fields.keys()], rows: [[...fields.values()]] },
    command: `${entity} ${command}`,
    kind: command,
    argv: ctx.argv,
    allowDuplicates,
    user: ctx.user,
    now: ctx.now(),
    today: writeToday(ctx),
  });
  if (summary.problems.length > 0) {
    throw new ValidationError(asFlagProblems(summary.problems), t('master.notWritten', SINGULAR[entity], command === 'add'));
  }
  // a client whose name looks like another's: said as an import says it
  for (const w of summary.warnings) say(ctx, t('import.warning', w.replace(/^(row|строка) \d+: /, '')));
  return summary;
}

export async function runAdd(entity: MasterEntity, opts: Record<string, string>, ctx: Ctx): Promise<void> {
  const s = spec(entity);
  const fields = givenFields(s, opts);
  const missing = s.columns.filter((c) => c.required && !fields.has(c.name));
  if (missing.length > 0) {
    if (!ctx.interactive) {
      throw new UsageError(
        t('master.missingFlags', missing.map((c) => flagOf(c.name)).join(', '), entity),
      );
    }
    for (const c of missing) fields.set(c.name, await ask(c));
  }
  await withDb(ctx.dbPath, 'write', async (db) => {
    const key = String(fields.get(s.key[0]!)).trim();
    if (await findRecord(db, s, key)) {
      throw new RefusedError(t('master.exists', SINGULAR[entity], key, entity));
    }
    await applyFields(db, entity, 'add', fields, ctx, Boolean(opts.allowDuplicates));
    say(ctx, t('master.added', SINGULAR[entity], key));
  });
}

export async function runEdit(entity: MasterEntity, code: string, opts: Record<string, string>, ctx: Ctx): Promise<void> {
  const s = spec(entity);
  const fields = givenFields(s, opts);
  if (fields.size === 0) throw new UsageError(t('master.nothingToChange', flagOf(s.columns[1]!.name), entity));
  await withDb(ctx.dbPath, 'write', async (db) => {
    const before: Rec | undefined = await findRecord(db, s, code);
    if (!before) throw new UsageError(t('master.noSuch', SINGULAR[entity], s.key[0]!, code));
    // the key and the required columns the user did not touch keep their stored values
    const row = new Map<string, string>([[s.key[0]!, code]]);
    for (const c of s.columns) if (c.required && !fields.has(c.name) && c.name !== s.key[0]) row.set(c.name, String(before[c.name] ?? ''));
    for (const [k, v] of fields) row.set(k, v);
    for (const c of s.columns) {
      // money comes back from the database in kopecks: give the import its text form
      if (c.type === 'money' && row.has(c.name) && !fields.has(c.name) && before[c.name] !== null) row.set(c.name, String(Number(before[c.name]) / 100));
    }
    const summary = await applyFields(db, entity, 'edit', row, ctx, Boolean(opts.allowDuplicates));
    say(ctx, t('master.changed', SINGULAR[entity], code, summary.updated > 0));
  });
}
