// `crm demo`: a database with the demo company, loaded through the same import path
// users use, then what to try next.
import fs from 'node:fs';
import os from 'node:os';
import { t } from '../i18n/index.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { say, type Ctx } from '../context.js';
import { checkCrmDatabase, openDb, withDb, type Db } from '../db/connection.js';
import { isEmptyDatabase, replaceServerRows } from '../db/copy.js';
import { isPostgresUrl } from '../db/pg/open.js';
import { RefusedError } from '../errors.js';
import { importWithProgress, summaryLine } from './import.js';

/** Load order: references before the rows that use them. */
export const DEMO_FILES: [entity: string, file: string][] = [
  ['managers', 'managers.csv'],
  ['groups', 'groups.xlsx'],
  ['suppliers', 'suppliers.csv'],
  ['products', 'products.xlsx'],
  ['clients', 'clients.xlsx'],
  ['reasons', 'reasons.csv'],
  ['orders', 'orders.csv'],
  ['shipments', 'shipments-1c.csv'],
  ['payments', 'payments.csv'],
  ['purchases', 'purchases.csv'],
  ['receipts', 'receipts.csv'],
  ['supplier-payments', 'supplier-payments.csv'],
  ['stock', 'stock.csv'],
  ['reservations', 'reservations.csv'],
  ['plan-sales', 'plan-sales.xlsx'],
  ['plan-managers', 'plan-managers.csv'],
  ['plan-min-stock', 'plan-min-stock.xlsx'],
  // the CRM history of the last year (SPEC §9; scripts/crmFixtures.ts)
  ['stages', 'stages.csv'],
  ['deals', 'deals.csv'],
  ['deal-stages', 'deal-stages.csv'],
  ['interactions', 'interactions.csv'],
  ['claim-causes', 'claim-causes.csv'],
  ['claims', 'claims.csv'],
  ['negotiation-templates', 'negotiation-templates.csv'],
  ['negotiations', 'negotiations.csv'],
  ['negotiation-items', 'negotiation-items.csv'],
  // the money side of a deal (SPEC §9, issue 14; scripts/moneyFixtures.mjs)
  ['prices', 'prices.csv'],
  ['clients', 'clients-price-types.csv'],
  ['deliveries', 'deliveries.csv'],
  ['commission-rules', 'commission-rules.csv'],
  ['commission-payments', 'commission-payments.csv'],
];

/** Year to date of the sales plan against shipments, by top-level group (SPEC §6 plan-fact). */
async function printPlanFactSummary(db: Db, ctx: Ctx): Promise<void> {
  const { planFactReport } = await import('../reports/planFact.js');
  const { groupParents } = await import('../db/reportQueries.js');
  const { resolveReportOptions } = await import('../reports/options.js');
  const { outputTable } = await import('../io/render/index.js');
  const opts = resolveReportOptions({ cumulative: true, to: `${ctx.asOf.slice(0, 4)}-12` }, ctx.asOf);
  const { table } = await planFactReport(db, opts);
  const top = new Set((await groupParents(db)).filter((g) => g.parent === null).map((g) => g.code));
  const month = ctx.asOf.slice(0, 7);
  const rows = table.rows.filter((r) => r.section === 'sales' && top.has(String(r.group)) && r.month === month);
  if (rows.length === 0) return;
  ctx.stdout.write(`\nplan-fact, sales ${ctx.asOf.slice(0, 4)} to ${ctx.asOf} (the current month pro rata), by top-level group:\n`);
  await outputTable(
    {
      name: 'plan-fact',
      columns: [
        { key: 'group', header: 'group', kind: 'text' },
        { key: 'ytd_plan', header: 'plan', kind: 'money' },
        { key: 'ytd_fact', header: 'fact', kind: 'money' },
        { key: 'ytd_deviation', header: 'deviation', kind: 'money' },
        { key: 'ytd_pct', header: '%', kind: 'percent' },
        { key: 'remaining', header: 'remaining this year', kind: 'money' },
      ],
      rows,
    },
    {},
    ctx,
  );
}

/** The demo's yearly cost of money (the setting money_rate_pct). */
export const DEMO_MONEY_RATE_PCT = '16';

/** The demo plans the year after its history. */
export const DEMO_PLAN_FROM = '2027-01';

export function fixturesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (fs.existsSync(path.join(dir, 'fixtures', 'managers.csv'))) return path.join(dir, 'fixtures');
    dir = path.dirname(dir);
  }
  throw new Error('the demo fixtures/ folder was not found next to the crm installation');
}

export async function runDemo(opts: { force: boolean }, ctx: Ctx): Promise<void> {
  if (isPostgresUrl(ctx.dbPath) && (await serverHoldsData(ctx.dbPath))) {
    // a server is not a file to delete: the demo is built in a scratch SQLite file, then
    // replaces every row of the server's database in one transaction (users and rights stay)
    if (!opts.force) throw new RefusedError(t('db.demoServerHolds', ctx.dbPath));
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-demo-'));
    try {
      const file = path.join(scratch, 'demo.db');
      await loadDemo(file, ctx);
      await withDb(ctx.dbPath, 'write', async (server) => withDb(file, 'read', async (demo) => replaceServerRows(server, demo)));
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    tryNext(ctx, fixturesDir(), started(ctx));
    return;
  }
  if (fs.existsSync(ctx.dbPath)) {
    checkCrmDatabase(ctx.dbPath); // --force replaces a crm database, never another file
    if (!opts.force) {
      throw new RefusedError(t('demo.exists', ctx.dbPath));
    }
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${ctx.dbPath}${suffix}`, { force: true });
  }
  await loadDemo(ctx.dbPath, ctx);
  tryNext(ctx, fixturesDir(), started(ctx));
}

const startedAt = new WeakMap<Ctx, number>();
const started = (ctx: Ctx) => startedAt.get(ctx) ?? Date.now();

/** Whether `url` holds a crm database with rows in it (an empty or new database does not). */
async function serverHoldsData(url: string): Promise<boolean> {
  let db: Db;
  try {
    db = openDb(url, 'read');
  } catch {
    return false; // no crm schema yet (or no server): the load below says what is wrong
  }
  try {
    return !isEmptyDatabase(db);
  } finally {
    db.close();
  }
}

/** The demo company into `target` (created), with its plan run, printing each step. */
async function loadDemo(target: string, ctx: Ctx): Promise<void> {
  const dir = fixturesDir();
  startedAt.set(ctx, Date.now());
  await withDb(target, 'create', async (db) => {
    for (const [entity, file] of DEMO_FILES) {
      const summary = await importWithProgress(db, { entity, file: path.join(dir, file), note: 'demo' }, ctx);
      if (summary.problems.length > 0) throw new Error(`demo fixture ${file} did not import cleanly: ${summary.problems[0]!.message}`);
      ctx.stdout.write(`${summaryLine(summary).padEnd(78)} ← ${file}\n`);
    }
    // the cost of money of a deal (order-profitability, offer evaluate): 16 % a year
    const { applySetting } = await import('./money.js');
    const op = await applySetting(db, 'money_rate_pct', DEMO_MONEY_RATE_PCT, ctx);
    ctx.stdout.write(`${`settings: money_rate_pct = ${DEMO_MONEY_RATE_PCT}; operation ${op}`.padEnd(78)} ← crm settings set\n`);
    // SPEC §4: plan 2027 from the demo's sales, stock and plans
    const { planAndStore, printRunSummary, summaryTable } = await import('./plan.js');
    const { runId, loaded, result } = await planAndStore(db, { from: DEMO_PLAN_FROM }, ctx);
    ctx.stdout.write('\n');
    printRunSummary(runId, loaded.inputs, result, ctx);
    const { outputTable } = await import('../io/render/index.js');
    await outputTable(summaryTable(loaded.inputs, result), {}, ctx);
    await printPlanFactSummary(db, ctx);
  });
}

function tryNext(ctx: Ctx, dir: string, started: number): void {
  say(ctx, t('demo.ready', ctx.dbPath, ((Date.now() - started) / 1000).toFixed(1)));
  const dbFlag = ctx.dbPath === 'crm.db' ? '' : ` --db ${ctx.dbPath}`;
  say(ctx, `  npx crm${dbFlag} import shipments ${path.relative(process.cwd(), path.join(dir, 'shipments-1c.csv'))} --dry-run   # re-import: all unchanged`);
  say(ctx, `  npx crm${dbFlag} products duplicates                 # suspected duplicate nomenclature`);
  say(ctx, `  npx crm${dbFlag} plan explain 1 A0010 2027-03      # how every number of a SKU was derived`);
  say(ctx, `  npx crm${dbFlag} plan show 1 --what purchases --by supplier`);
  say(ctx, `  npx crm${dbFlag} export clients -o clients.xlsx     # the import format: edit and import back`);
  say(ctx, `  npx crm${dbFlag} report plan-fact --cumulative       # plan against fact, this year`);
  say(ctx, `  npx crm${dbFlag} report funnel                       # deals through each channel's stages, this year`);
  say(ctx, `  npx crm${dbFlag} clients show C001                   # a client's card: balance, contacts, deals, claims`);
  say(ctx, `  npx crm${dbFlag} report list                         # sales, receivables, illiquid stock and more`);
  say(ctx, `  npx crm${dbFlag} offer evaluate ${path.relative(process.cwd(), path.join(dir, 'offer.csv'))} --client C005 --deferral-days 45   # does the deal pay`);
  say(ctx, `  npx crm${dbFlag} report commissions --from 2026-01   # accrued on payment, paid, balances`);
  say(ctx, `  npx crm help formats                               # every import column and alias`);
}
