// `npm run bench [-- import]`: timings of the main jobs on deterministic data, printed as
// a table and saved as JSON under bench/results/. Never asserted in tests.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../src/db/connection.js';
import { sq } from '../src/db/handle.js';
import { loadPlanningInputs } from '../src/db/planInputs.js';
import { runChain } from '../src/planning/chain.js';
import { writeMasterData, writePayments, writeSalesPlan, writeShipmentsCsv, writeShipmentsXlsx, writeStockFiles, type BenchCompany } from './generate.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin', 'crm');
// CRM_BENCH_DATA: where the generated files and the kept 10M database go (default bench/data)
const DATA = process.env.CRM_BENCH_DATA ?? path.join(ROOT, 'bench', 'data');
const RESULTS = path.join(ROOT, 'bench', 'results');

interface Timing {
  job: string;
  rows?: number;
  seconds: number;
  rowsPerSecond?: number;
  peakRssMb?: number;
  /** CPU time of the crm process (user + system): under load it says more than the wall time. */
  cpuSeconds?: number;
  note?: string;
}

/** CPU seconds the whole machine spent (every process: crm, its worker, the PostgreSQL server, and whatever else runs) since boot. */
function machineCpuSeconds(): number {
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const busy = ticks.map(Number).filter((_, i) => i !== 3 && i !== 4); // all but idle and iowait
  return busy.reduce((a, b) => a + b, 0) / 100;
}

function runCrm(args: string[], bin = BIN): { seconds: number; peakRssMb: number; stdout: string; cpuSeconds: number; machineCpuSeconds: number; load: string } {
  const stats = path.join(os.tmpdir(), `crm-bench-${process.pid}.json`);
  const started = process.hrtime.bigint();
  const cpuBefore = machineCpuSeconds();
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, CRM_BENCH_STATS: stats, NO_COLOR: '1' }, maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const machine = machineCpuSeconds() - cpuBefore;
  if (r.status !== 0) throw new Error(`crm ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const { maxRssKb, userCpuMs = 0, systemCpuMs = 0 } = JSON.parse(fs.readFileSync(stats, 'utf8')) as { maxRssKb: number; userCpuMs?: number; systemCpuMs?: number };
  fs.rmSync(stats, { force: true });
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return { seconds, peakRssMb: Math.round(maxRssKb / 1024), stdout: r.stdout, cpuSeconds: (userCpuMs + systemCpuMs) / 1000, machineCpuSeconds: machine, load };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeCommand(cmd: string, args: string[], times: number): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = process.hrtime.bigint();
    spawnSync(cmd, args, { stdio: 'ignore' });
    samples.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return median(samples);
}

async function benchStartup(): Promise<Timing[]> {
  // interleaved rounds, medians: this machine's start-up time wanders by ±30 %
  let bare = 0;
  let help = 0;
  for (let round = 0; round < 3; round++) {
    bare += timeCommand(process.execPath, ['-e', ''], 11) / 3;
    help += timeCommand(process.execPath, [BIN, '--help'], 11) / 3;
  }
  return [
    { job: 'node -e "" (bare start)', seconds: bare },
    { job: 'crm --help', seconds: help, note: `${(help / bare).toFixed(2)}× bare node (target ≤ 1.6×)` },
  ];
}

const SIZE: BenchCompany = { skus: 5000, clients: 500 };

async function benchData() {
  fs.mkdirSync(DATA, { recursive: true });
  const master = writeMasterData(path.join(DATA, 'master'), SIZE);
  const csvFile = path.join(DATA, 'shipments-1m.csv');
  const xlsxFile = path.join(DATA, 'shipments-100k.xlsx');
  if (!fs.existsSync(csvFile)) await writeShipmentsCsv(csvFile, 1_000_000, SIZE);
  if (!fs.existsSync(xlsxFile)) await writeShipmentsXlsx(xlsxFile, 100_000, SIZE);
  return { master, csvFile, xlsxFile };
}

function freshDb(name: string, master: Record<string, string>): string {
  const db = path.join(os.tmpdir(), `crm-bench-${name}-${process.pid}.db`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
  runCrm(['--db', db, 'init']);
  for (const entity of ['managers', 'groups', 'suppliers', 'products', 'clients']) runCrm(['--db', db, 'import', entity, master[entity]!]);
  return db;
}

interface PlanSize {
  company: BenchCompany;
  lines: number;
  /** Issue 16 targets. */
  target: { seconds: number; peakMb?: number };
}

/** SPEC §4 at 5,000 SKUs over 1,000,000 lines; issue 16 at 20,000 SKUs over 2,000,000 and 50,000 over 5,000,000. */
const PLAN_SIZES: PlanSize[] = [
  { company: SIZE, lines: 1_000_000, target: { seconds: 5 } },
  { company: { skus: 20_000, clients: 1000 }, lines: 2_000_000, target: { seconds: 3 } },
  { company: { skus: 50_000, clients: 2000 }, lines: 5_000_000, target: { seconds: 8, peakMb: 1024 } },
];

const count = (n: number) => n.toLocaleString('en-US');

/** Pages in use (the -wal included, free pages not), in MB. */
function usedMb(db: string): number {
  const handle = openDb(db, 'read');
  try {
    const pragma = (name: string) => sq(handle).pragma(name, { simple: true }) as number;
    return ((pragma('page_count') - pragma('freelist_count')) * pragma('page_size')) / 1e6;
  } finally {
    handle.close();
  }
}

/** A company of `size` with `lines` shipment lines, their payments, a sales plan, minimum stock and a count of every SKU. */
async function planCompany(size: PlanSize, from: string): Promise<string> {
  const { company, lines } = size;
  const tag = `${company.skus / 1000}k-${lines / 1_000_000}m`;
  const master = company === SIZE ? (await benchData()).master : writeMasterData(path.join(DATA, `master-${tag}`), company);
  const csvFile = company === SIZE && lines === 1_000_000 ? path.join(DATA, 'shipments-1m.csv') : path.join(DATA, `shipments-${tag}.csv`);
  if (!fs.existsSync(csvFile)) await writeShipmentsCsv(csvFile, lines, company);
  const db = freshDb(`plan-${tag}`, master);
  runCrm(['--db', db, 'import', 'shipments', csvFile]);
  const payments = path.join(DATA, `payments-${tag}.csv`);
  if (!fs.existsSync(payments)) writePayments(payments, lines, company);
  runCrm(['--db', db, 'import', 'payments', payments]);
  const salesPlan = path.join(DATA, 'plan-sales.csv');
  writeSalesPlan(salesPlan, from);
  const dir = path.join(DATA, `stock-${tag}`);
  fs.mkdirSync(dir, { recursive: true });
  const { minStock, stock } = writeStockFiles(dir, company, from, '2021-06-30');
  runCrm(['--db', db, 'import', 'plan-sales', salesPlan]);
  runCrm(['--db', db, 'import', 'plan-min-stock', minStock]);
  runCrm(['--db', db, 'import', 'stock', stock]);
  return db;
}

/** Issue 16: plan runs at 5,000, 20,000 and 50,000 SKUs; the size of a stored run; explain; loading and the pure chain apart. */
async function benchPlan(): Promise<Timing[]> {
  const only = process.argv.find((a) => a.startsWith('--plan-skus='))?.slice('--plan-skus='.length).split(',').map(Number);
  const out: Timing[] = [];
  const from = '2022-01';
  for (const size of PLAN_SIZES.filter((s) => !only || only.includes(s.company.skus))) {
    const db = await planCompany(size, from);
    const what = `${count(size.company.skus)} SKUs × 12 months, ${count(size.lines)} lines`;
    const before = usedMb(db);
    const endToEnd = runCrm(['--db', db, 'plan', 'run', '--from', from]);
    const grown = usedMb(db) - before;
    const target = `target < ${size.target.seconds} s${size.target.peakMb ? ` and < ${size.target.peakMb} MB` : ''}`;
    const stored = `the stored run takes ${grown.toFixed(1)} MB${size.company.skus === 20_000 ? ' (target ≤ 10 MB)' : ''}`;
    out.push({ job: `crm plan run (${what})`, seconds: endToEnd.seconds, cpuSeconds: endToEnd.cpuSeconds, peakRssMb: endToEnd.peakRssMb, note: `${target}; ${stored}` });
    const explain = runCrm(['--db', db, 'plan', 'explain', '1', 'P7']);
    out.push({ job: '  crm plan explain 1 P7', seconds: explain.seconds, cpuSeconds: explain.cpuSeconds, peakRssMb: explain.peakRssMb });
    const show = runCrm(['--db', db, 'plan', 'show', '1', '--what', 'inventory', '--by', 'group']);
    out.push({ job: '  crm plan show 1 --what inventory --by group', seconds: show.seconds, cpuSeconds: show.cpuSeconds, peakRssMb: show.peakRssMb });
    const handle = openDb(db, 'read');
    const loadStart = process.hrtime.bigint();
    const loadCpu = process.cpuUsage();
    const loaded = await loadPlanningInputs(handle, { from, months: 12, lookback: 12 });
    const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9;
    const loadCpuUsed = process.cpuUsage(loadCpu);
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = process.hrtime.bigint();
      runChain(loaded.inputs);
      samples.push(Number(process.hrtime.bigint() - started) / 1e9);
    }
    handle.close();
    // CRM_BENCH_KEEP=1 keeps the company (to profile it), else it goes
    if (process.env.CRM_BENCH_KEEP) process.stderr.write(`bench: kept ${db}\n`);
    else for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
    out.push({ job: '  loading the inputs (in-process)', seconds: loadSeconds, cpuSeconds: (loadCpuUsed.user + loadCpuUsed.system) / 1e6 });
    out.push({ job: '  the pure calculation (median of 3)', seconds: median(samples), note: size.company.skus === 5000 ? 'target < 0.5 s' : '' });
  }
  return out;
}

/** The engine's floor: a year of the month × group aggregate as one statement through better-sqlite3 (median seconds). */
function rawYearAggregate(db: string, times: number): number {
  const handle = openDb(db, 'read');
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = process.hrtime.bigint();
    sq(handle)
      .prepare(
        `SELECT substr(s.date, 1, 7) AS month, g.code, SUM(l.amount), SUM(l.qty), SUM(l.cost), COUNT(DISTINCT s.order_id)
         FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id JOIN products p ON p.id = l.product_id JOIN product_groups g ON g.id = p.group_id
         WHERE s.date >= '2021-01-01' AND s.date <= '2021-12-31' GROUP BY month, g.code`,
      )
      .all();
    samples.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  handle.close();
  return median(samples);
}

const SALES_2021 = ['report', 'sales', '--from', '2021-01', '--to', '2021-12', '--as-of', '2021-12-31'];

/** Median seconds of `crm report sales` for 2021 (CSV to a temp file), `times` runs. */
function timeSalesReport(db: string, times: number): number {
  const out = path.join(os.tmpdir(), `crm-bench-sales-${process.pid}.csv`);
  return median(Array.from({ length: times }, () => runCrm(['--db', db, ...SALES_2021, '-o', out]).seconds));
}

/**
 * Issue 5 target at the seed's scale: a year of 12,000 shipments (~48,000 lines) within 3× a
 * bare `node -e ""`, and again while another process imports a million lines into the same file.
 */
async function benchSalesAtSeedScale(master: Record<string, string>, bigCsv: string): Promise<Timing[]> {
  const file = path.join(DATA, 'shipments-seed-scale.csv');
  // ~4 lines a shipment over 2020–2021: 12,000 shipments a year
  if (!fs.existsSync(file)) await writeShipmentsCsv(file, 96_000, SIZE);
  const db = freshDb('seed-scale', master);
  runCrm(['--db', db, 'import', 'shipments', file]);
  let bare = 0;
  let sales = 0;
  for (let round = 0; round < 3; round++) {
    bare += timeCommand(process.execPath, ['-e', ''], 7) / 3;
    sales += timeSalesReport(db, 7) / 3;
  }
  // a writer holding the file: the million-line import takes 10–15 s, the reads run meanwhile
  const writer = spawn(process.execPath, [BIN, '--db', db, 'import', 'shipments', bigCsv], { stdio: 'ignore' });
  const writerDone = new Promise<number | null>((resolve) => writer.on('exit', resolve));
  let writing = true;
  void writerDone.then(() => (writing = false));
  await new Promise((r) => setTimeout(r, 2000)); // past its start-up, into the transaction
  // pairs, so both share the same load: the import keeps both cores of this machine busy
  const during: number[] = [];
  const bareDuring: number[] = [];
  while (during.length < 7) {
    await new Promise((r) => setImmediate(r)); // let the exit event through
    if (!writing) break;
    bareDuring.push(timeCommand(process.execPath, ['-e', ''], 1));
    during.push(timeSalesReport(db, 1));
  }
  const writerCode = await writerDone;
  if (writerCode !== 0) throw new Error(`the concurrent import failed (${writerCode})`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
  const whileWriting = median(during);
  const bareWhileWriting = median(bareDuring);
  return [
    { job: 'node -e "" (bare start)', seconds: bare },
    { job: 'crm report sales, a year of 12,000 shipments', seconds: sales, note: `${(sales / bare).toFixed(2)}× bare node (target ≤ 3×)` },
    { job: 'node -e "" while another process imports 1,000,000 lines', seconds: bareWhileWriting },
    {
      job: 'crm report sales, 12,000 shipments, during that import',
      seconds: whileWriting,
      note: `${(whileWriting / bareWhileWriting).toFixed(2)}× bare node under the same load (target ≤ 3×); ${(whileWriting / bare).toFixed(2)}× idle bare node; median of ${during.length}`,
    },
  ];
}

/** Every report of the reports suite with its period (the year 2021 of the bench data). */
const REPORT_RUNS: [string, string[]][] = [
  ['plan-fact', ['--from', '2021-01', '--to', '2021-12']],
  ['receivables-turnover', ['--from', '2021-01', '--to', '2021-12']],
  ['stock', ['--date', '2021-12-31']],
  ['illiquid', ['--date', '2021-12-31']],
  ['illiquid-sales', ['--from', '2021-01', '--to', '2021-12']],
  ['low-profit-stock', ['--from', '2021-01', '--to', '2021-12']],
  ['reserve-turnover', ['--from', '2021-01', '--to', '2021-12']],
  ['refusals', ['--from', '2021-01', '--to', '2021-12']],
  ['potential', ['--date', '2021-12-31']],
  ['managers', ['--from', '2021-01', '--to', '2021-12']],
  ['terms', ['--from', '2021-01', '--to', '2021-12']],
  ['delays', ['--from', '2021-01', '--to', '2021-12']],
];

/** Each report once (CSV to a temp file), with its target. */
function timeReports(db: string, lines: string, target: string): Timing[] {
  const out: Timing[] = [];
  for (const [name, args] of REPORT_RUNS) {
    const file = path.join(os.tmpdir(), `crm-bench-${name}.csv`);
    try {
      const run = runCrm(['--db', db, '--as-of', '2021-12-31', 'report', name, ...args, '-o', file]);
      out.push({ job: `crm report ${name} (${lines} lines)`, seconds: run.seconds, peakRssMb: run.peakRssMb, note: target });
    } catch (error) {
      out.push({ job: `crm report ${name} (${lines} lines)`, seconds: NaN, note: `failed: ${(error as Error).message.slice(0, 60)}` });
    }
    fs.rmSync(file, { force: true });
  }
  return out;
}

/** Payments, a stock count of every SKU and the 2021 sales plan: the rest of a bench company. */
function completeCompany(db: string, lines: number, csvTag: string): void {
  const payments = path.join(DATA, `payments-${csvTag}.csv`);
  if (!fs.existsSync(payments)) writePayments(payments, lines, SIZE);
  runCrm(['--db', db, 'import', 'payments', payments]);
  const { stock } = writeStockFiles(DATA, SIZE, '2022-01', '2021-06-30');
  runCrm(['--db', db, 'import', 'stock', stock]);
  const plan2021 = path.join(DATA, 'plan-sales-2021.csv');
  writeSalesPlan(plan2021, '2021-01');
  runCrm(['--db', db, 'import', 'plan-sales', plan2021]);
}

/**
 * Issue 5 target: `crm report sales` for a year on 10,000,000 lines under 1 s; issue 16: every
 * report under 3 s there, and the import of the 10,000,000 lines within 300 MB. The lines come
 * in through `crm import`, so the summaries are the ones every write keeps.
 */
async function benchSales10M(master: Record<string, string>): Promise<Timing[]> {
  const file = path.join(DATA, 'shipments-10m.csv');
  if (!fs.existsSync(file)) await writeShipmentsCsv(file, 10_000_000, SIZE);
  const db = path.join(DATA, 'reports-10m.db');
  const out: Timing[] = [];
  // kept between runs (bench/data is ignored by git): the import alone takes minutes;
  // --fresh-10m builds it again (after a change of what the import writes)
  if (process.argv.includes('--fresh-10m')) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
  if (!fs.existsSync(db)) {
    const building = `${db}.building`;
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(building + suffix, { force: true });
    runCrm(['--db', building, 'init']);
    for (const entity of ['managers', 'groups', 'suppliers', 'products', 'clients']) runCrm(['--db', building, 'import', entity, master[entity]!]);
    const run = runCrm(['--db', building, 'import', 'shipments', file]);
    out.push({
      job: 'import 10,000,000-row CSV (shipments, summaries kept)',
      rows: 10_000_000,
      seconds: run.seconds,
      rowsPerSecond: Math.round(10_000_000 / run.seconds),
      peakRssMb: run.peakRssMb,
      note: 'target ≤ 300 MB peak',
    });
    runCrm(['--db', building, 'db', 'rebuild-summaries', '--check']); // exit 1 would throw: the kept summaries must equal a scan
    completeCompany(building, 10_000_000, '10m');
    fs.renameSync(building, db);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(building + suffix, { force: true });
  } else {
    runCrm(['--db', db, 'init']); // an older schema is migrated forward
  }
  const rebuild = runCrm(['--db', db, 'db', 'rebuild-summaries']);
  const raw = rawYearAggregate(db, 1);
  const sales = timeSalesReport(db, 5);
  out.push(
    { job: 'crm db rebuild-summaries (10,000,000 lines)', seconds: rebuild.seconds, peakRssMb: rebuild.peakRssMb },
    { job: 'raw SQL: a year of month × group over 10,000,000 lines', seconds: raw, note: '5,000,000 lines in the year' },
    { job: 'crm report sales (10,000,000 lines)', seconds: sales, note: `target < 1 s; ${(sales / raw).toFixed(3)}× the raw SQL` },
    ...timeReports(db, '10,000,000', 'target < 3 s'),
  );
  return out;
}

/** SPEC §6 targets: the sales report against the same aggregate as one raw SQL statement; every report under 10 s. */
/** The 1,000,000-line company of the reports suite: shipments, payments, a count of every SKU, the 2021 sales plan. */
async function reportsCompany(): Promise<{ db: string; master: Record<string, string>; csvFile: string }> {
  const { master, csvFile } = await benchData();
  const db = freshDb('reports', master);
  runCrm(['--db', db, 'import', 'shipments', csvFile]);
  const payments = path.join(DATA, 'payments.csv');
  writePayments(payments, 1_000_000, SIZE);
  runCrm(['--db', db, 'import', 'payments', payments]);
  const { stock } = writeStockFiles(DATA, SIZE, '2022-01', '2021-06-30');
  runCrm(['--db', db, 'import', 'stock', stock]);
  const plan2021 = path.join(DATA, 'plan-sales-2021.csv');
  writeSalesPlan(plan2021, '2021-01');
  runCrm(['--db', db, 'import', 'plan-sales', plan2021]);
  return { db, master, csvFile };
}

async function benchReports(): Promise<Timing[]> {
  const { db, master, csvFile } = await reportsCompany();
  const out: Timing[] = [...(await benchSalesAtSeedScale(master, csvFile))];
  const raw = rawYearAggregate(db, 3);
  out.push({ job: 'raw SQL: a year of month × group over 1,000,000 lines', seconds: raw });
  const sales = timeSalesReport(db, 5);
  out.push({ job: 'crm report sales (1,000,000 lines, median of 5)', seconds: sales, note: `${(sales / raw).toFixed(2)}× the raw SQL (target ≤ 1.5×)` });
  out.push(...timeReports(db, '1,000,000', 'target < 1 s'));
  out.push(...benchCrm(db));
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
  if (!process.argv.includes('--no-10m')) out.push(...(await benchSales10M(master)));
  return out;
}

/**
 * Issue 13 targets on the 1,000,000-line company: the funnel over 100,000 deals with 500,000
 * stage events < 1 s; the client card < 0.3 s. The CRM history goes in through `crm import`.
 */
function benchCrm(db: string): Timing[] {
  const dir = path.join(DATA, 'crm');
  fs.mkdirSync(dir, { recursive: true });
  const channels = ['direct', 'dealers', 'tenders'];
  const stages = ['channel,stage,position,outcome', ...channels.flatMap((c) => [1, 2, 3, 4, 5].map((p) => `${c},s${p},${p},open`).concat([`${c},won,,won`, `${c},lost,,lost`]))];
  fs.writeFileSync(path.join(dir, 'stages.csv'), `${stages.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'reasons.csv'), 'code,name\nBR1,Дорого\n');
  const day = (n: number) => new Date(Date.UTC(2021, 0, 1 + n)).toISOString().slice(0, 10);
  let x = 13;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const deals = ['deal_no,date,client_code,channel,amount'];
  const moves = ['deal_no,date,stage,reason'];
  for (let i = 0; i < 100_000; i++) {
    const start = Math.floor(rnd() * 330);
    deals.push(`BD${i},${day(start)},C${i % SIZE.clients},${channels[i % 3]},${1000 + (i % 97) * 100}`);
    let n = start;
    let pos = 1;
    for (let k = 0; k < 5; k++) {
      n += 1 + Math.floor(rnd() * 6);
      if (k === 4) moves.push(`BD${i},${day(n)},${rnd() < 0.5 ? 'won' : 'lost'},BR1`);
      else if (rnd() < 0.15 && pos > 1) moves.push(`BD${i},${day(n)},s${--pos},BR1`);
      else moves.push(`BD${i},${day(n)},s${(pos = Math.min(5, pos + 1))},`);
    }
  }
  fs.writeFileSync(path.join(dir, 'deals.csv'), `${deals.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'deal-stages.csv'), `${moves.join('\n')}\n`);
  const out: Timing[] = [];
  for (const [entity, file] of [['reasons', 'reasons.csv'], ['stages', 'stages.csv'], ['deals', 'deals.csv'], ['deal-stages', 'deal-stages.csv']]) {
    const run = runCrm(['--db', db, 'import', entity!, path.join(dir, file!)]);
    if (entity === 'deal-stages') out.push({ job: 'import 500,000 deal stage changes', rows: 500_000, seconds: run.seconds, rowsPerSecond: Math.round(500_000 / run.seconds), peakRssMb: run.peakRssMb });
  }
  const funnel = median([0, 1, 2].map(() => runCrm(['--db', db, '--as-of', '2021-12-31', 'report', 'funnel', '--from', '2021-01', '--to', '2021-12', '--format', 'json']).seconds));
  out.push({ job: 'crm report funnel (100,000 deals, 500,000 stage events)', seconds: funnel, note: 'target < 1 s' });
  const card = median([0, 1, 2, 3, 4].map(() => runCrm(['--db', db, '--as-of', '2021-12-31', 'clients', 'show', 'C7', '--json']).seconds));
  out.push({ job: 'crm clients show (the card, 1,000,000-line company)', seconds: card, note: 'target < 0.3 s' });
  return out;
}

async function benchImport(): Promise<Timing[]> {
  const { master, csvFile, xlsxFile } = await benchData();
  const out: Timing[] = [];
  for (const [label, file, rows] of [
    ['import 1,000,000-row CSV (shipments)', csvFile, 1_000_000],
    ['import 100,000-row xlsx (shipments)', xlsxFile, 100_000],
  ] as const) {
    const db = freshDb('import', master);
    const run = runCrm(['--db', db, 'import', 'shipments', file]);
    out.push({ job: label, rows, seconds: run.seconds, rowsPerSecond: Math.round(rows / run.seconds), peakRssMb: run.peakRssMb });
    const again = runCrm(['--db', db, 'import', 'shipments', file]);
    out.push({ job: `${label}, again (all unchanged)`, rows, seconds: again.seconds, rowsPerSecond: Math.round(rows / again.seconds), peakRssMb: again.peakRssMb });
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
  }
  return out;
}

/**
 * SPEC §8 bulk load: the million-line CSV into a PostgreSQL server (COPY in batches, journal
 * and summaries kept), again (all unchanged), its undo; `crm demo` on the server and on a
 * file. The server: $CRM_BENCH_PG (a URL of a database whose user may create databases),
 * else the local one; the bench's databases are named copy_bench_*. CPU: crm's own process
 * (with its PostgreSQL worker thread), and the whole machine's (the server's backend and
 * anything else running) with the load average at the end, as this machine is shared.
 */
async function benchImportPg(): Promise<Timing[]> {
  const { master, csvFile } = await benchData();
  const admin = process.env.CRM_BENCH_PG ?? 'postgres:///postgres';
  const { default: pg } = await import('pg');
  const { clientConfig } = await import('../src/db/pg/config.js');
  const fresh = async (name: string) => {
    const client = new pg.Client(clientConfig(admin));
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const cpu = (run: ReturnType<typeof runCrm>) => `crm CPU ${run.cpuSeconds.toFixed(1)} s, machine CPU ${run.machineCpuSeconds.toFixed(1)} s, load ${run.load}`;
  const out: Timing[] = [];
  const db = await fresh('copy_bench_import');
  runCrm(['--db', db, 'init']);
  for (const entity of ['managers', 'groups', 'suppliers', 'products', 'clients']) runCrm(['--db', db, 'import', entity, master[entity]!]);
  const rows = 1_000_000;
  const run = runCrm(['--db', db, 'import', 'shipments', csvFile]);
  out.push({ job: 'PostgreSQL: import 1,000,000-row CSV (shipments, COPY, journal and summaries kept)', rows, seconds: run.seconds, rowsPerSecond: Math.round(rows / run.seconds), peakRssMb: run.peakRssMb, note: `target ≥ 50,000 rows/s; ${cpu(run)}` });
  const again = runCrm(['--db', db, 'import', 'shipments', csvFile]);
  out.push({ job: 'PostgreSQL: the same file again (all unchanged)', rows, seconds: again.seconds, rowsPerSecond: Math.round(rows / again.seconds), peakRssMb: again.peakRssMb, note: cpu(again) });
  const op = /operation (\d+)/.exec(run.stdout)?.[1];
  if (op) {
    const undo = runCrm(['--db', db, 'undo', op]);
    out.push({ job: 'PostgreSQL: undo of that import', rows, seconds: undo.seconds, peakRssMb: undo.peakRssMb, note: cpu(undo) });
  }
  const demoPg = runCrm(['--db', await fresh('copy_bench_demo'), 'demo']);
  out.push({ job: 'PostgreSQL: crm demo', seconds: demoPg.seconds, peakRssMb: demoPg.peakRssMb, note: `was ~70 s row by row; ${cpu(demoPg)}` });
  const demoFile = path.join(os.tmpdir(), `crm-bench-demo-${process.pid}.db`);
  const demoLite = runCrm(['--db', demoFile, 'demo']);
  out.push({ job: 'SQLite: crm demo', seconds: demoLite.seconds, peakRssMb: demoLite.peakRssMb, note: cpu(demoLite) });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(demoFile + suffix, { force: true });
  return out;
}

/** The machine's share of a run: crm's own CPU, the whole machine's (crm, its worker, the server, the others) and the load. */
const cpuNote = (run: { cpuSeconds: number; machineCpuSeconds: number; load: string; serverCpuSeconds?: number }) =>
  `crm CPU ${run.cpuSeconds.toFixed(2)} s${run.serverCpuSeconds !== undefined ? `, server CPU ${run.serverCpuSeconds.toFixed(2)} s` : ''}, machine CPU ${run.machineCpuSeconds.toFixed(1)} s, load ${run.load}`;

type CrmRun = ReturnType<typeof runCrm> & { serverCpuSeconds?: number };

/**
 * runCrm with the CPU seconds of the PostgreSQL server's backends of `database` (sampled from
 * /proc by bench/serverCpu.mjs: the server runs on this machine) — with crm's own CPU, the
 * cost of one command whatever else the machine runs.
 */
async function runCrmServer(args: string[], database: string): Promise<CrmRun> {
  const out = path.join(os.tmpdir(), `crm-bench-server-${process.pid}.json`);
  for (const f of [out, `${out}.ready`]) fs.rmSync(f, { force: true });
  const sampler = spawn(process.execPath, [path.join(ROOT, 'bench', 'serverCpu.mjs'), database, out], { stdio: 'ignore' });
  const exited = new Promise((resolve) => sampler.on('exit', resolve));
  while (!fs.existsSync(`${out}.ready`)) await new Promise((r) => setTimeout(r, 10));
  try {
    const run = runCrm(args);
    sampler.kill('SIGTERM');
    await exited;
    return { ...run, serverCpuSeconds: (JSON.parse(fs.readFileSync(out, 'utf8')) as { seconds: number }).seconds };
  } finally {
    sampler.kill('SIGTERM');
    for (const f of [out, `${out}.ready`]) fs.rmSync(f, { force: true });
  }
}

/** The median run of several (by wall time), with the medians of crm's and the machine's CPU. */
function medianOf(runs: CrmRun[]): CrmRun {
  const mid = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!;
  const server = runs.every((r) => r.serverCpuSeconds !== undefined) ? { serverCpuSeconds: median(runs.map((r) => r.serverCpuSeconds!)) } : {};
  return { ...mid, seconds: median(runs.map((r) => r.seconds)), cpuSeconds: median(runs.map((r) => r.cpuSeconds)), machineCpuSeconds: median(runs.map((r) => r.machineCpuSeconds)), ...server };
}

/** A PostgreSQL database made afresh on the server of `admin` (its logins and groups dropped first); its URL. */
async function freshPgDatabase(admin: string, name: string, logins: string[] = []): Promise<string> {
  const { default: pg } = await import('pg');
  const { clientConfig } = await import('../src/db/pg/config.js');
  const client = new pg.Client(clientConfig(admin));
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  for (const role of [...logins, ...['admin', 'analyst', 'manager', 'warehouse'].map((r) => `${name}_${r}`)]) await client.query(`DROP ROLE IF EXISTS "${role}"`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Issue 12 "Proof": the same 1,000,000-line company (the plan suite's: shipments, payments, a
 * sales plan, minimum stock, a count) on SQLite and, by `crm db copy`, on PostgreSQL; the
 * sales report for 2021 (≤ 2× SQLite), a plan run (≤ 1.5× SQLite), and the sales report of a
 * manager against an admin's, both users added by `crm users add` (the cost of row-level
 * security). The runs alternate (SQLite, PostgreSQL, …) and the medians are compared, so both
 * sides share the same load on this shared machine; `--pg-rounds=N` (default 5). The SQLite
 * file is kept as $CRM_BENCH_DATA/pg-company.db (`--fresh-pg` builds it again); the server's
 * database (h12_bench_pg) is copied afresh each time.
 */
async function benchPg(): Promise<Timing[]> {
  const admin = process.env.CRM_BENCH_PG ?? 'postgres:///postgres';
  const rounds = Number(process.argv.find((a) => a.startsWith('--pg-rounds='))?.slice('--pg-rounds='.length) ?? 5);
  const from = '2022-01';
  const kept = path.join(DATA, 'pg-company.db');
  if (process.argv.includes('--fresh-pg')) fs.rmSync(kept, { force: true });
  if (!fs.existsSync(kept)) {
    const built = await planCompany(PLAN_SIZES[0]!, from);
    runCrm(['--db', built, 'plan', 'run', '--from', from]); // a stored run before the copy, as a company has
    fs.copyFileSync(built, kept);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(built + suffix, { force: true });
  }
  // a working copy: the plan runs below store runs, the kept file stays as it was
  const lite = path.join(os.tmpdir(), `crm-bench-pg-lite-${process.pid}.db`);
  fs.copyFileSync(kept, lite);
  const name = 'h12_bench_pg';
  const logins = { admin: `${name}_u_admin`, manager: `${name}_u_manager` };
  const server = await freshPgDatabase(admin, name, Object.values(logins));
  const out: Timing[] = [];
  const copy = runCrm(['db', 'copy', lite, server]);
  out.push({ job: 'crm db copy of the 1,000,000-line company to PostgreSQL', rows: 1_000_000, seconds: copy.seconds, cpuSeconds: copy.cpuSeconds, peakRssMb: copy.peakRssMb, note: cpuNote(copy) });
  const password = 'pw-bench-Секрет';
  const urlOf = (login: string) => {
    const base = new URL(server);
    const u = new URL(`postgres://${base.hostname || 'localhost'}${base.port ? `:${base.port}` : ''}/${name}`);
    u.username = login;
    u.password = password;
    return u.toString();
  };
  for (const [role, login] of Object.entries(logins)) {
    const args = ['--db', server, 'users', 'add', login, '--role', role, ...(role === 'manager' ? ['--manager', 'M1'] : []), '--password-stdin'];
    const r = spawnSync(process.execPath, [BIN, ...args], { input: `${password}\n`, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    if (r.status !== 0) throw new Error(`crm users add ${login} failed (${r.status}): ${r.stderr}`);
  }
  const report = async (db: string, tag: string) => {
    const file = path.join(os.tmpdir(), `crm-bench-pg-${tag}-${process.pid}.csv`);
    const args = ['--db', db, ...SALES_2021, '-o', file];
    return { run: db === lite ? runCrm(args) : await runCrmServer(args, name), file };
  };
  const runs = { lite: [] as CrmRun[], pg: [] as CrmRun[], admin: [] as CrmRun[], manager: [] as CrmRun[], litePlan: [] as CrmRun[], pgPlan: [] as CrmRun[] };
  let same: boolean | undefined;
  let managerRows = 0;
  for (let round = 0; round < rounds; round++) {
    process.stderr.write(`bench: pg round ${round + 1} of ${rounds}\n`);
    // alternate which side goes first: neither always runs on the warmer cache
    const sides = round % 2 === 0 ? (['lite', 'pg'] as const) : (['pg', 'lite'] as const);
    for (const side of sides) {
      const r = await report(side === 'lite' ? lite : server, side);
      runs[side].push(r.run);
    }
    if (same === undefined) {
      same = fs.readFileSync(path.join(os.tmpdir(), `crm-bench-pg-lite-${process.pid}.csv`), 'utf8') === fs.readFileSync(path.join(os.tmpdir(), `crm-bench-pg-pg-${process.pid}.csv`), 'utf8');
    }
    for (const who of round % 2 === 0 ? (['admin', 'manager'] as const) : (['manager', 'admin'] as const)) {
      const r = await report(urlOf(logins[who]), who);
      runs[who].push(r.run);
      if (who === 'manager') managerRows = fs.readFileSync(r.file, 'utf8').split('\n').filter(Boolean).length - 1;
    }
    for (const side of sides) {
      const args = ['--db', side === 'lite' ? lite : server, 'plan', 'run', '--from', from];
      const run = side === 'lite' ? runCrm(args) : await runCrmServer(args, name);
      runs[side === 'lite' ? 'litePlan' : 'pgPlan'].push(run);
    }
  }
  const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, medianOf(v)])) as Record<keyof typeof runs, CrmRun>;
  // CPU: crm's and the server's on PostgreSQL against crm's alone on SQLite (the engine is in crm's process there)
  const cpuOf = (r: CrmRun) => r.cpuSeconds + (r.serverCpuSeconds ?? 0);
  const ratio = (a: CrmRun, b: CrmRun) => `${(a.seconds / b.seconds).toFixed(2)}× wall, ${(cpuOf(a) / cpuOf(b)).toFixed(2)}× CPU (crm + server)`;
  const row = (job: string, run: CrmRun, note: string): Timing => ({ job: `${job} (median of ${rounds})`, seconds: run.seconds, cpuSeconds: run.cpuSeconds, peakRssMb: run.peakRssMb, note: `${note}${note ? '; ' : ''}${cpuNote(run)}` });
  out.push(
    row('SQLite: crm report sales 2021 (1,000,000 lines)', m.lite, ''),
    row('PostgreSQL: the same report (owner)', m.pg, `${ratio(m.pg, m.lite)} SQLite (target ≤ 2×); ${same ? 'the same CSV' : 'THE CSV DIFFERS from SQLite'}`),
    row('SQLite: crm plan run (5,000 SKUs × 12 months)', m.litePlan, ''),
    row('PostgreSQL: the same plan run', m.pgPlan, `${ratio(m.pgPlan, m.litePlan)} SQLite (target ≤ 1.5×)`),
    row('PostgreSQL: the sales report as an admin user (crm users add)', m.admin, ''),
    row('PostgreSQL: the sales report as a manager user (row-level security, manager M1)', m.manager, `${ratio(m.manager, m.admin)} the admin's; ${managerRows} rows`),
  );
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(lite + suffix, { force: true });
  return out;
}

/** The last commit before the journal (issue 11): the same import without journaling, for the overhead. */
const BEFORE_JOURNAL = '83f8b0a';

/** crm as of `commit`, built in a scratch worktree (the node_modules of this checkout). */
function builtAt(commit: string): string {
  const dir = path.join(os.tmpdir(), `crm-bench-${commit}`);
  if (!fs.existsSync(path.join(dir, 'dist', 'cli.js'))) {
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT, stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
    const add = spawnSync('git', ['worktree', 'add', '--detach', dir, commit], { cwd: ROOT, encoding: 'utf8' });
    if (add.status !== 0) throw new Error(`git worktree add ${commit}: ${add.stderr}`);
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build of ${commit}: ${build.stderr}`);
  }
  return path.join(dir, 'bin', 'crm');
}

const fileMb = (db: string) => ['', '-wal'].reduce((sum, suffix) => sum + (fs.existsSync(db + suffix) ? fs.statSync(db + suffix).size : 0), 0) / 1e6;

/**
 * SPEC §7 targets: journaling costs ≤ 20 % of import throughput and ≤ 10 % of database size on
 * an insert-only million-line import; its undo takes less time than the import did.
 */
async function benchSafety(): Promise<Timing[]> {
  const { master, csvFile } = await benchData();
  const rows = 1_000_000;
  const out: Timing[] = [];
  // without the journal: crm as it was just before it, on a database of its own schema
  const before = builtAt(BEFORE_JOURNAL);
  const plainDb = path.join(os.tmpdir(), `crm-bench-plain-${process.pid}.db`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(plainDb + suffix, { force: true });
  runCrm(['--db', plainDb, 'init'], before);
  for (const entity of ['managers', 'groups', 'suppliers', 'products', 'clients']) runCrm(['--db', plainDb, 'import', entity, master[entity]!], before);
  const plain = runCrm(['--db', plainDb, 'import', 'shipments', csvFile], before);
  const plainMb = fileMb(plainDb);
  out.push({ job: `import 1,000,000 lines without a journal (crm ${BEFORE_JOURNAL})`, rows, seconds: plain.seconds, rowsPerSecond: Math.round(rows / plain.seconds), peakRssMb: plain.peakRssMb, note: `${plainMb.toFixed(1)} MB` });

  const db = freshDb('safety', master);
  const journaled = runCrm(['--db', db, 'import', 'shipments', csvFile]);
  const journaledMb = fileMb(db);
  const slower = (journaled.seconds / plain.seconds - 1) * 100;
  const larger = (journaledMb / plainMb - 1) * 100;
  out.push({
    job: 'import 1,000,000 lines with the journal',
    rows,
    seconds: journaled.seconds,
    rowsPerSecond: Math.round(rows / journaled.seconds),
    peakRssMb: journaled.peakRssMb,
    note: `${journaledMb.toFixed(1)} MB; ${slower.toFixed(1)} % time, ${larger.toFixed(1)} % size (targets ≤ 20 %, ≤ 10 %)`,
  });
  const op = /operation (\d+)/.exec(journaled.stdout)?.[1];
  if (!op) throw new Error(`the import named no operation: ${journaled.stdout}`);
  const undo = runCrm(['--db', db, 'undo', op]);
  out.push({ job: 'undo of that import', rows, seconds: undo.seconds, peakRssMb: undo.peakRssMb, note: `${(undo.seconds / journaled.seconds).toFixed(2)}× the import (target < 1×)` });
  const redo = /as operation (\d+)/.exec(undo.stdout)?.[1];
  const again = runCrm(['--db', db, 'undo', redo!]);
  out.push({ job: 'undo of the undo (the import back)', rows, seconds: again.seconds, peakRssMb: again.peakRssMb, note: `${fileMb(db).toFixed(1)} MB after` });
  for (const file of [db, plainDb]) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  return out;
}

/**
 * Issue 11: `crm backup` of the 1,000,000-line database, idle and while another process
 * imports a second million lines into it; `crm restore` of that backup and `crm db check`.
 */
async function benchBackup(): Promise<Timing[]> {
  const { master, csvFile } = await benchData();
  const secondCsv = path.join(DATA, 'shipments-1m-second.csv');
  if (!fs.existsSync(secondCsv)) await writeShipmentsCsv(secondCsv, 1_000_000, SIZE, 'W'); // other document numbers: all new
  const db = freshDb('backup', master);
  runCrm(['--db', db, 'import', 'shipments', csvFile]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-backups-'));
  const mb = (file: string) => `${Math.round(fs.statSync(file).size / 2 ** 20)} MB`;
  const idleFile = path.join(dir, 'idle.db');
  const idle = runCrm(['--db', db, 'backup', idleFile]);
  const check = runCrm(['--db', db, 'db', 'check']);

  // the writer: a second million lines, one transaction of 10–15 s
  const writer = spawn(process.execPath, [BIN, '--db', db, 'import', 'shipments', secondCsv], { stdio: 'ignore' });
  let writing = true;
  const writerDone = new Promise<number | null>((resolve) => writer.on('exit', (code) => ((writing = false), resolve(code))));
  while (!fs.existsSync(`${db}-wal`)) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 3000)); // past its start-up and parsing, into the transaction
  const duringFile = path.join(dir, 'during.db');
  const during = runCrm(['--db', db, 'backup', duringFile]);
  await new Promise((r) => setTimeout(r, 50)); // let the writer's exit event through, if it came
  const stillWriting = writing;
  if ((await writerDone) !== 0) throw new Error('the concurrent import failed');
  const held = (JSON.parse(fs.readFileSync(`${duringFile}.manifest.json`, 'utf8')) as { tables: Record<string, number> }).tables.shipment_lines;

  const target = path.join(dir, 'target.db');
  runCrm(['--db', target, 'init']);
  const restore = runCrm(['--db', target, 'restore', idleFile]);
  const out: Timing[] = [
    { job: 'crm backup, 1,000,000-line database', rows: 1_000_000, seconds: idle.seconds, peakRssMb: idle.peakRssMb, note: `${mb(idleFile)} backup, verified (integrity, foreign keys, counts) and hashed` },
    {
      job: 'crm backup, 1,000,000-line database, while another process imports 1,000,000 lines',
      rows: 1_000_000,
      seconds: during.seconds,
      peakRssMb: during.peakRssMb,
      note: `the import ${stillWriting ? 'was still running when the backup finished' : 'had finished first (no overlap!)'}; the backup holds ${held?.toLocaleString('en-US')} lines (before the import)`,
    },
    { job: 'crm restore of that backup into an empty database', rows: 1_000_000, seconds: restore.seconds, peakRssMb: restore.peakRssMb, note: 'copy, verify, keep the replaced database, replace every row in one transaction' },
    { job: 'crm db check, 1,000,000-line database', rows: 1_000_000, seconds: check.seconds, peakRssMb: check.peakRssMb, note: 'integrity, foreign keys, summaries against a full scan, journal' },
  ];
  fs.rmSync(dir, { recursive: true, force: true });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
  return out;
}

function table(rows: Timing[]): string {
  const header = ['job', 'rows', 'seconds', 'CPU s', 'rows/s', 'peak RSS MB', 'note'];
  const body = rows.map((r) => [
    r.job,
    r.rows?.toLocaleString('en-US') ?? '',
    r.seconds.toFixed(3),
    r.cpuSeconds?.toFixed(3) ?? '',
    r.rowsPerSecond?.toLocaleString('en-US') ?? '',
    r.peakRssMb?.toString() ?? '',
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** The reports of the illiquid family (median of 3 each, with CPU time). */
function timeIlliquidFamily(db: string, lines: string, target: string): Timing[] {
  const out: Timing[] = [];
  for (const [name, args] of REPORT_RUNS.filter(([n]) => ['illiquid', 'illiquid-sales', 'low-profit-stock'].includes(n))) {
    const file = path.join(os.tmpdir(), `crm-bench-${name}.csv`);
    const runs = [0, 1, 2].map(() => runCrm(['--db', db, '--as-of', '2021-12-31', 'report', name, ...args, '-o', file]));
    fs.rmSync(file, { force: true });
    const mid = runs.sort((a, b) => a.seconds - b.seconds)[1]!;
    out.push({ job: `crm report ${name} (${lines} lines, median of 3)`, seconds: mid.seconds, cpuSeconds: mid.cpuSeconds, peakRssMb: mid.peakRssMb, note: target });
  }
  return out;
}

/**
 * Issue 16: the illiquid family on the 1,000,000-line company (< 1 s each), and on the kept
 * 10,000,000-line database when it is there (< 3 s); `crm db check` there too.
 */
async function benchIlliquid(): Promise<Timing[]> {
  const { db } = await reportsCompany();
  const out = timeIlliquidFamily(db, '1,000,000', 'target < 1 s');
  const check = runCrm(['--db', db, 'db', 'check']);
  out.push({ job: 'crm db check (1,000,000 lines: summaries and product facts against a full scan)', seconds: check.seconds, cpuSeconds: check.cpuSeconds, peakRssMb: check.peakRssMb });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
  const big = path.join(DATA, 'reports-10m.db');
  if (fs.existsSync(big) && !process.argv.includes('--no-10m')) {
    runCrm(['--db', big, 'init']); // an older schema is migrated forward (the facts computed)
    out.push(...timeIlliquidFamily(big, '10,000,000', 'target < 3 s'));
  }
  return out;
}

/**
 * Issue 16: a fresh import of 10,000,000 lines (≤ 300 MB peak), the summaries and facts it kept
 * checked against a full scan; the company completed and kept as bench data/reports-10m.db;
 * the illiquid family on it (< 3 s).
 */
async function benchImport10M(): Promise<Timing[]> {
  const { master } = await benchData();
  const file = path.join(DATA, 'shipments-10m.csv');
  if (!fs.existsSync(file)) await writeShipmentsCsv(file, 10_000_000, SIZE);
  const db = path.join(DATA, 'reports-10m.db');
  const building = `${db}.building`;
  for (const f of [db, building]) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(f + suffix, { force: true });
  runCrm(['--db', building, 'init']);
  for (const entity of ['managers', 'groups', 'suppliers', 'products', 'clients']) runCrm(['--db', building, 'import', entity, master[entity]!]);
  const run = runCrm(['--db', building, 'import', 'shipments', file]);
  const out: Timing[] = [
    {
      job: 'import 10,000,000-row CSV (shipments; summaries and per-SKU facts kept)',
      rows: 10_000_000,
      seconds: run.seconds,
      cpuSeconds: run.cpuSeconds,
      rowsPerSecond: Math.round(10_000_000 / run.seconds),
      peakRssMb: run.peakRssMb,
      note: 'target ≤ 300 MB peak',
    },
  ];
  runCrm(['--db', building, 'db', 'rebuild-summaries', '--check']); // exit 1 would throw: what the import kept must equal a scan
  completeCompany(building, 10_000_000, '10m');
  fs.renameSync(building, db);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(building + suffix, { force: true });
  out.push(...timeIlliquidFamily(db, '10,000,000', 'target < 3 s'));
  return out;
}

const suites: Record<string, () => Promise<Timing[]>> = { illiquid: benchIlliquid, import10m: benchImport10M, startup: benchStartup, import: benchImport, 'import-pg': benchImportPg, pg: benchPg, plan: benchPlan, reports: benchReports, safety: benchSafety, backup: benchBackup };
const wanted = process.argv.slice(2).filter((a) => a in suites);
const results: Timing[] = [];
const loadBefore = os.loadavg().map((l) => Number(l.toFixed(2)));
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  process.stderr.write(`bench: ${name}…\n`);
  results.push(...(await suites[name]!()));
}
console.log(table(results));
fs.mkdirSync(RESULTS, { recursive: true });
// one file per suite set, overwritten: its history is the git history
const file = path.join(RESULTS, `${wanted.join('-') || 'all'}.json`);
// the machine is shared: the load average before and after says how comparable the timings are
const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
const meta = { date: new Date().toISOString(), command, node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: { before: loadBefore, after: os.loadavg().map((l) => Number(l.toFixed(2))) } };
fs.writeFileSync(file, `${JSON.stringify({ ...meta, results }, null, 2)}\n`);
console.log(`saved ${path.relative(ROOT, file)}`);
