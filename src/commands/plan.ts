// `crm plan …`: versions, export, diff, revise, run, runs, show, explain (SPEC §4, §5).
import { lang, t as words } from '../i18n/index.js';
import { titleOf } from '../reports/titles.js';
import path from 'node:path';
import { say, type Ctx } from '../context.js';
import { withDb, type Db } from '../db/connection.js';
import { mayForcePlans } from '../db/rights.js';
import { loadPlanningInputs } from '../db/planInputs.js';
import { findRun, listRuns, pruneRuns, runRows, runSku, storeRun, type RunMeta, type RunOutput } from '../db/planRuns.js';
import { findPlanVersion, listPlanVersions, versionCells as planVersionCells, type PlanKind } from '../db/plans.js';
import { RefusedError, UsageError, ValidationError } from '../errors.js';
import type { Rec } from '../model/types.js';
import { AVERAGE_INDICATORS, entitySpec, type EntitySpec } from '../model/entities.js';
import { importFile } from '../import/importer.js';
import { moneyMajor, parseMonthOption, roundHalfAway } from '../io/locale.js';
import { checkOutputPath, protectInput } from '../io/outputPath.js';
import { outputTable, resolveFormat } from '../io/render/index.js';
import type { Row, Table, TableColumn } from '../io/table.js';
import { addMonths, monthRange } from '../planning/calendar.js';
import { runChain } from '../planning/chain.js';
import { PlanningError, type PlanningInputs, type PlanResult } from '../planning/types.js';
import { explainSku } from './planExplain.js';
import { summaryLine } from './import.js';
import { unknownName } from '../util/suggest.js';

export const PLAN_KINDS: Record<string, { kind: PlanKind; entity: string }> = {
  sales: { kind: 'sales', entity: 'plan-sales' },
  managers: { kind: 'managers', entity: 'plan-managers' },
  'min-stock': { kind: 'min_stock', entity: 'plan-min-stock' },
};

function planKind(name: string): { kind: PlanKind; spec: EntitySpec } {
  const k = Object.hasOwn(PLAN_KINDS, name) ? PLAN_KINDS[name] : undefined;
  if (!k) throw new UsageError(unknownName('unknown plan', name, Object.keys(PLAN_KINDS)));
  return { kind: k.kind, spec: entitySpec(k.entity)! };
}


function countOption(value: string | undefined, name: string, fallback: number, max = 120): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(words('expected.wholeUpTo', name, value, max));
  return n;
}

function versionNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === 'latest') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(words('expected.option', name, value, 'planVersion'));
  return n;
}

// ── versions, export, diff, revise ───────────────────────────────────────────

export async function runVersions(kindName: string | undefined, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const kind = kindName === undefined ? undefined : planKind(kindName).kind;
  await withDb(ctx.dbPath, 'read', async (db) => {
    const rows = listPlanVersions(db, kind) as Row[];
    const table: Table = {
      name: 'versions',
      columns: [
        { key: 'kind', header: 'plan', kind: 'text' },
        { key: 'number', header: 'version', kind: 'int' },
        { key: 'created_at', header: 'created', kind: 'text' },
        { key: 'author', header: 'author', kind: 'text' },
        { key: 'cells', header: 'cells', kind: 'int' },
        { key: 'note', header: 'note', kind: 'text' },
        { key: 'source', header: 'source', kind: 'text' },
      ],
      rows: rows.map((r) => ({ ...r, kind: String(r.kind).replace('_', '-') })),
    };
    await outputTable(table, { format: opts.json ? 'json' : undefined }, ctx);
  });
}

async function versionCells(db: Db, spec: EntitySpec, kind: PlanKind, number: number | undefined): Promise<{ number: number; cells: Rec[] }> {
  const row = findPlanVersion(db, kind, number);
  if (!row) throw new UsageError(number === undefined ? words('plan.noPlanYet', kind.replace('_', '-')) : words('plan.noSuchVersion', number, kind.replace('_', '-')));
  return { number: row.number, cells: planVersionCells(db, spec, row.id) };
}

const cellKeyOf = (spec: EntitySpec, rec: Rec) => spec.plan!.cellKey.map((k) => rec[k]).join(' + ');

/** `crm plan export KIND -o FILE.xlsx`: the wide layout, one column per month, ready to edit and import back. */
export async function runPlanExport(kindName: string, opts: { version?: string; output: string }, ctx: Ctx): Promise<void> {
  const { kind, spec } = planKind(kindName);
  checkOutputPath(opts.output, { flag: '-o', database: ctx.dbPath });
  if (resolveFormat(undefined, opts.output) === 'json') throw new UsageError(words('plan.exportFormat'));
  await withDb(ctx.dbPath, 'read', async (db) => {
    const { number, cells } = await versionCells(db, spec, kind, versionNumber(opts.version, '--version'));
    const months = [...new Set(cells.map((c) => String(c.month)))].sort();
    const valueField = spec.plan!.valueField;
    const valueKind = spec.columns.find((c) => c.name === valueField)!.type === 'money' ? 'money' : 'number';
    const moneyValue = spec.plan!.moneyValue;
    const rows = new Map<string, Row>();
    for (const c of cells) {
      const key = cellKeyOf(spec, c);
      const row = rows.get(key) ?? Object.fromEntries(spec.plan!.cellKey.map((k) => [k, c[k] ?? null]));
      row[String(c.month)] = c[valueField] ?? null;
      rows.set(key, row);
    }
    const columns: TableColumn[] = [
      ...spec.plan!.cellKey.map((k) => ({ key: k, header: k, kind: 'text' as const, width: 16 })),
      ...months.map((m) => ({ key: m, header: m, kind: valueKind as 'money' | 'number', width: 14 })),
    ];
    // a manager plan: the money indicators' months are money, the counts numbers
    const cellKind = moneyValue ? (row: Row, c: TableColumn) => (c.kind === 'number' && moneyValue(row) ? ('money' as const) : c.kind) : undefined;
    await outputTable({ name: `${kindName} v${number}`, columns, rows: [...rows.values()], cellKind }, { output: opts.output }, ctx);
    if (ctx.verbose || ctx.stderrTTY) say(ctx, words('plan.exported', number, kindName, opts.output, rows.size, months.length));
  });
}

/** `crm plan diff KIND V1 V2`: the cells that changed, old → new, and totals by month. */
export async function runPlanDiff(kindName: string, v1: string, v2: string, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const { kind, spec } = planKind(kindName);
  await withDb(ctx.dbPath, 'read', async (db) => {
    const a = await versionCells(db, spec, kind, versionNumber(v1, 'V1') ?? undefined);
    const b = await versionCells(db, spec, kind, versionNumber(v2, 'V2') ?? undefined);
    const valueField = spec.plan!.valueField;
    const isMoney = spec.columns.find((c) => c.name === valueField)!.type === 'money';
    // a manager plan mixes money and counts: its totals are by month and indicator, each in its kind
    const moneyValue = spec.plan!.moneyValue;
    const moneyRows = new WeakSet<Row>();
    const index = (cells: Rec[]) => new Map(cells.map((c) => [`${cellKeyOf(spec, c)}|${c.month}`, c]));
    const before = index(a.cells);
    const after = index(b.cells);
    const changes: Row[] = [];
    const totals = new Map<string, { month: string; indicator?: string; money: boolean; old: number; new: number }>();
    for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const old = before.get(key);
      const now = after.get(key);
      const cell = (old ?? now)!;
      const month = String(cell.month);
      const money = isMoney || Boolean(moneyValue?.(cell));
      // an average (avg_order) has no total over managers: it is left out of the totals
      if (!AVERAGE_INDICATORS.has(String(cell.indicator))) {
        const totalKey = moneyValue ? `${month}|${cell.indicator}` : month;
        const t = totals.get(totalKey) ?? { month, indicator: moneyValue ? String(cell.indicator) : undefined, money, old: 0, new: 0 };
        t.old += Number(old?.[valueField] ?? 0);
        t.new += Number(now?.[valueField] ?? 0);
        totals.set(totalKey, t);
      }
      if ((old?.[valueField] ?? null) === (now?.[valueField] ?? null)) continue;
      const row: Row = { cell: cellKeyOf(spec, cell), month, old: old?.[valueField] ?? null, new: now?.[valueField] ?? null, change: Number(now?.[valueField] ?? 0) - Number(old?.[valueField] ?? 0) };
      if (money) moneyRows.add(row);
      changes.push(row);
    }
    const kindOfValue = isMoney ? ('money' as const) : ('number' as const);
    const cellKind = (row: Row, c: TableColumn) => (c.kind === 'number' && moneyRows.has(row) ? ('money' as const) : c.kind);
    const changeTable: Table = {
      name: 'changes',
      columns: [
        { key: 'cell', header: spec.plan!.cellKey.join(' + '), kind: 'text' },
        { key: 'month', header: 'month', kind: 'month' },
        { key: 'old', header: `v${a.number}`, kind: kindOfValue },
        { key: 'new', header: `v${b.number}`, kind: kindOfValue },
        { key: 'change', header: 'change', kind: kindOfValue },
      ],
      rows: changes,
      cellKind,
    };
    const totalRows = [...totals.values()]
      .sort((x, y) => (x.month < y.month ? -1 : x.month > y.month ? 1 : String(x.indicator) < String(y.indicator) ? -1 : 1))
      .map((t) => {
        const row: Row = { month: t.month, ...(moneyValue ? { indicator: t.indicator ?? null } : {}), old: t.old, new: t.new, change: t.new - t.old };
        if (t.money) moneyRows.add(row);
        return row;
      });
    const totalTable: Table = {
      name: 'totals',
      columns: [
        { key: 'month', header: 'month', kind: 'month' },
        ...(moneyValue ? [{ key: 'indicator', header: 'indicator', kind: 'text' as const }] : []),
        { key: 'old', header: `v${a.number}`, kind: kindOfValue },
        { key: 'new', header: `v${b.number}`, kind: kindOfValue },
        { key: 'change', header: 'change', kind: kindOfValue },
      ],
      rows: totalRows,
      cellKind,
    };
    if (opts.json) {
      const { jsonRows } = await import('../io/render/json.js');
      ctx.stdout.write(`${JSON.stringify({ plan: kindName, from_version: a.number, to_version: b.number, changes: jsonRows(changeTable), totals: jsonRows(totalTable) }, null, 2)}\n`);
      return;
    }
    ctx.stdout.write(`${words('plan.diffLine', kindName, a.number, b.number, changes.length)}\n`);
    if (changes.length > 0) await outputTable(changeTable, {}, ctx);
    await outputTable(totalTable, {}, ctx);
  });
}

/** `crm plan revise KIND --from M FILE`: only the 3 months from M may change (SPEC §5). */
export async function runRevise(kindName: string, file: string, opts: { from: string; force?: boolean; note?: string; json?: boolean }, ctx: Ctx): Promise<void> {
  const { kind, spec } = planKind(kindName);
  const from = parseMonthOption('--from', opts.from);
  protectInput(file);
  await withDb(ctx.dbPath, 'write', async (db) => {
    if (!findPlanVersion(db, kind)) throw new UsageError(words('plan.nothingToRevise', kindName, spec.name));
    const summary = await importFile(db, {
      entity: spec.name,
      file,
      note: opts.note ?? `revision from ${from}`,
      command: `plan revise ${kindName}`,
      kind: 'revise',
      argv: ctx.argv,
      user: ctx.user,
      now: ctx.now(),
      planRule: { currentMonth: ctx.asOf.slice(0, 7), window: monthRange(from, 3), force: Boolean(opts.force) && mayForcePlans(db), noted: opts.note !== undefined },
    });
    if (summary.problems.length > 0) throw new ValidationError(summary.problems, words('plan.problemsIn', summary.problems.length, file));
    if (summary.refused.length > 0) {
      const { formatProblem } = await import('../errors.js');
      for (const p of summary.refused) say(ctx, formatProblem({ ...p, file: path.basename(file) }));
      throw new RefusedError(words('plan.outsideWindow', summary.refused.length, from, addMonths(from, 2)));
    }
    ctx.stdout.write(`${summaryLine(summary)}\n`);
  });
}

// ── run ──────────────────────────────────────────────────────────────────────

export interface RunOptions {
  from?: string;
  months?: string;
  lookback?: string;
  salesVersion?: string;
  stockVersion?: string;
  json?: boolean;
}

const money2 = (kopecks: number) => moneyMajor(kopecks);
const qty6 = (q: number) => roundHalfAway(q, 6);

const SOURCE_ORDER = ['plan', 'open_receivables', 'overdue'];

/** The JSON of SPEC §4 `plan run --json`. */
export function runJson(runId: number, inputs: PlanningInputs, versions: { sales: number; stock: number | null }, r: PlanResult) {
  const cashIn = new Map<string, number>();
  for (const c of r.cashIn) cashIn.set(`${c.month}|${c.source}`, (cashIn.get(`${c.month}|${c.source}`) ?? 0) + c.amount);
  return {
    run: runId,
    from: inputs.from,
    months: inputs.months,
    lookback: inputs.lookback,
    inputs: { sales_version: versions.sales, stock_version: versions.stock },
    demand: r.demand.map((d) => ({ sku: d.sku, group: d.group, month: d.month, amount: money2(d.amount), qty: qty6(d.qty) })),
    inventory: r.inventory.map((i) => ({
      sku: i.sku, month: i.month, opening: qty6(i.opening), scheduled: qty6(i.scheduled), planned: qty6(i.planned), demand: qty6(i.demand),
      closing: qty6(i.closing), min_stock: qty6(i.minStock), closing_value: money2(i.closingValue),
    })),
    purchases: r.purchases.map((p) => ({ sku: p.sku, supplier: p.supplier, receipt_month: p.receiptMonth, order_date: p.orderDate, qty: qty6(p.qty), amount: money2(p.amount), late: p.late })),
    supplier_payments: r.supplierPayments.map((p) => ({ supplier: p.supplier, month: p.month, amount: money2(p.amount), source: p.source })),
    cash_in: [...cashIn]
      .map(([k, amount]) => ({ month: k.split('|')[0]!, amount: money2(amount), source: k.split('|')[1]! }))
      .sort((a, b) => (a.month === b.month ? SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source) : a.month < b.month ? -1 : 1)),
    warnings: r.warnings,
  };
}

/** Per month: sales plan, purchases, supplier payments, cash-in, closing stock value. */
/** Russian output: the columns titled in Russian words (English keeps its headers as they are). */
function inLanguage(columns: TableColumn[]): TableColumn[] {
  return lang() === 'ru' ? columns.map((c) => ({ ...c, title: c.key === 'purchases' ? 'Закупки' : titleOf(c.key) })) : columns;
}

export function summaryTable(inputs: PlanningInputs, r: PlanResult): Table {
  const months = [...new Set([...inputs.months, ...r.supplierPayments.map((p) => p.month), ...r.cashIn.map((c) => c.month)])].sort();
  const sum = <T>(rows: T[], month: (x: T) => string, value: (x: T) => number) => {
    const out = new Map<string, number>();
    for (const x of rows) out.set(month(x), (out.get(month(x)) ?? 0) + value(x));
    return out;
  };
  const sales = sum(inputs.salesPlan, (c) => c.month, (c) => c.amount);
  const purchases = sum(r.purchases, (p) => p.receiptMonth, (p) => p.amount);
  const payments = sum(r.supplierPayments, (p) => p.month, (p) => p.amount);
  const cash = sum(r.cashIn, (c) => c.month, (c) => c.amount);
  const stock = sum(r.inventory, (i) => i.month, (i) => i.closingValue);
  const late = sum(r.purchases.filter((p) => p.late), (p) => p.receiptMonth, () => 1);
  const rows: Row[] = months.map((month) => ({
    month,
    sales_plan: sales.get(month) ?? 0,
    purchases: purchases.get(month) ?? 0,
    supplier_payments: payments.get(month) ?? 0,
    cash_in: cash.get(month) ?? 0,
    closing_stock_value: inputs.months.includes(month) ? (stock.get(month) ?? 0) : null,
    late_orders: late.get(month) ?? 0,
  }));
  const total = (k: string) => rows.reduce((s, row) => s + Number(row[k] ?? 0), 0);
  return {
    name: 'summary',
    columns: inLanguage([
      { key: 'month', header: 'month', kind: 'month' },
      { key: 'sales_plan', header: 'sales plan', kind: 'money' },
      { key: 'purchases', header: 'purchases', kind: 'money' },
      { key: 'supplier_payments', header: 'supplier payments', kind: 'money' },
      { key: 'cash_in', header: 'cash in', kind: 'money' },
      { key: 'closing_stock_value', header: 'closing stock value', kind: 'money' },
      { key: 'late_orders', header: 'late orders', kind: 'int' },
    ]),
    rows,
    totals: {
      sales_plan: total('sales_plan'),
      purchases: total('purchases'),
      supplier_payments: total('supplier_payments'),
      cash_in: total('cash_in'),
      late_orders: total('late_orders'),
    },
  };
}

export async function planAndStore(db: Db, opts: RunOptions, ctx: Ctx) {
  const from = opts.from !== undefined ? parseMonthOption('--from', opts.from) : addMonths(ctx.asOf.slice(0, 7), 1);
  const params = {
    from,
    months: countOption(opts.months, '--months', 12),
    lookback: countOption(opts.lookback, '--lookback', 12),
    salesVersion: versionNumber(opts.salesVersion, '--sales-version'),
    stockVersion: versionNumber(opts.stockVersion, '--stock-version'),
  };
  const loaded = await loadPlanningInputs(db, params);
  let result: PlanResult;
  try {
    result = runChain(loaded.inputs);
  } catch (error) {
    if (error instanceof PlanningError) throw new ValidationError(error.problems.map((message) => ({ message })), words('plan.cannotRun'));
    throw error;
  }
  const runId = await storeRun(
    db,
    {
      from,
      months: params.months,
      lookback: params.lookback,
      salesVersionId: loaded.salesVersion.id,
      stockVersionId: loaded.stockVersion?.id ?? null,
      user: ctx.user,
      createdAt: ctx.now().toISOString(),
      asOf: ctx.asOf,
    },
    loaded.inputs,
    result,
    { argv: ctx.argv },
  );
  return { runId, loaded, result };
}

export async function runPlanRun(opts: RunOptions, ctx: Ctx): Promise<void> {
  await withDb(ctx.dbPath, 'write', async (db) => {
    const { runId, loaded, result } = await planAndStore(db, opts, ctx);
    if (opts.json) {
      const json = runJson(runId, loaded.inputs, { sales: loaded.salesVersion.number, stock: loaded.stockVersion?.number ?? null }, result);
      ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      return;
    }
    printRunSummary(runId, loaded.inputs, result, ctx);
    await outputTable(summaryTable(loaded.inputs, result), {}, ctx);
  });
}

export function printRunSummary(runId: number, inputs: PlanningInputs, result: PlanResult, ctx: Ctx): void {
  const late = result.purchases.filter((p) => p.late).length;
  const skus = new Set(result.inventory.map((i) => i.sku)).size;
  ctx.stdout.write(`${words('plan.runSummary', runId, inputs.months[0]!, inputs.months[inputs.months.length - 1]!, inputs.lookback, skus, result.purchases.length, late)}\n`);
  for (const w of result.warnings.slice(0, 20)) say(ctx, words('import.warning', w));
  if (result.warnings.length > 20) say(ctx, words('plan.moreWarnings', result.warnings.length - 20, runId));
}

// ── runs, show, explain ──────────────────────────────────────────────────────


/** `crm plan runs --prune --keep N [--dry-run]`: the N newest runs stay, and every run plan-fact uses. */
async function runPrune(keepText: string | undefined, dryRun: boolean, ctx: Ctx): Promise<void> {
  if (keepText === undefined) throw new UsageError(words('plan.pruneNeedsKeep'));
  const keep = Number(keepText);
  if (!/^\d+$/.test(keepText) || !Number.isSafeInteger(keep)) throw new UsageError(words('expected.option', '--keep', keepText, 'runsToKeep'));
  await withDb(ctx.dbPath, 'write', async (db) => {
    const { removed, kept, operation } = await pruneRuns(db, keep, { argv: ctx.argv, user: ctx.user, startedAt: ctx.now().toISOString() }, dryRun);
    ctx.stdout.write(`${words('plan.pruned', dryRun, removed, kept, keep, operation)}\n`);
  });
}

export async function runRuns(opts: { json?: boolean; prune?: boolean; keep?: string; dryRun?: boolean }, ctx: Ctx): Promise<void> {
  if (opts.keep !== undefined && !opts.prune) throw new UsageError(words('plan.keepNeedsPrune'));
  if (opts.dryRun && !opts.prune) throw new UsageError(words('plan.dryRunNeedsPrune'));
  if (opts.prune) {
    if (opts.json) throw new UsageError(words('plan.jsonAndPrune'));
    return runPrune(opts.keep, Boolean(opts.dryRun), ctx);
  }
  await withDb(ctx.dbPath, 'read', async (db) => {
    const runs = await listRuns(db);
    const table: Table = {
      name: 'runs',
      columns: [
        { key: 'id', header: 'run', kind: 'int' },
        { key: 'from', header: 'from', kind: 'month' },
        { key: 'months', header: 'months', kind: 'int' },
        { key: 'lookback', header: 'lookback', kind: 'int' },
        { key: 'salesVersion', header: 'sales v', kind: 'int' },
        { key: 'stockVersion', header: 'min-stock v', kind: 'int' },
        { key: 'user', header: 'user', kind: 'text' },
        { key: 'createdAt', header: 'created', kind: 'text' },
        { key: 'warnings', header: 'warnings', kind: 'int' },
      ],
      rows: runs.map((r) => ({ ...r, warnings: r.warnings.length })),
    };
    await outputTable(table, { format: opts.json ? 'json' : undefined }, ctx);
  });
}

interface OutputSpec {
  columns: TableColumn[];
  /** Flows: summed when grouping with --by. */
  sums: string[];
  /** The stored row as this output shows it. */
  prepare?: (row: Row) => Row;
  /**
   * Levels (stock at a point in time): never summed over months. Grouped by anything but the
   * month, `opening` is the first month's and the closing levels the last month's.
   */
  levels?: { first: string[]; last: string[] };
  by: string[];
}

const q = (key: string, header = key): TableColumn => ({ key, header, kind: 'number' });
const m = (key: string, header = key): TableColumn => ({ key, header, kind: 'money' });
const t = (key: string, header = key): TableColumn => ({ key, header, kind: 'text' });

export const OUTPUTS: Record<RunOutput, OutputSpec> = {
  demand: { columns: [t('sku'), t('group'), { ...t('month'), kind: 'month' }, m('amount'), q('qty')], sums: ['amount', 'qty'], by: ['sku', 'group', 'month', 'supplier'] },
  inventory: {
    columns: [t('sku'), { ...t('month'), kind: 'month' }, q('opening'), q('scheduled'), q('planned'), q('demand'), q('closing'), q('min_stock'), m('closing_value')],
    sums: ['scheduled', 'planned', 'demand'],
    levels: { first: ['opening'], last: ['closing', 'min_stock', 'closing_value'] },
    by: ['sku', 'group', 'month', 'supplier'],
  },
  purchases: {
    columns: [t('sku'), t('supplier'), { ...t('receipt_month'), kind: 'month' }, { ...t('order_date'), kind: 'date' }, q('qty'), m('amount'), { ...t('late'), kind: 'bool' }],
    sums: ['qty', 'amount', 'late'],
    by: ['sku', 'group', 'month', 'supplier'],
  },
  'supplier-payments': { columns: [t('supplier'), { ...t('month'), kind: 'month' }, t('source'), m('amount')], sums: ['amount'], by: ['supplier', 'month', 'source'] },
  'cash-in': { columns: [{ ...t('month'), kind: 'month' }, t('source'), t('group'), t('client'), m('amount')], sums: ['amount'], by: ['month', 'source', 'group', 'client'] },
  // money in and money out never add up: each in a column of its own, and the net
  'order-cash': {
    columns: [{ ...t('month'), kind: 'month' }, t('direction'), t('document'), t('party'), m('in'), m('out'), m('net')],
    sums: ['in', 'out', 'net'],
    by: ['month', 'direction', 'party'],
    prepare: (r) => {
      const amount = Number(r.amount ?? 0);
      const incoming = r.direction === 'in';
      return { ...r, in: incoming ? amount : 0, out: incoming ? 0 : amount, net: incoming ? amount : -amount };
    },
  },
};

/**
 * One output of a run, whole or grouped by one field. Flows add up; a level (stock) adds
 * up over SKUs within a month but never over months: grouped by anything else it is the
 * level at the start (opening) or at the end of the horizon (closing).
 */
export function groupOutput(what: RunOutput, stored: Row[], by: string | undefined): Table {
  const spec = OUTPUTS[what];
  const rows = spec.prepare ? stored.map(spec.prepare) : stored;
  const levels = spec.levels ?? { first: [], last: [] };
  if (by === undefined) {
    // a whole output has one row per SKU and month: money flows have a total, levels none
    const totals = Object.fromEntries(spec.sums.filter((k) => spec.columns.some((c) => c.key === k && c.kind === 'money')).map((k) => [k, rows.reduce((s, r) => s + Number(r[k] ?? 0), 0)]));
    return { name: what, columns: spec.columns, rows, totals };
  }
  if (!spec.by.includes(by)) throw new UsageError(unknownName('--by', by, spec.by, words('plan.groupedBy', what)));
  const months = rows.map((r) => String(r.month ?? '')).sort();
  const firstMonth = months[0];
  const lastMonth = months[months.length - 1];
  const added = by === 'month' ? [...spec.sums, ...levels.first, ...levels.last] : spec.sums;
  const atFirst = by === 'month' ? [] : levels.first;
  const atLast = by === 'month' ? [] : levels.last;
  const grouped = new Map<string, Row>();
  for (const r of rows) {
    const key = String(r[by] ?? '');
    const g = grouped.get(key) ?? { [by]: r[by] ?? null, ...Object.fromEntries([...added, ...atFirst, ...atLast].map((k) => [k, 0])) };
    for (const k of added) g[k] = Number(g[k]) + Number(r[k] ?? 0);
    if (r.month === firstMonth) for (const k of atFirst) g[k] = Number(g[k]) + Number(r[k] ?? 0);
    if (r.month === lastMonth) for (const k of atLast) g[k] = Number(g[k]) + Number(r[k] ?? 0);
    grouped.set(key, g);
  }
  const byColumn = spec.columns.find((c) => c.key === by) ?? t(by);
  const valueColumns = spec.columns
    .filter((c) => added.includes(c.key) || atFirst.includes(c.key) || atLast.includes(c.key))
    .map((c) => (c.kind === 'bool' ? { ...c, kind: 'int' as const, header: `${c.header} (count)` } : c))
    .map((c) => (atFirst.includes(c.key) ? { ...c, header: `${c.header} (${firstMonth})` } : atLast.includes(c.key) ? { ...c, header: `${c.header} (${lastMonth})` } : c));
  const out = [...grouped.values()].sort((a, b) => (String(a[by]) < String(b[by]) ? -1 : 1));
  // a level has a total only within one month: across the groups of the same month
  const totalled = [...added, ...atFirst, ...atLast].filter((k) => by !== 'month' || (!levels.first.includes(k) && !levels.last.includes(k)));
  return {
    name: `${what} by ${by}`,
    columns: [byColumn, ...valueColumns],
    rows: out,
    totals: Object.fromEntries(totalled.map((k) => [k, out.reduce((s, r) => s + Number(r[k] ?? 0), 0)])),
  };
}

async function outputTableFor(db: Db, run: RunMeta, what: RunOutput, by: string | undefined): Promise<Table> {
  return groupOutput(what, (await runRows(db, run.id, what)) as Row[], by);
}

async function requireRun(db: Db, runText: string): Promise<RunMeta> {
  const id = Number(runText);
  if (!Number.isInteger(id) || id < 1) throw new UsageError(words('expected.option', 'RUN', runText, 'run'));
  const run = await findRun(db, id);
  if (!run) throw new UsageError(words('plan.noSuchRun', id));
  return run;
}

export async function runShow(runText: string, given: { what?: string; by?: string; format?: string; json?: boolean; output?: string }, ctx: Ctx): Promise<void> {
  if (given.json && given.format !== undefined && given.format !== 'json') throw new UsageError(words('plan.jsonAndFormat', given.format));
  const opts = { ...given, format: given.json ? 'json' : given.format };
  if (opts.output !== undefined) {
    checkOutputPath(opts.output, { flag: '-o', database: ctx.dbPath });
    resolveFormat(opts.format, opts.output);
  }
  if (opts.what !== undefined && !Object.hasOwn(OUTPUTS, opts.what)) throw new UsageError(unknownName('--what', opts.what, Object.keys(OUTPUTS)));
  await withDb(ctx.dbPath, 'read', async (db) => {
    const run = await requireRun(db, runText);
    if (opts.what === undefined) {
      // the whole run: one sheet per output
      if (!opts.output || resolveFormat(opts.format, opts.output) !== 'xlsx') {
        throw new UsageError(words('plan.whatNeeded', Object.keys(OUTPUTS).join('|')));
      }
      const { writeXlsxFile } = await import('../io/render/xlsx.js');
      const sheets = [];
      for (const what of Object.keys(OUTPUTS) as RunOutput[]) {
        const table = await outputTableFor(db, run, what, undefined);
        sheets.push({ name: what, columns: table.columns, rows: table.rows, totals: table.totals });
      }
      await writeXlsxFile(opts.output, sheets);
      return;
    }
    const table = await outputTableFor(db, run, opts.what as RunOutput, opts.by);
    await outputTable(table, { format: opts.format, output: opts.output }, ctx);
  });
}

export async function runExplain(runText: string, sku: string, monthText: string | undefined, ctx: Ctx, json = false): Promise<void> {
  const month = monthText !== undefined ? parseMonthOption('MONTH', monthText) : undefined;
  await withDb(ctx.dbPath, 'read', async (db) => {
    const run = await requireRun(db, runText);
    const stored = await runSku(db, run.id, sku);
    if (!stored) throw new UsageError(words('plan.nothingForSku', run.id, sku));
    const { trace, inventory, purchases } = stored;
    if (month !== undefined && !inventory.some((r) => r.month === month)) throw new UsageError(words('plan.monthNotInRun', month, run.id, run.from, run.months));
    if (json) {
      const only = <T extends Record<string, unknown>>(rows: T[], key: string) => (month === undefined ? rows : rows.filter((r) => r[key] === month));
      ctx.stdout.write(`${JSON.stringify({ run: run.id, sku, month: month ?? null, trace, inventory: only(inventory, 'month'), purchases: only(purchases, 'receipt_month') }, null, 2)}\n`);
      return;
    }
    ctx.stdout.write(explainSku(run, trace, inventory, purchases, month));
  });
}
